//! Keeps the first panic message so it can be shown to the person after the thread has aborted.
//!
//! In the browser a panic aborts (wasm traps), so there is no unwinding to catch: the hook writes
//! the message here first, and the worker's polling loop reports it as `Event::Crashed`.

use std::sync::OnceLock;

static FIRST_PANIC: OnceLock<String> = OnceLock::new();

/// Installs the hook (idempotent). The previous hook still runs, so messages reach the console.
pub fn install() {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let _ = FIRST_PANIC.set(describe(info));
            previous(info);
        }));
    });
}

/// The first panic's message, if any thread has panicked.
pub fn first() -> Option<&'static str> {
    FIRST_PANIC.get().map(String::as_str)
}

fn describe(info: &std::panic::PanicHookInfo<'_>) -> String {
    let payload = info.payload();
    let msg = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(no message)");
    match info.location() {
        Some(loc) => format!("{msg} (at {}:{})", loc.file(), loc.line()),
        None => msg.to_string(),
    }
}
