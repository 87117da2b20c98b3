//! Runs one variant of the job and measures it. The main-thread variants run here; the worker
//! variant goes through the engine (`run_in_worker`).
//!
//! Every run has the same shape:
//! 1. wait for a frame and then a task, so the page has painted "running" before the job starts
//!    (a blocking job would otherwise freeze the old picture);
//! 2. take `start`, mark the run on the strip, run the job, take `end`;
//! 3. wait until the meter has seen a frame and a heartbeat after `end` (only then has it
//!    recorded what the job did to them) and at least [`LATE_INPUT_MS`] has passed (Chromium may
//!    deliver a key pressed during a long block a few hundred ms after it ends), then summarise
//!    the jank between `start` and `end`.

use std::cell::Cell;
use std::rc::Rc;

use interleave_experiments::event_loop::{EventLoopParams, EventLoopResult, Variant, WorkerJob, WorkerRun, kernel};
use interleave_protocol::{Event, Job, JobId};
use yew::Callback;

use crate::engine::EngineHandle;

use super::meter::{Meter, now};
use super::yielding::{Yielder, next_frame, timeout};

/// How a run ended.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Finished(EventLoopResult),
    Stopped,
    Failed(String),
}

/// Progress is reported at most this often, so the report itself stays cheap.
const PROGRESS_MS: f64 = 100.0;
/// How long after the job input events that arrived during it are still collected.
pub const LATE_INPUT_MS: f64 = 600.0;
/// The longest the meter may take to see a frame after the job (a hidden tab has none).
const SETTLE_MS: f64 = 1_500.0;

/// Runs a few units, one per task, so the browser compiles the kernel with its optimising tier
/// before the first measured run (V8 starts wasm in its baseline compiler), and returns what one
/// unit takes on this machine, in ms (the page shows it beside the job size).
pub async fn warm_up() -> Option<f64> {
    let y = Yielder::new(interleave_experiments::event_loop::YieldWith::MessageChannel).ok()?;
    let mut samples = Vec::new();
    for i in 0..30 {
        let t0 = now();
        std::hint::black_box(kernel::run(i, i + 1, kernel::EMPTY));
        // The first units run before the optimising compiler has the kernel: time the rest.
        if i >= 10 {
            samples.push(now() - t0);
        }
        y.yield_now().await;
    }
    kernel::ms_per_unit(&samples)
}

/// Step 1: let the page paint the "running" state.
pub async fn pre_roll() {
    next_frame().await;
    timeout(0).await;
}

/// Step 3: waits until the meter has seen past `end`.
pub async fn settle(meter: &Meter, end: f64) {
    while (!meter.settled_after(end) || now() - end < LATE_INPUT_MS) && now() - end < SETTLE_MS {
        next_frame().await;
    }
}

/// Runs a main-thread variant (blocking or chunked). `stop` is read between chunks.
pub async fn run_on_main(
    variant: Variant,
    params: EventLoopParams,
    meter: Meter,
    stop: Rc<Cell<bool>>,
    progress: Callback<(u32, u32)>,
    label: &'static str,
) -> Outcome {
    let yielder = match variant {
        Variant::Chunked(how) => match Yielder::new(how) {
            Ok(y) => Some(y),
            Err(e) => return Outcome::Failed(e),
        },
        Variant::Blocking => None,
        Variant::Worker => return Outcome::Failed("run_on_main: the worker variant runs in the engine".into()),
    };
    pre_roll().await;
    let start = now();
    let mark = meter.begin_run(start, label);
    let mut acc = kernel::EMPTY;
    let mut compute_ms = 0.0;
    let mut yields = 0u32;
    match &yielder {
        None => {
            acc = kernel::run(0, params.units, acc);
            compute_ms = now() - start;
            meter.slice(start, compute_ms);
        }
        Some(y) => {
            let mut reported = start;
            for (a, b) in params.chunks() {
                if stop.get() {
                    meter.end_run(mark, now());
                    return Outcome::Stopped;
                }
                let s = now();
                acc = kernel::run(a, b, acc);
                let d = now() - s;
                meter.slice(s, d);
                compute_ms += d;
                if b < params.units {
                    if s + d - reported >= PROGRESS_MS {
                        reported = s + d;
                        progress.emit((b, params.units));
                    }
                    y.yield_now().await;
                    yields += 1;
                }
            }
        }
    }
    let end = now();
    meter.end_run(mark, end);
    progress.emit((params.units, params.units));
    settle(&meter, end).await;
    Outcome::Finished(EventLoopResult {
        variant,
        params,
        total_ms: end - start,
        compute_ms,
        yields,
        checksum: acc,
        jank: meter.summarize(start, end),
    })
}

/// Runs the worker variant through the engine. The main thread's own part of the job is handling
/// the engine's messages; each is timed as a slice. `done` hears the outcome once.
pub async fn run_in_worker(
    engine: EngineHandle,
    params: EventLoopParams,
    meter: Meter,
    progress: Callback<(u32, u32)>,
    started: Callback<JobId>,
    done: Callback<Outcome>,
    label: &'static str,
) {
    pre_roll().await;
    let start = now();
    let mark = meter.begin_run(start, label);
    let (m, finish) = (meter.clone(), done.clone());
    let listener = Callback::from(move |event: Event| {
        let s = now();
        match event {
            Event::Progress { done, total, .. } => progress.emit((done, total)),
            Event::Finished { result, .. } => {
                let end = now();
                m.end_run(mark, end);
                match result.decode::<WorkerRun>() {
                    Err(e) => finish.emit(Outcome::Failed(e)),
                    Ok(run) => {
                        let (m, finish) = (m.clone(), finish.clone());
                        wasm_bindgen_futures::spawn_local(async move {
                            settle(&m, end).await;
                            finish.emit(Outcome::Finished(EventLoopResult {
                                variant: Variant::Worker,
                                params,
                                total_ms: end - start,
                                compute_ms: run.compute_ms,
                                yields: 0,
                                checksum: run.checksum,
                                jank: m.summarize(start, end),
                            }));
                        });
                    }
                }
            }
            Event::Stopped { .. } => {
                m.end_run(mark, now());
                finish.emit(Outcome::Stopped);
            }
            Event::Failed { message, .. } => {
                m.end_run(mark, now());
                finish.emit(Outcome::Failed(message));
            }
            Event::Ready { .. } | Event::StartFailed { .. } | Event::Crashed { .. } => {}
        }
        m.slice(s, now() - s);
    });
    match engine.run(Job::of::<WorkerJob>(&params), listener) {
        Ok(id) => started.emit(id),
        Err(e) => {
            meter.end_run(mark, now());
            done.emit(Outcome::Failed(format!("The worker variant cannot run: {e}.")));
        }
    }
}
