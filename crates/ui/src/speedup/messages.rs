//! The Parallel speedup on plain Web Workers that pass messages (tier 2: no shared memory).
//!
//! The page spawns `threads` workers from `./interleave-rows-worker_loader.js` (the
//! `crates/rows-worker` crate, which Trunk builds without atomics under fixed file names; they
//! are fetched only when such a run starts, so the page's first load does not grow). The
//! protocol, the row split and why it is static are in
//! `interleave_experiments::speedup::messages`; this file only moves messages:
//! spawn → wait for every `ready` → time → post the serial rows to worker 0 → when they are all
//! back post every worker its share → collect rows → checksum → end the workers.
//!
//! A run is one [`MessageRun`]; dropping it (Stop, leaving the page, the next run) terminates its
//! workers, so a stopped run leaves nothing behind and the next run starts fresh workers.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use gloo::timers::callback::Timeout;
use interleave_experiments::speedup::messages::{Assembly, Plan, plan};
use interleave_experiments::speedup::{SpeedupParams, SpeedupResult, SpeedupRun, Via};
use interleave_protocol::Rows;
use js_sys::{BigUint64Array, Object, Reflect, Uint32Array, Uint8Array};
use wasm_bindgen::prelude::*;
use web_sys::{ErrorEvent, MessageEvent, Worker};
use yew::Callback;

/// Where Trunk puts the worker's loader (beside `index.html`, never hashed).
const WORKER_URL: &str = "./interleave-rows-worker_loader.js";
/// How long the workers may take to load their script and WebAssembly.
const START_TIMEOUT_MS: u32 = 15_000;

/// What a run tells the page.
pub enum Update {
    /// Rows to paint, and how many of the image's rows are in.
    Rows { done: u32, total: u32, rows: Vec<Rows> },
    Finished(SpeedupRun),
    Failed(String),
}

