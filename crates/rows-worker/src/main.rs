//! The Parallel speedup's message-passing worker (tier 2: no shared memory).
//!
//! Trunk builds this crate without atomics as a classic worker (`data-type="worker"` with
//! `data-loader-shim` in `web/index.html`); the page spawns one per worker it was asked for,
//! from `./interleave-rows-worker_loader.js`. The conversation, in the order it happens:
//!
//! 1. Once its WebAssembly is instantiated and it has rendered a small warm-up image (so the
//!    measured rows run optimised code), the worker posts `{ ready: true }`. (Messages sent
//!    before that could reach a worker with no handler yet, so the page waits for it.)
//! 2. The page posts `{ size, iterations, rows: Uint32Array }`: the rows this worker computes,
//!    in order. It may post several such messages (the serial phase, then its share).
//! 3. The worker posts its finished rows in batches of about 32 KB of pixels (`BATCH_BYTES`) (and the
//!    last, smaller one): `{ ys: Uint32Array, hashes: BigUint64Array, rgba: ArrayBuffer }`, the
//!    rows' pixels one after another in the order of `ys`, transferred (no copy on the way back).
//!    A hash is its row's FNV hash of escape counts, which the page folds into the image checksum
//!    in row order, exactly as the engine does. One message per row made the messages cost as
//!    much as a 1024-pixel row's compute on the page's thread; a batch of 32 KB is eight such
//!    rows and still paints in visible steps.
//! 4. A panic posts `{ error: "…" }` before the trap reaches the page as an error event.
//!
//! There is no stop message: a worker inside its rows does not read messages until it has
//! finished them, so the page stops a run by terminating its workers.

#[cfg(target_arch = "wasm32")]
mod worker {
    use interleave_experiments::speedup::mandelbrot::Image;
    use js_sys::{Array, BigUint64Array, Object, Reflect, Uint32Array, Uint8Array};
    use wasm_bindgen::prelude::*;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    fn scope() -> DedicatedWorkerGlobalScope {
        js_sys::global().unchecked_into()
    }

    fn object(fields: &[(&str, JsValue)]) -> Object {
        let o = Object::new();
        for (k, v) in fields {
            let _ = Reflect::set(&o, &JsValue::from_str(k), v);
        }
        o
    }

    fn field(data: &JsValue, key: &str) -> JsValue {
        Reflect::get(data, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    }

    /// Renders the rows one message asks for and posts each as it is finished.
    /// Pixels per batch posted back (see step 3 above).
    pub const BATCH_BYTES: usize = 32 * 1024;

    fn on_message(event: MessageEvent) {
        let data = event.data();
        let size = field(&data, "size").as_f64().unwrap_or(0.0) as u32;
        let iterations = field(&data, "iterations").as_f64().unwrap_or(0.0) as u32;
        let rows: Uint32Array = field(&data, "rows").unchecked_into();
        let image = Image::new(size, size, iterations);
        let row_bytes = image.row_bytes();
        let per_batch = (BATCH_BYTES / row_bytes.max(1)).max(1);
        let rows = rows.to_vec();
        for batch in rows.chunks(per_batch) {
            let mut rgba = vec![0u8; row_bytes * batch.len()];
            let mut hashes = Vec::with_capacity(batch.len());
            for (&y, pixels) in batch.iter().zip(rgba.chunks_mut(row_bytes)) {
                assert!(y < image.height, "on_message: row {y} is outside a {size}-row image");
                hashes.push(image.render_row(y, pixels));
            }
            let buffer = Uint8Array::from(rgba.as_slice()).buffer();
            let message = object(&[
                ("ys", Uint32Array::from(batch).into()),
                ("hashes", BigUint64Array::from(hashes.as_slice()).into()),
                ("rgba", buffer.clone().into()),
            ]);
            scope().post_message_with_transfer(&message, &Array::of1(&buffer)).unwrap_throw();
        }
    }

    pub fn start() {
        std::panic::set_hook(Box::new(|info| {
            let _ = scope().post_message(&object(&[("error", JsValue::from_str(&info.to_string()))]));
        }));
        let handler = Closure::<dyn FnMut(MessageEvent)>::new(on_message);
        scope().set_onmessage(Some(handler.as_ref().unchecked_ref()));
        // The handler lives as long as the worker.
        handler.forget();
        // Ready means warm: the page times the run from here.
        std::hint::black_box(interleave_experiments::speedup::mandelbrot::warm_up());
        scope().post_message(&object(&[("ready", JsValue::TRUE)])).unwrap_throw();
    }
}

fn main() {
    #[cfg(target_arch = "wasm32")]
    worker::start();
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("interleave-rows-worker runs as a Web Worker; build it with Trunk (scripts/build.sh)");
}
