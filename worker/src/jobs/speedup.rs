//! The parallel-speedup experiment's job: one Mandelbrot image on `threads` pool threads,
//! observable and stoppable while it runs.
//!
//! # Protocol
//!
//! Who owns what:
//! - The **engine thread** (the worker's own thread, which must never block) builds the
//!   [`MandelbrotJob`] and its [`Poller`] ([`PoolJob::prepare`]); the runner starts
//!   [`Drive::drive`] on the pool with `rayon::spawn`. From then on the engine thread only reads the
//!   job through the [`Poller`] and may set `stop`.
//! - The **driver** (the pool thread that runs `drive`) takes the start time, computes the serial
//!   rows itself, runs `threads` tasks over the parallel rows, takes the end time on the same
//!   thread (worker clocks have different origins) and sets `outcome`.
//! - **Tasks** claim parallel rows one at a time from `next`; a claimed row belongs to its task
//!   until the task publishes it in `rows[y]`.
//!
//! Steps and the atomics that pair:
//! 1. A task claims row index `i` with `next.fetch_add(1)`. `Relaxed`: the counter only hands out
//!    distinct indices; no data is published through it.
//! 2. It renders the row into its own buffer and publishes it with `rows[y].set(..)`. `OnceLock`'s
//!    set is a Release that pairs with the Acquire in the poller's `rows[y].get()`, so the poller
//!    sees the whole row or nothing.
//! 3. `done.fetch_add(1, Relaxed)` counts finished rows for the progress bar only.
//! 4. `stop` is read (`Relaxed`) before every claim: it carries no data, and a task that misses it
//!    once stops one row later. So a stop takes effect within one row per task.
//! 5. The driver's parallel phase returns only after every task has returned (rayon's join is a
//!    happens-before edge), then it sets `outcome` (Release, pairs with the poller's Acquire
//!    `outcome.get()`): after seeing an outcome, the poller sees every row that was published.
//!
//! Rejected: a mutex-protected completion list (the engine thread would have to wait on it, and
//! waiting is what it must never do); rendering into one shared buffer with unsafe disjoint
//! writes (each row is allocated once, which is noise next to computing it).

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, OnceLock};

use interleave_experiments::TypedParams;
use interleave_experiments::speedup::mandelbrot::{self, Image};
use interleave_experiments::speedup::{self as experiment, MandelbrotInput, SpeedupParams, SpeedupResult};
use interleave_protocol::Rows;
use rayon::prelude::*;

use crate::runner::{Clock, Drive, EngineLimits, Outcome, POLL_EVERY_MS, Poll, PoolJob};

struct Row {
    rgba: Box<[u8]>,
    hash: u64,
}

/// Shared state of one running Mandelbrot job.
pub struct MandelbrotJob {
    params: SpeedupParams,
    image: Image,
    /// Rows of the serial phase, then rows of the parallel phase, each in ascending order.
    serial_rows: Vec<u32>,
    parallel_rows: Vec<u32>,
    /// Index into `parallel_rows` of the next row to claim.
    next: AtomicU32,
    done: AtomicU32,
    stop: AtomicBool,
    rows: Vec<OnceLock<Row>>,
    outcome: OnceLock<Outcome<SpeedupResult>>,
}

impl MandelbrotJob {
    /// `params` must already be validated (bounds are what keep memory use sane).
    pub fn new(params: SpeedupParams) -> Arc<Self> {
        let image = params.image();
        let (serial_rows, parallel_rows) =
            (0..image.height).partition(|&y| mandelbrot::is_serial_row(y, params.serial_fraction));
        Arc::new(MandelbrotJob {
            params,
            image,
            serial_rows,
            parallel_rows,
            next: AtomicU32::new(0),
            done: AtomicU32::new(0),
            stop: AtomicBool::new(false),
            rows: (0..image.height).map(|_| OnceLock::new()).collect(),
            outcome: OnceLock::new(),
        })
    }

    pub fn image(&self) -> Image {
        self.image
    }

    fn stopping(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }

    /// One worker of the parallel phase: claims and renders rows until none are left.
    fn task(&self) {
        while !self.stopping() {
            let i = self.next.fetch_add(1, Ordering::Relaxed) as usize;
            let Some(&y) = self.parallel_rows.get(i) else { return };
            self.render(y);
        }
    }

    fn render(&self, y: u32) {
        let mut rgba = vec![0u8; self.image.row_bytes()].into_boxed_slice();
        let hash = self.image.render_row(y, &mut rgba);
        let fresh = self.rows[y as usize].set(Row { rgba, hash }).is_ok();
        assert!(fresh, "render: row {y} was computed twice");
        self.done.fetch_add(1, Ordering::Relaxed);
    }

