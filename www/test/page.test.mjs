// The playground page in headless Chromium, on the stack scripts/www starts (stack.mjs):
// edgecache-server on loopback and the page's static server. Driven by keyboard and clicks as
// a user would; every test leaves a screenshot in target/www-artifacts/.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startStack } from '../stack.mjs';
import { SETTLE_SLACK_MS } from '../../tests/js/scenario/measure.mjs';
import { launchChromium, resultFor, withPage } from './browser.mjs';

let stack;
let browser;

/**
 * How soon Stop must report: it lets the calls in flight answer (a few gets to a local server,
 * a few ms each) and redraws, which takes tens of ms; a person takes 100 ms as at once.
 */
const STOP_WITHIN_MS = 100;

/** Switches faults on the page's edgecache-server (its admin endpoint takes the key). */
async function serverFaults(faults) {
  const res = await stack.admin('/admin/faults', faults);
  assert.equal(res.status, 200, `POST /admin/faults answered ${res.status}`);
}

/**
 * Arms clocks in the page, read with its own `performance.now()`: `startedAt` when the next
 * `startEvent` (capture phase on window, so before the page's own handlers) passes
 * `startFilter`, with a plain `setTimeout` of `controlMs` started at the same moment as a
 * control (`controlRanAt`); `shownAt` when `selector`'s text first matches `shown`. Resolves
 * once shown, to `{startedAt, controlRanAt, shownAt}`.
 */
async function armPageClock(page, { startEvent, startSelector, selector, shown, controlMs }) {
  await page.evaluate(
    ({ startEvent, startSelector, selector, shown, controlMs }) => {
      const clock = (window.pageClock = {});
      const onStart = (event) => {
        if (!event.target.closest?.(startSelector)) return;
        if (startEvent === 'keydown' && event.key !== 'Enter') return;
        window.removeEventListener(startEvent, onStart, { capture: true });
        clock.startedAt = performance.now();
        if (controlMs !== undefined) setTimeout(() => (clock.controlRanAt = performance.now()), controlMs);
      };
      window.addEventListener(startEvent, onStart, { capture: true });
      const target = document.querySelector(selector);
      const pattern = new RegExp(shown);
      new MutationObserver((_, observer) => {
        if (clock.startedAt !== undefined && pattern.test(target.textContent)) {
          clock.shownAt = performance.now();
          observer.disconnect();
        }
      }).observe(target, { attributes: true, childList: true, characterData: true, subtree: true });
    },
    { startEvent, startSelector, selector, shown: shown.source, controlMs },
  );
}

async function pageClock(page) {
  await page.waitForFunction(() => window.pageClock.shownAt !== undefined);
  return page.evaluate(() => window.pageClock);
}

