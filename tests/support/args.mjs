// The one way benchmarks take arguments: `--name value` flags with numeric defaults, the same
// names in scripts/bench.sh, the .mjs benchmarks and worker/examples/bench_native.rs.
import { parseArgs } from 'node:util';

/** Parses process.argv against `defaults` ({ name: number | string | boolean }); every flag is
 *  optional, unknown flags and non-numbers where a number is expected end the process with usage. */
export function benchArgs(defaults, usage) {
  const options = Object.fromEntries(Object.entries(defaults)
    .map(([name, value]) => [name, { type: typeof value === 'boolean' ? 'boolean' : 'string' }]));
  let values;
  try {
    ({ values } = parseArgs({ args: process.argv.slice(2), options, strict: true, allowPositionals: false }));
  } catch (e) {
    fail(e.message);
  }
  const out = {};
  for (const [name, fallback] of Object.entries(defaults)) {
    const given = values[name];
    if (given === undefined) out[name] = fallback;
    else if (typeof fallback === 'number') {
      out[name] = Number(given);
      if (!Number.isFinite(out[name])) fail(`--${name} wants a number, got ${given}`);
    } else out[name] = given;
  }
  return out;

  function fail(message) {
    const flags = Object.entries(defaults).map(([n, v]) => typeof v === 'boolean' ? `[--${n}]` : `[--${n} ${v}]`);
    console.error(`${message}\nusage: ${usage ?? `node ${process.argv[1]}`} ${flags.join(' ')}`);
    process.exit(2);
  }
}
