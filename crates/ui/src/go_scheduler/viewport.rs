//! The window of time on screen, `[t0, t1)` over `width` pixels, and how input moves it.
//!
//! Every move is a pure function from one viewport to the next, clamped to the trace's
//! [`Bounds`]: the window never leaves the trace, never shows more than all of it, and never
//! less than [`MIN_SPAN_NS`]. Zooming (wheel, pinch, W/S) keeps the time under the pointer where
//! it is, unless the clamp has to move it; panning (drag, A/D) moves by pixels, so content follows
//! the finger at every zoom. The keys behave as in Perfetto: W and S zoom in and out around the
//! pointer (the centre without one), A and D pan left and right.

/// The narrowest window, in ns: below this a pixel would be a fraction of a nanosecond.
pub const MIN_SPAN_NS: f64 = 20.0;

/// One W or S press zooms by this factor.
pub const KEY_ZOOM: f64 = 1.25;

/// One A or D press pans by this fraction of the width.
pub const KEY_PAN: f64 = 0.1;

/// How much one pixel of wheel delta zooms: `factor = exp(-delta_y * WHEEL_ZOOM_PER_PX)`.
pub const WHEEL_ZOOM_PER_PX: f64 = 0.002;

/// The time the trace spans (its first and last event), ns.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bounds {
    pub start: f64,
    pub end: f64,
}

impl Bounds {
    pub fn new(start: u64, end: u64) -> Bounds {
        Bounds { start: start as f64, end: end as f64 }
    }

    /// The span a viewport may show at most (at least [`MIN_SPAN_NS`], for a trace of one instant).
    pub fn span(&self) -> f64 {
        (self.end - self.start).max(MIN_SPAN_NS)
    }
}

/// Window `[t0, t1)` (ns) drawn over `width` pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Viewport {
    pub t0: f64,
    pub t1: f64,
    pub width: f64,
}

/// The navigation keys (Perfetto's W/A/S/D).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NavKey {
    ZoomIn,
    ZoomOut,
    Left,
    Right,
}

impl NavKey {
    /// The key for a `KeyboardEvent.key`, either case.
    pub fn from_key(key: &str) -> Option<NavKey> {
        match key {
            "w" | "W" => Some(NavKey::ZoomIn),
            "s" | "S" => Some(NavKey::ZoomOut),
            "a" | "A" => Some(NavKey::Left),
            "d" | "D" => Some(NavKey::Right),
            _ => None,
        }
    }
}

impl Viewport {
    /// The whole trace over `width` pixels (at least one).
    pub fn full(bounds: Bounds, width: f64) -> Viewport {
        Viewport { t0: bounds.start, t1: bounds.start + bounds.span(), width: width.max(1.0) }
    }

    pub fn span(&self) -> f64 {
        self.t1 - self.t0
    }

    pub fn ns_per_px(&self) -> f64 {
        self.span() / self.width
    }

    /// The x (px) of time `t`.
    pub fn x_of(&self, t: f64) -> f64 {
        (t - self.t0) / self.ns_per_px()
    }

    /// The time at x (px).
    pub fn t_of(&self, x: f64) -> f64 {
        self.t0 + x * self.ns_per_px()
    }

    /// The same window over a new width (a resize keeps the time shown).
    pub fn resized(self, width: f64) -> Viewport {
        Viewport { width: width.max(1.0), ..self }
    }

    /// Zoom by `factor` (> 1 zooms in) around pixel `x`: the time at `x` stays at `x` unless the
    /// clamp must move the window.
    pub fn zoom(self, factor: f64, x: f64, bounds: Bounds) -> Viewport {
        if !(factor.is_finite() && factor > 0.0) {
            return self.clamped(bounds);
        }
        let at = self.t_of(x);
        let span = (self.span() / factor).clamp(MIN_SPAN_NS.min(bounds.span()), bounds.span());
        let t0 = at - x / self.width * span;
        Viewport { t0, t1: t0 + span, width: self.width }.clamped(bounds)
    }

    /// A wheel turn (`delta_y` in pixels, positive = towards the person: zoom out) at pixel `x`.
    pub fn wheel(self, delta_y: f64, x: f64, bounds: Bounds) -> Viewport {
        self.zoom((-delta_y * WHEEL_ZOOM_PER_PX).exp(), x, bounds)
    }

    /// A pinch: the fingers' distance went from `d0` to `d1` around pixel `x`.
    pub fn pinch(self, d0: f64, d1: f64, x: f64, bounds: Bounds) -> Viewport {
        if d0 > 0.0 && d1 > 0.0 { self.zoom(d1 / d0, x, bounds) } else { self.clamped(bounds) }
    }

    /// A drag by `dx` pixels: content follows the pointer (dragging right shows earlier time).
    pub fn pan_px(self, dx: f64, bounds: Bounds) -> Viewport {
        let dt = -dx * self.ns_per_px();
        Viewport { t0: self.t0 + dt, t1: self.t1 + dt, width: self.width }.clamped(bounds)
    }

    /// One press of a navigation key; W/S zoom around `pointer_x` (the centre without one).
    pub fn key(self, key: NavKey, pointer_x: Option<f64>, bounds: Bounds) -> Viewport {
        let x = pointer_x.unwrap_or(self.width / 2.0);
        match key {
            NavKey::ZoomIn => self.zoom(KEY_ZOOM, x, bounds),
            NavKey::ZoomOut => self.zoom(1.0 / KEY_ZOOM, x, bounds),
            NavKey::Left => self.pan_px(self.width * KEY_PAN, bounds),
            NavKey::Right => self.pan_px(-self.width * KEY_PAN, bounds),
        }
    }

    /// The window moved (not resized) into the trace, its span within the allowed range.
    pub fn clamped(self, bounds: Bounds) -> Viewport {
        let max = bounds.span();
        let span = if self.span().is_finite() { self.span().clamp(MIN_SPAN_NS.min(max), max) } else { max };
        let t0 = if self.t0.is_finite() { self.t0 } else { bounds.start };
        let t0 = t0.clamp(bounds.start, bounds.start + max - span);
        Viewport { t0, t1: t0 + span, width: self.width.max(1.0) }
    }
}
