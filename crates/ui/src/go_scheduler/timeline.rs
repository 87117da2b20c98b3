//! The timeline of one run, built once from its [`Trace`]: what every frame reads.
//!
//! ## What is derived, from which events
//! 1. **Slices.** A G runs on a P from its `GoStart` until the P's next `GoEnd`, `GoStop` (Go's
//!    GoSched: a yield), `GoBlock`, `GoSyscallBegin` or `ProcStop`. Each run is one [`Slice`] on
//!    the P's lane and one on the lane of the M that started it. An M blocked in a syscall gets a
//!    [`SliceKind::Syscall`] slice on its lane, from `GoSyscallBegin` to `GoSyscallEnd`.
//! 2. **Markers.** Steals and hand-offs on the P that took the work or the P; syscall begin and
//!    end, M spawns, parks and unparks on the M's lane ([`MarkKind`]).
//! 3. **Counters.** Each P's local queue (`runnext` and ring), the global queue, and the runnable
//!    Gs waiting in them all, as step functions over time. They are a fold over the events with
//!    the scheduler's queue rules ([`QueueLens`]): the events say which queue a G went into and
//!    came out of (`Queue`, `Source`, `ProcSteal`), and a full ring spills half to the global
//!    queue (Go's `runqputslow`). It is the length-only twin of
//!    `interleave_scheduler::sim::snapshot::Snapshot`, and the tests compare the two.
//!
//! ## The index
//! Every lane keeps its slices sorted by start (they never overlap, so ends are sorted too): a
//! viewport finds its first visible slice by binary search. Prefix sums of durations give the busy
//! time of any run of slices in O(1), and a range-maximum tree over durations its longest slice in
//! O(log n): what [`super::lod`] needs to merge thousands of slices into one primitive without
//! looking at each. Markers are kept per kind, sorted by time; counters keep their change points
//! and a range-maximum tree over values.
//!
//! Every `match` on [`EventKind`] here is exhaustive, without `_ =>`: a new event kind does not
//! compile until the timeline says where it goes.

use interleave_scheduler::queue::LOCAL_QUEUE_CAPACITY;
use interleave_scheduler::trace::{BlockReason, Event, EventKind, GId, MId, NO_M, PId, Queue, Source, Trace};

/// Nanoseconds of the run's clock (virtual in the simulator).
pub type Ns = u64;

/// Which lane: one per P, then one per M.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LaneId {
    P(PId),
    M(MId),
}

/// What a slice shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SliceKind {
    /// G `g` running (on a P lane, and on the lane of the M running it).
    Run,
    /// The M blocked in a syscall on behalf of G `g` (M lanes only).
    Syscall,
}

/// The event that ended a slice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SliceEnd {
    GoEnd,
    /// Go's GoSched: still runnable, queued again.
    GoStop,
    GoBlock(BlockReason),
    GoSyscallBegin,
    ProcStop,
    /// The syscall returned; `kept_p`: its M still had its P.
    GoSyscallEnd { kept_p: bool },
    /// The trace ended first.
    TraceEnd,
}

/// One G's run on a lane, `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Slice {
    pub start: Ns,
    pub end: Ns,
    pub g: GId,
    /// The P it ran on (for a syscall slice: the P it left).
    pub p: PId,
    pub m: MId,
    pub kind: SliceKind,
    pub ended_by: SliceEnd,
}

impl Slice {
    pub fn duration(&self) -> Ns {
        self.end - self.start
    }
}

/// The kinds of marker, one track each per lane.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MarkClass {
    Steal,
    Handoff,
    SyscallBegin,
    SyscallEnd,
    Spawn,
    Park,
    Unpark,
}

impl MarkClass {
    pub const ALL: [MarkClass; 7] = [
        MarkClass::Steal,
        MarkClass::Handoff,
        MarkClass::SyscallBegin,
        MarkClass::SyscallEnd,
        MarkClass::Spawn,
        MarkClass::Park,
        MarkClass::Unpark,
    ];
    pub const COUNT: usize = Self::ALL.len();

    pub fn index(self) -> usize {
        self as usize
    }
}

