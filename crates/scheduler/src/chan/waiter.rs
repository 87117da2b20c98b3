//! Waiters (Go: `sudog`): the claim word, the intrusive FIFO of waiters, and
//! the waiting helper shared by both directions and by select's arms.

use crate::sched::set_block_reason;
use crate::sync::{AtomicU32, Ordering};
use crate::trace::BlockReason;
use std::marker::PhantomPinned;
use std::ptr;
use std::task::{Context, Waker};
use super::*;

/// Claim word: the owner is blocked; anyone may claim.
pub(super) const WAITING: u32 = 0;
/// A counterpart won and is moving the value (it holds the channel lock).
pub(super) const CLAIMING: u32 = 1;
/// The owner gave up (its future was dropped).
pub(super) const CANCELLED: u32 = 2;
/// `DONE + arm`: completed through the waiter of arm `arm` (0 for plain ops).
pub(super) const DONE: u32 = 3;

/// A blocked operation's half of a hand-over. Go: `sudog`.
/// Fields other than `own` are touched only under the channel lock, except
/// `slot`, which the owner also reads after it saw `DONE`.
pub(super) struct Waiter<T> {
    pub(super) prev: *mut Waiter<T>,
    pub(super) next: *mut Waiter<T>,
    /// The claim word: `&self.own`, or the select's.
    pub(super) claim: *const AtomicU32,
    pub(super) own: AtomicU32,
    pub(super) arm: u16,
    pub(super) linked: bool,
    /// recv: the value handed over (None + DONE = closed). send: the value
    /// offered (still there at DONE = the channel was closed).
    pub(super) slot: Option<T>,
    pub(super) waker: Option<Waker>,
    pub(super) _pin: PhantomPinned,
}

impl<T> Waiter<T> {
    pub(super) fn new(slot: Option<T>) -> Self {
        Waiter {
            prev: ptr::null_mut(),
            next: ptr::null_mut(),
            claim: ptr::null(),
            own: AtomicU32::new(WAITING),
            arm: 0,
            linked: false,
            slot,
            waker: None,
            _pin: PhantomPinned,
        }
    }
}

/// Claim a waiter just popped from a queue. Step 2 of the protocol.
///
/// # Safety
/// The caller holds the lock of the channel whose queue held `w`, so `w` and
/// its claim word are alive (owners unlink under that lock before freeing).
pub(super) unsafe fn claim<T>(w: *mut Waiter<T>) -> bool {
    // SAFETY: see the function contract.
    let c = unsafe { &*(*w).claim };
    // Acquire: pairs with the owner's Release CAS in cancel and with other
    // claimers' Release DONE store, so a loser sees a settled word; the
    // hand-over itself is published by `finish`'s Release store.
    c.compare_exchange(WAITING, CLAIMING, Ordering::Acquire, Ordering::Relaxed).is_ok()
}

/// End a hand-over: take the waker and publish `DONE + arm`. Step 3.
///
/// # Safety
/// As [`claim`], and the caller won the claim of `w`. `w` must not be touched
/// after this returns.
pub(super) unsafe fn finish<T>(w: *mut Waiter<T>) -> Option<Waker> {
    // SAFETY: we won the claim; the owner waits for DONE before touching
    // the waiter, and the lock keeps it alive.
    unsafe {
        let waker = (*w).waker.take();
        let c = &*(*w).claim;
        // Release: pairs with the owner's Acquire load of DONE; publishes the
        // slot written above. Last access to the waiter.
        c.store(DONE + u32::from((*w).arm), Ordering::Release);
        waker
    }
}

/// Intrusive FIFO of waiters. Guarded by the channel lock.
pub(super) struct WaitQ<T> {
    head: *mut Waiter<T>,
    tail: *mut Waiter<T>,
}

impl<T> WaitQ<T> {
    pub(super) const fn new() -> Self {
        WaitQ { head: ptr::null_mut(), tail: ptr::null_mut() }
    }

    /// # Safety
    /// Channel lock held; `w` is alive, pinned and not in any queue; its owner
    /// unlinks it under this lock before freeing it.
    pub(super) unsafe fn push_back(&mut self, w: *mut Waiter<T>) {
        // SAFETY: see the contract; queue pointers are alive while linked.
        unsafe {
            debug_assert!(!(*w).linked, "WaitQ::push_back: waiter already queued");
            (*w).prev = self.tail;
            (*w).next = ptr::null_mut();
            if self.tail.is_null() {
                self.head = w;
            } else {
                (*self.tail).next = w;
            }
            self.tail = w;
            (*w).linked = true;
        }
    }

    /// Unlink `w` if it is queued here.
    ///
    /// # Safety
    /// Channel lock held; `w` is alive and, if linked, linked in this queue.
    pub(super) unsafe fn remove(&mut self, w: *mut Waiter<T>) {
        // SAFETY: see the contract; neighbours are alive while linked.
        unsafe {
            if !(*w).linked {
                return;
            }
            let (p, n) = ((*w).prev, (*w).next);
            if p.is_null() {
                self.head = n;
            } else {
                (*p).next = n;
            }
            if n.is_null() {
                self.tail = p;
            } else {
                (*n).prev = p;
            }
            (*w).prev = ptr::null_mut();
            (*w).next = ptr::null_mut();
            (*w).linked = false;
        }
    }

