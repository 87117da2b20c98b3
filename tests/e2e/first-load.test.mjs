// The first load stays small: the catalog never fetches the engine (its worker script, its wasm
// and its pool's threads); the engine starts when a page that runs engine jobs opens. Each route
// downloads one build of the UI (scripts/build-ui.sh): the catalog's, or its experiment's. What
// the loads weigh is a benchmark (scripts/bench.sh load), not a test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { open, ROOT } from '../support/browser.mjs';
import { engineReady, until } from '../support/engine.mjs';

let s;
const fetched = [];
before(async () => {
  s = await open();
  // The page's own requests and its workers'; the service worker's precache is not the page's load.
  s.context.on('request', (r) => { if (!r.serviceWorker()) fetched.push(new URL(r.url()).pathname); });
});
after(async () => { await s?.close(); });

const engineFiles = () => fetched.filter((p) => p.includes('/engine/') || p.endsWith('engine-worker.js'));
/** The UI builds whose wasm was fetched, in order. */
const uiBuilds = () => fetched.filter((p) => /\/app\/[^/]+\/interleave_ui_bg\.wasm$/.test(p)).map((p) => p.split('/').at(-2));

test('the catalog shows without fetching the engine, and says when it will start', async () => {
  const { page } = s;
  await page.goto(s.url + '#/');
  await page.waitForSelector('a[href*="#/x/parallel-speedup"]');
  await page.waitForLoadState('networkidle');
  assert.deepEqual(engineFiles(), []);
  assert.match(await page.textContent('[data-testid=engine-status]'), /starts when an experiment needs it/);
  // A page that runs no engine job does not start it either.
  await page.click('a[href*="#/x/task-queues"]');
  await page.waitForSelector('[data-testid=experiment-task-queues]');
  await page.waitForLoadState('networkidle');
  assert.deepEqual(engineFiles(), []);
});

test('each route downloads one build of the UI: the catalog\'s, or its experiment\'s', async () => {
  const { page } = s;
  // The first test went from the catalog to the task queues by a link: two builds, in order.
  assert.deepEqual(uiBuilds(), ['catalog', 'task-queues']);
  // Back to the catalog: every build has it, so no other build is fetched.
  await page.goBack();
  await page.waitForSelector('a[href*="#/x/go-scheduler"]');
  await page.click('a[href*="#/x/go-scheduler"]');
  await page.waitForSelector('[data-testid=experiment-go-scheduler]');
  assert.deepEqual(uiBuilds(), ['catalog', 'task-queues', 'go-scheduler']);
  // An unknown experiment is the catalog build's to explain.
  await page.goto(s.url + '#/x/no-such-thing');
  await page.waitForSelector('[data-testid=unknown-experiment]');
  assert.equal(uiBuilds().at(-1), 'catalog');
});

test('an experiment with an engine job starts the engine when it opens, once', async () => {
  const { page } = s;
  await page.goto(s.url + '#/x/parallel-speedup');
  await engineReady(page);
  const loaded = engineFiles();
  assert.ok(loaded.some((p) => p.endsWith('.wasm')), `the engine's wasm was fetched: ${loaded.join(', ')}`);
  // Back to the catalog and on to the experiment again: the same engine, not a second one.
  await page.goto(s.url + '#/');
  await page.waitForSelector('a[href*="#/x/parallel-speedup"]');
  await page.goto(s.url + '#/x/parallel-speedup?size=256&v=1');
  await page.waitForSelector('[data-testid=experiment-parallel-speedup]');
  await until(page, () => document.querySelector('[data-testid=engine-status]')?.textContent.startsWith('ready'));
  assert.deepEqual(engineFiles(), loaded);
  assert.deepEqual(s.errors, []);
});

test('a deployment missing an experiment\'s build says so after one reload, instead of reloading for ever', async () => {
  // A copy of the build whose list of builds lost one: its route loads the catalog build, which
  // reloads once to find the page, and then explains.
  const site = await mkdtemp(join(tmpdir(), 'interleave-broken-'));
  let b;
  try {
    await cp(process.env.INTERLEAVE_DIST ?? join(ROOT, 'dist'), site, { recursive: true });
    const list = join(site, 'app', 'builds.js');
    const text = await readFile(list, 'utf8');
    assert.match(text, /'task-queues'/);
    await writeFile(list, text.replace("'task-queues', ", '').replace(", 'task-queues'", ''));
    b = await open({ dir: site });
    await b.context.addInitScript(() => {
      if (!location.protocol.startsWith('http')) return;
      sessionStorage.setItem('test:loads', String(Number(sessionStorage.getItem('test:loads') ?? 0) + 1));
    });
    await b.page.goto(b.url + '#/x/task-queues');
    await b.page.waitForSelector('[data-testid=build-missing]');
    assert.equal(await b.page.evaluate(() => sessionStorage.getItem('test:loads')), '2', 'one reload, then the notice');
    assert.deepEqual(b.errors, []);
  } finally {
    await b?.close();
    await rm(site, { recursive: true, force: true });
  }
});
