#!/usr/bin/env bash
# Builds everything the page loads into dist/: the engine (shared memory), the UI's builds
# (scripts/build-ui.sh) and the rest (Trunk: workers, styles, static files), then
# stamps the build id and the service worker's precache list (scripts/stamp-build.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scripts/build-engine.sh
scripts/build-ui.sh
trunk build --release --dist dist
node scripts/stamp-build.mjs dist
