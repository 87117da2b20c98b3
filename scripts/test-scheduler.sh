#!/usr/bin/env bash
# Tests of the scheduler core (crates/scheduler): unit, integration, property,
# the 1,000,000-G stress run and the browser-dependency check in release mode;
# the loom models; and wasm32 builds without and with atomics.
# Non-interactive and idempotent; exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET="${CARGO_TARGET_DIR:-target}"
# Release without LTO: the tests need optimised code, not the shipping profile.
export CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16
export CARGO_INCREMENTAL=0

step() { echo; echo "== $* =="; }
t0=$(date +%s)

step "cargo test -p interleave-scheduler (release)"
CARGO_TARGET_DIR="$TARGET" cargo test --release -p interleave-scheduler

step "loom models (LOOM_MAX_PREEMPTIONS=${LOOM_MAX_PREEMPTIONS:-3})"
t1=$(date +%s)
RUSTFLAGS="--cfg loom" LOOM_MAX_PREEMPTIONS="${LOOM_MAX_PREEMPTIONS:-3}" \
  CARGO_TARGET_DIR="$TARGET/loom" cargo test --release -p interleave-scheduler --lib loom
echo "loom: $(( $(date +%s) - t1 )) s"

step "wasm32-unknown-unknown, no atomics"
CARGO_TARGET_DIR="$TARGET/wasm" cargo build --target wasm32-unknown-unknown -p interleave-scheduler

step "wasm32-unknown-unknown, +atomics (build-std)"
RUSTFLAGS="-C target-feature=+atomics,+bulk-memory,+mutable-globals" \
  CARGO_TARGET_DIR="$TARGET/wasm-atomics" \
  cargo build -Z build-std=panic_abort,std --target wasm32-unknown-unknown -p interleave-scheduler

echo
echo "scheduler tests: all passed in $(( $(date +%s) - t0 )) s"
