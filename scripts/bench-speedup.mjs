// The parallel-speedup benchmark: the real page in headless Chromium (dist/, isolated) against the
// same Mandelbrot job natively (worker/examples/bench_native.rs), measured in the same run. Each
// round runs, in turn: the page on 1 and 2 threads with rows drawn after the timed run (the engine's
// own speed), the page on 1 and 2 threads drawing rows live (the page default, where drawing shares
// the cores), the page without isolation (tier 2) on 1 and 2 message-passing workers (drawn after),
// and the native job on 1 and 2 threads; drift on a shared machine then hits them all.
// Prints medians with their spread, the goals (met / missed: it never fails on a number), where
// the CPU went during the page's runs (Linux scheduler statistics per browser thread), and the
// Stop latency. With --trace DIR it also records Chrome performance traces of one run of each
// kind into DIR and summarises them per thread.
//
//   node scripts/bench-speedup.mjs [--size 1024] [--iterations 256] [--repeats 7]
//        [--native target/release/examples/bench_native] [--trace DIR] [--chromium-args "--flag …"]
import { execFileSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { benchArgs } from '../tests/support/args.mjs';
import { open } from '../tests/support/browser.mjs';
import { engineReady, runSpeedup, until } from '../tests/support/engine.mjs';
import { snapshot, delta, byName } from '../tests/support/threads.mjs';
import { startTrace, summarise } from '../tests/support/trace.mjs';

const args = benchArgs({ size: 1024, iterations: 256, repeats: 7, native: '', trace: '', 'chromium-args': '' },
  'node scripts/bench-speedup.mjs');
const MODES = { after: false, live: true }; // mode → "Draw rows while running"

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const f = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
const spread = (xs) => `${f(median(xs), 1)} [${f(Math.min(...xs), 1)}–${f(Math.max(...xs), 1)}]`;

function native() {
  if (!args.native) return null;
  const out = execFileSync(args.native, ['--size', String(args.size), '--iterations', String(args.iterations),
    '--threads', '1,2', '--repeats', '1'], { encoding: 'utf8' });
  return JSON.parse(out);
}

const s = await open({ args: args['chromium-args'].split(' ').filter(Boolean) });
const { page } = s;
// Tier 2: the same page served without isolation runs the image on message-passing workers.
const t2 = await open({ isolation: false, args: args['chromium-args'].split(' ').filter(Boolean) });
/** One run on `workers` message-passing workers in the tier-2 page; the new results row's data. */
async function runMessages(workers) {
  const before = await t2.page.locator('[data-testid=result-row]').count();
  await t2.page.fill('[data-testid=param-threads]', String(workers));
  await t2.page.click('[data-testid=run]');
  await until(t2.page, (n) => document.querySelectorAll('[data-testid=result-row]').length > n, before, { timeout: 120_000 });
  return t2.page.locator('[data-testid=result-row]').first().evaluate((r) => ({ ...r.dataset }));
}
try {
  await t2.page.goto(t2.url + '#/x/parallel-speedup');
  await t2.page.waitForSelector('[data-testid=badge-messages]');
  await t2.page.selectOption('[data-testid=param-size]', String(args.size));
  await t2.page.fill('[data-testid=param-iterations]', String(args.iterations));
  await t2.page.setChecked('[data-testid=live]', false);
  await page.goto(s.url + '#/x/parallel-speedup');
  await engineReady(page);
  await page.selectOption('[data-testid=param-size]', String(args.size));
  await page.fill('[data-testid=param-iterations]', String(args.iterations));

  const times = { after: { 1: [], 2: [] }, live: { 1: [], 2: [] }, messages: { 1: [], 2: [] }, native: { 1: [], 2: [] } };
  const cpu = { after: { 1: [], 2: [] }, live: { 1: [], 2: [] } };
  const checksums = new Set();
  for (let round = 0; round < args.repeats; round++) {
    for (const [mode, live] of Object.entries(MODES)) {
      await page.setChecked('[data-testid=live]', live);
      for (const threads of [1, 2]) {
        const before = await snapshot(process.pid);
        const row = await runSpeedup(page, threads, { timeout: 120_000 });
        cpu[mode][threads].push(byName(delta(before, await snapshot(process.pid))));
        times[mode][threads].push(Number(row.ms));
        checksums.add(row.checksum);
      }
    }
    for (const workers of [1, 2]) {
      const row = await runMessages(workers);
      times.messages[workers].push(Number(row.ms));
      checksums.add(row.checksum);
    }
    const n = native();
    if (n) {
      for (const t of [1, 2]) times.native[t].push(n.threads[t].median_ms);
      checksums.add(n.checksum);
    }
  }

  const m = (mode, t) => median(times[mode][t]);
  const hasNative = times.native[1].length > 0;
  const nativeSpeedup = m('native', 1) / m('native', 2);
  console.log(`# parallel speedup: Mandelbrot ${args.size}², ${args.iterations} iterations, ${args.repeats} rounds ` +
    `(each: page 1t, 2t drawing after the timed run; page 1t, 2t drawing live; tier-2 page on 1, 2 message workers; ` +
    `native 1t, 2t); medians [min–max] in ms`);
  console.log(`${'run'.padEnd(22)}${'1 thread'.padStart(24)}${'2 threads'.padStart(24)}${'speedup'.padStart(10)}${'wasm/native 1t'.padStart(16)}${'2t'.padStart(8)}`);
  for (const mode of ['native', 'after', 'live', 'messages']) {
    if (!times[mode][1].length) continue;
    const label = { native: 'native', after: 'page, drawn after', live: 'page, drawn live', messages: 'tier 2, messages' }[mode];
    const ratio = (t) => (mode !== 'native' && hasNative ? f(m(mode, t) / m('native', t)) : '');
    console.log(`${label.padEnd(22)}${spread(times[mode][1]).padStart(24)}${spread(times[mode][2]).padStart(24)}` +
      `${f(m(mode, 1) / m(mode, 2)).padStart(10)}${ratio(1).padStart(16)}${ratio(2).padStart(8)}`);
  }
  // The line the README names, drawing after the timed run.
  console.log('wasm_1t_ms wasm_2t_ms native_1t_ms native_2t_ms speedup_2t native_speedup_2t wasm_over_native_1t wasm_over_native_2t');
  console.log([m('after', 1), m('after', 2), m('native', 1), m('native', 2), m('after', 1) / m('after', 2), nativeSpeedup,
    m('after', 1) / m('native', 1), m('after', 2) / m('native', 2)].map((x) => f(x)).join(' '));

  const verdict = (ok) => (ok === null ? 'not measured' : ok ? 'met' : 'missed');
  for (const mode of ['after', 'live']) {
    const speedup = m(mode, 1) / m(mode, 2);
    const w1 = m(mode, 1) / m('native', 1), w2 = m(mode, 2) / m('native', 2);
    const goals = [
      `speedup ${f(speedup)} >= 0.97 × native ${f(nativeSpeedup)} = ${f(0.97 * nativeSpeedup)}: ${verdict(hasNative ? speedup >= 0.97 * nativeSpeedup : null)}`,
      `>= 1.9 when native >= 1.95: ${hasNative && nativeSpeedup >= 1.95 ? verdict(speedup >= 1.9) : 'not applicable'}`,
      `wasm_over_native <= 1.15: 1t ${f(w1)} ${verdict(hasNative ? w1 <= 1.15 : null)}, 2t ${f(w2)} ${verdict(hasNative ? w2 <= 1.15 : null)}`,
    ];
    console.log(`# goals, drawn ${mode === 'after' ? 'after the run' : 'live'}: ${goals.join('; ')}`);
  }
  console.log(`# checksums: ${checksums.size === 1 ? 'identical in the page (1 and 2 threads, both modes, message workers) and native' : 'DIFFER: ' + [...checksums]}`);

  // Where the CPU went during the page's runs (median per run, each thread name summed).
  for (const mode of ['after', 'live']) {
    for (const t of [1, 2]) {
      const names = new Set(cpu[mode][t].flat().map((r) => r.name));
      const rows = [...names].map((name) => {
        const per = cpu[mode][t].map((run) => run.find((r) => r.name === name) ?? { cpu: 0, wait: 0 });
        return { name, cpu: median(per.map((r) => r.cpu)), wait: median(per.map((r) => r.wait)) };
      }).filter((r) => r.cpu >= 1 || r.wait >= 1).sort((a, b) => b.cpu - a.cpu);
      console.log(`# cpu during a ${t}t run drawn ${mode} (ms on a CPU / ms waiting for one): ` +
        rows.map((r) => `${r.name} ${f(r.cpu, 0)}/${f(r.wait, 0)}`).join(', '));
    }
  }

  if (args.trace) {
    await mkdir(args.trace, { recursive: true });
    for (const [mode, threads] of [['after', 1], ['after', 2], ['live', 2]]) {
      await page.setChecked('[data-testid=live]', MODES[mode]);
      const trace = await startTrace(page);
      const row = await runSpeedup(page, threads, { timeout: 120_000 });
      const file = join(args.trace, `speedup-${mode}-${threads}t.json`);
      const events = await trace.stop(file);
      console.log(`# trace of a ${threads}t run drawn ${mode} (${f(Number(row.ms), 1)} ms): ${file}`);
      for (const t of summarise(events).filter((t) => t.wallMs >= 1 || t.samples > 0).slice(0, 12)) {
        console.log(`#   ${t.key.padEnd(14)} ${t.name.padEnd(22)} tasks ${String(t.tasks).padStart(5)} wall ${f(t.wallMs, 1).padStart(8)} ms ` +
          `cpu ${f(t.cpuMs, 1).padStart(8)} ms | ${t.kinds.map(([k, n]) => `${k}×${n}`).join(' ')} | ` +
          `samples ${t.samples}: ${t.leaves.map(([k, n]) => `${k} ${n}`).join(', ')}`);
      }
    }
  }

  // Stop latency: from the click to the page showing the run stopped, measured in the page.
  await page.setChecked('[data-testid=live]', true);
  await page.selectOption('[data-testid=param-size]', '2048');
  await page.fill('[data-testid=param-iterations]', '4096');
  await page.click('[data-testid=run]');
  await until(page, () => Number(document.querySelector('[data-testid=progress]')?.getAttribute('aria-valuenow')) > 0);
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
  console.log(`# stop latency: ${f(stopMs)} ms from the click to the page showing the run stopped (goal <= 100)`);
  if (s.errors.length) console.log('# console errors: ' + s.errors.join('; '));
} finally {
  await s.close();
  await t2.close();
}
