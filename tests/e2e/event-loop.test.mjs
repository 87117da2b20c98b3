// Event loop: the blocking variant really blocks the main thread (frames, input and its own
// slice all show it), the worker variant does not, the chunked variants cut the block down, every
// variant computes the same checksum, bounds are enforced, and tier 2 explains the worker variant.
// Assertions are on structure and generous physical facts, not tight timings.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { open } from '../support/browser.mjs';
import { engineReady, resultRowsAbove } from '../support/engine.mjs';

const UNITS = '800';
let s;

before(async () => { s = await open(); });
after(async () => { await s?.close(); });

const rows = () => s.page.$$eval('[data-testid=result-row]', (rs) => rs.map((r) => ({ ...r.dataset })));

/** Runs one variant while pressing keys in the text box, and returns its results row. Key presses
 *  go through the browser's input pipeline (CDP), so a press sent while the main thread is blocked
 *  waits for it, and the page measures that wait from the event's own timestamp. */
async function runTyping(variant) {
  const { page } = s;
  const before = (await rows()).length;
  await page.click('[data-testid=typing]');
  let typing = true;
  const typist = (async () => {
    while (typing) await page.keyboard.press('x');
  })();
  await page.click(`[data-testid=run-${variant}]`);
  await resultRowsAbove(page, before);
  typing = false;
  await typist;
  const all = await rows();
  return all[all.length - 1];
}

test('the event-loop page opens with its meter running and the engine ready', async () => {
  const { page } = s;
  await page.goto(s.url + '#/x/event-loop');
  await page.waitForSelector('[data-testid=experiment-event-loop]');
  await engineReady(page);
  await page.waitForSelector('[data-testid=run-blocking]:not([disabled])');
  // The strip is being painted: the canvas has been sized to its box by the meter.
  const width = await page.$eval('[data-testid=strip]', (c) => c.width);
  assert.ok(width > 100, `strip canvas width ${width}`);
  await page.fill('[data-testid=param-units]', UNITS);
});

test('the blocking variant blocks the main thread for the whole job', async () => {
  const r = await runTyping('blocking');
  const [compute, block, frame] = [Number(r.compute), Number(r.block), Number(r.frame)];
  assert.equal(r.units, UNITS);
  assert.ok(compute > 100, `the job took ${compute} ms`);
  assert.ok(block >= compute, `longest block ${block} ≥ job ${compute}`);
  // Independent witness: no animation frame can run during the block, so the frame gap spans it.
  assert.ok(frame >= compute, `longest frame gap ${frame} ≥ job ${compute}`);
  assert.ok(Number(r.dropped) > 0);
  // A key pressed during the block waited for it.
  assert.ok(Number(r.inputs) > 0, 'keys were pressed during the run');
  assert.ok(Number(r.input) >= compute / 4, `worst input delay ${r.input} ms for a ${compute} ms block`);
});

test('the worker variant leaves the main thread free', async () => {
  const blocking = (await rows()).find((r) => r.variant === 'blocking');
  const r = await runTyping('worker');
  const block = Number(r.block);
  assert.ok(block < 200 && block < Number(blocking.block) / 4, `worker longest block ${block} ms`);
  assert.ok(Number(r.frame) < Number(blocking.frame) / 2, `longest frame ${r.frame} vs ${blocking.frame}`);
  assert.equal(r.checksum, blocking.checksum, 'the worker computed what the main thread computed');
  if (r.input !== '') assert.ok(Number(r.input) < Number(blocking.input), `input delay ${r.input} vs ${blocking.input}`);
});

test('chunked variants cut the longest block to about a chunk, with the same checksum', async () => {
  const { page } = s;
  const blocking = (await rows()).find((r) => r.variant === 'blocking');
  const before = (await rows()).length;
  await page.fill('[data-testid=param-chunk]', '5');
  for (const v of ['chunked-timeout', 'chunked-message', 'chunked-scheduler-yield']) {
    const n = (await rows()).length;
    if (await page.locator(`[data-testid=run-${v}]`).isDisabled()) {
      // scheduler.yield() is feature-detected; the page must then say why.
      assert.equal(v, 'chunked-scheduler-yield');
      await page.waitForSelector(`[data-testid=off-${v}]`);
      continue;
    }
    await page.click(`[data-testid=run-${v}]`);
    await resultRowsAbove(page, n);
  }
  const chunked = (await rows()).slice(before);
  assert.ok(chunked.length >= 2);
  for (const r of chunked) {
    assert.equal(r.checksum, blocking.checksum, r.variant);
    assert.ok(Number(r.block) < Number(blocking.block) / 4, `${r.variant}: longest block ${r.block} ms`);
    assert.ok(Number(r.total) >= Number(r.compute), `${r.variant}: total ≥ compute`);
  }
  await page.waitForSelector('[data-testid=checksums-agree]');
  await s.screenshot('event-loop-1280');
  await page.setViewportSize({ width: 390, height: 844 });
  await s.screenshot('event-loop-390');
  await page.setViewportSize({ width: 1280, height: 900 });
});

test('out-of-range parameters are refused with a clear message and Run is off', async () => {
  const { page } = s;
  await page.fill('[data-testid=param-units]', '999999');
  await page.waitForSelector('text=Job size must be between 20 and 10000 (got 999999)');
  assert.equal(await page.locator('[data-testid=run-blocking]').isDisabled(), true);
  assert.equal(await page.locator('[data-testid=run-all]').isDisabled(), true);
  await page.fill('[data-testid=param-units]', UNITS);
  await page.waitForSelector('[data-testid=run-blocking]:not([disabled])');
});

test('no console errors on the isolated page', () => {
  assert.deepEqual(s.errors, []);
});

test('without isolation (tier 2) the main-thread variants run and the worker variant says why it is off', async () => {
  const t = await open({ isolation: false });
  try {
    const { page } = t;
    await page.goto(t.url + '#/x/event-loop');
    await page.waitForSelector('[data-testid=off-worker]');
    assert.match(await page.textContent('[data-testid=off-worker]'), /engine worker is off here/);
    assert.equal(await page.locator('[data-testid=run-worker]').isDisabled(), true);
    await page.waitForSelector('[data-testid=run-chunked-message]:not([disabled])');
    await page.fill('[data-testid=param-units]', '200');
    await page.click('[data-testid=run-chunked-message]');
    await page.waitForSelector('[data-testid=result-row][data-variant=chunked-message]', { timeout: 60_000 });
    await t.screenshot('event-loop-tier2');
    assert.deepEqual(t.errors, []);
  } finally {
    await t.close();
  }
});
