//! Level of detail: what to draw for a lane, a counter and a viewport, in a number of primitives
//! bounded by the width in pixels, however many events the trace holds.
//!
//! ## The rule
//! The viewport is cut into pixel columns `[edge(k), edge(k + 1))`. A slice's *anchor* is the
//! column of its start (clipped to the viewport).
//! 1. A slice at least [`MERGE_BELOW_PX`] wide on screen is drawn as itself.
//! 2. The narrower slices anchored in one column are merged into one primitive: it spans from
//!    the first one's start to the last one's end, and carries how many slices it stands for,
//!    their busy time, and its *dominant G*: the G of its longest slice (the earliest of equals).
//!    A lone narrow slice is drawn as itself.
//!
//! A slice at least a pixel wide that is anchored in column k ends past column k, so no other
//! slice is anchored there after it: each column anchors at most one merged span and one wide
//! slice, so a lane draws at most `2 × (columns + 1)` spans. Inside a merged span, slices start
//! within one pixel and each is shorter than one, so its gaps are all narrower than a pixel; idle
//! time of a pixel or more always stays a gap. Each primitive costs an exponential search over the
//! slices' starts and a range-maximum query on the lane's index ([`super::timeline::Lane`]), so a
//! frame costs O(width × lanes × log events) and reads little beyond what it draws.
//!
//! Markers are bucketed the same way, per kind: one glyph per kind and column, with a count.
//! Counters draw one step per column where they change (its maximum there, and the value it ends
//! the column with) and one flat step across columns where they do not.

use super::timeline::{Counter, Lane, LaneId, MarkClass, Marker, Ns, Timeline};
use interleave_scheduler::trace::GId;
use super::viewport::Viewport;

/// Slices narrower than this many pixels are merged with their column's others.
pub const MERGE_BELOW_PX: f64 = 1.0;

/// A span to draw on a lane: one slice (`count == 1`, `lane.slices[first]`) or a merged run of
/// `count` slices `lane.slices[first..first + count]`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SpanPrim {
    /// Pixels from the viewport's left edge (clipped to the viewport).
    pub x0: f64,
    pub x1: f64,
    pub first: usize,
    pub count: usize,
    /// The busy time inside the viewport, ns.
    pub busy_ns: f64,
    /// The slice's G, or the merged span's dominant G (its longest slice's).
    pub g: GId,
}

impl SpanPrim {
    pub fn is_merged(&self) -> bool {
        self.count > 1
    }
}

/// A marker glyph: `count` markers of one kind, `lane.marks(class)[first..first + count]`,
/// drawn at the first one's x.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MarkPrim {
    pub x: f64,
    pub class: MarkClass,
    pub first: usize,
    pub count: usize,
}

/// A counter step from `x0` to `x1`: the largest value it took there and the value it ends with.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CounterPrim {
    pub x0: f64,
    pub x1: f64,
    pub max: i64,
    pub last: i64,
}

/// One lane's draw list.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LaneDraw {
    pub lane: Option<LaneId>,
    pub spans: Vec<SpanPrim>,
    pub marks: Vec<MarkPrim>,
}

/// Everything a frame draws: one list per lane, one per counter, in the timeline's order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Frame {
    pub lanes: Vec<LaneDraw>,
    pub counters: Vec<Vec<CounterPrim>>,
}

/// The pixel columns of a viewport.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Columns {
    t0: f64,
    t1: f64,
    npp: f64,
}

impl Columns {
    pub(crate) fn of(vp: &Viewport) -> Columns {
        Columns { t0: vp.t0, t1: vp.t1, npp: vp.ns_per_px() }
    }

    /// The left edge of column `k`, ns.
    pub(crate) fn edge(&self, k: usize) -> f64 {
        self.t0 + k as f64 * self.npp
    }

    /// The column holding time `t` (before the viewport: column 0), consistent with [`Self::edge`]
    /// whatever the rounding: `edge(k) <= t < edge(k + 1)`.
    pub(crate) fn col(&self, t: f64) -> usize {
        if t <= self.t0 {
            return 0;
        }
        let mut k = ((t - self.t0) / self.npp).floor().max(0.0) as usize;
        while k > 0 && self.edge(k) > t {
            k -= 1;
        }
        while self.edge(k + 1) <= t {
            k += 1;
        }
        k
    }

    fn px(&self, t: f64) -> f64 {
        (t.clamp(self.t0, self.t1) - self.t0) / self.npp
    }

    fn clip(&self, start: Ns, end: Ns) -> (f64, f64) {
        ((start as f64).max(self.t0), (end as f64).min(self.t1))
    }

    fn is_wide(&self, start: Ns, end: Ns) -> bool {
        let (s, e) = self.clip(start, end);
        (e - s) / self.npp >= MERGE_BELOW_PX
    }
}

/// `partition_point` for an answer that is usually near the front (the end of one pixel's run):
/// an exponential search from the start, so it costs O(log k) for an answer k and reads memory
/// next to what the caller just read, where a binary search over the rest of a lane would miss the
/// cache on every probe.
pub(crate) fn gallop<T>(xs: &[T], pred: impl Fn(&T) -> bool) -> usize {
    let mut hi = 1;
    while hi <= xs.len() && pred(&xs[hi - 1]) {
        hi *= 2;
    }
    // `pred` holds for `xs[..hi / 2]`; the answer is in `hi / 2..=min(hi - 1, len)`.
    let lo = hi / 2;
    lo + xs[lo..hi.min(xs.len())].partition_point(pred)
}