/// One run on message-passing workers. Dropping it terminates them.
pub struct MessageRun(#[allow(dead_code, reason = "owns the run; its workers live as long as it does")] Rc<RefCell<Inner>>);

struct Spawned {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

#[derive(Clone, Copy, PartialEq)]
enum Phase {
    Starting,
    Serial,
    Parallel,
    Ended,
}

struct Inner {
    params: SpeedupParams,
    live: bool,
    plan: Plan,
    assembly: Assembly,
    workers: Vec<Spawned>,
    ready: usize,
    phase: Phase,
    spawned_at: f64,
    startup_ms: f64,
    t0: f64,
    serial_ms: f64,
    /// Rows held back until the run is timed (live drawing off).
    held: Vec<Rows>,
    on_update: Callback<Update>,
    _start_timeout: Option<Timeout>,
}

impl MessageRun {
    /// Spawns `params.threads` workers and runs the image on them; `on_update` hears rows and
    /// the end. With `live` off, rows are painted only after the run is timed.
    pub fn start(params: SpeedupParams, live: bool, on_update: Callback<Update>) -> Result<MessageRun, String> {
        let inner = Rc::new(RefCell::new(Inner {
            params,
            live,
            plan: plan(&params),
            assembly: Assembly::new(params.size),
            workers: Vec::new(),
            ready: 0,
            phase: Phase::Starting,
            spawned_at: crate::clock::now(),
            startup_ms: 0.0,
            t0: 0.0,
            serial_ms: 0.0,
            held: Vec::new(),
            on_update,
            _start_timeout: None,
        }));
        for k in 0..params.threads.max(1) as usize {
            let spawned = spawn(Rc::downgrade(&inner), k)?;
            inner.borrow_mut().workers.push(spawned);
        }
        let weak = Rc::downgrade(&inner);
        let timeout = Timeout::new(START_TIMEOUT_MS, move || {
            with(&weak, |s| {
                if s.phase == Phase::Starting {
                    s.fail(format!(
                        "the message workers did not start within {} s (their script or WebAssembly did not load)",
                        START_TIMEOUT_MS / 1000
                    ))
                } else {
                    Vec::new()
                }
            })
        });
        inner.borrow_mut()._start_timeout = Some(timeout);
        Ok(MessageRun(inner))
    }
}

fn spawn(weak: Weak<RefCell<Inner>>, k: usize) -> Result<Spawned, String> {
    let worker = Worker::new(WORKER_URL).map_err(|e| format!("could not start a message worker: {e:?}"))?;
    let w = weak.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        with(&w, |s| s.receive(k, &e.data()));
    });
    let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |e: ErrorEvent| {
        e.prevent_default();
        let what = if e.message().is_empty() { "its script failed to load".into() } else { e.message() };
        with(&weak, |s| s.fail(format!("message worker {k} failed: {what}")));
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Ok(Spawned { worker, _on_message: on_message, _on_error: on_error })
}

/// Runs `f` on the run's state, then emits what it returned once the state is released (a
/// listener may drop the run).
fn with(weak: &Weak<RefCell<Inner>>, f: impl FnOnce(&mut Inner) -> Vec<Update>) {
    let Some(inner) = weak.upgrade() else { return };
    let (updates, listener) = {
        let mut s = inner.borrow_mut();
        (f(&mut s), s.on_update.clone())
    };
    drop(inner);
    for u in updates {
        listener.emit(u);
    }
}

fn field(data: &JsValue, key: &str) -> JsValue {
    Reflect::get(data, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

impl Inner {
    fn receive(&mut self, k: usize, data: &JsValue) -> Vec<Update> {
        if self.phase == Phase::Ended {
            return Vec::new();
        }
        if let Some(error) = field(data, "error").as_string() {
            return self.fail(format!("message worker {k} panicked: {error}"));
        }
        if field(data, "ready").is_truthy() {
            self.ready += 1;
            if self.ready == self.workers.len() {
                let now = crate::clock::now();
                self.startup_ms = now - self.spawned_at;
                self.t0 = now;
                return self.begin();
            }
            return Vec::new();
        }
        // A batch of finished rows: their numbers, hashes and pixels, one row after another.
        let (ys, hashes, rgba) = (field(data, "ys"), field(data, "hashes"), field(data, "rgba"));
        let understood = ys.is_instance_of::<Uint32Array>()
            && hashes.is_instance_of::<BigUint64Array>()
            && rgba.is_instance_of::<js_sys::ArrayBuffer>();
        let row_bytes = self.params.size as usize * 4;
        let (ys, hashes, rgba) = if understood {
            (
                ys.unchecked_into::<Uint32Array>().to_vec(),
                hashes.unchecked_into::<BigUint64Array>().to_vec(),
                Uint8Array::new(&rgba).to_vec(),
            )
        } else {
            (Vec::new(), Vec::new(), Vec::new())
        };
        if ys.is_empty() || hashes.len() != ys.len() || rgba.len() != ys.len() * row_bytes {
            return self.fail(format!("message worker {k} sent a message this page does not understand"));
        }
        let mut rows = Vec::with_capacity(ys.len());
        for ((&y, &hash), pixels) in ys.iter().zip(&hashes).zip(rgba.chunks(row_bytes)) {
            if let Err(e) = self.assembly.receive(y, hash) {
                return self.fail(format!("message worker {k}: {e}"));
            }
            rows.push(Rows { y_start: y, y_end: y + 1, rgba: pixels.to_vec() });
        }
        let (done, total) = (self.assembly.received(), self.assembly.total());
        let mut updates = Vec::new();
        if self.live {
            updates.push(Update::Rows { done, total, rows });
        } else {
            self.held.extend(rows);
        }
        if self.phase == Phase::Serial && self.assembly.has_all(&self.plan.serial) {
            self.serial_ms = crate::clock::now() - self.t0;
            updates.extend(self.post_shares());
        }
        if let Some(checksum) = self.assembly.checksum() {
            let total_ms = crate::clock::now() - self.t0;
            self.end();
            if !self.live {
                updates.push(Update::Rows { done, total, rows: std::mem::take(&mut self.held) });
            }
            let result = SpeedupResult { params: self.params, total_ms, serial_ms: self.serial_ms, checksum };
            updates.push(Update::Finished(SpeedupRun { via: Via::Messages, result, startup_ms: Some(self.startup_ms) }));
        }
        updates
    }

    /// Every worker is ready: the serial rows to worker 0 first, or straight to the shares.
    fn begin(&mut self) -> Vec<Update> {
        if self.plan.serial.is_empty() {
            return self.post_shares();
        }
        self.phase = Phase::Serial;
        let serial = self.plan.serial.clone();
        match self.post(0, &serial) {
            Ok(()) => Vec::new(),
            Err(e) => self.fail(e),
        }
    }

    fn post_shares(&mut self) -> Vec<Update> {
        self.phase = Phase::Parallel;
        for k in 0..self.workers.len() {
            let share = self.plan.shares[k].clone();
            if let Err(e) = self.post(k, &share) {
                return self.fail(e);
            }
        }
        Vec::new()
    }

    fn post(&self, k: usize, rows: &[u32]) -> Result<(), String> {
        if rows.is_empty() {
            return Ok(());
        }
        let message = Object::new();
        let set = |key: &str, v: JsValue| Reflect::set(&message, &JsValue::from_str(key), &v);
        let _ = set("size", self.params.size.into());
        let _ = set("iterations", self.params.iterations.into());
        let _ = set("rows", Uint32Array::from(rows).into());
        self.workers[k]
            .worker
            .post_message(&message)
            .map_err(|e| format!("could not post rows to message worker {k}: {e:?}"))
    }

    fn fail(&mut self, why: String) -> Vec<Update> {
        if self.phase == Phase::Ended {
            return Vec::new();
        }
        self.end();
        vec![Update::Failed(why)]
    }

    /// Terminates the workers; later messages and errors change nothing.
    fn end(&mut self) {
        self.phase = Phase::Ended;
        self._start_timeout = None;
        for w in &self.workers {
            w.worker.set_onmessage(None);
            w.worker.set_onerror(None);
            w.worker.terminate();
        }
    }
}

impl Drop for Inner {
    fn drop(&mut self) {
        self.end();
    }
}
