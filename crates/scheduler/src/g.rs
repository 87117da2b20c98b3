//! G: a goroutine — here a boxed Rust future plus its scheduling state.
//! Go: `g` in runtime2.go.
//!
//! ## G states (`G::state`), and who may move them
//! - `RUNNABLE`: in exactly one run queue (local ring, runnext, or global).
//!   Whoever dequeues it owns it.
//! - `RUNNING`: an M is polling it (or holds it across a syscall). Only that
//!   M touches the future.
//! - `NOTIFIED`: woken while `RUNNING`; the M requeues it after the poll
//!   (Go: the G was readied while running — e.g. `Gosched`).
//! - `IDLE`: parked (Go: `_Gwaiting`): no queue holds it; a `Waker` does.
//!   The first wake moves it to `RUNNABLE` and queues it; later wakes no-op.
//! - `DONE`: finished; the output waits in the task cell for the JoinHandle.
//!
//! Transitions are CASes on `state`, so a G is queued at most once: "every G
//! runs exactly once per wake-up" is a property of this state machine.

use crate::sched::Sched;
use crate::sync::{Arc, AtomicU32, Mutex, Ordering, lock};
use std::any::Any;
use std::cell::UnsafeCell;
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::task::{Context, Poll, Wake, Waker};

pub(crate) const IDLE: u32 = 0;
pub(crate) const RUNNABLE: u32 = 1;
pub(crate) const RUNNING: u32 = 2;
pub(crate) const NOTIFIED: u32 = 3;
pub(crate) const DONE: u32 = 4;


/// Type-erased future + output slot.
trait GTask: Send {
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()>;
    /// Move the output (`Option<std::thread::Result<T>>`) into `out`.
    fn take_output(self: Pin<&mut Self>, out: &mut dyn Any);
}

enum Stage<F: Future> {
    Running(F),
    Done(std::thread::Result<F::Output>),
    Taken,
}

struct Cell<F: Future> {
    stage: Stage<F>,
}

impl<F> GTask for Cell<F>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        // SAFETY: `stage` is structurally pinned: `F` is never moved out of
        // `Running`; it is only dropped in place when the stage is replaced.
        let this = unsafe { self.get_unchecked_mut() };
        let Stage::Running(f) = &mut this.stage else {
            return Poll::Ready(());
        };
        // SAFETY: see above; the Cell lives in a pinned Box.
        let f = unsafe { Pin::new_unchecked(f) };
        match catch_unwind(AssertUnwindSafe(|| f.poll(cx))) {
            Ok(Poll::Pending) => Poll::Pending,
            Ok(Poll::Ready(v)) => {
                this.stage = Stage::Done(Ok(v));
                Poll::Ready(())
            }
            Err(p) => {
                this.stage = Stage::Done(Err(p));
                Poll::Ready(())
            }
        }
    }

    fn take_output(self: Pin<&mut Self>, out: &mut dyn Any) {
        // SAFETY: we only replace the stage; `Done` holds no pinned data.
        let this = unsafe { self.get_unchecked_mut() };
        if let Stage::Done(v) = std::mem::replace(&mut this.stage, Stage::Taken) {
            let slot = out
                .downcast_mut::<Option<std::thread::Result<F::Output>>>()
                .expect("take_output: JoinHandle type does not match the G's output");
            *slot = Some(v);
        }
    }
}

pub(crate) struct G {
    pub(crate) id: u64,
    pub(crate) state: AtomicU32,
    pub(crate) sched: Arc<Sched>,
    /// Accessed by the M that moved `state` to RUNNING, or by the JoinHandle
    /// after it observed DONE.
    task: UnsafeCell<Pin<Box<dyn GTask>>>,
    join_waker: Mutex<Option<Waker>>,
}

// SAFETY: `task` is only touched by the single owner the state machine names
// (see the field doc); everything else is atomics or locks.
unsafe impl Sync for G {}

