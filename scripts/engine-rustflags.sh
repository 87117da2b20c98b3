# Sourced by the scripts that build the engine: the flags that make its memory shared.
# Since Rust 1.92 `+atomics` alone no longer makes the memory shared, and wasm-bindgen then
# silently emits single-threaded glue, so the linker flags are all needed (with -Z build-std).
ENGINE_MAX_MEMORY=$((1024 * 1024 * 1024)) # 1 GiB: a 2048² image and 16 thread stacks fit easily
ENGINE_RUSTFLAGS="-C target-feature=+atomics,+bulk-memory,+mutable-globals \
 -C link-arg=--shared-memory -C link-arg=--import-memory -C link-arg=--max-memory=$ENGINE_MAX_MEMORY \
 -C link-arg=--export=__wasm_init_tls -C link-arg=--export=__tls_size \
 -C link-arg=--export=__tls_align -C link-arg=--export=__tls_base"
