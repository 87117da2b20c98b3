//! Paints one frame of the timeline on a canvas from the level-of-detail draw list ([`lod`]):
//! a gutter of row names, the counters as step charts, a lane per P and per M with G slices in
//! each G's colour ([`palette`]), marker glyphs in the top band of a lane ([`hit::MARK_BAND`]),
//! and the scrub cursor. Everything the canvas shows is also in the page's text: the summary,
//! the data table and the hover details.

use web_sys::CanvasRenderingContext2d;

use super::hit::{MARK_BAND, MIN_DRAW_PX, Row, Rows};
use super::lod;
use super::palette::{NO_G, Rgb, g_colour};
use super::timeline::{CounterId, LaneId, MarkClass, SliceKind, Timeline};
use super::viewport::Viewport;

/// Width of the row names' gutter, CSS px.
pub const GUTTER: f64 = 72.0;
pub const COUNTER_H: f64 = 18.0;
pub const LANE_H: f64 = 24.0;
pub const GAP: f64 = 3.0;
/// Height of the time axis under the rows.
pub const AXIS_H: f64 = 20.0;

/// A slice to paint: its colour, opacity in quarters, and whether it is outlined (a syscall).
struct Rect {
    colour: Rgb,
    alpha: u8,
    outline: bool,
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

/// The stylesheet's colours for the current theme.
#[derive(Clone, Debug, PartialEq)]
pub struct Colours {
    pub ink: String,
    pub muted: String,
    pub line: String,
    pub panel: String,
    pub accent: String,
}

impl Colours {
    /// Reads the theme's variables from the element's computed style.
    pub fn of(el: &web_sys::Element) -> Colours {
        let style = web_sys::window().and_then(|w| w.get_computed_style(el).ok().flatten());
        let var = |name: &str, fallback: &str| {
            style
                .as_ref()
                .and_then(|s| s.get_property_value(name).ok())
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| fallback.to_string())
        };
        Colours {
            ink: var("--ink", "#1b1d29"),
            muted: var("--muted", "#5b6075"),
            line: var("--line", "#dcdfea"),
            panel: var("--panel", "#ffffff"),
            accent: var("--accent", "#2c4bd6"),
        }
    }
}

/// The rows of a timeline, in CSS px.
pub fn rows(tl: &Timeline) -> Rows {
    Rows::of(tl, COUNTER_H, LANE_H, GAP)
}

/// The canvas height a timeline needs, CSS px.
pub fn height(tl: &Timeline) -> f64 {
    rows(tl).height() + AXIS_H + GAP
}

/// A row's name in the gutter (P and M numbers are the trace's; counters in the page's words).
pub fn row_name(tl: &Timeline, row: Row, words: &CounterWords) -> String {
    match row {
        Row::Counter(i) => match tl.counters.get(i).map(|c| c.id) {
            Some(CounterId::Runnable) => words.runnable.to_string(),
            Some(CounterId::Global) => words.global.to_string(),
            Some(CounterId::Local(p)) => format!("{} P{p}", words.local),
            None => String::new(),
        },
        Row::Lane(i) => match tl.lanes.get(i).map(|l| l.id) {
            Some(LaneId::P(p)) => format!("P{p}"),
            Some(LaneId::M(m)) => format!("M{m}"),
            None => String::new(),
        },
    }
}

/// The counters' names, in the page's language.
pub struct CounterWords {
    pub runnable: &'static str,
    pub global: &'static str,
    pub local: &'static str,
}

/// A marker class's colour and glyph (Okabe–Ito, told apart by shape as well).
pub fn mark_style(class: MarkClass) -> (Rgb, &'static str) {
    match class {
        MarkClass::Steal => (Rgb::new(0xd5, 0x5e, 0x00), "▼"),
        MarkClass::Handoff => (Rgb::new(0xcc, 0x79, 0xa7), "◆"),
        MarkClass::SyscallBegin => (Rgb::new(0x00, 0x72, 0xb2), "["),
        MarkClass::SyscallEnd => (Rgb::new(0x00, 0x72, 0xb2), "]"),
        MarkClass::Spawn => (Rgb::new(0x00, 0x9e, 0x73), "+"),
        MarkClass::Park => (Rgb::new(0x76, 0x7c, 0x91), "z"),
        MarkClass::Unpark => (Rgb::new(0xe6, 0x9f, 0x00), "!"),
    }
}

