#!/usr/bin/env bash
# The README's serve command: installs whatever is missing, builds, and serves the app at
# http://127.0.0.1:8080 with cross-origin isolation headers (pass --no-isolation for tier 2).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
exec node scripts/serve.mjs --dir dist --port "${PORT:-8080}" "$@"
