//! The page's side of the simulation worker: run a Go-like program in the scheduler's
//! deterministic simulator off the main thread, in every tier (a plain Web Worker, no shared
//! memory), hear its progress, and get the whole `interp::Run` back.
//!
//! The worker is the `crates/go-sim-worker` crate, which Trunk builds without atomics under a
//! fixed name, `./interleave-go-sim-worker_loader.js`; it is fetched only when a run starts. Its
//! module doc is the protocol; from here:
//! 1. [`SimWorker::start`] spawns the worker and waits for its `ready` (a message posted earlier
//!    could reach a worker with no handler yet), then posts the request.
//! 2. `progress` messages become [`SimUpdate::Progress`].
//! 3. The end is exactly one of [`SimUpdate::Done`] (the run's bytes, decoded with
//!    `go_scheduler::wire`), [`SimUpdate::ParseError`] or [`SimUpdate::Failed`] (a bad request,
//!    a panic, the script failing to load, no `ready` within [`START_TIMEOUT_MS`], bytes that do
//!    not decode); the worker is then terminated and anything it still sends is ignored.
//!
//! A run is one [`SimWorker`]; dropping it (or [`SimWorker::stop`]) terminates the worker, which
//! is how a run is stopped: inside the simulator the worker reads no messages.
//!
//! The strings in [`SimUpdate::Failed`] are technical detail for the console and a "details"
//! line; the page says what happened in the person's language.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use gloo::timers::callback::Timeout;
use interleave_experiments::go_scheduler::interp::Run;
use interleave_experiments::go_scheduler::wire;
use js_sys::{ArrayBuffer, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use web_sys::{ErrorEvent, MessageEvent, Worker};
use yew::Callback;

/// Where Trunk puts the worker's loader (beside `index.html`, never hashed).
pub const WORKER_URL: &str = "./interleave-go-sim-worker_loader.js";
/// How long the worker may take to load its script and WebAssembly, ms.
pub const START_TIMEOUT_MS: u32 = 15_000;
/// The request version the worker reads.
const REQUEST_VERSION: u32 = 1;

/// What to simulate: the program's text, its `N`, GOMAXPROCS and the seed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimRequest {
    pub source: String,
    pub n: u32,
    pub procs: u32,
    pub seed: u64,
}

/// What a run tells the page.
#[derive(Clone, Debug, PartialEq)]
pub enum SimUpdate {
    /// Events recorded so far and the simulator's clock (virtual ns).
    Progress { events: u64, virtual_ns: u64 },
    /// The run ended (finished, deadlocked or failed: see `Run::end`).
    Done(Box<Run>),
    /// The program does not parse: where (from 1; columns in characters) and why.
    ParseError { message: String, line: u32, column: u32 },
    /// The worker could not run it (technical detail, not for display as is).
    Failed(String),
}

/// One run in the simulation worker. Dropping it terminates the worker.
pub struct SimWorker(#[allow(dead_code, reason = "owns the run; its worker lives as long as it does")] Rc<RefCell<Inner>>);

#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    Starting,
    Running,
    Ended,
}

struct Inner {
    worker: Worker,
    request: Object,
    phase: Phase,
    on_update: Callback<SimUpdate>,
    _on_message: Option<Closure<dyn FnMut(MessageEvent)>>,
    _on_error: Option<Closure<dyn FnMut(ErrorEvent)>>,
    _start_timeout: Option<Timeout>,
}

