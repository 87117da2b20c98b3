//! Geometry of the jank meter's strip chart: the last few seconds of frame gaps, heartbeat lag,
//! long tasks and runs, as rectangles and points in canvas pixels. Pure, so it is tested
//! natively; `meter` only paints what this returns.
//!
//! Time runs left to right, ending at "now". The vertical axis is milliseconds on a scale that
//! is linear up to [`Y_MAX_MS`]; a gap taller than that is drawn to the top with its length as a
//! label, so a 1.5 s freeze and a 17 ms frame are both readable.

use interleave_experiments::event_loop::jank::Samples;

/// How much history the strip shows.
pub const SPAN_MS: f64 = 6_000.0;
/// The top of the vertical scale.
pub const Y_MAX_MS: f64 = 120.0;
/// Gaps longer than this are labelled with their length.
const LABEL_MS: f64 = 50.0;
/// The least horizontal distance between two gap labels, in pixels.
const LABEL_SPACING: f64 = 56.0;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Viewport {
    pub width: f64,
    pub height: f64,
}

/// A run to mark on the strip: from `start` to `end` (`None` while it runs).
#[derive(Clone, Debug, PartialEq)]
pub struct RunMark {
    pub start: f64,
    pub end: Option<f64>,
    pub label: String,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Strip {
    /// One bar per frame gap, as wide as the gap, as tall as its length; `bool`: over a frame.
    pub frames: Vec<(Rect, bool)>,
    /// Heartbeat lag, one point per beat.
    pub lag: Vec<(f64, f64)>,
    /// Long tasks: full-height bands.
    pub long_tasks: Vec<Rect>,
    /// Runs: bands along the bottom with a label.
    pub runs: Vec<(Rect, String)>,
    /// Horizontal guides: (y, label).
    pub guides: Vec<(f64, String)>,
    /// Labels of gaps off the scale: (x, y, text).
    pub labels: Vec<(f64, f64, String)>,
    /// The plot area: x0, y0, x1, y1.
    pub plot: (f64, f64, f64, f64),
}

const LEFT: f64 = 4.0;
const RIGHT: f64 = 44.0;
const TOP: f64 = 14.0;
const BOTTOM: f64 = 20.0;

pub fn layout(s: &Samples, runs: &[RunMark], now: f64, vp: Viewport) -> Strip {
    let (x0, x1) = (LEFT, (vp.width - RIGHT).max(LEFT + 1.0));
    let (y0, y1) = (TOP, (vp.height - BOTTOM).max(TOP + 1.0));
    let t0 = now - SPAN_MS;
    let sx = |t: f64| x0 + ((t - t0) / SPAN_MS).clamp(0.0, 1.0) * (x1 - x0);
    let sy = |ms: f64| y1 - (ms / Y_MAX_MS).clamp(0.0, 1.0) * (y1 - y0);
    let frame_ms = s.frame_period();

    let mut strip = Strip { plot: (x0, y0, x1, y1), ..Strip::default() };
    for (a, b) in s.frames.iter().zip(s.frames.iter().skip(1)) {
        if *b < t0 {
            continue;
        }
        let gap = b - a;
        let (xa, xb) = (sx(*a), sx(*b));
        let y = sy(gap);
        strip.frames.push((Rect { x: xa, y, w: (xb - xa).max(1.0), h: y1 - y }, gap > frame_ms * 1.5));
        // Label long gaps, leaving out one that would overlap the previous label.
        let x = (xa + xb) / 2.0;
        if gap >= LABEL_MS && strip.labels.last().is_none_or(|l| x - l.0 >= LABEL_SPACING) {
            strip.labels.push((x, y.max(y0) + 12.0, format!("{gap:.0} ms")));
        }
    }
    strip.lag = s.beats.iter().filter(|b| b.at >= t0).map(|b| (sx(b.at), sy(b.lag))).collect();
    strip.long_tasks = s
        .long_tasks
        .iter()
        .filter(|l| l.end() >= t0)
        .map(|l| {
            let (xa, xb) = (sx(l.start), sx(l.end()));
            Rect { x: xa, y: y0, w: (xb - xa).max(1.0), h: y1 - y0 }
        })
        .collect();
    strip.runs = runs
        .iter()
        .filter(|r| r.end.is_none_or(|e| e >= t0))
        .map(|r| {
            let (xa, xb) = (sx(r.start), sx(r.end.unwrap_or(now)));
            (Rect { x: xa, y: y1 + 4.0, w: (xb - xa).max(2.0), h: BOTTOM - 6.0 }, r.label.clone())
        })
        .collect();
    strip.guides = [(frame_ms, format!("{frame_ms:.0} ms")), (50.0, "50 ms".into()), (100.0, "100 ms".into())]
        .into_iter()
        .map(|(ms, l)| (sy(ms), l))
        .collect();
    strip
}

#[cfg(test)]
mod tests {
    use super::*;
    use interleave_experiments::event_loop::jank::DEFAULT_FRAME_MS;

    const VP: Viewport = Viewport { width: 600.0, height: 160.0 };

    fn smooth(until: f64) -> Samples {
        let mut s = Samples::default();
        let mut t = 0.0;
        while t <= until {
            s.frame(t);
            s.beat(t + 1.0, 0.5);
            t += DEFAULT_FRAME_MS;
        }
        s
    }

    #[test]
    fn everything_lands_inside_the_plot_and_old_frames_are_left_out() {
        let s = smooth(10_000.0);
        let st = layout(&s, &[], 10_000.0, VP);
        let (x0, y0, x1, y1) = st.plot;
        assert!(st.frames.len() <= (SPAN_MS / DEFAULT_FRAME_MS) as usize + 2);
        for (r, over) in &st.frames {
            assert!(!over);
            assert!(r.x >= x0 && r.x + r.w <= x1 + 1.0 && r.y >= y0 && r.y + r.h <= y1 + 1e-9);
        }
        assert!(st.lag.iter().all(|&(x, y)| x >= x0 && x <= x1 && y >= y0 && y <= y1));
        assert!(st.labels.is_empty());
    }

    #[test]
    fn a_freeze_is_one_wide_bar_to_the_top_with_its_length() {
        let mut s = smooth(2_000.0);
        let before = *s.frames.back().unwrap();
        s.frame(3_500.0);
        s.long_task(2_000.0, 1_490.0);
        let runs = [RunMark { start: 1_990.0, end: Some(3_495.0), label: "Blocking".into() }];
        let st = layout(&s, &runs, 4_000.0, VP);
        let (rect, over) = st.frames.last().unwrap();
        assert!(over);
        assert_eq!(rect.y, st.plot.1, "clipped to the top");
        assert!(rect.w > (st.plot.2 - st.plot.0) * 0.2);
        assert_eq!(st.labels.len(), 1);
        assert_eq!(st.labels[0].2, format!("{:.0} ms", 3_500.0 - before));
        assert_eq!(st.long_tasks.len(), 1);
        // Two more long gaps right after it, a few pixels apart: only the first gets a label.
        s.frame(3_560.0);
        s.frame(3_620.0);
        let st = layout(&s, &runs, 4_000.0, VP);
        assert_eq!(st.labels.len(), 2);
        assert_eq!(st.runs[0].1, "Blocking");
    }
}
