#!/usr/bin/env bash
# The README's benchmark command. Benchmarks print figures and ratios measured in the same run;
# they never fail on a number (these machines are noisy).
#
#   scripts/bench.sh [speedup|scheduler|event-loop|all]   (default: all)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh >/dev/null
source scripts/env.sh
what=${1:-all}

bench_speedup() {
  local size=1024 iterations=256 repeats=5
  scripts/build.sh >/dev/null 2>&1 || scripts/build.sh
  cargo build -q --release -p interleave-engine --example bench_native
  local wasm native
  wasm=$(node scripts/bench-speedup.mjs "$size" "$iterations" "$repeats")
  native=$(target/release/examples/bench_native "$size" "$iterations" 2 "$repeats")
  WASM="$wasm" NATIVE="$native" node -e '
    const w = JSON.parse(process.env.WASM), n = JSON.parse(process.env.NATIVE);
    const f = (x) => x.toFixed(2);
    const speedup = w.wasm_1t_ms / w.wasm_2t_ms, ratio = w.wasm_2t_ms / n.median_ms;
    console.log("# parallel speedup: Mandelbrot '"$size"'², '"$iterations"' iterations, median of '"$repeats"' runs, rows drawn after timing");
    console.log("wasm_1t_ms wasm_2t_ms native_2t_ms speedup_2t wasm_over_native");
    console.log([w.wasm_1t_ms, w.wasm_2t_ms, n.median_ms, speedup, ratio].map(f).join(" "));
    console.log(`# goals on a 2-core machine: speedup_2t >= 1.9 (${speedup >= 1.9 ? "met" : "missed"}), wasm_over_native <= 1.3 (${ratio <= 1.3 ? "met" : "missed"})`);
    const same = w.checksums.length === 1 && w.checksums[0] === n.checksum;
    console.log(`# checksums: ${same ? "identical in wasm (1 and 2 threads) and native" : "DIFFER: " + w.checksums + " vs " + n.checksum}`);
    console.log(`# with rows drawn live while running (the page default; drawing shares the cores): 1t ${f(w.live_1t_ms)} ms, 2t ${f(w.live_2t_ms)} ms, speedup ${f(w.live_1t_ms / w.live_2t_ms)}`);
    console.log(`# stop latency: ${f(w.stop_ms)} ms from the click to the page showing the run stopped (goal <= 100)`);
    if (w.errors.length) console.log("# console errors: " + w.errors.join("; "));
  '
}

case "$what" in
  speedup) bench_speedup ;;
  scheduler) scripts/bench-scheduler.sh ;;
  event-loop) scripts/build.sh >/dev/null && node scripts/bench-event-loop.mjs ;;
  all)
    bench_speedup
    [[ -x scripts/bench-scheduler.sh ]] && scripts/bench-scheduler.sh
    [[ -f scripts/bench-event-loop.mjs ]] && node scripts/bench-event-loop.mjs
    ;;
  *) echo "usage: scripts/bench.sh [speedup|scheduler|event-loop|all]" >&2; exit 2 ;;
esac
