//! What every engine job has in common: the two traits a job implements, and the one runner that
//! starts any job on the pool and turns what it publishes into protocol events.
//!
//! # Shape of a job
//!
//! A job has two halves, and each job file (`jobs/<module>.rs`) says in its module doc which
//! atomics pair between them:
//! - **Shared state** ([`Drive`]), in an `Arc`: the *driver* (one pool thread) runs the whole job
//!   with [`Drive::drive`] and publishes its [`Outcome`] once; any thread may ask it to
//!   [`Drive::stop`].
//! - **The engine thread's view** ([`PoolJob`]): built from the page's input (checked against its
//!   bounds and the [`EngineLimits`]), then polled on a timer. It never blocks: the engine thread
//!   must stay free to receive `Stop`.
//!
//! # What the runner does, once for every job
//!
//! The engine holds at most one running job as a `Box<dyn` [`EngineJobRunner`]`>`. [`Runner<J>`]
//! is its one implementation for experiment jobs:
//! 1. [`Runner::prepare`] decodes the page's [`Payload`] as the experiment's
//!    [`EngineJob::Input`] and lets the job check it ([`PoolJob::prepare`]).
//! 2. [`EngineJobRunner::start`] hands a clone of the shared state to `rayon::spawn`, whose closure
//!    drives the job with the engine's clock; the engine thread returns at once.
//! 3. [`EngineJobRunner::poll`] reads what the job has published ([`PoolJob::poll`]) and makes the
//!    events: `Progress` while it runs (and with the last rows), then exactly one `Finished` (the
//!    [`EngineJob::Output`], encoded with [`Payload::encode`]) or `Stopped`.
//!
//! Rejected: one hand-written event loop per job (it was, and the polling and spawning were copied
//! per experiment); a job trait that produces protocol events itself (each job would encode its
//! own output, and a test of a job would have to decode it again).

use std::sync::Arc;

use interleave_experiments::EngineJob;
use interleave_protocol::{Event, JobId, Payload, Rows};

/// A monotonic clock in milliseconds; the browser's `performance.now()` or `Instant` natively.
/// The driver reads it on its own thread only: worker clocks have different origins.
pub type Clock = fn() -> f64;

/// How often the engine polls a job that does not say otherwise, in milliseconds: about a frame,
/// so progress looks live and `Stopped` follows a stop promptly.
pub const POLL_EVERY_MS: u32 = 16;

/// How a job ended.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Outcome<T> {
    Finished(T),
    Stopped,
}

/// What one poll found.
#[derive(Debug)]
pub struct Poll<T> {
    /// Units of work done so far, of `total` (whatever unit the job counts: rows, work units).
    pub done: u32,
    pub total: u32,
    /// Image rows published since the last poll, in consecutive blocks (empty for jobs without
    /// rows).
    pub rows: Vec<Rows>,
    /// Set once the job has ended; everything it published is then in this or an earlier poll.
    pub outcome: Option<Outcome<T>>,
}

/// What the engine offers a job, for [`PoolJob::prepare`] to check the page's input against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EngineLimits {
    /// Threads in the engine's pool (the machine's hardware threads, at most
    /// [`interleave_experiments::MAX_THREADS`]).
    pub threads: u32,
}

impl EngineLimits {
    /// Refuses a job that asks for more threads than the pool has.
    pub fn check_threads(&self, asked: u32) -> Result<(), String> {
        if asked > self.threads {
            return Err(format!(
                "{asked} threads asked, but this engine has {} (the machine's hardware threads)",
                self.threads
            ));
        }
        Ok(())
    }
}

/// A job's shared state: lives in an `Arc`, is run by one driver on the pool, and may be stopped
/// from any thread.
pub trait Drive: Send + Sync + 'static {
    type Output;

    /// Runs the whole job and publishes its outcome (also returned, for native callers). Driver
    /// only: call it on a pool thread (`rayon::spawn` or `install`), never on a thread that must
    /// not block. Once per job.
    fn drive(&self, now: Clock) -> Outcome<Self::Output>;

    /// Asks every thread to leave the job; each job file says how soon they do. Any thread.
    fn stop(&self);
}

/// The page's input of job `J`'s experiment.
pub type Input<J> = <<J as PoolJob>::Face as EngineJob>::Input;
/// What job `J`'s experiment reports when it finishes.
pub type Output<J> = <<J as PoolJob>::Face as EngineJob>::Output;

