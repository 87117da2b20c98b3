//! The live jank meter: watches the main thread while the page is open and paints the strip.
//!
//! It runs four observers on the main thread, none of which ever waits:
//! 1. a `requestAnimationFrame` loop: records when each frame's callback runs, moves the main-thread ball, repaints
//!    the strip chart (so a frozen main thread freezes the chart too — the gap appears at once
//!    when it thaws);
//! 2. a heartbeat: `setTimeout` every [`HEARTBEAT_MS`], recording how late each one ran;
//! 3. a `PerformanceObserver` for `longtask` entries, if the browser supports that entry type;
//! 4. capturing `keydown`, `keyup`, `pointerdown` and `pointerup` listeners on the window, recording each event's delay
//!    (handler time minus `event.timeStamp`, the time the browser received it).
//!
//! Everything goes into one [`Samples`]; the numbers come from its pure `summarize`.
//!
//! When the system asks for reduced motion, the frame loop still runs and records every frame
//! (that is the measurement); it only stops moving the ball and repaints the strip once every
//! [`STILL_PAINT_MS`] instead of scrolling it every frame. The stylesheet hides the balls.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions, EventListenerPhase};
use interleave_experiments::event_loop::jank::{HEARTBEAT_MS, Jank, Samples};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, HtmlElement};
use yew::NodeRef;

use super::strip::{self, Rect, RunMark, Viewport};

pub use crate::clock::now;

/// With reduced motion, how often the strip is repainted.
pub const STILL_PAINT_MS: f64 = 1_000.0;

/// A handle to the running meter; stops everything when the last handle is dropped or
/// [`Meter::stop`] is called.
#[derive(Clone)]
pub struct Meter(Rc<Inner>);

impl PartialEq for Meter {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// A slot for a callback handed to the browser; it must live as long as the registration.
type Slot<F> = RefCell<Option<Closure<F>>>;

struct Inner {
    samples: RefCell<Samples>,
    runs: RefCell<Vec<RunMark>>,
    alive: Cell<bool>,
    canvas: NodeRef,
    ball: NodeRef,
    /// The chart colours, and whether they are the dark theme's.
    colours: RefCell<Option<(bool, Colours)>>,
    /// `(prefers-color-scheme: dark)`: the colours are read again when the theme changes.
    dark: Option<web_sys::MediaQueryList>,
    /// `(prefers-reduced-motion: reduce)`, read on every frame so a change applies at once.
    reduce: Option<web_sys::MediaQueryList>,
    painted_at: Cell<f64>,
    raf: Slot<dyn FnMut(f64)>,
    beat: Slot<dyn FnMut()>,
    raf_id: Cell<i32>,
    beat_due: Cell<f64>,
    beat_timer: Cell<i32>,
    observer: RefCell<Option<LongTaskObserver>>,
    listeners: RefCell<Vec<EventListener>>,
}

type LongTaskObserver = (web_sys::PerformanceObserver, Closure<dyn FnMut(JsValue)>);

struct Colours {
    frame: String,
    over: String,
    lag: String,
    long_task: String,
    hatch: String,
    run: String,
    grid: String,
    text: String,
    /// Behind labels: the strip's own background.
    plate: String,
}

impl Meter {
    /// Starts the observers; `canvas` is the strip, `ball` the element the main thread moves.
    pub fn start(canvas: NodeRef, ball: NodeRef) -> Meter {
        let inner = Rc::new(Inner {
            samples: RefCell::new(Samples::default()),
            runs: RefCell::new(Vec::new()),
            alive: Cell::new(true),
            canvas,
            ball,
            colours: RefCell::new(None),
            dark: web_sys::window().and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten()),
            reduce: web_sys::window().and_then(|w| w.match_media("(prefers-reduced-motion: reduce)").ok().flatten()),
            painted_at: Cell::new(f64::NEG_INFINITY),
            raf: RefCell::new(None),
            beat: RefCell::new(None),
            raf_id: Cell::new(0),
            beat_due: Cell::new(0.0),
            beat_timer: Cell::new(0),
            observer: RefCell::new(None),
            listeners: RefCell::new(Vec::new()),
        });
        Inner::start_frames(&inner);
        Inner::start_heartbeat(&inner);
        Inner::start_long_tasks(&inner);
        Inner::start_inputs(&inner);
        Meter(inner)
    }

