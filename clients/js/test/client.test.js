// Unit tests of daisi-ws.js against a fake WebSocket and fake timers: no network, no sleeping.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { DaisiSocket, reconnectDelay, SeenSeqs, RECONNECT_CODES } from '../daisi-ws.js';
import { FakeWebSocket, FakeTimers, settle } from './fakes.js';

let timers;
beforeEach(() => {
  FakeWebSocket.reset();
  timers = new FakeTimers();
});

/** A socket on fakes; `tokens` are handed out in turn by getToken (the last one repeats). */
function makeSocket({ tokens = ['t1'], random = () => 0.5, ...rest } = {}) {
  const calls = { getToken: 0 };
  const log = [];
  const socket = new DaisiSocket({
    url: 'ws://gw.test/ws/c1/a1',
    apiKey: 'key-1',
    getToken: async () => tokens[Math.min(calls.getToken++, tokens.length - 1)],
    WebSocket: FakeWebSocket,
    random,
    setTimeout: timers.setTimeout,
    clearTimeout: timers.clearTimeout,
    ...rest,
  });
  socket.on('ready', () => log.push(['ready']));
  socket.on('event', (payload, seq) => log.push(['event', payload.event_id, seq]));
  socket.on('error', (body) => log.push(['error', body.code]));
  socket.on('close', (info) => log.push(['close', info.code, info.willReconnect]));
  return { socket, calls, log };
}

/** Lets the pending connect run and returns its fake socket, opened. */
async function nextSocket() {
  await settle();
  const ws = FakeWebSocket.last();
  ws.open();
  return ws;
}

const event = (seq, id = `e${seq}`) => ({ type: 'event', seq, payload: { event_id: id } });

test('backoff: full jitter in [0, min(10 s, 0.5 s * 2^attempt))', () => {
  const ceilings = [500, 1000, 2000, 4000, 8000, 10000, 10000, 10000];
  ceilings.forEach((ceiling, attempt) => {
    assert.equal(reconnectDelay(attempt, 1006, () => 0), 0);
    assert.equal(reconnectDelay(attempt, 1006, () => 0.999999), ceiling - 1);
    assert.equal(reconnectDelay(attempt, 1006, () => 0.5), ceiling / 2);
  });
  assert.equal(reconnectDelay(1000, 1006, () => 0.5), 5000, 'huge attempt counts stay at the cap');
});

test('backoff: after 4429 the delay is at least 5 s', () => {
  assert.equal(reconnectDelay(0, 4429, () => 0), 5000);
  assert.equal(reconnectDelay(10, 4429, () => 0.9), 9000);
});

test('backoff: a socket waits the jittered delays, growing per failure and reset by ready', async () => {
  const random = [0.5, 0.25, 1 - 1e-9, 0.5];
  const { socket } = makeSocket({ random: () => random.shift() ?? 0.5 });
  const delays = [];
  socket.on('close', (info) => delays.push(info.delay));
  for (let i = 0; i < 3; i++) {
    const ws = await nextSocket();
    ws.serverClose(1006);
    await settle();
    timers.runNext();
  }
  assert.deepEqual(delays, [250, 250, 1999]);
  const ws = await nextSocket();
  ws.receive({ type: 'ready' });
  ws.serverClose(1001);
  await settle();
  assert.equal(delays.at(-1), 250, 'ready resets the attempt count');
  assert.equal(timers.pending.values().next().value.ms, 250, 'the timer waits that long');
  socket.close();
});

test('a handshake that fails with an error event and no close event counts as a 1006 close', async () => {
  const { socket, log } = makeSocket();
  await settle();
  const ws = FakeWebSocket.last();
  ws.onerror({});
  assert.deepEqual(log.at(-1), ['close', 1006, true]);
  assert.equal(timers.count, 1, 'only the backoff timer is left');
  ws.serverClose(1006); // a late close event of the abandoned socket changes nothing
  await settle();
  assert.equal(log.filter(([k]) => k === 'close').length, 1);
  timers.runNext();
  await nextSocket();
  assert.equal(FakeWebSocket.instances.length, 2);
  socket.close();
});