before(async () => {
  stack = await startStack({ tls: false });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('the playground over http', () => {
  test('loads the package and shows the chosen preset', async () => {
    await withPage(browser, stack.pageUrl, 'loads', async (page) => {
      const connection = await page.textContent('#connection');
      assert.match(connection, new RegExp(`Connected to edgecache-server at ${stack.cacheUrl}`));
      // The settings line comes from the package's own preset values, so it changes with the preset.
      assert.match(await page.textContent('#preset-settings'), /^5 s deadline, at most 100 calls in flight/);
      await page.selectOption('#preset', 'Edge');
      assert.match(await page.textContent('#preset-settings'), /^1\.1 s deadline, at most 6 calls in flight/);
      await page.selectOption('#preset', 'LowLatency');
      assert.match(await page.textContent('#preset-settings'), /^500 ms deadline, at most 5 calls in flight/);
    });
  });

  test('by keyboard: create a cache, set a value, read it back, list caches', async () => {
    await withPage(browser, stack.pageUrl, 'keyboard-set-get', async (page) => {
      // Fields are filled and forms submitted with Enter; buttons are reached with Tab.
      await page.focus('#cache-name');
      await page.keyboard.press('ControlOrMeta+a');
      await page.keyboard.type('kb-cache');
      await page.keyboard.press('Enter');
      assert.match(await (await resultFor(page, 'createCache("kb-cache")')).textContent(), /→ Success/);

      await page.focus('#item-key');
      await page.keyboard.press('ControlOrMeta+a');
      await page.keyboard.type('city');
      await page.keyboard.press('Tab');
      await page.keyboard.press('ControlOrMeta+a');
      await page.keyboard.type('Zürich ☕');
      await page.keyboard.press('Enter');
      assert.match(await (await resultFor(page, 'set("city"')).textContent(), /→ Success/);

      await page.focus('[data-action="set"]');
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement.dataset.action), 'get');
      // Focus is visible where the keyboard is.
      const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
      assert.notEqual(outline, 'none');
      await page.keyboard.press('Enter');
      const hit = await resultFor(page, 'get("city")');
      assert.match(await hit.textContent(), /→ Hit/);
      assert.match(await hit.textContent(), /"Zürich ☕"/);
      assert.equal(await hit.getAttribute('data-outcome'), 'ok');

      await page.click('[data-action="list-caches"]');
      await resultFor(page, 'listCaches()');
      const caches = await page.locator('#cache-list li').allTextContents();
      assert.ok(caches.includes('kb-cache'), `kb-cache listed: ${caches.join(', ')}`);

      await page.click('[data-action="delete"]');
      await resultFor(page, 'delete("city")');
      await page.click('[data-action="get"]');
      await page.locator('#result[data-outcome="miss"]').waitFor();
      assert.match(await page.textContent('#result'), /get\("city"\) → Miss/);
    });
  });

  test("the page presents only the backend's disposable token, never the server's key", async () => {
    const seen = [];
    await withPage(browser, stack.pageUrl, 'token-only', async (page) => {
      page.on('request', (request) => {
        if (request.url().startsWith(stack.cacheUrl)) seen.push(request.allHeaders().then((h) => h.authorization));
      });
      const bodies = [];
      page.on('response', (response) => {
        if (response.url().startsWith(stack.pageUrl)) bodies.push(response.text().catch(() => ''));
      });
      await page.fill('#cache-name', 'token-cache');
      await page.click('[data-action="create-cache"]');
      assert.match(await (await resultFor(page, 'createCache("token-cache")')).textContent(), /→ Success/);
      await page.fill('#item-key', 'k');
      await page.click('[data-action="set"]');
      assert.match(await (await resultFor(page, 'set("k"')).textContent(), /→ Success/);
      await page.click('[data-action="get"]');
      assert.match(await (await resultFor(page, 'get("k")')).textContent(), /→ Hit/);
      const served = await Promise.all(bodies);
      assert.ok(served.every((body) => !body.includes(stack.authorization)), 'a response to the page carried the key');
      assert.ok(!(await page.content()).includes(stack.authorization), 'the key is in the page');
    });
    // What /token vends is a token of its own, not the key.
    const vended = await (await fetch(new URL('/token', stack.pageUrl))).json();
    assert.equal(typeof vended.authToken, 'string');
    assert.ok(!vended.authToken.includes(stack.authorization), 'the vended token carries the key');
    const presented = await Promise.all(seen);
    assert.ok(presented.length >= 2, `calls to the server: ${presented.length}`);
    assert.ok(presented.every((authorization) => typeof authorization === 'string' && authorization.length > 0), 'a call went without a token');
    assert.ok(presented.every((authorization) => authorization !== stack.authorization), 'a call presented the key');
  });

  test('errors show their code and message in the live region', async () => {
    await withPage(browser, stack.pageUrl, 'errors', async (page) => {
      await page.fill('#cache-name', 'errors-cache');
      await page.click('[data-action="create-cache"]');
      await resultFor(page, 'createCache("errors-cache")');

      await page.fill('#item-key', '');
      await page.click('[data-action="get"]');
      const invalid = await resultFor(page, 'get("")');
      assert.equal(await invalid.getAttribute('data-code'), 'INVALID_ARGUMENT_ERROR');
      assert.match(await invalid.textContent(), /INVALID_ARGUMENT_ERROR/);
      assert.match(await invalid.textContent(), /key/i, 'the message names the argument');
      assert.equal(await invalid.getAttribute('aria-live'), 'polite');

      await page.fill('#cache-name', 'no-such-cache');
      await page.fill('#item-key', 'k');
      await page.click('[data-action="get"]');
      const missing = await page.locator('#result[data-code="NOT_FOUND_ERROR"]');
      await missing.waitFor();
      assert.match(await missing.textContent(), /get\("k"\) → NOT_FOUND_ERROR/);
      assert.match(await missing.textContent(), /no-such-cache|not found/i);

      // A TTL the SDK refuses is reported the same way, never thrown past the page.
      await page.fill('#cache-name', 'errors-cache');
      await page.fill('#item-ttl', '-5');
      await page.click('[data-action="set"]');
      const ttl = await resultFor(page, 'ttl -5 s');
      assert.equal(await ttl.getAttribute('data-code'), 'INVALID_ARGUMENT_ERROR');
      assert.ok((await page.locator('#history li').count()) >= 4, 'the history keeps every call');
    });
  });

  test('dictionary and sorted set views', async () => {
    await withPage(browser, stack.pageUrl, 'collections', async (page) => {
      await page.fill('#cache-name', 'collections');
      await page.click('[data-action="create-cache"]');
      await resultFor(page, 'createCache("collections")');

      for (const [field, value] of [['name', 'Ada'], ['lang', 'en']]) {
        await page.fill('#dict-field', field);
        await page.fill('#dict-value', value);
        await page.click('[data-action="dict-set"]');
        await resultFor(page, `dictionarySetField("user:42", "${field}") → Success`);
      }
      await page.click('[data-action="dict-fetch"]');
      await resultFor(page, '2 fields');
      const rows = await page.locator('#dict-table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
      assert.deepEqual(new Map(rows), new Map([['name', 'Ada'], ['lang', 'en']]));

      await page.fill('#dict-field', 'lang');
      await page.click('[data-action="dict-remove"]');
      await resultFor(page, 'dictionaryRemoveField("user:42", "lang") → Success');
      await page.click('[data-action="dict-fetch"]');
      await resultFor(page, '1 field');
      assert.deepEqual(await page.locator('#dict-table tbody td').allTextContents(), ['name', 'Ada']);

      for (const [element, score] of [['ada', '42'], ['grace', '7.5'], ['linus', '100']]) {
        await page.fill('#zset-element', element);
        await page.fill('#zset-score', score);
        await page.click('[data-action="zset-put"]');
        await resultFor(page, `sortedSetPutElement("scores", "${element}", ${score}) → Success`);
      }
      await page.selectOption('#zset-order', 'DESC');
      await page.fill('#zset-start', '0');
      await page.fill('#zset-end', '2');
      await page.click('[data-action="zset-by-rank"]');
      await resultFor(page, '2 elements');
      assert.deepEqual(await page.locator('#zset-table tbody td').allTextContents(), ['linus', '100', 'ada', '42']);

      await page.selectOption('#zset-order', 'ASC');
      await page.fill('#zset-min', '5');
      await page.fill('#zset-max', '50');
      await page.click('[data-action="zset-by-score"]');
      await resultFor(page, 'sortedSetFetchByScore');
      await resultFor(page, '2 elements');
      assert.deepEqual(await page.locator('#zset-table tbody td').allTextContents(), ['grace', '7.5', 'ada', '42']);
    });
  });

  test(`a get on a stalled server shows TIMEOUT_ERROR at the preset's deadline, never before, at most ${SETTLE_SLACK_MS} ms after`, async () => {
    await withPage(browser, stack.pageUrl, 'deadline', async (page) => {
      await page.selectOption('#preset', 'LowLatency');
      assert.match(await page.textContent('#preset-settings'), /^500 ms deadline/);
      const deadlineMs = 500;
      await page.fill('#cache-name', 'deadline-cache');
      await page.click('[data-action="create-cache"]');
      await resultFor(page, 'createCache("deadline-cache")');
      await page.fill('#item-key', 'k');
      await serverFaults({ stall: true });
      try {
        await armPageClock(page, { startEvent: 'click', startSelector: '[data-action="get"]', selector: '#result', shown: /TIMEOUT_ERROR/, controlMs: deadlineMs });
        await page.click('[data-action="get"]');
        const { startedAt, controlRanAt, shownAt } = await pageClock(page);
        // From the click, which comes before the call starts its deadline; the control timer
        // started with it shows how late the page's own timers ran.
        const shownAfter = shownAt - startedAt;
        const late = shownAt - Math.max(startedAt + deadlineMs, controlRanAt ?? shownAt);
        assert.ok(shownAfter >= deadlineMs, `TIMEOUT_ERROR shown ${shownAfter.toFixed(1)} ms after the click, before the ${deadlineMs} ms deadline`);
        assert.ok(late < SETTLE_SLACK_MS, `TIMEOUT_ERROR shown ${late.toFixed(1)} ms after the ${deadlineMs} ms deadline was due`);
      } finally {
        await serverFaults({ stall: false });
      }
    });
  });

  test('every control is labelled and reachable with Tab', async () => {
    await withPage(browser, stack.pageUrl, 'labels', async (page) => {
      const unlabelled = await page.evaluate(() =>
        [...document.querySelectorAll('input, select, button, progress, textarea')]
          .filter((el) => {
            const name = el.labels?.length ? [...el.labels].map((l) => l.textContent).join(' ') : el.getAttribute('aria-label') ?? el.textContent;
            return !name || !name.trim();
          })
          .map((el) => el.outerHTML),
      );
      assert.deepEqual(unlabelled, []);

      const controls = await page.evaluate(() =>
        [...document.querySelectorAll('main input, main select, main button')].filter((el) => !el.disabled && !el.closest('[hidden]')).map((el) => el.id || el.dataset.action),
      );
      const reached = new Set();
      await page.focus('#preset');
      for (let i = 0; i < controls.length * 2 && !controls.every((c) => reached.has(c)); i++) {
        reached.add(await page.evaluate(() => document.activeElement.id || document.activeElement.dataset.action));
        await page.keyboard.press('Tab');
      }
      assert.deepEqual(controls.filter((c) => !reached.has(c)), [], 'controls Tab never reached');
    });
  });

  test('a 2-second benchmark reports ops/s for edgecache and @gomomento/sdk-web', async () => {
    assert.ok(stack.sdkWeb, 'the @gomomento/sdk-web bundle is built (node www/build.mjs)');
    await withPage(browser, stack.pageUrl, 'benchmark', async (page) => {
      await page.fill('#bench-inflight', '20');
      await page.fill('#bench-duration', '2');
      await page.selectOption('#bench-workload', 'mixed');
      assert.equal(await page.isChecked('#bench-sdkweb'), true);
      await page.click('#bench-start');
      assert.match(await page.textContent('#bench-status'), /Benchmark started: 20 in flight for 2 s, edgecache then @gomomento\/sdk-web/);

      // The panel moves while the load runs: the progress bar is part-way and a card has counts.
      await page.waitForFunction(() => {
        const value = document.getElementById('bench-progress').value;
        return value > 0 && value < 1 && Number(document.querySelector('.card')?.dataset.opsPerSecond) > 0;
      });
      assert.equal(await page.isEnabled('#bench-stop'), true);

      await page.waitForFunction(() => /Benchmark finished/.test(document.getElementById('bench-status').textContent), null, { timeout: 60_000 });
      const cards = await page.locator('.card').evaluateAll((els) =>
        els.map((el) => ({ client: el.dataset.client, done: el.dataset.done, opsPerSecond: Number(el.dataset.opsPerSecond), text: el.textContent })),
      );
      assert.deepEqual(cards.map((c) => [c.client, c.done]), [['edgecache', 'true'], ['sdk-web', 'true']]);
      for (const card of cards) {
        assert.ok(card.opsPerSecond > 0, `${card.client} reported ${card.opsPerSecond} ops/s`);
        assert.match(card.text, /p99\s*[\d.]+ ms/);
      }
      assert.equal(await page.evaluate(() => document.getElementById('bench-progress').value), 1);
      // Both charts drew a line per client.
      assert.equal(await page.locator('#chart-throughput path.series').count(), 2);
      assert.equal(await page.locator('#chart-latency path.series').count(), 2);
      assert.match(await page.getAttribute('#chart-latency', 'aria-label'), /edgecache p50 [\d.]+ ms/);
      assert.match(await page.textContent('#bench-status'), /edgecache: [\d,]+ ops\/s.*@gomomento\/sdk-web: [\d,]+ ops\/s/);
      assert.equal(await page.isEnabled('#bench-start'), true);
    });
  });

  test('Stop ends a long benchmark at once and skips the runs after it', async () => {
    await withPage(browser, stack.pageUrl, 'benchmark-stop', async (page) => {
      await page.fill('#bench-inflight', '4');
      await page.fill('#bench-duration', '60');
      await page.click('#bench-start');
      await page.waitForFunction(() => Number(document.querySelector('.card')?.dataset.opsPerSecond) > 0);
      await armPageClock(page, { startEvent: 'keydown', startSelector: '#bench-stop', selector: '#bench-status', shown: /Benchmark stopped/ });
      await page.focus('#bench-stop');
      await page.keyboard.press('Enter');
      const { startedAt, shownAt } = await pageClock(page);
      assert.ok(shownAt - startedAt < STOP_WITHIN_MS, `stopped ${(shownAt - startedAt).toFixed(1)} ms after Enter`);
      assert.equal(await page.textContent('#bench-progress-label'), 'Stopped');
      const done = await page.locator('.card').evaluateAll((els) => els.map((el) => [el.dataset.client, el.dataset.done ?? null]));
      assert.deepEqual(done, [['edgecache', 'true'], ['sdk-web', null]]);
      // Focus returns to Start, so the keyboard user can run again.
      assert.equal(await page.evaluate(() => document.activeElement.id), 'bench-start');
    });
  });

  test('the benchmark refuses an in-flight count out of range', async () => {
    await withPage(browser, stack.pageUrl, 'benchmark-limits', async (page) => {
      await page.fill('#bench-inflight', '500');
      await page.fill('#bench-duration', '1');
      // The form's own validation is bypassed, as a script or an old browser could.
      await page.evaluate(() => document.getElementById('bench-form').setAttribute('novalidate', ''));
      await page.click('#bench-start');
      const result = await resultFor(page, 'benchmark');
      assert.equal(await result.getAttribute('data-code'), 'INVALID_ARGUMENT_ERROR');
      assert.match(await result.textContent(), /in-flight must be a whole number from 1 to 200, got "500"/);
      assert.equal(await page.locator('.card').count(), 0);
    });
  });

  test('fits a 360 px wide window without horizontal scrolling', async () => {
    await withPage(
      browser,
      stack.pageUrl,
      'narrow-360',
      async (page) => {
        // Fill the tables and the cards too, so the widest content is on the page.
        await page.fill('#cache-name', 'narrow');
        await page.click('[data-action="create-cache"]');
        await resultFor(page, 'createCache("narrow")');
        await page.click('[data-action="dict-set"]');
        await resultFor(page, 'dictionarySetField');
        await page.click('[data-action="dict-fetch"]');
        await resultFor(page, '1 field');
        await page.fill('#bench-duration', '1');
        await page.fill('#bench-inflight', '5');
        await page.uncheck('#bench-sdkweb');
        await page.click('#bench-start');
        await page.waitForFunction(() => /Benchmark finished/.test(document.getElementById('bench-status').textContent), null, { timeout: 30_000 });
        const overflow = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          clientWidth: document.documentElement.clientWidth,
          wide: [...document.querySelectorAll('body *')]
            .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
            .map((el) => el.id || el.className || el.tagName)
            .slice(0, 5),
        }));
        assert.equal(overflow.clientWidth, 360);
        assert.ok(overflow.scrollWidth <= overflow.clientWidth, `scrollWidth ${overflow.scrollWidth} > 360; too wide: ${overflow.wide.join(', ')}`);
        assert.deepEqual(overflow.wide, []);
      },
      { viewport: { width: 360, height: 740 } },
    );
  });
});
