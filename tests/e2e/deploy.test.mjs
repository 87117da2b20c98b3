// Static deployment: a copy of the build served under /repo/ with no headers at all (like GitHub
// Pages: no isolation headers, `Cache-Control: max-age=600`). The service worker (web/sw.js)
// makes the page cross-origin isolated after at most one reload and it runs threads; with the
// server stopped, a reload still shows the app and runs experiments from the cache; a new build
// deployed to the same place replaces the old one after one reload, offline copy included. A host
// that sends its own headers (isolating or declining) gets no reload and keeps its policy; an
// embed of the headerless site in a page without headers gets threads after the frame's one
// reload (Document-Isolation-Policy, Chromium). No console errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeServer, open, ROOT } from '../support/browser.mjs';
import { engineReady, runSpeedup } from '../support/engine.mjs';

const BASE = '/repo/';
const SPEEDUP = '#/x/parallel-speedup?size=256&iterations=64&threads=2&live=0&v=1';

let s;
let site;
before(async () => {
  site = await mkdtemp(join(tmpdir(), 'interleave-site-'));
  await cp(process.env.INTERLEAVE_DIST ?? join(ROOT, 'dist'), site, { recursive: true });
  s = await open({ mode: 'bare', base: BASE, dir: site });
  // Every document the tab loads appends whether it was isolated: the test's record of
  // navigations (reloads included), kept in the tab's session storage across them.
  await s.context.addInitScript(() => {
    if (window !== window.top || !location.protocol.startsWith('http')) return;
    const loads = JSON.parse(sessionStorage.getItem('test:loads') ?? '[]');
    sessionStorage.setItem('test:loads', JSON.stringify([...loads, crossOriginIsolated]));
  });
});
after(async () => {
  await s?.close();
  if (site) await rm(site, { recursive: true, force: true });
});

const loads = () => s.page.evaluate(() => JSON.parse(sessionStorage.getItem('test:loads')));
const build = () => s.page.evaluate(() => document.documentElement.dataset.build);
/** The caches this origin holds (the service worker names each after its scope and build). */
const cacheNames = () => s.page.evaluate(() => caches.keys());
const builtId = async () => (await readFile(join(site, 'index.html'), 'utf8')).match(/data-build="([0-9a-f]+)"/)[1];

/** Waits (across reloads) until the page is isolated and the service worker controls it. */
const isolatedAndControlled = () => s.page.waitForFunction(
  () => window.crossOriginIsolated && navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });

async function runThreads() {
  const { page } = s;
  await page.waitForSelector('[data-testid=experiment-parallel-speedup]');
  assert.match(await page.textContent('[data-testid=tier]'), /Tier 1/);
  await engineReady(page);
  const row = await runSpeedup(page, 2);
  assert.equal(row.threads, '2');
  return row;
}

test('served with no headers under /repo/, the page becomes isolated after one reload and runs threads', async () => {
  const { page } = s;
  const head = await fetch(s.url, { method: 'HEAD' });
  assert.equal(head.headers.get('cross-origin-embedder-policy'), null, 'the host sends no isolation headers');
  await page.goto(s.url + SPEEDUP);
  await isolatedAndControlled();
  await runThreads();
  // The first document was not isolated, the one reload was; nothing reloaded since.
  assert.deepEqual(await loads(), [false, true]);
  assert.equal(await page.evaluate(() => sessionStorage.getItem('interleave:isolation-reload')), null);
  assert.equal(await build(), await builtId());
  assert.deepEqual(await cacheNames(), [`interleave:${BASE}:${await builtId()}`]);
  // Under the subpath: the worker's scope is the site, the manifest is the site's.
  assert.equal(await page.evaluate(async () => (await navigator.serviceWorker.ready).scope), s.url);
  assert.equal(await page.evaluate(async () => (await fetch('manifest.webmanifest')).json().then((m) => m.start_url)), '.');
  await s.screenshot('deploy-bare-repo');
});

test('with the server stopped, a reload still shows the app and runs experiments', async () => {
  const { page } = s;
  await s.stopServer();
  await assert.rejects(fetch(s.url), 'the host is gone');
  await page.reload();
  await isolatedAndControlled();
  await runThreads();
  // An experiment that needs neither the engine nor the network (in another build of the UI, so
  // a new document, also from the offline copy).
  await page.goto(s.url + '#/x/task-queues');
  await page.waitForSelector('[data-testid=experiment-task-queues]');
  await page.click('[data-testid=run]');
  await page.waitForSelector('[data-testid=spec-ok]');
  assert.deepEqual(await loads(), [false, true, true, true]);
  await s.screenshot('deploy-offline');
});

