// Go scheduler: programs run as goroutines on the scheduler in its deterministic simulator (a
// Web Worker), labelled as a simulation. Each preset's lesson shows in the numbers (stealing when
// one goroutine spawns the rest, hand-offs and extra Ms around blocking syscalls); the same
// program, GOMAXPROCS and seed give the same run, also from a share link that carries an edited
// program; parse errors point at line and column; a deadlock names where each goroutine waits;
// the timeline scrubs by click and keys and marks each goroutine's statement; Stop stops a long
// run. No console errors. Screenshots: artifacts/go-scheduler-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { open } from '../support/browser.mjs';
import { until } from '../support/engine.mjs';

let s;
before(async () => { s = await open(); });
after(async () => { await s?.close(); });

const stat = async (id) => Number((await s.page.textContent(`[data-testid=stat-${id}]`)).replace(/[^\d.]/g, ''));

/** Opens the page afresh at `query` (by way of the catalog, so that a link equal to the current
 *  address still builds the page from it) and waits until Run can be pressed. */
async function openAt(query = '') {
  await s.page.goto(`${s.url}#/`);
  await s.page.waitForSelector('h1');
  await s.page.goto(`${s.url}#/x/go-scheduler${query}`);
  await s.page.waitForSelector('[data-testid=experiment-go-scheduler]');
  await s.page.waitForSelector('[data-testid=run]:not([disabled])');
}

/** Presses Run and waits for the run's end badge; returns which end it was. */
async function run() {
  const { page } = s;
  await page.click('[data-testid=run]');
  await page.waitForSelector('[data-testid=run]:not([disabled])', { timeout: 60_000 });
  const end = await page.waitForSelector('[data-testid^=end-]', { timeout: 5_000 });
  return (await end.getAttribute('data-testid')).replace('end-', '');
}

test('a preset runs in the simulator, labelled as one, and the unbalanced program shows stealing', async () => {
  const { page } = s;
  await openAt('?preset=unbalanced&gomaxprocs=4&n=32&v=1');
  assert.match(await page.textContent('[data-testid=sim-badge]'), /Simulation/);
  assert.equal(await run(), 'finished');
  assert.ok(await stat('steals') > 0, 'idle Ps steal from the spawning goroutine\'s P');
  assert.ok(await stat('goroutines') >= 33);
  await s.screenshot('go-scheduler-unbalanced');
});

test('blocking syscalls hand their P off, so there are more Ms than Ps', async () => {
  const { page } = s;
  await openAt('?preset=syscalls&gomaxprocs=2&v=1');
  assert.equal(await run(), 'finished');
  assert.ok(await stat('handoffs') > 0);
  assert.ok(await stat('ms') > 2, 'Ms grow beyond GOMAXPROCS while others are blocked in syscalls');
  // The per-P table has a row per P.
  assert.equal(await page.locator('[data-testid=per-p] tbody tr').count(), 2);
});

test('the same program, GOMAXPROCS and seed give the same run; an edited program travels in the link', async () => {
  const { page } = s;
  await openAt('?preset=pipeline&gomaxprocs=3&v=1');
  const program = 'ch := chan(2)\nvar wg WaitGroup\nwg.add(1)\ngo {\n    for i in 0..40 {\n        ch <- i\n    }\n    wg.done()\n}\nfor i in 0..40 {\n    v := <-ch\n    work(3 * v)\n}\nwg.wait()\n';
  await page.fill('[data-testid=program]', program);
  await page.fill('[data-testid=seed]', '42');
  await page.waitForSelector('[data-testid=program-ok]');
  assert.equal(await run(), 'finished');
  const first = [await stat('duration'), await stat('steals'), await stat('goroutines')];
  const hash = await until(page, () => location.hash.includes('prog=') && location.hash.includes('seed=42') && location.hash);
  assert.match(hash, /gomaxprocs=3/);

  // A new tab opens the link: the same program and settings, and the same run.
  const other = await s.context.newPage();
  try {
    await other.goto(s.url + hash);
    await other.waitForSelector('[data-testid=run]:not([disabled])');
    assert.equal(await other.inputValue('[data-testid=program]'), program);
    assert.equal(await other.inputValue('[data-testid=seed]'), '42');
    await other.click('[data-testid=run]');
    await other.waitForSelector('[data-testid=end-finished]', { timeout: 60_000 });
    const again = [];
    for (const id of ['duration', 'steals', 'goroutines']) {
      again.push(Number((await other.textContent(`[data-testid=stat-${id}]`)).replace(/[^\d.]/g, '')));
    }
    assert.deepEqual(again, first);
  } finally {
    await other.close();
  }
});

