//! What a person should see at one point of a simulated run, as a pure fold
//! over the step log ([`super::step`]): every P's `runnext` and ring in
//! order, the global queue, every M's state, the pending timers, the
//! channel wait queues and every parked G.
//!
//! The fold knows the scheduler's queue rules and nothing else: the events
//! say where each G went ([`Queue`], [`Wait`]) and where it came from
//! ([`Source`], `ProcSteal`), and the rules fill in the rest — a runnext
//! that is replaced moves to the ring's tail, a full ring moves its older
//! half and the new G to the global queue (Go's `runqputslow`), a stolen
//! batch lands on the thief's ring but for the last G, which runs. A test
//! (`tests/step.rs`) folds random workloads and compares the fold with the
//! scheduler's real queues after every simulator step, so a missing or
//! wrong tag at an emit site fails there.
//!
//! Field names are part of the browser's interface (it draws the
//! serialised form): rename nothing without changing the page.

use crate::queue::LOCAL_QUEUE_CAPACITY;
use crate::trace::{BlockReason, Dir, Event, EventKind, GId, MId, NO_M, PId, Queue, Source, Wait};
use serde::Serialize;
use std::collections::{BTreeMap, VecDeque};

/// The state of one P.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum PStatus {
    /// On the idle list (Go: `_Pidle`).
    Idle,
    /// Handed to M `m` (`startm`), which has not picked it up yet.
    Handed,
    /// Held by M `m` (Go: `_Prunning`).
    Running,
    /// Left in its slot by M `m`, blocked in a syscall (Go: `_Psyscall`):
    /// sysmon may retake it.
    Syscall,
}

/// One P.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PView {
    pub id: PId,
    pub status: PStatus,
    /// The M holding it, handed it, or blocked in a syscall on it.
    pub m: Option<MId>,
    /// The G running on it.
    pub g: Option<GId>,
    /// Go: `p.runnext`, the G to run next.
    pub runnext: Option<GId>,
    /// Go: `p.runq`, from head (next to run) to tail.
    pub ring: VecDeque<GId>,
}

/// The state of one M.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum MState {
    /// Awake without a G: between Gs, looking for work (see `spinning`),
    /// or on its way to park.
    Idle,
    /// Running G `g` on P `p`.
    Running,
    /// Blocked in a syscall with G `g`; `p` is the P it left in the
    /// syscall slot, until sysmon retakes it (`None` after a hand-off).
    Syscall,
    /// Parked (Go: `stopm`), on the idle M list or waiting for a timer.
    Parked,
}

/// One M.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MView {
    pub id: MId,
    pub state: MState,
    pub p: Option<PId>,
    /// The running (or syscall) G; while `Idle`, a G just stolen and about
    /// to run.
    pub g: Option<GId>,
    /// Go's `m.spinning`, as far as the events show it: from a wake-up
    /// that hands the M a P to look for work with (or its first steal)
    /// until it runs a G or parks.
    pub spinning: bool,
}

/// A pending timer (Go: an entry of the timer heap), in firing order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TimerView {
    pub at: u64,
    pub g: GId,
}

/// One channel's wait queues (Go: `hchan.sendq`, `hchan.recvq`), head
/// first. Only channels with a waiter are listed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChanView {
    pub ch: u64,
    pub send: VecDeque<GId>,
    pub recv: VecDeque<GId>,
}

/// A parked G: why, and every queue that holds it (`Waker` only: none the
/// trace names).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BlockedView {
    pub g: GId,
    pub reason: BlockReason,
    pub on: Vec<Wait>,
}

/// Everything visible after the first `events` events of the step log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Snapshot {
    /// How many events are folded in: the next one is `events[self.events]`.
    pub events: u64,
    /// Time of the last event folded in (0 before any), ns.
    pub ts: u64,
    pub procs: Vec<PView>,
    /// Go: `sched.runq`, head first.
    pub global: VecDeque<GId>,
    pub ms: Vec<MView>,
    pub timers: Vec<TimerView>,
    pub chans: Vec<ChanView>,
    /// Every parked G, by id (serialised as a list in id order).
    #[serde(serialize_with = "values")]
    pub blocked: BTreeMap<GId, BlockedView>,
    /// Events the fold could not match to its state (a G started from a
    /// queue where the fold did not have it at the head). 0 unless an emit
    /// site is tagged wrong; the fold then repairs by taking the G from
    /// wherever it is.
    pub anomalies: u64,
    /// Timers in heap order: (at, sequence, g).
    #[serde(skip)]
    timer_heap: Vec<(u64, u64, GId)>,
    #[serde(skip)]
    timer_seq: u64,
}

