// Accessibility: axe-core on every route, in the light and the dark theme and in English and
// Korean, idle and with a run's results shown, fails on any serious or critical violation (and
// prints each one: rule, impact, what to fix, which elements). Then the keyboard: Tab reaches Run
// with a visible focus ring on every stop, Enter and Space run, the task-queue stepper steps by
// keys, the jank meter's controls work from the keyboard. Then reduced motion: the jank meter
// stops moving but still measures frames. No console errors. Screenshots: artifacts/a11y-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { open, distinct, ROOT } from '../support/browser.mjs';
import { until, resultRowsAbove } from '../support/engine.mjs';

const AXE = await readFile(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

const ROUTES = [
  ['home', '#/'],
  ['speedup', '#/x/parallel-speedup?size=256&iterations=32&v=1'],
  ['event-loop', '#/x/event-loop?units=40&chunk=5&v=1'],
  ['task-queues', '#/x/task-queues?scenario=await-vs-then&v=1'],
  ['go-scheduler', '#/x/go-scheduler?preset=syscalls&gomaxprocs=2&v=1'],
  ['race', '#/x/race?threads=3&variant=plain&schedule=010011&v=1'],
  ['embed-speedup', '#/embed/parallel-speedup?size=256&iterations=32&v=1'],
  ['embed-event-loop', '#/embed/event-loop?units=40&chunk=5&v=1'],
  ['embed-task-queues', '#/embed/task-queues?scenario=await-vs-then&v=1'],
  ['embed-go-scheduler', '#/embed/go-scheduler?preset=pipeline&v=1'],
  ['embed-race', '#/embed/race?variant=spinlock&schedule=01&v=1'],
  ['diagnostics', '#/diagnostics'],
  ['not-found', '#/no/such/page'],
  ['unknown-experiment', '#/x/no-such-thing'],
];
const THEMES = ['light', 'dark'];
const LANGS = ['en', 'ko'];
const FAILING = new Set(['serious', 'critical']);

const withLang = (route, lang) => `${route}${route.includes('?') ? '&' : '?'}lang=${lang}`;

/** Runs axe-core on the whole document and returns its violations, each with the elements. */
async function axe(page) {
  if (!await page.evaluate(() => typeof window.axe === 'object')) await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ').trim()}`),
    }));
  });
}

/** Fails on serious and critical violations, naming each rule and up to five elements. */
async function assertAccessible(page, where) {
  const failing = (await axe(page)).filter((v) => FAILING.has(v.impact));
  const report = failing.map((v) => `  [${v.impact}] ${v.id}: ${v.help}\n`
    + v.nodes.slice(0, 5).map((n) => `      ${n}`).join('\n')
    + (v.nodes.length > 5 ? `\n      … and ${v.nodes.length - 5} more` : '')).join('\n');
  assert.equal(failing.length, 0, `axe on ${where}:\n${report}`);
}

/** Waits until the page speaks `lang` and its heading is rendered. */
const speaks = (page, lang) => until(page, (l) => document.documentElement.lang === l && document.querySelector('h1'), lang);

/** Opens `route` in `lang`, ready to test: on an experiment page, once Run can be pressed. */
async function openRoute(page, url, route, lang) {
  await page.goto(url + withLang(route, lang));
  await speaks(page, lang);
  if (route.includes('parallel-speedup')) {
    // Run is on once the engine is ready (its status is worded in the page's language).
    await page.waitForSelector('[data-testid=run]:not([disabled])');
    await until(page, () => document.querySelector('[data-testid=engine-status]')?.textContent.match(/\d/));
  } else if (route.includes('event-loop')) {
    await page.waitForSelector('[data-testid=run-blocking]:not([disabled])');
  } else if (route.includes('task-queues') || route.includes('go-scheduler')) {
    await page.waitForSelector('[data-testid=run]:not([disabled])');
  }
}