impl G {
    pub(crate) fn new<F>(sched: Arc<Sched>, id: u64, f: F) -> Arc<G>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        Arc::new(G {
            id,
            state: AtomicU32::new(RUNNABLE),
            sched,
            task: UnsafeCell::new(Box::pin(Cell { stage: Stage::Running(f) })),
            join_waker: Mutex::new(None),
        })
    }

    /// Poll the future once. Caller: the M that set `state` to RUNNING.
    pub(crate) fn poll(self: &Arc<G>, cx: &mut Context<'_>) -> Poll<()> {
        debug_assert!(matches!(self.state.load(Ordering::Relaxed), RUNNING | NOTIFIED));
        // SAFETY: the RUNNING state makes this M the only accessor of `task`
        // (module doc); the Box is pinned and never moved.
        let task = unsafe { &mut *self.task.get() };
        task.as_mut().poll(cx)
    }

    /// Mark finished and wake the joiner. Caller: the M that polled it to Ready.
    pub(crate) fn complete(&self) {
        // Release: pairs with the Acquire load in JoinHandle::poll; publishes
        // the output written into `task`.
        self.state.store(DONE, Ordering::Release);
        let w = lock(&self.join_waker).take();
        if let Some(w) = w {
            w.wake();
        }
    }

    /// Wake a parked G. Go: `ready` (via goready).
    pub(crate) fn wake_ref(self: &Arc<G>) {
        // Acquire on load: pairs with the Release CAS RUNNING→IDLE in
        // Sched::execute, so the state we see is the one the M left.
        let mut s = self.state.load(Ordering::Acquire);
        loop {
            let next = match s {
                IDLE => RUNNABLE,
                RUNNING => NOTIFIED,
                _ => return, // RUNNABLE, NOTIFIED, DONE: already queued or gone
            };
            // AcqRel: the winner of IDLE→RUNNABLE owns the G and queues it;
            // Release publishes whatever the waker wrote for the G (a channel
            // value) — the queue push publishes it again for the next M.
            match self.state.compare_exchange(s, next, Ordering::AcqRel, Ordering::Acquire) {
                Ok(_) => {
                    if next == RUNNABLE {
                        self.sched.ready(self.clone());
                    }
                    return;
                }
                Err(actual) => s = actual,
            }
        }
    }
}

impl Wake for G {
    fn wake(self: Arc<Self>) {
        self.wake_ref();
    }
    fn wake_by_ref(self: &Arc<Self>) {
        self.wake_ref();
    }
}

impl Drop for G {
    fn drop(&mut self) {
        self.sched.g_dropped();
    }
}

/// Awaitable handle to a G's result. Dropping it detaches the G.
/// If the G panicked, awaiting the handle resumes the panic.
pub struct JoinHandle<T> {
    g: Arc<G>,
    _t: std::marker::PhantomData<fn() -> T>,
}

impl<T: Send + 'static> JoinHandle<T> {
    pub(crate) fn new(g: Arc<G>) -> Self {
        JoinHandle { g, _t: std::marker::PhantomData }
    }

    /// The G's id (Go: goid).
    pub fn id(&self) -> u64 {
        self.g.id
    }

    pub fn is_finished(&self) -> bool {
        // Acquire: pairs with complete's Release.
        self.g.state.load(Ordering::Acquire) == DONE
    }

    fn take(&mut self) -> std::thread::Result<T> {
        let mut out: Option<std::thread::Result<T>> = None;
        // SAFETY: the caller observed DONE (Acquire), so no M polls the G any
        // more and the output write happened-before; only this handle takes it.
        let task = unsafe { &mut *self.g.task.get() };
        task.as_mut().take_output(&mut out);
        out.expect("JoinHandle: output already taken")
    }
}

impl<T: Send + 'static> Future for JoinHandle<T> {
    type Output = T;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        if !self.is_finished() {
            let mut w = lock(&self.g.join_waker);
            // Re-check under the lock: complete() stores DONE before taking
            // the lock, so either we see DONE here or it sees our waker.
            if !self.is_finished() {
                match &mut *w {
                    Some(old) if old.will_wake(cx.waker()) => {}
                    slot => *slot = Some(cx.waker().clone()),
                }
                crate::sched::set_block_reason(crate::trace::BlockReason::Join);
                return Poll::Pending;
            }
        }
        match self.take() {
            Ok(v) => Poll::Ready(v),
            Err(p) => std::panic::resume_unwind(p),
        }
    }
}

/// Build a waker for `g` (one refcount increment).
pub(crate) fn waker(g: &Arc<G>) -> Waker {
    Waker::from(g.clone())
}
