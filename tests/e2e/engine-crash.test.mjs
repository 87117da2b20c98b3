// A panic inside the engine reaches the page as a readable error, and the engine restarts
// without a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { open } from '../support/browser.mjs';
import { engineReady } from '../support/engine.mjs';

let s;
before(async () => { s = await open(); });
after(async () => { await s?.close(); });

const ready = () => engineReady(s.page);

test('a panic is reported with its message, and Restart brings the engine back', async () => {
  const { page } = s;
  await page.goto(s.url + '#/diagnostics');
  await ready();
  await page.click('[data-testid=crash]');
  const error = page.locator('[data-testid=engine-error]');
  await error.waitFor({ timeout: 15_000 });
  assert.match(await error.textContent(), /deliberate panic inside a pool thread/);
  assert.match(await page.textContent('[data-testid=engine-status]'), /crashed/);
  await s.screenshot('engine-crashed');
  await page.click('[data-testid=restart]');
  await ready();
  await error.waitFor({ state: 'detached' });
  // The new engine runs jobs.
  await page.goto(s.url + '#/x/parallel-speedup');
  await page.selectOption('[data-testid=param-size]', '256');
  await page.click('[data-testid=run]');
  await page.waitForSelector('[data-testid=result-row]', { timeout: 60_000 });
});

test('the only console error is the trap the panic provoked', () => {
  // With panic=abort a wasm panic ends in an `unreachable` trap in the pool worker that panicked.
  const unexpected = s.errors.filter((e) => !/^[^:]+: (Uncaught )?(RuntimeError: )?unreachable$/.test(e));
  assert.deepEqual(unexpected, []);
});
