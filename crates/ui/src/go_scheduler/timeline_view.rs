//! The timeline on the page: a canvas painted by [`super::draw`], moved by the wheel, a drag,
//! a pinch (pointer events, so mouse, pen and touch alike) and Perfetto's W/A/S/D keys, and
//! scrubbed by a click or tap, the arrow keys, Home and End. Hovering shows what is under the
//! pointer ([`super::hit`]); the scrubbed time is the page's, so the program view and the
//! readout follow it.
//!
//! The viewport lives in a ref, not in Yew state: panning repaints the canvas without
//! re-rendering the page. A frame is painted at most once per animation frame.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, HtmlElement};
use yew::prelude::*;

use super::draw::{self, Colours, CounterWords, GUTTER};
use super::hit::{Hit, hit};
use super::timeline::Timeline;
use super::viewport::{Bounds, NavKey, Viewport};
use crate::i18n::use_messages;

/// The animation-frame callback waiting to run, if one is requested.
type FrameSlot = Rc<RefCell<Option<Closure<dyn FnMut()>>>>;

#[derive(Properties, Clone)]
pub struct Props {
    pub timeline: Rc<Timeline>,
    pub cursor: Option<u64>,
    pub on_cursor: Callback<Option<u64>>,
    /// What the hover box says about a hit (the page words it).
    pub describe: Callback<Hit, String>,
    /// Text alternative: the canvas's label (a summary of the run).
    pub label: AttrValue,
    /// The canvas, for the page's PNG export.
    pub canvas: NodeRef,
}

impl PartialEq for Props {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.timeline, &o.timeline) && self.cursor == o.cursor && self.label == o.label
    }
}

/// What the canvas keeps between events.
struct Canvas {
    timeline: Rc<Timeline>,
    vp: Option<Viewport>,
    cursor: Option<u64>,
    /// Pointers down: id → last x (CSS px within the plot).
    pointers: BTreeMap<i32, f64>,
    /// The pointer went down here and has not moved far: a release is a tap.
    tap_from: Option<f64>,
    hover_x: Option<f64>,
    frame_pending: bool,
    words: CounterWords,
}

impl Canvas {
    fn bounds(&self) -> Bounds {
        Bounds::new(self.timeline.start, self.timeline.end.max(self.timeline.start + 1))
    }
}

