// Debian's Chromium driven by playwright-core for the page tests, with a screenshot of every
// test saved under target/www-artifacts/ (kept for a look after the run, never committed).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const ARTIFACTS = join(process.env.CARGO_TARGET_DIR ?? join(ROOT, 'target'), 'www-artifacts');
const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
export const STEP_TIMEOUT_MS = 20_000;

/**
 * Launches headless Chromium. `acceptSelfSigned`: whether the browser accepts the server's
 * self-signed certificate (as a user who followed the page's TLS note would have).
 */
export async function launchChromium({ acceptSelfSigned = false } = {}) {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 30_000,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...(acceptSelfSigned ? ['--ignore-certificate-errors'] : []),
    ],
  });
}

/**
 * Opens the page in a fresh context, waits until it is ready (or `until` holds), runs `fn`,
 * and saves a screenshot named `name` whatever happened. Page errors fail the test.
 */
export async function withPage(browser, url, name, fn, { viewport = { width: 1280, height: 900 }, until = 'ready' } = {}) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  try {
    await page.goto(url, { timeout: STEP_TIMEOUT_MS });
    if (until === 'ready') await page.waitForSelector('body[data-ready="true"]');
    await fn(page);
    if (errors.length) throw new Error(`errors on the page: ${errors.join('; ')}`);
  } finally {
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true }).catch(() => {});
    await context.close();
  }
}

/** Waits until the result region reports a call whose text includes `text`; returns the region. */
export async function resultFor(page, text) {
  const result = page.locator('#result');
  await result.filter({ hasText: text }).waitFor();
  return result;
}
