//! The Go-scheduler experiment's simulation worker (every tier: no shared memory needed).
//!
//! Trunk builds this crate without atomics as a classic worker (`data-type="worker"` with
//! `data-loader-shim` in `web/index.html`); the page (`crates/ui/src/go_scheduler/sim_worker.rs`)
//! spawns one per run from `./interleave-go-sim-worker_loader.js`, fetched only when a run
//! starts. A simulated run of a large program takes seconds; here it never blocks the page. The
//! conversation, in the order it happens:
//!
//! 1. Once its WebAssembly is instantiated and its message handler is set, the worker posts
//!    `{ kind: 'ready' }`. (A message sent before that could reach a worker with no handler yet,
//!    so the page waits for it.)
//! 2. The page posts `{ v: 1, source: string, n: number, procs: number, seed: string }`: the
//!    program's text (at most `program::limits::MAX_SOURCE_BYTES` bytes of UTF-8), the value of
//!    its `N` (an integer in `1..=MAX_N`), GOMAXPROCS (an integer in `1..=MAX_PROCS`) and the seed as a decimal `u64` (a string: a JS number cannot hold every
//!    `u64`).
//! 3. A program that does not parse: `{ kind: 'error', message, line, column }` (line and column
//!    from 1, columns in characters). A message that is not such a request (another version, a
//!    missing or out-of-range field): `{ kind: 'error', message }`, without `line`.
//! 4. While the simulator runs (`interp::run_sim_with_progress`): `{ kind: 'progress', events,
//!    virtualNs }` about every [`PROGRESS_MS`] ms of wall time (checked every
//!    [`PROGRESS_EVERY_STEPS`] simulator steps): events recorded so far and the simulator's clock.
//! 5. At the end: `{ kind: 'done', run: ArrayBuffer }`, the whole `interp::Run` in the format of
//!    `interleave_experiments::go_scheduler::wire`, with the buffer transferred (not copied).
//!    A run that fails (a run error, a deadlock) is still `done`: how it ended is in the run.
//! 6. A panic posts `{ kind: 'error', message }` from the panic hook before the trap reaches the
//!    page as an `error` event; the page takes the first of the two. (`{ crash: true }` panics on
//!    purpose, so the end-to-end tests can check this; the page never sends it.)
//!
//! There is no stop message: a worker inside the simulator does not read messages until it has
//! finished, so the page stops a run by terminating the worker.

/// Wall time between two progress messages, ms.
pub const PROGRESS_MS: f64 = 100.0;
/// Simulator steps between two looks at the clock.
pub const PROGRESS_EVERY_STEPS: u64 = 512;
/// The request version this worker reads.
pub const REQUEST_VERSION: u32 = 1;

use interleave_experiments::go_scheduler::{MAX_N, MAX_PROCS};
use interleave_experiments::go_scheduler::program::limits::MAX_SOURCE_BYTES;

/// A request's fields as read from the message (`None`: missing or not of the right type).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Fields {
    pub v: Option<f64>,
    pub source: Option<String>,
    pub n: Option<f64>,
    pub procs: Option<f64>,
    pub seed: Option<String>,
}

/// A valid request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub source: String,
    pub n: u32,
    pub procs: usize,
    pub seed: u64,
}

/// Check a request's fields; the error says what is wrong (for the developer console: the page
/// never sends a bad request).
pub fn check(f: Fields) -> Result<Request, String> {
    if f.v != Some(f64::from(REQUEST_VERSION)) {
        return Err(format!("request version {:?}, this worker reads {REQUEST_VERSION}", f.v));
    }
    let source = f.source.ok_or("request: `source` must be a string")?;
    if source.len() > MAX_SOURCE_BYTES {
        return Err(format!("request: `source` is {} bytes, at most {MAX_SOURCE_BYTES}", source.len()));
    }
    let n = match f.n {
        Some(n) if n.fract() == 0.0 && (1.0..=f64::from(MAX_N)).contains(&n) => n as u32,
        other => return Err(format!("request: `n` must be an integer in 1..={MAX_N}, not {other:?}")),
    };
    let procs = match f.procs {
        Some(p) if p.fract() == 0.0 && (1.0..=f64::from(MAX_PROCS)).contains(&p) => p as usize,
        other => return Err(format!("request: `procs` must be an integer in 1..={MAX_PROCS}, not {other:?}")),
    };
    let seed = f.seed.ok_or("request: `seed` must be a string")?;
    let seed = seed.parse::<u64>().map_err(|_| format!("request: `seed` {seed:?} is not a decimal u64"))?;
    Ok(Request { source, n, procs, seed })
}

#[cfg(target_arch = "wasm32")]
mod worker {
    use super::{Fields, PROGRESS_EVERY_STEPS, PROGRESS_MS, check};
    use interleave_experiments::go_scheduler::program::limits::MAX_SOURCE_BYTES;
    use interleave_experiments::go_scheduler::{interp, program, wire};
    use js_sys::{Array, JsString, Object, Reflect, Uint8Array};
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
        if !data.is_object() {
            return JsValue::UNDEFINED;
        }
        Reflect::get(data, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    }

    fn post(message: &Object) {
        // A post fails only for values that cannot be cloned; these are plain objects.
        let _ = scope().post_message(message);
    }

    fn error(message: &str) {
        post(&object(&[("kind", "error".into()), ("message", message.into())]));
    }