fn values<S: serde::Serializer>(m: &BTreeMap<GId, BlockedView>, s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(m.values())
}

impl Snapshot {
    /// The state before the first event: `procs` idle Ps, no M.
    pub fn new(procs: usize) -> Snapshot {
        Snapshot {
            events: 0,
            ts: 0,
            procs: (0..procs)
                .map(|id| PView {
                    id: id as PId,
                    status: PStatus::Idle,
                    m: None,
                    g: None,
                    runnext: None,
                    ring: VecDeque::new(),
                })
                .collect(),
            global: VecDeque::new(),
            ms: Vec::new(),
            timers: Vec::new(),
            chans: Vec::new(),
            blocked: BTreeMap::new(),
            anomalies: 0,
            timer_heap: Vec::new(),
            timer_seq: 0,
        }
    }

    /// How many entries the snapshot holds: Ps, Ms, every queued, waiting and blocked G, every
    /// timer. What a clone costs, in time and memory, is proportional to this.
    pub fn entries(&self) -> usize {
        let procs: usize = self.procs.iter().map(|p| 1 + p.ring.len()).sum();
        let chans: usize = self.chans.iter().map(|c| 1 + c.send.len() + c.recv.len()).sum();
        let blocked: usize = self.blocked.values().map(|b| 1 + b.on.len()).sum();
        procs + self.global.len() + self.ms.len() + self.timers.len() + chans + blocked + self.timer_heap.len()
    }