    pub fn stop(&self) {
        let i = &self.0;
        i.alive.set(false);
        // Cancel what is pending, so no callback runs after its closure is dropped with us.
        if let Some(w) = web_sys::window() {
            w.clear_timeout_with_handle(i.beat_timer.get());
            let _ = w.cancel_animation_frame(i.raf_id.get());
        }
        if let Some((o, _)) = i.observer.borrow_mut().take() {
            o.disconnect();
        }
        i.listeners.borrow_mut().clear();
    }

    /// Whether the browser reports long tasks here.
    pub fn long_tasks_supported(&self) -> bool {
        self.0.samples.borrow().long_tasks_supported
    }

    /// Records a synchronous slice of the job on the main thread.
    pub fn slice(&self, start: f64, duration: f64) {
        self.0.samples.borrow_mut().slice(start, duration);
    }

    /// Marks a run on the strip; returns its index for [`Meter::end_run`].
    pub fn begin_run(&self, start: f64, label: &str) -> usize {
        let mut runs = self.0.runs.borrow_mut();
        runs.retain(|r| r.end.is_none_or(|e| e > start - strip::SPAN_MS));
        runs.push(RunMark { start, end: None, label: label.to_string() });
        runs.len() - 1
    }

    pub fn end_run(&self, index: usize, end: f64) {
        if let Some(r) = self.0.runs.borrow_mut().get_mut(index) {
            r.end = Some(end);
        }
    }

    pub fn settled_after(&self, t: f64) -> bool {
        self.0.samples.borrow().settled_after(t)
    }

    pub fn summarize(&self, start: f64, end: f64) -> Jank {
        self.0.samples.borrow().summarize(start, end)
    }
}

impl Inner {
    fn start_frames(this: &Rc<Self>) {
        let weak = Rc::downgrade(this);
        let closure = Closure::<dyn FnMut(f64)>::new(move |_frame_time: f64| {
            let Some(me) = weak.upgrade() else { return };
            // When the callback actually runs, not the frame's nominal begin time (which the
            // compositor may have fixed while the main thread was still blocked).
            let t = now();
            if !me.alive.get() {
                return;
            }
            me.samples.borrow_mut().frame(t);
            if me.reduce.as_ref().is_some_and(web_sys::MediaQueryList::matches) {
                if t - me.painted_at.get() >= STILL_PAINT_MS {
                    me.paint(t);
                }
            } else {
                me.move_ball(t);
                me.paint(t);
            }
            me.request_frame();
        });
        *this.raf.borrow_mut() = Some(closure);
        this.request_frame();
    }

    fn request_frame(&self) {
        if let (Some(w), Some(c)) = (web_sys::window(), self.raf.borrow().as_ref()) {
            self.raf_id.set(w.request_animation_frame(c.as_ref().unchecked_ref()).unwrap_or(0));
        }
    }

    fn start_heartbeat(this: &Rc<Self>) {
        let weak = Rc::downgrade(this);
        let closure = Closure::<dyn FnMut()>::new(move || {
            let Some(me) = weak.upgrade() else { return };
            if !me.alive.get() {
                return;
            }
            let t = now();
            me.samples.borrow_mut().beat(t, t - me.beat_due.get());
            me.schedule_beat(t);
        });
        *this.beat.borrow_mut() = Some(closure);
        this.schedule_beat(now());
    }

    fn schedule_beat(&self, from: f64) {
        self.beat_due.set(from + HEARTBEAT_MS);
        if let (Some(w), Some(c)) = (web_sys::window(), self.beat.borrow().as_ref()) {
            let id = w
                .set_timeout_with_callback_and_timeout_and_arguments_0(c.as_ref().unchecked_ref(), HEARTBEAT_MS as i32)
                .unwrap_or(0);
            self.beat_timer.set(id);
        }
    }

