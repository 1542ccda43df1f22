// daisi-ws browser client: one socket to the gateway that reconnects by itself,
// resumes where it stopped (`since`) and hands each event `seq` over at most once.
// A dependency-free ES module: import it from the gateway (/client/daisi-ws.js) or from npm.

/** Close codes after which the socket reconnects with backoff (SPEC §13; 1012/1014 are proxies' "try again"). */
export const RECONNECT_CODES = Object.freeze([1001, 1005, 1006, 1011, 1012, 1013, 1014, 4408, 4429]);
/** Close codes after which it reconnects only when getToken yields a different token. */
export const TOKEN_CODES = Object.freeze([4400, 4401, 4403]);
/** Taken over by a newer connection of the same user: reconnecting would take the session back. */
export const SESSION_CONFLICT = 4402;
/** Rate limited: the first reconnect waits at least this long. */
export const RATE_LIMIT_MIN_DELAY_MS = 5000;
export const SUBPROTOCOL = 'json.v1';

const DEFAULTS = Object.freeze({ baseDelayMs: 500, maxDelayMs: 10000, dedupWindow: 10000, connectTimeoutMs: 15000 });

/**
 * Full-jitter exponential backoff: a uniform delay in [0, min(max, base * 2^attempt)).
 * `attempt` counts failed tries since the last `ready`, from 0. After 4429 it is at least 5 s.
 */
export function reconnectDelay(attempt, code, random = Math.random, baseDelayMs = DEFAULTS.baseDelayMs,
                               maxDelayMs = DEFAULTS.maxDelayMs) {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(attempt, 30));
  const delay = Math.floor(random() * ceiling);
  return code === 4429 ? Math.max(RATE_LIMIT_MIN_DELAY_MS, delay) : delay;
}

/**
 * Remembers which event `seq`s were handed out, in bounded memory. Everything at or below
 * the latest `position` W was written to this socket before W was, so it is a duplicate;
 * above W the exact numbers are kept, at most `window` of them (the lowest go first).
 */
export class SeenSeqs {
  constructor(window = DEFAULTS.dedupWindow) {
    this.window = window;
    this.floor = -1;
    this.above = new Set();
  }

  /** True the first time `seq` is offered, false for a duplicate. */
  add(seq) {
    if (seq <= this.floor || this.above.has(seq)) return false;
    this.above.add(seq);
    if (this.above.size > this.window) {
      // over the bound: forget the lowest tenth at once (amortised), counting them and all below as seen
      const sorted = [...this.above].sort((a, b) => a - b);
      this.raiseFloor(sorted[Math.max(0, Math.floor(this.window / 10))]);
    }
    return true;
  }

  /** Everything up to `seq` counts as seen. */
  raiseFloor(seq) {
    if (seq <= this.floor) return;
    this.floor = seq;
    for (const s of this.above) if (s <= seq) this.above.delete(s);
  }

  /** The server's numbering restarted (an in-memory gateway restarted): forget everything. */
  reset() {
    this.floor = -1;
    this.above.clear();
  }

  get size() {
    return this.above.size;
  }
}

/**
 * A gateway socket that survives restarts. See README.md and daisi-ws.d.ts.
 * Connecting starts on its own right after construction (listeners added in the same tick see everything).
 */
export class DaisiSocket {
  constructor(options) {
    if (!options || typeof options.url !== 'string' || typeof options.getToken !== 'function') {
      throw new TypeError('DaisiSocket needs { url, getToken }');
    }
    this.options = { ...DEFAULTS, ...options };
    this.WebSocketImpl = options.WebSocket ?? globalThis.WebSocket;
    if (typeof this.WebSocketImpl !== 'function') throw new TypeError('no WebSocket implementation available');
    this.random = options.random ?? Math.random;
    this.setTimer = options.setTimeout ?? ((fn, ms) => globalThis.setTimeout(fn, ms));
    this.clearTimer = options.clearTimeout ?? ((id) => globalThis.clearTimeout(id));
    // default: where uncaught errors go (the console), without unwinding into the socket's handlers
    this.reportListenerError = options.onListenerError ?? ((e) => globalThis.setTimeout(() => { throw e; }, 0));
    this.listeners = new Map();
    this.seen = new SeenSeqs(this.options.dedupWindow);
    this.position = undefined;   // the latest {"type":"position"} W
    this.highestSeq = undefined; // the fallback before any position arrived
    this.chatId = undefined;
    this.ws = undefined;
    this.timer = undefined;        // the backoff wait
    this.connectTimer = undefined; // bounds getToken + handshake of one attempt
    this.attempt = 0;
    this.generation = 0;         // bumps on every connect and on close(): stale callbacks see a newer number
    this.lastToken = undefined;
    this.tokenRetry = false;     // the current attempt was made because a refused token was replaced
    this.stopped = false;
    this.isReady = false;
    this.state = 'connecting';
    Promise.resolve().then(() => this.connect(undefined));
  }

