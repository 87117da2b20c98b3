// Share links: a link restores exactly the experiment it was made from (in a fresh browser
// profile too, with its recorded results shown as a replay), the address bar follows the
// person's edits, Share copies (or shows the link to copy by hand), and bad links open with a
// notice naming what was ignored, never injecting anything into the page. No console errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { open } from '../support/browser.mjs';
import { engineReady, runSpeedup, until } from '../support/engine.mjs';

let s;
before(async () => {
  s = await open();
  await s.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(s.url).origin });
});
after(async () => { await s?.close(); });

const value = (sel) => s.page.locator(sel).inputValue();
const hash = () => s.page.evaluate(() => location.hash);

test('a link restores every parameter and view setting, and the address bar follows edits', async () => {
  const { page } = s;
  await page.goto(s.url + '#/x/parallel-speedup?size=512&iterations=64&serial=0.25&threads=1&live=0&v=1');
  await page.waitForSelector('[data-testid=experiment-parallel-speedup]');
  assert.equal(await value('[data-testid=param-size]'), '512');
  assert.equal(await value('[data-testid=param-iterations]'), '64');
  assert.equal(await value('[data-testid=param-serial]'), '0.25');
  assert.equal(await value('[data-testid=param-threads]'), '1');
  assert.equal(await page.isChecked('[data-testid=live]'), false);
  assert.equal(await page.locator('[data-testid=link-notices]').count(), 0, 'a good link has no notices');

  await page.fill('[data-testid=param-iterations]', '128');
  await until(page, () => location.hash.includes('iterations=128'));
  await page.setChecked('[data-testid=live]', true);
  await until(page, () => location.hash.includes('live=1'));
  assert.match(await hash(), /^#\/x\/parallel-speedup\?size=512&iterations=128&serial=0\.25&threads=1&live=1&via=engine&v=1$/);
  // The page's own rewrite of the address is not a new link: the form keeps what was typed.
  assert.equal(await value('[data-testid=param-iterations]'), '128');

  // Opening another link in the same tab restores that one.
  await page.goto(s.url + '#/x/parallel-speedup?size=256&iterations=32&v=1');
  await until(page, () => document.querySelector('[data-testid=param-iterations]')?.value === '32');
  assert.equal(await value('[data-testid=param-size]'), '256');
  assert.deepEqual(s.errors, []);
});

test('Share copies the link; when the clipboard is refused the link is shown to copy by hand', async () => {
  const { page } = s;
  await page.goto(s.url + '#/x/task-queues?scenario=microtask-chain&chain=2&v=1');
  await page.waitForSelector('[data-testid=experiment-task-queues]');
  assert.equal(await page.isChecked('[data-testid=preset-microtask-chain]'), true);
  assert.equal(await value('[data-testid=param-chain]'), '2');
  await page.click('[data-testid=share]');
  await page.waitForSelector('[data-testid=share-status]:has-text("Copied the link")');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, await page.evaluate(() => location.href));
  assert.match(copied, /#\/x\/task-queues\?delay=0&chain=2&scenario=microtask-chain&v=1$/);

  await page.evaluate(() => {
    navigator.clipboard.writeText = () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError'));
  });
  await page.click('[data-testid=share]');
  await page.waitForSelector('[data-testid=share-text]');
  assert.equal(await value('[data-testid=share-text]'), copied);
  assert.match(await page.locator('[data-testid=share-status]').textContent(), /did not let the page copy/);
  await page.goto('about:blank'); // a new document: the real clipboard again
  assert.deepEqual(s.errors, []);
});

test('a bad link opens the page with defaults and a notice naming each ignored part; nothing becomes HTML', async () => {
  const { page } = s;
  const evil = encodeURIComponent('<img src=x onerror="window.__pwned=1">');
  await page.goto(s.url + `#/x/parallel-speedup?size=999&iterations=abc&threads=2.5&${evil}=1&serial=${evil}&v=99&r=%%%&live=maybe&mode=sim`);
  await page.waitForSelector('[data-testid=link-notices]');
  const notices = await page.locator('[data-testid=link-notices] li').allTextContents();
  const all = notices.join('\n');
  for (const part of ['Image size must be one of 256, 512, 1024, 2048 (got 999)', 'Iterations: “abc” is not a number',
    'Threads: 2.5 is not a whole number', 'unknown setting “<img src=x onerror="window.__pwned=1">”',
    'newer Interleave', 'damaged', '“maybe” is not a value of “live”', 'no simulated form']) {
    assert.ok(all.includes(part), `notice missing ${part}:\n${all}`);
  }
  assert.equal(await value('[data-testid=param-size]'), '1024', 'defaults stand in');
  assert.equal(await page.locator('main img').count(), 0);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  // The address bar now holds the clean link of what the page shows.
  assert.match(await hash(), /^#\/x\/parallel-speedup\?size=1024&iterations=256&serial=0&threads=2&live=1&via=engine&v=1$/);

  await page.goto(s.url + '#/x/no-such-thing?size=1');
  await page.waitForSelector('[data-testid=unknown-experiment]');
  const tooLong = 'a'.repeat(9000);
  await page.goto(s.url + `#/x/event-loop?units=400&x=${tooLong}`);
  await page.waitForSelector('[data-testid=link-notices]:has-text("too long")');
  assert.equal(await value('[data-testid=param-units]'), '1200');
  await s.screenshot('share-bad-link');
  assert.deepEqual(s.errors, []);
});

test('a link with results replays them, labelled, in a fresh browser profile', async () => {
  const { page } = s;
  await page.goto(s.url + '#/x/parallel-speedup?size=256&iterations=64&threads=1&live=0&v=1');
  await engineReady(page);
  const row = await runSpeedup(page, 1);
  await page.click('[data-testid=share-results]');
  await page.waitForSelector('[data-testid=share-status]:has-text("Copied the link with results")');
  const link = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(link, /&v=1&r=[A-Za-z0-9_-]+$/);

  const fresh = await open();
  try {
    // Same app, another server and a new profile: nothing is shared but the link's text.
    await fresh.page.goto(fresh.url + link.slice(link.indexOf('#')));
    await fresh.page.waitForSelector('[data-testid=replay]');
    const banner = await fresh.page.locator('[data-testid=replay]').textContent();
    assert.match(banner, /recorded in another browser, not measured here: Chrome \d+ .* hardware threads? · engine [\d.]+ · tier threads/);
    const replayed = await fresh.page.locator('[data-testid=result-row]').first().evaluate((r) => ({ ...r.dataset }));
    assert.equal(replayed.checksum, row.checksum);
    assert.equal(replayed.ms, row.ms);
    assert.equal(await fresh.page.locator('[data-testid=param-size]').inputValue(), '256');
    // Running here replaces the replay with this machine's own measurement.
    await engineReady(fresh.page);
    await fresh.page.click('[data-testid=run]');
    await until(fresh.page, () => !document.querySelector('[data-testid=replay]')
      && document.querySelectorAll('[data-testid=result-row]').length === 1);
    const own = await fresh.page.locator('[data-testid=result-row]').first().evaluate((r) => ({ ...r.dataset }));
    assert.equal(own.checksum, row.checksum, 'the same image, computed here');
    await fresh.screenshot('share-replayed-then-run');
    assert.deepEqual(fresh.errors, []);
  } finally {
    await fresh.close();
  }
  assert.deepEqual(s.errors, []);
});
