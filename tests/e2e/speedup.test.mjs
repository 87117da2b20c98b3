// Parallel speedup in a cross-origin isolated page: real threads, identical and correct
// checksums for 1 and 2 threads, a Stop that stops, typed-input errors, no console errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { open, ROOT } from '../support/browser.mjs';
import { engineReady, runSpeedup, until } from '../support/engine.mjs';

const SIZE = '256';
const ITERATIONS = '256';
let s;

before(async () => { s = await open(); });
after(async () => { await s?.close(); });

const runOn = (threads) => runSpeedup(s.page, threads);

test('the page is cross-origin isolated and the engine starts with real threads', async () => {
  await s.page.goto(s.url + '#/x/parallel-speedup');
  assert.equal(await s.page.evaluate(() => crossOriginIsolated), true);
  await engineReady(s.page);
  assert.match(await s.page.textContent('[data-testid=tier]'), /Tier 1/);
  assert.match(await s.page.textContent('[data-testid=engine-status]'), /ready, \d+ threads/);
});

test('1 and 2 threads compute the same image, and it is the native reference', async () => {
  const { page } = s;
  await page.selectOption('[data-testid=param-size]', SIZE);
  await page.fill('[data-testid=param-iterations]', ITERATIONS);
  const one = await runOn(1);
  const two = await runOn(2);
  const reference = execFileSync('cargo',
    ['run', '-q', '-p', 'interleave-experiments', '--example', 'mandelbrot_checksum', '--', SIZE, ITERATIONS],
    { cwd: ROOT, encoding: 'utf8' }).trim();
  assert.match(reference, /^[0-9a-f]{16}$/);
  assert.equal(one.checksum, reference);
  assert.equal(two.checksum, reference);
  assert.equal(one.size, SIZE);
  assert.ok(Number(one.ms) > 0 && Number(two.ms) > 0);
  await page.waitForSelector('[data-testid=checksums-agree]');
  // The canvas holds the image: its centre pixel is inside the set (dark), a corner outside.
  const [centre, corner] = await page.$eval('[data-testid=canvas]', (c) => {
    const ctx = c.getContext('2d');
    return [ctx.getImageData(c.width * 0.6, c.height / 2, 1, 1).data[2], ctx.getImageData(1, 1, 1, 1).data[2]];
  });
  assert.ok(centre < 40 && corner > 60, `centre ${centre}, corner ${corner}`);
  // The chart has a measured point per thread count.
  assert.equal(await page.locator('[data-testid=chart] circle.measured').count(), 2);
  console.log(`# 1 thread ${Number(one.ms).toFixed(1)} ms, 2 threads ${Number(two.ms).toFixed(1)} ms`);
  await s.screenshot('speedup-results');
});

test('with live drawing off, the image still arrives whole after the timed run', async () => {
  const { page } = s;
  await page.setChecked('[data-testid=live]', false);
  const run = await runOn(2);
  await page.setChecked('[data-testid=live]', true);
  const first = await page.locator('[data-testid=result-row]').last().evaluate((r) => r.dataset.checksum);
  assert.equal(run.checksum, first);
  const corner = await page.$eval('[data-testid=canvas]', (c) => c.getContext('2d').getImageData(1, c.height - 2, 1, 1).data[2]);
  assert.ok(corner > 60, `the last row was drawn (blue ${corner})`);
});

test('Stop ends a long run mid-way and the engine stays usable', async () => {
  const { page } = s;
  await page.selectOption('[data-testid=param-size]', '2048');
  await page.fill('[data-testid=param-iterations]', '4096');
  await page.fill('[data-testid=param-threads]', '2');
  const rows = await page.locator('[data-testid=result-row]').count();
  await page.click('[data-testid=run]');
  await until(page, () => Number(document.querySelector('[data-testid=progress]')?.getAttribute('aria-valuenow')) > 0,
    null, { timeout: 30_000 });
  await page.click('[data-testid=stop]');
  await page.waitForSelector('[data-testid=notice]:has-text("Stopped")', { timeout: 10_000 });
  assert.equal(await page.locator('[data-testid=result-row]').count(), rows, 'a stopped run has no result');
  assert.equal(await page.locator('[data-testid=progress]').count(), 0);
  await page.selectOption('[data-testid=param-size]', SIZE);
  await page.fill('[data-testid=param-iterations]', ITERATIONS);
  const after = await runOn(2);
  assert.equal(after.size, SIZE);
});

test('leaving the page mid-run stops the run, so the engine is free on return', async () => {
  const { page } = s;
  await page.selectOption('[data-testid=param-size]', '2048');
  await page.fill('[data-testid=param-iterations]', '4096');
  await page.click('[data-testid=run]');
  await until(page, () => Number(document.querySelector('[data-testid=progress]')?.getAttribute('aria-valuenow')) > 0,
    null, { timeout: 30_000 });
  await page.goto(s.url + '#/');
  await page.waitForSelector('[data-testid=catalog]');
  await page.goto(s.url + '#/x/parallel-speedup');
  await page.selectOption('[data-testid=param-size]', SIZE);
  await page.fill('[data-testid=param-iterations]', ITERATIONS);
  const run = await runOn(1);
  assert.equal(run.size, SIZE);
});

test('out-of-range input is refused with a message and Run is disabled until fixed', async () => {
  const { page } = s;
  await page.fill('[data-testid=param-iterations]', '99999');
  const error = page.locator('.param-error');
  await error.waitFor();
  assert.match(await error.textContent(), /between 16 and 4096/);
  assert.equal(await page.isDisabled('[data-testid=run]'), true);
  await page.fill('[data-testid=param-iterations]', '-16');
  assert.match(await error.textContent(), /between 16 and 4096 \(got -16\)/);
  await page.fill('[data-testid=param-iterations]', ITERATIONS);
  await error.waitFor({ state: 'detached' });
  assert.equal(await page.isDisabled('[data-testid=run]'), false);
});

test('an unknown experiment says so', async () => {
  await s.page.goto(s.url + '#/x/no-such-thing');
  await s.page.waitForSelector('text=Unknown experiment');
  assert.match(await s.page.textContent('main'), /no-such-thing/);
});

test('no console errors', () => {
  assert.deepEqual(s.errors, []);
});
