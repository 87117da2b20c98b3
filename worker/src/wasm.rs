//! The engine's face to `web/engine-worker.js`: decode requests, start jobs, poll them into events.
//!
//! The worker script owns the event loop: it passes every message to [`Engine::handle`] and, while
//! [`Engine::poll`] returns true, calls it again on a timer. Neither ever blocks, so a `Stop`
//! is handled at the next turn of the worker's event loop.

use std::sync::Arc;

use interleave_experiments::event_loop::{self, EventLoopParams};
use interleave_experiments::speedup::{self, MandelbrotInput, SpeedupParams};
use interleave_experiments::{ExperimentId, TypedParams};
use interleave_protocol::{Envelope, Event, Job, JobId, Payload, Request};
use js_sys::Function;
use wasm_bindgen::prelude::*;

use crate::cpu_job::{CpuJob, CpuOutcome};
use crate::job::{MandelbrotJob, Outcome, Poller};
use crate::panic_note;

fn now() -> f64 {
    js_sys::global().unchecked_into::<web_sys::WorkerGlobalScope>().performance().map_or(0.0, |p| p.now())
}

struct Running {
    id: JobId,
    /// `None` for the diagnostics panic, which only waits for the crash report.
    poller: Option<Poller>,
    /// The event-loop experiment's CPU job, when that is what runs.
    cpu: Option<Arc<CpuJob>>,
}

/// One engine instance per worker.
#[wasm_bindgen]
pub struct Engine {
    post: Function,
    threads: u32,
    /// The warm-up job; `Ready` is sent when it ends.
    warming: Option<Poller>,
    running: Option<Running>,
    crashed: bool,
}

/// Small enough to take a few milliseconds, big enough that the browser compiles the kernel
/// with its optimising tier; otherwise the first measured run pays for the baseline compiler.
const WARM_UP: SpeedupParams = SpeedupParams { size: 256, iterations: 256, serial_fraction: 0.0, threads: 1 };

#[wasm_bindgen]
impl Engine {
    /// Called once the thread pool is up; `post` sends events to the page. The engine warms up
    /// first: poll it until it sends `Ready`.
    #[wasm_bindgen(constructor)]
    pub fn new(threads: u32, post: Function) -> Engine {
        panic_note::install();
        rayon::spawn(crate::cpu_job::warm_up);
        let warm_up = MandelbrotJob::new(WARM_UP);
        let driver = Arc::clone(&warm_up);
        rayon::spawn(move || {
            driver.drive(now);
        });
        Engine { post, threads, warming: Some(Poller::new(warm_up, false)), running: None, crashed: false }
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
                if let Some(p) = self.running.as_ref().filter(|r| r.id == id).and_then(|r| r.poller.as_ref()) {
                    p.job().stop();
                }
                if let Some(c) = self.running.as_ref().filter(|r| r.id == id).and_then(|r| r.cpu.as_ref()) {
                    c.stop();
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
        let idle_poller = self.running.as_ref().and_then(|r| r.poller.as_ref()).filter(|_| self.warming.is_none());
        idle_poller.map_or(16, Poller::poll_every_ms)
    }

    /// Sends progress, and the outcome once there is one. Returns true while polling should go on.
    pub fn poll(&mut self) -> bool {
        if self.report_crash() {
            return false;
        }
        if let Some(warming) = self.warming.as_mut() {
            if warming.poll().outcome.is_none() {
                return true;
            }
            self.warming = None;
            let (threads, engine_version) = (self.threads, crate::ENGINE_VERSION.to_string());
            self.send(Event::Ready { threads, engine_version });
        }
        let Some(running) = self.running.as_mut() else { return false };
        let id = running.id;
        if let Some(cpu) = running.cpu.clone() {
            return self.poll_cpu(id, &cpu);
        }
        let Some(poller) = running.poller.as_mut() else { return true };
        let poll = poller.poll();
        if !poll.rows.is_empty() || poll.outcome.is_none() {
            self.send(Event::Progress { id, done: poll.done, total: poll.total, rows: poll.rows });
        }
        match poll.outcome {
            None => true,
            Some(outcome) => {
                self.running = None;
                self.send(match outcome {
                    Outcome::Finished(r) => Event::Finished { id, result: Payload::encode(&r) },
                    Outcome::Stopped => Event::Stopped { id },
                });
                false
            }
        }
    }

    fn start(&mut self, id: JobId, job: Job) {
        if let Some(r) = &self.running {
            let message = format!("job {} is still running; stop it first", r.id.0);
            return self.send(Event::Failed { id, message });
        }
        match job {
            Job::Experiment { experiment, input } => self.start_experiment(id, experiment, &input),
            Job::Panic => {
                rayon::spawn(|| panic!("a deliberate panic inside a pool thread (diagnostics)"));
                // Poll until the panic note appears; this job never finishes on its own.
                self.running = Some(Running { id, poller: None, cpu: None });
            }
        }
    }

    fn start_experiment(&mut self, id: JobId, experiment: ExperimentId, input: &Payload) {
        if experiment == speedup::ID {
            match input.decode::<MandelbrotInput>().and_then(|i| self.check(i.params).map(|p| (p, i.live))) {
                Err(message) => self.send(Event::Failed { id, message }),
                Ok((params, live)) => {
                    let job = MandelbrotJob::new(params);
                    let driver = Arc::clone(&job);
                    rayon::spawn(move || {
                        driver.drive(now);
                    });
                    self.running = Some(Running { id, poller: Some(Poller::new(job, live)), cpu: None });
                }
            }
        } else if experiment == event_loop::ID {
            match input.decode::<EventLoopParams>().and_then(|p| p.validated().map_err(|e| e.to_string())) {
                Err(message) => self.send(Event::Failed { id, message }),
                Ok(params) => self.start_cpu(id, params),
            }
        } else {
            self.send(Event::Failed { id, message: format!("the engine has no job for {experiment}") });
        }
    }

    fn start_cpu(&mut self, id: JobId, params: EventLoopParams) {
        let job = CpuJob::new(params);
        let driver = Arc::clone(&job);
        rayon::spawn(move || {
            driver.drive(now);
        });
        self.running = Some(Running { id, poller: None, cpu: Some(job) });
    }

    fn poll_cpu(&mut self, id: JobId, job: &CpuJob) -> bool {
        let (done, total, outcome) = job.poll();
        match outcome {
            None => {
                self.send(Event::Progress { id, done, total, rows: Vec::new() });
                true
            }
            Some(outcome) => {
                self.running = None;
                self.send(match outcome {
                    CpuOutcome::Finished(r) => Event::Finished { id, result: Payload::encode(&r) },
                    CpuOutcome::Stopped => Event::Stopped { id },
                });
                false
            }
        }
    }

    fn check(&self, params: SpeedupParams) -> Result<SpeedupParams, String> {
        let params = params.validated().map_err(|e| e.to_string())?;
        if params.threads > self.threads {
            return Err(format!(
                "{} threads asked, but this engine has {} (the machine's hardware threads)",
                params.threads, self.threads
            ));
        }
        Ok(params)
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

/// The first panic's message, for the worker script to report when a call into the engine traps.
#[wasm_bindgen(js_name = panicMessage)]
pub fn panic_message() -> Option<String> {
    panic_note::first().map(str::to_string)
}
