#!/usr/bin/env bash
# wasm-bindgen tests in headless Chromium (Debian's chromium + chromedriver):
# the UI crate as it is built for the page (no atomics), and the engine with shared memory and a
# real rayon pool, in a dedicated worker.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-120}

echo "== wasm-bindgen-test: UI (no atomics) in headless Chromium"
cargo test -p interleave-ui --target wasm32-unknown-unknown --target-dir target/wasm-test-ui --tests

echo "== wasm-bindgen-test: engine (shared memory, rayon pool) in a dedicated worker"
source scripts/engine-rustflags.sh
RUSTFLAGS="$ENGINE_RUSTFLAGS" cargo test -p interleave-engine --target wasm32-unknown-unknown -Z build-std=panic_abort,std \
  --target-dir target/wasm-test-engine --features test-runner --test threads
