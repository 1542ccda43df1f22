// docs/asyncapi.yaml and docs/openapi.yaml: valid by their own tools, and the close-code
// advice of the AsyncAPI document is what the client library does. (The Java test
// ApiDocumentsTest checks both documents against the gateway's error codes and routes.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { Parser } from '@asyncapi/parser';
import { RECONNECT_CODES, TOKEN_CODES, reconnectDelay } from '../daisi-ws.js';
import { REPO } from './support/servers.js';

const DOCS = join(REPO, 'docs');
const ERROR = 0;
const WARNING = 1;

async function parseAsyncApi() {
  const { document, diagnostics } = await new Parser().parse(readFileSync(join(DOCS, 'asyncapi.yaml'), 'utf8'));
  return { document, diagnostics };
}

test('asyncapi.yaml is a valid AsyncAPI 3.0 document without warnings', async () => {
  const { document, diagnostics } = await parseAsyncApi();
  const problems = diagnostics.filter((d) => d.severity === ERROR || d.severity === WARNING)
    .map((d) => `${d.code}: ${d.message} at ${d.path.join('.')}`);
  assert.deepEqual(problems, []);
  assert.ok(document, 'parsed');
  assert.equal(document.version(), '3.0.0');
  const messages = document.allMessages().all().map((m) => m.name()).sort();
  assert.deepEqual(messages, ['error', 'event', 'position', 'ready', 'select_chat']);
});

test('openapi.yaml passes redocly lint (recommended rules) with no error and no warning', async () => {
  const redocly = join(REPO, 'clients/js/node_modules/.bin/redocly');
  const { stdout } = await promisify(execFile)(redocly,
    ['lint', '--config', join(DOCS, 'redocly.yaml'), '--format=json', join(DOCS, 'openapi.yaml')],
    { env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' }, timeout: 120000 });
  const report = JSON.parse(stdout);
  assert.deepEqual(report.problems.map((p) => `${p.ruleId}: ${p.message}`), []);
  assert.deepEqual({ errors: report.totals.errors, warnings: report.totals.warnings }, { errors: 0, warnings: 0 });
});

test('the close-code advice in asyncapi.yaml is what the client library does', async () => {
  const { document } = await parseAsyncApi();
  const table = document.json()['x-close-codes'];
  assert.ok(Array.isArray(table) && table.length > 0);
  for (const { code, reconnect } of table) {
    const expected = {
      backoff: [true, false], 'backoff-min-5s': [true, false], 'new-token': [false, true], never: [false, false],
    }[reconnect];
    assert.ok(expected, `unknown advice ${reconnect} for ${code}`);
    assert.deepEqual([RECONNECT_CODES.includes(code), TOKEN_CODES.includes(code)], expected, `close code ${code}`);
    assert.equal(reconnectDelay(0, code, () => 0) >= 5000, reconnect === 'backoff-min-5s', `minimum wait of ${code}`);
  }
  const documented = table.map((entry) => entry.code);
  for (const code of [...RECONNECT_CODES, ...TOKEN_CODES]) {
    assert.ok(documented.includes(code), `close code ${code} undocumented`);
  }
});