/// A marker and what it says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MarkKind {
    /// (P lane) this P stole `n` Gs from P `victim` (its `runnext`, when `runnext`).
    Steal { victim: PId, n: u32, runnext: bool },
    /// (P lane) the P was taken from M `from`, blocked in a syscall, and handed on.
    Handoff { from: MId },
    /// (M lane) G `g` entered a syscall; `handoff`: it gave its P up at once.
    SyscallBegin { g: GId, handoff: bool },
    /// (M lane) G `g`'s syscall returned; `kept_p`: the M still had its P.
    SyscallEnd { g: GId, kept_p: bool },
    /// (M lane) the M was started by M `by` to run P `p`.
    Spawn { by: MId, p: PId },
    /// (M lane) the M parked (Go: `stopm`).
    Park,
    /// (M lane) the M was handed P `p` and woken by M `by`.
    Unpark { by: MId, p: PId },
}

impl MarkKind {
    pub fn class(&self) -> MarkClass {
        match self {
            MarkKind::Steal { .. } => MarkClass::Steal,
            MarkKind::Handoff { .. } => MarkClass::Handoff,
            MarkKind::SyscallBegin { .. } => MarkClass::SyscallBegin,
            MarkKind::SyscallEnd { .. } => MarkClass::SyscallEnd,
            MarkKind::Spawn { .. } => MarkClass::Spawn,
            MarkKind::Park => MarkClass::Park,
            MarkKind::Unpark { .. } => MarkClass::Unpark,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Marker {
    pub ts: Ns,
    pub kind: MarkKind,
}

/// Ranges up to this long are scanned rather than looked up in a [`MaxTree`].
const SCAN_BELOW: usize = 512;

/// A range-maximum tree over `n` keys (iterative segment tree, 2n entries): the index of the
/// largest key in any range in O(log n); ties go to the earliest index.
#[derive(Clone, Debug, Default)]
pub struct MaxTree {
    n: usize,
    /// `node[n + i]` is leaf i; `node[k]` the argmax of its two children.
    node: Vec<u32>,
}

impl MaxTree {
    pub fn build<K: Ord + Copy>(keys: &[K]) -> MaxTree {
        let n = keys.len();
        assert!(u32::try_from(n).is_ok(), "MaxTree::build: at most u32::MAX keys");
        let mut node = vec![0u32; 2 * n];
        for (i, slot) in node[n..].iter_mut().enumerate() {
            *slot = i as u32;
        }
        for k in (1..n).rev() {
            node[k] = Self::pick(keys, node[2 * k], node[2 * k + 1]);
        }
        MaxTree { n, node }
    }

    fn pick<K: Ord + Copy>(keys: &[K], a: u32, b: u32) -> u32 {
        let (ka, kb) = (keys[a as usize], keys[b as usize]);
        if kb > ka || (kb == ka && b < a) { b } else { a }
    }

    /// The index of the largest of `keys[lo..hi]` (`keys` as built); `None` for an empty range.
    pub fn argmax<K: Ord + Copy>(&self, keys: &[K], lo: usize, hi: usize) -> Option<usize> {
        debug_assert_eq!(keys.len(), self.n, "MaxTree::argmax: the keys it was built from");
        if hi.min(self.n).saturating_sub(lo) <= SCAN_BELOW {
            // A short range is cheaper to scan than to climb the tree (whose upper nodes are far
            // apart in memory).
            let (lo, hi) = (lo.min(self.n), hi.min(self.n));
            return (lo..hi).reduce(|b, i| if keys[i] > keys[b] { i } else { b });
        }
        let (mut l, mut r) = (lo.min(self.n) + self.n, hi.min(self.n) + self.n);
        let mut best: Option<u32> = None;
        let take = |i: u32, best: &mut Option<u32>| {
            *best = Some(best.map_or(i, |b| Self::pick(keys, b, i)));
        };
        while l < r {
            if l & 1 == 1 {
                take(self.node[l], &mut best);
                l += 1;
            }
            if r & 1 == 1 {
                r -= 1;
                take(self.node[r], &mut best);
            }
            l /= 2;
            r /= 2;
        }
        best.map(|b| b as usize)
    }
}

/// One lane and its index.
#[derive(Clone, Debug)]
pub struct Lane {
    pub id: LaneId,
    /// Sorted by start; never overlapping.
    pub slices: Vec<Slice>,
    /// `busy_prefix[i]` is the summed duration of `slices[..i]`.
    busy_prefix: Vec<Ns>,
    /// The slices' starts and durations apart, so searches read 8 bytes a slice.
    starts: Vec<Ns>,
    durations: Vec<Ns>,
    longest: MaxTree,
    /// One track per [`MarkClass`], each sorted by time.
    marks: Vec<Vec<Marker>>,
}

impl Lane {
    fn new(id: LaneId) -> Lane {
        Lane {
            id,
            slices: Vec::new(),
            busy_prefix: Vec::new(),
            starts: Vec::new(),
            durations: Vec::new(),
            longest: MaxTree::default(),
            marks: vec![Vec::new(); MarkClass::COUNT],
        }
    }

    fn index(&mut self) {
        self.slices.sort_by_key(|s| s.start);
        self.durations = self.slices.iter().map(Slice::duration).collect();
        self.starts = self.slices.iter().map(|s| s.start).collect();
        self.busy_prefix = std::iter::once(0)
            .chain(self.durations.iter().scan(0, |acc, d| {
                *acc += d;
                Some(*acc)
            }))
            .collect();
        self.longest = MaxTree::build(&self.durations);
    }

    /// The markers of one kind, sorted by time.
    pub fn marks(&self, class: MarkClass) -> &[Marker] {
        &self.marks[class.index()]
    }

    /// The summed duration of `slices[lo..hi]`.
    pub fn busy(&self, lo: usize, hi: usize) -> Ns {
        self.busy_prefix[hi] - self.busy_prefix[lo]
    }

    /// The index of the longest of `slices[lo..hi]` (the earliest of equals).
    pub fn longest(&self, lo: usize, hi: usize) -> Option<usize> {
        self.longest.argmax(&self.durations, lo, hi)
    }

    /// The first slice that ends after `t`.
    pub fn first_ending_after(&self, t: f64) -> usize {
        self.slices.partition_point(|s| s.end as f64 <= t)
    }

    /// The first slice that starts at or after `t`.
    pub fn first_starting_from(&self, t: f64) -> usize {
        self.starts.partition_point(|&s| (s as f64) < t)
    }

    /// Every slice's start, in order.
    pub fn starts(&self) -> &[Ns] {
        &self.starts
    }

    /// Slice `k`'s start and end.
    pub fn bounds_of(&self, k: usize) -> (Ns, Ns) {
        (self.starts[k], self.starts[k] + self.durations[k])
    }
}

/// What a counter counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CounterId {
    /// Runnable Gs waiting in any run queue (every P's local queue and the global queue).
    Runnable,
    /// Go: `sched.runq`.
    Global,
    /// P `p`'s `runnext` and ring.
    Local(PId),
}

/// A step function: `points[i].1` holds from `points[i].0` until the next point (0 before the
/// first). One point per time: events at the same instant are folded into one.
#[derive(Clone, Debug)]
pub struct Counter {
    pub id: CounterId,
    pub points: Vec<(Ns, i64)>,
    values: Vec<i64>,
    max: MaxTree,
}

impl Counter {
    fn new(id: CounterId) -> Counter {
        Counter { id, points: Vec::new(), values: Vec::new(), max: MaxTree::default() }
    }

    fn set(&mut self, ts: Ns, v: i64) {
        match self.points.last_mut() {
            Some(last) if last.0 == ts => last.1 = v,
            Some(last) if last.1 == v => {}
            None if v == 0 => {}
            _ => self.points.push((ts, v)),
        }
    }

    fn index(&mut self) {
        self.values = self.points.iter().map(|p| p.1).collect();
        self.max = MaxTree::build(&self.values);
    }

    /// The value at time `t` (after every event at or before `t`).
    pub fn at(&self, t: f64) -> i64 {
        let i = self.points.partition_point(|p| p.0 as f64 <= t);
        if i == 0 { 0 } else { self.points[i - 1].1 }
    }

    /// The largest value among `points[lo..hi]`.
    pub fn max_in(&self, lo: usize, hi: usize) -> Option<i64> {
        self.max.argmax(&self.values, lo, hi).map(|i| self.values[i])
    }
}

/// The queue lengths, folded over events with the scheduler's queue rules (see the module doc).
/// Values are signed so that a fold fed events out of order shows it (a length below zero)
/// instead of hiding it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueueLens {
    /// Per P: whether `runnext` holds a G.
    pub runnext: Vec<bool>,
    /// Per P: the ring's length.
    pub ring: Vec<i64>,
    pub global: i64,
    /// Events that took a G from a queue the fold had empty.
    pub anomalies: u64,
}

impl QueueLens {
    pub fn new(procs: usize) -> QueueLens {
        QueueLens { runnext: vec![false; procs], ring: vec![0; procs], global: 0, anomalies: 0 }
    }

