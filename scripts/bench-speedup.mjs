// The parallel-speedup benchmark in headless Chromium: drives the real page (served from dist/,
// isolated) and prints JSON with the median time of 1- and 2-thread runs — with rows drawn only
// after each run is timed (the engine's own speed), and drawn live while it runs (what the page
// shows by default, where drawing shares the cores) — and the Stop latency.
//
//   node scripts/bench-speedup.mjs <size> <iterations> <repeats>
import { open } from '../tests/e2e/browser.mjs';

const [size = '1024', iterations = '256', repeats = '5'] = process.argv.slice(2);
const s = await open();
const { page } = s;
try {
  await page.goto(s.url + '#/x/parallel-speedup');
  await page.waitForFunction(() => document.querySelector('[data-testid=engine-status]')?.textContent.startsWith('ready'),
    null, { timeout: 30_000 });
  await page.selectOption('[data-testid=param-size]', size);
  await page.fill('[data-testid=param-iterations]', iterations);

  const times = { clean: { 1: [], 2: [] }, live: { 1: [], 2: [] } };
  const checksums = new Set();
  for (let i = 0; i < 2 * Number(repeats); i++) {
    const mode = i % 2 ? 'live' : 'clean';
    await page.setChecked('[data-testid=live]', mode === 'live');
    for (const threads of [1, 2]) {
      const n = await page.locator('[data-testid=result-row]').count();
      await page.fill('[data-testid=param-threads]', String(threads));
      await page.locator('[data-testid=run]').filter({ hasText: `Run on ${threads} thread` }).click();
      // Wait with a MutationObserver, not Playwright's default per-frame polling: polling would
      // make the page render 60 frames a second on the cores being measured.
      await page.evaluate((n) => new Promise((resolve) => {
        const done = () => document.querySelectorAll('[data-testid=result-row]').length > n;
        if (done()) return resolve();
        new MutationObserver((_, obs) => { if (done()) { obs.disconnect(); resolve(); } })
          .observe(document.body, { subtree: true, childList: true });
      }), n);
      const row = await page.locator('[data-testid=result-row]').first().evaluate((r) => ({ ...r.dataset }));
      times[mode][threads].push(Number(row.ms));
      checksums.add(row.checksum);
    }
  }

  // Stop latency: from the click to the page showing the run stopped, measured in the page.
  await page.setChecked('[data-testid=live]', true);
  await page.selectOption('[data-testid=param-size]', '2048');
  await page.fill('[data-testid=param-iterations]', '4096');
  await page.click('[data-testid=run]');
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=progress]')?.getAttribute('aria-valuenow')) > 0);
  const stopMs = await page.evaluate(() => new Promise((resolve) => {
    const t0 = performance.now();
    new MutationObserver((_, obs) => {
      if (document.querySelector('[data-testid=notice]')?.textContent.includes('Stopped')) {
        obs.disconnect();
        resolve(performance.now() - t0);
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
    document.querySelector('[data-testid=stop]').click();
  }));

  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(JSON.stringify({
    wasm_1t_ms: median(times.clean[1]), wasm_2t_ms: median(times.clean[2]),
    live_1t_ms: median(times.live[1]), live_2t_ms: median(times.live[2]), stop_ms: stopMs,
    checksums: [...checksums], errors: s.errors,
  }));
} finally {
  await s.close();
}