    fn finish(&self, outcome: Outcome<SpeedupResult>) -> Outcome<SpeedupResult> {
        let first = self.outcome.set(outcome).is_ok();
        assert!(first, "finish: a job has one driver and ends once");
        outcome
    }
}

impl Drive for MandelbrotJob {
    type Output = SpeedupResult;

    /// Serial rows on this thread, then `threads` tasks over the parallel rows.
    fn drive(&self, now: Clock) -> Outcome<SpeedupResult> {
        let t0 = now();
        for &y in &self.serial_rows {
            if self.stopping() {
                return self.finish(Outcome::Stopped);
            }
            self.render(y);
        }
        let serial_ms = now() - t0;
        (0..self.params.threads).into_par_iter().for_each(|_| self.task());
        let total_ms = now() - t0;
        if self.stopping() && (self.done.load(Ordering::Relaxed) as usize) < self.rows.len() {
            return self.finish(Outcome::Stopped);
        }
        let hashes: Vec<u64> = self
            .rows
            .iter()
            .map(|r| r.get().expect("drive: every row is published before the checksum").hash)
            .collect();
        let result = SpeedupResult {
            params: self.params,
            total_ms,
            serial_ms,
            checksum: mandelbrot::combine(&hashes),
        };
        self.finish(Outcome::Finished(result))
    }

