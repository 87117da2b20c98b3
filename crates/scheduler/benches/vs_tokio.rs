//! Native benchmarks: ours vs tokio's multi-thread runtime with the same
//! worker count, in the same process. Prints figures and ratios (a benchmark
//! is not a test). Run: scripts/bench-scheduler.sh
//!
//! # Both sides are measured the same way
//! A row is one measurement per side: one runtime, built and entered once
//! from outside; inside it one task (our root G; a task spawned onto
//! tokio's workers) runs the row's body once to warm up, then `REPS` times
//! timed, and the median is kept. Every timed run finds warm threads,
//! queues and allocator caches on both sides, and building or stopping a
//! runtime is never timed. (Until this was so, ours built a fresh runtime
//! for every run while tokio reused one.) The heap rows are the exception,
//! on both sides: each run gets a fresh runtime and no warm-up, because
//! what a runtime grows to hold its Gs (our `allgs` map keeps its capacity
//! after the Gs leave) is part of what a G costs, and a warm-up would hide
//! it. Each body reads the clock once before and once after its whole
//! loop, and allocates nothing per iteration on either side
//! (`BENCH_ONLY=yield-why` counts it).
//!
//! # Why tokio's `yield_now` costs hundreds of ns here, ~40 ns in a plain loop
//! `BENCH_ONLY=yield-why` prints the figures behind this section.
//! 1. `rt.block_on(async { loop { yield_now().await } })` never reaches
//!    tokio's scheduler: the future is polled by the calling thread, not by
//!    a worker, so `yield_now` finds no worker context and wakes its own
//!    waker at once (`runtime::context::defer` falls back to `wake_by_ref`),
//!    and `block_on` polls again. That loop (25–50 ns here: the "plain
//!    2-worker benchmark" figure) times two polls of a future, with no
//!    task and no run queue.
//! 2. In a task on a worker (as here, and as our root G), tokio's
//!    `yield_now` does not requeue the task: it *defers* the wake-up until
//!    the worker runs out of other work (or reaches its 61st poll), so that
//!    yielding tasks cannot starve the timer and I/O drivers. A task that
//!    yields alone therefore sends its worker down the whole out-of-work
//!    path on every yield: close the busy period (clock reads and a `powf`
//!    for the poll-time average), turn searcher and try to steal from the
//!    other worker and the injector, park the driver with a zero timeout
//!    (the timer driver reads the clock and checks its wheel), wake the
//!    deferred task into the LIFO slot, leave the searching state (as the
//!    last searcher it wakes the parked sibling now and then). Counted on
//!    this machine (tokio 1.54; `perf stat`, a counting `clock_gettime`
//!    shim): five clock reads per yield, no allocation. On one worker, with
//!    no sibling and no system call at all, a yield still costs 10–20 times
//!    the `block_on` loop: that is the path itself. On two, the sibling's
//!    wake-ups (a futex wake on about one yield in a hundred, after which
//!    the sibling searches the yielder's queues and parks again) add from
//!    nothing to nearly as much again, run to run, on this 2-CPU machine.
//! 3. Not the cause: the task enters through the injector once and every
//!    yield's wake-up goes to the LIFO slot; timing is one clock pair per
//!    million yields; nothing allocates per yield.
//!
//! So the old single yield row did not mis-measure tokio, but it compared
//! the case where tokio is slowest with the one where ours is fastest: our
//! `yield_now` puts the G straight back on its P's local tail (Go's
//! `Gosched` uses the global queue), so a lone G comes back at once; and on
//! neither side is there anyone to yield to. The row that compares yielding
//! *to someone* has `YIELD_GS_PER_P` Gs on every P: each yield switches G
//! on all three runtimes, and tokio's out-of-work path runs once per pass
//! over a worker's queue instead of once per yield. Both rows are printed.

use std::alloc::{GlobalAlloc, Layout, System};
use std::future::Future;
use std::sync::atomic::{AtomicIsize, AtomicUsize, Ordering};
use std::time::Instant;

