//! The page's clock: `performance.now()` in milliseconds (5 µs steps when cross-origin isolated,
//! 100 µs in Chromium when not). Every timing on the main thread reads it.

pub fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}
