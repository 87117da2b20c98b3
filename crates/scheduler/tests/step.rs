//! The steppable simulator (`sim::step::Sim`) and its snapshots:
//! - stepping to the end gives exactly what `sim::run` gives, however the
//!   run is cut into steps;
//! - stepping back to any earlier event and forward again reproduces the
//!   same snapshots as were seen going forward;
//! - the snapshot, a fold over the events, equals the scheduler's real run
//!   queues (every P's runnext and ring in order, the global queue) after
//!   every step of random workloads — a missing or wrong queue tag at an
//!   emit site fails here;
//! - timers and channel wait queues show who waits, in order.

use interleave_scheduler::sim::snapshot::{MState, PStatus, Snapshot};
use interleave_scheduler::sim::step::{CHECKPOINT_EVERY, Sim};
use interleave_scheduler::sim::{self, SimConfig};
use interleave_scheduler::trace::{Dir, Event, EventKind, Queue, Source, Wait};
use interleave_scheduler::{Select, WaitGroup, blocking_sleep, chan, go, sleep, work, yield_now};
use proptest::prelude::*;
use std::time::Duration;

#[derive(Clone, Copy, Debug)]
enum Op {
    Work(u64),
    Spawn(u64),
    /// Spawn this many children at once without yielding: the ring
    /// overflows to the global queue past 256.
    Burst(u32),
    Ping,
    Buffered,
    Select,
    Yield,
    Sleep(u64),
    Syscall(u64),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (1u64..200).prop_map(Op::Work),
        2 => (0u64..2_000).prop_map(Op::Spawn),
        1 => (1u32..400).prop_map(Op::Burst),
        2 => Just(Op::Ping),
        1 => Just(Op::Buffered),
        1 => Just(Op::Select),
        1 => Just(Op::Yield),
        1 => (1u64..200).prop_map(Op::Sleep),
        1 => (1u64..100).prop_map(Op::Syscall),
    ]
}

/// Each worker runs its ops. `Ping`: a round trip through an echo G on
/// unbuffered channels; `Buffered`: two sends and two receives through a
/// channel of capacity 1 shared with a helper; `Select`: a select over two
/// channels, one of which a helper G sends on after a sleep.
async fn workload(workers: Vec<Vec<Op>>) -> u64 {
    let wg = WaitGroup::new();
    for ops in workers {
        wg.add(1);
        let wg = wg.clone();
        go(async move {
            let (tx, rx) = chan::<u64>(0);
            let (back_tx, back_rx) = chan::<u64>(0);
            let echo = go(async move {
                while let Some(v) = rx.recv().await {
                    back_tx.send(v + 1).await;
                }
            });
            for op in ops {
                match op {
                    Op::Work(us) => work(Duration::from_micros(us)),
                    Op::Spawn(ns) => {
                        go(async move { work(Duration::from_nanos(ns)) });
                    }
                    Op::Burst(n) => {
                        for _ in 0..n {
                            go(async {});
                        }
                    }
                    Op::Ping => {
                        tx.send(1).await;
                        assert_eq!(back_rx.recv().await, Some(2));
                    }
                    Op::Buffered => {
                        let (btx, brx) = chan::<u64>(1);
                        let h = go(async move {
                            btx.send(1).await;
                            btx.send(2).await;
                        });
                        assert_eq!(brx.recv().await, Some(1));
                        assert_eq!(brx.recv().await, Some(2));
                        h.await;
                    }
                    Op::Select => {
                        let (atx, arx) = chan::<u64>(0);
                        let (_btx, brx) = chan::<u64>(0);
                        let h = go(async move {
                            sleep(Duration::from_micros(3)).await;
                            atx.send(5).await;
                        });
                        let v = Select::new().recv(&arx, |v| v).recv(&brx, |v| v).await;
                        assert_eq!(v, Some(5));
                        h.await;
                    }
                    Op::Yield => yield_now().await,
                    Op::Sleep(us) => sleep(Duration::from_micros(us)).await,
                    Op::Syscall(us) => blocking_sleep(Duration::from_micros(us)).await,
                }
            }
            tx.close();
            echo.await;
            wg.done();
        });
    }
    wg.wait().await;
    7
}

fn fixed_workers() -> Vec<Vec<Op>> {
    use Op::*;
    vec![
        vec![Burst(300), Ping, Work(5), Select, Ping, Yield, Sleep(20), Buffered],
        vec![Spawn(300), Ping, Syscall(30), Ping, Buffered, Burst(40), Select],
        vec![Work(20), Yield, Ping, Ping, Ping, Sleep(5), Spawn(10), Ping],
        vec![Select, Buffered, Ping, Syscall(10), Yield, Burst(100)],
    ]
}

