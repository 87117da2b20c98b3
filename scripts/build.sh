#!/usr/bin/env bash
# Builds everything the page loads into dist/: the engine (shared memory) and the UI (Trunk).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scripts/build-engine.sh
trunk build --release --dist dist