struct Counting;
/// Bytes live on the heap. Relaxed: a statistic read after the Gs it counts
/// have parked (a 50 ms sleep orders far more than any fence would).
static LIVE: AtomicIsize = AtomicIsize::new(0);
/// Allocations made, for `BENCH_ONLY=yield-why`. Relaxed: a statistic.
static ALLOCS: AtomicUsize = AtomicUsize::new(0);
// SAFETY: forwards to the system allocator; only counts bytes and calls.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        LIVE.fetch_add(l.size() as isize, Ordering::Relaxed);
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: same contract as our caller's.
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size() as isize, Ordering::Relaxed);
        // SAFETY: same contract as our caller's.
        unsafe { System.dealloc(p, l) }
    }
}
#[global_allocator]
static A: Counting = Counting;

const WORKERS: usize = 2;
/// Timed runs per measurement, after one untimed warm-up run.
const REPS: usize = 5;

const SPAWN_N: usize = 100_000;
const YIELD_N: usize = 1_000_000;
/// Gs per P in the "yield to another G" row (Go: goroutines per P).
const YIELD_GS_PER_P: usize = 8;
const PP_N: usize = 100_000;
const PARK_N: usize = 10_000;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

/// The warm-up run, then `REPS` timed runs of `body`; their median.
async fn warm_median<F, Fut>(body: F) -> f64
where
    F: Fn() -> Fut,
    Fut: Future<Output = f64>,
{
    std::hint::black_box(body().await);
    let mut v = Vec::with_capacity(REPS);
    for _ in 0..REPS {
        v.push(body().await);
    }
    median(v)
}

fn ours_config() -> interleave_scheduler::Config {
    interleave_scheduler::Config::with_procs(WORKERS)
}

/// One measurement of ours: one runtime (default configuration, `WORKERS`
/// Ps), the warm-up and timed runs all in its root G.
fn ours<F, Fut>(body: F) -> f64
where
    F: Fn() -> Fut + Send + 'static,
    Fut: Future<Output = f64> + Send + 'static,
{
    interleave_scheduler::Runtime::new(ours_config()).block_on(warm_median(body))
}

/// One heap measurement of ours: `REPS` runs, each in a fresh runtime's
/// root G, no warm-up (see the module doc); the median.
fn ours_fresh<F, Fut>(body: F) -> f64
where
    F: Fn() -> Fut,
    Fut: Future<Output = f64> + Send + 'static,
{
    median((0..REPS).map(|_| interleave_scheduler::Runtime::new(ours_config()).block_on(body())).collect())
}

fn tokio_rt(workers: usize) -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(workers).enable_all().build().unwrap()
}

/// One measurement of tokio: one runtime (`WORKERS` workers, drivers on),
/// the warm-up and timed runs all in one task spawned onto its workers
/// (never in `block_on` itself: see the module doc).
fn tokio<F, Fut>(body: F) -> f64
where
    F: Fn() -> Fut + Send + 'static,
    Fut: Future<Output = f64> + Send + 'static,
{
    tokio_on(&tokio_rt(WORKERS), body)
}

fn tokio_on<F, Fut>(rt: &tokio::runtime::Runtime, body: F) -> f64
where
    F: Fn() -> Fut + Send + 'static,
    Fut: Future<Output = f64> + Send + 'static,
{
    rt.block_on(async { tokio::spawn(warm_median(body)).await.unwrap() })
}

/// One heap measurement of tokio: `REPS` runs, each in a task on a fresh
/// runtime, no warm-up; the median.
fn tokio_fresh<F, Fut>(body: F) -> f64
where
    F: Fn() -> Fut,
    Fut: Future<Output = f64> + Send + 'static,
{
    median((0..REPS).map(|_| tokio_rt(WORKERS).block_on(async { tokio::spawn(body()).await.unwrap() })).collect())
}

async fn spawn_ours() -> f64 {
    let t = Instant::now();
    for _ in 0..SPAWN_N / 1000 {
        let hs: Vec<_> = (0..1000).map(|i| interleave_scheduler::go(async move { i })).collect();
        for h in hs {
            std::hint::black_box(h.await);
        }
    }
    t.elapsed().as_nanos() as f64 / SPAWN_N as f64
}

