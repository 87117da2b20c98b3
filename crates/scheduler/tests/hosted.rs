//! A host outside the crate, as the engine's Web Worker host will be: it
//! implements `Host` on OS threads, runs each M with `MHandle::run`, and
//! drives sysmon from the test's own thread through `Hosted` (no native
//! sysmon thread). Its knobs are what a browser does to a worker host:
//! - a clock of coarse resolution (100 µs, a page without cross-origin
//!   isolation): the workloads still finish and their traces stay causal;
//! - Ms refused while booting fails for a while: a sysmon tick asks again;
//! - a cap on Ms, refused at once (`Err`) or after accepting them (a
//!   worker that fails to load, `MHandle::spawn_failed`): the program
//!   finishes on the Ms it has, and each refusal is in the trace and the
//!   counter;
//! - parked Ms that ignore their timer deadline (a late wake-up): only
//!   sysmon's tick fires the overdue timers.
//!
//! Every trace is checked with the causality rules of `causality.rs`
//! (`common::check_causality`), here over real threads.

mod common;

use common::{Op, check_causality, run_workload};
use interleave_scheduler::host::{Finished, SysmonTick};
use interleave_scheduler::park::ThreadParker;
use interleave_scheduler::trace::{EventKind, MId};
use interleave_scheduler::{Config, Host, Hosted, MHandle, Parker, blocking, chan, go, sleep};
use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

/// How the test host treats a request for an M past its cap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Refuse {
    /// `spawn_m` returns `Err(m)`.
    AtOnce,
    /// `spawn_m` accepts; the M fails later (`MHandle::spawn_failed`,
    /// called from the test's sysmon loop).
    Later,
}

struct TestHost {
    start: Instant,
    /// The clock reads in steps of this many ns.
    resolution: u64,
    /// Ms past this many are refused.
    cap: usize,
    refuse: Refuse,
    /// Parked Ms wait without their deadline.
    deaf: bool,
    /// The first this many requests for an M are refused (a worker that
    /// failed to boot once), whatever the cap.
    flaky: AtomicUsize,
    started: AtomicUsize,
    threads: Mutex<Vec<std::thread::JoinHandle<()>>>,
    failing: Mutex<Vec<MHandle>>,
}

impl TestHost {
    fn new() -> TestHost {
        TestHost {
            start: Instant::now(),
            resolution: 1,
            cap: usize::MAX,
            refuse: Refuse::AtOnce,
            deaf: false,
            flaky: AtomicUsize::new(0),
            started: AtomicUsize::new(0),
            threads: Mutex::new(Vec::new()),
            failing: Mutex::new(Vec::new()),
        }
    }

    /// Report the Ms accepted but not started (`Refuse::Later`).
    fn fail_pending(&self) {
        let ms: Vec<MHandle> = std::mem::take(&mut *self.failing.lock().unwrap());
        for m in ms {
            m.spawn_failed();
        }
    }

    fn join_all(&self) {
        loop {
            let t = self.threads.lock().unwrap().pop();
            match t {
                Some(t) => t.join().unwrap(),
                None => return,
            }
        }
    }
}

/// A parker that never wakes by itself: timeouts are ignored.
struct DeafParker(ThreadParker);

impl Parker for DeafParker {
    fn park(&self, _timeout: Option<Duration>) {
        self.0.park(None);
    }
    fn unpark(&self) {
        self.0.unpark();
    }
}

impl Host for TestHost {
    fn now(&self) -> u64 {
        let ns = self.start.elapsed().as_nanos() as u64;
        ns - ns % self.resolution
    }

    fn spawn_m(&self, m: MHandle) -> Result<(), MHandle> {
        if self.flaky.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1)).is_ok() {
            return Err(m);
        }
        if self.started.load(Ordering::Relaxed) >= self.cap {
            return match self.refuse {
                Refuse::AtOnce => Err(m),
                Refuse::Later => {
                    self.failing.lock().unwrap().push(m);
                    Ok(())
                }
            };
        }
        self.started.fetch_add(1, Ordering::Relaxed);
        let t = std::thread::spawn(move || m.run());
        self.threads.lock().unwrap().push(t);
        Ok(())
    }

    fn new_parker(&self, _m: MId) -> Arc<dyn Parker> {
        if self.deaf { Arc::new(DeafParker(ThreadParker::new())) } else { Arc::new(ThreadParker::new()) }
    }

    fn work(&self, ns: u64) {
        let until = self.start.elapsed() + Duration::from_nanos(ns);
        while self.start.elapsed() < until {
            std::hint::spin_loop();
        }
    }
}