    /// Every thread leaves the job within one row.
    fn stop(&self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// The engine thread's view of a Mandelbrot job (the job the engine registers for the
/// experiment): remembers which rows it has already sent.
pub struct Poller {
    job: Arc<MandelbrotJob>,
    sent: Vec<bool>,
    /// Hand out rows while the job runs; otherwise only once it has ended.
    live: bool,
}

impl Poller {
    pub fn new(job: Arc<MandelbrotJob>, live: bool) -> Self {
        let sent = vec![false; job.rows.len()];
        Poller { job, sent, live }
    }
}

/// How often rows stream to the page while a run draws live: three frames. Polling every frame
/// cost the two-thread run a fifth of its speed on a two-core machine (scripts/bench.sh speedup,
/// "drawn live"); the picture still fills in visibly.
const LIVE_POLL_EVERY_MS: u32 = 3 * POLL_EVERY_MS;

/// Small enough to take a few milliseconds, big enough that the browser compiles the kernel
/// with its optimising tier; otherwise the first measured run pays for the baseline compiler.
const WARM_UP: SpeedupParams = SpeedupParams { size: 256, iterations: 256, serial_fraction: 0.0, threads: 1 };

impl PoolJob for Poller {
    type Face = experiment::MandelbrotJob;
    type Shared = MandelbrotJob;

    fn prepare(input: MandelbrotInput, limits: &EngineLimits) -> Result<Self, String> {
        let params = input.params.validated().map_err(|e| e.to_string())?;
        limits.check_threads(params.threads)?;
        Ok(Poller::new(MandelbrotJob::new(params), input.live))
    }

    fn shared(&self) -> &Arc<MandelbrotJob> {
        &self.job
    }

    /// How long the engine thread may wait before the next poll: every frame while a stop is
    /// pending, every few frames while rows stream to the page, rarely while a run is being timed
    /// without drawing. Every poll wakes this thread, copies rows and makes the page paint, all on
    /// the cores being measured.
    fn poll_every_ms(&self) -> u32 {
        if self.job.stopping() {
            POLL_EVERY_MS
        } else if self.live {
            LIVE_POLL_EVERY_MS
        } else {
            100
        }
    }

    fn poll(&mut self) -> Poll<SpeedupResult> {
        // Acquire (inside OnceLock::get): pairs with the driver's set in `finish`; read it before
        // the rows so that an outcome implies every row below is visible.
        let outcome = self.job.outcome.get().copied();
        let done = self.job.done.load(Ordering::Relaxed);
        let total = self.job.rows.len() as u32;
        if !self.live && outcome.is_none() {
            return Poll { done, total, rows: Vec::new(), outcome };
        }
        // First find the runs of consecutive new rows, then copy each run into a buffer of exactly
        // its size: growing buffers would reallocate under the allocator's global lock, which
        // the pool threads need for every row they finish.
        let mut runs: Vec<(u32, u32)> = Vec::new();
        for (y, slot) in self.job.rows.iter().enumerate() {
            if self.sent[y] || slot.get().is_none() {
                continue;
            }
            self.sent[y] = true;
            let y = y as u32;
            match runs.last_mut() {
                Some(run) if run.1 == y => run.1 += 1,
                _ => runs.push((y, y + 1)),
            }
        }
        let row_bytes = self.job.image.row_bytes();
        let blocks = runs
            .into_iter()
            .map(|(y_start, y_end)| {
                let mut rgba = Vec::with_capacity((y_end - y_start) as usize * row_bytes);
                for y in y_start..y_end {
                    let row = self.job.rows[y as usize].get().expect("poll: row seen above");
                    rgba.extend_from_slice(&row.rgba);
                }
                Rows { y_start, y_end, rgba }
            })
            .collect();
        Poll { done, total, rows: blocks, outcome }
    }

    fn warm_up() {
        MandelbrotJob::new(WARM_UP).drive(|| 0.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::tests::now;

    fn pool(n: usize) -> rayon::ThreadPool {
        rayon::ThreadPoolBuilder::new().num_threads(n).build().unwrap()
    }

    fn params(threads: u32, serial: f64) -> SpeedupParams {
        SpeedupParams { size: 256, iterations: 64, serial_fraction: serial, threads }
    }

    #[test]
    fn checksum_is_the_reference_for_every_thread_count_and_serial_fraction() {
        let p = pool(4);
        let reference = mandelbrot::reference_checksum(&params(1, 0.0).image());
        for threads in 1..=4 {
            for serial in [0.0, 0.3, 0.9] {
                let job = MandelbrotJob::new(params(threads, serial));
                match p.install(|| job.drive(now)) {
                    Outcome::Finished(r) => {
                        assert_eq!(r.checksum, reference, "{threads} threads, s={serial}");
                        assert!(r.serial_ms <= r.total_ms);
                    }
                    Outcome::Stopped => panic!("not stopped"),
                }
            }
        }
    }

    #[test]
    fn poller_sees_every_row_exactly_once_and_the_image_matches() {
        let p = pool(2);
        let job = MandelbrotJob::new(params(2, 0.25));
        let mut poller = Poller::new(job.clone(), true);
        let driver = job.clone();
        p.spawn(move || {
            driver.drive(now);
        });
        let image = job.image();
        let mut seen = vec![0u32; image.height as usize];
        let mut pixels = vec![0u8; image.row_bytes() * image.height as usize];
        loop {
            let poll = poller.poll();
            for b in &poll.rows {
                assert_eq!(b.rgba.len(), (b.y_end - b.y_start) as usize * image.row_bytes());
                let at = b.y_start as usize * image.row_bytes();
                pixels[at..at + b.rgba.len()].copy_from_slice(&b.rgba);
                for y in b.y_start..b.y_end {
                    seen[y as usize] += 1;
                }
            }
            if poll.outcome.is_some() {
                assert_eq!(poll.done, poll.total);
                break;
            }
            std::thread::yield_now();
        }
        assert!(seen.iter().all(|&n| n == 1));
        let mut row = vec![0u8; image.row_bytes()];
        for y in 0..image.height {
            image.render_row(y, &mut row);
            let at = y as usize * image.row_bytes();
            assert_eq!(&pixels[at..at + row.len()], &row[..]);
        }
    }

    #[test]
    fn without_live_rows_nothing_is_sent_until_the_job_has_ended() {
        let p = pool(2);
        let job = MandelbrotJob::new(params(2, 0.0));
        let mut poller = Poller::new(job.clone(), false);
        let driver = job.clone();
        p.spawn(move || {
            driver.drive(now);
        });
        let mut rows = 0;
        loop {
            let poll = poller.poll();
            let n: u32 = poll.rows.iter().map(|b| b.y_end - b.y_start).sum();
            if poll.outcome.is_none() {
                assert_eq!(n, 0, "rows arrived while the job was being timed");
            }
            rows += n;
            if poll.outcome.is_some() {
                break;
            }
            std::thread::yield_now();
        }
        assert_eq!(rows, job.image().height);
    }

    #[test]
    fn stop_ends_the_job_early_and_the_pool_stays_usable() {
        let p = pool(2);
        let big = SpeedupParams { size: 2048, iterations: 4096, serial_fraction: 0.0, threads: 2 };
        let job = MandelbrotJob::new(big);
        let mut poller = Poller::new(job.clone(), true);
        let driver = job.clone();
        p.spawn(move || {
            driver.drive(now);
        });
        // Wait for real progress, then stop.
        while poller.poll().done == 0 {
            std::thread::yield_now();
        }
        job.stop();
        let outcome = loop {
            if let Some(o) = poller.poll().outcome {
                break o;
            }
            std::thread::yield_now();
        };
        assert_eq!(outcome, Outcome::Stopped);
        assert!(poller.poll().done < poller.poll().total);
        let again = MandelbrotJob::new(params(2, 0.0));
        assert!(matches!(p.install(|| again.drive(now)), Outcome::Finished(_)));
    }
}
