// Parallel speedup in a page that is NOT cross-origin isolated (tier 2): the page offers and runs
// the image on plain workers that pass messages, labelled as such; 1 and 2 workers give the same
// checksum as the isolated engine's threads and the native reference; Stop works and the next run
// still does; no console errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { open, ROOT } from '../support/browser.mjs';

const SIZE = '256';
const ITERATIONS = '256';
let s; // not isolated
let iso; // isolated, for the engine's checksum

before(async () => { s = await open({ isolation: false }); });
after(async () => { await s?.close(); await iso?.close(); });

/** Runs on `threads` and returns the newest result row's data (the table lists newest first). */
async function runOn(page, threads, { timeout = 60_000 } = {}) {
  await page.fill('[data-testid=param-threads]', String(threads));
  const before = await page.locator('[data-testid=result-row]').count();
  await page.click('[data-testid=run]');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=result-row]').length > n,
    before, { timeout });
  return page.locator('[data-testid=result-row]').first().evaluate((r) => ({ ...r.dataset }));
}

const reference = () => execFileSync('cargo',
  ['run', '-q', '-p', 'interleave-experiments', '--example', 'mandelbrot_checksum', '--', SIZE, ITERATIONS],
  { cwd: ROOT, encoding: 'utf8' }).trim();

let messages = {};

test('without isolation the page offers message passing, labelled, and the link says so', async () => {
  const { page } = s;
  await page.goto(s.url + '#/x/parallel-speedup');
  assert.equal(await page.evaluate(() => crossOriginIsolated), false);
  await page.waitForSelector('[data-testid=badge-messages]');
  assert.match(await page.textContent('[data-testid=mode-line]'), /no shared memory/);
  assert.equal(await page.isChecked('[data-testid=via-messages] input'), true);
  assert.equal(await page.isDisabled('[data-testid=via-engine] input'), true);
  assert.equal(await page.isDisabled('[data-testid=run]'), false);
  assert.match(await page.textContent('[data-testid=why-messages]'), /Shared memory would/);
  await page.waitForFunction(() => location.hash.includes('via=messages'));
});

test('1 and 2 message-passing workers compute the reference image', async () => {
  const { page } = s;
  await page.selectOption('[data-testid=param-size]', SIZE);
  await page.fill('[data-testid=param-iterations]', ITERATIONS);
  const one = await runOn(page, 1);
  const two = await runOn(page, 2);
  const ref = reference();
  assert.match(ref, /^[0-9a-f]{16}$/);
  for (const r of [one, two]) {
    assert.equal(r.via, 'messages');
    assert.equal(r.checksum, ref);
    assert.equal(r.size, SIZE);
    assert.ok(Number(r.ms) > 0);
  }
  assert.equal(two.threads, '2');
  await page.waitForSelector('[data-testid=checksums-agree]');
  const [centre, corner] = await page.$eval('[data-testid=canvas]', (c) => {
    const ctx = c.getContext('2d');
    return [ctx.getImageData(c.width * 0.6, c.height / 2, 1, 1).data[2], ctx.getImageData(1, 1, 1, 1).data[2]];
  });
  assert.ok(centre < 40 && corner > 60, `centre ${centre}, corner ${corner}`);
  messages = { one, two };
  await s.screenshot('speedup-messages');
});

test('the checksum equals the isolated engine run of the same parameters', async () => {
  iso = await open();
  const { page } = iso;
  await page.goto(iso.url + '#/x/parallel-speedup');
  await page.waitForSelector('[data-testid=engine-status]:has-text("ready")', { timeout: 30_000 });
  await page.selectOption('[data-testid=param-size]', SIZE);
  await page.fill('[data-testid=param-iterations]', ITERATIONS);
  assert.equal(await page.isChecked('[data-testid=via-engine] input'), true);
  const engine1 = await runOn(page, 1);
  const engine2 = await runOn(page, 2);
  assert.equal(engine2.via, 'engine');
  assert.equal(engine2.checksum, messages.two.checksum);
  // The isolated page may run message passing too; its rows are marked as such.
  await page.check('[data-testid=via-messages] input');
  const m2 = await runOn(page, 2);
  assert.equal(m2.via, 'messages');
  assert.equal(m2.checksum, engine2.checksum);
  console.log(`# ${SIZE}px ${ITERATIONS} it.: messages 1 worker ${Number(messages.one.ms).toFixed(1)} ms, `
    + `2 workers ${Number(messages.two.ms).toFixed(1)} ms (not isolated); engine 1 thread `
    + `${Number(engine1.ms).toFixed(1)} ms, 2 threads ${Number(engine2.ms).toFixed(1)} ms; `
    + `messages in the isolated page, 2 workers ${Number(m2.ms).toFixed(1)} ms`);
  await iso.screenshot('speedup-messages-isolated');
  assert.deepEqual(iso.errors, []);
});

test('Stop ends a long message-passing run and the next run works', async () => {
  const { page } = s;
  await page.selectOption('[data-testid=param-size]', '2048');
  await page.fill('[data-testid=param-iterations]', '4096');
  await page.fill('[data-testid=param-threads]', '2');
  const rows = await page.locator('[data-testid=result-row]').count();
  await page.click('[data-testid=run]');
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=progress]')?.getAttribute('aria-valuenow')) > 0,
    null, { timeout: 30_000 });
  await page.click('[data-testid=stop]');
  await page.waitForSelector('[data-testid=notice]:has-text("Stopped")', { timeout: 10_000 });
  assert.equal(await page.locator('[data-testid=result-row]').count(), rows, 'a stopped run has no result');
  await page.selectOption('[data-testid=param-size]', SIZE);
  await page.fill('[data-testid=param-iterations]', ITERATIONS);
  const again = await runOn(page, 2);
  assert.equal(again.checksum, messages.two.checksum);
});

test('no console errors', () => {
  assert.deepEqual(s.errors, []);
});
