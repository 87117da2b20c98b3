//! Behaviours where we follow Go although a cheaper choice was at hand
//! (the crate doc's "Differences from Go" lists the ones we do not).

use interleave_scheduler::sim::{self, SimConfig};
use interleave_scheduler::trace::{EventKind, Queue, Source};
use interleave_scheduler::{current_g, go, yield_now};


/// Go's `Gosched` puts the G on the global run queue (goschedImpl), so
/// `yield_now`'s GoStop says `Global` and the G comes back from there.
#[test]
fn yield_now_goes_to_the_global_queue() {
    for seed in 1..=3 {
        let r = sim::run(SimConfig { procs: 2, seed, ..SimConfig::default() }, async {
            let g = current_g();
            let other = go(async {});
            for _ in 0..3 {
                yield_now().await;
            }
            other.await;
            g
        });
        let root = r.output;
        let mut stops = 0;
        let mut after_stop = false;
        for e in &r.trace.events {
            match e.kind {
                EventKind::GoStop { to, g, .. } => {
                    assert_eq!(to, Queue::Global, "seed {seed}: G{g} yielded into {to:?}");
                    stops += 1;
                    after_stop |= g == root;
                }
                EventKind::GoStart { g, from, .. } if g == root && after_stop => {
                    assert!(matches!(from, Source::Global { .. }), "seed {seed}: the root came back from {from:?}");
                    after_stop = false;
                }
                _ => {}
            }
        }
        assert_eq!(stops, 3, "seed {seed}: every yield is a GoStop");
    }
}

/// exitsyscall's fast path takes its P back whenever the P is in a
/// syscall, even when sysmon retook it meanwhile and the M it went to is
/// now in a syscall with it (Go's exitsyscallfast does the same). The trace
/// must not say "kept its P": it shows the P handed off from that other M.
#[test]
fn exitsyscall_taking_another_ms_p_is_a_handoff() {
    use interleave_scheduler::blocking_sleep;
    use interleave_scheduler::trace::MId;
    use std::time::Duration;
    for seed in 1..=3 {
        let r = sim::run(SimConfig { procs: 1, seed, ..SimConfig::default() }, async {
            // G2 waits in P0's runnext while the root blocks in a syscall;
            // sysmon retakes P0 for it, and G2 enters a longer syscall on
            // a second M, with P0.
            let g2 = go(async { blocking_sleep(Duration::from_micros(100)).await });
            blocking_sleep(Duration::from_micros(50)).await;
            g2.await;
        });
        let t = &r.trace;
        // The M each G's syscall ran on.
        let mut syscall_m: Vec<(u64, MId)> = Vec::new();
        let mut taken = None;
        for (i, e) in t.events.iter().enumerate() {
            match e.kind {
                EventKind::GoSyscallBegin { g, .. } => syscall_m.push((g, e.m)),
                EventKind::GoSyscallEnd { g, kept_p, .. } => {
                    let other = syscall_m.iter().find(|(h, _)| *h != g).map(|&(_, m)| m);
                    if kept_p {
                        continue;
                    }
                    // The root's end: preceded by the hand-off from G2's M.
                    if let (Some(other), Some(prev)) = (other, i.checked_sub(1).map(|j| &t.events[j]))
                        && prev.m == e.m
                        && matches!(prev.kind, EventKind::Handoff { p: 0, from } if from == other)
                    {
                        taken = Some(other);
                    }
                }
                _ => {}
            }
        }
        assert_eq!(syscall_m.len(), 2, "seed {seed}: both Gs enter a syscall: {syscall_m:?}");
        assert_ne!(syscall_m[0].1, syscall_m[1].1, "seed {seed}: on two Ms");
        let kept = t.events.iter().filter(|e| matches!(e.kind, EventKind::GoSyscallEnd { kept_p: true, .. })).count();
        assert!(taken.is_some(), "seed {seed}: no hand-off from G2's M before the root's syscall end (kept_p ends: {kept})");
    }
}
