# Sourced by every script (after `cd` to the repository root): the one place PATH is set.
# cargo-installed tools (trunk, wasm-bindgen) and npm-installed ones (wasm-opt) come first, so the
# pinned versions win over anything else on the machine.
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
