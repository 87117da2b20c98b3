//! What this browser gives the page, and what follows from it (PRODUCT.md "tiers").
//!
//! [`Capabilities`] is read once from the browser; [`Tier`] and the explanations are pure
//! functions of it, tested natively.

use wasm_bindgen::{JsCast, JsValue};

use crate::i18n::Messages;

/// Facts read from the browser.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Capabilities {
    pub cross_origin_isolated: bool,
    pub shared_array_buffer: bool,
    pub workers: bool,
    pub hardware_concurrency: u32,
    /// The page is inside an iframe.
    pub embedded: bool,
}

/// Where the code can run (PRODUCT.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tier {
    /// Real workers sharing the engine's memory.
    Threads,
    /// Workers that pass messages, no shared memory.
    Workers,
    /// Nothing runs; recorded results only.
    Replay,
}

impl Tier {
    pub fn number(self) -> u8 {
        match self {
            Tier::Threads => 1,
            Tier::Workers => 2,
            Tier::Replay => 3,
        }
    }

    /// The tier's name in links and recorded results (the page says it through the catalog).
    pub fn name(self) -> &'static str {
        match self {
            Tier::Threads => "threads",
            Tier::Workers => "workers, no shared memory",
            Tier::Replay => "replay",
        }
    }
}

impl Capabilities {
    pub fn tier(&self) -> Tier {
        if self.cross_origin_isolated && self.shared_array_buffer && self.workers {
            Tier::Threads
        } else if self.workers {
            Tier::Workers
        } else {
            Tier::Replay
        }
    }

    /// The pool size the engine should use: the hardware threads, at least 1, at most `cap`.
    pub fn pool_threads(&self, cap: u32) -> u32 {
        self.hardware_concurrency.clamp(1, cap)
    }

    /// Plain words, in the catalog `m`'s language: what works here, and what does not and why.
    pub fn explain(&self, m: &Messages) -> Explanation {
        match self.tier() {
            Tier::Threads => Explanation { works: m.works_threads, missing: None, fix: None },
            Tier::Workers => Explanation {
                works: m.works_workers,
                missing: Some(m.missing_workers),
                fix: Some(if self.embedded { m.fix_workers_embedded } else { m.fix_workers_served }),
            },
            Tier::Replay => Explanation { works: m.works_replay, missing: Some(m.missing_replay), fix: Some(m.fix_replay) },
        }
    }
}

/// What the status strip says about a tier.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Explanation {
    pub works: &'static str,
    pub missing: Option<&'static str>,
    pub fix: Option<&'static str>,
}

/// Reads the capabilities of the running browser.
pub fn detect() -> Capabilities {
    let global = js_sys::global();
    let get = |name: &str| js_sys::Reflect::get(&global, &JsValue::from_str(name)).ok();
    let present = |name: &str| get(name).is_some_and(|v| !v.is_undefined());
    let window = web_sys::window();
    let embedded = window.as_ref().is_some_and(|w| {
        let top = w.top().ok().flatten();
        top.is_none_or(|t| !JsValue::from(t).eq(w.unchecked_ref::<JsValue>()))
    });
    Capabilities {
        cross_origin_isolated: get("crossOriginIsolated").and_then(|v| v.as_bool()).unwrap_or(false),
        shared_array_buffer: present("SharedArrayBuffer"),
        workers: present("Worker"),
        hardware_concurrency: window
            .map(|w| w.navigator().hardware_concurrency() as u32)
            .unwrap_or(1),
        embedded,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caps(isolated: bool, sab: bool, workers: bool) -> Capabilities {
        Capabilities {
            cross_origin_isolated: isolated,
            shared_array_buffer: sab,
            workers,
            hardware_concurrency: 2,
            embedded: false,
        }
    }

    #[test]
    fn tiers_follow_isolation() {
        assert_eq!(caps(true, true, true).tier(), Tier::Threads);
        assert_eq!(caps(false, false, true).tier(), Tier::Workers);
        // SharedArrayBuffer may exist without isolation (old flags), but it cannot be shared.
        assert_eq!(caps(false, true, true).tier(), Tier::Workers);
        assert_eq!(caps(false, false, false).tier(), Tier::Replay);
    }

    #[test]
    fn explanations_say_why_and_what_to_do() {
        let m = crate::i18n::Lang::En.messages();
        assert!(caps(true, true, true).explain(m).missing.is_none());
        let e = caps(false, false, true).explain(m);
        assert!(e.missing.unwrap().contains("cross-origin isolated"));
        assert!(e.fix.unwrap().contains("Cross-Origin-Embedder-Policy"));
        let embedded = Capabilities { embedded: true, ..caps(false, false, true) };
        assert!(embedded.explain(m).fix.unwrap().contains("new tab"));
        let ko = crate::i18n::Lang::Ko.messages();
        assert!(embedded.explain(ko).fix.unwrap().contains("새 탭"));
    }

    #[test]
    fn pool_size_is_bounded() {
        let c = Capabilities { hardware_concurrency: 64, ..caps(true, true, true) };
        assert_eq!(c.pool_threads(16), 16);
        let c = Capabilities { hardware_concurrency: 0, ..c };
        assert_eq!(c.pool_threads(16), 1);
    }
}