    /// P `p`'s local queue: `runnext` and ring (what Go's `runqlen` plus runnext counts, and
    /// what `GoStart`'s `local_len` reports).
    pub fn local(&self, p: usize) -> i64 {
        self.ring[p] + i64::from(self.runnext[p])
    }

    /// Every queued runnable G.
    pub fn runnable(&self) -> i64 {
        self.global + (0..self.ring.len()).map(|p| self.local(p)).sum::<i64>()
    }

    /// Fold one event in.
    pub fn apply(&mut self, k: &EventKind) {
        use EventKind::*;
        match *k {
            GoCreate { to, .. } | GoStop { to, .. } | GoUnblock { to, .. } => self.put(to),
            GoSyscallEnd { to, .. } => {
                if let Some(to) = to {
                    self.put(to);
                }
            }
            GoStart { p, from, .. } => {
                let p = p as usize;
                if p >= self.ring.len() {
                    self.anomalies += 1;
                    return;
                }
                match from {
                    Source::Runnext => {
                        if !std::mem::take(&mut self.runnext[p]) {
                            self.anomalies += 1;
                        }
                    }
                    Source::Local => self.ring[p] -= 1,
                    Source::Global { batch } => {
                        self.global -= i64::from(batch);
                        for _ in 1..batch {
                            self.push_back(p);
                        }
                    }
                    // The steal moved it already; a syscall's G was in no queue.
                    Source::Stolen | Source::Syscall => {}
                }
            }
            ProcSteal { p, victim, n, runnext } => {
                let (p, v) = (p as usize, victim as usize);
                if p >= self.ring.len() || v >= self.ring.len() {
                    self.anomalies += 1;
                    return;
                }
                if runnext {
                    if !std::mem::take(&mut self.runnext[v]) {
                        self.anomalies += 1;
                    }
                } else {
                    self.ring[v] -= i64::from(n);
                }
                // The last stolen G runs now; the others land on the thief's ring.
                for _ in 1..n {
                    self.push_back(p);
                }
            }
            // Folded by `push_back` already (the spill is a rule, not news).
            RunqOverflow { .. } => {}
            GoEnd { .. }
            | GoBlock { .. }
            | GoWaitAlso { .. }
            | GoSyscallBegin { .. }
            | ProcStart { .. }
            | ProcStop { .. }
            | Handoff { .. }
            | MSpawn { .. }
            | MSpawnFailed { .. }
            | MPark
            | MUnpark { .. }
            | Work { .. } => {}
        }
    }

