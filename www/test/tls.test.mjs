// The page against edgecache-server in --tls mode (self-signed certificate, HTTP/2 via ALPN):
// a browser that has not accepted the certificate is shown how to, and one that has works,
// for both clients.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { startStack } from '../stack.mjs';
import { launchChromium, resultFor, withPage } from './browser.mjs';

let stack;
const browsers = [];

before(async () => {
  stack = await startStack({ tls: true });
});

after(async () => {
  await Promise.all(browsers.map((b) => b.close()));
  await stack?.stop();
});

test('the server serves https and writes its certificate where scripts/www says', () => {
  assert.match(stack.cacheUrl, /^https:\/\/127\.0\.0\.1:\d+$/);
  assert.match(readFileSync(stack.certPath, 'utf8'), /^-----BEGIN CERTIFICATE-----/);
});

test('before the certificate is accepted, the page says how to accept it', async () => {
  const browser = await launchChromium({ acceptSelfSigned: false });
  browsers.push(browser);
  await withPage(
    browser,
    stack.pageUrl,
    'tls-certificate-help',
    async (page) => {
      const help = page.locator('#tls-help');
      await help.waitFor({ state: 'visible' });
      assert.equal(await page.getAttribute('#tls-help-link', 'href'), `${stack.cacheUrl}/health`);
      assert.match(await help.textContent(), /Advanced.*Proceed/s);
      assert.equal(await page.getAttribute('#connection', 'data-state'), 'error');
      assert.match(await page.textContent('#connection'), /refused the server's certificate/);
      // Still refused: the check keeps the note up rather than pretending.
      await page.click('#tls-retry');
      await page.waitForFunction(() => document.activeElement?.id === 'tls-help-title');
      assert.equal(await help.isVisible(), true);
      assert.equal(await page.getAttribute('body', 'data-ready'), null);
    },
    { until: 'loaded' },
  );
});

test('with the certificate accepted, set/get and a 1-second benchmark of both clients work', async () => {
  const browser = await launchChromium({ acceptSelfSigned: true });
  browsers.push(browser);
  await withPage(browser, stack.pageUrl, 'tls-accepted', async (page) => {
    assert.equal(await page.isVisible('#tls-help'), false);
    assert.match(await page.textContent('#connection'), /\(TLS/);
    await page.fill('#cache-name', 'over-tls');
    await page.click('[data-action="create-cache"]');
    await resultFor(page, 'createCache("over-tls") → Success');
    await page.fill('#item-value', 'sent over h2');
    await page.click('[data-action="set"]');
    await resultFor(page, 'set("greeting"');
    await page.click('[data-action="get"]');
    assert.match(await (await resultFor(page, 'get("greeting") → Hit')).textContent(), /"sent over h2"/);

    await page.fill('#bench-inflight', '10');
    await page.fill('#bench-duration', '1');
    await page.click('#bench-start');
    await page.waitForFunction(() => /Benchmark finished/.test(document.getElementById('bench-status').textContent), null, { timeout: 60_000 });
    const rates = await page.locator('.card').evaluateAll((els) => els.map((el) => [el.dataset.client, Number(el.dataset.opsPerSecond)]));
    assert.deepEqual(rates.map(([client]) => client), ['edgecache', 'sdk-web']);
    for (const [client, rate] of rates) assert.ok(rate > 0, `${client} over TLS: ${rate} ops/s`);
  });
});
