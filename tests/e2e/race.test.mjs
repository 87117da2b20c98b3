// Race: threads incrementing one counter, stepped by hand in the manner of The Deadlock Empire.
// Buttons and digit keys step a thread, Backspace and Z undo; the load-load-store-store
// interleaving loses an update and the three steps that lost it are highlighted and explained;
// "Find a losing interleaving" replays the shortest one for the plain counter and says none
// exists for the atomic and locked variants; the schedule travels in the share link and replays
// in a new page; a damaged schedule opens the start with a notice; the simulated run is labelled
// as one and loses updates only without protection. No console errors.
// Screenshots: artifacts/race-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { open } from '../support/browser.mjs';
import { until } from '../support/engine.mjs';

let s;
before(async () => { s = await open(); });
after(async () => { await s?.close(); });

/** Opens the page afresh at `query` (by way of the catalog, so that a link equal to the current
 *  address still builds the page from it). */
async function openAt(query = '') {
  await s.page.goto(`${s.url}#/`);
  await s.page.waitForSelector('h1');
  await s.page.goto(`${s.url}#/x/race${query}`);
  await s.page.waitForSelector('[data-testid=experiment-race]');
}

const text = (sel) => s.page.textContent(sel);
const num = async (sel) => Number((await text(sel)).trim());
const log = () => s.page.$$eval('[data-testid=log-step]', (ls) => ls.map((l) => ({ thread: l.dataset.thread, role: l.dataset.role })));

test('buttons step threads, the current instruction and register follow, and undo takes steps back', async () => {
  const { page } = s;
  await openAt('?threads=2&step_increments=1&variant=plain&v=1');
  assert.match(await text('[data-testid=sim-badge]'), /Simulation/);
  assert.equal(await num('[data-testid=expected]'), 2);
  // Each thread's first instruction is the load.
  assert.equal(await page.getAttribute('[data-testid=thread-0] [aria-current=step]', 'data-op'), 'load');
  await page.click('[data-testid=step-0]');
  assert.equal(await page.getAttribute('[data-testid=thread-0] [aria-current=step]', 'data-op'), 'add');
  assert.match(await text('[data-testid=register-0]'), /0/);
  await page.click('[data-testid=step-0]');
  assert.match(await text('[data-testid=register-0]'), /\b1\b/);
  await page.click('[data-testid=step-0]');
  assert.equal(await num('[data-testid=counter]'), 1);
  // Finished: its button is disabled.
  assert.ok(await page.isDisabled('[data-testid=step-0]'));
  assert.match(await text('[data-testid=announce]'), /Thread 0 stored 1/);
  await page.click('[data-testid=undo]');
  assert.equal(await num('[data-testid=counter]'), 0);
  assert.ok(await page.isEnabled('[data-testid=step-0]'));
  assert.equal((await log()).length, 2);
});

