//! G: a goroutine — here a Rust future and its scheduling state in one heap
//! block (header + future, as tokio's task cell), with its own reference count.
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
//! - `CANCELLED`: the runtime shut down with the G unfinished; set by the
//!   teardown (`Sched::teardown`) after every M is gone, before it drops the
//!   future. Wakes no-op; `cancel` then stores a "cancelled" panic as the
//!   output and moves the G to `DONE` (awaiting its JoinHandle panics, as
//!   tokio's `JoinError::Cancelled`).
//!
//! Transitions are CASes on `state` (`crate::gstate`, which loom checks), so
//! a G is queued at most once: "every G runs exactly once per wake-up" is a
//! property of this state machine.

use crate::queue::Item;
use crate::sched::Sched;
use crate::sync::{Arc, AtomicU32, AtomicU64, Mutex, Ordering, fence, lock};
use std::cell::UnsafeCell;
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::ptr::NonNull;
use std::task::{Context, Poll, RawWaker, RawWakerVTable, Waker};

pub(crate) use crate::gstate::{CANCELLED, DONE, NOTIFIED, RUNNABLE, RUNNING};

/// References beyond this abort, as `Arc` does on overflow.
const MAX_REFS: u32 = u32::MAX / 2;

/// The typed operations of a G, reached through its header.
struct VTable {
    /// Poll the future once (only the M that moved the G to RUNNING).
    poll: unsafe fn(NonNull<Header>, &mut Context<'_>) -> Poll<()>,
    /// Move the output into `*out: Option<std::thread::Result<F::Output>>`.
    take_output: unsafe fn(NonNull<Header>, *mut ()),
    /// Free the cell (the last reference is gone).
    dealloc: unsafe fn(NonNull<Header>),
    /// Drop the future in place (shutdown); its output becomes a panic.
    cancel: unsafe fn(NonNull<Header>),
}

/// The fixed part of every G: what the scheduler needs without knowing the
/// future's type. Go: `g` in runtime2.go (without the stack).
pub(crate) struct Header {
    /// Owned references: queues, wakers, the JoinHandle, the running M.
    refs: AtomicU32,
    /// IDLE / RUNNABLE / RUNNING / NOTIFIED / DONE (module doc).
    pub(crate) state: AtomicU32,
    vtable: &'static VTable,
    pub(crate) sched: Arc<Sched>,
    pub(crate) id: u64,
    /// Virtual time the G was last published to other Ms: made runnable
    /// (queued) or parked (GoBlock). Simulator only (see `Sched::stamp_g`);
    /// Relaxed: the simulator runs every M on one OS thread.
    pub(crate) ts: AtomicU64,
    join_waker: Mutex<Option<Waker>>,
}

enum Stage<F: Future> {
    Running(F),
    Done(std::thread::Result<F::Output>),
    Taken,
}

/// A G is one heap block: header then the future (later its output), as in
/// tokio's task cell. `repr(C)` puts the header at offset 0, so a pointer to
/// the cell is a pointer to the header.
#[repr(C)]
struct Cell<F: Future> {
    header: Header,
    /// Accessed by the M that moved `state` to RUNNING, or by the JoinHandle
    /// after it observed DONE.
    stage: UnsafeCell<Stage<F>>,
}

impl<F> Cell<F>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    const VTABLE: VTable =
        VTable { poll: Self::poll, take_output: Self::take_output, dealloc: Self::dealloc, cancel: Self::cancel };

    /// # Safety
    /// `h` points to a live `Cell<F>`, its state is CANCELLED and no M exists
    /// (the teardown is the only accessor of `stage`).
    unsafe fn cancel(h: NonNull<Header>) {
        // SAFETY: the header is at offset 0 of a live Cell<F> (caller).
        let cell = unsafe { h.cast::<Cell<F>>().as_ref() };
        // SAFETY: CANCELLED with no M left: nobody else touches the stage.
        let stage = unsafe { &mut *cell.stage.get() };
        if !matches!(stage, Stage::Running(_)) {
            return;
        }
        let msg: Box<dyn std::any::Any + Send> = Box::new("G cancelled: the runtime shut down before it finished");
        // A destructor that panics must not stop the teardown of the others.
        let dropped = catch_unwind(AssertUnwindSafe(|| *stage = Stage::Done(Err(msg))));
        if dropped.is_err() {
            *stage = Stage::Taken;
        }
    }