    fn start_long_tasks(this: &Rc<Self>) {
        let supported = js_sys::Reflect::get(&js_sys::global(), &"PerformanceObserver".into())
            .ok()
            .filter(|c| !c.is_undefined())
            .and_then(|c| js_sys::Reflect::get(&c, &"supportedEntryTypes".into()).ok())
            .and_then(|t| t.dyn_into::<js_sys::Array>().ok())
            .is_some_and(|types| types.includes(&"longtask".into(), 0));
        if !supported {
            return;
        }
        let weak = Rc::downgrade(this);
        let closure = Closure::<dyn FnMut(JsValue)>::new(move |list: JsValue| {
            let Some(me) = weak.upgrade() else { return };
            let list: web_sys::PerformanceObserverEntryList = list.unchecked_into();
            for entry in list.get_entries() {
                let e: web_sys::PerformanceEntry = entry.unchecked_into();
                me.samples.borrow_mut().long_task(e.start_time(), e.duration());
            }
        });
        let Ok(observer) = web_sys::PerformanceObserver::new(closure.as_ref().unchecked_ref()) else { return };
        let init = web_sys::PerformanceObserverInit::new(&js_sys::Array::of1(&"longtask".into()));
        observer.observe(&init);
        this.samples.borrow_mut().long_tasks_supported = true;
        *this.observer.borrow_mut() = Some((observer, closure));
    }

    fn start_inputs(this: &Rc<Self>) {
        let Some(window) = web_sys::window() else { return };
        let options = EventListenerOptions { phase: EventListenerPhase::Capture, passive: true };
        let listeners = ["keydown", "keyup", "pointerdown", "pointerup"]
            .into_iter()
            .map(|name| {
                let weak = Rc::downgrade(this);
                EventListener::new_with_options(&window, name, options, move |e| {
                    if let Some(me) = weak.upgrade() {
                        let t = now();
                        me.samples.borrow_mut().input(t, t - e.time_stamp());
                    }
                })
            })
            .collect();
        *this.listeners.borrow_mut() = listeners;
    }

    /// The main-thread ball: its position is a function of the frame time, so it moves only
    /// when a frame runs — and jumps after a freeze.
    fn move_ball(&self, t: f64) {
        let Some(ball) = self.ball.cast::<HtmlElement>() else { return };
        let phase = (t % 2_000.0) / 2_000.0;
        let tri = if phase < 0.5 { phase * 2.0 } else { 2.0 - phase * 2.0 };
        let _ = ball.style().set_property("--p", &format!("{tri:.4}"));
    }