test('an attempt that never opens is abandoned after connectTimeoutMs', async () => {
  const { socket, log } = makeSocket({ connectTimeoutMs: 1234 });
  await settle();
  const hung = FakeWebSocket.last();
  assert.deepEqual([...timers.pending.values()].map((t) => t.ms), [1234]);
  timers.runNext(); // the connect timeout
  assert.deepEqual(hung.closedWith?.code, undefined, 'closed without a code');
  assert.equal(hung.readyState, 3);
  assert.deepEqual(log.at(-1), ['close', 1006, true]);
  timers.runNext(); // the backoff
  await nextSocket();
  assert.equal(FakeWebSocket.instances.length, 2);
  assert.equal(timers.count, 0, 'the open socket has no connect timer');
  socket.close();
});

test('close codes: reconnects after 1001, 1006, 1011, 1013, 4408 and 4429', async () => {
  for (const code of [1001, 1006, 1011, 1013, 4408, 4429]) {
    assert.ok(RECONNECT_CODES.includes(code));
    FakeWebSocket.reset();
    const { socket, log } = makeSocket();
    const ws = await nextSocket();
    ws.receive({ type: 'ready' });
    ws.serverClose(code);
    await settle();
    assert.deepEqual(log.at(-1), ['close', code, true], `code ${code}`);
    assert.equal(timers.count, 1, `a reconnect is scheduled after ${code}`);
    timers.runNext();
    await settle();
    assert.equal(FakeWebSocket.instances.length, 2, `a second socket after ${code}`);
    socket.close();
  }
});

test('close codes: no reconnect after 4402 (taken over), even when getToken would give a new token', async () => {
  const { calls, log } = makeSocket({ tokens: ['t1', 't2', 't3'] });
  const ws = await nextSocket();
  ws.receive({ type: 'ready' });
  ws.serverClose(4402, 'session taken over');
  await settle();
  assert.deepEqual(log.at(-1), ['close', 4402, false]);
  assert.equal(timers.count, 0);
  assert.equal(calls.getToken, 1);
});

test('close codes: no reconnect after 1000 from the server', async () => {
  const { log } = makeSocket();
  const ws = await nextSocket();
  ws.serverClose(1000);
  await settle();
  assert.deepEqual(log.at(-1), ['close', 1000, false]);
  assert.equal(timers.count, 0);
});

for (const code of [4400, 4401, 4403]) {
  test(`close codes: after ${code} no reconnect with the same token`, async () => {
    const { calls, log } = makeSocket({ tokens: ['same'] });
    const ws = await nextSocket();
    ws.receive({ type: 'error', payload: { code: 'InvalidToken', message: 'no' } });
    ws.serverClose(code);
    await settle();
    assert.equal(calls.getToken, 2, 'getToken was asked whether a new token exists');
    assert.deepEqual(log.slice(-2), [['error', 'InvalidToken'], ['close', code, false]]);
    assert.equal(timers.count, 0);
  });

  test(`close codes: after ${code} one reconnect with a different token; refused again, it stops`, async () => {
    const { calls, log } = makeSocket({ tokens: ['old', 'new', 'newer'] });
    let ws = await nextSocket();
    ws.serverClose(code);
    await settle();
    assert.deepEqual(log.at(-1), ['close', code, true]);
    timers.runNext();
    ws = await nextSocket();
    assert.equal(ws.url.searchParams.get('token'), 'new', 'the fresh token is the one used');
    assert.equal(calls.getToken, 2, 'the fresh token was fetched once, before this connect');
    ws.serverClose(code);
    await settle();
    assert.deepEqual(log.at(-1), ['close', code, false], 'a replaced token refused again: stop');
    assert.equal(timers.count, 0);
  });
}

