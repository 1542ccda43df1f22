// Real servers for the integration tests: a private nats-server (JetStream) and the gateway jar,
// each on a free port of 127.0.0.1, configured only through the environment.
import { spawn } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { mkdtempSync, rmSync, existsSync, readFileSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const REPO = resolve(here, '../../../..');
export const JAR = join(REPO, 'gateway/target/daisi-ws-gateway.jar');

/** The shipped development keys (config/config.yaml), read the way the README does. */
export function shippedKeys() {
  const yaml = readFileSync(join(REPO, 'config/config.yaml'), 'utf8');
  const key = (name) => yaml.match(new RegExp(`^  ${name}: "(.*)"`, 'm'))[1];
  return { apiKey: key('secret_token'), adminKey: key('admin_secret_token') };
}

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** Polls `check` (sync or async, truthy = done) every 50 ms; fails after `timeoutMs` with `what`. */
export async function waitFor(check, { timeoutMs = 30000, what = 'condition', giveUp = () => undefined } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const fatal = giveUp();
    if (fatal) throw new Error(fatal);
    let value;
    try {
      value = await check();
    } catch {
      value = undefined;
    }
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function portAccepts(port) {
  return new Promise((resolveOk) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolveOk(true); });
    socket.once('error', () => resolveOk(false));
  });
}

function stopProcess(child, signal = 'SIGTERM') {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 30000);
    child.once('exit', () => { clearTimeout(killer); done(); });
    child.kill(signal);
  });
}

const nats = existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server';

export class NatsServer {
  static async start() {
    const dir = mkdtempSync(join(tmpdir(), 'daisi-js-nats-'));
    const port = await freePort();
    const log = openSync(join(dir, 'nats.log'), 'a');
    const child = spawn(nats, ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', join(dir, 'store')],
      { stdio: ['ignore', log, log] });
    const server = new NatsServer(child, port, dir);
    await waitFor(() => portAccepts(port), { what: `nats-server on ${port} (log ${dir}/nats.log)` });
    return server;
  }

  constructor(child, port, dir) {
    Object.assign(this, { child, port, dir });
  }

  get url() {
    return `nats://127.0.0.1:${this.port}`;
  }

  /** Publishes one message with the plain NATS protocol (no client library) and waits for the server's PONG. */
  publish(subject, json) {
    const payload = Buffer.from(JSON.stringify(json));
    return new Promise((resolveDone, reject) => {
      const socket = connect(this.port, '127.0.0.1');
      let received = '';
      socket.on('data', (chunk) => {
        received += chunk.toString();
        if (received.startsWith('INFO') && !socket.sentPub) {
          socket.sentPub = true;
          socket.write('CONNECT {"verbose":false,"pedantic":false}\r\n');
          socket.write(`PUB ${subject} ${payload.length}\r\n`);
          socket.write(Buffer.concat([payload, Buffer.from('\r\nPING\r\n')]));
        }
        if (received.includes('PONG')) { socket.end(); resolveDone(); }
        if (received.includes('-ERR')) { socket.destroy(); reject(new Error(received)); }
      });
      socket.on('error', reject);
    });
  }

  async stop() {
    await stopProcess(this.child);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export class Gateway {
  /** Starts the jar in a fresh directory (no config file: the built-in defaults) with `env` on top. */
  static async start({ httpPort, env = {} } = {}) {
    if (!existsSync(JAR)) throw new Error(`${JAR} missing: build it with ./mvnw -B -q -pl gateway package -DskipTests`);
    const dir = mkdtempSync(join(tmpdir(), 'daisi-js-gw-'));
    const port = httpPort ?? await freePort();
    const gateway = new Gateway(dir, port, env);
    await gateway.launch();
    return gateway;
  }

  constructor(dir, port, env) {
    Object.assign(this, { dir, port, env, child: undefined });
  }

  async launch() {
    const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin/java') : 'java';
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('DAISI_WS_')));
    Object.assign(env, {
      DAISI_WS_SERVER_HTTP_PORT: String(this.port),
      DAISI_WS_SERVER_GRPC_PORT: String(this.grpcPort ??= await freePort()),
      DAISI_WS_SERVER_BIND_ADDRESS: '127.0.0.1',
      DAISI_WS_SERVER_POD_ID: 'js-test',
    }, this.env);
    const log = openSync(join(this.dir, 'gateway.log'), 'a');
    this.child = spawn(java, ['-Xmx256m', '-jar', JAR], { cwd: this.dir, env, stdio: ['ignore', log, log] });
    const child = this.child;
    const logFile = join(this.dir, 'gateway.log');
    await waitFor(async () => (await fetch(`${this.http}/ready`)).status === 200, {
      timeoutMs: 90000,
      what: `the gateway on ${this.port} (log ${logFile})`,
      giveUp: () => child.exitCode !== null
        && `the gateway exited (${child.exitCode}) before it was ready: ${readFileSync(logFile, 'utf8').slice(-2000)}`,
    });
  }

  get http() {
    return `http://127.0.0.1:${this.port}`;
  }

  get ws() {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** SIGTERM, as an orchestrator stops a pod; waits for the process to exit. */
  stop() {
    return stopProcess(this.child);
  }

  async close() {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  async userToken(apiKey, company, agent, user) {
    const res = await fetch(`${this.http}/generate-token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-API-Key': apiKey },
      body: JSON.stringify({ company_id: company, agent_id: agent, user_id: user, expires_in_seconds: 600 }),
    });
    if (res.status !== 200) throw new Error(`token refused: ${res.status} ${await res.text()}`);
    return (await res.json()).token;
  }

  async publish(adminKey, subject, event) {
    const res = await fetch(`${this.http}/dev/events`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-API-Key': adminKey },
      body: JSON.stringify({ subject, event }),
    });
    if (res.status !== 202) throw new Error(`publish refused: ${res.status} ${await res.text()}`);
    return (await res.json()).seq;
  }
}