    fn paint(&self, t: f64) {
        self.painted_at.set(t);
        let Some(canvas) = self.canvas.cast::<HtmlCanvasElement>() else { return };
        let Some(ctx) = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
        else {
            return;
        };
        let dpr = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio()).max(1.0);
        let (w, h) = (f64::from(canvas.client_width()), f64::from(canvas.client_height()));
        if w < 10.0 || h < 10.0 {
            return;
        }
        let (pw, ph) = ((w * dpr).round() as u32, (h * dpr).round() as u32);
        if canvas.width() != pw || canvas.height() != ph {
            canvas.set_width(pw);
            canvas.set_height(ph);
        }
        let dark = self.dark.as_ref().is_some_and(web_sys::MediaQueryList::matches);
        if self.colours.borrow().as_ref().is_none_or(|(d, _)| *d != dark) {
            *self.colours.borrow_mut() = Some((dark, colours(&canvas)));
        }
        let colours = self.colours.borrow();
        let Some((_, c)) = colours.as_ref() else { return };
        let s = strip::layout(&self.samples.borrow(), &self.runs.borrow(), t, Viewport { width: w, height: h });
        let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
        ctx.clear_rect(0.0, 0.0, w, h);
        let (x0, y0, x1, y1) = s.plot;
        ctx.set_fill_style_str(&c.long_task);
        for r in &s.long_tasks {
            ctx.fill_rect(r.x, r.y, r.w, r.h);
        }
        ctx.set_font("11px system-ui, sans-serif");
        ctx.set_line_width(1.0);
        ctx.set_stroke_style_str(&c.grid);
        ctx.set_fill_style_str(&c.text);
        for (y, label) in &s.guides {
            ctx.begin_path();
            ctx.move_to(x0, y.round() + 0.5);
            ctx.line_to(x1, y.round() + 0.5);
            ctx.stroke();
            let _ = ctx.fill_text(label, x1 + 4.0, y + 4.0);
        }
        for (r, over) in &s.frames {
            ctx.set_fill_style_str(if *over { &c.over } else { &c.frame });
            let w = (r.w - 0.6).max(0.8);
            ctx.fill_rect(r.x, r.y, w, r.h);
            // Missed frames are hatched as well as coloured, so they do not depend on colour.
            if *over && w >= 3.0 {
                hatch(&ctx, Rect { w, ..*r }, &c.hatch);
            }
        }
        ctx.set_stroke_style_str(&c.lag);
        ctx.set_line_width(1.5);
        ctx.begin_path();
        for (i, (x, y)) in s.lag.iter().enumerate() {
            if i == 0 {
                ctx.move_to(*x, *y);
            } else {
                ctx.line_to(*x, *y);
            }
        }
        ctx.stroke();
        ctx.set_text_align("center");
        for (x, y, text) in &s.labels {
            // On a plate of the background, so the label reads over hatched bars and lines.
            // About the width of an 11 px label's digits (the labels are "1205 ms").
            let w = 6.2 * text.chars().count() as f64;
            ctx.set_fill_style_str(&c.plate);
            ctx.fill_rect(x - w / 2.0 - 2.0, y - 10.0, w + 4.0, 13.0);
            ctx.set_fill_style_str(&c.text);
            let _ = ctx.fill_text(text, *x, *y);
        }
        ctx.set_text_align("start");
        for (r, label) in &s.runs {
            ctx.set_fill_style_str(&c.run);
            ctx.fill_rect(r.x, r.y, r.w, r.h);
            ctx.set_fill_style_str(&c.text);
            let _ = ctx.fill_text(label, r.x + 3.0, r.y + r.h - 3.0);
        }
        ctx.set_stroke_style_str(&c.grid);
        ctx.set_line_width(1.0);
        ctx.stroke_rect(x0 + 0.5, y0 + 0.5, x1 - x0, y1 - y0);
    }
}

/// Diagonal lines across `r`, 4 px apart.
fn hatch(ctx: &CanvasRenderingContext2d, r: Rect, colour: &str) {
    ctx.save();
    ctx.begin_path();
    ctx.rect(r.x, r.y, r.w, r.h);
    ctx.clip();
    ctx.set_stroke_style_str(colour);
    ctx.set_line_width(1.0);
    ctx.begin_path();
    let mut d = -r.h;
    while d < r.w {
        ctx.move_to(r.x + d, r.y + r.h);
        ctx.line_to(r.x + d + r.h, r.y);
        d += 4.0;
    }
    ctx.stroke();
    ctx.restore();
}

/// Reads the chart colours from the stylesheet's variables (light or dark).
fn colours(canvas: &HtmlCanvasElement) -> Colours {
    let style = web_sys::window().and_then(|w| w.get_computed_style(canvas).ok().flatten());
    let var = |name: &str, fallback: &str| {
        style
            .as_ref()
            .and_then(|s| s.get_property_value(name).ok())
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| fallback.to_string())
    };
    Colours {
        frame: var("--jank-frame", "#0072b2"),
        over: var("--jank-over", "#d55e00"),
        lag: var("--jank-lag", "#009e73"),
        long_task: var("--jank-longtask", "rgba(204,121,167,0.24)"),
        hatch: var("--jank-hatch", "#ffffff"),
        run: var("--jank-run", "rgba(44,75,214,0.18)"),
        grid: var("--line", "#dcdfea"),
        text: var("--muted", "#5b6075"),
        plate: var("--bg", "#f7f7fb"),
    }
}