#[function_component(TimelineView)]
pub fn timeline_view(p: &Props) -> Html {
    let m = use_messages();
    let t = &m.go_scheduler;
    let canvas_ref = p.canvas.clone();
    let wrap_ref = use_node_ref();
    let hover = use_state(|| None::<(f64, f64, String)>);
    let state = use_mut_ref(|| Canvas {
        timeline: p.timeline.clone(),
        vp: None,
        cursor: p.cursor,
        pointers: BTreeMap::new(),
        tap_from: None,
        hover_x: None,
        frame_pending: false,
        words: CounterWords { runnable: t.counter_runnable, global: t.counter_global, local: t.counter_local },
    });
    let raf: FrameSlot = use_mut_ref(|| None);
    // The counters' names follow the language.
    state.borrow_mut().words = CounterWords { runnable: t.counter_runnable, global: t.counter_global, local: t.counter_local };

    // Paints now (after a layout change) or at the next animation frame (input).
    let paint_now = {
        let (canvas_ref, wrap_ref, state) = (canvas_ref.clone(), wrap_ref.clone(), state.clone());
        Rc::new(move || paint(&canvas_ref, &wrap_ref, &state))
    };
    let schedule = {
        let (paint_now, state, raf) = (paint_now.clone(), state.clone(), raf.clone());
        Rc::new(move || {
            if state.borrow().frame_pending {
                return;
            }
            state.borrow_mut().frame_pending = true;
            let (paint_now, state) = (paint_now.clone(), state.clone());
            let cb = Closure::<dyn FnMut()>::new(move || {
                state.borrow_mut().frame_pending = false;
                paint_now();
            });
            if let Some(w) = web_sys::window() {
                let _ = w.request_animation_frame(cb.as_ref().unchecked_ref());
            }
            *raf.borrow_mut() = Some(cb);
        })
    };

    // A new timeline or cursor: repaint (a new timeline starts zoomed out).
    {
        let (state, paint_now, tl) = (state.clone(), paint_now.clone(), p.timeline.clone());
        // The timeline by identity (it is immutable once built).
        use_effect_with((Rc::as_ptr(&p.timeline) as usize, p.cursor), move |(_, cursor)| {
            {
                let mut s = state.borrow_mut();
                if !Rc::ptr_eq(&s.timeline, &tl) {
                    s.timeline = tl;
                    s.vp = None;
                }
                s.cursor = *cursor;
            }
            paint_now();
        });
    }

    // The wheel zooms (a listener that may prevent scrolling the page); resizing repaints.
    {
        let (canvas_ref, state, schedule, paint_now) = (canvas_ref.clone(), state.clone(), schedule.clone(), paint_now.clone());
        use_effect_with((), move |_| {
            let mut listeners = Vec::new();
            if let Some(canvas) = canvas_ref.cast::<HtmlCanvasElement>() {
                let options = EventListenerOptions::enable_prevent_default();
                let target = canvas.clone();
                listeners.push(EventListener::new_with_options(&canvas, "wheel", options, move |e| {
                    let Some(e) = e.dyn_ref::<web_sys::WheelEvent>() else { return };
                    let x = plot_x(&target, e.client_x());
                    let mut s = state.borrow_mut();
                    let bounds = s.bounds();
                    if let Some(vp) = s.vp {
                        e.prevent_default();
                        // Horizontal wheels and trackpads pan; vertical ones zoom.
                        let vp = if e.delta_x().abs() > e.delta_y().abs() { vp.pan_px(-e.delta_x(), bounds) } else { vp.wheel(e.delta_y(), x, bounds) };
                        s.vp = Some(vp);
                        drop(s);
                        schedule();
                    }
                }));
            }
            if let Some(w) = web_sys::window() {
                listeners.push(EventListener::new(&w, "resize", move |_| paint_now()));
            }
            move || drop(listeners)
        });
    }

    let onpointerdown = {
        let (state, canvas_ref) = (state.clone(), canvas_ref.clone());
        Callback::from(move |e: PointerEvent| {
            let Some(canvas) = canvas_ref.cast::<HtmlCanvasElement>() else { return };
            let _ = canvas.set_pointer_capture(e.pointer_id());
            let x = plot_x(&canvas, e.client_x());
            let mut s = state.borrow_mut();
            s.pointers.insert(e.pointer_id(), x);
            s.tap_from = (s.pointers.len() == 1 && x >= 0.0).then_some(x);
        })
    };
    let onpointermove = {
        let (state, canvas_ref, schedule, hover, describe) = (state.clone(), canvas_ref.clone(), schedule.clone(), hover.clone(), p.describe.clone());
        Callback::from(move |e: PointerEvent| {
            let Some(canvas) = canvas_ref.cast::<HtmlCanvasElement>() else { return };
            let x = plot_x(&canvas, e.client_x());
            let y = f64::from(e.offset_y());
            let mut s = state.borrow_mut();
            let bounds = s.bounds();
            let Some(vp) = s.vp else { return };
            match s.pointers.len() {
                0 => {
                    // Hover: what is under the pointer.
                    s.hover_x = Some(x);
                    let rows = draw::rows(&s.timeline);
                    let found = hit(&s.timeline, &vp, &rows, x, y).map(|h| describe.emit(h));
                    drop(s);
                    hover.set(found.map(|text| (f64::from(e.offset_x()), y, text)));
                }
                1 => {
                    let Some(last) = s.pointers.get_mut(&e.pointer_id()) else { return };
                    let dx = x - *last;
                    *last = x;
                    if s.tap_from.is_some_and(|x0| (x - x0).abs() > 4.0) {
                        s.tap_from = None;
                    }
                    if s.tap_from.is_none() {
                        s.vp = Some(vp.pan_px(dx, bounds));
                        drop(s);
                        schedule();
                    }
                }
                _ => {
                    // A pinch: the distance between the first two pointers.
                    let before: Vec<f64> = s.pointers.values().take(2).copied().collect();
                    if let Some(last) = s.pointers.get_mut(&e.pointer_id()) {
                        *last = x;
                    }
                    let after: Vec<f64> = s.pointers.values().take(2).copied().collect();
                    let (d0, d1) = ((before[0] - before[1]).abs(), (after[0] - after[1]).abs());
                    let mid = (after[0] + after[1]) / 2.0;
                    s.tap_from = None;
                    s.vp = Some(vp.pinch(d0, d1, mid, bounds));
                    drop(s);
                    schedule();
                }
            }
        })
    };
    let onpointerup = {
        let (state, on_cursor) = (state.clone(), p.on_cursor.clone());
        Callback::from(move |e: PointerEvent| {
            let mut s = state.borrow_mut();
            s.pointers.remove(&e.pointer_id());
            if let (Some(x), Some(vp)) = (s.tap_from.take(), s.vp) {
                drop(s);
                on_cursor.emit(Some(vp.t_of(x).max(0.0).round() as u64));
            }
        })
    };
    let onpointercancel = {
        let state = state.clone();
        Callback::from(move |e: PointerEvent| {
            let mut s = state.borrow_mut();
            s.pointers.remove(&e.pointer_id());
            s.tap_from = None;
        })
    };
    let onpointerleave = {
        let (state, hover) = (state.clone(), hover.clone());
        Callback::from(move |_: PointerEvent| {
            state.borrow_mut().hover_x = None;
            hover.set(None);
        })
    };
    let onkeydown = {
        let (state, schedule, on_cursor) = (state.clone(), schedule.clone(), p.on_cursor.clone());
        Callback::from(move |e: KeyboardEvent| {
            if e.ctrl_key() || e.meta_key() || e.alt_key() {
                return;
            }
            let mut s = state.borrow_mut();
            let bounds = s.bounds();
            let Some(vp) = s.vp else { return };
            if let Some(k) = NavKey::from_key(&e.key()) {
                e.prevent_default();
                s.vp = Some(vp.key(k, s.hover_x, bounds));
                drop(s);
                schedule();
                return;
            }
            let step = vp.span() * if e.shift_key() { 0.1 } else { 0.01 };
            let now = s.cursor.map_or(vp.t0 + vp.span() / 2.0, |c| c as f64);
            let to = match e.key().as_str() {
                "ArrowRight" => now + step,
                "ArrowLeft" => now - step,
                "Home" => bounds.start,
                "End" => bounds.end,
                "0" => {
                    e.prevent_default();
                    s.vp = Some(Viewport::full(bounds, vp.width));
                    drop(s);
                    schedule();
                    return;
                }
                "Escape" => {
                    drop(s);
                    on_cursor.emit(None);
                    return;
                }
                _ => return,
            };
            e.prevent_default();
            let to = to.clamp(bounds.start, bounds.end);
            // Keep the cursor in view.
            if to < vp.t0 || to > vp.t1 {
                s.vp = Some(Viewport { t0: to - vp.span() / 2.0, t1: to + vp.span() / 2.0, width: vp.width }.clamped(bounds));
            }
            drop(s);
            on_cursor.emit(Some(to.round() as u64));
        })
    };

    html! {
        <div class="gs-timeline" ref={wrap_ref}>
            <canvas ref={canvas_ref} tabindex="0" role="img" aria-label={p.label.clone()}
                aria-describedby="gs-timeline-keys" data-testid="timeline"
                {onpointerdown} {onpointermove} {onpointerup} {onpointercancel} {onpointerleave} {onkeydown} />
            if let Some((x, y, text)) = &*hover {
                <div class="gs-hover" data-testid="hover" style={format!("left:{}px;top:{}px", x + 12.0, y + 12.0)}>{text}</div>
            }
            <p class="gs-keys" id="gs-timeline-keys">{t.timeline_keys}</p>
        </div>
    }
}