impl SimWorker {
    /// Spawn the worker and run `req` in it; `on_update` hears progress and then exactly one end.
    /// `Err` when the browser refuses to create the worker.
    pub fn start(req: &SimRequest, on_update: Callback<SimUpdate>) -> Result<SimWorker, String> {
        let worker = Worker::new(WORKER_URL).map_err(|e| format!("could not start the simulation worker: {e:?}"))?;
        let request = object(&[
            ("v", REQUEST_VERSION.into()),
            ("source", req.source.as_str().into()),
            ("n", req.n.into()),
            ("procs", req.procs.into()),
            ("seed", req.seed.to_string().into()),
        ]);
        let inner = Rc::new(RefCell::new(Inner {
            worker,
            request,
            phase: Phase::Starting,
            on_update,
            _on_message: None,
            _on_error: None,
            _start_timeout: None,
        }));
        let weak = Rc::downgrade(&inner);
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            with(&weak, |s| s.receive(&e.data()));
        });
        let weak = Rc::downgrade(&inner);
        let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |e: ErrorEvent| {
            e.prevent_default();
            let what = if e.message().is_empty() { "its script or WebAssembly failed to load".into() } else { e.message() };
            with(&weak, |s| s.fail(format!("the simulation worker failed: {what}")));
        });
        let weak = Rc::downgrade(&inner);
        let timeout = Timeout::new(START_TIMEOUT_MS, move || {
            with(&weak, |s| {
                if s.phase == Phase::Starting {
                    s.fail(format!(
                        "the simulation worker did not start within {} s (its script or WebAssembly did not load)",
                        START_TIMEOUT_MS / 1000
                    ))
                } else {
                    None
                }
            })
        });
        {
            let mut s = inner.borrow_mut();
            s.worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            s.worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
            s._on_message = Some(on_message);
            s._on_error = Some(on_error);
            s._start_timeout = Some(timeout);
        }
        Ok(SimWorker(inner))
    }

    /// Stop the run: terminate the worker (the same as dropping it). Nothing more is heard.
    pub fn stop(self) {}
}

/// Runs `f` on the run's state, then emits what it returned once the state is released (the
/// listener may drop the run).
fn with(weak: &Weak<RefCell<Inner>>, f: impl FnOnce(&mut Inner) -> Option<SimUpdate>) {
    let Some(inner) = weak.upgrade() else { return };
    let (update, listener) = {
        let mut s = inner.borrow_mut();
        (f(&mut s), s.on_update.clone())
    };
    drop(inner);
    if let Some(u) = update {
        listener.emit(u);
    }
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

/// A non-negative integer field (JS numbers are exact to 2^53; counts and virtual time stay
/// far below).
fn count(data: &JsValue, key: &str) -> u64 {
    field(data, key).as_f64().filter(|v| v.is_finite() && *v >= 0.0).map_or(0, |v| v as u64)
}

impl Inner {
    fn receive(&mut self, data: &JsValue) -> Option<SimUpdate> {
        if self.phase == Phase::Ended {
            return None;
        }
        match field(data, "kind").as_string().as_deref() {
            Some("ready") if self.phase == Phase::Starting => {
                self.phase = Phase::Running;
                self._start_timeout = None;
                match self.worker.post_message(&self.request) {
                    Ok(()) => None,
                    Err(e) => self.fail(format!("could not post the program to the simulation worker: {e:?}")),
                }
            }
            Some("progress") => Some(SimUpdate::Progress { events: count(data, "events"), virtual_ns: count(data, "virtualNs") }),
            Some("done") => {
                let run = field(data, "run");
                let Some(buffer) = run.dyn_ref::<ArrayBuffer>() else {
                    return self.fail("the simulation worker's `done` has no ArrayBuffer".into());
                };
                let bytes = Uint8Array::new(buffer).to_vec();
                match wire::decode(&bytes) {
                    Ok(run) => {
                        self.end();
                        Some(SimUpdate::Done(Box::new(run)))
                    }
                    Err(e) => self.fail(format!("the simulation worker's run does not decode: {e}")),
                }
            }
            Some("error") => {
                let message = field(data, "message").as_string().unwrap_or_default();
                let (line, column) = (field(data, "line").as_f64(), field(data, "column").as_f64());
                match (line, column) {
                    (Some(line), Some(column)) => {
                        self.end();
                        Some(SimUpdate::ParseError { message, line: line as u32, column: column as u32 })
                    }
                    _ => self.fail(format!("the simulation worker reported: {message}")),
                }
            }
            other => self.fail(format!("unexpected message from the simulation worker: {other:?}")),
        }
    }

    fn fail(&mut self, why: String) -> Option<SimUpdate> {
        if self.phase == Phase::Ended {
            return None;
        }
        self.end();
        Some(SimUpdate::Failed(why))
    }

    /// Terminates the worker; later messages and errors change nothing.
    fn end(&mut self) {
        self.phase = Phase::Ended;
        self._start_timeout = None;
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}

impl Drop for Inner {
    fn drop(&mut self) {
        if self.phase != Phase::Ended {
            self.end();
        }
    }
}
