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

fn ours<T: Send + 'static>(f: impl std::future::Future<Output = T> + Send + 'static) -> T {
    interleave_scheduler::Runtime::new(interleave_scheduler::Config {
        steal_rounds: 64,
        ..interleave_scheduler::Config::with_procs(WORKERS)
    })
    .block_on(f)
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
/// (tokio: a oneshot), including that channel.
fn parked_ours() -> f64 {
    ours(async {
        let before = LIVE.load(Ordering::Relaxed);
        let mut txs = Vec::with_capacity(PARK_N);
        let mut hs = Vec::with_capacity(PARK_N);
        let base = LIVE.load(Ordering::Relaxed) - before;
        for _ in 0..PARK_N {
            let (tx, rx) = interleave_scheduler::chan::<u64>(0);
            txs.push(tx);
            hs.push(interleave_scheduler::go(async move { rx.recv().await }));
        }
        interleave_scheduler::sleep(std::time::Duration::from_millis(50)).await;
        let bytes = (LIVE.load(Ordering::Relaxed) - before - base) as f64 / PARK_N as f64;
        for tx in &txs {
            tx.close();
        }
        for h in hs {
            h.await;
        }
        bytes
    })
}

fn parked_tokio(rt: &tokio::runtime::Runtime) -> f64 {
    rt.block_on(async {
        tokio::spawn(async {
            let before = LIVE.load(Ordering::Relaxed);
            let mut txs = Vec::with_capacity(PARK_N);
            let mut hs = Vec::with_capacity(PARK_N);
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

fn row(name: &str, unit: &str, ours: f64, tokio: f64, goal: f64) {
    let ratio = ours / tokio;
    let ok = if ratio <= goal { "meets" } else { "misses" };
    println!("{name:<28} ours {ours:>9.1} {unit}   tokio {tokio:>9.1} {unit}   ours/tokio {ratio:>5.2}x   goal <= {goal}x: {ok}");
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
    row("spawn+join per G", "ns", m(&spawn_ours), m(&|| spawn_tokio(&rt)), 1.2);
    row("yield_now per yield", "ns", m(&yield_ours), m(&|| yield_tokio(&rt)), 1.5);
    row("ping-pong round trip", "ns", m(&pingpong_ours), m(&|| pingpong_tokio(&rt)), 1.2);
    let po = m(&parked_ours);
    let pt = m(&|| parked_tokio(&rt));
    println!(
        "{:<28} ours {po:>9.1} B    tokio {pt:>9.1} B    ours/tokio {:>5.2}x   goal <= 256 B: {}",
        "heap per parked G (+chan)",
        po / pt,
        if po <= 256.0 { "meets" } else { "misses" }
    );
}
