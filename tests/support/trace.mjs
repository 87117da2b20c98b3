// A Chrome performance trace of the page and its workers (the renderer process, every thread),
// and a summary of it: per thread, how long it ran tasks and what the V8 sampling profiler saw.
//
//   const t = await startTrace(page); ...run...; const events = await t.stop();
import { writeFile } from 'node:fs/promises';

export const CATEGORIES = ['devtools.timeline', 'v8', 'v8.wasm', 'toplevel', 'blink', 'cc', 'gpu', 'viz',
  'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.frame',
  'disabled-by-default-v8.cpu_profiler', 'disabled-by-default-v8.wasm.detailed', '__metadata'];

/** Starts tracing through the page's DevTools session; `stop()` resolves to the trace events. */
export async function startTrace(page, categories = CATEGORIES) {
  const cdp = await page.context().newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: { recordMode: 'recordContinuously', includedCategories: categories, excludedCategories: ['*'] },
  });
  return {
    async stop(file) {
      const done = new Promise((ok) => cdp.once('Tracing.tracingComplete', ok));
      await cdp.send('Tracing.end');
      await done;
      await cdp.detach();
      if (file) await writeFile(file, JSON.stringify({ traceEvents: events }));
      return events;
    },
  };
}

/** Per thread, within [from, to] (trace µs): wall time covered by top-level tasks, their thread CPU
 *  time, the number of tasks, the most frequent task names, and the profiler's top leaf functions. */
export function summarise(events, { from = -Infinity, to = Infinity } = {}) {
  const names = new Map();
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}/${e.tid}`, e.args.name);
  }
  const threads = new Map();
  const get = (key) => {
    if (!threads.has(key)) threads.set(key, { key, name: names.get(key) ?? '?', spans: [], kinds: new Map(), samples: new Map(), sampleCount: 0 });
    return threads.get(key);
  };
  const open = new Map();
  for (const e of events) {
    const key = `${e.pid}/${e.tid}`;
    let span = null;
    if (e.ph === 'X' && e.dur !== undefined) span = { ts: e.ts, end: e.ts + e.dur, cpu: e.tdur ?? 0, name: e.name };
    else if (e.ph === 'B') { (open.get(key) ?? open.set(key, []).get(key)).push(e); continue; }
    else if (e.ph === 'E') {
      const b = open.get(key)?.pop();
      if (b) span = { ts: b.ts, end: e.ts, cpu: (e.tts ?? 0) - (b.tts ?? 0), name: b.name };
    }
    if (span && span.end > from && span.ts < to) get(key).spans.push(span);
  }
  // Profiler samples: a Profile event names the thread, ProfileChunks carry nodes and samples.
  const profiles = new Map();
  for (const e of events) {
    if (e.name === 'Profile') profiles.set(`${e.pid}/${e.id}`, { key: `${e.pid}/${e.tid}`, nodes: new Map(), t: e.args?.data?.startTime ?? 0 });
    if (e.name !== 'ProfileChunk') continue;
    const p = profiles.get(`${e.pid}/${e.id}`);
    if (!p) continue;
    const data = e.args.data;
    for (const n of data.cpuProfile?.nodes ?? []) p.nodes.set(n.id, n.callFrame?.functionName || `(${n.callFrame?.url ?? 'anonymous'})`);
    const samples = data.cpuProfile?.samples ?? [];
    const deltas = data.timeDeltas ?? [];
    const t = get(p.key);
    for (let i = 0; i < samples.length; i++) {
      p.t += deltas[i] ?? 0;
      if (p.t < from || p.t > to) continue;
      const fn = p.nodes.get(samples[i]) ?? `node ${samples[i]}`;
      t.samples.set(fn, (t.samples.get(fn) ?? 0) + 1);
      t.sampleCount++;
    }
  }
  const out = [];
  for (const t of threads.values()) {
    t.spans.sort((a, b) => a.ts - b.ts || b.end - a.end);
    let wall = 0, cpu = 0, tasks = 0, end = -Infinity;
    for (const s of t.spans) {
      if (s.ts >= end) { // a top-level span: not inside the previous one
        const a = Math.max(s.ts, from), b = Math.min(s.end, to);
        wall += Math.max(0, b - a); cpu += s.cpu; tasks++; end = s.end;
        t.kinds.set(s.name, (t.kinds.get(s.name) ?? 0) + 1);
      }
    }
    const top = (m, n) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
    out.push({ key: t.key, name: t.name, wallMs: wall / 1e3, cpuMs: cpu / 1e3, tasks,
      kinds: top(t.kinds, 4), samples: t.sampleCount, leaves: top(t.samples, 6) });
  }
  return out.sort((a, b) => b.wallMs - a.wallMs);
}
