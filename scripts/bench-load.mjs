// The first-load benchmark: every route of the built page (dist/, isolated) opened cold — a fresh
// browser profile each time, so nothing is cached — in headless Chromium. Prints, per route, the
// requests and bytes the page and its workers fetched (each file's size gzipped at level 6, what a
// static host that compresses sends; our test server does not compress), what the service worker
// fetched besides to work offline, the time to first contentful paint and the time until the
// route's own content shows; then the budget: the catalog ≤ 400 KB gzip, each experiment page
// ≤ 600 KB. It prints; it does not assert.
//
//   node scripts/bench-load.mjs [--rounds 3]
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { benchArgs } from '../tests/support/args.mjs';
import { open, ROOT } from '../tests/support/browser.mjs';

const { rounds: ROUNDS } = benchArgs({ rounds: 3 }, 'node scripts/bench-load.mjs');
const DIST = process.env.INTERLEAVE_DIST ?? join(ROOT, 'dist');
const BUDGET_KB = { catalog: 400, experiment: 600 };

const gzipped = new Map();
/** The gzip size of the dist/ file a same-origin URL names (0 for anything else). */
async function gzipSize(url, origin) {
  if (!url.startsWith(origin)) return 0;
  let path = decodeURIComponent(new URL(url).pathname);
  if (path.endsWith('/')) path += 'index.html';
  if (!gzipped.has(path)) {
    const body = await readFile(join(DIST, path)).catch(() => Buffer.alloc(0));
    gzipped.set(path, gzipSync(body, { level: 6 }).length);
  }
  return gzipped.get(path);
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const kb = (bytes) => (bytes / 1024).toFixed(1);

/** Opens `route` in a fresh profile; resolves to what it fetched and how soon it showed. */
async function coldLoad(route, ready) {
  const s = await open();
  try {
    const page = [], worker = [];
    s.context.on('requestfinished', (r) => (r.serviceWorker() ? worker : page).push(r.url()));
    const t0 = Date.now();
    await s.page.goto(s.url + route);
    await s.page.waitForSelector(ready);
    const shown = Date.now() - t0;
    // Workers the page starts (the engine's pool) fetch after the content shows: wait for the
    // network to go quiet so they are counted.
    await s.page.waitForLoadState('networkidle');
    const fcp = await s.page.evaluate(() =>
      performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN);
    const origin = s.url.replace(/\/$/, '');
    const sum = async (urls) => (await Promise.all(urls.map((u) => gzipSize(u, origin)))).reduce((a, b) => a + b, 0);
    return { requests: page.length, bytes: await sum(page), swBytes: await sum(worker), fcp, shown };
  } finally {
    await s.close();
  }
}

// The routes: the catalog, then every experiment it links to, each also as an embed.
const probe = await open();
let ids;
try {
  await probe.page.goto(probe.url + '#/');
  await probe.page.waitForSelector('a[href*="#/x/"]');
  ids = await probe.page.$$eval('a[href*="#/x/"]', (as) =>
    [...new Set(as.map((a) => a.getAttribute('href').replace(/^.*#\/x\//, '').replace(/[?#].*$/, '')))]);
} finally {
  await probe.close();
}
const routes = [{ route: '#/', kind: 'catalog', ready: 'a[href*="#/x/"]' },
  ...ids.flatMap((id) => [
    { route: `#/x/${id}`, kind: 'experiment', ready: 'article.experiment' },
    { route: `#/embed/${id}`, kind: 'experiment', ready: 'article.experiment' },
  ])];

console.log(`# first load, cold, ${ROUNDS} rounds per route (medians); bytes are files gzipped at level 6`);
console.log('route'.padEnd(34) + 'requests'.padStart(9) + 'KB gzip'.padStart(9) + 'budget'.padStart(8)
  + 'SW KB'.padStart(8) + 'FCP ms'.padStart(8) + 'shown ms'.padStart(10) + '  goal');
const missed = [];
for (const { route, kind, ready } of routes) {
  const runs = [];
  for (let i = 0; i < ROUNDS; i++) runs.push(await coldLoad(route, ready));
  const bytes = median(runs.map((r) => r.bytes));
  const budget = BUDGET_KB[kind];
  const met = bytes / 1024 <= budget;
  if (!met) missed.push(route);
  console.log(route.padEnd(34) + String(median(runs.map((r) => r.requests))).padStart(9) + kb(bytes).padStart(9)
    + String(budget).padStart(8) + kb(median(runs.map((r) => r.swBytes))).padStart(8)
    + median(runs.map((r) => r.fcp)).toFixed(0).padStart(8) + String(median(runs.map((r) => r.shown))).padStart(10)
    + (met ? '  met' : '  missed'));
}
console.log(missed.length ? `# budget missed on ${missed.join(', ')}` : '# budget met on every route');
