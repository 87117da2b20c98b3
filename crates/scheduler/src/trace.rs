//! Scheduling trace in Go's tracer vocabulary, its summary, and export to the
//! Chrome Trace Event JSON format (opens in Perfetto and `chrome://tracing`).
//!
//! Each M appends to its own buffer (a `Vec` push, no lock), so tracing is
//! cheap enough to leave on; on a real clock each event's timestamp costs
//! one compare-and-swap on a shared word, which makes timestamps strictly
//! increasing over all Ms (`Sched::event_ts`: a clock as coarse as a
//! browser's 100 µs reads the same value for many events, and merging by
//! time must not put a GoStart before its GoCreate). Events from outside
//! any M (a wake-up from the thread that called `block_on`, a sysmon tick)
//! go to a shared buffer under a mutex. Buffers are merged when the run
//! ends, ordered by (time, M, sequence) — a total order, so a simulated
//! run's trace is bit-identical for the same seed (the simulator's own
//! causality stamps order its Ms' events).
//!
//! Every `match` on [`EventKind`] in this file is exhaustive, without `_ =>`:
//! a new event kind does not compile until the summary and the exporter say
//! what it means.

use serde::Serialize;
use std::collections::BTreeMap;

pub mod wire;

/// G id (Go: goid). 0 is "no G".
pub type GId = u64;
/// P id, `0..GOMAXPROCS`.
pub type PId = u32;
/// M id; `u32::MAX` marks events recorded outside any M.
pub type MId = u32;

/// The run queues by G id: each P's (`runnext`, ring from head to tail),
/// then the global queue from head to tail.
pub type RunQueues = (Vec<(Option<GId>, Vec<GId>)>, Vec<GId>);

/// Ids for lanes without an M.
pub const NO_M: MId = u32::MAX;

/// Why a G stopped running without finishing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum BlockReason {
    Chan,
    Select,
    Mutex,
    WaitGroup,
    Sleep,
    Join,
    Other,
}

/// Where a runnable G was put (the `to` of GoCreate, GoUnblock, GoStop,
/// GoSyscallEnd). With these and [`Source`] a reader can rebuild every run
/// queue from the events alone ([`crate::sim::snapshot`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Queue {
    /// P `p`'s `runnext`; the G there before moves to the ring's tail
    /// (Go: `runqput(pp, gp, true)`).
    Runnext { p: PId },
    /// The tail of P `p`'s ring (Go: `runqput(pp, gp, false)`). A full ring
    /// moves its older half and this G to the global queue (`RunqOverflow`).
    Local { p: PId },
    /// The tail of the global queue (Go: `globrunqput`).
    Global,
}

/// Where the G a `GoStart` runs came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Source {
    /// The P's `runnext` (the G inherits the time slice).
    Runnext,
    /// The head of the P's ring.
    Local,
    /// The head of the global queue; the `batch - 1` Gs behind it moved to
    /// the tail of the P's ring (Go: `globrunqget`).
    Global { batch: u32 },
    /// Taken by the `ProcSteal` just before (the last G of the stolen batch).
    Stolen,
    /// Resumed after its syscall: its M held it throughout.
    Syscall,
}

/// Direction of a channel operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Dir {
    Send,
    Recv,
}

/// What holds a blocked G (the `on` of GoBlock): a queue the trace can
/// name, or only a waker.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Wait {
    /// Only a waker holds it (a WaitGroup, a Mutex, a JoinHandle, a yield).
    Waker,
    /// The timer heap, until virtual/host time `at` (Go: `time.Sleep`).
    Timer { at: u64 },
    /// The tail of channel `ch`'s send or receive queue (Go: `sendq`,
    /// `recvq`). `ch` numbers the run's channels from 1 in creation order.
    Chan { ch: u64, dir: Dir },
}

