// The browser launcher every end-to-end test and every browser benchmark uses: Debian's Chromium
// driven by playwright-core, the app served from dist/ by scripts/serve.mjs, and a record of every
// console error from the page and its workers.
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/serve.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ARTIFACTS = join(ROOT, 'tests', 'e2e', 'artifacts');

// Playwright's own browser downloads come from outside the package registries we use, so
// playwright-core drives Debian's Chromium. --no-sandbox works around Chromium refusing to start
// as root, which CI containers are ("Running as root without --no-sandbox is not supported",
// https://crbug.com/638180).
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Serves dist/ and opens Chromium. `errors` collects console errors and uncaught exceptions
 *  from the page and its workers; tests assert it is empty (or holds exactly what they provoked).
 *  `args` adds Chromium flags (benchmarks use it to try one). `mode` ('isolated', 'none', 'bare')
 *  and `base` are scripts/serve.mjs's (`isolation: false` is mode 'none'); `dir` serves another
 *  directory than the build. `stopServer()` and `startServer()` take the host away and bring it
 *  back on the same origin while the browser stays open. `locale` sets the browser's language
 *  (navigator.languages, Accept-Language). */
export async function open({ isolation = true, mode = isolation ? 'isolated' : 'none', base = '/', dir,
  viewport = { width: 1280, height: 900 }, args = [], locale = 'en-US' } = {}) {
  // INTERLEAVE_DIST serves another build (a scratch copy's dist/, to compare two builds).
  dir ??= process.env.INTERLEAVE_DIST ?? join(ROOT, 'dist');
  let { server, url } = await serve({ dir, port: 0, mode, base });
  const port = server.address().port;
  const profile = await mkdtemp(join(tmpdir(), 'interleave-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: [...FLAGS, ...args], viewport,
    // The page follows navigator.languages: tests pin it (English unless a test asks otherwise).
    locale,
  });
  const page = context.pages()[0] ?? await context.newPage();
  followBuilds(page);
  context.on('page', followBuilds);
  const errors = [];
  const record = (where) => (msg) => { if (msg.type() === 'error') errors.push(`${where}: ${msg.text()}`); };
  page.on('console', record('page'));
  page.on('pageerror', (e) => errors.push(`page exception: ${e.message}`));
  page.on('worker', (w) => w.on('console', record(`worker ${w.url()}`)));
  page.on('crash', () => errors.push('page crashed'));
  await mkdir(ARTIFACTS, { recursive: true });
  return {
    page, url, errors, context,
    async screenshot(name) {
      const path = join(ARTIFACTS, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    async stopServer() {
      await closeServer(server);
      server = null;
    },
    async startServer() {
      ({ server } = await serve({ dir, port, mode, base }));
    },
    async close() {
      await context.close();
      if (server) await closeServer(server);
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** The UI build an address loads (web/boot.js's rule, scripts/build-ui.sh): an experiment's routes
 *  load that experiment's build, every other route the catalog's. */
export function buildOf(url) {
  return new URL(url).hash.match(/^#\/(?:x|embed)\/([a-z0-9-]+)/)?.[1] ?? 'catalog';
}

/** Makes `page.goto` open an experiment whose page is in another UI build than the document's
 *  (web/boot.js marks it on `<html data-ui>`) as a new document, as a visitor opening a link
 *  does. (Changing only the hash keeps the document, and the app would then reload itself into
 *  the other build behind the test's back.) Every build has the other routes. */
function followBuilds(page) {
  const goto = page.goto.bind(page);
  page.goto = async (url, options) => {
    const here = page.url();
    const wanted = buildOf(url);
    if (wanted !== 'catalog' && /^https?:/.test(here) && new URL(here).origin === new URL(url).origin) {
      const loaded = await page.evaluate(() => document.documentElement.dataset.ui).catch(() => null);
      if (loaded !== wanted) await goto('about:blank');
    }
    return goto(url, options);
  };
}

/** Stops an HTTP server now. `server.close()` alone waits until every client closes its
 *  connections, and Chromium keeps idle ones alive for about a minute. */
export function closeServer(server) {
  const closed = new Promise((ok) => server.close(ok));
  server.closeAllConnections();
  return closed;
}

/** Distinct error lines, so one error reported by both the page and worker hooks counts once. */
export const distinct = (errors) => [...new Set(errors.map((e) => e.replace(/^[^:]*: /, '')))];