  /** Adds a listener; returns a function that removes it. Events: ready, event, error, position, close. */
  on(name, listener) {
    if (!this.listeners.has(name)) this.listeners.set(name, new Set());
    this.listeners.get(name).add(listener);
    return () => this.off(name, listener);
  }

  off(name, listener) {
    this.listeners.get(name)?.delete(listener);
  }

  /** Receives the `messages` events of this chat from now on; remembered and re-sent after every reconnect. */
  selectChat(chatId) {
    if (typeof chatId !== 'string' || chatId === '') throw new TypeError('chatId must be a non-empty string');
    this.chatId = chatId;
    if (this.isReady) this.send({ type: 'select_chat', payload: { chat_id: chatId } });
  }

  /** The `since` the next connection will ask for, if any. */
  get resumeFrom() {
    return this.position ?? this.highestSeq;
  }

  /** Closes for good (code 1000); no reconnect follows. */
  close() {
    this.stopped = true;
    this.generation++;
    this.cancelTimer();
    this.cancelConnectTimer();
    this.isReady = false;
    this.state = 'closed';
    const ws = this.ws;
    this.ws = undefined;
    if (ws && ws.readyState <= 1) {
      ws.close(1000, 'closed by the client');
      this.emit('close', { code: 1000, reason: 'closed by the client', willReconnect: false });
    }
  }

  /** Starts connecting again after the socket stopped (e.g. after 4402, when the user takes the session back). */
  reconnect() {
    if (this.ws && this.ws.readyState <= 1) return;
    this.stopped = false;
    this.attempt = 0;
    this.cancelTimer();
    this.connect(undefined);
  }

