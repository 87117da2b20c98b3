//! `select` over channel operations. Go: select.go's `selectgo`.

use crate::sched::set_block_reason;
use crate::sync::{AtomicU32, Mutex, MutexGuard, Ordering, lock};
use crate::trace::BlockReason;
use std::cell::UnsafeCell;
use std::future::Future;
use std::pin::Pin;
use std::ptr;
use std::task::{Context, Poll, Waker};
use super::*;

/// One arm of a [`Select`]. Boxed, so its waiter does not move.
/// Methods marked "lock held" require the select to hold this arm's channel
/// lock (all of them, taken by `lock_all`).
trait Arm<'a, R>: Send + 'a {
    /// The arm's waiter and its channel: what both arm kinds share.
    fn waiter(&self) -> &dyn Queued<'a>;
    /// Lock held. Try to complete now; on success the value has moved and the
    /// returned waker (a counterpart's) is to be woken after unlocking.
    unsafe fn try_now(&mut self) -> Option<Option<Waker>>;
    /// The arm completed (by `try_now` or a claim): run its closure.
    fn complete(&mut self) -> R;
}

/// The type-erased half of an [`ArmWaiter`] a select drives. Methods marked
/// "lock held" as in [`Arm`].
trait Queued<'a> {
    /// The arm's channel lock (for `lock_all`).
    fn lock(&self) -> &'a Mutex<()>;
    /// Lock held. Queue the arm's waiter on the select's claim word.
    unsafe fn enqueue(&self, claim: *const AtomicU32, arm: u16, waker: &Waker);
    /// Lock held. Refresh the waiter's waker.
    unsafe fn set_waker(&self, waker: &Waker);
    /// Lock held. Unlink the waiter if it is still queued.
    unsafe fn dequeue(&self);
}

/// An arm's waiter, the channel it waits on and in which direction.
struct ArmWaiter<'a, T> {
    chan: &'a Chan<T>,
    dir: Dir,
    /// A send arm's value waits in the slot.
    node: UnsafeCell<Waiter<T>>,
}

impl<'a, T> ArmWaiter<'a, T> {
    fn new(chan: &'a Chan<T>, dir: Dir, slot: Option<T>) -> Self {
        ArmWaiter { chan, dir, node: UnsafeCell::new(Waiter::new(slot)) }
    }
}

impl<'a, T> Queued<'a> for ArmWaiter<'a, T> {
    fn lock(&self) -> &'a Mutex<()> {
        &self.chan.lock
    }
    unsafe fn enqueue(&self, claim: *const AtomicU32, arm: u16, waker: &Waker) {
        // SAFETY: lock held; the waiter is boxed with the arm and dequeued
        // before the select drops it (and the claim word with it).
        unsafe { enqueue(self.chan.state_locked(), self.dir, self.node.get(), claim, arm, waker) };
    }
    unsafe fn set_waker(&self, waker: &Waker) {
        // SAFETY: lock held.
        unsafe { set_waker(self.node.get(), waker) };
    }
    unsafe fn dequeue(&self) {
        // SAFETY: lock held; if linked, it is in this channel's `dir` queue.
        unsafe { self.chan.state_locked().waitq(self.dir).remove(self.node.get()) };
    }
}

struct RecvArm<'a, T, F> {
    w: ArmWaiter<'a, T>,
    f: Option<F>,
}

// SAFETY: as for Recv; `F: Send`.
unsafe impl<T: Send, F: Send> Send for RecvArm<'_, T, F> {}

impl<'a, T: Send + 'a, R, F: FnOnce(Option<T>) -> R + Send + 'a> Arm<'a, R> for RecvArm<'a, T, F> {
    fn waiter(&self) -> &dyn Queued<'a> {
        &self.w
    }
    unsafe fn try_now(&mut self) -> Option<Option<Waker>> {
        // SAFETY: lock held (trait contract).
        let (v, w) = unsafe { self.w.chan.state_locked() }.try_recv()?;
        // SAFETY: not queued: the waiter is ours alone.
        unsafe { (*self.w.node.get()).slot = v };
        Some(w)
    }
    fn complete(&mut self) -> R {
        // SAFETY: completed: no counterpart touches the waiter any more.
        let v = unsafe { (*self.w.node.get()).slot.take() };
        (self.f.take().expect("select arm used twice"))(v)
    }
}

