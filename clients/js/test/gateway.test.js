// The library against a REAL gateway (the jar) with a private JetStream: restarts, session
// take-over, tokens and backoff as a browser would live through them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DaisiSocket } from '../daisi-ws.js';
import { Gateway, NatsServer, shippedKeys, waitFor } from './support/servers.js';

const { apiKey, adminKey } = shippedKeys();
let nats;
let gateway;

before(async () => {
  nats = await NatsServer.start();
  gateway = await Gateway.start({ env: { DAISI_WS_NATS_URL: nats.url } });
});

after(async () => {
  await gateway?.close();
  await nats?.stop();
});

/** A WebSocket class that records every URL it was opened with. */
function recordingWebSocket() {
  const urls = [];
  class Recording extends globalThis.WebSocket {
    constructor(url, protocols) {
      super(url, protocols);
      urls.push(new URL(url));
    }
  }
  return { WebSocket: Recording, urls };
}

/** A DaisiSocket for one user whose getToken mints a fresh token on every call, with a full record. */
function userSocket(user, { random = Math.random } = {}) {
  const { WebSocket, urls } = recordingWebSocket();
  const record = { tokens: [], events: [], closes: [], readies: 0, urls, getTokenCalls: 0 };
  const socket = new DaisiSocket({
    url: `${gateway.ws}/ws/c1/a1`,
    apiKey,
    WebSocket,
    random,
    getToken: async () => {
      record.getTokenCalls++;
      const token = await gateway.userToken(apiKey, 'c1', 'a1', user);
      record.tokens.push(token);
      return token;
    },
  });
  socket.on('ready', () => record.readies++);
  socket.on('event', (payload, seq) => record.events.push({ id: payload.event_id, seq }));
  socket.on('close', (info) => record.closes.push(info));
  return { socket, record };
}

const chatsEvent = (id) => ({ event_id: id, company_id: 'c1', agent_id: 'a1', row_data: { n: id } });