/// Paints the frame: `css_width` × [`height`] CSS px at `dpr` device pixels per CSS px; the
/// plot (right of the gutter) shows `vp`.
#[allow(clippy::too_many_arguments)]
pub fn paint(
    ctx: &CanvasRenderingContext2d,
    tl: &Timeline,
    vp: &Viewport,
    css_width: f64,
    dpr: f64,
    cursor: Option<u64>,
    colours: &Colours,
    words: &CounterWords,
) {
    let rows = rows(tl);
    let h = height(tl);
    let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
    ctx.set_fill_style_str(&colours.panel);
    ctx.fill_rect(0.0, 0.0, css_width, h);
    ctx.set_font("12px system-ui, sans-serif");
    ctx.set_text_baseline("middle");

    // Row backgrounds and names.
    let all_rows = (0..rows.counters).map(Row::Counter).chain((0..rows.lanes).map(Row::Lane));
    for row in all_rows {
        let (top, rh) = (rows.top(row), if matches!(row, Row::Counter(_)) { COUNTER_H } else { LANE_H });
        ctx.set_fill_style_str(&colours.line);
        ctx.set_global_alpha(0.35);
        ctx.fill_rect(GUTTER, top, vp.width, rh);
        ctx.set_global_alpha(1.0);
        ctx.set_fill_style_str(if matches!(row, Row::Counter(_)) { &colours.muted } else { &colours.ink });
        let _ = ctx.fill_text(&row_name(tl, row, words), 4.0, top + rh / 2.0);
    }

    ctx.save();
    ctx.begin_path();
    ctx.rect(GUTTER, 0.0, vp.width, h);
    ctx.clip();
    let _ = ctx.translate(GUTTER, 0.0);

    // Counters: a step chart each, scaled to its own maximum over the whole run.
    for (i, c) in tl.counters.iter().enumerate() {
        let top = rows.top(Row::Counter(i));
        let max = c.max_in(0, c.points.len()).unwrap_or(0).max(1) as f64;
        ctx.set_fill_style_str(&colours.accent);
        ctx.set_global_alpha(0.55);
        for p in lod::counter(c, vp) {
            let v = p.max.max(0) as f64 / max;
            if v > 0.0 {
                let bar = (v * (COUNTER_H - 2.0)).max(1.0);
                ctx.fill_rect(p.x0, top + COUNTER_H - bar, (p.x1 - p.x0).max(MIN_DRAW_PX), bar);
            }
        }
        ctx.set_global_alpha(1.0);
    }

    // Lanes: slices, then markers on top. Slices are gathered first and painted grouped by
    // colour and opacity: setting a fill style parses a colour, and one per slice would cost more
    // than the slices themselves (a zoomed-out frame has thousands).
    let mut rects: Vec<Rect> = Vec::new();
    let mut labels: Vec<(f64, f64, f64, Rgb, u64)> = Vec::new();
    for (i, lane) in tl.lanes.iter().enumerate() {
        let top = rows.top(Row::Lane(i));
        let band = MARK_BAND * LANE_H;
        for s in lod::spans(lane, vp) {
            let w = (s.x1 - s.x0).max(MIN_DRAW_PX);
            let colour = if s.g == 0 { NO_G } else { g_colour(s.g) };
            let syscall = !s.is_merged() && lane.slices[s.first].kind == SliceKind::Syscall;
            // A merged span is as opaque as it was busy (in quarters); a syscall is pale, outlined.
            let alpha = if s.is_merged() {
                let span = (vp.t_of(s.x1) - vp.t_of(s.x0)).max(1.0);
                ((s.busy_ns / span).clamp(0.25, 1.0) * 4.0).round() as u8
            } else if syscall {
                2
            } else {
                4
            };
            rects.push(Rect { colour, alpha, outline: syscall, x: s.x0, y: top + band, w, h: LANE_H - band });
            if !s.is_merged() && w > 30.0 {
                labels.push((s.x0, top + band + (LANE_H - band) / 2.0, w, colour, s.g));
            }
        }
    }
    rects.sort_unstable_by_key(|r| (r.colour.r, r.colour.g, r.colour.b, r.alpha));
    let mut style = None;
    for r in &rects {
        if style != Some((r.colour, r.alpha)) {
            style = Some((r.colour, r.alpha));
            ctx.set_fill_style_str(&r.colour.hex());
            ctx.set_stroke_style_str(&r.colour.hex());
            ctx.set_global_alpha(f64::from(r.alpha) / 4.0);
        }
        ctx.fill_rect(r.x, r.y, r.w, r.h);
        if r.outline {
            ctx.set_global_alpha(1.0);
            ctx.stroke_rect(r.x + 0.5, r.y + 0.5, (r.w - 1.0).max(0.0), r.h - 1.0);
            ctx.set_global_alpha(f64::from(r.alpha) / 4.0);
        }
    }
    ctx.set_global_alpha(1.0);
    for (x, y, w, colour, g) in labels {
        ctx.set_fill_style_str(&colour.ink().hex());
        let _ = ctx.fill_text_with_max_width(&format!("G{g}"), x + 3.0, y, w - 6.0);
    }
    ctx.set_font("10px system-ui, sans-serif");
    for (i, lane) in tl.lanes.iter().enumerate() {
        let top = rows.top(Row::Lane(i));
        let band = MARK_BAND * LANE_H;
        for class in MarkClass::ALL {
            let (colour, glyph) = mark_style(class);
            ctx.set_fill_style_str(&colour.hex());
            for m in lod::marks(lane, class, vp) {
                let _ = ctx.fill_text(glyph, m.x - 3.0, top + band / 2.0 + 1.0);
            }
        }
    }
    ctx.set_font("12px system-ui, sans-serif");

    // The scrub cursor.
    if let Some(t) = cursor {
        let x = vp.x_of(t as f64);
        if (0.0..=vp.width).contains(&x) {
            ctx.set_fill_style_str(&colours.ink);
            ctx.fill_rect(x - 1.0, 0.0, 2.0, rows.height());
        }
    }
    ctx.restore();

    // The time axis: a few round ticks.
    let axis = rows.height() + GAP;
    ctx.set_fill_style_str(&colours.muted);
    ctx.set_text_baseline("top");
    for (t, label) in ticks(vp, 6) {
        let x = GUTTER + vp.x_of(t);
        ctx.fill_rect(x, axis, 1.0, 4.0);
        let _ = ctx.fill_text(&label, x + 2.0, axis + 4.0);
    }
}