    /// Go: `runqput` / `globrunqput`.
    fn put(&mut self, to: Queue) {
        match to {
            Queue::Runnext { p } => {
                let p = p as usize;
                if p >= self.ring.len() {
                    self.anomalies += 1;
                } else if std::mem::replace(&mut self.runnext[p], true) {
                    // The G there before moves to the ring's tail.
                    self.push_back(p);
                }
            }
            Queue::Local { p } => {
                if (p as usize) < self.ring.len() {
                    self.push_back(p as usize);
                } else {
                    self.anomalies += 1;
                }
            }
            Queue::Global => self.global += 1,
        }
    }

    /// Go: `runqput(.., false)`, with `runqputslow` when the ring is full.
    fn push_back(&mut self, p: usize) {
        if self.ring[p] < LOCAL_QUEUE_CAPACITY as i64 {
            self.ring[p] += 1;
        } else {
            let half = (LOCAL_QUEUE_CAPACITY / 2) as i64;
            self.ring[p] -= half;
            self.global += half + 1;
        }
    }
}

/// A run's timeline: lanes (every P, then every M that emitted an event), counters (runnable
/// Gs, the global queue, then each P's local queue), and the time they span.
#[derive(Clone, Debug)]
pub struct Timeline {
    pub procs: u32,
    /// Time of the first and last event.
    pub start: Ns,
    pub end: Ns,
    pub events: usize,
    pub lanes: Vec<Lane>,
    pub counters: Vec<Counter>,
    /// Trace oddities the builder repaired: a `GoStart` on a P whose G had not stopped (its
    /// slice is closed there), a syscall end without a begin, a queue taken from empty.
    pub anomalies: u64,
}

/// A G running (or in a syscall) whose end has not been seen yet.
#[derive(Clone, Copy)]
struct Open {
    g: GId,
    start: Ns,
    p: PId,
    m: MId,
}

impl Timeline {
    /// Build the timeline of a merged trace (events ordered by time).
    pub fn build(trace: &Trace) -> Timeline {
        Builder::new(trace.procs).run(&trace.events)
    }