struct SendArm<'a, T, F> {
    w: ArmWaiter<'a, T>,
    f: Option<F>,
}

// SAFETY: as for Send_; `F: Send`.
unsafe impl<T: Send, F: Send> Send for SendArm<'_, T, F> {}

impl<'a, T: Send + 'a, R, F: FnOnce() -> R + Send + 'a> Arm<'a, R> for SendArm<'a, T, F> {
    fn waiter(&self) -> &dyn Queued<'a> {
        &self.w
    }
    unsafe fn try_now(&mut self) -> Option<Option<Waker>> {
        let node = self.w.node.get();
        // SAFETY: not queued: the waiter is ours alone.
        let v = unsafe { (*node).slot.take() }.expect("select send arm without value");
        // SAFETY: lock held (trait contract).
        match unsafe { self.w.chan.state_locked() }.try_send(v) {
            Ok(w) => Some(w),
            Err(v) => {
                // SAFETY: as above.
                unsafe { (*node).slot = Some(v) };
                None
            }
        }
    }
    fn complete(&mut self) -> R {
        // SAFETY: completed: no counterpart touches the waiter any more.
        let left = unsafe { (*self.w.node.get()).slot.take() };
        assert!(left.is_none(), "send on closed channel");
        (self.f.take().expect("select arm used twice"))()
    }
}

/// Go's `select` over several channel operations, each mapped to a common
/// result type `R`. Arms may be sends or receives on any channels, including
/// the same channel twice; a send arm pairs with a plain receiver or with
/// another select's receive arm (and the other way round), as in Go.
///
/// ```ignore
/// let r = Select::new()
///     .recv(&rx1, |v| format!("rx1 {v:?}"))
///     .send(&tx2, 5, || "sent".to_string())
///     .await;
/// ```
pub struct Select<'a, R: 'a> {
    arms: Vec<Box<dyn Arm<'a, R>>>,
    default: Option<Box<dyn FnOnce() -> R + Send + 'a>>,
    /// Go: `pollorder`, drawn at the first poll.
    order: Vec<u16>,
    /// The claim word shared by the queued arms (Go: `selectDone`); boxed so
    /// it stays put if the Select moves. `Some` while queued.
    claim: Option<Box<AtomicU32>>,
}

impl<'a, R: 'a> Default for Select<'a, R> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'a, R: 'a> Select<'a, R> {
    pub fn new() -> Self {
        Select { arms: Vec::new(), default: None, order: Vec::new(), claim: None }
    }

    /// `case v, ok := <-rx:` — `f` gets `None` if the channel is closed.
    pub fn recv<T: Send + 'a>(mut self, rx: &'a Receiver<T>, f: impl FnOnce(Option<T>) -> R + Send + 'a) -> Self {
        self.arms.push(Box::new(RecvArm { w: ArmWaiter::new(&rx.chan, Dir::Recv, None), f: Some(f) }));
        self
    }

    /// `case tx <- v:`
    pub fn send<T: Send + 'a>(mut self, tx: &'a Sender<T>, v: T, f: impl FnOnce() -> R + Send + 'a) -> Self {
        self.arms.push(Box::new(SendArm { w: ArmWaiter::new(&tx.chan, Dir::Send, Some(v)), f: Some(f) }));
        self
    }

    /// `default:` — taken when no arm is ready.
    pub fn default(mut self, f: impl FnOnce() -> R + Send + 'a) -> Self {
        self.default = Some(Box::new(f));
        self
    }

    /// Go: `sellock`: every arm's channel lock, once each, in address order
    /// (two selects over the same channels cannot deadlock).
    fn lock_all(&self) -> Vec<MutexGuard<'a, ()>> {
        let mut locks: Vec<&'a Mutex<()>> = self.arms.iter().map(|a| a.waiter().lock()).collect();
        locks.sort_by_key(|m| ptr::from_ref(*m) as usize);
        locks.dedup_by_key(|m| ptr::from_ref(*m) as usize);
        locks.into_iter().map(lock).collect()
    }
}

