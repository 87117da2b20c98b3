//! The native host: Gs run, yield, sleep, block in syscalls, and the
//! runtime returns the root G's result.

use interleave_scheduler::{Config, Runtime, blocking, go, gomaxprocs, sleep, syscall, yield_now};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

fn rt(procs: usize) -> Runtime {
    Runtime::new(Config { trace: true, ..Config::with_procs(procs) })
}

#[test]
fn root_result_is_returned() {
    assert_eq!(rt(2).block_on(async { 40 + 2 }), 42);
}

#[test]
fn every_g_runs_exactly_once() {
    const N: usize = 10_000;
    let runs: Arc<Vec<AtomicUsize>> = Arc::new((0..N).map(|_| AtomicUsize::new(0)).collect());
    let r = runs.clone();
    let report = rt(2).run(async move {
        let hs: Vec<_> = (0..N)
            .map(|i| {
                let r = r.clone();
                go(async move {
                    r[i].fetch_add(1, Ordering::Relaxed);
                    if i % 3 == 0 {
                        yield_now().await;
                    }
                    i
                })
            })
            .collect();
        let mut sum = 0;
        for h in hs {
            sum += h.await;
        }
        sum
    });
    assert_eq!(report.output, N * (N - 1) / 2);
    assert!(runs.iter().all(|c| c.load(Ordering::Relaxed) == 1));
    assert_eq!(report.live_gs, 0);
    let s = report.trace.summary();
    assert_eq!(s.gs_created as usize, N + 1);
    assert_eq!(s.gs_ended as usize, N + 1);
}

#[test]
fn gomaxprocs_is_config() {
    assert_eq!(rt(3).block_on(async { gomaxprocs() }), 3);
}

#[test]
fn sleep_waits() {
    let t = std::time::Instant::now();
    rt(2).block_on(async {
        let hs: Vec<_> = (0..10).map(|i| go(async move { sleep(Duration::from_millis(2 + i)).await })).collect();
        for h in hs {
            h.await;
        }
    });
    assert!(t.elapsed() >= Duration::from_millis(11));
}

#[test]
fn long_syscall_hands_off_the_p() {
    let report = Runtime::new(Config { trace: true, syscall_retake_ns: 20_000, ..Config::with_procs(1) }).run(async {
        // One P: while G1 blocks 30 ms in a syscall, sysmon must hand the P
        // to another M so G2 can run.
        let done = Arc::new(AtomicUsize::new(0));
        let d = done.clone();
        let g1 = go(async move {
            syscall(|| std::thread::sleep(Duration::from_millis(30))).await;
            d.load(Ordering::SeqCst)
        });
        let d = done.clone();
        let g2 = go(async move {
            d.store(1, Ordering::SeqCst);
        });
        g2.await;
        g1.await
    });
    assert_eq!(report.output, 1, "G2 ran while G1 was in its syscall");
    let s = report.trace.summary();
    assert!(s.handoffs >= 1, "sysmon retook the P: {s:?}");
    assert!(s.m_spawned >= 2);
}

#[test]
fn blocking_hands_off_at_once() {
    let report = rt(1).run(async {
        let v = blocking(|| 7).await;
        let w = syscall(|| 8).await;
        v + w
    });
    assert_eq!(report.output, 15);
    let s = report.trace.summary();
    assert!(s.handoffs >= 1);
    assert_eq!(s.syscalls, 2);
}

#[test]
fn panics_propagate_to_the_joiner() {
    let r = std::panic::catch_unwind(|| {
        rt(2).block_on(async {
            let h = go(async { panic!("boom") });
            h.await
        })
    });
    assert!(r.is_err());
}

#[test]
fn chrome_trace_is_json() {
    let report = rt(2).run(async {
        let hs: Vec<_> = (0..100).map(|_| go(async { yield_now().await })).collect();
        for h in hs {
            h.await;
        }
    });
    let json = report.trace.to_chrome_json();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let evs = v["traceEvents"].as_array().unwrap();
    assert!(evs.iter().any(|e| e["ph"] == "X"));
    assert!(evs.iter().any(|e| e["ph"] == "s"));
}