    /// # Safety
    /// Channel lock held.
    pub(super) unsafe fn pop_front(&mut self) -> Option<*mut Waiter<T>> {
        let w = self.head;
        if w.is_null() {
            return None;
        }
        // SAFETY: `w` is linked here, hence alive (owners unlink before freeing).
        unsafe { self.remove(w) };
        Some(w)
    }
}

/// Which wait queue a waiter goes to: Go's `sendq` or `recvq`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Dir {
    Send,
    Recv,
}

/// Pop waiters off `q` until one is claimed (step 2); losers (a select
/// completed elsewhere, a cancelling owner) are simply dropped from the queue.
///
/// # Safety
/// The channel lock of `q` is held.
pub(super) unsafe fn pop_claimed<T>(q: &mut WaitQ<T>) -> Option<*mut Waiter<T>> {
    // SAFETY: lock held (contract).
    while let Some(w) = unsafe { q.pop_front() } {
        // SAFETY: lock held; `w` was queued here.
        if unsafe { claim(w) } {
            return Some(w);
        }
    }
    None
}

/// The waiting helper, for both directions and for select's arms: queue
/// `node` on `dir`'s queue of the channel whose state is `s`, completing
/// through `claim` (the waiter's own word for a plain send or receive, the
/// select's shared one for an arm) as arm `arm`. Step 1 of the protocol.
///
/// # Safety
/// The channel lock is held (the caller passes its state); `node` is the
/// caller's pinned waiter, not queued, and `claim` outlives its queuing; the
/// caller dequeues it (or sees it claimed) before either is freed.
pub(super) unsafe fn enqueue<T>(
    s: &mut State<T>,
    dir: Dir,
    node: *mut Waiter<T>,
    claim: *const AtomicU32,
    arm: u16,
    waker: &Waker,
) {
    // SAFETY: see the contract.
    unsafe {
        (*node).claim = claim;
        (*node).arm = arm;
        (*node).waker = Some(waker.clone());
        s.waitq(dir).push_back(node);
    }
    let dir = match dir {
        Dir::Send => crate::trace::Dir::Send,
        Dir::Recv => crate::trace::Dir::Recv,
    };
    crate::sched::note_wait(crate::trace::Wait::Chan { ch: s.id, dir });
}

/// Refresh a queued waiter's waker (a G polled again by another waker).
///
/// # Safety
/// The channel lock of the queue holding `node` is held: claimers touch the
/// waker only under it.
pub(super) unsafe fn set_waker<T>(node: *mut Waiter<T>, waker: &Waker) {
    // SAFETY: see the contract.
    let w = unsafe { &mut (*node).waker };
    if !w.as_ref().is_some_and(|w| w.will_wake(waker)) {
        *w = Some(waker.clone());
    }
}

/// The shared part of `Send_` and `Recv` once queued: wait for `DONE`,
/// refreshing the waker under the lock. Returns true when done.
///
/// # Safety
/// `node` is the caller's pinned waiter, queued on `chan` (or already claimed).
pub(super) unsafe fn poll_queued<T>(chan: &Chan<T>, node: *mut Waiter<T>, cx: &Context<'_>) -> bool {
    // SAFETY: `own` is an atomic in our pinned waiter.
    let own = unsafe { &(*node).own };
    // Acquire: pairs with finish's Release store; the slot is ours after.
    if own.load(Ordering::Acquire) >= DONE {
        return true;
    }
    let l = chan.locked();
    // Under the lock the word is WAITING or DONE (claims complete under it).
    // Acquire: as above.
    if own.load(Ordering::Acquire) >= DONE {
        return true;
    }
    // SAFETY: lock held.
    unsafe { set_waker(node, cx.waker()) };
    drop(l);
    set_block_reason(BlockReason::Chan);
    false
}

/// Drop of a queued plain operation: cancel and unlink (step 4).
///
/// # Safety
/// `node` is the caller's pinned waiter, queued on `chan` in `dir`'s queue or
/// already claimed.
pub(super) unsafe fn cancel<T>(chan: &Chan<T>, dir: Dir, node: *mut Waiter<T>) {
    let l = chan.locked();
    // SAFETY: lock held; our waiter.
    unsafe {
        // Release: pairs with claim's Acquire (a claimer that loses sees us
        // gone). Under the lock the word is WAITING or DONE.
        if (*node).own.compare_exchange(WAITING, CANCELLED, Ordering::Release, Ordering::Relaxed).is_ok() {
            l.state.waitq(dir).remove(node);
        }
    }
}

/// Wake a counterpart's waker after unlocking.
pub(super) fn wake(w: Option<Waker>) {
    if let Some(w) = w {
        w.wake();
    }
}