    /// A string field; `Err` when it is longer than `max` UTF-16 units (its UTF-8 is at least as
    /// long), before it is copied out of JS.
    fn string(data: &JsValue, key: &str, max: usize) -> Result<Option<String>, String> {
        let v = field(data, key);
        let Some(s) = v.dyn_ref::<JsString>() else { return Ok(None) };
        if s.length() as usize > max {
            return Err(format!("request: `{key}` is longer than {max} characters"));
        }
        Ok(s.as_string())
    }

    fn on_message(event: MessageEvent) {
        let data = event.data();
        if field(&data, "crash").is_truthy() {
            panic!("deliberate panic in the simulation worker");
        }
        let texts = string(&data, "source", MAX_SOURCE_BYTES).and_then(|s| Ok((s, string(&data, "seed", 32)?)));
        let (source, seed) = match texts {
            Ok(t) => t,
            Err(e) => return error(&e),
        };
        let fields = Fields {
            v: field(&data, "v").as_f64(),
            source,
            n: field(&data, "n").as_f64(),
            procs: field(&data, "procs").as_f64(),
            seed,
        };
        let req = match check(fields) {
            Ok(r) => r,
            Err(e) => return error(&e),
        };
        let program = match program::parse_with(&req.source, req.n.into()) {
            Ok(p) => p,
            Err(e) => {
                return post(&object(&[
                    ("kind", "error".into()),
                    ("message", e.message.as_str().into()),
                    ("line", e.line.into()),
                    ("column", e.column.into()),
                ]));
            }
        };
        let mut last = js_sys::Date::now();
        let run = interp::run_sim_with_progress(&program, req.procs, req.seed, PROGRESS_EVERY_STEPS, |p| {
            let now = js_sys::Date::now();
            if now - last >= PROGRESS_MS {
                last = now;
                post(&object(&[
                    ("kind", "progress".into()),
                    ("events", (p.events as f64).into()),
                    ("virtualNs", (p.virtual_ns as f64).into()),
                ]));
            }
            true
        });
        let Some(run) = run else { return error("the run stopped without a result") };
        let bytes = wire::encode(&run);
        drop(run);
        let buffer = Uint8Array::from(bytes.as_slice()).buffer();
        drop(bytes);
        let message = object(&[("kind", "done".into()), ("run", buffer.clone().into())]);
        if scope().post_message_with_transfer(&message, &Array::of1(&buffer)).is_err() {
            error("could not post the run back");
        }
    }

    fn describe(info: &std::panic::PanicHookInfo<'_>) -> String {
        let payload = info.payload();
        let msg = payload
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("(no message)");
        match info.location() {
            Some(loc) => format!("panic: {msg} (at {}:{})", loc.file(), loc.line()),
            None => format!("panic: {msg}"),
        }
    }

    pub fn start() {
        // A panic aborts (wasm traps, nothing unwinds): say why first, as a message the page
        // reads like any other error.
        std::panic::set_hook(Box::new(|info| error(&describe(info))));
        let handler = Closure::<dyn FnMut(MessageEvent)>::new(on_message);
        scope().set_onmessage(Some(handler.as_ref().unchecked_ref()));
        // The handler lives as long as the worker.
        handler.forget();
        post(&object(&[("kind", "ready".into())]));
    }
}

fn main() {
    #[cfg(target_arch = "wasm32")]
    worker::start();
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("interleave-go-sim-worker runs as a Web Worker; build it with Trunk (scripts/build.sh)");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(v: f64, source: &str, procs: f64, seed: &str) -> Fields {
        Fields { v: Some(v), source: Some(source.into()), n: Some(16.0), procs: Some(procs), seed: Some(seed.into()) }
    }

    #[test]
    fn valid_requests_pass() {
        let r = check(fields(1.0, "work(1)", 4.0, "18446744073709551615")).unwrap();
        assert_eq!(r, Request { source: "work(1)".into(), n: 16, procs: 4, seed: u64::MAX });
        assert_eq!(check(fields(1.0, "", f64::from(MAX_PROCS), "0")).unwrap().procs, MAX_PROCS as usize);
    }

    #[test]
    fn bad_requests_are_refused() {
        let bad = [
            fields(2.0, "work(1)", 4.0, "1"),
            fields(1.0, "work(1)", 0.0, "1"),
            fields(1.0, "work(1)", f64::from(MAX_PROCS) + 1.0, "1"),
            fields(1.0, "work(1)", 2.5, "1"),
            fields(1.0, "work(1)", f64::NAN, "1"),
            fields(1.0, "work(1)", 4.0, "-1"),
            fields(1.0, "work(1)", 4.0, "18446744073709551616"),
            fields(1.0, "work(1)", 4.0, "1e3"),
            fields(1.0, &"x".repeat(MAX_SOURCE_BYTES + 1), 4.0, "1"),
            Fields::default(),
            Fields { source: None, ..fields(1.0, "", 1.0, "1") },
            Fields { seed: None, ..fields(1.0, "", 1.0, "1") },
            Fields { procs: None, ..fields(1.0, "", 1.0, "1") },
            Fields { n: None, ..fields(1.0, "", 1.0, "1") },
            Fields { n: Some(0.0), ..fields(1.0, "", 1.0, "1") },
            Fields { n: Some(f64::from(MAX_N) + 1.0), ..fields(1.0, "", 1.0, "1") },
        ];
        for f in bad {
            assert!(check(f.clone()).is_err(), "{f:?}");
        }
    }
}