struct Outcome<T> {
    output: T,
    done: Finished,
    /// Every sysmon tick the test drove.
    ticks: Vec<SysmonTick>,
    /// Ms the host started.
    started: usize,
}

/// Run `f` on `host` the way an external host does: `Hosted::start`, then
/// sysmon ticks from this thread every `tick` until the root is done, then
/// shutdown, join, finish. Panics if the run takes longer than 10 s (a
/// stall).
fn drive<T, F>(host: Arc<TestHost>, cfg: Config, tick: Duration, f: F) -> Outcome<T>
where
    T: Send + 'static,
    F: Future<Output = T> + Send + 'static,
{
    let mut run = Hosted::start(Config { trace: true, ..cfg }, host.clone(), f);
    let h = run.handle().clone();
    let t0 = Instant::now();
    let mut ticks = Vec::new();
    while !run.is_done() {
        host.fail_pending();
        ticks.push(h.sysmon());
        std::thread::sleep(tick);
        assert!(
            t0.elapsed() < Duration::from_secs(10),
            "the run stalled: {} Ms, {} refused, {} sysmon ticks",
            h.ms(),
            h.spawn_refused(),
            ticks.len()
        );
    }
    let output = match std::pin::Pin::new(run.root()).poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(v) => v,
        Poll::Pending => unreachable!("is_done said the root finished"),
    };
    h.shutdown();
    host.fail_pending();
    host.join_all();
    let done = run.finish();
    Outcome { output, done, ticks, started: host.started.load(Ordering::Relaxed) }
}

fn workers(seed: u64) -> Vec<Vec<Op>> {
    // A fixed mix of every operation, rotated per worker and seed.
    let ops = [Op::Work(30), Op::Ping, Op::Sleep(150), Op::Spawn(5_000), Op::Syscall(80), Op::Yield, Op::Ping, Op::Sleep(20)];
    (0..4)
        .map(|w| (0..12).map(|i| ops[(i + w + seed as usize) % ops.len()].clone()).collect())
        .collect()
}

/// Many Gs each make a blocking call that hands off its P at once, and
/// talk over a channel: every hand-off asks for a new M.
async fn blocking_fan_out(n: u64) -> u64 {
    let (tx, rx) = chan::<u64>(0);
    for i in 0..n {
        let tx = tx.clone();
        go(async move {
            let v = blocking(move || {
                std::thread::sleep(Duration::from_millis(1));
                i
            })
            .await;
            tx.send(v).await;
        });
    }
    drop(tx);
    let mut sum = 0;
    for _ in 0..n {
        sum += rx.recv().await.expect("a sender per G");
    }
    sum
}

#[test]
fn an_external_host_runs_the_workloads() {
    for seed in 0..3 {
        let r = drive(Arc::new(TestHost::new()), Config { seed, ..Config::with_procs(3) }, Duration::from_micros(20), run_workload(workers(seed)));
        assert_eq!(r.done.live_gs, 0);
        assert_eq!(r.done.spawn_refused, 0);
        if let Err(e) = check_causality(&r.done.trace) {
            panic!("seed {seed}: {e}");
        }
        let _: () = r.output;
    }
}

/// A browser page without cross-origin isolation: `performance.now()` in
/// steps of 100 µs. Channels, timers, syscalls and spawns finish, and the
/// merged trace is causal although most events share a clock reading.
#[test]
fn a_coarse_clock_keeps_traces_causal() {
    for seed in 0..4 {
        let host = Arc::new(TestHost { resolution: 100_000, ..TestHost::new() });
        let r = drive(host, Config { seed, ..Config::with_procs(4) }, Duration::from_micros(20), run_workload(workers(seed)));
        assert_eq!(r.done.live_gs, 0);
        if let Err(e) = check_causality(&r.done.trace) {
            panic!("seed {seed}: {e}");
        }
        // The timestamps are the coarse readings, nudged only to keep
        // order: never more than 1 ns per event past a reading.
        let events = &r.done.trace.events;
        assert!(events.windows(2).all(|w| w[0].ts < w[1].ts), "event timestamps strictly increase");
        let nudged = events.iter().filter(|e| e.ts % 100_000 != 0).count();
        assert!(nudged > 0, "seed {seed}: events shared clock readings");
        assert!(events.iter().all(|e| e.ts % 100_000 <= events.len() as u64));
    }
}

