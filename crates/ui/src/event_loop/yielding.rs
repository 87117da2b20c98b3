//! Ways to give the event loop a turn, as futures the chunked job can `await`.
//!
//! Each is the real browser mechanism, not an imitation: `setTimeout(resolve, 0)`, a message
//! posted on a `MessageChannel`, and `scheduler.yield()`. Awaiting a `JsFuture` resumes the Rust
//! code in a microtask right after the promise resolves, so the continuation runs in the task
//! the mechanism scheduled.

use interleave_experiments::event_loop::YieldWith;
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::MessageChannel;

/// `scheduler.yield`, bound to `scheduler`, if this browser has it.
fn scheduler_yield() -> Option<(JsValue, Function)> {
    let scheduler = Reflect::get(&js_sys::global(), &"scheduler".into()).ok().filter(|s| s.is_object())?;
    let f = Reflect::get(&scheduler, &"yield".into()).ok()?.dyn_into::<Function>().ok()?;
    Some((scheduler, f))
}

/// Whether `scheduler.yield()` exists here (Chromium 129+; not Safari, Firefox behind a flag).
pub fn scheduler_yield_available() -> bool {
    scheduler_yield().is_some()
}

/// Resolves after `ms` milliseconds (a timer task).
pub async fn timeout(ms: i32) {
    let promise = Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// Resolves in the next animation frame's callbacks (just before the browser renders).
pub async fn next_frame() {
    let promise = Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.request_animation_frame(&resolve);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// Yields with one mechanism for the length of a run.
pub struct Yielder {
    how: YieldWith,
    channel: Option<MessageChannel>,
}

impl Yielder {
    pub fn new(how: YieldWith) -> Result<Self, String> {
        let channel = match how {
            YieldWith::MessageChannel => {
                Some(MessageChannel::new().map_err(|_| "this browser has no MessageChannel".to_string())?)
            }
            YieldWith::SchedulerYield if !scheduler_yield_available() => {
                return Err("this browser has no scheduler.yield()".into());
            }
            _ => None,
        };
        Ok(Yielder { how, channel })
    }

    /// Gives the event loop a turn and resumes in a new task.
    pub async fn yield_now(&self) {
        let promise = match (self.how, &self.channel) {
            (YieldWith::MessageChannel, Some(ch)) => {
                let (port1, port2) = (ch.port1(), ch.port2());
                Promise::new(&mut |resolve, _| {
                    port1.set_onmessage(Some(&resolve));
                    let _ = port2.post_message(&JsValue::NULL);
                })
            }
            (YieldWith::SchedulerYield, _) => match scheduler_yield() {
                Some((scheduler, f)) => f.call0(&scheduler).map_or_else(|_| Promise::resolve(&JsValue::NULL), |p| p.unchecked_into()),
                None => Promise::resolve(&JsValue::NULL),
            },
            _ => Promise::new(&mut |resolve, _| {
                if let Some(w) = web_sys::window() {
                    let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
                }
            }),
        };
        let _ = JsFuture::from(promise).await;
    }
}

impl Drop for Yielder {
    fn drop(&mut self) {
        if let Some(ch) = &self.channel {
            ch.port1().set_onmessage(None);
            ch.port1().close();
            ch.port2().close();
        }
    }
}
