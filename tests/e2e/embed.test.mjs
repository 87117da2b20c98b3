// Embeds: a documentation page on another origin, sent with no isolation headers at all, embeds
// an experiment. With Document-Isolation-Policy the frame is cross-origin isolated and runs the
// threaded experiment; without it the frame says tier 2 and still runs what needs no shared
// memory. The frame's height message resizes it through embed.js; a hostile host's messages
// change nothing. No console errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { closeServer as close, open, ROOT } from '../support/browser.mjs';
import { engineReady, runSpeedup, until } from '../support/engine.mjs';
import { serve } from '../../scripts/serve.mjs';

/** A host page with no headers but the content type, embedding `src` the way the Embed snippet
 *  does (the app's own embed.js included). */
function hostPage(app, route) {
  const html = `<!doctype html><meta charset="utf-8"><title>Some documentation</title>
<h1>Documentation that knows nothing about isolation</h1>
<iframe id="frame" src="${app}${route}" title="Interleave" width="100%" height="960" style="border:0"
  loading="lazy" allow="cross-origin-isolated; clipboard-write" data-interleave></iframe>
<script src="${app}embed.js" defer></script>`;
  const server = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok({ server, url: `http://127.0.0.1:${server.address().port}/` })));
}


let s;
before(async () => { s = await open(); });
after(async () => { await s?.close(); });

/** The embedded experiment's frame, once its page has rendered. */
async function embedded(page, testid) {
  const handle = await page.waitForSelector('#frame');
  const frame = await handle.contentFrame();
  await frame.waitForSelector(`[data-testid=${testid}]`);
  return frame;
}

test('in Chromium an embed in a non-isolated page gets threads and runs the threaded experiment', async () => {
  const host = await hostPage(s.url, '#/embed/parallel-speedup?size=256&iterations=64&threads=2&live=0&v=1');
  try {
    const { page } = s;
    await page.goto(host.url);
    assert.equal(await page.evaluate(() => crossOriginIsolated), false, 'the host page is not isolated');
    const frame = await embedded(page, 'experiment-parallel-speedup');
    assert.equal(await frame.evaluate(() => crossOriginIsolated), true);
    assert.match(await frame.locator('[data-testid=tier]').textContent(), /Tier 1/);
    await engineReady(frame);
    const row = await runSpeedup(frame, 2);
    assert.equal(row.threads, '2');
    // Minimal chrome: no site header or explanation, and a link that opens the same state.
    assert.equal(await frame.locator('header.top').count(), 0);
    assert.equal(await frame.locator('.why').isVisible(), false);
    const open = await frame.locator('[data-testid=open-in-interleave]').getAttribute('href');
    assert.match(open, /#\/x\/parallel-speedup\?size=256&iterations=64&serial=0&threads=2&live=0&via=engine&v=1$/);

    // embed.js sized the frame to what the frame reported.
    await until(page, () => document.getElementById('frame').style.height !== '');
    const sized = await page.$eval('#frame', (f) => f.style.height);
    assert.match(sized, /^\d+px$/);
    const inside = await frame.evaluate(() => document.documentElement.scrollHeight);
    assert.equal(sized, `${inside}px`, 'the frame is as tall as its document');
    await s.screenshot('embed-threads');

    // A hostile host: messages into the frame change nothing there; a forged height message from
    // a window that is not the frame does not resize it.
    const before = await frame.locator('[data-testid=param-iterations]').inputValue();
    await page.evaluate(() => {
      const w = document.getElementById('frame').contentWindow;
      for (const m of [{ type: 'interleave:height', v: 1, height: 50 }, { type: 'run' }, '<img src=x onerror=alert(1)>',
        { params: { iterations: 4096 } }, null, 42]) w.postMessage(m, '*');
      window.postMessage({ type: 'interleave:height', v: 1, experiment: 'parallel-speedup', height: 5000 }, '*');
    });
    await page.evaluate(() => new Promise((r) => setTimeout(r, 200))); // let the messages be delivered
    assert.equal(await frame.locator('[data-testid=param-iterations]').inputValue(), before);
    assert.equal(await page.$eval('#frame', (f) => f.style.height), sized);
    assert.deepEqual(s.errors, []);
  } finally {
    await close(host.server);
  }
});

test('without Document-Isolation-Policy the embed falls back to tier 2 and still runs what it can', async () => {
  const app = await serve({ dir: process.env.INTERLEAVE_DIST ?? join(ROOT, 'dist'), port: 0, isolation: true, dip: false });
  const host = await hostPage(app.url, '#/embed/task-queues?scenario=classic&v=1');
  try {
    const { page } = s;
    await page.goto(host.url);
    const frame = await embedded(page, 'experiment-task-queues');
    assert.equal(await frame.evaluate(() => crossOriginIsolated), false);
    assert.match(await frame.locator('[data-testid=tier]').textContent(), /Tier 2/);
    assert.match(await frame.locator('[data-testid=tier-reason]').textContent(), /Open in a new tab/);
    await frame.click('[data-testid=run]');
    await frame.waitForSelector('[data-testid=spec-ok]');
    await s.screenshot('embed-tier-2');
    assert.deepEqual(s.errors, []);
  } finally {
    await close(host.server);
    await close(app.server);
  }
});
