// The same build served without isolation headers (tier 2): the page renders, names its tier
// and why, keeps what still works, and nothing crashes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { open } from '../support/browser.mjs';

let s;
before(async () => { s = await open({ isolation: false }); });
after(async () => { await s?.close(); });

test('the catalog renders and the status strip names tier 2 and the reason', async () => {
  const { page } = s;
  await page.goto(s.url);
  await page.waitForSelector('[data-testid=catalog] [data-testid=card-parallel-speedup]');
  assert.equal(await page.evaluate(() => crossOriginIsolated), false);
  assert.match(await page.textContent('[data-testid=tier]'), /Tier 2/);
  assert.equal(await page.textContent('[data-testid=isolated]'), 'no');
  const reason = await page.textContent('[data-testid=tier-reason]');
  assert.match(reason, /not\s+cross-origin isolated/);
  assert.match(reason, /Cross-Origin-Opener-Policy: same-origin/);
  assert.match(await page.textContent('[data-testid=engine-status]'), /not available/);
  await s.screenshot('tier2-home');
});

test('the experiment page explains what needs shared memory, runs message passing instead, and keeps its text', async () => {
  const { page } = s;
  await page.click('[data-testid=card-parallel-speedup] a');
  await page.waitForSelector('[data-testid=needs-threads]');
  // Tier 2 runs the speedup on workers passing messages (tests/e2e/speedup-messages.test.mjs).
  await page.waitForSelector('[data-testid=badge-messages]');
  assert.equal(await page.isDisabled('[data-testid=run]'), false);
  assert.match(await page.textContent('.why'), /Amdahl/);
  await page.fill('[data-testid=param-iterations]', '5');
  assert.match(await page.textContent('.param-error'), /between 16 and 4096/);
  await s.screenshot('tier2-speedup');
});

test('no console errors', () => {
  assert.deepEqual(s.errors, []);
});