test('getToken is called before every connect and a failure counts as a failed attempt', async () => {
  let n = 0;
  const tokens = [];
  const socket = new DaisiSocket({
    url: 'ws://gw.test/ws/c1/a1', WebSocket: FakeWebSocket, random: () => 0,
    setTimeout: timers.setTimeout, clearTimeout: timers.clearTimeout,
    getToken: async () => {
      n++;
      if (n === 2) throw new Error('auth server down');
      return `tok${n}`;
    },
  });
  const closes = [];
  socket.on('close', (info) => closes.push(info));
  let ws = await nextSocket();
  tokens.push(ws.url.searchParams.get('token'));
  ws.serverClose(1006);
  await settle();
  timers.runNext(); // getToken #2 fails
  await settle();
  assert.equal(closes.at(-1).willReconnect, true);
  assert.match(closes.at(-1).reason, /getToken failed/);
  timers.runNext();
  ws = await nextSocket();
  tokens.push(ws.url.searchParams.get('token'));
  assert.deepEqual(tokens, ['tok1', 'tok3']);
  assert.equal(n, 3);
  assert.equal(FakeWebSocket.instances.length, 2);
  socket.close();
});

test('the URL carries token, x-api-key and since; the subprotocol is json.v1', async () => {
  const { socket } = makeSocket({ url: 'ws://gw.test/ws/c1/a1?x=1' });
  let ws = await nextSocket();
  assert.equal(ws.protocol, 'json.v1');
  assert.equal(ws.url.pathname, '/ws/c1/a1');
  assert.equal(ws.url.searchParams.get('x'), '1');
  assert.equal(ws.url.searchParams.get('token'), 't1');
  assert.equal(ws.url.searchParams.get('x-api-key'), 'key-1');
  assert.equal(ws.url.searchParams.has('since'), false, 'nothing received yet: no since');
  ws.receive(event(7));
  ws.serverClose(1006);
  await settle();
  timers.runNext();
  ws = await nextSocket();
  assert.equal(ws.url.searchParams.get('since'), '7');
  socket.close();
});

test('since: the latest position wins over the highest seq; before any, the highest seq', async () => {
  const { socket } = makeSocket();
  let ws = await nextSocket();
  ws.receive({ type: 'ready' });
  ws.receive(event(5));
  ws.receive(event(3)); // shared mode: out of order
  assert.equal(socket.resumeFrom, 5);
  ws.receive({ type: 'position', payload: { seq: 4 } });
  ws.receive(event(6));
  assert.equal(socket.resumeFrom, 4, 'position 4 is safe; 6 is not (a lower seq may still come)');
  ws.receive({ type: 'position', payload: { seq: 6 } });
  assert.equal(socket.resumeFrom, 6);
  ws.serverClose(1001);
  await settle();
  timers.runNext();
  ws = await nextSocket();
  assert.equal(ws.url.searchParams.get('since'), '6');
  socket.close();
});

test('since: the details of a SlowConsumer error count as a position', async () => {
  const { socket } = makeSocket();
  const ws = await nextSocket();
  ws.receive(event(10));
  ws.receive({ type: 'error', payload: { code: 'SlowConsumer', message: 'too slow', details: '8' } });
  assert.equal(socket.resumeFrom, 8);
  socket.close();
});

test('duplicates: each seq at most once, across reconnects; events without seq pass through', async () => {
  const { socket, log } = makeSocket();
  let ws = await nextSocket();
  ws.receive({ type: 'ready' });
  ws.receive(event(1));
  ws.receive(event(2));
  ws.receive(event(2));
  ws.receive({ type: 'event', payload: { event_id: 'no-seq' } });
  ws.serverClose(1006);
  await settle();
  timers.runNext();
  ws = await nextSocket();
  ws.receive(event(2)); // replayed after since
  ws.receive(event(3));
  ws.receive({ type: 'ready' });
  ws.receive(event(1));
  const events = log.filter(([kind]) => kind === 'event');
  assert.deepEqual(events, [['event', 'e1', 1], ['event', 'e2', 2], ['event', 'no-seq', undefined],
    ['event', 'e3', 3]]);
  socket.close();
});