/// One scheduling event. Go's names: `GoCreate`, `GoStart`, `GoEnd`,
/// `GoStop` (Go's GoSched/GoPreempt: still runnable), `GoBlock`, `GoUnblock`,
/// `GoSyscallBegin`, `GoSyscallEnd`, `ProcStart`, `ProcStop`, `ProcSteal`,
/// plus `Handoff` (sysmon retake / entersyscallblock), M lifecycle and
/// queue-length samples.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum EventKind {
    /// `g` created by G `parent` (0: outside any G) and queued in `to`.
    GoCreate { g: GId, parent: GId, to: Queue },
    /// `g` starts (or resumes) running on P `p`, taken from `from`.
    GoStart { g: GId, p: PId, local_len: u32, global_len: u32, from: Source },
    GoEnd { g: GId, p: PId },
    /// Still runnable (woken while running: a yield): queued in `to`.
    GoStop { g: GId, p: PId, to: Queue },
    /// Parked; `on` is the (first) queue that holds it. A G that waits in
    /// several (a `select`) gets one `GoWaitAlso` per further queue, right
    /// after.
    GoBlock { g: GId, p: PId, reason: BlockReason, on: Wait },
    /// A blocked G also waits in `on` (a `select`'s further arms).
    GoWaitAlso { g: GId, on: Wait },
    /// `g` made runnable by G `by` (0: from outside any G, e.g. a timer)
    /// and queued in `to`; it leaves every queue it waited in.
    GoUnblock { g: GId, by: GId, to: Queue },
    GoSyscallBegin { g: GId, p: PId, handoff: bool },
    /// `kept_p`: the exitsyscall fast path (the M still had its P). `to`:
    /// with no P to run it on, the G was queued there and the M stops
    /// (Go: `exitsyscall0`); `None` when the G runs on at once.
    GoSyscallEnd { g: GId, kept_p: bool, to: Option<Queue> },
    ProcStart { p: PId },
    ProcStop { p: PId },
    /// This M's P `p` stole `n` Gs from `victim`: the oldest `n` of its
    /// ring (the last of them runs now, the others go to `p`'s ring tail),
    /// or with `runnext` its runnext G (`n` = 1).
    ProcSteal { p: PId, victim: PId, n: u32, runnext: bool },
    /// P `p` was taken from M `from` (blocked in a syscall) and handed on.
    Handoff { p: PId, from: MId },
    /// Half of P `p`'s local queue (plus one G) moved to the global queue.
    RunqOverflow { p: PId, n: u32 },
    /// A new M `m` was started to run P `p` (spinning: looking for work).
    MSpawn { m: MId, p: PId, spinning: bool },
    /// The host could not start M `m` (host.rs, protocol step 3): P `p`,
    /// which it was started for, went back to the idle list and `m`'s id
    /// is free for the next M. Never in a simulated run.
    MSpawnFailed { m: MId, p: PId },
    MPark,
    /// Parked M `m` was handed P `p` and woken (spinning: to look for work).
    MUnpark { m: MId, p: PId, spinning: bool },
    /// A G spent `ns` in `work()` without yielding (held its P throughout).
    Work { g: GId, ns: u64 },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Event {
    /// Host clock, nanoseconds since the runtime started.
    pub ts: u64,
    pub m: MId,
    pub kind: EventKind,
}

/// The merged trace of one run.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Trace {
    pub procs: u32,
    pub events: Vec<Event>,
}

impl Trace {
    /// Merge per-M buffers into one totally ordered trace.
    pub fn merge(procs: u32, buffers: Vec<Vec<Event>>) -> Trace {
        let mut events: Vec<(u64, MId, usize, Event)> = Vec::new();
        for buf in buffers {
            for (i, e) in buf.into_iter().enumerate() {
                events.push((e.ts, e.m, i, e));
            }
        }
        // At equal times, events from outside any M (the root's GoCreate,
        // sysmon) come first: they are what the Ms then react to.
        events.sort_by_key(|&(ts, m, i, _)| (ts, m.wrapping_add(1), i));
        Trace { procs, events: events.into_iter().map(|t| t.3).collect() }
    }

    /// A stable 64-bit fingerprint (FNV-1a over a fixed encoding), for
    /// "same seed, same trace" checks and golden files.
    pub fn fingerprint(&self) -> u64 {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        let mut eat = |x: u64| {
            for b in x.to_le_bytes() {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x100_0000_01b3);
            }
        };
        for e in &self.events {
            eat(e.ts);
            eat(u64::from(e.m));
            for w in encode(&e.kind) {
                eat(w);
            }
        }
        h
    }

    pub fn summary(&self) -> Summary {
        Summary::from_trace(self)
    }

    pub fn to_chrome_json(&self) -> String {
        chrome::export(self)
    }
}

