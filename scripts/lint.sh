#!/usr/bin/env bash
# Clippy with warnings as errors over every crate, natively and for the two wasm builds (the UI
# and the plain workers without atomics, the engine with shared memory), so wasm-only code is
# linted too. The workspace lints (Cargo.toml) include `undocumented_unsafe_blocks = "deny"`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
cargo clippy --workspace --all-targets -- -D warnings
cargo clippy -p interleave-ui -p interleave-rows-worker -p interleave-go-sim-worker \
  --target wasm32-unknown-unknown --target-dir target/wasm-test-ui --all-targets -- -D warnings
# The UI's catalog build, with no experiment page (scripts/build-ui.sh).
cargo clippy -p interleave-ui --target wasm32-unknown-unknown --target-dir target/wasm-test-ui \
  --no-default-features --lib --bins -- -D warnings
source scripts/engine-rustflags.sh
RUSTFLAGS="$ENGINE_RUSTFLAGS" cargo clippy -p interleave-engine --target wasm32-unknown-unknown \
  -Z build-std=panic_abort,std --target-dir target/wasm-test-engine --features test-runner \
  --all-targets -- -D warnings