test('a damaged program in a link falls back to the preset and says so', async () => {
  const { page } = s;
  // Link text that does not inflate to a program: the page names it and shows the preset.
  await openAt('?preset=sleepers&prog=AAAA&v=1');
  await page.waitForSelector('[data-testid=program-note]');
  assert.match(await page.inputValue('[data-testid=program]'), /sleep/);
  // Text outside the link alphabet: the link reader refuses it and says so.
  await openAt('?prog=%3Cscript%3E&v=1');
  assert.match(await page.textContent('[data-testid=link-notices]'), /“prog” is damaged or too long/);
  assert.equal(await page.locator('[data-testid=program-note]').count(), 0);
});

test('a parse error points at its line and column and disables Run until fixed', async () => {
  const { page } = s;
  await openAt();
  await page.fill('[data-testid=program]', 'var wg WaitGroup\ngo {\n    work(10\n}\n');
  const err = await page.waitForSelector('[data-testid=parse-error]');
  // The call is not closed at the end of line 3.
  assert.equal(await err.getAttribute('data-line'), '3');
  assert.match(await err.textContent(), /Line 3, column 12/);
  assert.ok(await page.isDisabled('[data-testid=run]'));
  await page.click('[data-testid=revert]');
  await page.waitForSelector('[data-testid=program-ok]');
  assert.ok(await page.isEnabled('[data-testid=run]'));
});

test('a deadlock is reported with where each goroutine waits', async () => {
  const { page } = s;
  await openAt();
  await page.fill('[data-testid=program]', 'ch := chan(0)\ngo {\n    ch <- 1\n    ch <- 2\n}\n<-ch\n<-ch\n<-ch\n');
  assert.equal(await run(), 'deadlock');
  assert.match(await page.textContent('[data-testid=deadlock]'), /line 8/);
});

test('the timeline scrubs by click and keys, marks each goroutine\'s statement, and hovers with details', async () => {
  const { page } = s;
  await openAt('?preset=pipeline&gomaxprocs=2&v=1');
  await run();
  await page.waitForSelector('[data-testid=scrub-hint]');
  const canvas = page.locator('[data-testid=timeline]');
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  // A click halfway along the plot scrubs there.
  await page.mouse.click(box.x + 72 + (box.width - 72) / 2, box.y + 10);
  await page.waitForSelector('[data-testid=readout]');
  assert.match(await page.textContent('[data-testid=p-runs]'), /P0 (runs G\d+|idle)/);
  assert.ok(await page.locator('[data-testid=gs-at-line]').count() > 0, 'some goroutine is at a statement');
  const mid = await page.textContent('#gs-at-title');
  // Keys: End goes to the end of the run, and the time shown follows.
  await canvas.focus();
  await page.keyboard.press('End');
  await until(page, (m) => document.querySelector('#gs-at-title').textContent !== m, mid);
  // W zooms in: the window on screen narrows (data-view: its first and last ns), and the picture
  // changes.
  const span = async () => { const [t0, t1] = (await canvas.getAttribute('data-view')).split(' ').map(Number); return t1 - t0; };
  const [whole, picture] = [await span(), await canvas.evaluate((c) => c.toDataURL())];
  await page.keyboard.press('w');
  await until(page, (w) => { const [t0, t1] = document.querySelector('[data-testid=timeline]').dataset.view.split(' ').map(Number); return t1 - t0 < w; }, whole);
  assert.ok(await span() < whole * 0.9);
  assert.notEqual(await canvas.evaluate((c) => c.toDataURL()), picture);
  // Hovering a lane says what is there.
  await page.keyboard.press('0');
  const lanesTop = box.y + box.height - 40;
  for (let x = box.x + 80; x < box.x + box.width - 10; x += 25) {
    await page.mouse.move(x, lanesTop);
    if (await page.locator('[data-testid=hover]').count()) break;
  }
  assert.ok(await page.locator('[data-testid=hover]').count() > 0, 'a hover box appears over the lanes');
  await s.screenshot('go-scheduler-scrubbed');
});

