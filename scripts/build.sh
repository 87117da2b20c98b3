#!/usr/bin/env bash
# Builds everything the page loads into dist/: the engine (shared memory) and the UI (Trunk), then
# stamps the build id and the service worker's precache list (scripts/stamp-build.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scripts/build-engine.sh
trunk build --release --dist dist
node scripts/stamp-build.mjs dist
