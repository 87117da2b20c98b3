//! The engine's face to `web/engine-worker.js`: decode requests, start jobs, poll them into events.
//!
//! The worker script owns the event loop: it passes every message to [`Engine::handle`] and, while
//! [`Engine::poll`] returns true, calls it again after [`Engine::poll_every_ms`]. Neither ever
//! blocks, so a `Stop` is handled at the next turn of the worker's event loop. The engine knows no
//! experiment: it looks the job up in [`crate::jobs::JOBS`] and holds the one running job as a
//! [`EngineJobRunner`], which starts it on the pool and turns its state into events.

use interleave_protocol::{Envelope, Event, Job, JobId, PROTOCOL_VERSION, Request};
use js_sys::Function;
use wasm_bindgen::prelude::*;

use crate::jobs::{self, DeliberatePanic, WarmUp};
use crate::panic_note;
use crate::runner::{EngineJobRunner, EngineLimits, POLL_EVERY_MS, Polled};

fn now() -> f64 {
    js_sys::global().unchecked_into::<web_sys::WorkerGlobalScope>().performance().map_or(0.0, |p| p.now())
}

struct Running {
    id: JobId,
    job: Box<dyn EngineJobRunner>,
}

/// One engine instance per worker.
#[wasm_bindgen]
pub struct Engine {
    post: Function,
    limits: EngineLimits,
    /// Every job's warm-up; `Ready` is sent when it has ended.
    warming: Option<WarmUp>,
    /// At most one job at a time (the protocol's rule).
    running: Option<Running>,
    crashed: bool,
}

#[wasm_bindgen]
impl Engine {
    /// Called once the thread pool of `threads` is up; `post` sends events to the page. The engine
    /// warms up first: poll it until it sends `Ready`.
    #[wasm_bindgen(constructor)]
    pub fn new(threads: u32, post: Function) -> Engine {
        panic_note::install();
        let warming = Some(WarmUp::start());
        Engine { post, limits: EngineLimits { threads }, warming, running: None, crashed: false }
    }

    /// Handles one message from the page (never before `Ready`). Returns true when a job is
    /// running and wants polling.
    pub fn handle(&mut self, message: JsValue) -> bool {
        let request = serde_wasm_bindgen::from_value::<Envelope<Request>>(message)
            .map_err(|e| format!("unreadable request: {e}"))
            .and_then(|env| env.open().map_err(|e| e.to_string()));
        match request {
            Ok(Request::Run { id, job }) => self.start(id, job),
            Ok(Request::Stop { id }) => {
                if let Some(running) = self.running.as_ref().filter(|r| r.id == id) {
                    running.job.stop();
                }
            }
            // There is no job id to blame; report it against job 0, which the page never uses.
            Err(message) => self.send(Event::Failed { id: JobId(0), message }),
        }
        self.running.is_some()
    }

    /// Milliseconds until the worker script should call [`Engine::poll`] again.
    #[wasm_bindgen(js_name = pollEveryMs)]
    pub fn poll_every_ms(&self) -> u32 {
        match &self.running {
            Some(running) if self.warming.is_none() => running.job.poll_every_ms(),
            _ => POLL_EVERY_MS,
        }
    }

    /// Sends progress, and the outcome once there is one. Returns true while polling should go on.
    pub fn poll(&mut self) -> bool {
        if self.report_crash() {
            return false;
        }
        if let Some(warming) = &self.warming {
            if !warming.is_done() {
                return true;
            }
            self.warming = None;
            let (threads, engine_version) = (self.limits.threads, crate::ENGINE_VERSION.to_string());
            self.send(Event::Ready { threads, engine_version });
        }
        let Some(running) = self.running.as_mut() else { return false };
        let Polled { progress, end } = running.job.poll(running.id);
        if let Some(progress) = progress {
            self.send(progress);
        }
        let Some(end) = end else { return true };
        self.running = None;
        self.send(end);
        false
    }

    fn start(&mut self, id: JobId, job: Job) {
        if let Some(r) = &self.running {
            let message = format!("job {} is still running; stop it first", r.id.0);
            return self.send(Event::Failed { id, message });
        }
        let prepared = match job {
            Job::Experiment { experiment, input } => jobs::prepare(experiment, &input, &self.limits),
            Job::Panic => Ok(Box::new(DeliberatePanic) as Box<dyn EngineJobRunner>),
        };
        match prepared {
            Err(message) => self.send(Event::Failed { id, message }),
            Ok(mut job) => {
                job.start(now);
                self.running = Some(Running { id, job });
            }
        }
    }

    fn report_crash(&mut self) -> bool {
        if self.crashed {
            return true;
        }
        let Some(message) = panic_note::first() else { return false };
        self.crashed = true;
        self.running = None;
        self.send(Event::Crashed { message: message.to_string() });
        true
    }

    fn send(&self, event: Event) {
        // Maps as plain objects; byte buffers stay Uint8Arrays.
        let serializer = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
        let value = serde::Serialize::serialize(&Envelope::new(event), &serializer)
            .expect_throw("send: every event serialises");
        self.post.call1(&JsValue::NULL, &value).expect_throw("send: posting to the page failed");
    }
}

/// The most threads the pool may have (`interleave_experiments::MAX_THREADS`): the worker script
/// caps the page's `?threads=` with it before starting the pool.
#[wasm_bindgen(js_name = maxThreads)]
pub fn max_threads() -> u32 {
    interleave_experiments::MAX_THREADS
}

/// `interleave_protocol::PROTOCOL_VERSION`, for the messages the worker script writes itself
/// (a crash report).
#[wasm_bindgen(js_name = protocolVersion)]
pub fn protocol_version() -> u32 {
    PROTOCOL_VERSION
}

/// The first panic's message, for the worker script to report when a call into the engine traps.
#[wasm_bindgen(js_name = panicMessage)]
pub fn panic_message() -> Option<String> {
    panic_note::first().map(str::to_string)
}