/// About `n` ticks at round times across the viewport, labelled in µs or ms.
pub fn ticks(vp: &Viewport, n: usize) -> Vec<(f64, String)> {
    let span = vp.span().max(1.0);
    let raw = span / n.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0].iter().map(|k| k * mag).find(|s| *s >= raw).unwrap_or(10.0 * mag);
    let mut out = Vec::new();
    let mut t = (vp.t0 / step).ceil() * step;
    while t < vp.t1 && out.len() <= 2 * n {
        out.push((t, time_label(t, step)));
        t += step;
    }
    out
}

/// A time in ns as µs or ms, with as many decimals as `step` needs.
pub fn time_label(t: f64, step: f64) -> String {
    if step >= 1e6 || t >= 1e7 {
        let d = if step >= 1e6 { 0 } else { (-(step / 1e6).log10()).ceil().max(0.0) as usize };
        format!("{:.*} ms", d, t / 1e6)
    } else {
        let d = if step >= 1e3 { 0 } else { (-(step / 1e3).log10()).ceil().max(0.0) as usize };
        format!("{:.*} µs", d, t / 1e3)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_ordered_and_inside_the_view() {
        for (t0, t1) in [(0.0, 1_000.0), (12_345.0, 987_654.0), (0.0, 2.5e7), (5e6, 5.000_02e6)] {
            let vp = Viewport { t0, t1, width: 800.0 };
            let ts = ticks(&vp, 6);
            assert!((3..=13).contains(&ts.len()), "{t0}..{t1}: {ts:?}");
            assert!(ts.windows(2).all(|w| w[0].0 < w[1].0));
            assert!(ts.iter().all(|(t, _)| *t >= t0 && *t < t1));
            let labels: Vec<&String> = ts.iter().map(|(_, l)| l).collect();
            let mut unique = labels.clone();
            unique.dedup();
            assert_eq!(unique.len(), labels.len(), "labels repeat: {labels:?}");
        }
        assert_eq!(time_label(1_500.0, 500.0), "1.5 µs");
        assert_eq!(time_label(2e6, 1e6), "2 ms");
    }
}