test('keys step and undo; load, load, store, store loses an update, highlighted and explained', async () => {
  const { page } = s;
  await openAt('?threads=2&step_increments=1&variant=plain&v=1');
  const stepper = page.locator('[data-testid=stepper]');
  // Tab from the variant control to the stepper, which shows a focus ring.
  await page.focus('[data-testid=variant]');
  for (let i = 0; i < 10 && !(await stepper.evaluate((e) => e === document.activeElement)); i++) await page.keyboard.press('Tab');
  assert.ok(await stepper.evaluate((e) => e.matches(':focus-visible')), 'the stepper takes focus by Tab');
  assert.notEqual(await stepper.evaluate((e) => getComputedStyle(e).outlineStyle), 'none');
  for (const k of ['0', '1', '0', '0', '9']) await page.keyboard.press(k);
  assert.equal((await log()).length, 4, '9 is not a thread key');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('z');
  assert.deepEqual((await log()).map((l) => l.thread), ['0', '1']);
  for (const k of ['0', '0', '1', '1']) await page.keyboard.press(k);
  await page.waitForSelector('[data-testid=final]');
  assert.equal(await num('[data-testid=counter]'), 1);
  assert.equal(await num('[data-testid=lost]'), 1);
  // Steps 2 (thread 1's load), 4 (thread 0's store) and 6 (thread 1's store) lost thread 0's update.
  const roles = (await log()).map((l) => l.role);
  assert.deepEqual(roles, ['', 'stale-load', '', 'overwritten', '', 'overwriting']);
  assert.equal(await page.locator('[data-testid=log-step].lost').count(), 3);
  assert.match(await text('[data-testid=lost-explained]'),
    /thread 1 loaded 0, thread 0 stored 1, thread 1 stored 1: thread 0's update is lost/);
  assert.match(await text('[data-testid=announce]'), /update is lost/);
  await s.screenshot('race-lost');
});

test('Find replays the shortest losing interleaving; the atomic and locked variants have none', async () => {
  const { page } = s;
  await openAt('?threads=3&step_increments=2&variant=plain&v=1');
  await page.click('[data-testid=find]');
  await page.waitForSelector('[data-testid=found][data-found=true]');
  assert.match(await text('[data-testid=found]'), /after \d+ steps an update is already lost/);
  assert.ok(await num('[data-testid=lost]') > 0);
  assert.ok(await num('[data-testid=counter]') < 6);
  assert.ok(await page.locator('[data-testid=log-step].lost').count() >= 3);
  assert.match(await text('[data-testid=lost-explained]'), /update is lost/);
  await s.screenshot('race-found');

  for (const variant of ['atomic', 'mutex', 'spinlock']) {
    await page.selectOption('[data-testid=variant]', variant);
    await page.waitForSelector('[data-testid=log-step]', { state: 'detached' });
    await page.click('[data-testid=find]');
    await page.waitForSelector('[data-testid=found][data-found=false]');
    assert.match(await text('[data-testid=found]'), /No schedule loses an update/, variant);
    assert.equal(await page.locator('[data-testid=log-step]').count(), 0);
  }
  // The spinlock: thread 0 takes the lock, thread 1 spins.
  await page.click('[data-testid=step-0]');
  await page.waitForSelector('[data-testid=holds-0]');
  await page.click('[data-testid=step-1]');
  assert.match(await text('[data-testid=announce]'), /spun/);
  await s.screenshot('race-spinlock');
});

test('the share link carries the schedule and replays the same steps in a new page', async () => {
  const { page } = s;
  await openAt('?threads=3&step_increments=1&variant=mutex&v=1');
  for (const t of [0, 1, 0, 2]) await page.click(`[data-testid=step-${t}]`);
  // Thread 1 found the mutex held and parked: its button is disabled.
  assert.ok(await page.isDisabled('[data-testid=step-1]'));
  const hash = await until(page, () => location.hash.includes('schedule=0102') && location.hash);
  assert.match(hash, /variant=mutex/);
  const steps = await log();
  const counter = await num('[data-testid=counter]');
  const other = await s.context.newPage();
  try {
    await other.goto(s.url + hash);
    await other.waitForSelector('[data-testid=experiment-race]');
    const again = await other.$$eval('[data-testid=log-step]', (ls) => ls.map((l) => ({ thread: l.dataset.thread, role: l.dataset.role })));
    assert.deepEqual(again, steps);
    assert.equal(Number((await other.textContent('[data-testid=counter]')).trim()), counter);
    assert.ok(await other.isDisabled('[data-testid=step-1]'));
    assert.equal(await other.locator('[data-testid=schedule-note]').count(), 0);
  } finally {
    await other.close();
  }
});

test('a damaged or impossible schedule in a link opens the start with a notice', async () => {
  const { page } = s;
  await openAt('?threads=2&schedule=0190&v=1');
  await page.waitForSelector('[data-testid=schedule-note]');
  assert.match(await text('[data-testid=schedule-note]'), /could not be read/);
  assert.equal(await page.locator('[data-testid=log-step]').count(), 0);
  await openAt('?threads=2&schedule=0000&v=1');
  assert.match(await text('[data-testid=schedule-note]'), /does not fit this race/);
  assert.equal(await page.locator('[data-testid=log-step]').count(), 0);
  // Stepping works from there.
  await page.click('[data-testid=step-1]');
  assert.equal(await page.locator('[data-testid=log-step]').count(), 1);
});

test('the simulated run loses updates only without protection, and the seed decides it', async () => {
  const { page } = s;
  await openAt('?threads=4&increments=2000&v=1');
  await page.fill('[data-testid=seed]', '7');
  await page.click('[data-testid=simulate]');
  await page.waitForSelector('[data-testid=sim-spinlock]', { timeout: 60_000 });
  await page.waitForSelector('[data-testid=simulate]:not([disabled])');
  const lost = async (v) => Number((await page.textContent(`[data-testid=sim-${v}] [data-testid=sim-lost]`)).replace(/[^\d]/g, ''));
  assert.ok(await lost('plain') > 0, 'the plain counter loses updates');
  for (const v of ['atomic', 'mutex', 'spinlock']) assert.equal(await lost(v), 0, v);
  const plain = await page.textContent('[data-testid=sim-plain] [data-testid=sim-final]');
  assert.match(await until(page, () => location.hash.includes('seed=7') && location.hash), /increments=2000/);
  await s.screenshot('race-simulated');
  // The same seed again: the same final count.
  await page.click('[data-testid=simulate]');
  await page.waitForSelector('[data-testid=simulate]:not([disabled])');
  await page.waitForSelector('[data-testid=sim-spinlock]', { timeout: 60_000 });
  assert.equal(await page.textContent('[data-testid=sim-plain] [data-testid=sim-final]'), plain);
});

test('no console errors', () => {
  assert.deepEqual(s.errors, []);
});