test('the run queues at the cursor: a steal takes half of a queue; events step forward and back; Play moves the cursor', async () => {
  const { page } = s;
  await openAt('?preset=unbalanced&gomaxprocs=4&n=32&v=1');
  await run();
  // Event by event from the start: until a queue holds goroutines and another P steals from it.
  const lens = () => page.$$eval('[data-testid^=ring-]', (qs) => qs.map((q) => Number(q.dataset.len)));
  let most = 0;
  let halved = false;
  for (let i = 0; i < 400 && !halved; i++) {
    await page.click('[data-testid=next-event]');
    await page.waitForSelector('[data-testid=run-queues]');
    const now = await lens();
    const top = Math.max(...now);
    // A queue of n drops to about n/2 in one event: half of it was stolen.
    if (most >= 4 && top <= Math.ceil(most / 2) + 1 && top < most) halved = true;
    most = Math.max(most, top);
  }
  assert.ok(most >= 4, 'the spawning goroutine queues the others on its P');
  assert.ok(halved, 'a steal takes about half of the queue at once');
  await s.screenshot('go-scheduler-queues');
  // Back one event and forward one: the same time and the same queues.
  const at = await page.textContent('#gs-at-title');
  const queues = await lens();
  await page.click('[data-testid=prev-event]');
  await until(page, (a) => document.querySelector('#gs-at-title')?.textContent !== a, at);
  await page.click('[data-testid=next-event]');
  await until(page, (a) => document.querySelector('#gs-at-title')?.textContent === a, at);
  assert.deepEqual(await lens(), queues);
  // Play runs to the end by itself.
  await page.selectOption('[data-testid=speed]', 'fast');
  await page.click('[data-testid=play]');
  await until(page, () => document.querySelector('[data-testid=play]').getAttribute('aria-pressed') === 'false'
    && document.querySelector('[data-testid=m-0]') !== null, null, { timeout: 20_000 });
  assert.equal(await page.getAttribute('[data-testid=play]', 'aria-pressed'), 'false');
});

test('every preset runs and shows its lesson', async () => {
  const { page } = s;
  // What each preset must show (the simulator decides, but these hold for every seed).
  const checks = {
    uniform: async () => assert.ok(await stat('goroutines') >= 16),
    unbalanced: async () => assert.ok(await stat('steals') > 0),
    syscalls: async () => { assert.ok(await stat('handoffs') > 0); assert.ok(await stat('ms') > 2); },
    pipeline: async () => assert.equal(await stat('syscalls'), 0),
    'fan-out-fan-in': async () => assert.ok(await stat('goroutines') >= 16),
    sleepers: async () => assert.ok(await stat('duration') > 0),
    'never-yield': async () => assert.equal(await stat('yields'), 0),
    'yield-point': async () => assert.ok(await stat('yields') >= 20),
  };
  await openAt();
  const all = await page.$$eval('[data-testid=preset] option', (os) => os.map((o) => o.value));
  assert.deepEqual(Object.keys(checks).sort(), [...all].sort(), 'a check for every preset');
  for (const id of all) {
    // Each at the GOMAXPROCS and N it is meant for: picked in the page, as a person does.
    await openAt();
    await page.selectOption('[data-testid=preset]', id);
    await page.waitForSelector('[data-testid=program-ok]');
    assert.equal(await page.inputValue('[data-testid=preset]'), id);
    assert.equal(await run(), 'finished', id);
    await checks[id]();
    await s.screenshot(`go-scheduler-preset-${id}`);
  }
});

test('Stop ends a long simulation, and the page can run again', async () => {
  const { page } = s;
  await openAt();
  await page.fill('[data-testid=program]', 'var wg WaitGroup\nfor i in 0..200000 {\n    wg.add(1)\n    go {\n        work(1)\n        yield()\n        wg.done()\n    }\n}\nwg.wait()\n');
  await page.waitForSelector('[data-testid=program-ok]');
  await page.click('[data-testid=run]');
  await page.waitForSelector('[data-testid=progress]');
  await page.click('[data-testid=stop]');
  await page.waitForSelector('[data-testid=notice]');
  await page.waitForSelector('[data-testid=run]:not([disabled])');
  await page.click('[data-testid=revert]');
  assert.equal(await run(), 'finished');
});

test('without isolation (tier 2) the simulation still runs: it needs no shared memory', async () => {
  const t = await open({ isolation: false });
  try {
    await t.page.goto(`${t.url}#/x/go-scheduler?preset=syscalls&gomaxprocs=2&n=8&v=1`);
    await t.page.waitForSelector('[data-testid=run]:not([disabled])');
    assert.match(await t.page.textContent('[data-testid=tier]'), /Tier 2/);
    assert.equal(await t.page.evaluate(() => crossOriginIsolated), false);
    await t.page.click('[data-testid=run]');
    await t.page.waitForSelector('[data-testid=end-finished]', { timeout: 60_000 });
    assert.ok(Number((await t.page.textContent('[data-testid=stat-handoffs]')).replace(/\D/g, '')) > 0);
    await t.screenshot('go-scheduler-tier2');
    assert.deepEqual(t.errors, []);
  } finally {
    await t.close();
  }
});

test('no console errors', () => {
  assert.deepEqual(s.errors, []);
});
