#!/usr/bin/env bash
# Benchmarks of the scheduler core against tokio's multi-thread runtime (same
# worker count, same process) and Go (GOMAXPROCS=2, the same rows, measured
# first in the same run; Debian's golang-go is installed if `go` is missing).
# Prints every row with ours/tokio and ours/Go ratios; it is not a test.
#
# The Go program lives beside the Rust one, in crates/scheduler/benches/go/main.go:
# whoever opens crates/scheduler/benches to read or change a row finds both
# sides of it there. It uses the standard library only, so it runs in GOPATH
# mode (GO111MODULE=off) straight from the tree: no go.mod, no network.
#
# BENCH_ONLY=<row> runs one part of vs_tokio.rs and skips Go (see its main):
# spawn, yield, yield-many, pingpong, parked (our side only), pingpong-trace,
# or yield-why (why tokio's lone yield_now costs what it does).
set -uo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
export CARGO_PROFILE_BENCH_LTO=false CARGO_PROFILE_BENCH_CODEGEN_UNITS=16
if [ -n "${BENCH_ONLY:-}" ]; then
  exec cargo bench -q -p interleave-scheduler --bench vs_tokio
fi
if ! command -v go >/dev/null 2>&1; then
  echo "go not on PATH: installing Debian's golang-go"
  if ! apt-get install -y -qq golang-go >/dev/null 2>&1; then
    apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq golang-go >/dev/null 2>&1 || true
  fi
fi
GO_BENCH=crates/scheduler/benches/go/main.go
GO_RESULTS=""
if command -v go >/dev/null 2>&1; then
  dir=$(mktemp -d)
  trap 'rm -rf "$dir"' EXIT
  if GO111MODULE=off GOFLAGS= go run "$GO_BENCH" > "$dir/out" 2>&1; then
    read -r _ gs gy gym gp gm < <(grep '^GO ' "$dir/out")
    GO_RESULTS="$gs $gy $gym $gp $gm"
    echo "Go: $(go version | awk '{print $3}'), GOMAXPROCS=2, a warm-up run, then the median of 5 (parked G: stack + heap incl. its channel)"
  else
    echo "Go run failed (Go column n/a):"; cat "$dir/out"
  fi
else
  echo "Go rows n/a: go is not installed and could not be installed"
fi
export GO_RESULTS
cargo bench -q -p interleave-scheduler --bench vs_tokio
