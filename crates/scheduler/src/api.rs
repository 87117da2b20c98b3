//! The Go-like API for code running inside a runtime: `go`, `yield_now`
//! (Gosched), `syscall` / `blocking`, `sleep`, `work`, `gomaxprocs`.
//! Channels, `select`, `WaitGroup` and `Mutex` live in their own modules.

use crate::g::JoinHandle;
use crate::sched::{M, set_block_reason, with_current};
use crate::trace::BlockReason;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

fn current<R>(what: &str, f: impl FnOnce(&M) -> R) -> R {
    with_current(|m| match m {
        Some(m) => f(m),
        None => panic!("{what}: called outside a G (use Runtime::block_on or Sim::run)"),
    })
}

/// Start a new G. Go: `go f()`. The new G goes to the current P's runnext.
pub fn go<F>(f: F) -> JoinHandle<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    current("go", |m| m.sched.spawn(f))
}

/// Alias of [`go`].
pub fn spawn<F>(f: F) -> JoinHandle<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    go(f)
}

/// Let other Gs run. Go: `runtime.Gosched`: the G goes to the tail of the
/// global run queue (not its P's), and an idle P may be woken to run it.
pub fn yield_now() -> YieldNow {
    YieldNow { yielded: false }
}

pub struct YieldNow {
    yielded: bool,
}

impl Future for YieldNow {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.yielded {
            return Poll::Ready(());
        }
        self.yielded = true;
        cx.waker().wake_by_ref();
        crate::sched::set_yielded();
        Poll::Pending
    }
}

/// GOMAXPROCS of the current runtime.
pub fn gomaxprocs() -> usize {
    current("gomaxprocs", |m| m.sched.procs())
}

/// The id of the running G (Go: goid).
pub fn current_g() -> u64 {
    current("current_g", |m| m.cur_g.get())
}

/// Host clock, ns since the runtime started (virtual in the simulator).
pub fn now() -> u64 {
    current("now", |m| m.sched.host.now())
}

/// Burn `d` of CPU **without** yielding: the G keeps its P for the whole
/// time (Go before 1.14 behaved like this for loops without calls). In the
/// simulator this advances the M's virtual clock.
pub fn work(d: Duration) {
    let ns = d.as_nanos() as u64;
    current("work", |m| {
        m.emit_work(ns);
        m.sched.host.work(ns);
    })
}

/// Run a blocking closure on this M, Go's syscall path: the P stays with the
/// M (exitsyscall fast path) unless sysmon retakes it after the threshold and
/// hands it to another M. Outside a runtime, just calls `f`.
pub fn syscall<T, F: FnOnce() -> T>(f: F) -> Syscall<F, T> {
    Syscall { f: Some(f), out: None, handoff: false, nominal: None }
}

/// Like [`syscall`], but hands the P off at once. Go: `entersyscallblock`.
pub fn blocking<T, F: FnOnce() -> T>(f: F) -> Syscall<F, T> {
    Syscall { f: Some(f), out: None, handoff: true, nominal: None }
}

/// A syscall that blocks for `d` (natively: `thread::sleep`; in the
/// simulator: `d` of virtual time with the M blocked).
pub fn blocking_sleep(d: Duration) -> Syscall<impl FnOnce(), ()> {
    let virt = with_current(|m| m.is_some_and(|m| m.sched.host.is_virtual()));
    Syscall {
        f: Some(move || {
            if !virt {
                std::thread::sleep(d);
            }
        }),
        out: None,
        handoff: false,
        nominal: Some(d.as_nanos() as u64),
    }
}

pub struct Syscall<F, T> {
    f: Option<F>,
    out: Option<T>,
    handoff: bool,
    nominal: Option<u64>,
}

impl<F, T> Unpin for Syscall<F, T> {}

impl<T, F: FnOnce() -> T> Future for Syscall<F, T> {
    type Output = T;
    fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<T> {
        if let Some(v) = self.out.take() {
            return Poll::Ready(v);
        }
        let f = self.f.take().expect("Syscall polled after completion");
        let (handoff, nominal) = (self.handoff, self.nominal);
        let entered = with_current(|m| match m {
            Some(m) => {
                let ns = m.sched.host.syscall_ns(nominal);
                m.entersyscall(handoff, ns);
                true
            }
            None => false,
        });
        let v = f();
        if !entered {
            return Poll::Ready(v);
        }
        // The M holds this G across the syscall and re-polls it after
        // exitsyscall (no waker involved).
        self.out = Some(v);
        Poll::Pending
    }
}

/// Sleep for `d` on the runtime's timers. Go: `time.Sleep`.
pub fn sleep(d: Duration) -> Sleep {
    Sleep { at: now().saturating_add(d.as_nanos() as u64), registered: false }
}

/// Sleep until host time `at` (ns).
pub fn sleep_until(at: u64) -> Sleep {
    Sleep { at, registered: false }
}

pub struct Sleep {
    at: u64,
    registered: bool,
}

impl Future for Sleep {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let at = self.at;
        let (now, sched) = current("sleep", |m| (m.sched.host.now(), m.sched.clone()));
        if now >= at {
            return Poll::Ready(());
        }
        if !self.registered {
            self.registered = true;
            sched.add_timer(at, cx.waker().clone());
        }
        crate::sched::note_wait(crate::trace::Wait::Timer { at });
        set_block_reason(BlockReason::Sleep);
        Poll::Pending
    }
}
