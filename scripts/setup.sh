#!/usr/bin/env bash
# Installs whatever is missing to build, serve and test Interleave on a Debian machine with rustup,
# Node.js and npm. Idempotent: every step checks first, so a second run takes seconds.
# Nothing is downloaded from outside the package registries (apt, crates.io, npm, rustup).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

# 1. Browser for tests: Debian's Chromium and ChromeDriver, and a Korean font so screenshots of
#    the bilingual pages show Hangul instead of boxes.
if [[ ! -x /usr/bin/chromium || ! -x /usr/bin/chromedriver || ! -d /usr/share/fonts/truetype/nanum ]]; then
  say "installing Debian chromium, chromium-driver, fonts-nanum"
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver fonts-nanum >/dev/null
fi

# 2. The pinned toolchain (rust-toolchain.toml), with rust-src and wasm32-unknown-unknown.
TOOLCHAIN=$(sed -n 's/^channel = "\(.*\)"/\1/p' rust-toolchain.toml)
sysroot=$(rustup run "$TOOLCHAIN" rustc --print sysroot 2>/dev/null || true)
if [[ -z "$sysroot" || ! -d "$sysroot/lib/rustlib/src/rust/library" || ! -d "$sysroot/lib/rustlib/wasm32-unknown-unknown" \
      || ! -x "$sysroot/bin/cargo-clippy" ]]; then
  say "installing toolchain $TOOLCHAIN"
  rustup toolchain install "$TOOLCHAIN" --profile minimal \
    --component rust-src,rustfmt,clippy --target wasm32-unknown-unknown
fi

# 3. Trunk (builds the UI). Built with the pinned toolchain: trunk 0.22.1 needs rustc >= 1.96.1.
TRUNK_VERSION=0.22.1
if [[ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]]; then
  say "installing trunk $TRUNK_VERSION (several minutes, once)"
  cargo "+$TOOLCHAIN" install trunk --version "$TRUNK_VERSION" --locked
fi

# 4. wasm-bindgen-cli: must equal the wasm-bindgen in Cargo.lock.
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [[ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WB_VERSION" ]]; then
  say "installing wasm-bindgen-cli $WB_VERSION"
  cargo "+$TOOLCHAIN" install wasm-bindgen-cli --version "$WB_VERSION" --force
fi
# Trunk must find exactly these versions on PATH, or it would try to download its own.
grep -q "wasm_bindgen = \"$WB_VERSION\"" Trunk.toml || {
  echo "Trunk.toml [tools] wasm_bindgen must be $WB_VERSION (Cargo.lock)" >&2; exit 1; }

# 5. Node packages: playwright-core (drives Debian's Chromium) and binaryen (wasm-opt).
if [[ ! -d node_modules/playwright-core || ! -x node_modules/.bin/wasm-opt \
      || package-lock.json -nt node_modules/.package-lock.json ]]; then
  say "installing node packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi

say "ready: $(trunk --version), $(wasm-bindgen --version), wasm-opt $(wasm-opt --version | head -1), $(chromium --version 2>/dev/null | head -1)"