/// The coarse clock with the sleeps the scheduler times: every sleeper
/// wakes, none before its deadline as the clock reads it.
#[test]
fn a_coarse_clock_fires_every_timer() {
    let host = Arc::new(TestHost { resolution: 100_000, ..TestHost::new() });
    let r = drive(host, Config::with_procs(2), Duration::from_micros(50), async {
        let hs: Vec<_> = (0..20u64)
            .map(|i| {
                go(async move {
                    let t0 = interleave_scheduler::now();
                    sleep(Duration::from_micros(37 * i)).await;
                    interleave_scheduler::now() - t0
                })
            })
            .collect();
        let mut slept = Vec::new();
        for h in hs {
            slept.push(h.await);
        }
        slept
    });
    for (i, s) in r.output.iter().enumerate() {
        assert!(*s >= 37_000 * i as u64, "G{i} slept {s} ns");
    }
    assert_eq!(r.done.live_gs, 0);
}

/// The P an event names, if it names one as a lane.
fn p_of(k: &EventKind) -> Option<u32> {
    match *k {
        EventKind::GoStart { p, .. }
        | EventKind::GoEnd { p, .. }
        | EventKind::GoStop { p, .. }
        | EventKind::GoBlock { p, .. }
        | EventKind::GoSyscallBegin { p, .. }
        | EventKind::ProcStart { p }
        | EventKind::ProcStop { p }
        | EventKind::ProcSteal { p, .. }
        | EventKind::Handoff { p, .. }
        | EventKind::MSpawn { p, .. }
        | EventKind::MSpawnFailed { p, .. }
        | EventKind::MUnpark { p, .. } => Some(p),
        _ => None,
    }
}

fn refusing(cap: usize, refuse: Refuse) {
    let host = Arc::new(TestHost { cap, refuse, ..TestHost::new() });
    let r = drive(host, Config::with_procs(2), Duration::from_micros(20), blocking_fan_out(16));
    assert_eq!(r.output, (0..16).sum::<u64>());
    assert_eq!(r.done.live_gs, 0);
    assert!(r.started <= cap, "{} Ms started past a cap of {cap}", r.started);
    assert!(r.done.spawn_refused > 0, "hand-offs asked for more Ms than the host gives");
    let s = r.done.trace.summary();
    assert_eq!(s.m_spawn_failed, r.done.spawn_refused, "every refusal is in the trace");
    // Each refused M's P went back to the idle list: the next event that
    // names it takes it from there (a new M or an unparked one started
    // for it, or an M leaving a syscall acquiring it), if any does.
    let events = &r.done.trace.events;
    for (i, e) in events.iter().enumerate() {
        if let EventKind::MSpawnFailed { p, .. } = e.kind {
            let next = events[i + 1..].iter().find(|f| p_of(&f.kind) == Some(p));
            if let Some(f) = next {
                assert!(
                    matches!(f.kind, EventKind::ProcStart { .. } | EventKind::MSpawn { .. } | EventKind::MUnpark { .. }),
                    "P{p}, refused an M at #{i}, was used without leaving the idle list: {f:?}"
                );
            }
        }
    }
    if let Err(e) = check_causality(&r.done.trace) {
        panic!("{e}");
    }
}

/// Hand-offs of blocking calls need new Ms; the host gives one. The
/// program finishes on it, and the refusals are counted and traced.
#[test]
fn refused_ms_are_recorded_and_the_program_finishes() {
    refusing(1, Refuse::AtOnce);
    refusing(2, Refuse::AtOnce);
}

/// The same when the host accepts the Ms and they fail later.
#[test]
fn ms_that_fail_after_spawn_are_recorded_and_the_program_finishes() {
    refusing(1, Refuse::Later);
    refusing(2, Refuse::Later);
}