/// Go: `selectgo`'s `pollorder`: a uniformly random permutation of the arms
/// (inside-out Fisher–Yates), from the current M's seeded generator; outside
/// a runtime (no M) the arms are polled in order.
fn poll_order(n: usize) -> Vec<u16> {
    let mut order: Vec<u16> = Vec::with_capacity(n);
    crate::sched::with_current(|m| {
        for i in 0..n {
            // i < n <= u16::MAX (checked by the caller).
            order.push(i as u16);
            if let Some(m) = m {
                let j = (m.rand() % (i as u64 + 1)) as usize;
                order.swap(i, j);
            }
        }
    });
    order
}

impl<'a, R: 'a> Unpin for Select<'a, R> {}

impl<'a, R: 'a> Future for Select<'a, R> {
    type Output = R;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<R> {
        let this = &mut *self;
        let n = this.arms.len();
        if let Some(claim) = &this.claim {
            // Acquire: pairs with finish's Release; the won arm's slot is ours.
            let mut c = claim.load(Ordering::Acquire);
            let locks = this.lock_all();
            if c < DONE {
                // Under all our locks no claim is in flight: WAITING or DONE.
                // Acquire: as above.
                c = claim.load(Ordering::Acquire);
            }
            if c < DONE {
                for a in this.arms.iter_mut() {
                    // SAFETY: all our locks are held.
                    unsafe { a.waiter().set_waker(cx.waker()) };
                }
                drop(locks);
                set_block_reason(BlockReason::Select);
                return Poll::Pending;
            }
            // Go: selectgo pass 3: unlink the arms that did not fire.
            for a in this.arms.iter_mut() {
                // SAFETY: all our locks are held.
                unsafe { a.waiter().dequeue() };
            }
            drop(locks);
            this.claim = None;
            return Poll::Ready(this.arms[(c - DONE) as usize].complete());
        }
        assert!(n <= usize::from(u16::MAX), "select: too many cases");
        if this.order.len() != n {
            this.order = poll_order(n);
        }
        let locks = this.lock_all();
        for i in 0..n {
            let k = usize::from(this.order[i]);
            // SAFETY: all our locks are held.
            if let Some(w) = unsafe { this.arms[k].try_now() } {
                drop(locks);
                wake(w);
                return Poll::Ready(this.arms[k].complete());
            }
        }
        if let Some(d) = this.default.take() {
            drop(locks);
            return Poll::Ready(d());
        }
        assert!(n > 0, "select with no cases blocks forever");
        let claim = Box::new(AtomicU32::new(WAITING));
        for (i, a) in this.arms.iter_mut().enumerate() {
            // SAFETY: all our locks are held; the claim word is boxed and
            // outlives the queued waiters (Drop dequeues them first).
            unsafe { a.waiter().enqueue(&raw const *claim, i as u16, cx.waker()) };
        }
        this.claim = Some(claim);
        drop(locks);
        set_block_reason(BlockReason::Select);
        Poll::Pending
    }
}

impl<'a, R: 'a> Drop for Select<'a, R> {
    fn drop(&mut self) {
        let Some(claim) = &self.claim else {
            return;
        };
        let locks = self.lock_all();
        // Release: pairs with claim's Acquire. Fails only if an arm fired
        // (DONE): its value, if any, is dropped with the arm.
        let _ = claim.compare_exchange(WAITING, CANCELLED, Ordering::Release, Ordering::Relaxed);
        for a in self.arms.iter_mut() {
            // SAFETY: all our locks are held.
            unsafe { a.waiter().dequeue() };
        }
        drop(locks);
    }
}
