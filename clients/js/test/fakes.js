// Test doubles: a WebSocket that the test drives by hand, and timers that run only when told.

export class FakeWebSocket {
  static instances = [];

  constructor(url, protocol) {
    this.url = new URL(url);
    this.protocol = protocol;
    this.readyState = 0;
    this.sent = [];
    this.closedWith = undefined;
    FakeWebSocket.instances.push(this);
  }

  static reset() {
    FakeWebSocket.instances = [];
  }

  static last() {
    return FakeWebSocket.instances.at(-1);
  }

  /** The server side: open the socket and send frames. */
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }

  receive(frame) {
    this.onmessage?.({ data: typeof frame === 'string' ? frame : JSON.stringify(frame) });
  }

  serverClose(code, reason = '') {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }

  send(data) {
    this.sent.push(JSON.parse(data));
  }

  close(code, reason) {
    this.closedWith = { code, reason };
    this.readyState = 3;
  }
}

/** setTimeout/clearTimeout that record delays; `runNext()` fires the earliest pending one. */
export class FakeTimers {
  constructor() {
    this.pending = new Map();
    this.delays = [];
    this.nextId = 1;
    this.setTimeout = (fn, ms) => {
      const id = this.nextId++;
      this.pending.set(id, { fn, ms });
      this.delays.push(ms);
      return id;
    };
    this.clearTimeout = (id) => this.pending.delete(id);
  }

  get count() {
    return this.pending.size;
  }

  runNext() {
    const [id, timer] = [...this.pending.entries()][0] ?? [];
    if (id === undefined) throw new Error('no timer pending');
    this.pending.delete(id);
    timer.fn();
  }
}

/** Lets queued promise callbacks (getToken, the constructor's first connect) run. */
export const settle = () => new Promise((resolve) => setImmediate(resolve));
