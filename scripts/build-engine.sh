#!/usr/bin/env bash
# Builds the engine (worker/) with shared memory into web/engine/, where Trunk picks it up.
#
# Since Rust 1.92 `+atomics` alone no longer makes the memory shared, and wasm-bindgen then
# silently emits single-threaded glue, so the linker flags below are all needed; std is rebuilt
# with atomics (-Z build-std). Its own target dir keeps these flags from invalidating the UI build.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
PROFILE=${PROFILE:-release}
MAX_MEMORY=$((1024 * 1024 * 1024)) # 1 GiB: a 2048² image and 16 thread stacks fit easily
TARGET_DIR=target/engine
OUT=web/engine

export RUSTFLAGS="-C target-feature=+atomics,+bulk-memory,+mutable-globals \
 -C link-arg=--shared-memory -C link-arg=--import-memory -C link-arg=--max-memory=$MAX_MEMORY \
 -C link-arg=--export=__wasm_init_tls -C link-arg=--export=__tls_size \
 -C link-arg=--export=__tls_align -C link-arg=--export=__tls_base"
cargo build -p interleave-engine --lib --target wasm32-unknown-unknown --profile "$PROFILE" \
  -Z build-std=panic_abort,std --target-dir "$TARGET_DIR"

rm -rf "$OUT"
wasm-bindgen --target web --out-dir "$OUT" --out-name interleave_engine --no-typescript \
  "$TARGET_DIR/wasm32-unknown-unknown/$PROFILE/interleave_engine.wasm"

# wasm-bindgen-rayon's worker helper finds the main module with `import('../../..')`, a directory
# URL that only bundlers resolve. Point it at the file, so any static server (and the service
# worker) can serve it. Fail loudly if a new version changes the line.
helper=$(find "$OUT/snippets" -path '*wasm-bindgen-rayon-*' -name workerHelpers.js)
grep -q "import('../../..')" "$helper" || { echo "build-engine: $helper changed; update the patch" >&2; exit 1; }
sed -i "s#import('../../..')#import('../../../interleave_engine.js')#" "$helper"

if [[ "$PROFILE" == release ]]; then
  wasm-opt -O3 --enable-threads --enable-bulk-memory --enable-mutable-globals --enable-sign-ext \
    --enable-nontrapping-float-to-int --enable-simd \
    "$OUT/interleave_engine_bg.wasm" -o "$OUT/interleave_engine_bg.wasm"
fi
echo "engine: $(du -h "$OUT/interleave_engine_bg.wasm" | cut -f1) in $OUT"
