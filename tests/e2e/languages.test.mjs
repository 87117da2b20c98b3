// Every route in English and in Korean: chosen by the link's `lang`, by the switcher (which keeps
// the route and its parameters, and is remembered), and by the browser's language. In Korean the
// headings, controls and status strip are Korean (no English left in them, beyond API names), the
// document says lang="ko", and nothing logs an error. Screenshots: artifacts/lang-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { open, distinct } from '../support/browser.mjs';
import { until } from '../support/engine.mjs';

const ROUTES = [
  ['home', '#/'],
  ['speedup', '#/x/parallel-speedup?size=512&iterations=64&v=1'],
  ['event-loop', '#/x/event-loop?units=200&v=1'],
  ['task-queues', '#/x/task-queues?scenario=await-vs-then&v=1'],
  ['go-scheduler', '#/x/go-scheduler?preset=pipeline&gomaxprocs=2&v=1'],
  ['race', '#/x/race?threads=3&variant=plain&schedule=010011&v=1'],
  ['embed-speedup', '#/embed/parallel-speedup?size=512&v=1'],
  ['embed-event-loop', '#/embed/event-loop'],
  ['embed-task-queues', '#/embed/task-queues'],
  ['embed-go-scheduler', '#/embed/go-scheduler'],
  ['embed-race', '#/embed/race?variant=mutex&schedule=01&v=1'],
  ['diagnostics', '#/diagnostics'],
  ['not-found', '#/no/such/page'],
  ['unknown-experiment', '#/x/no-such-thing'],
];

const HANGUL = /[\uAC00-\uD7A3]/;
// Text that stays as it is in Korean: API and format names, the brand, the witness marks.
const KEEP = new Set(['Interleave', 'English', 'CSV', 'SVG', 'PNG', 'J', 'L', 'crossOriginIsolated',
  'hardwareConcurrency', 'Web Worker', '◀◀', '◀', '▶', '▶▶']);
// Names of processors, threads and goroutines (P0, M1, G5) and the scheduler's own words.
const KEEP_PATTERN = /^([PMG]\d*|GOMAXPROCS)$/;

const withLang = (route, lang) => `${route}${route.includes('?') ? '&' : '?'}lang=${lang}`;

/** Waits until the page speaks `lang` and its heading is rendered. */
async function speaks(page, lang) {
  await until(page, (l) => document.documentElement.lang === l && document.querySelector('h1'), lang);
}

/** Headings, labels, buttons, legends, column heads, captions and the status strip whose text has
 *  Latin letters but no Hangul (and is not kept as it is). */
const englishLeftovers = (page) => page.evaluate(([keep, hangul, pattern]) => {
  const re = new RegExp(hangul);
  const keepPattern = new RegExp(pattern);
  const visible = (e) => e.getClientRects().length > 0;
  const out = [];
  const sel = 'h1, h2, h3, h4, label, button, legend, th, figcaption, .question, .empty, .notice, '
    + '[data-testid=status] li, [data-testid=tier-reason] p, .why p, .why li, nav a, .tagline, footer';
  for (const e of document.querySelectorAll(sel)) {
    if (!visible(e)) continue;
    // Controls inside a label speak for themselves (their values are numbers and API names).
    const text = [...e.childNodes].filter((n) => !(n instanceof Element && n.matches('select, input, textarea')))
      .map((n) => n.textContent).join('').trim();
    if (!/[A-Za-z]/.test(text) || re.test(text) || keep.includes(text) || keepPattern.test(text)) continue;
    out.push(text.slice(0, 80));
  }
  return out;
}, [[...KEEP], HANGUL.source, KEEP_PATTERN.source]);

let s;
before(async () => { s = await open(); });
after(async () => { await s?.close(); });

for (const [name, route] of ROUTES) {
  test(`${name}: Korean from the link's lang, English without it`, async () => {
    const { page } = s;
    await page.goto(s.url + withLang(route, 'ko'));
    await speaks(page, 'ko');
    assert.match(await page.textContent('h1'), HANGUL);
    assert.match(await page.title(), HANGUL);
    assert.match(await page.textContent('[data-testid=tier]'), /티어 \d/);
    assert.equal(await page.inputValue('[data-testid=lang-switch]'), 'ko');
    assert.deepEqual(await englishLeftovers(page), [], `English left on ${route} in Korean`);
    await s.screenshot(`lang-ko-${name}`);

    await page.goto(s.url + withLang(route, 'en'));
    await speaks(page, 'en');
    assert.doesNotMatch(await page.textContent('h1'), HANGUL);
    assert.match(await page.textContent('[data-testid=tier]'), /Tier \d/);
    // The check has teeth: the English page is all leftovers to it.
    assert.ok((await englishLeftovers(page)).length > 2, 'the leftover check finds English');
    await s.screenshot(`lang-en-${name}`);
  });
}