async fn spawn_tokio() -> f64 {
    let t = Instant::now();
    for _ in 0..SPAWN_N / 1000 {
        let hs: Vec<_> = (0..1000).map(|i| tokio::spawn(async move { i })).collect();
        for h in hs {
            std::hint::black_box(h.await.unwrap());
        }
    }
    t.elapsed().as_nanos() as f64 / SPAWN_N as f64
}

/// ns per yield, `YIELD_N` yields by the measuring G itself.
async fn yield_alone_ours() -> f64 {
    let t = Instant::now();
    for _ in 0..YIELD_N {
        interleave_scheduler::yield_now().await;
    }
    t.elapsed().as_nanos() as f64 / YIELD_N as f64
}

async fn yield_alone_tokio() -> f64 {
    let t = Instant::now();
    for _ in 0..YIELD_N {
        tokio::task::yield_now().await;
    }
    t.elapsed().as_nanos() as f64 / YIELD_N as f64
}

/// ns per yield, `YIELD_N` yields shared by `gs` Gs yielding at once (the
/// measuring G waits for them).
async fn yield_many_ours(gs: usize) -> f64 {
    let t = Instant::now();
    let hs: Vec<_> = (0..gs)
        .map(|_| {
            interleave_scheduler::go(async move {
                for _ in 0..YIELD_N / gs {
                    interleave_scheduler::yield_now().await;
                }
            })
        })
        .collect();
    for h in hs {
        h.await;
    }
    t.elapsed().as_nanos() as f64 / (YIELD_N / gs * gs) as f64
}

async fn yield_many_tokio(gs: usize) -> f64 {
    let t = Instant::now();
    let hs: Vec<_> = (0..gs)
        .map(|_| {
            tokio::spawn(async move {
                for _ in 0..YIELD_N / gs {
                    tokio::task::yield_now().await;
                }
            })
        })
        .collect();
    for h in hs {
        h.await.unwrap();
    }
    t.elapsed().as_nanos() as f64 / (YIELD_N / gs * gs) as f64
}

async fn pingpong_ours() -> f64 {
    let (ptx, prx) = interleave_scheduler::chan::<u64>(0);
    let (qtx, qrx) = interleave_scheduler::chan::<u64>(0);
    let h = interleave_scheduler::go(async move {
        while let Some(v) = prx.recv().await {
            qtx.send(v + 1).await;
        }
    });
    let t = Instant::now();
    let mut v = 0;
    for _ in 0..PP_N {
        ptx.send(v).await;
        v = qrx.recv().await.unwrap();
    }
    let ns = t.elapsed().as_nanos() as f64 / PP_N as f64;
    ptx.close();
    h.await;
    ns
}

async fn pingpong_tokio() -> f64 {
    let (ptx, mut prx) = tokio::sync::mpsc::channel::<u64>(1);
    let (qtx, mut qrx) = tokio::sync::mpsc::channel::<u64>(1);
    let h = tokio::spawn(async move {
        while let Some(v) = prx.recv().await {
            qtx.send(v + 1).await.unwrap();
        }
    });
    let t = Instant::now();
    let mut v = 0;
    for _ in 0..PP_N {
        ptx.send(v).await.unwrap();
        v = qrx.recv().await.unwrap();
    }
    let ns = t.elapsed().as_nanos() as f64 / PP_N as f64;
    drop(ptx);
    h.await.unwrap();
    ns
}