/// A job the engine runs on its pool, as the engine thread sees it. `jobs/<module>.rs` implements
/// it for one experiment and registers it in `jobs/mod.rs`.
pub trait PoolJob: Sized + 'static {
    /// The experiment's typed face (in `interleave_experiments::<module>`): what the page sends and
    /// what comes back.
    type Face: EngineJob;
    /// The state shared with the pool; the runner drives it.
    type Shared: Drive<Output = Output<Self>>;

    /// Checks the page's input against its bounds (`TypedParams::validated`) and the engine's
    /// limits, in words a person can read, and builds the job without starting it.
    fn prepare(input: Input<Self>, limits: &EngineLimits) -> Result<Self, String>;

    fn shared(&self) -> &Arc<Self::Shared>;

    /// Engine thread only. Never blocks: reads what the job has published and returns.
    fn poll(&mut self) -> Poll<Output<Self>>;

    /// Milliseconds until the next poll.
    fn poll_every_ms(&self) -> u32 {
        POLL_EVERY_MS
    }

    /// Runs a little of the job's kernel so that the browser compiles it with its optimising tier
    /// before the first measured run (V8 starts wasm in its baseline compiler). Once, on a pool
    /// thread, while the engine starts; it sends `Ready` when every job's warm-up has ended.
    fn warm_up() {}
}

/// What a poll of a running job has to say to the page.
#[derive(Debug, Default, PartialEq)]
pub struct Polled {
    /// `Progress`, when there is news: on every poll while the job runs (so the bar moves), and
    /// with the last rows.
    pub progress: Option<Event>,
    /// `Finished` or `Stopped`, once, after `progress`: the job is over and the engine drops it.
    pub end: Option<Event>,
}

/// The one running job the engine holds. Only the engine thread calls it, and nothing here blocks.
pub trait EngineJobRunner {
    /// Starts the job on the pool and returns at once. Once.
    fn start(&mut self, now: Clock);
    /// Events for job `id` since the last poll.
    fn poll(&mut self, id: JobId) -> Polled;
    /// Asks the job to stop; a later poll ends it with `Stopped` (or `Finished`, if it won the race).
    fn stop(&self);
    /// Milliseconds until the next poll.
    fn poll_every_ms(&self) -> u32;
}

/// Any [`PoolJob`] as the engine's running job: the one place jobs are spawned and polled.
pub struct Runner<J> {
    job: J,
    started: bool,
}

impl<J: PoolJob> Runner<J> {
    pub fn new(job: J) -> Self {
        Runner { job, started: false }
    }

    /// The job for the page's encoded `input`, checked, not started: the constructor in the job
    /// table (`jobs::JOBS`).
    pub fn prepare(input: &Payload, limits: &EngineLimits) -> Result<Box<dyn EngineJobRunner>, String> {
        let input = input.decode::<Input<J>>()?;
        let job = J::prepare(input, limits)?;
        Ok(Box::new(Runner::new(job)))
    }
}

impl<J: PoolJob> EngineJobRunner for Runner<J> {
    fn start(&mut self, now: Clock) {
        assert!(!self.started, "Runner::start: a job starts once");
        self.started = true;
        let driver = Arc::clone(self.job.shared());
        rayon::spawn(move || {
            driver.drive(now);
        });
    }

    fn poll(&mut self, id: JobId) -> Polled {
        let Poll { done, total, rows, outcome } = self.job.poll();
        let progress = (outcome.is_none() || !rows.is_empty()).then_some(Event::Progress { id, done, total, rows });
        let end = outcome.map(|outcome| match outcome {
            Outcome::Finished(output) => Event::Finished { id, result: Payload::encode(&output) },
            Outcome::Stopped => Event::Stopped { id },
        });
        Polled { progress, end }
    }

    fn stop(&self) {
        self.job.shared().stop();
    }

    fn poll_every_ms(&self) -> u32 {
        self.job.poll_every_ms()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::sync::LazyLock;
    use std::time::Instant;

    use super::*;

    /// The native clock the tests drive jobs with.
    pub(crate) fn now() -> f64 {
        static START: LazyLock<Instant> = LazyLock::new(Instant::now);
        START.elapsed().as_secs_f64() * 1e3
    }

    /// Polls `job` as the engine does (on this thread, between short sleeps) until it ends;
    /// returns every event in order.
    pub(crate) fn run_to_end(job: &mut dyn EngineJobRunner, id: JobId) -> Vec<Event> {
        let mut events = Vec::new();
        loop {
            let Polled { progress, end } = job.poll(id);
            events.extend(progress);
            if let Some(end) = end {
                events.push(end);
                return events;
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
    }

    #[test]
    fn more_threads_than_the_pool_has_are_refused_in_words() {
        let limits = EngineLimits { threads: 2 };
        assert_eq!(limits.check_threads(2), Ok(()));
        assert_eq!(
            limits.check_threads(3),
            Err("3 threads asked, but this engine has 2 (the machine's hardware threads)".to_string())
        );
    }
}