/// The fixed workers four times over: a run of several thousand events.
fn long_workers() -> Vec<Vec<Op>> {
    fixed_workers().into_iter().map(|ops| ops.repeat(4)).collect()
}

fn cfg(seed: u64, procs: usize) -> SimConfig {
    SimConfig { seed, procs, ..SimConfig::default() }
}

#[test]
fn stepping_to_the_end_equals_run() {
    for (seed, procs) in [(1, 4), (2, 2), (3, 1), (4, 8)] {
        let want = sim::run(cfg(seed, procs), workload(fixed_workers()));
        // One step at a time.
        let mut s = Sim::new(cfg(seed, procs), workload(fixed_workers()));
        let mut steps = 0;
        while !s.step().is_empty() {
            steps += 1;
        }
        assert!(s.is_finished());
        assert!(steps > 100, "seed {seed}: {steps} steps");
        let got = s.finish();
        assert_eq!(got.output, want.output);
        assert_eq!(got.live_gs, 0);
        assert_eq!(got.trace.fingerprint(), want.trace.fingerprint(), "seed {seed}: step() changed the run");
        assert_eq!(got.trace, want.trace);
        // In slices of virtual time.
        let mut s = Sim::new(cfg(seed, procs), workload(fixed_workers()));
        let mut t = 0;
        while !s.is_finished() {
            t += 7_000;
            s.run_until(t);
            assert!(s.now() <= t, "run_until({t}) ran a step at {}", s.now());
        }
        let got = s.finish();
        assert_eq!(got.trace.fingerprint(), want.trace.fingerprint(), "seed {seed}: run_until changed the run");
    }
}

#[test]
fn run_until_runs_nothing_past_its_time() {
    let d = sim::run(cfg(5, 2), workload(fixed_workers())).trace.summary().duration_ns;
    for t in [0, 1_000, d / 4, d / 2, d * 3 / 4] {
        let mut s = Sim::new(cfg(5, 2), workload(fixed_workers()));
        s.run_until(t);
        assert!(!s.is_finished());
        // Whatever runs next starts after `t`: its events are all later.
        let next = s.step().to_vec();
        assert!(!next.is_empty());
        assert!(next.iter().all(|e| e.ts > t), "run_until({t}) left a step that starts by then: {next:?}");
    }
}

#[test]
fn back_then_forward_reproduces_the_same_snapshots() {
    let mut s = Sim::new(cfg(7, 4), workload(long_workers()));
    // What a person saw going forward, step by step.
    let mut seen: Vec<Snapshot> = vec![s.snapshot().clone()];
    while !s.step().is_empty() {
        seen.push(s.snapshot().clone());
    }
    let n = s.events().len();
    assert!(n > 4 * CHECKPOINT_EVERY, "the run should span several checkpoints: {n} events");
    // Back to every point seen, in a scrambled order.
    let mut order: Vec<usize> = (0..seen.len()).collect();
    let mut r: u64 = 0x9E37_79B9;
    for i in (1..order.len()).rev() {
        r = r.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        order.swap(i, (r >> 33) as usize % (i + 1));
    }
    for &i in &order {
        let want = &seen[i];
        let got = s.snapshot_at(want.events as usize);
        assert_eq!(&got, want, "snapshot_at({}) differs from what stepping forward showed", want.events);
    }
    // Back, then forward event by event, matches a direct jump.
    for k in [0, 1, CHECKPOINT_EVERY - 1, CHECKPOINT_EVERY, CHECKPOINT_EVERY + 1, n / 2, n - 1] {
        let mut back = s.snapshot_at(k);
        for e in &s.events()[k..(k + 2 * CHECKPOINT_EVERY).min(n)] {
            back.apply(e);
        }
        assert_eq!(back, s.snapshot_at((k + 2 * CHECKPOINT_EVERY).min(n)), "forward from {k}");
    }
    assert_eq!(&s.snapshot_at(n), s.snapshot());
    assert_eq!(s.snapshot().anomalies, 0);
}

/// Step a run and compare the folded run queues with the real ones after
/// every step. Returns the step log.
fn check_fold(c: SimConfig, workers: Vec<Vec<Op>>) -> Result<Vec<Event>, String> {
    let mut s = Sim::new(c, workload(workers));
    loop {
        let (fold, real) = (s.snapshot().runqs(), s.real_runqs());
        if fold != real {
            return Err(format!(
                "after event {}: fold {fold:?}\nreal {real:?}\nlast events {:?}",
                s.events().len(),
                &s.events()[s.events().len().saturating_sub(6)..]
            ));
        }
        if s.snapshot().anomalies != 0 {
            return Err(format!("anomalies after event {}", s.events().len()));
        }
        if s.step().is_empty() {
            break;
        }
    }
    let log = s.events().to_vec();
    let r = s.finish();
    if r.live_gs != 0 {
        return Err(format!("{} Gs left", r.live_gs));
    }
    Ok(log)
}