/// Parked Ms that never wake at their deadline by themselves: the sleepers
/// wake only because each sysmon tick the test drives fires the overdue
/// timers.
#[test]
fn sysmon_ticks_fire_overdue_timers() {
    let host = Arc::new(TestHost { deaf: true, ..TestHost::new() });
    let r = drive(host, Config::with_procs(2), Duration::from_micros(100), async {
        let hs: Vec<_> = (1..=4u64).map(|i| go(async move { sleep(Duration::from_millis(i)).await })).collect();
        for h in hs {
            h.await;
        }
        sleep(Duration::from_millis(2)).await;
        7
    });
    assert_eq!(r.output, 7);
    assert!(r.ticks.iter().map(|t| t.timers_fired).sum::<usize>() >= 1, "the ticks fired the timers");
    assert_eq!(r.done.live_gs, 0);
}

/// The first M is refused, and then the next few: no M holds a P and the
/// root G waits in the global queue. A sysmon tick sees work queued with
/// no M to run it and asks again, until the host starts one.
#[test]
fn sysmon_asks_again_when_no_m_could_start() {
    let host = Arc::new(TestHost { flaky: AtomicUsize::new(5), ..TestHost::new() });
    let r = drive(host, Config::with_procs(2), Duration::from_micros(50), async { go(async { 6 }).await * 7 });
    assert_eq!(r.output, 42);
    assert_eq!(r.done.spawn_refused, 5);
    // wakep for the root G and the first M's start asked twice; the
    // ticks asked the other times.
    assert!(r.ticks.iter().filter(|t| t.restarted).count() >= 3, "the ticks asked for an M again");
    assert_eq!(r.done.live_gs, 0);
}

/// Pairs of Gs ping-pong over unbuffered channels on four Ps: a G is often
/// woken by another M right after it parks. Its GoBlock must still come
/// before the GoUnblock in the merged trace (the parking M stamps it
/// before the G can be woken; stamped after, this test failed in about
/// two runs of five).
#[test]
fn wake_ups_right_after_a_park_stay_in_order() {
    let host = Arc::new(TestHost { resolution: 5_000, ..TestHost::new() });
    let r = drive(host, Config::with_procs(4), Duration::from_micros(50), async {
        let mut hs = Vec::new();
        for _ in 0..4 {
            let (tx, rx) = chan::<u32>(0);
            let (back_tx, back_rx) = chan::<u32>(0);
            hs.push(go(async move {
                while let Some(v) = rx.recv().await {
                    back_tx.send(v + 1).await;
                }
            }));
            hs.push(go(async move {
                for i in 0..2_000 {
                    tx.send(i).await;
                    assert_eq!(back_rx.recv().await, Some(i + 1));
                }
                tx.close();
            }));
        }
        for h in hs {
            h.await;
        }
    });
    assert_eq!(r.done.live_gs, 0);
    if let Err(e) = check_causality(&r.done.trace) {
        panic!("{e}");
    }
}

/// Sysmon's pacing: 20 µs at first, backing off to 10 ms while the ticks
/// do nothing (never past the next timer). Asking again for an M that the
/// host refuses does not count as doing something: a host that refuses
/// every M gets one refusal per tick, at the slowest pace.
#[test]
fn sysmon_backs_off_while_idle() {
    use interleave_scheduler::Sysmon;
    for cap in [0, 1] {
        let host = Arc::new(TestHost { cap, ..TestHost::new() });
        let run = Hosted::start(Config::with_procs(1), host.clone(), async { sleep(Duration::from_secs(3600)).await });
        let h = run.handle().clone();
        let mut sysmon = Sysmon::new();
        let naps: Vec<u64> = (0..72).map(|_| sysmon.tick(&h)).collect();
        assert_eq!(naps[0], 20_000);
        assert_eq!(*naps.last().unwrap(), 10_000_000, "cap {cap}: backed off to 10 ms: {naps:?}");
        assert!(naps.windows(2).all(|w| w[0] <= w[1]));
        if cap == 0 {
            assert!(h.spawn_refused() > 72, "each tick asked again: {}", h.spawn_refused());
        }
        h.shutdown();
        host.join_all();
        assert!(!run.is_done());
        assert_eq!(run.finish().live_gs, 0);
    }
}
