//! What is under a pixel: the slice, merged span, marker or counter value drawn there, with its
//! details, found with the same rule [`super::lod`] draws by (so a tap names what it touched).
//!
//! The rows, top to bottom: one per counter, then one per lane ([`Rows`]). In a lane, markers are
//! drawn in the top band ([`MARK_BAND`] of its height) and are hit within [`MARK_HIT_PX`] of their
//! glyph; spans are hit where they are drawn, at least [`MIN_DRAW_PX`] wide.

use super::lod::{self, Columns, SpanPrim};
use super::timeline::{CounterId, Lane, LaneId, MarkClass, Marker, Ns, Slice, Timeline};
use super::viewport::Viewport;
use interleave_scheduler::trace::GId;

/// The top fraction of a lane where markers are drawn and hit.
pub const MARK_BAND: f64 = 0.35;

/// How far from a marker glyph (px) a pointer or finger still hits it.
pub const MARK_HIT_PX: f64 = 4.0;

/// The narrowest a span is drawn (px): a sub-pixel slice still shows, and is hit, as one pixel.
pub const MIN_DRAW_PX: f64 = 1.0;

/// The vertical layout: counter rows, then lane rows, each followed by `gap`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rows {
    pub counters: usize,
    pub lanes: usize,
    pub counter_h: f64,
    pub lane_h: f64,
    pub gap: f64,
}

/// A row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Row {
    /// `timeline.counters[i]`.
    Counter(usize),
    /// `timeline.lanes[i]`.
    Lane(usize),
}

impl Rows {
    pub fn of(tl: &Timeline, counter_h: f64, lane_h: f64, gap: f64) -> Rows {
        Rows { counters: tl.counters.len(), lanes: tl.lanes.len(), counter_h, lane_h, gap }
    }

    /// The top of a row, px.
    pub fn top(&self, row: Row) -> f64 {
        match row {
            Row::Counter(i) => i as f64 * (self.counter_h + self.gap),
            Row::Lane(i) => self.counters as f64 * (self.counter_h + self.gap) + i as f64 * (self.lane_h + self.gap),
        }
    }

    pub fn height(&self) -> f64 {
        self.top(Row::Lane(self.lanes)) - if self.lanes + self.counters > 0 { self.gap } else { 0.0 }
    }

    /// The row at `y` and how far into it; `None` in a gap or outside.
    pub fn at(&self, y: f64) -> Option<(Row, f64)> {
        if y.is_nan() || y < 0.0 {
            return None;
        }
        let counters_h = self.counters as f64 * (self.counter_h + self.gap);
        let (row, dy, h) = if y < counters_h {
            let i = (y / (self.counter_h + self.gap)).floor() as usize;
            (Row::Counter(i.min(self.counters.saturating_sub(1))), y - self.top(Row::Counter(i)), self.counter_h)
        } else {
            let i = ((y - counters_h) / (self.lane_h + self.gap)).floor() as usize;
            if i >= self.lanes {
                return None;
            }
            (Row::Lane(i), y - self.top(Row::Lane(i)), self.lane_h)
        };
        (dy >= 0.0 && dy < h).then_some((row, dy))
    }
}

/// What was hit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Hit {
    /// One slice: its G, P, M, start, duration and kind.
    Slice { lane: LaneId, slice: Slice },
    /// A merged span of `count` slices from `start` to `end`, `busy_ns` of them busy (in the
    /// viewport), mostly G `dominant`.
    Merged { lane: LaneId, start: Ns, end: Ns, count: usize, busy_ns: f64, dominant: GId },
    /// A marker glyph: its first marker, and how many of that kind it stands for.
    Mark { lane: LaneId, marker: Marker, count: usize },
    /// A counter's value at the pointer's time.
    Counter { id: CounterId, t: f64, value: i64 },
}