/// The pointer's x within the plot (right of the gutter), CSS px.
fn plot_x(canvas: &HtmlCanvasElement, client_x: i32) -> f64 {
    f64::from(client_x) - canvas.get_bounding_client_rect().left() - GUTTER
}

fn paint(canvas_ref: &NodeRef, wrap_ref: &NodeRef, state: &Rc<RefCell<Canvas>>) {
    let (Some(canvas), Some(wrap)) = (canvas_ref.cast::<HtmlCanvasElement>(), wrap_ref.cast::<HtmlElement>()) else { return };
    let mut s = state.borrow_mut();
    let css_w = f64::from(wrap.client_width()).max(GUTTER + 100.0);
    let plot_w = css_w - GUTTER;
    let bounds = s.bounds();
    let vp = match s.vp {
        Some(vp) => vp.resized(plot_w).clamped(bounds),
        None => Viewport::full(bounds, plot_w),
    };
    s.vp = Some(vp);
    let dpr = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio()).clamp(1.0, 3.0);
    let css_h = draw::height(&s.timeline);
    let (w, h) = ((css_w * dpr).round() as u32, (css_h * dpr).round() as u32);
    if canvas.width() != w || canvas.height() != h {
        canvas.set_width(w);
        canvas.set_height(h);
        let _ = canvas.style().set_property("width", &format!("{css_w}px"));
        let _ = canvas.style().set_property("height", &format!("{css_h}px"));
    }
    let Some(ctx) = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
    else {
        return;
    };
    // The window on screen, for whoever reads the page (tests, devtools): the canvas itself
    // changes no DOM.
    let _ = canvas.set_attribute("data-view", &format!("{:.0} {:.0}", vp.t0, vp.t1));
    let colours = Colours::of(&canvas);
    draw::paint(&ctx, &s.timeline, &vp, css_w, dpr, s.cursor, &colours, &s.words);
}