    /// # Safety
    /// `h` points to a live `Cell<F>` and the caller is the M that moved its
    /// state to RUNNING (the only accessor of `stage`).
    unsafe fn poll(h: NonNull<Header>, cx: &mut Context<'_>) -> Poll<()> {
        // SAFETY: the header is at offset 0 of a live Cell<F> (caller).
        let cell = unsafe { h.cast::<Cell<F>>().as_ref() };
        // SAFETY: the RUNNING state makes us the only accessor (caller).
        let stage = unsafe { &mut *cell.stage.get() };
        let Stage::Running(f) = stage else {
            return Poll::Ready(());
        };
        // SAFETY: the cell is heap-allocated and never moved until freed, and
        // `f` is only dropped in place (when the stage is replaced): pinned.
        let f = unsafe { Pin::new_unchecked(f) };
        let out = match catch_unwind(AssertUnwindSafe(|| f.poll(cx))) {
            Ok(Poll::Pending) => return Poll::Pending,
            Ok(Poll::Ready(v)) => Ok(v),
            Err(p) => Err(p),
        };
        *stage = Stage::Done(out);
        Poll::Ready(())
    }

    /// # Safety
    /// `h` points to a live `Cell<F>` whose state the caller saw DONE
    /// (Acquire); `out` points to an `Option<std::thread::Result<F::Output>>`.
    unsafe fn take_output(h: NonNull<Header>, out: *mut ()) {
        // SAFETY: see the contract above: no M touches the stage any more.
        let cell = unsafe { h.cast::<Cell<F>>().as_ref() };
        // SAFETY: as above; only the JoinHandle reaches this.
        let stage = unsafe { &mut *cell.stage.get() };
        if let Stage::Done(v) = std::mem::replace(stage, Stage::Taken) {
            // SAFETY: the JoinHandle<F::Output> built in `G::new` passes a
            // slot of exactly this type (caller).
            unsafe { *out.cast::<Option<std::thread::Result<F::Output>>>() = Some(v) };
        }
    }

    /// # Safety
    /// `h` came from `G::new::<F>` and no reference is left.
    unsafe fn dealloc(h: NonNull<Header>) {
        // SAFETY: allocated as Box<Cell<F>> in G::new; the last reference is
        // gone, so nobody else can reach it.
        drop(unsafe { Box::from_raw(h.cast::<Cell<F>>().as_ptr()) });
    }
}

/// One owned reference to a G (the queues, the running M and wakers hold
/// these). Cloning counts; dropping the last frees the cell.
pub(crate) struct G {
    ptr: NonNull<Header>,
}

// SAFETY: the header is atomics, locks and an `Arc<Sched>`; the stage is only
// touched by the single owner the state machine names (module doc), and the
// future and its output are `Send` (bounds of `G::new`).
unsafe impl Send for G {}
// SAFETY: as above.
unsafe impl Sync for G {}

impl std::ops::Deref for G {
    type Target = Header;
    fn deref(&self) -> &Header {
        // SAFETY: we hold a reference, so the cell is live.
        unsafe { self.ptr.as_ref() }
    }
}

impl Clone for G {
    fn clone(&self) -> G {
        // Relaxed: a new reference is made from an existing one, which keeps
        // the cell alive; nothing is published (as in `Arc::clone`).
        if self.refs.fetch_add(1, Ordering::Relaxed) > MAX_REFS {
            std::process::abort();
        }
        G { ptr: self.ptr }
    }
}

impl Drop for G {
    fn drop(&mut self) {
        // Release: our uses of the G happen before the free; pairs with the
        // Acquire fence below in whoever drops the last reference.
        if self.refs.fetch_sub(1, Ordering::Release) != 1 {
            return;
        }
        // Acquire: pairs with every other dropper's Release decrement.
        fence(Ordering::Acquire);
        // SAFETY: last reference; the vtable matches the cell's type.
        unsafe { (self.vtable.dealloc)(self.ptr) }
    }
}

impl Item for G {
    fn into_raw(self) -> *mut () {
        let p = self.ptr.as_ptr().cast();
        std::mem::forget(self);
        p
    }
    unsafe fn from_raw(p: *mut ()) -> G {
        // SAFETY: `p` came from `into_raw` (non-null) and its reference is
        // handed to us (trait contract).
        G { ptr: unsafe { NonNull::new_unchecked(p.cast()) } }
    }
}

impl Drop for Header {
    fn drop(&mut self) {
        self.sched.g_dropped();
    }
}