  async connect(knownToken) {
    if (this.stopped) return;
    const generation = ++this.generation;
    this.state = 'connecting';
    this.cancelConnectTimer();
    // an attempt that neither opens nor fails (a token service or a half-dead server that never
    // answers) must not stall the socket forever
    this.connectTimer = this.setTimer(() => {
      this.connectTimer = undefined;
      if (generation === this.generation) this.abandon(this.ws, 'connect timeout');
    }, this.options.connectTimeoutMs);
    let token = knownToken;
    if (token === undefined) {
      try {
        token = await this.options.getToken();
      } catch (e) {
        if (generation === this.generation) this.failedBeforeOpen(`getToken failed: ${e?.message ?? e}`);
        return;
      }
      if (generation !== this.generation || this.stopped) return;
    }
    this.lastToken = token;
    let ws;
    try {
      ws = new this.WebSocketImpl(this.socketUrl(token), SUBPROTOCOL);
    } catch (e) {
      this.failedBeforeOpen(`cannot open the socket: ${e?.message ?? e}`);
      return;
    }
    this.ws = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      if (generation === this.generation) this.cancelConnectTimer();
    };
    // Browsers follow a failed handshake's error with a close event; some runtimes (Node 20's
    // WebSocket) do not, so a failure before open is taken as the close itself
    ws.onerror = () => {
      if (!opened && generation === this.generation) this.abandon(ws, 'connection failed');
    };
    ws.onmessage = (message) => {
      if (generation === this.generation) this.handleFrame(message.data);
    };
    ws.onclose = (closed) => {
      if (generation === this.generation) this.handleClose(closed.code, closed.reason ?? '');
    };
  }

  socketUrl(token) {
    const base = globalThis.location?.href;
    const url = base ? new URL(this.options.url, base) : new URL(this.options.url);
    if (url.protocol === 'http:') url.protocol = 'ws:';
    if (url.protocol === 'https:') url.protocol = 'wss:';
    url.searchParams.set('token', token);
    if (this.options.apiKey) url.searchParams.set('x-api-key', this.options.apiKey);
    const since = this.resumeFrom;
    if (since === undefined) url.searchParams.delete('since');
    else url.searchParams.set('since', String(since));
    return url.toString();
  }

  handleFrame(data) {
    let frame;
    try {
      frame = JSON.parse(typeof data === 'string' ? data : new TextDecoder().decode(data));
    } catch {
      return; // the gateway sends JSON only; anything else is not for us
    }
    switch (frame?.type) {
      case 'ready':
        this.isReady = true;
        this.state = 'ready';
        this.attempt = 0;
        this.tokenRetry = false;
        if (this.chatId !== undefined) this.send({ type: 'select_chat', payload: { chat_id: this.chatId } });
        this.emit('ready');
        break;
      case 'event':
        this.handleEvent(frame);
        break;
      case 'position':
        this.handlePosition(frame.payload?.seq);
        break;
      case 'error':
        if (frame.payload?.code === 'SlowConsumer' && /^\d+$/.test(frame.payload.details ?? '')) {
          this.handlePosition(Number(frame.payload.details)); // SPEC §8: details = its latest position W
        }
        this.emit('error', frame.payload ?? {});
        break;
      default:
        break;
    }
  }

  handleEvent(frame) {
    const seq = frame.seq;
    if (Number.isSafeInteger(seq)) {
      if (!this.seen.add(seq)) return;
      if (this.highestSeq === undefined || seq > this.highestSeq) this.highestSeq = seq;
    }
    this.emit('event', frame.payload, Number.isSafeInteger(seq) ? seq : undefined);
  }

  handlePosition(seq) {
    if (!Number.isSafeInteger(seq) || seq < 0) return;
    if (this.position !== undefined && seq < this.position) {
      // numbering went backwards: the gateway's history restarted (standalone without NATS);
      // what we saw before says nothing about the new numbers
      this.seen.reset();
      this.highestSeq = undefined;
    }
    this.position = seq;
    this.seen.raiseFloor(seq);
    this.emit('position', seq);
  }

  async handleClose(code, reason) {
    this.ws = undefined;
    this.cancelConnectTimer();
    this.isReady = false;
    if (this.stopped) return;
    const generation = this.generation;
    let nextToken;
    let willReconnect = RECONNECT_CODES.includes(code);
    if (TOKEN_CODES.includes(code) && !this.tokenRetry) {
      this.state = 'checking-token';
      try {
        const fresh = await this.options.getToken();
        if (fresh !== this.lastToken) {
          willReconnect = true;
          nextToken = fresh;
        }
      } catch {
        willReconnect = false;
      }
      if (generation !== this.generation || this.stopped) return;
    }
    this.tokenRetry = nextToken !== undefined;
    if (!willReconnect) {
      this.stopped = true;
      this.state = 'closed';
      this.emit('close', { code, reason, willReconnect: false });
      return;
    }
    this.scheduleReconnect(code, reason, nextToken);
  }

  failedBeforeOpen(reason) {
    this.ws = undefined;
    this.cancelConnectTimer();
    this.scheduleReconnect(1006, reason, undefined);
  }

  /** Gives up on an attempt: later callbacks of its socket are ignored, and it counts as a 1006 close. */
  abandon(ws, reason) {
    this.generation++;
    if (ws) {
      try {
        ws.close();
      } catch {
        // already closing
      }
    }
    this.failedBeforeOpen(reason);
  }

  scheduleReconnect(code, reason, token) {
    const delay = reconnectDelay(this.attempt, code, this.random, this.options.baseDelayMs, this.options.maxDelayMs);
    this.attempt++;
    this.state = 'waiting';
    this.cancelTimer();
    this.timer = this.setTimer(() => {
      this.timer = undefined;
      this.connect(token);
    }, delay);
    this.emit('close', { code, reason, willReconnect: true, delay, attempt: this.attempt });
  }

  cancelTimer() {
    if (this.timer !== undefined) this.clearTimer(this.timer);
    this.timer = undefined;
  }

  cancelConnectTimer() {
    if (this.connectTimer !== undefined) this.clearTimer(this.connectTimer);
    this.connectTimer = undefined;
  }

  send(message) {
    if (this.ws && this.ws.readyState === 1) this.ws.send(JSON.stringify(message));
  }

  emit(name, ...args) {
    for (const listener of [...(this.listeners.get(name) ?? [])]) {
      try {
        listener(...args);
      } catch (e) {
        // a failing listener must not break the socket
        this.reportListenerError(e);
      }
    }
  }
}
