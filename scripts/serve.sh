#!/usr/bin/env bash
# The README's serve command: installs whatever is missing, builds, and serves the app at
# http://127.0.0.1:8080 with cross-origin isolation headers. Options go to scripts/serve.mjs:
# --no-isolation (the host declines isolation: tier 2), --bare (no headers at all, like GitHub
# Pages: the service worker isolates the page), --base /repo/ (serve under a subpath), --no-dip.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
exec node scripts/serve.mjs --dir dist --port "${PORT:-8080}" "$@"
