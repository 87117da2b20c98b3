// Task queues: a scenario runs for real and its recorded order matches what the HTML and
// ECMAScript specs fix (checked here against a hand-written order, independently of the page's
// own model); the diagram steps forward and back with buttons and keys; no console errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { open } from '../support/browser.mjs';

let s;
before(async () => { s = await open(); });
after(async () => { await s?.close(); });

const logLines = () => s.page.$$eval('[data-testid=log-line]', (ls) => ls.map((l) => l.dataset.text));

async function run(preset) {
  const { page } = s;
  await page.check(`[data-testid=preset-${preset}]`);
  const before = await page.locator('[data-testid=step-count]').textContent().catch(() => null);
  await page.click('[data-testid=run]');
  await page.waitForSelector('[data-testid=run]:has-text("Run"):not([disabled])', { timeout: 10_000 });
  await page.waitForSelector('[data-testid=spec-ok], [data-testid=spec-bad]');
  return before;
}

test('the classic scenario runs in the order the specs require', async () => {
  const { page } = s;
  await page.goto(s.url + '#/x/task-queues');
  await page.waitForSelector('[data-testid=experiment-task-queues]');
  await run('classic');
  const log = await logLines();
  // HTML: the script runs to completion, then the microtask checkpoint empties the microtask
  // queue in FIFO order (then 1, queueMicrotask, the await continuation, then 2 — queued by then 1).
  assert.deepEqual(log.slice(0, 7),
    ['script start', 'f() starts', 'script end', 'then 1', 'microtask', 'f() after await', 'then 2']);
  // Then the tasks and the frame: their relative order is the browser's choice.
  assert.deepEqual([...log.slice(7)].sort(), ['animation frame', 'message', 'timeout']);
  await page.waitForSelector('[data-testid=spec-ok]');
  // The code shown is the scenario that ran.
  assert.match(await page.textContent('[data-testid=code]'), /queueMicrotask\(async \(\) => \{/);
});

test('microtasks queued inside a task run before the next task', async () => {
  await run('microtasks-in-tasks');
  const log = await logLines();
  const at = (t) => log.indexOf(t);
  assert.deepEqual(log.slice(0, 2), ['script start', 'script end']);
  assert.equal(at('then in timeout 1'), at('timeout 1') + 1);
  assert.equal(at('microtask in timeout 2'), at('timeout 2') + 1);
  assert.equal(at('then in message'), at('message') + 1);
  assert.ok(at('timeout 1') < at('timeout 2'), 'equal timers run in the order they were set');
  await s.page.waitForSelector('[data-testid=spec-ok]');
});

test('the diagram steps forward and back, with buttons and keys', async () => {
  const { page } = s;
  await run('classic');
  const count = async () => {
    const [, at, of] = (await page.textContent('[data-testid=step-count]')).match(/step (\d+) of (\d+)/);
    return [Number(at), Number(of)];
  };
  const [last, total] = await count();
  assert.equal(last, total, 'a finished run shows its last step');
  assert.ok(total > 20);
  await page.click('[data-testid=step-first]');
  assert.deepEqual(await count(), [1, total]);
  assert.match(await page.textContent('[data-testid=caption]'), /scenario is queued as a task/);
  assert.match(await page.textContent('[data-testid=lane-tasks]'), /scenario\(\)/);
  await page.click('[data-testid=step-forward]');
  await page.click('[data-testid=step-forward]');
  assert.deepEqual(await count(), [3, total]);
  assert.match(await page.textContent('[data-testid=lane-stack]'), /scenario\(\)/);
  await page.click('[data-testid=step-back]');
  assert.deepEqual(await count(), [2, total]);
  await page.focus('[data-testid=diagram]');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.deepEqual(await count(), [4, total]);
  await page.keyboard.press('End');
  assert.deepEqual(await count(), [total, total]);
  await page.keyboard.press('Home');
  assert.deepEqual(await count(), [1, total]);
  // Jump to the line "then 2": the microtask queue is being drained, the stack holds its callback.
  await page.click('[data-testid=log-line][data-text="then 2"] button');
  assert.match(await page.textContent('[data-testid=caption]'), /log\(“then 2”\)/);
  assert.match(await page.textContent('[data-testid=lane-stack]'), /then callback 2/);
  await s.screenshot('task-queues-1280');
  await page.setViewportSize({ width: 390, height: 844 });
  await s.screenshot('task-queues-390');
  await page.setViewportSize({ width: 1280, height: 900 });
});

test('every preset runs and keeps the spec rules; bad input is refused', async () => {
  const { page } = s;
  for (const p of ['await-vs-then', 'microtask-chain', 'interval-and-frames']) {
    await run(p);
    await page.waitForSelector('[data-testid=spec-ok]');
  }
  await page.fill('[data-testid=param-delay]', '5000');
  await page.waitForSelector('text=Timer delay must be between 0 and 100 (got 5000)');
  assert.equal(await page.locator('[data-testid=run]').isDisabled(), true);
  await page.fill('[data-testid=param-delay]', '0');
});

test('no console errors', () => {
  assert.deepEqual(s.errors, []);
});
