#!/usr/bin/env bash
# Builds the UI (crates/ui) into web/app/, where Trunk picks it up: once per route group, so each
# route downloads the shell and only its own page. `catalog` has no experiment page (the catalog,
# diagnostics and not-found routes); every other build is named by an experiment's id and has
# that page, its crate feature (crates/ui/Cargo.toml [features]; a native test checks they match
# the catalog). web/boot.js picks the build for the address; a page whose experiment is in another
# build reloads into it (pages/experiment.rs). web/app/builds.js lists the builds for boot.js.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
OUT=web/app
WASM=${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/ui/interleave-ui.wasm

pages=$(sed -n '/^\[features\]/,/^\[/p' crates/ui/Cargo.toml | grep -oE '^[a-z0-9-]+ = \[\]' | cut -d' ' -f1)
[[ -n "$pages" ]] || { echo "build-ui: no page features in crates/ui/Cargo.toml" >&2; exit 1; }

rm -rf "$OUT"
mkdir -p "$OUT"
for build in catalog $pages; do
  features=()
  [[ "$build" == catalog ]] || features=(--features "$build")
  cargo build -p interleave-ui --bin interleave-ui --target wasm32-unknown-unknown --profile ui \
    --no-default-features "${features[@]}"
  wasm-bindgen --target web --out-dir "$OUT/$build" --out-name interleave_ui --no-typescript "$WASM"
  wasm-opt -Oz --enable-bulk-memory --enable-mutable-globals --enable-sign-ext \
    --enable-nontrapping-float-to-int "$OUT/$build/interleave_ui_bg.wasm" -o "$OUT/$build/interleave_ui_bg.wasm"
  echo "ui build $build: $(du -h "$OUT/$build/interleave_ui_bg.wasm" | cut -f1)"
done
{
  echo "// Written by scripts/build-ui.sh: the builds of the UI, each named by the experiment it has."
  printf 'export const BUILDS = [%s];\n' "$(printf "'%s', " $pages | sed 's/, $//')"
} > "$OUT/builds.js"
