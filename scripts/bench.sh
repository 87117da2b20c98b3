#!/usr/bin/env bash
# The README's benchmark command. Benchmarks print figures and ratios measured in the same run;
# they never fail on a number (these machines are noisy).
#
#   scripts/bench.sh [speedup|scheduler|step|event-loop|load|timeline|all] [--flag value …]   (default: all)
#
# Flags after the name go to that benchmark; every benchmark takes `--name value` flags
# (tests/support/args.mjs): speedup --size --iterations --repeats --trace DIR,
# event-loop --units --chunk --rounds, step --events --targets (the simulator's step-back time),
# load --rounds (every route's first load: bytes gzip against the budget, first paint),
# timeline --goroutines --frames --procs (the Go-scheduler timeline's frame times at ~1,000,000 events).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh >/dev/null
source scripts/env.sh
what=${1:-all}
shift || true

build_page() { scripts/build.sh >/dev/null 2>&1 || scripts/build.sh; }

bench_speedup() {
  build_page
  cargo build -q --release -p interleave-engine --example bench_native
  node scripts/bench-speedup.mjs --native target/release/examples/bench_native "$@"
}

bench_step() {
  cargo run -q --release -p interleave-scheduler --example step_back -- "$@"
}

bench_event_loop() {
  build_page
  node scripts/bench-event-loop.mjs "$@"
}

bench_load() {
  build_page
  node scripts/bench-load.mjs "$@"
}

bench_timeline() {
  build_page
  node scripts/bench-timeline.mjs "$@"
}

case "$what" in
  speedup) bench_speedup "$@" ;;
  scheduler) scripts/bench-scheduler.sh "$@" ;;
  step) bench_step "$@" ;;
  event-loop) bench_event_loop "$@" ;;
  load) bench_load "$@" ;;
  timeline) bench_timeline "$@" ;;
  all)
    bench_speedup
    scripts/bench-scheduler.sh
    bench_step
    bench_event_loop
    bench_load
    bench_timeline
    ;;
  *) echo "usage: scripts/bench.sh [speedup|scheduler|step|event-loop|load|timeline|all] [--flag value …]" >&2; exit 2 ;;
esac