test('duplicates: everything at or below a position is dropped, and memory stays bounded', () => {
  const seen = new SeenSeqs(100);
  for (let seq = 1; seq <= 5000; seq++) assert.equal(seen.add(seq), true);
  assert.ok(seen.size <= 100, `remembered ${seen.size}`);
  assert.equal(seen.add(5000), false);
  assert.equal(seen.add(10), false, 'long gone seqs count as seen');
  seen.raiseFloor(6000);
  assert.equal(seen.size, 0);
  assert.equal(seen.add(5999), false);
  assert.equal(seen.add(6001), true);
});

test('duplicates: a position lower than the last one (restarted history) resets what was seen', async () => {
  const { socket, log } = makeSocket();
  let ws = await nextSocket();
  ws.receive({ type: 'position', payload: { seq: 50 } });
  ws.receive(event(51));
  ws.serverClose(1001);
  await settle();
  timers.runNext();
  ws = await nextSocket();
  ws.receive({ type: 'position', payload: { seq: 0 } });
  ws.receive(event(1));
  assert.deepEqual(log.filter(([k]) => k === 'event').map(([, , seq]) => seq), [51, 1]);
  socket.close();
});

test('selectChat: remembered before ready, sent on ready, re-sent after a reconnect', async () => {
  const { socket } = makeSocket();
  socket.selectChat('chat-1');
  let ws = await nextSocket();
  assert.deepEqual(ws.sent, [], 'nothing is sent before ready');
  ws.receive({ type: 'ready' });
  assert.deepEqual(ws.sent, [{ type: 'select_chat', payload: { chat_id: 'chat-1' } }]);
  socket.selectChat('chat-2');
  assert.deepEqual(ws.sent.at(-1), { type: 'select_chat', payload: { chat_id: 'chat-2' } });
  ws.serverClose(1011);
  await settle();
  timers.runNext();
  ws = await nextSocket();
  ws.receive({ type: 'ready' });
  assert.deepEqual(ws.sent, [{ type: 'select_chat', payload: { chat_id: 'chat-2' } }]);
  assert.throws(() => socket.selectChat(''), TypeError);
  socket.close();
});

test('close(): one close event, 1000 to the server, no reconnect, later frames ignored', async () => {
  const { socket, log } = makeSocket();
  const ws = await nextSocket();
  ws.receive({ type: 'ready' });
  socket.close();
  assert.deepEqual(ws.closedWith.code, 1000);
  assert.deepEqual(log.at(-1), ['close', 1000, false]);
  ws.serverClose(1006);
  ws.receive(event(1));
  await settle();
  assert.equal(timers.count, 0);
  assert.equal(log.filter(([k]) => k === 'close').length, 1);
  assert.equal(socket.state, 'closed');
});

test('close() while waiting to reconnect cancels the attempt; reconnect() starts again', async () => {
  const { socket } = makeSocket();
  const ws = await nextSocket();
  ws.serverClose(4402);
  await settle();
  assert.equal(socket.state, 'closed');
  socket.reconnect();
  await nextSocket();
  assert.equal(FakeWebSocket.instances.length, 2);
  FakeWebSocket.last().serverClose(1006);
  await settle();
  assert.equal(timers.count, 1);
  socket.close();
  assert.equal(timers.count, 0);
});

test('a throwing listener does not break the socket', async () => {
  const reported = [];
  const { socket, log } = makeSocket({ onListenerError: (e) => reported.push(e.message) });
  socket.on('event', () => { throw new Error('listener bug'); });
  const ws = await nextSocket();
  ws.receive(event(1));
  ws.receive(event(2));
  assert.deepEqual(log.filter(([k]) => k === 'event').length, 2);
  assert.deepEqual(reported, ['listener bug', 'listener bug']);
  socket.close();
});