/// What is drawn at pixel (x, y).
pub fn hit(tl: &Timeline, vp: &Viewport, rows: &Rows, x: f64, y: f64) -> Option<Hit> {
    if x.is_nan() || x < 0.0 || x >= vp.width {
        return None;
    }
    let (row, dy) = rows.at(y)?;
    match row {
        Row::Counter(i) => {
            let c = tl.counters.get(i)?;
            let t = vp.t_of(x);
            Some(Hit::Counter { id: c.id, t, value: c.at(t) })
        }
        Row::Lane(i) => {
            let lane = tl.lanes.get(i)?;
            if dy < MARK_BAND * rows.lane_h
                && let Some(h) = mark(lane, vp, x)
            {
                return Some(h);
            }
            span(lane, vp, x).map(|p| {
                if p.is_merged() {
                    let last = &lane.slices[p.first + p.count - 1];
                    Hit::Merged {
                        lane: lane.id,
                        start: lane.slices[p.first].start,
                        end: last.end,
                        count: p.count,
                        busy_ns: p.busy_ns,
                        dominant: p.g,
                    }
                } else {
                    Hit::Slice { lane: lane.id, slice: lane.slices[p.first] }
                }
            })
        }
    }
}

/// The span [`lod::spans`] draws at x (the later one where two overlap), found without drawing
/// the lane: the slice containing the time at x if it is wide, else the merged spans anchored in
/// x's column or the one before (a merged span reaches at most one column past its anchor).
pub fn span(lane: &Lane, vp: &Viewport, x: f64) -> Option<SpanPrim> {
    let cols = Columns::of(vp);
    let t = vp.t_of(x);
    let c = cols.col(t);
    let mut found: Option<SpanPrim> = None;
    let mut consider = |p: SpanPrim| {
        if x >= p.x0 && x < p.x1.max(p.x0 + MIN_DRAW_PX) && found.is_none_or(|f| p.first > f.first) {
            found = Some(p);
        }
    };
    let n = lane.slices.len();
    for k in c.saturating_sub(1)..=c {
        // The first slice anchored in column k or later begins a primitive.
        let i = if k == 0 { lane.first_ending_after(vp.t0) } else { lane.first_starting_from(cols.edge(k)) };
        if i < n && (lane.slices[i].start as f64) < vp.t1 {
            consider(lod::span_at(lane, &cols, i));
        }
    }
    let i = lane.first_ending_after(t);
    if i < n && lane.slices[i].start as f64 <= t && (lane.slices[i].start as f64) < vp.t1 {
        // Begins a primitive only if it is wide (or the first visible); `span_at` on a narrow
        // slice inside a merged span would invent a primitive, so only take it when wide.
        let p = lod::span_at(lane, &cols, i);
        if p.count == 1 && (p.x1 - p.x0) >= lod::MERGE_BELOW_PX {
            consider(p);
        }
    }
    found
}

/// The nearest marker glyph within [`MARK_HIT_PX`] of x, any kind.
pub fn mark(lane: &Lane, vp: &Viewport, x: f64) -> Option<Hit> {
    let cols = Columns::of(vp);
    let lo = cols.col(vp.t_of(x - MARK_HIT_PX));
    let hi = vp.t_of(x + MARK_HIT_PX).min(vp.t1);
    let mut best: Option<(f64, Hit)> = None;
    for class in MarkClass::ALL {
        let ms = lane.marks(class);
        let mut i = ms.partition_point(|m| (m.ts as f64) < cols.edge(lo).max(vp.t0));
        while i < ms.len() && (ms[i].ts as f64) <= hi {
            let p = lod::mark_at(ms, class, &cols, i);
            let d = (p.x - x).abs();
            if d <= MARK_HIT_PX && best.as_ref().is_none_or(|b| d < b.0) {
                best = Some((d, Hit::Mark { lane: lane.id, marker: ms[i], count: p.count }));
            }
            i = p.first + p.count;
        }
    }
    best.map(|b| b.1)
}
