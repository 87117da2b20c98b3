// Waiting for a quiet machine: benchmarks on a shared machine (other builds, other tests) measure
// the neighbours as much as themselves. `quiet()` waits until the CPUs were at least `idle` idle
// over a short sample, or gives up after `patience` ms and says so.
import { readFileSync } from 'node:fs';

function cpuTimes() {
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const n = fields.map(Number);
  return { idle: n[3] + n[4], total: n.reduce((a, b) => a + b, 0) };
}

/** Resolves to true once the machine was at least `idle` (0..1) idle over `sampleMs`, or to false
 *  after `patience` ms of trying. */
export async function quiet({ idle = 0.9, sampleMs = 300, patience = 30_000 } = {}) {
  const start = Date.now();
  while (Date.now() - start < patience) {
    const a = cpuTimes();
    await new Promise((ok) => setTimeout(ok, sampleMs));
    const b = cpuTimes();
    if ((b.idle - a.idle) / Math.max(1, b.total - a.total) >= idle) return true;
  }
  return false;
}