#[test]
fn fold_matches_the_real_queues_on_a_fixed_workload() {
    let mut log = Vec::new();
    for (seed, procs) in [(1, 4), (2, 2), (3, 1), (9, 8)] {
        log.extend(check_fold(cfg(seed, procs), fixed_workers()).unwrap_or_else(|e| panic!("seed {seed}, {procs} Ps: {e}")));
    }
    // The workload reaches every rule the fold knows.
    let seen = |f: &dyn Fn(&EventKind) -> bool| log.iter().filter(|e| f(&e.kind)).count();
    use EventKind::*;
    assert!(seen(&|k| matches!(k, RunqOverflow { .. })) > 0, "no ring overflow");
    assert!(seen(&|k| matches!(k, ProcSteal { runnext: false, n: 2.., .. })) > 0, "no steal of a batch");
    assert!(seen(&|k| matches!(k, ProcSteal { runnext: true, .. })) > 0, "no steal of a runnext");
    assert!(seen(&|k| matches!(k, GoStart { from: Source::Global { batch: 2.. }, .. })) > 0, "no global batch");
    assert!(seen(&|k| matches!(k, GoStart { from: Source::Local, .. })) > 0);
    assert!(seen(&|k| matches!(k, GoStop { to: Queue::Global, .. })) > 0, "no yield (Go's Gosched: the global queue)");
    assert!(seen(&|k| matches!(k, GoUnblock { to: Queue::Global, .. })) > 0, "no wake from outside a P");
    assert!(seen(&|k| matches!(k, GoBlock { on: Wait::Chan { dir: Dir::Send, .. }, .. })) > 0);
    assert!(seen(&|k| matches!(k, GoWaitAlso { .. })) > 0, "no select");
    assert!(seen(&|k| matches!(k, Handoff { .. })) > 0, "no hand-off");
    assert!(seen(&|k| matches!(k, GoSyscallEnd { to: Some(_), .. })) > 0, "no syscall exit without a P");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
    #[test]
    fn fold_matches_the_real_queues(
        seed in 0u64..1_000_000,
        procs in 1usize..6,
        workers in prop::collection::vec(prop::collection::vec(op(), 1..10), 1..5),
    ) {
        if let Err(e) = check_fold(cfg(seed, procs), workers).map(drop) {
            prop_assert!(false, "{}", e);
        }
    }
}

#[test]
fn timers_and_channel_wait_queues_show_who_waits() {
    // One P: the root starts three receivers on one channel (each parks in
    // turn on its receive queue), then sleeps.
    let mut s = Sim::new(cfg(1, 1), async {
        let (tx, rx) = chan::<u32>(0);
        let mut hs = Vec::new();
        for _ in 0..3 {
            let rx = rx.clone();
            hs.push(go(async move { rx.recv().await }));
        }
        sleep(Duration::from_micros(100)).await;
        for i in 0..3 {
            tx.send(i).await;
        }
        let mut got = Vec::new();
        for h in hs {
            got.push(h.await);
        }
        got
    });
    let mut found = false;
    let mut head = 0;
    while !s.step().is_empty() {
        let snap = s.snapshot();
        if snap.timers.len() == 1 && snap.chans.first().is_some_and(|c| c.recv.len() == 3) {
            // Root is G1; the receivers are G2, G3, G4, queued in the
            // order they ran (the last spawned ran first: runnext).
            assert_eq!(snap.timers[0].g, 1);
            assert!(snap.timers[0].at >= 100_000);
            let c = &snap.chans[0];
            assert!(c.send.is_empty());
            let mut q: Vec<u64> = c.recv.iter().copied().collect();
            q.sort_unstable();
            assert_eq!(q, vec![2, 3, 4]);
            assert_eq!(snap.blocked.len(), 4);
            assert_eq!(snap.blocked[&1].on, vec![Wait::Timer { at: snap.timers[0].at }]);
            assert_eq!(snap.blocked[&c.recv[0]].on, vec![Wait::Chan { ch: c.ch, dir: Dir::Recv }]);
            assert!(snap.ms.iter().all(|m| m.state != MState::Running));
            head = c.recv[0];
            found = true;
            break;
        }
    }
    assert!(found, "never saw the root sleeping with three receivers queued");
    s.run_to_end();
    let end = s.snapshot();
    assert!(end.timers.is_empty() && end.chans.is_empty() && end.blocked.is_empty());
    assert!(end.procs.iter().all(|p| p.status == PStatus::Idle && p.ring.is_empty() && p.runnext.is_none()));
    let out = s.finish().output;
    // The head of the receive queue got the first value sent (G2.. are hs[0..]).
    assert_eq!(out[(head - 2) as usize], Some(0), "{out:?}, head G{head}");
    let mut sorted = out.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, vec![Some(0), Some(1), Some(2)]);
}

