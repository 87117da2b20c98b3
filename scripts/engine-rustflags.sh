# Sourced by the scripts that build the engine: the flags that make its memory shared.
#
# `+atomics` is an unstable wasm target feature (tracking issue
# https://github.com/rust-lang/rust/issues/77839), so std must be rebuilt with it: every build of
# the engine passes `-Z build-std=panic_abort,std` (panic_abort is named because build-std does not
# pick the target's panic strategy by itself: https://github.com/rust-lang/wg-cargo-std-aware/issues/29).
# Since Rust 1.92 `+atomics` alone no longer makes the memory shared
# (https://github.com/rust-lang/rust/pull/147225), and wasm-bindgen then silently emits
# single-threaded glue (https://github.com/wasm-bindgen/wasm-bindgen/issues/4729), so the linker
# flags below are all needed; the engine's `compile_error!` (worker/src/lib.rs) catches a build
# without `+atomics`.
#
# The one warning every engine build prints, once per workspace crate it compiles
# (interleave-experiments, interleave-protocol, interleave-engine):
#     warning: unstable feature specified for `-Ctarget-feature`: `atomics`
# is rustc saying exactly that: `atomics` comes in through -Ctarget-feature and is not stable. It has
# warned about every unstable -Ctarget-feature, nightly or not, since
# https://github.com/rust-lang/rust/pull/117616; it is a plain diagnostic, not a lint, so no `-A`
# flag or `#[allow]` reaches it (the pinned nightly has no other switch for it either). Nothing is
# wrong: the feature is the one the engine is built for. Rejected ways to make it quiet: a custom
# target spec with `atomics` in its baseline (rustc does not check a spec's features, but the JSON
# format is unstable, and scripts/test-wasm.sh and scripts/lint.sh would have to build that target
# too, or the tests would not test what ships); `-C target-cpu=bleeding-edge` (turns on atomics
# without the warning, and SIMD and every other proposal LLVM knows with it, so the measured
# kernel would change); filtering cargo's output (it would hide the next warning too). Upstream is
# turning it into a future-incompatibility warning on the way to an error
# (https://github.com/rust-lang/rust/issues/162235): when the pinned nightly says so, follow what
# that issue offers wasm threads.
ENGINE_MAX_MEMORY=$((1024 * 1024 * 1024)) # 1 GiB: a 2048² image and 16 thread stacks fit easily
ENGINE_RUSTFLAGS="-C target-feature=+atomics,+bulk-memory,+mutable-globals \
 -C link-arg=--shared-memory -C link-arg=--import-memory -C link-arg=--max-memory=$ENGINE_MAX_MEMORY \
 -C link-arg=--export=__wasm_init_tls -C link-arg=--export=__tls_size \
 -C link-arg=--export=__tls_align -C link-arg=--export=__tls_base"
