#!/usr/bin/env bash
# The README's test command: installs whatever is missing, builds, and runs every test —
# native unit/property/model tests, wasm-bindgen tests in headless Chromium, and end-to-end tests
# of the served page in headless Chromium. Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "clippy, warnings as errors (native and both wasm builds)"
scripts/lint.sh

step "native tests (every crate but the scheduler, which has its own script below)"
cargo test --workspace --exclude interleave-scheduler

step "scheduler: unit, property, stress and loom model tests; wasm32 builds"
scripts/test-scheduler.sh

step "wasm-bindgen tests in headless Chromium"
scripts/test-wasm.sh

step "build the page (engine with shared memory + UI)"
scripts/build.sh

step "end-to-end tests in headless Chromium"
# One file at a time: the tests measure real threads on a small machine.
node --test --test-concurrency=1 tests/e2e/