#[test]
fn a_select_waits_on_every_arm() {
    let mut s = Sim::new(cfg(1, 1), async {
        let (atx, arx) = chan::<u32>(0);
        let (_btx, brx) = chan::<u32>(0);
        let h = go(async move { Select::new().recv(&arx, |v| v).recv(&brx, |v| v).await });
        sleep(Duration::from_micros(10)).await;
        atx.send(3).await;
        h.await
    });
    let mut found = false;
    while !s.step().is_empty() {
        let snap = s.snapshot();
        if let Some(b) = snap.blocked.get(&2)
            && b.on.len() == 2
        {
            assert_eq!(snap.chans.len(), 2);
            assert!(snap.chans.iter().all(|c| c.recv.iter().copied().eq([2])));
            found = true;
        }
    }
    assert!(found, "never saw the select parked on both channels");
    assert!(s.snapshot().chans.is_empty(), "the woken select left both queues");
    assert_eq!(s.finish().output, Some(3));
}

#[test]
fn snapshot_serialises_with_stable_field_names() {
    let mut s = Sim::new(cfg(1, 2), workload(fixed_workers()));
    s.run_until(30_000);
    let v = serde_json::to_value(s.snapshot()).unwrap();
    for k in ["events", "ts", "procs", "global", "ms", "timers", "chans", "blocked", "anomalies"] {
        assert!(v.get(k).is_some(), "missing {k}: {v}");
    }
    let p = &v["procs"][0];
    for k in ["id", "status", "m", "g", "runnext", "ring"] {
        assert!(p.get(k).is_some(), "P missing {k}: {p}");
    }
    let m = &v["ms"][0];
    for k in ["id", "state", "p", "g", "spinning"] {
        assert!(m.get(k).is_some(), "M missing {k}: {m}");
    }
    assert!(v["blocked"].is_array());
}

#[test]
fn an_abandoned_sim_drops_every_g() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    struct Count(Arc<AtomicUsize>);
    impl Drop for Count {
        fn drop(&mut self) {
            self.0.fetch_add(1, Ordering::Relaxed);
        }
    }
    let dropped = Arc::new(AtomicUsize::new(0));
    let d = dropped.clone();
    let mut s = Sim::new(cfg(1, 2), async move {
        for _ in 0..10 {
            let c = Count(d.clone());
            go(async move {
                sleep(Duration::from_millis(1)).await;
                drop(c);
            });
        }
        sleep(Duration::from_millis(2)).await;
    });
    s.run_until(100_000);
    assert!(!s.is_finished());
    drop(s);
    assert_eq!(dropped.load(Ordering::Relaxed), 10, "every G's future was dropped");
}

/// Many Gs queued at once: a checkpoint every 1,024 events would clone all of them each time
/// (memory growing with events × queued Gs); spaced by their size, the checkpoints together
/// hold a small multiple of the event count. Step-back stays exact across them.
#[test]
fn checkpoint_memory_stays_proportional_to_the_log() {
    const GS: u64 = 20_000;
    let root = async {
        let wg = WaitGroup::new();
        let (tx, rx) = chan::<u64>(0);
        for _ in 0..GS {
            wg.add(1);
            let (wg, rx) = (wg.clone(), rx.clone());
            drop(go(async move {
                let _ = rx.recv().await;
                wg.done();
            }));
        }
        for i in 0..GS {
            let _ = tx.send(i).await;
        }
        wg.wait().await;
    };
    let mut s = Sim::new(SimConfig { procs: 2, seed: 3, ..SimConfig::default() }, root);
    let mut biggest = 0;
    while !s.is_finished() {
        s.step();
        biggest = biggest.max(s.snapshot().entries());
    }
    let n = s.events().len();
    assert!(biggest as u64 > GS / 2, "the workload should hold many Gs at once: {biggest}");
    let held = s.checkpoint_entries();
    println!("{held} checkpoint entries for {n} events ({} checkpoints, at most {biggest} entries at once)", s.checkpoints());
    assert!(held <= 4 * n, "checkpoints hold {held} entries for {n} events ({} checkpoints)", s.checkpoints());
    for k in [0, 1, n / 3, n / 2, n - 1, n] {
        let mut want = Snapshot::new(2);
        for e in &s.events()[..k] {
            want.apply(e);
        }
        assert_eq!(s.snapshot_at(k), want, "snapshot_at({k})");
    }
}