/// The whole frame.
pub fn frame(tl: &Timeline, vp: &Viewport) -> Frame {
    Frame {
        lanes: tl.lanes.iter().map(|l| lane(l, vp)).collect(),
        counters: tl.counters.iter().map(|c| counter(c, vp)).collect(),
    }
}

/// One lane's spans and markers.
pub fn lane(lane: &Lane, vp: &Viewport) -> LaneDraw {
    let marks = MarkClass::ALL.iter().flat_map(|&c| marks(lane, c, vp)).collect();
    LaneDraw { lane: Some(lane.id), spans: spans(lane, vp), marks }
}

/// One lane's spans, left to right (the rule in the module doc).
pub fn spans(lane: &Lane, vp: &Viewport) -> Vec<SpanPrim> {
    let cols = Columns::of(vp);
    let mut out = Vec::new();
    let mut i = lane.first_ending_after(vp.t0);
    while i < lane.slices.len() && (lane.slices[i].start as f64) < vp.t1 {
        let p = span_at(lane, &cols, i);
        i = p.first + p.count;
        out.push(p);
    }
    out
}

/// The primitive that begins with slice `i`, which must begin one (the first slice ending after
/// the viewport's start, or the first slice after another primitive).
pub(crate) fn span_at(lane: &Lane, cols: &Columns, i: usize) -> SpanPrim {
    let s = &lane.slices[i];
    let (cs, ce) = cols.clip(s.start, s.end);
    let single = |busy: f64| SpanPrim { x0: cols.px(cs), x1: cols.px(ce), first: i, count: 1, busy_ns: busy, g: s.g };
    if cols.is_wide(s.start, s.end) {
        return single(ce - cs);
    }
    let b = cols.edge(cols.col(cs) + 1).min(cols.t1);
    let mut j = i + 1 + gallop(&lane.starts()[i + 1..], |&x| (x as f64) < b);
    let (ls, le) = lane.bounds_of(j - 1);
    if j - 1 > i && cols.is_wide(ls, le) {
        j -= 1;
    }
    if j - i == 1 {
        return single((ce - cs).max(0.0));
    }
    let (ls, last_end) = lane.bounds_of(j - 1);
    let (_, le) = cols.clip(ls, last_end);
    // Only the first can start before the viewport, only the last end after it.
    let busy = lane.busy(i, j) as f64 - (cs - s.start as f64) - (last_end as f64 - le);
    let g = lane.longest(i, j).map_or(s.g, |k| lane.slices[k].g);
    SpanPrim { x0: cols.px(cs), x1: cols.px(le), first: i, count: j - i, busy_ns: busy, g }
}

/// One lane's markers of one kind: one glyph per column that has any.
pub fn marks(lane: &Lane, class: MarkClass, vp: &Viewport) -> Vec<MarkPrim> {
    let cols = Columns::of(vp);
    let ms = lane.marks(class);
    let mut out = Vec::new();
    let mut i = ms.partition_point(|m| (m.ts as f64) < vp.t0);
    while i < ms.len() && (ms[i].ts as f64) < vp.t1 {
        let p = mark_at(ms, class, &cols, i);
        i = p.first + p.count;
        out.push(p);
    }
    out
}

pub(crate) fn mark_at(ms: &[Marker], class: MarkClass, cols: &Columns, i: usize) -> MarkPrim {
    let t = ms[i].ts as f64;
    let b = cols.edge(cols.col(t) + 1).min(cols.t1);
    let j = i + 1 + gallop(&ms[i + 1..], |m| (m.ts as f64) < b);
    MarkPrim { x: cols.px(t), class, first: i, count: j - i }
}

/// A counter's steps across the viewport.
pub fn counter(c: &Counter, vp: &Viewport) -> Vec<CounterPrim> {
    let cols = Columns::of(vp);
    let pts = &c.points;
    let mut out = Vec::new();
    let mut i = pts.partition_point(|p| p.0 as f64 <= vp.t0);
    let mut value = if i == 0 { 0 } else { pts[i - 1].1 };
    let mut x = 0.0;
    while i < pts.len() && (pts[i].0 as f64) < vp.t1 {
        let k = cols.col(pts[i].0 as f64);
        let left = cols.px(cols.edge(k));
        if left > x {
            out.push(CounterPrim { x0: x, x1: left, max: value, last: value });
        }
        let b = cols.edge(k + 1);
        let j = i + 1 + gallop(&pts[i + 1..], |p| (p.0 as f64) < b);
        let max = c.max_in(i, j).map_or(value, |m| m.max(value));
        value = pts[j - 1].1;
        x = cols.px(b);
        out.push(CounterPrim { x0: left, x1: x, max, last: value });
        i = j;
    }
    if x < vp.width {
        out.push(CounterPrim { x0: x, x1: vp.width, max: value, last: value });
    }
    out
}
