// What every thread of the browser did, from Linux's scheduler statistics: CPU time and time spent
// waiting for a CPU (run-queue delay), per thread, between two snapshots. Cheap enough to take
// around every benchmark run, and it needs no tracing, so it does not disturb what it measures.
//
// /proc/<pid>/task/<tid>/schedstat: "ns on a CPU, ns waiting on a run queue, timeslices".
import { readdir, readFile } from 'node:fs/promises';

async function descendants(root) {
  const children = new Map();
  for (const pid of await readdir('/proc').catch(() => [])) {
    if (!/^\d+$/.test(pid)) continue;
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
    if (!stat) continue;
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(Number(pid));
  }
  const out = [];
  const walk = (pid) => { out.push(pid); for (const c of children.get(pid) ?? []) walk(c); };
  walk(root);
  return out;
}

/** Every thread of process `root` and its descendants: { 'pid/tid': { process, thread, cpu, wait } }
 *  with `cpu` and `wait` in ms since the thread started. */
export async function snapshot(root) {
  const threads = {};
  for (const pid of await descendants(root)) {
    const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0');
    const type = cmdline.find((a) => a.startsWith('--type='))?.slice(7) ?? 'browser';
    const utility = cmdline.find((a) => a.startsWith('--utility-sub-type='))?.slice(19).split('.').pop();
    const process = utility ? `${type}:${utility}` : type;
    for (const tid of await readdir(`/proc/${pid}/task`).catch(() => [])) {
      const [sched, comm] = await Promise.all([
        readFile(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').catch(() => null),
        readFile(`/proc/${pid}/task/${tid}/comm`, 'utf8').catch(() => '?'),
      ]);
      if (!sched) continue;
      const [cpu, wait] = sched.trim().split(' ').map(Number);
      threads[`${pid}/${tid}`] = { process, thread: comm.trim(), cpu: cpu / 1e6, wait: wait / 1e6 };
    }
  }
  return threads;
}

/** Per-thread CPU and run-queue wait between two snapshots, busiest first (threads that did
 *  nothing are left out). */
export function delta(before, after) {
  const rows = [];
  for (const [key, a] of Object.entries(after)) {
    const b = before[key] ?? { cpu: 0, wait: 0 };
    const cpu = a.cpu - b.cpu, wait = a.wait - b.wait;
    if (cpu > 0.05 || wait > 0.05) rows.push({ key, process: a.process, thread: a.thread, cpu, wait });
  }
  return rows.sort((x, y) => y.cpu - x.cpu);
}

/** Sums rows by process and thread name (pool workers all share one name). */
export function byName(rows) {
  const sums = new Map();
  for (const r of rows) {
    const k = `${r.process} ${r.thread}`;
    const s = sums.get(k) ?? { name: k, threads: 0, cpu: 0, wait: 0 };
    s.threads++; s.cpu += r.cpu; s.wait += r.wait;
    sums.set(k, s);
  }
  return [...sums.values()].sort((x, y) => y.cpu - x.cpu);
}
