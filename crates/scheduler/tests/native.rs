//! The native host: Gs run, yield, sleep, block in syscalls, and the
//! runtime returns the root G's result.

use interleave_scheduler::trace::EventKind;
use interleave_scheduler::{Config, Runtime, blocking, go, gomaxprocs, sleep, syscall, yield_now};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

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

/// One P. G1 runs first (it took `runnext`) and its syscall waits until
/// G2 — queued behind it in the P's ring, so `runnext` cannot explain it —
/// has run. Only sysmon's retake can hand the P to another M while G1's M
/// is blocked; without it G2 cannot run and the call gives up after 10 s.
#[test]
fn long_syscall_hands_off_the_p() {
    let report = Runtime::new(Config { trace: true, syscall_retake_ns: 20_000, ..Config::with_procs(1) }).run(async {
        let ran = Arc::new(AtomicBool::new(false));
        let r = ran.clone();
        let g2 = go(async move { r.store(true, Ordering::SeqCst) });
        let r = ran.clone();
        // Spawned last, G1 takes runnext and kicks G2 to the ring's tail.
        let g1 = go(async move {
            syscall(move || {
                let t = Instant::now();
                while !r.load(Ordering::SeqCst) {
                    if t.elapsed() > Duration::from_secs(10) {
                        return false;
                    }
                    std::thread::sleep(Duration::from_micros(100));
                }
                true
            })
            .await
        });
        let ids = (g1.id(), g2.id());
        let saw = g1.await;
        g2.await;
        (saw, ids)
    });
    let (saw, (g1, g2)) = report.output;
    assert!(saw, "G2 never ran while G1 was in its syscall: the P was not handed off");
    let ev = &report.trace.events;
    let begin = ev.iter().find(|e| matches!(e.kind, EventKind::GoSyscallBegin { g, handoff: false, .. } if g == g1)).expect("G1's syscall");
    let start2 = ev.iter().find(|e| matches!(e.kind, EventKind::GoStart { g, .. } if g == g2)).expect("G2 started");
    assert_ne!(start2.m, begin.m, "G2 ran on another M than the one blocked in the syscall");
    assert!(
        ev.iter().any(|e| matches!(e.kind, EventKind::Handoff { p: 0, from } if from == begin.m)),
        "sysmon retook P0 from G1's M"
    );
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