test('a gateway restart: reconnect with since loses nothing and repeats nothing; getToken before every connect',
  { timeout: 180000 }, async () => {
    const draws = [];
    const { socket, record } = userSocket('restart-user', {
      random: () => { const r = Math.random(); draws.push(r); return r; },
    });
    try {
      await waitFor(() => record.readies === 1, { what: 'ready' });
      for (const id of ['r1', 'r2', 'r3']) await gateway.publish(adminKey, 'websocket.c1.a1.chats', chatsEvent(id));
      await waitFor(() => record.events.length === 3, { what: 'the first three events' });

      await gateway.stop();
      // (a reconnect may still reach the stopping gateway and see ready before its last close)
      const readiesWhileRunning = record.readies;
      await waitFor(() => record.closes.length >= 1, { what: 'the close at shutdown' });
      assert.equal(record.closes[0].willReconnect, true, `closed with ${record.closes[0].code}`);
      assert.ok([1001, 1006].includes(record.closes[0].code), `close code ${record.closes[0].code}`);
      // while the gateway is down, events keep arriving in JetStream
      for (const id of ['r4', 'r5']) await nats.publish('websocket.c1.a1.chats', chatsEvent(id));
      // let at least one reconnect attempt fail against the stopped gateway
      const closesWhileDown = record.closes.length;
      await waitFor(() => record.closes.length > closesWhileDown, { what: 'a failed reconnect attempt' });

      await gateway.launch();
      await waitFor(() => record.readies > readiesWhileRunning, { timeoutMs: 60000, what: 'ready after the restart' });
      await gateway.publish(adminKey, 'websocket.c1.a1.chats', chatsEvent('r6'));
      await waitFor(() => record.events.length >= 6, { what: 'all six events' });

      assert.deepEqual(record.events.map((e) => e.id), ['r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
      const seqs = record.events.map((e) => e.seq);
      assert.equal(new Set(seqs).size, 6, `no seq twice: ${seqs}`);
      assert.deepEqual([...seqs].sort((a, b) => a - b), seqs, 'in stream order');
      const resumed = record.urls.at(-1).searchParams.get('since');
      assert.ok(resumed !== null && Number(resumed) >= seqs[0] && Number(resumed) <= seqs[2],
        `the reconnect resumed from a seen position (since=${resumed}, seqs ${seqs})`);

      // getToken before every connect attempt (it fails while the gateway is down: the attempt fails
      // with it); every socket opened used the token minted just before it
      const attempts = 1 + record.closes.filter((c) => c.willReconnect).length;
      assert.equal(record.getTokenCalls, attempts);
      assert.equal(record.tokens.length, record.urls.length);
      assert.deepEqual(record.urls.map((u) => u.searchParams.get('token')), record.tokens);
      assert.ok(record.urls.length >= 2, `sockets opened: ${record.urls.length}`);
      assert.ok(record.urls.every((u) => u.searchParams.get('x-api-key') === apiKey));

      // backoff with full jitter: every wait was the drawn fraction of its ceiling
      const waits = record.closes.filter((c) => c.willReconnect);
      assert.equal(waits.length, draws.length);
      waits.forEach((c, i) => {
        const ceiling = Math.min(10000, 500 * 2 ** (c.attempt - 1));
        assert.equal(c.delay, Math.floor(draws[i] * ceiling), `attempt ${c.attempt}`);
      });
      assert.ok(waits.some((c) => c.attempt >= 2), 'consecutive failures raise the ceiling');
    } finally {
      socket.close();
    }
  });

test('a second connection of the same user: the first gets 4402 and does not reconnect', { timeout: 60000 },
  async () => {
    const first = userSocket('taken-user');
    let second;
    try {
      await waitFor(() => first.record.readies === 1, { what: 'the first socket ready' });
      second = userSocket('taken-user');
      await waitFor(() => second.record.readies === 1, { what: 'the second socket ready' });
      await waitFor(() => first.record.closes.length === 1, { what: 'the first socket closed' });
      assert.deepEqual(first.record.closes[0], { code: 4402, reason: first.record.closes[0].reason,
        willReconnect: false });
      assert.equal(first.socket.state, 'closed');

      // the second keeps the session: an event reaches it, and the first never opened another socket
      await gateway.publish(adminKey, 'websocket.c1.a1.chats', chatsEvent('after-takeover'));
      await waitFor(() => second.record.events.some((e) => e.id === 'after-takeover'), { what: 'the event' });
      assert.equal(first.record.urls.length, 1);
      assert.equal(first.record.tokens.length, 1);
      assert.equal(second.record.closes.length, 0, 'the second socket was not taken back');
    } finally {
      first.socket.close();
      second?.socket.close();
    }
  });

test('a wrong API key: closed with 4401 and, the token unchanged, no reconnect', { timeout: 60000 }, async () => {
  const token = await gateway.userToken(apiKey, 'c1', 'a1', 'bad-key-user');
  let calls = 0;
  const closes = [];
  const errors = [];
  const socket = new DaisiSocket({
    url: `${gateway.ws}/ws/c1/a1`, apiKey: 'wrong', getToken: () => { calls++; return token; },
  });
  socket.on('close', (info) => closes.push(info));
  socket.on('error', (body) => errors.push(body.code));
  await waitFor(() => closes.length === 1, { what: 'the refusal' });
  assert.equal(closes[0].code, 4401);
  assert.equal(closes[0].willReconnect, false);
  assert.deepEqual(errors, ['InvalidAPIKey']);
  assert.equal(calls, 2, 'asked once to connect and once whether the token changed');
  socket.close();
});

test('selectChat is re-sent after a restart: the chat\'s messages keep arriving', { timeout: 180000 }, async () => {
  const { socket, record } = userSocket('chat-user');
  try {
    socket.selectChat('room-1');
    await waitFor(() => record.readies === 1, { what: 'ready' });
    const message = (id) => ({ ...chatsEvent(id), chat_id: 'room-1' });
    // select_chat goes out after ready: publish once it is in effect (the chat's last message would come back)
    await waitFor(async () => {
      await gateway.publish(adminKey, 'websocket.c1.a1.messages.room-1', message(`m-probe-${Date.now()}`));
      return record.events.some((e) => e.id.startsWith('m-probe'));
    }, { what: 'the first message of the chat' });
    await gateway.stop();
    const readiesWhileRunning = record.readies;
    await gateway.launch();
    await waitFor(() => record.readies > readiesWhileRunning,
      { timeoutMs: 60000, what: `ready after the restart (closes ${JSON.stringify(record.closes)})` });
    await gateway.publish(adminKey, 'websocket.c1.a1.messages.room-1', message('m-after'));
    await waitFor(() => record.events.some((e) => e.id === 'm-after'), { what: 'a message after the restart' });
    const seqs = record.events.map((e) => e.seq);
    assert.equal(new Set(seqs).size, seqs.length, `no seq twice: ${seqs}`);
  } finally {
    socket.close();
  }
});