/** Runs the experiment once and waits for its results: a results row, or the measured order. */
async function runOnce(page, route) {
  if (route.includes('parallel-speedup')) {
    const rows = await page.locator('[data-testid=result-row]').count();
    await page.click('[data-testid=run]');
    await resultRowsAbove(page, rows);
  } else if (route.includes('event-loop')) {
    const rows = await page.locator('[data-testid=result-row]').count();
    await page.click('[data-testid=run-chunked-timeout]');
    await resultRowsAbove(page, rows);
  } else if (route.includes('go-scheduler')) {
    await page.click('[data-testid=run]');
    await page.waitForSelector('[data-testid^=end-]');
    // Scrubbed, so that the readout and the marked program are checked too.
    await page.locator('[data-testid=timeline]').scrollIntoViewIfNeeded();
    const box = await page.locator('[data-testid=timeline]').boundingBox();
    await page.mouse.click(box.x + box.width / 2, box.y + 10);
    await page.waitForSelector('[data-testid=readout]');
  } else if (route.includes('race')) {
    // The simulated run's table, and the found interleaving with its highlighted steps.
    await page.click('[data-testid=find]');
    await page.waitForSelector('[data-testid=found]');
    await page.click('[data-testid=simulate]');
    await page.waitForSelector('[data-testid=sim-spinlock]', { timeout: 60_000 });
  } else {
    await page.click('[data-testid=run]');
    await page.waitForSelector('[data-testid=spec-ok], [data-testid=spec-bad]');
  }
  await until(page, () => !document.querySelector('[data-testid=running], [data-testid=progress]'));
}

let s;
before(async () => { s = await open(); });
after(async () => {
  await s?.page.emulateMedia({ colorScheme: null, reducedMotion: null });
  await s?.close();
});

for (const [name, route] of ROUTES) {
  for (const lang of LANGS) {
    test(`axe: ${name} in ${lang}, light and dark`, async () => {
      const { page } = s;
      for (const colorScheme of THEMES) {
        await page.emulateMedia({ colorScheme });
        await openRoute(page, s.url, route, lang);
        await assertAccessible(page, `${name} (${lang}, ${colorScheme})`);
        if (lang === 'en' || name === 'home') await s.screenshot(`a11y-${name}-${lang}-${colorScheme}`);
      }
    });
  }
}

// After a run the page shows more: results tables, the chart's points, the diagram and its log.
for (const [name, route] of ROUTES.filter(([n, r]) => r.startsWith('#/x/') && n !== 'unknown-experiment')) {
  for (const lang of LANGS) {
    test(`axe: ${name} in ${lang} with results, light and dark`, async () => {
      const { page } = s;
      await page.emulateMedia({ colorScheme: 'light' });
      await openRoute(page, s.url, route, lang);
      await runOnce(page, route);
      // Open the folded data tables too, so that they are checked.
      for (const d of await page.locator('details.data').all()) await d.evaluate((e) => { e.open = true; });
      for (const colorScheme of THEMES) {
        await page.emulateMedia({ colorScheme });
        await assertAccessible(page, `${name} with results (${lang}, ${colorScheme})`);
        if (lang === 'en') await s.screenshot(`a11y-${name}-results-${colorScheme}`);
      }
    });
  }
}

/** Whether the focused element shows a ring: a :focus-visible outline or box shadow. */
const focusRing = (page) => page.evaluate(() => {
  const e = document.activeElement;
  if (!e || e === document.body) return { ok: false, what: 'nothing focused' };
  const c = getComputedStyle(e);
  const outline = c.outlineStyle !== 'none' && parseFloat(c.outlineWidth) > 0;
  const shadow = c.boxShadow !== 'none';
  const what = `${e.tagName.toLowerCase()}${e.dataset.testid ? `[data-testid=${e.dataset.testid}]` : ''}`
    + ` "${(e.getAttribute('aria-label') ?? e.textContent).trim().slice(0, 40)}"`;
  return { ok: e.matches(':focus-visible') && (outline || shadow), what, outline: `${c.outlineStyle} ${c.outlineWidth}` };
});

