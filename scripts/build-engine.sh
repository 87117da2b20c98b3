#!/usr/bin/env bash
# Builds the engine (worker/) with shared memory into web/engine/, where Trunk picks it up.
# std is rebuilt with atomics (-Z build-std; why, and the warning every build prints, in
# scripts/engine-rustflags.sh); its own target dir keeps these flags from invalidating the UI build.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
PROFILE=${PROFILE:-release}
TARGET_DIR=target/engine
OUT=web/engine

source scripts/engine-rustflags.sh
export RUSTFLAGS="$ENGINE_RUSTFLAGS"
cargo build -p interleave-engine --lib --target wasm32-unknown-unknown --profile "$PROFILE" \
  -Z build-std=panic_abort,std --target-dir "$TARGET_DIR"

rm -rf "$OUT"
wasm-bindgen --target web --out-dir "$OUT" --out-name interleave_engine --no-typescript \
  "$TARGET_DIR/wasm32-unknown-unknown/$PROFILE/interleave_engine.wasm"

# Workaround for https://github.com/RReverser/wasm-bindgen-rayon/issues/28 (first reported as
# https://github.com/GoogleChromeLabs/wasm-bindgen-rayon/issues/3): wasm-bindgen-rayon's worker
# helper finds the main module with `import('../../..')`, a directory URL that only bundlers
# resolve (browsers do not: https://github.com/WICG/import-maps/issues/244). Point it at the
# file, so any static server (and the service worker) can serve it. Fail loudly if a new version
# changes the line.
helper=$(find "$OUT/snippets" -path '*wasm-bindgen-rayon-*' -name workerHelpers.js)
grep -q "import('../../..')" "$helper" || { echo "build-engine: $helper changed; update the patch" >&2; exit 1; }
sed -i "s#import('../../..')#import('../../../interleave_engine.js')#" "$helper"

if [[ "$PROFILE" == release ]]; then
  wasm-opt -O3 --enable-threads --enable-bulk-memory --enable-mutable-globals --enable-sign-ext \
    --enable-nontrapping-float-to-int --enable-simd \
    "$OUT/interleave_engine_bg.wasm" -o "$OUT/interleave_engine_bg.wasm"
fi
echo "engine: $(du -h "$OUT/interleave_engine_bg.wasm" | cut -f1) in $OUT"