/// Heap bytes per G parked on a receive from its own unbuffered channel
/// (tokio: a task awaiting its own oneshot; Go: a goroutine blocked on its own
/// unbuffered channel, stack included). Counted: every byte allocated while
/// the Gs are parked minus what was live before — the G (one block: header
/// and future, whose channel waiter lives inside the future) and its
/// channel. Not counted: the JoinHandle and Sender, kept in vectors allocated
/// before the count starts (8 B each, as tokio's handles). With
/// `own_chan == false` the Gs all park on one shared channel: the G alone.
async fn parked_ours(own_chan: bool) -> f64 {
    let mut txs = Vec::with_capacity(PARK_N);
    let mut hs = Vec::with_capacity(PARK_N);
    let (stx, srx) = interleave_scheduler::chan::<u64>(0);
    let srx = std::sync::Arc::new(srx);
    let before = LIVE.load(Ordering::Relaxed);
    for _ in 0..PARK_N {
        if own_chan {
            let (tx, rx) = interleave_scheduler::chan::<u64>(0);
            txs.push(tx);
            hs.push(interleave_scheduler::go(async move { rx.recv().await }));
        } else {
            let rx = srx.clone();
            hs.push(interleave_scheduler::go(async move { rx.recv().await }));
        }
    }
    interleave_scheduler::sleep(std::time::Duration::from_millis(50)).await;
    let bytes = (LIVE.load(Ordering::Relaxed) - before) as f64 / PARK_N as f64;
    for tx in &txs {
        tx.close();
    }
    stx.close();
    for h in hs {
        h.await;
    }
    bytes
}

async fn parked_tokio() -> f64 {
    // Handles' vectors first, uncounted, as for ours.
    let mut txs = Vec::with_capacity(PARK_N);
    let mut hs = Vec::with_capacity(PARK_N);
    let before = LIVE.load(Ordering::Relaxed);
    for _ in 0..PARK_N {
        let (tx, rx) = tokio::sync::oneshot::channel::<u64>();
        txs.push(tx);
        hs.push(tokio::spawn(async move { rx.await.ok() }));
    }
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    let bytes = (LIVE.load(Ordering::Relaxed) - before) as f64 / PARK_N as f64;
    drop(txs);
    for h in hs {
        h.await.unwrap();
    }
    bytes
}

/// Go's figures for the same rows, measured by scripts/bench-scheduler.sh
/// just before this run (crates/scheduler/benches/go/main.go):
/// `GO_RESULTS="spawn yield-alone yield-many pingpong parked"`.
fn go_results() -> Option<[f64; 5]> {
    let v: Vec<f64> = std::env::var("GO_RESULTS").ok()?.split_whitespace().filter_map(|x| x.parse().ok()).collect();
    v.try_into().ok()
}

fn row(name: &str, unit: &str, ours: f64, tokio: f64, go: Option<f64>, goal: &str, ok: bool) {
    let go = match go {
        Some(g) => format!("Go {g:>8.1} {unit}  ours/Go {:>5.2}x", ours / g),
        None => "Go n/a".to_string(),
    };
    let ok = if ok { "meets" } else { "misses" };
    println!(
        "{name:<30} ours {ours:>7.1} {unit}  tokio {tokio:>7.1} {unit}  ours/tokio {:>5.2}x  {go}  goal {goal}: {ok}",
        ours / tokio
    );
}

/// `BENCH_ONLY=yield-why`: the figures behind the module doc's account of
/// tokio's `yield_now`, each with the allocations it made per yield.
fn yield_why() {
    let per_yield = |name: &str, f: &dyn Fn() -> f64| {
        let a0 = ALLOCS.load(Ordering::Relaxed);
        let ns = f();
        // 1 warm-up + REPS timed runs of YIELD_N yields each.
        let allocs = (ALLOCS.load(Ordering::Relaxed) - a0) as f64 / ((REPS + 1) * YIELD_N) as f64;
        println!("  {name:<58} {ns:>7.1} ns/yield  {allocs:.4} allocs/yield");
    };
    println!("tokio::task::yield_now (median of {REPS} after a warm-up):");
    let rt2 = tokio_rt(WORKERS);
    per_yield("loop in block_on on the calling thread (no worker, no task)", &|| {
        rt2.block_on(warm_median(yield_alone_tokio))
    });
    per_yield(&format!("1 task on {WORKERS} workers (the \"alone\" row)"), &|| tokio_on(&rt2, yield_alone_tokio));
    per_yield("1 task on 1 worker (no sibling to wake)", &|| tokio_on(&tokio_rt(1), yield_alone_tokio));
    let bare = tokio::runtime::Builder::new_multi_thread().worker_threads(WORKERS).build().unwrap();
    per_yield(&format!("1 task on {WORKERS} workers, no drivers"), &|| tokio_on(&bare, yield_alone_tokio));
    for per_p in [1, 2, 8, 32] {
        let gs = per_p * WORKERS;
        per_yield(&format!("{gs} tasks on {WORKERS} workers"), &|| tokio_on(&rt2, move || yield_many_tokio(gs)));
    }
    println!("interleave_scheduler::yield_now:");
    per_yield(&format!("root G alone on {WORKERS} Ps (the \"alone\" row)"), &|| ours(yield_alone_ours));
    for per_p in [1, 2, 8, 32] {
        let gs = per_p * WORKERS;
        per_yield(&format!("{gs} Gs on {WORKERS} Ps"), &|| ours(move || yield_many_ours(gs)));
    }
}