/// Fixed numeric encoding of an event kind (tag, fields...).
pub fn encode(k: &EventKind) -> Vec<u64> {
    use EventKind::*;
    let r = |r: &BlockReason| *r as u64;
    let q = |q: &Queue| -> [u64; 2] {
        match q {
            Queue::Runnext { p } => [0, (*p).into()],
            Queue::Local { p } => [1, (*p).into()],
            Queue::Global => [2, 0],
        }
    };
    let src = |s: &Source| -> [u64; 2] {
        match s {
            Source::Runnext => [0, 0],
            Source::Local => [1, 0],
            Source::Global { batch } => [2, (*batch).into()],
            Source::Stolen => [3, 0],
            Source::Syscall => [4, 0],
        }
    };
    let w = |w: &Wait| -> [u64; 3] {
        match w {
            Wait::Waker => [0, 0, 0],
            Wait::Timer { at } => [1, *at, 0],
            Wait::Chan { ch, dir: Dir::Send } => [2, *ch, 0],
            Wait::Chan { ch, dir: Dir::Recv } => [2, *ch, 1],
        }
    };
    let cat = |head: &[u64], tails: &[&[u64]]| -> Vec<u64> {
        let mut v = head.to_vec();
        for t in tails {
            v.extend_from_slice(t);
        }
        v
    };
    match k {
        GoCreate { g, parent, to } => cat(&[0, *g, *parent], &[&q(to)]),
        GoStart { g, p, local_len, global_len, from } => {
            cat(&[1, *g, (*p).into(), (*local_len).into(), (*global_len).into()], &[&src(from)])
        }
        GoEnd { g, p } => vec![2, *g, (*p).into()],
        GoStop { g, p, to } => cat(&[3, *g, (*p).into()], &[&q(to)]),
        GoBlock { g, p, reason, on } => cat(&[4, *g, (*p).into(), r(reason)], &[&w(on)]),
        GoUnblock { g, by, to } => cat(&[5, *g, *by], &[&q(to)]),
        GoSyscallBegin { g, p, handoff } => vec![6, *g, (*p).into(), u64::from(*handoff)],
        GoSyscallEnd { g, kept_p, to } => {
            cat(&[7, *g, u64::from(*kept_p), u64::from(to.is_some())], &[&to.as_ref().map_or([0, 0], q)])
        }
        ProcStart { p } => vec![8, (*p).into()],
        ProcStop { p } => vec![9, (*p).into()],
        ProcSteal { p, victim, n, runnext } => vec![10, (*p).into(), (*victim).into(), (*n).into(), u64::from(*runnext)],
        Handoff { p, from } => vec![11, (*p).into(), (*from).into()],
        RunqOverflow { p, n } => vec![12, (*p).into(), (*n).into()],
        MSpawn { m, p, spinning } => vec![13, (*m).into(), (*p).into(), u64::from(*spinning)],
        MPark => vec![14],
        MUnpark { m, p, spinning } => vec![15, (*m).into(), (*p).into(), u64::from(*spinning)],
        Work { g, ns } => vec![16, *g, *ns],
        GoWaitAlso { g, on } => cat(&[17, *g], &[&w(on)]),
        MSpawnFailed { m, p } => vec![18, (*m).into(), (*p).into()],
    }
}

/// Per-P figures.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PSummary {
    /// Time Gs were running on this P (GoStart → GoEnd/GoStop/GoBlock/GoSyscallBegin).
    pub busy_ns: u64,
    pub gs_run: u64,
    pub steals: u64,
    pub stolen_gs: u64,
    pub handoffs: u64,
    pub max_local_len: u32,
    pub overflows: u64,
}

