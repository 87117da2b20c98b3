//! The engine's jobs, one file per experiment, and the one table from experiment id to job.
//!
//! Adding an engine job is a file `jobs/<module>.rs`, named like the experiment's module in
//! `interleave-experiments`, with a type implementing [`PoolJob`] for that experiment's
//! [`EngineJob`], plus one line in the `engine_jobs!` invocation below. The experiment's spec says
//! `engine_job: true`; a test here fails when the table and the catalog disagree.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use interleave_experiments::{EngineJob, ExperimentId};
use interleave_protocol::{JobId, Payload};

use crate::runner::{Clock, EngineJobRunner, EngineLimits, POLL_EVERY_MS, Polled, PoolJob, Runner};

/// Builds an experiment's job from the page's encoded input, checked against the engine's limits,
/// not started.
pub type PrepareFn = fn(&Payload, &EngineLimits) -> Result<Box<dyn EngineJobRunner>, String>;

/// One row of [`JOBS`].
pub struct JobEntry {
    /// The experiment, by its module's `ID`.
    pub experiment: ExperimentId,
    /// The experiment the job's typed face names; a test checks it is `experiment`.
    pub face: ExperimentId,
    pub prepare: PrepareFn,
    pub warm_up: fn(),
}

/// Declares each job's module (`jobs/<module>.rs`) and lists its [`PoolJob`] type in [`JOBS`],
/// keyed by `interleave_experiments::<module>::ID`.
macro_rules! engine_jobs {
    ($($module:ident => $job:ident),* $(,)?) => {
        $(pub mod $module;)*

        /// Every engine job, keyed by its experiment's id.
        pub const JOBS: &[JobEntry] = &[$(JobEntry {
            experiment: interleave_experiments::$module::ID,
            face: <<$module::$job as PoolJob>::Face as EngineJob>::EXPERIMENT,
            prepare: Runner::<$module::$job>::prepare,
            warm_up: <$module::$job as PoolJob>::warm_up,
        },)*];
    };
}

// The job table: one line per experiment that runs in the engine, `<module> => <PoolJob type>`.
engine_jobs! {
    speedup => Poller,
    event_loop => CpuPoller,
}

/// The job of `experiment` for the page's encoded `input`, checked and not started; or why not,
/// in words for the page.
pub fn prepare(experiment: ExperimentId, input: &Payload, limits: &EngineLimits) -> Result<Box<dyn EngineJobRunner>, String> {
    let entry = JOBS
        .iter()
        .find(|j| j.experiment == experiment)
        .ok_or_else(|| format!("the engine has no job for the experiment \"{experiment}\""))?;
    (entry.prepare)(input, limits)
}

/// Every job's warm-up ([`PoolJob::warm_up`]), each started on the pool; the engine sends `Ready`
/// once all have ended.
pub struct WarmUp {
    /// Warm-ups still running. `Relaxed` on both sides: the count carries no data (a warm-up leaves
    /// only compiled code behind, which is the browser's business), it only says when to answer.
    left: Arc<AtomicUsize>,
}

impl WarmUp {
    /// Engine thread, once, after the pool is up.
    pub fn start() -> WarmUp {
        let left = Arc::new(AtomicUsize::new(JOBS.len()));
        for entry in JOBS {
            let (left, warm_up) = (Arc::clone(&left), entry.warm_up);
            rayon::spawn(move || {
                warm_up();
                left.fetch_sub(1, Ordering::Relaxed);
            });
        }
        WarmUp { left }
    }

    /// Never blocks.
    pub fn is_done(&self) -> bool {
        self.left.load(Ordering::Relaxed) == 0
    }
}

/// The diagnostics page's deliberate crash (`Job::Panic`): panics inside a pool thread, so the page
/// can show that a crash is reported and the engine restarted. Not an experiment, so not in
/// [`JOBS`]. It never ends on its own: the engine polls until the panic note appears and reports
/// `Crashed`.
pub struct DeliberatePanic;

impl EngineJobRunner for DeliberatePanic {
    fn start(&mut self, _: Clock) {
        rayon::spawn(|| panic!("a deliberate panic inside a pool thread (diagnostics)"));
    }

    fn poll(&mut self, _: JobId) -> Polled {
        Polled::default()
    }

    fn stop(&self) {}

    fn poll_every_ms(&self) -> u32 {
        POLL_EVERY_MS
    }
}

#[cfg(test)]
mod tests {
    use interleave_experiments::event_loop::{EventLoopParams, WorkerJob, WorkerRun};
    use interleave_experiments::speedup::mandelbrot::reference_checksum;
    use interleave_experiments::speedup::{MandelbrotInput, MandelbrotJob, SpeedupParams, SpeedupResult};
    use interleave_experiments::{CATALOG, TypedParams, task_queues};
    use interleave_protocol::{Event, Job};

    use super::*;
    use crate::runner::tests::{now, run_to_end};