fn main() {
    let yield_gs = YIELD_GS_PER_P * WORKERS;
    // BENCH_ONLY=<row> (for profiling): run only our side of one row.
    if let Ok(only) = std::env::var("BENCH_ONLY") {
        if only == "yield-why" {
            yield_why();
            return;
        }
        if only == "pingpong-trace" {
            // Scheduling events behind the ping-pong figure (steals, M parks).
            let r = interleave_scheduler::Runtime::new(interleave_scheduler::Config { trace: true, ..ours_config() })
                .run(pingpong_ours());
            let s = r.trace.summary();
            println!(
                "pingpong {:.1} ns traced; {PP_N} round trips: steals {} m_parks {} m_spawned {} handoffs {}",
                r.output, s.steals, s.m_parks, s.m_spawned, s.handoffs
            );
            return;
        }
        let ns = match only.as_str() {
            "spawn" => ours(spawn_ours),
            "yield" => ours(yield_alone_ours),
            "yield-many" => ours(move || yield_many_ours(yield_gs)),
            "pingpong" => ours(pingpong_ours),
            "parked" => ours_fresh(|| parked_ours(true)),
            other => panic!("BENCH_ONLY: unknown row {other}"),
        };
        println!("{only}: ours {ns:.1}");
        return;
    }
    println!(
        "interleave-scheduler vs tokio {WORKERS}-worker multi-thread runtime ({WORKERS} Ps/workers; per row and side \
         one warm runtime, one task: a warm-up run, then the median of {REPS}; heap rows: {REPS} fresh runtimes)"
    );
    let go = go_results();
    let g = |i: usize| go.map(|v| v[i]);
    let (o, t) = (ours(spawn_ours), tokio(spawn_tokio));
    row("spawn+join per G", "ns", o, t, g(0), "<= 1.2x tokio", o / t <= 1.2);
    let (o, t) = (ours(yield_alone_ours), tokio(yield_alone_tokio));
    row("yield_now, 1 G alone", "ns", o, t, g(1), "<= 1.5x tokio", o / t <= 1.5);
    let (o, t) = (ours(move || yield_many_ours(yield_gs)), tokio(move || yield_many_tokio(yield_gs)));
    row(&format!("yield_now, {yield_gs} Gs on {WORKERS} Ps"), "ns", o, t, g(2), "<= 1.5x tokio", o / t <= 1.5);
    println!(
        "  per yield: wall time / yields (over both Ps in the {yield_gs}-G row). Alone, nobody else is runnable: \
         ours requeues the G on its P and polls it again; tokio defers the wake-up until its worker runs out of \
         work, so every lone yield takes the worker's idle path (BENCH_ONLY=yield-why)"
    );
    let (o, t) = (ours(pingpong_ours), tokio(pingpong_tokio));
    row("ping-pong round trip", "ns", o, t, g(3), "<= 1.2x tokio", o / t <= 1.2);
    let (o, t) = (ours_fresh(|| parked_ours(true)), tokio_fresh(parked_tokio));
    row("heap per parked G (+own chan)", "B ", o, t, g(4), "<= 256 B", o <= 256.0);
    println!(
        "  counted: the G's one block (header + future with its channel waiter inside) and its own channel; \
         tokio: task cell + oneshot; Go: goroutine stack + heap incl. its channel"
    );
    println!("  of which the G alone (all parked on one shared channel): {:.1} B", ours_fresh(|| parked_ours(false)));
}
