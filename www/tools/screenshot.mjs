// Regenerates docs/www.png, the README's picture of the page: a few playground calls and a
// 5-second benchmark of both clients, on the same stack scripts/www starts.
//
//   node www/tools/screenshot.mjs [OUT.png]
import { fileURLToPath } from 'node:url';
import { startStack } from '../stack.mjs';
import { launchChromium } from '../test/browser.mjs';

const out = process.argv[2] ?? fileURLToPath(new URL('../../docs/www.png', import.meta.url));
const stack = await startStack();
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(20_000);
  await page.goto(stack.pageUrl);
  await page.waitForSelector('body[data-ready="true"]');
  console.log('screenshot: playground calls');
  await page.click('[data-action="create-cache"]');
  await page.locator('#result', { hasText: 'createCache' }).waitFor();
  await page.click('[data-action="dict-set"]');
  await page.locator('#result', { hasText: 'dictionarySetField' }).waitFor();
  await page.click('[data-action="dict-fetch"]');
  await page.locator('#result', { hasText: 'dictionaryFetch' }).waitFor();
  await page.click('[data-action="set"]');
  await page.locator('#result', { hasText: 'set(' }).waitFor();
  await page.click('[data-action="get"]');
  await page.locator('#result', { hasText: 'get("greeting") → Hit' }).waitFor();
  console.log('screenshot: a 5-second benchmark of both clients');
  await page.fill('#bench-duration', '5');
  await page.click('#bench-start');
  await page.waitForFunction(() => /Benchmark finished/.test(document.getElementById('bench-status').textContent), null, { timeout: 60_000 });
  await page.screenshot({ path: out, fullPage: true });
  console.log(`screenshot: wrote ${out}`);
} finally {
  await browser.close();
  await stack.stop();
}