    #[test]
    fn every_engine_experiment_has_exactly_one_job_and_every_job_an_engine_experiment() {
        for e in CATALOG {
            let jobs = JOBS.iter().filter(|j| j.experiment == e.id).count();
            let wanted = usize::from(e.engine_job);
            assert_eq!(jobs, wanted, "experiment {} has engine_job: {} but {jobs} jobs in jobs::JOBS", e.id, e.engine_job);
        }
        for j in JOBS {
            let spec = CATALOG.iter().find(|e| e.id == j.experiment);
            assert!(spec.is_some(), "jobs::JOBS has a job for {}, which is not in CATALOG", j.experiment);
            assert!(spec.is_some_and(|e| e.engine_job), "jobs::JOBS has a job for {}, whose spec says engine_job: false", j.experiment);
            assert_eq!(j.face, j.experiment, "the job registered for {} runs another experiment's EngineJob", j.experiment);
        }
    }

    fn encoded(job: Job) -> (ExperimentId, Payload) {
        match job {
            Job::Experiment { experiment, input } => (experiment, input),
            Job::Panic => unreachable!("encoded: an experiment job"),
        }
    }

    const TWO: EngineLimits = EngineLimits { threads: 2 };

    fn refusal(job: Job, limits: &EngineLimits) -> String {
        let (experiment, input) = encoded(job);
        prepare(experiment, &input, limits).err().expect("refused")
    }

    #[test]
    fn bad_input_is_refused_in_words_before_anything_runs() {
        let params = SpeedupParams { threads: 4, ..SpeedupParams::default() };
        let too_many = Job::of::<MandelbrotJob>(&MandelbrotInput { params, live: true });
        assert_eq!(refusal(too_many, &TWO), "4 threads asked, but this engine has 2 (the machine's hardware threads)");

        let params = SpeedupParams { serial_fraction: 3.0, ..SpeedupParams::default() };
        let out_of_bounds = Job::of::<MandelbrotJob>(&MandelbrotInput { params, live: true });
        let expected = params.validated().unwrap_err().to_string();
        assert_eq!(refusal(out_of_bounds, &TWO), expected);

        let units = EventLoopParams { units: 0, ..EventLoopParams::default() };
        let expected = units.validated().unwrap_err().to_string();
        assert_eq!(refusal(Job::of::<WorkerJob>(&units), &TWO), expected);

        let (experiment, _) = encoded(Job::of::<WorkerJob>(&EventLoopParams::default()));
        let unreadable = prepare(experiment, &Payload::encode(&"not parameters"), &TWO).err().expect("refused");
        assert!(unreadable.starts_with("unreadable job data: "), "{unreadable}");
    }

    #[test]
    fn an_experiment_without_an_engine_job_is_refused_by_name() {
        let message = prepare(task_queues::ID, &Payload::encode(&()), &TWO).err().expect("refused");
        assert_eq!(message, "the engine has no job for the experiment \"task-queues\"");
    }

    /// The whole path the engine takes, natively: table, decode, check, spawn, poll, encode.
    #[test]
    fn a_job_from_the_table_streams_progress_then_finishes_with_its_encoded_output() {
        let params = SpeedupParams { size: 256, iterations: 32, serial_fraction: 0.25, threads: 2 };
        let (experiment, input) = encoded(Job::of::<MandelbrotJob>(&MandelbrotInput { params, live: true }));
        let mut job = prepare(experiment, &input, &TWO).expect("valid input");
        job.start(now);
        let events = run_to_end(job.as_mut(), JobId(7));
        let (last, progress) = events.split_last().expect("an ending");
        let mut rows = 0;
        for event in progress {
            let Event::Progress { id: JobId(7), done, total: 256, rows: blocks } = event else { panic!("{event:?}") };
            assert!(*done <= 256);
            rows += blocks.iter().map(|b| b.y_end - b.y_start).sum::<u32>();
        }
        assert_eq!(rows, 256, "every row is sent exactly once");
        let Event::Finished { id: JobId(7), result } = last else { panic!("{last:?}") };
        let result: SpeedupResult = result.decode().expect("the experiment's output");
        assert_eq!(result.checksum, reference_checksum(&params.image()));

        let units = EventLoopParams { units: 20, ..EventLoopParams::default() };
        let (experiment, input) = encoded(Job::of::<WorkerJob>(&units));
        let mut job = prepare(experiment, &input, &TWO).expect("valid input");
        job.start(now);
        let events = run_to_end(job.as_mut(), JobId(8));
        let Some(Event::Finished { id: JobId(8), result }) = events.last() else { panic!("{events:?}") };
        assert_eq!(result.decode::<WorkerRun>().expect("the experiment's output").params, units);
    }

    #[test]
    fn a_stopped_job_ends_with_stopped() {
        let params = SpeedupParams { size: 2048, iterations: 4096, serial_fraction: 0.0, threads: 2 };
        let (experiment, input) = encoded(Job::of::<MandelbrotJob>(&MandelbrotInput { params, live: false }));
        let mut job = prepare(experiment, &input, &TWO).expect("valid input");
        assert_eq!(job.poll_every_ms(), 100, "a run timed without drawing is polled rarely");
        job.start(now);
        job.stop();
        assert_eq!(job.poll_every_ms(), POLL_EVERY_MS, "a pending stop is polled often");
        let events = run_to_end(job.as_mut(), JobId(9));
        assert_eq!(events.last(), Some(&Event::Stopped { id: JobId(9) }));
    }

    #[test]
    fn every_warm_up_ends() {
        let warm_up = WarmUp::start();
        while !warm_up.is_done() {
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
    }
}