    /// Fold one event in. Events must come in step-log (execution) order.
    pub fn apply(&mut self, e: &Event) {
        use EventKind::*;
        self.events += 1;
        self.ts = e.ts;
        if e.m != NO_M {
            let m = self.m_mut(e.m);
            // A parked M that emits was woken (by its timer deadline or the
            // shutdown: no MUnpark says so).
            if m.state == MState::Parked && !matches!(e.kind, MPark) {
                m.state = MState::Idle;
            }
        }
        match e.kind {
            GoCreate { g, to, .. } => self.put(to, g),
            GoStart { g, p, from, .. } => {
                self.take_for_start(e.m, g, p, from);
                if let Some(pv) = self.procs.get_mut(p as usize) {
                    pv.g = Some(g);
                }
                if e.m != NO_M {
                    let m = self.m_mut(e.m);
                    m.state = MState::Running;
                    m.g = Some(g);
                    m.p = Some(p);
                    m.spinning = false;
                }
            }
            GoEnd { p, .. } => self.g_off(e.m, p),
            GoStop { g, p, to } => {
                self.g_off(e.m, p);
                self.put(to, g);
            }
            GoBlock { g, p, reason, on } => {
                self.g_off(e.m, p);
                self.blocked.insert(g, BlockedView { g, reason, on: Vec::new() });
                self.wait(g, on);
            }
            GoWaitAlso { g, on } => self.wait(g, on),
            GoUnblock { g, to, .. } => {
                self.unwait(g);
                self.put(to, g);
            }
            GoSyscallBegin { g, p, handoff } => {
                if let Some(pv) = self.procs.get_mut(p as usize) {
                    pv.g = None;
                    if !handoff {
                        pv.status = PStatus::Syscall;
                    }
                }
                if e.m != NO_M {
                    let m = self.m_mut(e.m);
                    m.state = MState::Syscall;
                    m.g = Some(g);
                    m.p = (!handoff).then_some(p);
                }
            }
            GoSyscallEnd { g, kept_p, to } => {
                let mut syscall_p = None;
                if e.m != NO_M {
                    let m = self.m_mut(e.m);
                    m.state = MState::Idle;
                    syscall_p = m.p;
                    if !kept_p {
                        m.p = None;
                    }
                    m.g = if to.is_some() { None } else { Some(g) };
                }
                if kept_p
                    && let Some(p) = syscall_p
                    && let Some(pv) = self.procs.get_mut(p as usize)
                {
                    pv.status = PStatus::Running;
                    pv.m = Some(e.m);
                }
                if let Some(to) = to {
                    self.put(to, g);
                }
            }
            ProcStart { p } => {
                if let Some(pv) = self.procs.get_mut(p as usize) {
                    pv.status = PStatus::Running;
                    pv.m = Some(e.m);
                }
                if e.m != NO_M {
                    self.m_mut(e.m).p = Some(p);
                }
            }
            ProcStop { p } => {
                if let Some(pv) = self.procs.get_mut(p as usize) {
                    pv.status = PStatus::Idle;
                    pv.m = None;
                    pv.g = None;
                }
                if e.m != NO_M {
                    let m = self.m_mut(e.m);
                    if m.p == Some(p) {
                        m.p = None;
                    }
                }
            }
            ProcSteal { p, victim, n, runnext } => {
                let mut taken: Vec<GId> = Vec::new();
                if let Some(v) = self.procs.get_mut(victim as usize) {
                    if runnext {
                        taken.extend(v.runnext.take());
                    } else {
                        for _ in 0..n {
                            taken.extend(v.ring.pop_front());
                        }
                    }
                }
                if taken.len() != n as usize {
                    self.anomalies += 1;
                }
                let last = taken.pop();
                for g in taken {
                    self.push_back(p, g);
                }
                if e.m != NO_M {
                    let m = self.m_mut(e.m);
                    m.g = last;
                    m.spinning = true;
                }
            }
            Handoff { p, from } => {
                if let Some(pv) = self.procs.get_mut(p as usize) {
                    pv.status = PStatus::Idle;
                    pv.m = None;
                }
                if let Some(m) = self.ms.get_mut(from as usize)
                    && m.p == Some(p)
                {
                    m.p = None;
                }
            }
            RunqOverflow { n, .. } => {
                // Folded by `put` already (the spill is a rule, not news).
                if n as usize != LOCAL_QUEUE_CAPACITY / 2 + 1 {
                    self.anomalies += 1;
                }
            }
            MSpawn { m, p, spinning } | MUnpark { m, p, spinning } => {
                if let Some(pv) = self.procs.get_mut(p as usize) {
                    pv.status = PStatus::Handed;
                    pv.m = Some(m);
                }
                let mv = self.m_mut(m);
                mv.state = MState::Idle;
                mv.p = Some(p);
                mv.spinning = spinning;
            }
            MSpawnFailed { m, p } => {
                // Never simulated (the simulator starts every M); folded
                // as the scheduler does it: the P idle, the M holding
                // nothing, shown parked until its id is started again.
                if let Some(pv) = self.procs.get_mut(p as usize) {
                    pv.status = PStatus::Idle;
                    pv.m = None;
                }
                let mv = self.m_mut(m);
                mv.state = MState::Parked;
                mv.p = None;
                mv.g = None;
                mv.spinning = false;
            }
            MPark => {
                if e.m != NO_M {
                    let m = self.m_mut(e.m);
                    m.state = MState::Parked;
                    m.p = None;
                    m.g = None;
                    m.spinning = false;
                }
            }
            Work { .. } => {}
        }
    }

    /// The run queues alone: each P's (runnext, ring) and the global queue.
    /// What `tests/step.rs` compares with the scheduler's real queues.
    pub fn runqs(&self) -> crate::trace::RunQueues {
        let ps = self.procs.iter().map(|p| (p.runnext, p.ring.iter().copied().collect())).collect();
        (ps, self.global.iter().copied().collect())
    }

    fn m_mut(&mut self, m: MId) -> &mut MView {
        let i = m as usize;
        while self.ms.len() <= i {
            let id = self.ms.len() as MId;
            self.ms.push(MView { id, state: MState::Parked, p: None, g: None, spinning: false });
        }
        &mut self.ms[i]
    }

    /// A G stopped running on P `p` (ended, parked, yielded).
    fn g_off(&mut self, m: MId, p: PId) {
        if let Some(pv) = self.procs.get_mut(p as usize) {
            pv.g = None;
        }
        if m != NO_M {
            let mv = self.m_mut(m);
            mv.state = MState::Idle;
            mv.g = None;
        }
    }

