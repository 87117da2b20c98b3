// The Go-scheduler timeline benchmark: simulates the uniform preset with --goroutines goroutines
// (250,000 make about 1,000,000 scheduler events) in the page's simulation worker, then pans and
// zooms the canvas from the keyboard (Perfetto's W/A/S/D) --frames times in headless Chromium and
// prints the paint time of each frame (median and p95, against the goals of 16 and 33 ms), the
// time from a key press to its frame, and how fast the browser simulated: events per second from
// Run to the drawn timeline. It prints; it does not assert.
//
//   node scripts/bench-timeline.mjs [--goroutines 250000] [--frames 120] [--procs 4]
import { benchArgs } from '../tests/support/args.mjs';
import { open } from '../tests/support/browser.mjs';
import { until } from '../tests/support/engine.mjs';

const { goroutines: N, frames: FRAMES, procs: PROCS } =
  benchArgs({ goroutines: 250_000, frames: 120, procs: 4 }, 'node scripts/bench-timeline.mjs');
const GOALS = { median: 16, p95: 33 };

const quantile = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };
const fmt = (x) => x.toFixed(1).padStart(7);

const s = await open();
try {
  const { page } = s;
  await page.goto(`${s.url}#/x/go-scheduler?preset=uniform&gomaxprocs=${PROCS}&n=${N}&v=1`);
  await page.waitForSelector('[data-testid=run]:not([disabled])');
  const t0 = Date.now();
  await page.click('[data-testid=run]');
  await page.waitForSelector('[data-testid^=end-]', { timeout: 600_000 });
  const canvas = page.locator('[data-testid=timeline]');
  await canvas.waitFor();
  const runMs = Date.now() - t0;
  const events = Number(await page.getAttribute('[data-testid=stats]', 'data-events'));
  await canvas.scrollIntoViewIfNeeded();
  await canvas.focus();

  // Zoom in by steps, pan, zoom back out: the whole range of levels of detail.
  const keys = ['w', 'w', 'w', 'a', 'd', 'w', 'w', 'd', 'd', 'a', 's', 's', 's', 'a', 's', 's', 'd', 'w'];
  const paint = [];
  const toFrame = [];
  for (let i = 0; i < FRAMES; i++) {
    const before = Number(await canvas.getAttribute('data-frames'));
    const pressed = Date.now();
    await page.keyboard.press(keys[i % keys.length]);
    // A key at the end of the range may change nothing; then there is no frame to wait for.
    const drawn = await until(page, (b) => Number(document.querySelector('[data-testid=timeline]').dataset.frames) > b, before,
      { timeout: 2_000 }).then(() => true, () => false);
    if (!drawn) continue;
    toFrame.push(Date.now() - pressed);
    paint.push(Number(await canvas.getAttribute('data-paint-ms')));
  }
  console.log(`# Go-scheduler timeline: uniform preset, ${N.toLocaleString('en')} goroutines, GOMAXPROCS ${PROCS}`);
  console.log(`events ${events.toLocaleString('en')}; Run to drawn timeline ${(runMs / 1000).toFixed(1)} s: `
    + `${Math.round(events / (runMs / 1000)).toLocaleString('en')} events/s (simulate, transfer, decode, index, draw)`);
  console.log('frames  paint median  paint p95  key→frame median  key→frame p95');
  const [m, p] = [quantile(paint, 0.5), quantile(paint, 0.95)];
  console.log(`${String(paint.length).padStart(6)}  ${fmt(m)} ms    ${fmt(p)} ms  ${fmt(quantile(toFrame, 0.5))} ms     ${fmt(quantile(toFrame, 0.95))} ms`);
  console.log(`# goal: paint median ≤ ${GOALS.median} ms (${m <= GOALS.median ? 'met' : 'missed'}), `
    + `p95 ≤ ${GOALS.p95} ms (${p <= GOALS.p95 ? 'met' : 'missed'})`);
  if (s.errors.length) console.log(`# console errors: ${s.errors.join('; ')}`);
} finally {
  await s.close();
}