/** Presses Tab until `selector` has the focus, checking the focus ring at every stop. */
async function tabTo(page, selector, { max = 80 } = {}) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const ring = await focusRing(page);
    assert.ok(ring.ok, `no visible focus ring on ${ring.what} (outline: ${ring.outline})`);
    if (await page.evaluate((sel) => document.activeElement?.matches(sel), selector)) return i + 1;
  }
  assert.fail(`${selector} not reached in ${max} presses of Tab`);
}

/** Starts keyboard navigation from the top of the document. */
async function fromTheTop(page) {
  await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
  await page.mouse.click(1, 1);
}

test('keyboard: Tab reaches Run with a visible focus ring, Enter runs (parallel speedup)', async () => {
  const { page } = s;
  for (const colorScheme of THEMES) {
    await page.emulateMedia({ colorScheme });
    // One thread: the run is its own baseline, so the chart gets a point.
    await openRoute(page, s.url, `${ROUTES[1][1]}&threads=1`, 'en');
    await fromTheTop(page);
    await tabTo(page, '[data-testid=run]');
    if (colorScheme === 'dark') await page.screenshot({ path: join(ROOT, 'tests/e2e/artifacts/a11y-focus-run-dark.png') });
    const rows = await page.locator('[data-testid=result-row]').count();
    await page.keyboard.press('Enter');
    await resultRowsAbove(page, rows);
    // The run is announced politely when it ends.
    await until(page, () => /Finished on 1 thread in [\d.,]+ ms\. Speedup over 1 thread: \d[.,]\d\d×/.test(document.querySelector('[data-testid=announce]').textContent));
    assert.equal(await page.getAttribute('[data-testid=announce]', 'aria-live'), 'polite');
  }
  // The chart's data table opens from the keyboard.
  await fromTheTop(page);
  await tabTo(page, 'details.data summary', { max: 120 });
  await page.keyboard.press('Enter');
  assert.ok(await page.$eval('details.data', (d) => d.open));
  // The 1-thread row has its measured speedup; the summary says it too.
  assert.match(await page.textContent('details.data tbody tr:first-child td'), /^\d[.,]\d\d×$/);
  assert.match(await page.getAttribute('[data-testid=chart]', 'aria-label'), /Measured: 1 threads?: \d[.,]\d\d×/);
});

test('keyboard: Space runs the task queues, and the stepper steps by buttons and arrow keys', async () => {
  const { page } = s;
  await page.emulateMedia({ colorScheme: 'light' });
  await openRoute(page, s.url, ROUTES[3][1], 'en');
  await fromTheTop(page);
  await tabTo(page, '[data-testid=run]');
  await page.keyboard.press('Space');
  await page.waitForSelector('[data-testid=spec-ok], [data-testid=spec-bad]');
  const step = () => page.evaluate(() => document.querySelector('[data-testid=step-count]').textContent.match(/step (\d+) of (\d+)/).slice(1).map(Number));
  const atStep = (n) => until(page, (n) => document.querySelector('[data-testid=step-count]').textContent.startsWith(`step ${n} of`), n);
  // A finished run shows its last step.
  const [last, total] = await step();
  assert.equal(last, total);
  // Buttons: Tab to "step back" and press Enter, then Space; Tab on to "step forward", Enter.
  await tabTo(page, '[data-testid=step-back]', { max: 120 });
  await page.keyboard.press('Enter');
  await atStep(last - 1);
  await page.keyboard.press('Space');
  await atStep(last - 2);
  await tabTo(page, '[data-testid=step-forward]', { max: 3 });
  await page.keyboard.press('Enter');
  await atStep(last - 1);
  // The diagram, focused: Home and End jump, the arrow keys step.
  await page.focus('[data-testid=diagram]');
  await page.keyboard.press('Home');
  await atStep(1);
  await page.keyboard.press('ArrowRight');
  await atStep(2);
  await page.keyboard.press('ArrowLeft');
  await atStep(1);
  await page.keyboard.press('End');
  await atStep(total);
  // Each step's caption is in a polite live region.
  assert.equal(await page.getAttribute('[data-testid=caption]', 'aria-live'), 'polite');
  await s.screenshot('a11y-task-queues-keyboard');
});

