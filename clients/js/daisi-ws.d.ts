// Types of daisi-ws.js (the browser client of the daisi-ws gateway).

/** The JSON body of an `error` message from the server (SPEC §4). */
export interface ErrorBody {
  code: string;
  message: string;
  details?: string;
}

/** What the `close` event tells: every close, failed attempts included. */
export interface CloseInfo {
  code: number;
  reason: string;
  /** True when a new attempt is scheduled; false when the socket stopped for good. */
  willReconnect: boolean;
  /** Milliseconds until the next attempt (only when willReconnect). */
  delay?: number;
  /** Failed attempts since the last `ready` (only when willReconnect). */
  attempt?: number;
}

/** The event object exactly as the gateway sent it (event_id, event_time, company_id, ..., row_data). */
export type EventPayload = Record<string, unknown>;

export interface DaisiSocketOptions {
  /** wss://host/ws/{company}/{agent} or wss://host/ws/admin; relative URLs resolve against the page. */
  url: string;
  /** The general API key, sent as the `x-api-key` query parameter. */
  apiKey?: string;
  /** Called before every (re)connect; its token goes in the `token` query parameter. */
  getToken: () => string | Promise<string>;
  /** First backoff ceiling in ms (default 500). */
  baseDelayMs?: number;
  /** Largest backoff ceiling in ms (default 10000). */
  maxDelayMs?: number;
  /** An attempt (getToken + handshake) that has not opened after this many ms is abandoned (default 15000). */
  connectTimeoutMs?: number;
  /** How many event seqs above the latest position are remembered for de-duplication (default 10000). */
  dedupWindow?: number;
  /** For tests and non-browser hosts: the WebSocket constructor (default globalThis.WebSocket). */
  WebSocket?: new (url: string, protocols?: string | string[]) => WebSocket;
  /** For tests: the random source of the jitter, in [0, 1) (default Math.random). */
  random?: () => number;
  /** For tests: timer functions used for the backoff (default the global ones). */
  setTimeout?: (callback: () => void, ms: number) => unknown;
  clearTimeout?: (id: unknown) => void;
  /** Where an exception thrown by a listener goes (default: rethrown from a fresh task, i.e. the console). */
  onListenerError?: (error: unknown) => void;
}

export interface DaisiSocketEvents {
  ready: () => void;
  /** Each seq at most once, even across reconnects; seq is undefined for events that carry none. */
  event: (payload: EventPayload, seq: number | undefined) => void;
  error: (body: ErrorBody) => void;
  /** A safe resume point from the server: the next connection asks for `since` = this. */
  position: (seq: number) => void;
  close: (info: CloseInfo) => void;
}

export type SocketState = 'connecting' | 'ready' | 'waiting' | 'checking-token' | 'closed';

export class DaisiSocket {
  constructor(options: DaisiSocketOptions);
  on<K extends keyof DaisiSocketEvents>(name: K, listener: DaisiSocketEvents[K]): () => void;
  off<K extends keyof DaisiSocketEvents>(name: K, listener: DaisiSocketEvents[K]): void;
  /** Receive the `messages` events of this chat; remembered and re-sent after every reconnect. */
  selectChat(chatId: string): void;
  /** Close for good (1000); no reconnect follows. */
  close(): void;
  /** Start again after the socket stopped (e.g. after 4402, to take the session back on purpose). */
  reconnect(): void;
  /** The `since` the next connection asks for: the latest position, else the highest seq, else undefined. */
  readonly resumeFrom: number | undefined;
  readonly state: SocketState;
}

/** Full-jitter backoff: uniform in [0, min(maxDelayMs, baseDelayMs * 2^attempt)); at least 5000 after 4429. */
export function reconnectDelay(attempt: number, code: number, random?: () => number,
                               baseDelayMs?: number, maxDelayMs?: number): number;

/** Bounded memory of the seqs already handed out. */
export class SeenSeqs {
  constructor(window?: number);
  add(seq: number): boolean;
  raiseFloor(seq: number): void;
  reset(): void;
  readonly size: number;
}

export const RECONNECT_CODES: readonly number[];
export const TOKEN_CODES: readonly number[];
export const SESSION_CONFLICT: 4402;
export const RATE_LIMIT_MIN_DELAY_MS: 5000;
export const SUBPROTOCOL: 'json.v1';