    /// Go: `runqput` / `globrunqput`.
    fn put(&mut self, to: Queue, g: GId) {
        match to {
            Queue::Runnext { p } => {
                let old = self.procs.get_mut(p as usize).and_then(|pv| pv.runnext.replace(g));
                if let Some(old) = old {
                    self.push_back(p, old);
                }
            }
            Queue::Local { p } => self.push_back(p, g),
            Queue::Global => self.global.push_back(g),
        }
    }

    /// Go: `runqput(.., false)`, with `runqputslow` when the ring is full.
    fn push_back(&mut self, p: PId, g: GId) {
        let Some(pv) = self.procs.get_mut(p as usize) else {
            self.anomalies += 1;
            return;
        };
        if pv.ring.len() < LOCAL_QUEUE_CAPACITY {
            pv.ring.push_back(g);
            return;
        }
        let spill: Vec<GId> = pv.ring.drain(..LOCAL_QUEUE_CAPACITY / 2).collect();
        self.global.extend(spill);
        self.global.push_back(g);
    }

    fn take_for_start(&mut self, m: MId, g: GId, p: PId, from: Source) {
        let got = match from {
            Source::Runnext => self.procs.get_mut(p as usize).and_then(|pv| pv.runnext.take()),
            Source::Local => self.procs.get_mut(p as usize).and_then(|pv| pv.ring.pop_front()),
            Source::Global { batch } => {
                let first = self.global.pop_front();
                for _ in 1..batch {
                    match self.global.pop_front() {
                        Some(h) => self.push_back(p, h),
                        None => self.anomalies += 1,
                    }
                }
                first
            }
            Source::Stolen => {
                if m == NO_M {
                    None
                } else {
                    self.m_mut(m).g.take()
                }
            }
            Source::Syscall => Some(g),
        };
        if got != Some(g) {
            self.anomalies += 1;
            if let Some(other) = got {
                // Put back what was wrongly taken, then take `g` from
                // wherever the fold has it.
                self.global.push_front(other);
            }
            self.remove_everywhere(g);
        }
    }

    fn remove_everywhere(&mut self, g: GId) {
        for pv in &mut self.procs {
            if pv.runnext == Some(g) {
                pv.runnext = None;
            }
            pv.ring.retain(|&x| x != g);
        }
        self.global.retain(|&x| x != g);
    }

    fn wait(&mut self, g: GId, on: Wait) {
        match self.blocked.get_mut(&g) {
            Some(b) => b.on.push(on),
            None => self.anomalies += 1,
        }
        match on {
            Wait::Waker => {}
            Wait::Timer { at } => {
                self.timer_seq += 1;
                let key = (at, self.timer_seq, g);
                let i = self.timer_heap.partition_point(|t| *t < key);
                self.timer_heap.insert(i, key);
                self.timers.insert(i, TimerView { at, g });
            }
            Wait::Chan { ch, dir } => {
                let i = match self.chans.binary_search_by_key(&ch, |c| c.ch) {
                    Ok(i) => i,
                    Err(i) => {
                        self.chans.insert(i, ChanView { ch, send: VecDeque::new(), recv: VecDeque::new() });
                        i
                    }
                };
                let c = &mut self.chans[i];
                match dir {
                    Dir::Send => c.send.push_back(g),
                    Dir::Recv => c.recv.push_back(g),
                }
            }
        }
    }

    /// The G was woken: it leaves every queue it waited in (a woken
    /// select's other arms are unlinked, Go's selectgo pass 3).
    fn unwait(&mut self, g: GId) {
        let Some(b) = self.blocked.remove(&g) else {
            return;
        };
        for on in b.on {
            match on {
                Wait::Waker => {}
                Wait::Timer { .. } => {
                    if let Some(k) = self.timer_heap.iter().position(|t| t.2 == g) {
                        self.timer_heap.remove(k);
                        self.timers.remove(k);
                    }
                }
                Wait::Chan { ch, dir } => {
                    if let Ok(k) = self.chans.binary_search_by_key(&ch, |c| c.ch) {
                        let c = &mut self.chans[k];
                        let q = match dir {
                            Dir::Send => &mut c.send,
                            Dir::Recv => &mut c.recv,
                        };
                        if let Some(pos) = q.iter().position(|&x| x == g) {
                            q.remove(pos);
                        }
                        if c.send.is_empty() && c.recv.is_empty() {
                            self.chans.remove(k);
                        }
                    }
                }
            }
        }
    }

}
