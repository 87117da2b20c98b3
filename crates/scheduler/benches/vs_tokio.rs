//! Native benchmarks: ours vs tokio's multi-thread runtime with the same
//! worker count, in the same process. Prints figures and ratios (a benchmark
//! is not a test). Run: scripts/bench-scheduler.sh

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};
use std::time::Instant;

struct Counting;
static LIVE: AtomicIsize = AtomicIsize::new(0);
// SAFETY: forwards to the system allocator; only counts bytes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        LIVE.fetch_add(l.size() as isize, Ordering::Relaxed);
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

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

/// Our runtime with the default configuration and `WORKERS` Ps.
fn ours<T: Send + 'static>(f: impl std::future::Future<Output = T> + Send + 'static) -> T {
    interleave_scheduler::Runtime::new(interleave_scheduler::Config::with_procs(WORKERS)).block_on(f)
}

fn tokio_rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(WORKERS).enable_all().build().unwrap()
}

const SPAWN_N: usize = 100_000;
const YIELD_N: usize = 1_000_000;
const PP_N: usize = 100_000;
const PARK_N: usize = 10_000;

fn spawn_ours() -> f64 {
    ours(async {
        let t = Instant::now();
        for _ in 0..SPAWN_N / 1000 {
            let hs: Vec<_> = (0..1000).map(|i| interleave_scheduler::go(async move { i })).collect();
            for h in hs {
                std::hint::black_box(h.await);
            }
        }
        t.elapsed().as_nanos() as f64 / SPAWN_N as f64
    })
}

fn spawn_tokio(rt: &tokio::runtime::Runtime) -> f64 {
    rt.block_on(async {
        tokio::spawn(async {
            let t = Instant::now();
            for _ in 0..SPAWN_N / 1000 {
                let hs: Vec<_> = (0..1000).map(|i| tokio::spawn(async move { i })).collect();
                for h in hs {
                    std::hint::black_box(h.await.unwrap());
                }
            }
            t.elapsed().as_nanos() as f64 / SPAWN_N as f64
        })
        .await
        .unwrap()
    })
}

fn yield_ours() -> f64 {
    ours(async {
        let t = Instant::now();
        for _ in 0..YIELD_N {
            interleave_scheduler::yield_now().await;
        }
        t.elapsed().as_nanos() as f64 / YIELD_N as f64
    })
}

fn yield_tokio(rt: &tokio::runtime::Runtime) -> f64 {
    rt.block_on(async {
        tokio::spawn(async {
            let t = Instant::now();
            for _ in 0..YIELD_N {
                tokio::task::yield_now().await;
            }
            t.elapsed().as_nanos() as f64 / YIELD_N as f64
        })
        .await
        .unwrap()
    })
}

fn pingpong_ours() -> f64 {
    ours(pingpong_body())
}

async fn pingpong_body() -> f64 {
    {
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
}

fn pingpong_tokio(rt: &tokio::runtime::Runtime) -> f64 {
    rt.block_on(async {
        tokio::spawn(async {
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
        })
        .await
        .unwrap()
    })
}

/// Heap bytes per G parked on a receive from its own unbuffered channel
/// (tokio: a task awaiting its own oneshot; Go: a goroutine blocked on its own
/// unbuffered channel, stack included). Counted: every byte allocated while
/// the Gs are parked minus what was live before — the G (one block: header
/// and future, whose channel waiter lives inside the future) and its
/// channel. Not counted: the JoinHandle and Sender, kept in vectors allocated
/// before the count starts (8 B each, as tokio's handles).
fn parked_ours() -> f64 {
    parked_ours_with(true)
}

/// The same Gs all parked on one shared channel: the G alone.
fn parked_ours_shared() -> f64 {
    parked_ours_with(false)
}

fn parked_ours_with(own_chan: bool) -> f64 {
    ours(async move {
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
    })
}

fn parked_tokio(rt: &tokio::runtime::Runtime) -> f64 {
    rt.block_on(async {
        tokio::spawn(async {
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
        })
        .await
        .unwrap()
    })
}

/// Go's figures for the same rows, measured by scripts/bench-scheduler.sh
/// just before this run: `GO_RESULTS="spawn yield pingpong parked"`.
fn go_results() -> Option<[f64; 4]> {
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

fn main() {
    let reps = 5;
    let rt = tokio_rt();
    println!("interleave-scheduler vs tokio {WORKERS}-worker multi-thread runtime (median of {reps}; {WORKERS} Ps/workers)");
    let m = |f: &dyn Fn() -> f64| median((0..reps).map(|_| f()).collect());
    // BENCH_ONLY=pingpong (for profiling): run only our side of one row.
    if let Ok(only) = std::env::var("BENCH_ONLY") {
        if only == "pingpong-trace" {
            // Scheduling events behind the ping-pong figure (steals, M parks).
            let r = interleave_scheduler::Runtime::new(interleave_scheduler::Config {
                trace: true,
                ..interleave_scheduler::Config::with_procs(WORKERS)
            })
            .run(pingpong_body());
            let s = r.trace.summary();
            println!(
                "pingpong {:.1} ns traced; {PP_N} round trips: steals {} m_parks {} m_spawned {} handoffs {}",
                r.output, s.steals, s.m_parks, s.m_spawned, s.handoffs
            );
            return;
        }
        let f: fn() -> f64 = match only.as_str() {
            "spawn" => spawn_ours,
            "yield" => yield_ours,
            "pingpong" => pingpong_ours,
            "parked" => parked_ours,
            other => panic!("BENCH_ONLY: unknown row {other}"),
        };
        println!("{only}: ours {:.1}", m(&f));
        return;
    }
    let go = go_results();
    let g = |i: usize| go.map(|v| v[i]);
    let (o, t) = (m(&spawn_ours), m(&|| spawn_tokio(&rt)));
    row("spawn+join per G", "ns", o, t, g(0), "<= 1.2x tokio", o / t <= 1.2);
    let (o, t) = (m(&yield_ours), m(&|| yield_tokio(&rt)));
    row("yield_now per yield", "ns", o, t, g(1), "<= 1.5x tokio", o / t <= 1.5);
    let (o, t) = (m(&pingpong_ours), m(&|| pingpong_tokio(&rt)));
    row("ping-pong round trip", "ns", o, t, g(2), "<= 1.2x tokio", o / t <= 1.2);
    let (o, t) = (m(&parked_ours), m(&|| parked_tokio(&rt)));
    row("heap per parked G (+own chan)", "B ", o, t, g(3), "<= 256 B", o <= 256.0);
    println!(
        "  counted: the G's one block (header + future with its channel waiter inside) and its own channel; \
         tokio: task cell + oneshot; Go: goroutine stack + heap incl. its channel"
    );
    println!("  of which the G alone (all parked on one shared channel): {:.1} B", m(&parked_ours_shared));
}