    /// The lane with this id.
    pub fn lane(&self, id: LaneId) -> Option<&Lane> {
        self.lanes.iter().find(|l| l.id == id)
    }

    pub fn counter(&self, id: CounterId) -> Option<&Counter> {
        self.counters.iter().find(|c| c.id == id)
    }

    /// Slices over every lane.
    pub fn slice_count(&self) -> usize {
        self.lanes.iter().map(|l| l.slices.len()).sum()
    }
}

struct Builder {
    procs: usize,
    p_lanes: Vec<Lane>,
    /// Indexed by M id, created as Ms appear.
    m_lanes: Vec<Option<Lane>>,
    running: Vec<Option<Open>>,
    in_syscall: Vec<Option<Open>>,
    lens: QueueLens,
    counters: Vec<Counter>,
    anomalies: u64,
}

impl Builder {
    fn new(procs: u32) -> Builder {
        let n = procs as usize;
        let mut counters = vec![Counter::new(CounterId::Runnable), Counter::new(CounterId::Global)];
        counters.extend((0..procs).map(|p| Counter::new(CounterId::Local(p))));
        Builder {
            procs: n,
            p_lanes: (0..procs).map(|p| Lane::new(LaneId::P(p))).collect(),
            m_lanes: Vec::new(),
            running: vec![None; n],
            in_syscall: Vec::new(),
            lens: QueueLens::new(n),
            counters,
            anomalies: 0,
        }
    }

    fn m_lane(&mut self, m: MId) -> Option<&mut Lane> {
        if m == NO_M {
            return None;
        }
        let i = m as usize;
        if self.m_lanes.len() <= i {
            self.m_lanes.resize_with(i + 1, || None);
            self.in_syscall.resize(i + 1, None);
        }
        Some(self.m_lanes[i].get_or_insert_with(|| Lane::new(LaneId::M(m))))
    }

    fn mark(&mut self, lane: LaneId, ts: Ns, kind: MarkKind) {
        let l = match lane {
            LaneId::P(p) => self.p_lanes.get_mut(p as usize),
            LaneId::M(m) => self.m_lane(m),
        };
        if let Some(l) = l {
            l.marks[kind.class().index()].push(Marker { ts, kind });
        } else {
            self.anomalies += 1;
        }
    }

    /// Close P `p`'s running slice at `ts`.
    fn stop(&mut self, p: PId, ts: Ns, ended_by: SliceEnd) {
        let Some(open) = self.running.get_mut(p as usize).and_then(Option::take) else {
            return;
        };
        let s = Slice { start: open.start, end: ts.max(open.start), g: open.g, p, m: open.m, kind: SliceKind::Run, ended_by };
        self.p_lanes[p as usize].slices.push(s);
        if let Some(l) = self.m_lane(open.m) {
            l.slices.push(s);
        }
    }