/// What a run did, in numbers. Golden tests pin these for a seed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub events: u64,
    pub duration_ns: u64,
    pub gs_created: u64,
    pub gs_ended: u64,
    pub blocks: u64,
    pub unblocks: u64,
    pub yields: u64,
    pub syscalls: u64,
    pub syscalls_kept_p: u64,
    pub steals: u64,
    pub handoffs: u64,
    pub m_spawned: u64,
    /// Ms the host could not start (`MSpawnFailed`; counted in
    /// `m_spawned` too).
    pub m_spawn_failed: u64,
    pub m_parks: u64,
    pub max_global_len: u32,
    pub procs: Vec<PSummary>,
}

impl Summary {
    pub fn from_trace(t: &Trace) -> Summary {
        use EventKind::*;
        let mut s = Summary { procs: vec![PSummary::default(); t.procs as usize], ..Default::default() };
        let mut running: BTreeMap<PId, (GId, u64)> = BTreeMap::new();
        let first = t.events.first().map_or(0, |e| e.ts);
        let last = t.events.last().map_or(0, |e| e.ts);
        s.duration_ns = last - first;
        s.events = t.events.len() as u64;
        let stop = |s: &mut Summary, running: &mut BTreeMap<PId, (GId, u64)>, p: PId, ts: u64| {
            if let Some((_, start)) = running.remove(&p)
                && let Some(ps) = s.procs.get_mut(p as usize)
            {
                ps.busy_ns += ts.saturating_sub(start);
            }
        };
        for e in &t.events {
            match e.kind {
                GoCreate { .. } => s.gs_created += 1,
                GoStart { g, p, local_len, global_len, .. } => {
                    running.insert(p, (g, e.ts));
                    s.max_global_len = s.max_global_len.max(global_len);
                    if let Some(ps) = s.procs.get_mut(p as usize) {
                        ps.gs_run += 1;
                        ps.max_local_len = ps.max_local_len.max(local_len);
                    }
                }
                GoEnd { p, .. } => {
                    s.gs_ended += 1;
                    stop(&mut s, &mut running, p, e.ts);
                }
                GoStop { p, .. } => {
                    s.yields += 1;
                    stop(&mut s, &mut running, p, e.ts);
                }
                GoBlock { p, .. } => {
                    s.blocks += 1;
                    stop(&mut s, &mut running, p, e.ts);
                }
                GoUnblock { .. } => s.unblocks += 1,
                GoSyscallBegin { p, .. } => {
                    s.syscalls += 1;
                    stop(&mut s, &mut running, p, e.ts);
                }
                GoSyscallEnd { kept_p, .. } => s.syscalls_kept_p += u64::from(kept_p),
                ProcStart { .. } | ProcStop { .. } | MUnpark { .. } | Work { .. } | GoWaitAlso { .. } => {}
                ProcSteal { p, n, .. } => {
                    s.steals += 1;
                    if let Some(ps) = s.procs.get_mut(p as usize) {
                        ps.steals += 1;
                        ps.stolen_gs += u64::from(n);
                    }
                }
                Handoff { p, .. } => {
                    s.handoffs += 1;
                    if let Some(ps) = s.procs.get_mut(p as usize) {
                        ps.handoffs += 1;
                    }
                }
                RunqOverflow { p, .. } => {
                    if let Some(ps) = s.procs.get_mut(p as usize) {
                        ps.overflows += 1;
                    }
                }
                MSpawn { .. } => s.m_spawned += 1,
                MSpawnFailed { .. } => s.m_spawn_failed += 1,
                MPark => s.m_parks += 1,
            }
        }
        s
    }
}

mod chrome {
    //! Chrome Trace Event format: <https://docs.google.com/document/d/1CvAClvFfyA5R-PhYUmn5OOQtYMH4h6I0nSsKchNAqzQ>
    //! One process "P lanes" with a thread per P (complete `X` events for each
    //! G run), one process "M lanes" with a thread per M (syscalls, parks),
    //! counters for queue lengths, and flow events (`s`/`f`) for wake-ups,
    //! steals and hand-offs.
    use super::*;
    use serde_json::{Value, json};

    const PID_P: u32 = 1;
    const PID_M: u32 = 2;

    fn us(ns: u64) -> f64 {
        ns as f64 / 1000.0
    }

