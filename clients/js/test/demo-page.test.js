// The demo page in headless Chromium (Debian's chromium driven by playwright-core): a newcomer
// opens / on a standalone gateway with the shipped keys and sees the session and an event.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { Gateway, REPO, shippedKeys } from './support/servers.js';

const CHROMIUM = '/usr/bin/chromium';
let gateway;
let browser;

before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} missing: scripts/test-js.sh installs it (apt-get install chromium)`);
  gateway = await Gateway.start();
  browser = await chromium.launch({ executablePath: CHROMIUM });
});

after(async () => {
  await browser?.close();
  await gateway?.close();
});

test('the demo page connects with the prefilled development keys and shows a published event',
  { timeout: 120000 }, async () => {
    const page = await browser.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${gateway.http}/`);

    await page.locator('#log li[data-kind="ready"]').first().waitFor({ timeout: 30000 });
    assert.equal(await page.inputValue('#apiKey'), shippedKeys().apiKey, 'the development key was prefilled');
    assert.equal(await page.textContent('#status'), 'ready');

    await page.fill('#rowData', '{"text":"from the browser test"}');
    await page.click('#publish');
    const event = page.locator('#log li[data-kind="event"]', { hasText: 'from the browser test' });
    await event.first().waitFor({ timeout: 30000 });
    assert.match(await event.first().textContent(), /seq=\d+/);

    // a second page for the same user takes the session over: the first shows 4402 and stays closed
    const second = await browser.newPage();
    await second.goto(`${gateway.http}/`);
    await second.locator('#log li[data-kind="ready"]').first().waitFor({ timeout: 30000 });
    await page.locator('#log li[data-kind="close"]', { hasText: 'code 4402' }).first().waitFor({ timeout: 30000 });
    assert.match(await page.locator('#log li[data-kind="close"]').first().textContent(), /no reconnect/);
    assert.equal(await page.textContent('#status'), 'closed');

    const shots = join(REPO, 'clients/js/test-results');
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, 'demo-page.png'), fullPage: true });
    assert.deepEqual(problems, []);
  });