test('the switcher changes the language on every route, keeps the route and its parameters, and is remembered', async () => {
  const { page } = s;
  for (const [name, route] of ROUTES) {
    await page.goto(s.url + withLang(route, 'en'));
    await speaks(page, 'en');
    const english = await page.textContent('h1');
    await page.selectOption('[data-testid=lang-switch]', 'ko');
    await speaks(page, 'ko');
    await until(page, () => /[\uAC00-\uD7A3]/.test(document.querySelector('h1').textContent));
    assert.notEqual(await page.textContent('h1'), english, name);
    const hash = await page.evaluate(() => location.hash);
    assert.ok(hash.startsWith(route.split('?')[0]), `${name}: still on the route (${hash})`);
    for (const kv of (route.split('?')[1] ?? '').split('&').filter((p) => p && p !== 'v=1')) {
      assert.ok(hash.includes(kv), `${name}: ${kv} kept in ${hash}`);
    }
    assert.match(hash, /lang=ko/, `${name}: the address carries the choice`);
  }
  // Remembered: a page opened with no lang at all is Korean after a reload.
  await page.goto(s.url + '#/diagnostics');
  await page.reload();
  await speaks(page, 'ko');
  assert.match(await page.textContent('h1'), HANGUL);
  // And back to English.
  await page.selectOption('[data-testid=lang-switch]', 'en');
  await speaks(page, 'en');
  assert.doesNotMatch(await page.textContent('h1'), HANGUL);
  await page.goto(s.url + '#/');
  await page.reload();
  await speaks(page, 'en');
});

test('Korean share links carry lang=ko; the share bar, refusals and a measured run speak Korean', async () => {
  const { page } = s;
  await page.goto(s.url + '#/x/task-queues?scenario=await-vs-then&lang=ko&v=1');
  await speaks(page, 'ko');
  await until(page, () => location.hash.includes('lang=ko'));
  await page.click('[data-testid=run]');
  await page.waitForSelector('[data-testid=spec-ok], [data-testid=spec-bad]');
  await page.click('[data-testid=step-last]');
  assert.match(await page.textContent('[data-testid=caption]'), HANGUL);
  assert.match(await page.textContent('[data-testid=step-count]'), /\d+단계 중 \d+단계/);
  await page.fill('[data-testid=param-delay]', '5000');
  assert.match(await page.textContent('.param-error'), /타이머 지연 값은 0에서 100 사이여야 합니다 \(입력: 5000\)/);
  await page.click('[data-testid=embed]');
  await page.waitForSelector('[data-testid=embed-html]');
  assert.match(await page.inputValue('[data-testid=embed-html]'), /lang=ko/);
  assert.deepEqual(await englishLeftovers(page), []);
  await s.screenshot('lang-ko-task-queues-run');
});

test('no console errors', () => {
  assert.deepEqual(distinct(s.errors), []);
});

test('the browser language decides when nothing else does, and then links leave lang out', async () => {
  const ko = await open({ locale: 'ko-KR' });
  try {
    await ko.page.goto(ko.url + '#/x/parallel-speedup?size=512&v=1');
    await speaks(ko.page, 'ko');
    assert.match(await ko.page.textContent('h1'), HANGUL);
    await until(ko.page, () => location.hash.includes('size=512'));
    assert.doesNotMatch(await ko.page.evaluate(() => location.hash), /lang=/);
    assert.deepEqual(distinct(ko.errors), []);
  } finally {
    await ko.close();
  }
});

test('without isolation (tier 2) the status strip explains itself in Korean', async () => {
  const t2 = await open({ isolation: false });
  try {
    await t2.page.goto(t2.url + '#/x/parallel-speedup?lang=ko');
    await speaks(t2.page, 'ko');
    assert.match(await t2.page.textContent('[data-testid=tier]'), /티어 2/);
    assert.match(await t2.page.textContent('[data-testid=tier-reason]'), /cross-origin isolated 상태가 아니어서/);
    assert.match(await t2.page.textContent('[data-testid=needs-threads]'), HANGUL);
    assert.deepEqual(await englishLeftovers(t2.page), []);
    await t2.screenshot('lang-ko-tier2-speedup');
    assert.deepEqual(distinct(t2.errors), []);
  } finally {
    await t2.close();
  }
});