    fn m_tid(m: MId) -> u64 {
        if m == NO_M { 9999 } else { u64::from(m) }
    }

    pub(super) fn export(t: &Trace) -> String {
        use EventKind::*;
        let mut out: Vec<Value> = Vec::new();
        out.push(json!({"ph":"M","pid":PID_P,"name":"process_name","args":{"name":"P (logical processors)"}}));
        out.push(json!({"ph":"M","pid":PID_M,"name":"process_name","args":{"name":"M (threads)"}}));
        for p in 0..t.procs {
            out.push(json!({"ph":"M","pid":PID_P,"tid":p,"name":"thread_name","args":{"name":format!("P{p}")}}));
        }
        let mut ms: Vec<MId> = t.events.iter().map(|e| e.m).collect();
        ms.sort_unstable();
        ms.dedup();
        for m in ms {
            let name = if m == NO_M { "outside".to_string() } else { format!("M{m}") };
            out.push(json!({"ph":"M","pid":PID_M,"tid":m_tid(m),"name":"thread_name","args":{"name":name}}));
        }
        let mut running: BTreeMap<PId, (GId, u64)> = BTreeMap::new();
        let mut in_syscall: BTreeMap<MId, (GId, u64)> = BTreeMap::new();
        let mut parked: BTreeMap<MId, u64> = BTreeMap::new();
        let mut pending_unblock: BTreeMap<GId, u64> = BTreeMap::new();
        let mut flow_id: u64 = 0;
        let end_run = |out: &mut Vec<Value>, running: &mut BTreeMap<PId, (GId, u64)>, p: PId, ts: u64, how: &str| {
            if let Some((g, start)) = running.remove(&p) {
                out.push(json!({"ph":"X","pid":PID_P,"tid":p,"name":format!("G{g}"),"ts":us(start),
                    "dur":us(ts.saturating_sub(start)),"args":{"g":g,"end":how}}));
            }
        };
        for e in &t.events {
            let ts = e.ts;
            match e.kind {
                GoCreate { g, parent, to } => {
                    out.push(json!({"ph":"i","s":"t","pid":PID_M,"tid":m_tid(e.m),"name":"GoCreate","ts":us(ts),"args":{"g":g,"parent":parent,"to":format!("{to:?}")}}));
                }
                GoStart { g, p, local_len, global_len, from } => {
                    running.insert(p, (g, ts));
                    let _ = from;
                    if let Some(id) = pending_unblock.remove(&g) {
                        out.push(json!({"ph":"f","bp":"e","id":id,"pid":PID_P,"tid":p,"name":"wakeup","cat":"wakeup","ts":us(ts)}));
                    }
                    out.push(json!({"ph":"C","pid":PID_P,"name":format!("runq P{p}"),"ts":us(ts),"args":{"len":local_len}}));
                    out.push(json!({"ph":"C","pid":PID_P,"name":"global runq","ts":us(ts),"args":{"len":global_len}}));
                }
                GoEnd { p, .. } => end_run(&mut out, &mut running, p, ts, "GoEnd"),
                GoStop { p, .. } => end_run(&mut out, &mut running, p, ts, "GoStop"),
                GoBlock { p, reason, .. } => end_run(&mut out, &mut running, p, ts, &format!("GoBlock({reason:?})")),
                GoUnblock { g, by, to } => {
                    flow_id += 1;
                    pending_unblock.insert(g, flow_id);
                    out.push(json!({"ph":"s","id":flow_id,"pid":PID_M,"tid":m_tid(e.m),"name":"wakeup","cat":"wakeup","ts":us(ts),"args":{"g":g,"by":by,"to":format!("{to:?}")}}));
                }
                GoSyscallBegin { g, p, handoff } => {
                    end_run(&mut out, &mut running, p, ts, "GoSyscallBegin");
                    in_syscall.insert(e.m, (g, ts));
                    let _ = handoff;
                }
                GoSyscallEnd { g, kept_p, to } => {
                    let _ = to;
                    if let Some((_, start)) = in_syscall.remove(&e.m) {
                        out.push(json!({"ph":"X","pid":PID_M,"tid":m_tid(e.m),"name":format!("syscall G{g}"),"ts":us(start),
                            "dur":us(ts.saturating_sub(start)),"args":{"kept_p":kept_p}}));
                    }
                }
                ProcStart { p } => {
                    out.push(json!({"ph":"i","s":"t","pid":PID_P,"tid":p,"name":"ProcStart","ts":us(ts),"args":{"m":e.m}}));
                }
                ProcStop { p } => {
                    end_run(&mut out, &mut running, p, ts, "ProcStop");
                    out.push(json!({"ph":"i","s":"t","pid":PID_P,"tid":p,"name":"ProcStop","ts":us(ts),"args":{"m":e.m}}));
                }
                ProcSteal { p, victim, n, runnext } => {
                    let _ = runnext;
                    flow_id += 1;
                    out.push(json!({"ph":"s","id":flow_id,"pid":PID_P,"tid":victim,"name":"steal","cat":"steal","ts":us(ts)}));
                    out.push(json!({"ph":"i","s":"t","pid":PID_P,"tid":p,"name":format!("ProcSteal {n} from P{victim}"),"ts":us(ts)}));
                    out.push(json!({"ph":"f","bp":"e","id":flow_id,"pid":PID_P,"tid":p,"name":"steal","cat":"steal","ts":us(ts)}));
                }
                Handoff { p, from } => {
                    flow_id += 1;
                    out.push(json!({"ph":"s","id":flow_id,"pid":PID_M,"tid":m_tid(from),"name":"handoff","cat":"handoff","ts":us(ts)}));
                    out.push(json!({"ph":"i","s":"t","pid":PID_P,"tid":p,"name":format!("Handoff from M{from}"),"ts":us(ts)}));
                    out.push(json!({"ph":"f","bp":"e","id":flow_id,"pid":PID_P,"tid":p,"name":"handoff","cat":"handoff","ts":us(ts)}));
                }
                RunqOverflow { p, n } => {
                    out.push(json!({"ph":"i","s":"t","pid":PID_P,"tid":p,"name":format!("runqputslow {n}"),"ts":us(ts)}));
                }
                MSpawn { m, .. } => {
                    out.push(json!({"ph":"i","s":"t","pid":PID_M,"tid":m_tid(e.m),"name":format!("spawn M{m}"),"ts":us(ts)}));
                }
                MSpawnFailed { m, p } => {
                    out.push(json!({"ph":"i","s":"t","pid":PID_M,"tid":m_tid(m),"name":format!("M{m} could not start (P{p} idle)"),"ts":us(ts)}));
                }
                MPark => {
                    parked.insert(e.m, ts);
                }
                MUnpark { m, .. } => {
                    if let Some(start) = parked.remove(&m) {
                        out.push(json!({"ph":"X","pid":PID_M,"tid":m_tid(m),"name":"parked","ts":us(start),"dur":us(ts.saturating_sub(start))}));
                    }
                    flow_id += 1;
                    out.push(json!({"ph":"s","id":flow_id,"pid":PID_M,"tid":m_tid(e.m),"name":"unpark","cat":"wakeup","ts":us(ts)}));
                    out.push(json!({"ph":"f","bp":"e","id":flow_id,"pid":PID_M,"tid":m_tid(m),"name":"unpark","cat":"wakeup","ts":us(ts)}));
                }
                Work { g, ns } => {
                    out.push(json!({"ph":"i","s":"t","pid":PID_M,"tid":m_tid(e.m),"name":format!("G{g} work {ns}ns without yielding"),"ts":us(ts)}));
                }
                GoWaitAlso { g, on } => {
                    out.push(json!({"ph":"i","s":"t","pid":PID_M,"tid":m_tid(e.m),"name":format!("G{g} also waits"),"ts":us(ts),"args":{"on":format!("{on:?}")}}));
                }
            }
        }
        let end = t.events.last().map_or(0, |e| e.ts);
        let open: Vec<PId> = running.keys().copied().collect();
        for p in open {
            end_run(&mut out, &mut running, p, end, "trace end");
        }
        serde_json::to_string(&json!({"traceEvents": out, "displayTimeUnit": "ns"}))
            .expect("trace JSON: serialization of plain values cannot fail")
    }
}