test('a new build deployed to the same place replaces the old one after one reload', async () => {
  const { page } = s;
  const old = await builtId();
  // "Deploy" a new build: the same files with another build id, as scripts/stamp-build.mjs
  // would stamp them for changed sources.
  const next = [...old].reverse().join('');
  assert.notEqual(next, old);
  for (const file of ['index.html', 'sw.js']) {
    const text = await readFile(join(site, file), 'utf8');
    assert.ok(text.includes(old), `${file} carries the build id`);
    await writeFile(join(site, file), text.replaceAll(old, next));
  }
  await s.startServer();
  await page.reload();
  await page.waitForSelector('[data-testid=experiment-task-queues]');
  assert.equal(await build(), next, 'one reload shows the new build');
  // The new worker installs, takes over the page (controllerchange), deletes the old build's
  // cache while it activates, and is activated. Re-checked on each of those events.
  await page.evaluate(([name, timeout]) => new Promise((resolve, reject) => {
    const sw = navigator.serviceWorker;
    setTimeout(() => reject(new Error(`the new worker did not take over within ${timeout} ms`)), timeout);
    (async () => {
      for (;;) {
        const controller = sw.controller;
        const changed = new Promise((r) => {
          sw.addEventListener('controllerchange', r, { once: true });
          controller?.addEventListener('statechange', r, { once: true });
        });
        const names = await caches.keys();
        if (controller?.state === 'activated' && names.length === 1 && names[0] === name) return resolve();
        await changed;
      }
    })().catch(reject);
  }), [`interleave:${BASE}:${next}`, 30_000]);
  assert.equal(await page.evaluate(() => crossOriginIsolated), true);

  // The offline copy is the new build now.
  await s.stopServer();
  await page.goto(s.url + SPEEDUP); // another build of the UI: a new document
  await page.reload();
  await isolatedAndControlled();
  assert.equal(await build(), next);
  await runThreads();
  assert.deepEqual(await loads(), [false, true, true, true, true, true, true]);
});

test('no console errors', () => {
  assert.deepEqual(s.errors, []);
});

/** Opens the build in `mode` under /repo/, waits until the service worker controls the page, and
 *  returns whether the page was isolated at each load. */
async function controlledWithoutReload(mode) {
  const t = await open({ mode, base: BASE });
  try {
    await t.context.addInitScript(() => {
      if (window !== window.top || !location.protocol.startsWith('http')) return;
      const loads = JSON.parse(sessionStorage.getItem('test:loads') ?? '[]');
      sessionStorage.setItem('test:loads', JSON.stringify([...loads, crossOriginIsolated]));
    });
    const { page } = t;
    await page.goto(t.url + '#/x/task-queues');
    // The worker activates and claims the page; a reload, had the page decided on one, would
    // follow its activation at once.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
    await page.click('[data-testid=run]');
    await page.waitForSelector('[data-testid=spec-ok]');
    assert.equal(await page.evaluate(() => sessionStorage.getItem('interleave:isolation-reload')), null);
    assert.deepEqual(t.errors, []);
    return { loads: await page.evaluate(() => JSON.parse(sessionStorage.getItem('test:loads'))),
      tier: await page.textContent('[data-testid=tier]') };
  } finally {
    await t.close();
  }
}

test('a host that isolates the page itself gets no reload', async () => {
  const { loads, tier } = await controlledWithoutReload('isolated');
  assert.deepEqual(loads, [true]);
  assert.match(tier, /Tier 1/);
});

test('a host that declines isolation (COEP unsafe-none) is respected: no reload, tier 2', async () => {
  const { loads, tier } = await controlledWithoutReload('none');
  assert.deepEqual(loads, [false]);
  assert.match(tier, /Tier 2/);
});

/**
 * The frame that shows the app at `url`, once it is isolated and controlled by the service
 * worker. The frame reloads once to become isolated, and Chromium may give the reloaded document
 * a new process and Playwright a new Frame (the old one reports "Frame was detached"), so this
 * follows the app to whichever frame holds it now.
 */
async function isolatedAppFrame(page, url) {
  const isApp = (f) => !f.isDetached() && f.url().startsWith(url);
  for (;;) {
    const frame = page.frames().find(isApp) ?? await page.waitForEvent('framenavigated', { predicate: isApp });
    try {
      await frame.waitForFunction(() => window.crossOriginIsolated && navigator.serviceWorker.controller !== null,
        null, { timeout: 30_000 });
      return frame;
    } catch (e) {
      if (!frame.isDetached()) throw e;
    }
  }
}

test('embedded from a page without headers, the headerless site gets threads after the frame\'s one reload (DIP)', async () => {
  const t = await open({ mode: 'bare', base: BASE });
  // A documentation page on another origin, sent with no isolation headers.
  const host = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><meta charset="utf-8"><title>Some documentation</title>
<iframe id="frame" src="${t.url}#/embed/parallel-speedup?size=256&amp;iterations=64&amp;threads=2&amp;live=0&amp;v=1"
  title="Interleave" width="100%" height="960" style="border:0" allow="cross-origin-isolated"></iframe>`);
  });
  await new Promise((ok) => host.listen(0, '127.0.0.1', ok));
  try {
    await t.context.addInitScript(() => {
      if (!location.pathname.startsWith('/repo/')) return;
      const loads = JSON.parse(sessionStorage.getItem('test:loads') ?? '[]');
      sessionStorage.setItem('test:loads', JSON.stringify([...loads, crossOriginIsolated]));
    });
    const { page } = t;
    await page.goto(`http://127.0.0.1:${host.address().port}/`);
    const frame = await isolatedAppFrame(page, t.url);
    assert.equal(await page.evaluate(() => crossOriginIsolated), false, 'the host page is not isolated');
    await engineReady(frame);
    assert.equal((await runSpeedup(frame, 2)).threads, '2');
    assert.deepEqual(await frame.evaluate(() => JSON.parse(sessionStorage.getItem('test:loads'))), [false, true]);
    await t.screenshot('deploy-embed-bare');
    assert.deepEqual(t.errors, []);
  } finally {
    await closeServer(host);
    await t.close();
  }
});