    fn run(mut self, events: &[Event]) -> Timeline {
        use EventKind::*;
        for e in events {
            let ts = e.ts;
            self.m_lane(e.m);
            match e.kind {
                GoStart { g, p, .. } => {
                    if self.running.get(p as usize).is_some_and(Option::is_some) {
                        self.anomalies += 1;
                        self.stop(p, ts, SliceEnd::TraceEnd);
                    }
                    if let Some(slot) = self.running.get_mut(p as usize) {
                        *slot = Some(Open { g, start: ts, p, m: e.m });
                    } else {
                        self.anomalies += 1;
                    }
                }
                GoEnd { p, .. } => self.stop(p, ts, SliceEnd::GoEnd),
                GoStop { p, .. } => self.stop(p, ts, SliceEnd::GoStop),
                GoBlock { p, reason, .. } => self.stop(p, ts, SliceEnd::GoBlock(reason)),
                ProcStop { p } => self.stop(p, ts, SliceEnd::ProcStop),
                GoSyscallBegin { g, p, handoff } => {
                    self.stop(p, ts, SliceEnd::GoSyscallBegin);
                    if e.m != NO_M {
                        self.in_syscall[e.m as usize] = Some(Open { g, start: ts, p, m: e.m });
                    }
                    self.mark(LaneId::M(e.m), ts, MarkKind::SyscallBegin { g, handoff });
                }
                GoSyscallEnd { g, kept_p, .. } => {
                    match self.in_syscall.get_mut(e.m as usize).and_then(Option::take) {
                        Some(open) => {
                            let s = Slice {
                                start: open.start,
                                end: ts.max(open.start),
                                g: open.g,
                                p: open.p,
                                m: open.m,
                                kind: SliceKind::Syscall,
                                ended_by: SliceEnd::GoSyscallEnd { kept_p },
                            };
                            if let Some(l) = self.m_lane(e.m) {
                                l.slices.push(s);
                            }
                        }
                        None => self.anomalies += 1,
                    }
                    self.mark(LaneId::M(e.m), ts, MarkKind::SyscallEnd { g, kept_p });
                }
                ProcSteal { p, victim, n, runnext } => {
                    self.mark(LaneId::P(p), ts, MarkKind::Steal { victim, n, runnext })
                }
                Handoff { p, from } => self.mark(LaneId::P(p), ts, MarkKind::Handoff { from }),
                MSpawn { m, p, .. } => self.mark(LaneId::M(m), ts, MarkKind::Spawn { by: e.m, p }),
                MPark => self.mark(LaneId::M(e.m), ts, MarkKind::Park),
                MUnpark { m, p, .. } => self.mark(LaneId::M(m), ts, MarkKind::Unpark { by: e.m, p }),
                // Queue traffic only (the counters below), or nothing a lane
                // shows (a refused M: the simulator never refuses one).
                GoCreate { .. }
                | MSpawnFailed { .. }
                | GoUnblock { .. }
                | GoWaitAlso { .. }
                | ProcStart { .. }
                | RunqOverflow { .. }
                | Work { .. } => {}
            }
            self.lens.apply(&e.kind);
            self.sample(ts);
        }
        let start = events.first().map_or(0, |e| e.ts);
        let end = events.last().map_or(0, |e| e.ts);
        for p in 0..self.procs {
            self.stop(p as PId, end, SliceEnd::TraceEnd);
        }
        for m in 0..self.in_syscall.len() {
            if let Some(open) = self.in_syscall[m].take() {
                let s = Slice { end: end.max(open.start), kind: SliceKind::Syscall, ended_by: SliceEnd::TraceEnd, ..slice_of(open) };
                if let Some(l) = self.m_lane(m as MId) {
                    l.slices.push(s);
                }
            }
        }
        let mut lanes = self.p_lanes;
        lanes.extend(self.m_lanes.into_iter().flatten());
        for l in &mut lanes {
            l.index();
        }
        for c in &mut self.counters {
            c.index();
        }
        Timeline {
            procs: self.procs as u32,
            start,
            end,
            events: events.len(),
            lanes,
            counters: self.counters,
            anomalies: self.anomalies + self.lens.anomalies,
        }
    }

    fn sample(&mut self, ts: Ns) {
        let l = &self.lens;
        self.counters[0].set(ts, l.runnable());
        self.counters[1].set(ts, l.global);
        for p in 0..self.procs {
            self.counters[2 + p].set(ts, l.local(p));
        }
    }
}

fn slice_of(open: Open) -> Slice {
    Slice {
        start: open.start,
        end: open.start,
        g: open.g,
        p: open.p,
        m: open.m,
        kind: SliceKind::Run,
        ended_by: SliceEnd::TraceEnd,
    }
}