impl G {
    /// Allocate a G (one block: header + future), RUNNABLE, one reference.
    pub(crate) fn new<F>(sched: Arc<Sched>, id: u64, f: F) -> G
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        let cell = Box::new(Cell {
            header: Header {
                refs: AtomicU32::new(1),
                state: AtomicU32::new(RUNNABLE),
                vtable: &Cell::<F>::VTABLE,
                sched,
                id,
                ts: AtomicU64::new(0),
                join_waker: Mutex::new(None),
            },
            stage: UnsafeCell::new(Stage::Running(f)),
        });
        // SAFETY: Box::into_raw is never null; repr(C) puts the header first.
        G { ptr: unsafe { NonNull::new_unchecked(Box::into_raw(cell).cast()) } }
    }

    /// Poll the future once. Caller: the M that set `state` to RUNNING.
    pub(crate) fn poll(&self, cx: &mut Context<'_>) -> Poll<()> {
        debug_assert!(matches!(self.state.load(Ordering::Relaxed), RUNNING | NOTIFIED));
        // SAFETY: the RUNNING state makes this M the only accessor of the
        // stage (module doc); the vtable matches the cell.
        unsafe { (self.vtable.poll)(self.ptr, cx) }
    }

    /// Destroy an unfinished G at shutdown: drop its future (running its
    /// destructors) and wake the joiner, whose `await` then panics.
    /// Caller: `Sched::teardown`, after every M is gone and after moving the
    /// state to CANCELLED.
    pub(crate) fn cancel(&self) {
        debug_assert_eq!(self.state.load(Ordering::Relaxed), CANCELLED);
        // SAFETY: CANCELLED and no M left: the teardown is the only accessor
        // of the stage (caller); the vtable matches the cell.
        unsafe { (self.vtable.cancel)(self.ptr) }
        self.complete();
    }

    /// Mark finished and wake the joiner. Caller: the M that polled it to Ready.
    pub(crate) fn complete(&self) {
        // Release: pairs with the Acquire load in JoinHandle::poll; publishes
        // the output written into the stage.
        self.state.store(DONE, Ordering::Release);
        let w = lock(&self.join_waker).take();
        if let Some(w) = w {
            w.wake();
        }
    }

    /// Wake a parked G. Go: `ready` (via goready).
    pub(crate) fn wake_ref(&self) {
        // IDLE → RUNNABLE: we queue it; RUNNING → NOTIFIED: its M requeues
        // it after the poll (crate::gstate).
        if crate::gstate::wake(&self.state) {
            self.sched.ready(self.clone());
        }
    }

    /// A waker that borrows this reference (no count change) for one poll;
    /// its clones count as usual. Valid while `self` is alive.
    pub(crate) fn waker_ref(&self) -> std::mem::ManuallyDrop<Waker> {
        // SAFETY: the waker is never dropped (ManuallyDrop) nor woken by
        // value (a Context only lends `&Waker`), so it never releases the
        // reference it points to; the caller keeps `self` alive meanwhile.
        std::mem::ManuallyDrop::new(unsafe { Waker::from_raw(RawWaker::new(self.ptr.as_ptr().cast_const().cast(), &WAKER_VTABLE)) })
    }
}

static WAKER_VTABLE: RawWakerVTable = RawWakerVTable::new(waker_clone, waker_wake, waker_wake_by_ref, waker_drop);

/// Borrow the G behind a waker's data pointer without touching its count.
///
/// # Safety
/// `p` is a waker's data pointer made by `G::into_waker` and still owned by
/// that waker.
unsafe fn borrowed(p: *const ()) -> std::mem::ManuallyDrop<G> {
    // SAFETY: caller; ManuallyDrop keeps the waker's reference untouched.
    std::mem::ManuallyDrop::new(unsafe { G::from_raw(p.cast_mut()) })
}

unsafe fn waker_clone(p: *const ()) -> RawWaker {
    // SAFETY: `p` is this waker's live reference (RawWakerVTable contract).
    let g = unsafe { borrowed(p) };
    std::mem::forget(G::clone(&g));
    RawWaker::new(p, &WAKER_VTABLE)
}

unsafe fn waker_wake(p: *const ()) {
    // SAFETY: `wake` consumes the waker's reference (RawWakerVTable contract).
    let g = unsafe { G::from_raw(p.cast_mut()) };
    g.wake_ref();
}

unsafe fn waker_wake_by_ref(p: *const ()) {
    // SAFETY: `p` is this waker's live reference.
    unsafe { borrowed(p) }.wake_ref();
}

unsafe fn waker_drop(p: *const ()) {
    // SAFETY: `drop` consumes the waker's reference.
    drop(unsafe { G::from_raw(p.cast_mut()) });
}

/// Awaitable handle to a G's result. Dropping it detaches the G.
/// If the G panicked, awaiting the handle resumes the panic.
pub struct JoinHandle<T> {
    g: G,
    _t: std::marker::PhantomData<fn() -> T>,
}

impl<T: Send + 'static> JoinHandle<T> {
    pub(crate) fn new(g: G) -> Self {
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
        // more and the output write happened-before; only this handle takes
        // it; `out` has the type the G was spawned with (JoinHandle<T>).
        unsafe { (self.g.vtable.take_output)(self.g.ptr, (&raw mut out).cast()) };
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


#[cfg(test)]
mod tests {
    use super::*;

    /// A G is one block: the header plus the future, nothing beside it.
    #[test]
    fn g_is_one_small_block() {
        // One cache line for the header.
        assert!(std::mem::size_of::<Header>() <= 64, "header grew: {}", std::mem::size_of::<Header>());
        assert!(std::mem::size_of::<Cell<std::future::Ready<u64>>>() <= 64 + 32);
    }
}
