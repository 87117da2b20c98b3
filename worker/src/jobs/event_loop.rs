//! The event-loop experiment's job: the worker variant's CPU work on one pool thread, the same
//! kernel the page runs on its main thread (`interleave_experiments::event_loop::kernel`), here
//! where blocking harms no one.
//!
//! Who owns what:
//! - The **engine thread** builds the [`CpuJob`] and its [`CpuPoller`] ([`PoolJob::prepare`]); the
//!   runner starts [`Drive::drive`] with `rayon::spawn`. From then on the engine thread only polls
//!   it and may set `stop`. It never waits.
//! - The **driver** (one pool thread) runs the units in pieces of [`PIECE`], publishing progress
//!   and reading `stop` between pieces, then sets `outcome` once.
//!
//! Atomics: `done` and `stop` carry no data (a progress count, a request), so `Relaxed`; the result
//! travels through `outcome`, a `OnceLock` whose `set` (Release) pairs with the Acquire in the
//! poller's `get`.

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, OnceLock};

use interleave_experiments::TypedParams;
use interleave_experiments::event_loop::{EventLoopParams, WorkerJob, WorkerRun, kernel};

use crate::runner::{Clock, Drive, EngineLimits, Outcome, Poll, PoolJob};

/// Units between two looks at `stop` (about 10 ms of work): Stop takes effect that fast.
pub const PIECE: u32 = 10;

/// Shared state of one running CPU job.
pub struct CpuJob {
    params: EventLoopParams,
    done: AtomicU32,
    stop: AtomicBool,
    outcome: OnceLock<Outcome<WorkerRun>>,
}

impl CpuJob {
    /// `params` must already be validated.
    pub fn new(params: EventLoopParams) -> Arc<Self> {
        Arc::new(CpuJob { params, done: AtomicU32::new(0), stop: AtomicBool::new(false), outcome: OnceLock::new() })
    }

    fn finish(&self, outcome: Outcome<WorkerRun>) -> Outcome<WorkerRun> {
        let first = self.outcome.set(outcome).is_ok();
        assert!(first, "CpuJob::finish: a job has one driver and ends once");
        outcome
    }
}

impl Drive for CpuJob {
    type Output = WorkerRun;

    /// All units on this one thread, looking at `stop` between pieces.
    fn drive(&self, now: Clock) -> Outcome<WorkerRun> {
        let t0 = now();
        let mut acc = kernel::EMPTY;
        let mut at = 0;
        while at < self.params.units {
            if self.stop.load(Ordering::Relaxed) {
                return self.finish(Outcome::Stopped);
            }
            let end = (at + PIECE).min(self.params.units);
            acc = kernel::run(at, end, acc);
            at = end;
            self.done.store(at, Ordering::Relaxed);
        }
        let run = WorkerRun { params: self.params, compute_ms: now() - t0, checksum: acc };
        self.finish(Outcome::Finished(run))
    }

    /// The driver leaves within one piece.
    fn stop(&self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// The engine thread's view of a CPU job (the job the engine registers for the experiment).
pub struct CpuPoller(Arc<CpuJob>);

impl CpuPoller {
    pub fn new(job: Arc<CpuJob>) -> Self {
        CpuPoller(job)
    }
}

impl PoolJob for CpuPoller {
    type Face = WorkerJob;
    type Shared = CpuJob;

    /// One pool thread, which every pool has: only the parameters' bounds to check.
    fn prepare(input: EventLoopParams, _: &EngineLimits) -> Result<Self, String> {
        let params = input.validated().map_err(|e| e.to_string())?;
        Ok(CpuPoller::new(CpuJob::new(params)))
    }

    fn shared(&self) -> &Arc<CpuJob> {
        &self.0
    }

    fn poll(&mut self) -> Poll<WorkerRun> {
        // Acquire (inside OnceLock::get): pairs with the driver's set in `finish`.
        let outcome = self.0.outcome.get().copied();
        let done = self.0.done.load(Ordering::Relaxed);
        Poll { done, total: self.0.params.units, rows: Vec::new(), outcome }
    }

    fn warm_up() {
        std::hint::black_box(kernel::run(0, 30, kernel::EMPTY));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::tests::now;

    #[test]
    fn the_worker_computes_what_the_main_thread_computes() {
        let params = EventLoopParams { units: 25, chunk: 3 };
        let job = CpuJob::new(params);
        let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
        match pool.install(|| job.drive(now)) {
            Outcome::Finished(r) => {
                assert_eq!(r.checksum, kernel::run(0, 25, kernel::EMPTY));
                assert!(r.compute_ms > 0.0);
            }
            Outcome::Stopped => panic!("not stopped"),
        }
        assert_eq!(CpuPoller::new(job).poll().done, 25);
    }

    #[test]
    fn stop_before_start_ends_without_work() {
        let job = CpuJob::new(EventLoopParams { units: 10_000, chunk: 5 });
        job.stop();
        assert_eq!(job.drive(now), Outcome::Stopped);
        let poll = CpuPoller::new(job).poll();
        assert_eq!((poll.done, poll.total, poll.outcome), (0, 10_000, Some(Outcome::Stopped)));
        assert!(poll.rows.is_empty());
    }
}