test('keyboard: the jank meter\'s controls (a variant, the text box) work from the keyboard', async () => {
  const { page } = s;
  await page.emulateMedia({ colorScheme: 'dark' });
  await openRoute(page, s.url, ROUTES[2][1], 'en');
  await fromTheTop(page);
  await tabTo(page, '[data-testid=run-chunked-timeout]');
  const rows = await page.locator('[data-testid=result-row]').count();
  await page.keyboard.press('Enter');
  await resultRowsAbove(page, rows);
  await until(page, () => /finished in/.test(document.querySelector('[data-testid=announce]').textContent));
  // The strip's text alternative now names the run.
  assert.match(await page.textContent('[data-testid=strip-summary]'), /Last run, Chunks/);
  assert.match(await page.getAttribute('[data-testid=strip]', 'aria-describedby'), /el-results/);
  await fromTheTop(page);
  await tabTo(page, '[data-testid=typing]', { max: 120 });
  await page.keyboard.type('typed');
  assert.equal(await page.inputValue('[data-testid=typing]'), 'typed');
  await page.emulateMedia({ colorScheme: 'light' });
});

/** The main-thread ball's position and a fingerprint of the strip, over `frames` frames. */
const watchMeter = (page, frames) => page.evaluate((n) => new Promise((resolve) => {
  const ball = document.querySelector('.el-ball.el-main');
  const strip = document.querySelector('[data-testid=strip]');
  const seen = [];
  const look = () => {
    seen.push({ p: ball.style.getPropertyValue('--p'), strip: strip.toDataURL() });
    if (seen.length < n) requestAnimationFrame(look); else resolve(seen);
  };
  requestAnimationFrame(look);
}), frames);

test('reduced motion: the jank meter stops moving and still measures every frame', async () => {
  const { page } = s;
  // Without the preference the ball moves and the strip scrolls on every frame.
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' });
  await openRoute(page, s.url, ROUTES[2][1], 'en');
  const moving = await watchMeter(page, 6);
  assert.ok(new Set(moving.map((f) => f.p)).size > 3, 'the ball moves every frame');
  assert.ok(new Set(moving.map((f) => f.strip)).size > 3, 'the strip scrolls every frame');
  assert.equal(await page.$eval('.el-ball.el-compositor', (b) => getComputedStyle(b).animationName), 'el-slide');

  await page.emulateMedia({ reducedMotion: 'reduce' });
  await openRoute(page, s.url, ROUTES[2][1], 'en');
  assert.equal(await page.$eval('.el-balls', (b) => getComputedStyle(b).display), 'none');
  assert.equal(await page.$eval('.el-ball.el-compositor', (b) => getComputedStyle(b).animationName), 'none');
  assert.ok(await page.isVisible('[data-testid=still]'), 'the page says why the balls are gone');
  const still = await watchMeter(page, 6);
  assert.equal(new Set(still.map((f) => f.p)).size, 1, 'the ball does not move');
  // Six frames span at most one of the strip's once-a-second repaints.
  assert.ok(new Set(still.map((f) => f.strip)).size <= 2, 'the strip does not scroll every frame');
  // The measurement still works: a blocking run shows its frame gap, and the idle frames around it.
  const rows = await page.locator('[data-testid=result-row]').count();
  await page.fill('[data-testid=param-units]', '400');
  await page.click('[data-testid=run-blocking]');
  await resultRowsAbove(page, rows);
  const r = await page.locator('[data-testid=result-row]').last().evaluate((e) => ({ ...e.dataset }));
  assert.ok(Number(r.compute) > 50, `the job took ${r.compute} ms`);
  assert.ok(Number(r.frame) >= Number(r.compute), `longest frame gap ${r.frame} ≥ job ${r.compute}`);
  assert.ok(Number(r.dropped) > 0, 'frames were missed, and counted');
  await s.screenshot('a11y-event-loop-reduced-motion');
  await page.emulateMedia({ reducedMotion: 'no-preference' });
});

test('no console errors', () => {
  assert.deepEqual(distinct(s.errors), []);
});
