//! The event-loop experiment's CPU job on one pool thread: the same kernel the page runs on its
//! main thread (`interleave_experiments::event_loop::kernel`), here where blocking harms no one.
//!
//! Who owns what:
//! - The **engine thread** creates the [`CpuJob`], starts [`CpuJob::drive`] with `rayon::spawn`,
//!   then only polls it ([`CpuJob::poll`]) and may call [`CpuJob::stop`]. It never waits.
//! - The **driver** (one pool thread) runs the units in pieces of [`PIECE`], publishing progress
//!   and reading `stop` between pieces, then sets `outcome` once.
//!
//! Atomics: `done` and `stop` carry no data (a progress count, a request), so `Relaxed`; the result
//! travels through `outcome`, a `OnceLock` whose `set` (Release) pairs with the Acquire in `get`.

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, OnceLock};

use interleave_experiments::event_loop::{EventLoopParams, WorkerRun, kernel};

use crate::job::Clock;

/// Units between two looks at `stop` (about 10 ms of work): Stop takes effect that fast.
pub const PIECE: u32 = 10;

/// Runs a few units so the browser compiles the kernel with its optimising tier before the first
/// measured run (V8 starts wasm in its baseline compiler). Any pool thread, once, at start.
pub fn warm_up() {
    std::hint::black_box(kernel::run(0, 30, kernel::EMPTY));
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum CpuOutcome {
    Finished(WorkerRun),
    Stopped,
}

pub struct CpuJob {
    params: EventLoopParams,
    done: AtomicU32,
    stop: AtomicBool,
    outcome: OnceLock<CpuOutcome>,
}

impl CpuJob {
    /// `params` must already be validated.
    pub fn new(params: EventLoopParams) -> Arc<Self> {
        Arc::new(CpuJob { params, done: AtomicU32::new(0), stop: AtomicBool::new(false), outcome: OnceLock::new() })
    }

    /// Asks the driver to stop; it does within one piece. Any thread may call it.
    pub fn stop(&self) {
        self.stop.store(true, Ordering::Relaxed);
    }

    /// Runs the job. Driver only, on a pool thread.
    pub fn drive(&self, now: Clock) -> CpuOutcome {
        let t0 = now();
        let mut acc = kernel::EMPTY;
        let mut at = 0;
        while at < self.params.units {
            if self.stop.load(Ordering::Relaxed) {
                return self.finish(CpuOutcome::Stopped);
            }
            let end = (at + PIECE).min(self.params.units);
            acc = kernel::run(at, end, acc);
            at = end;
            self.done.store(at, Ordering::Relaxed);
        }
        let run = WorkerRun { params: self.params, compute_ms: now() - t0, checksum: acc };
        self.finish(CpuOutcome::Finished(run))
    }

    fn finish(&self, outcome: CpuOutcome) -> CpuOutcome {
        let first = self.outcome.set(outcome).is_ok();
        assert!(first, "CpuJob::finish: a job has one driver and ends once");
        outcome
    }

    /// Never blocks: (units done, units in all, the outcome once there is one).
    pub fn poll(&self) -> (u32, u32, Option<CpuOutcome>) {
        let outcome = self.outcome.get().copied();
        (self.done.load(Ordering::Relaxed), self.params.units, outcome)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::LazyLock;
    use std::time::Instant;

    fn now() -> f64 {
        static START: LazyLock<Instant> = LazyLock::new(Instant::now);
        START.elapsed().as_secs_f64() * 1e3
    }

    #[test]
    fn the_worker_computes_what_the_main_thread_computes() {
        let params = EventLoopParams { units: 25, chunk: 3 };
        let job = CpuJob::new(params);
        let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
        match pool.install(|| job.drive(now)) {
            CpuOutcome::Finished(r) => {
                assert_eq!(r.checksum, kernel::run(0, 25, kernel::EMPTY));
                assert!(r.compute_ms > 0.0);
            }
            CpuOutcome::Stopped => panic!("not stopped"),
        }
        assert_eq!(job.poll().0, 25);
    }

    #[test]
    fn stop_before_start_ends_without_work() {
        let job = CpuJob::new(EventLoopParams { units: 10_000, chunk: 5 });
        job.stop();
        assert_eq!(job.drive(now), CpuOutcome::Stopped);
        assert_eq!(job.poll(), (0, 10_000, Some(CpuOutcome::Stopped)));
    }
}
