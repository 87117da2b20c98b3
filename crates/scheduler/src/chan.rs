//! Go channels: unbuffered (rendezvous) and buffered, `close`, and `select`.
//! Go: chan.go, select.go.
//!
//! ## Layout
//! A channel is a lock, an optional ring buffer (only buffered channels
//! allocate one) and two FIFO queues of blocked operations, Go's `recvq` and
//! `sendq`. A queued operation is a [`Waiter`] (Go: `sudog`) that lives
//! **inside the blocked future** — the futures are `!Unpin`, so its address is
//! stable while it is queued — and the queues link waiters intrusively. A
//! blocking send or receive therefore allocates nothing, and a parked G costs
//! its own block plus its channel, nothing beside.
//!
//! ## Hand-over protocol
//! Every waiter points to a **claim word** (`AtomicU32`): its own for a plain
//! `send`/`recv`, one shared by all arms for a `select` (Go: `selectDone`).
//! 1. The owner enqueues its waiter under the channel lock (a send waiter
//!    carries the value) and parks.
//! 2. A counterpart, under the same lock, pops the waiter and claims it by
//!    CAS `WAITING → CLAIMING` on the claim word. A failed CAS means the owner
//!    was completed through another channel (a select) or is cancelling: the
//!    popped waiter is simply dropped from the queue and the next one tried.
//! 3. The winner moves the value (into a receive waiter's slot, or out of a
//!    send waiter's), takes the waker, stores `DONE + arm` with Release, and
//!    after that never touches the waiter again; it wakes the G after
//!    unlocking. The woken G goes to the waker's `runnext` (Go's `goready`).
//! 4. The owner reads `DONE` with Acquire and owns the slot again. A select
//!    then takes every channel lock and unlinks its other waiters (Go:
//!    selectgo's pass 3). Dropping a blocked future takes the lock(s),
//!    cancels (`WAITING → CANCELLED`) and unlinks.
//!
//! Under a waiter's channel lock its claim word is never `CLAIMING` for a
//! claimer on that channel, and a select holds **all** its channels' locks
//! (taken in address order, as Go's `sellock`) whenever it looks at or
//! changes its waiters, so no claimer can be mid-hand-over on any of them.
//! That is also why a select can pair with another select: a select's send
//! arm claims a queued receive waiter of another select exactly as it claims
//! a plain receiver's (the other select is parked, not polling).
//!
//! `select` polls its arms in a uniformly random order (Go: `selectgo`'s
//! `pollorder`, a Fisher–Yates shuffle with `cheaprandn`), drawn from the
//! current M's seeded generator so the simulator stays deterministic. Every
//! ready arm is then equally likely to fire. (Rotating the arms from one
//! random start is not uniform: the arm after a never-ready arm would win
//! twice as often as the others.)

use crate::sched::set_block_reason;
use crate::sync::{Arc, AtomicU32, Mutex, MutexGuard, Ordering, lock};
use crate::trace::BlockReason;
use std::cell::UnsafeCell;
use std::collections::VecDeque;
use std::future::Future;
use std::marker::PhantomPinned;
use std::pin::Pin;
use std::ptr;
use std::task::{Context, Poll, Waker};

/// Claim word: the owner is blocked; anyone may claim.
const WAITING: u32 = 0;
/// A counterpart won and is moving the value (it holds the channel lock).
const CLAIMING: u32 = 1;
/// The owner gave up (its future was dropped).
const CANCELLED: u32 = 2;
/// `DONE + arm`: completed through the waiter of arm `arm` (0 for plain ops).
const DONE: u32 = 3;

/// A blocked operation's half of a hand-over. Go: `sudog`.
/// Fields other than `own` are touched only under the channel lock, except
/// `slot`, which the owner also reads after it saw `DONE`.
struct Waiter<T> {
    prev: *mut Waiter<T>,
    next: *mut Waiter<T>,
    /// The claim word: `&self.own`, or the select's.
    claim: *const AtomicU32,
    own: AtomicU32,
    arm: u16,
    linked: bool,
    /// recv: the value handed over (None + DONE = closed). send: the value
    /// offered (still there at DONE = the channel was closed).
    slot: Option<T>,
    waker: Option<Waker>,
    _pin: PhantomPinned,
}

impl<T> Waiter<T> {
    fn new(slot: Option<T>) -> Self {
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
unsafe fn claim<T>(w: *mut Waiter<T>) -> bool {
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
unsafe fn finish<T>(w: *mut Waiter<T>) -> Option<Waker> {
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
struct WaitQ<T> {
    head: *mut Waiter<T>,
    tail: *mut Waiter<T>,
}

impl<T> WaitQ<T> {
    const fn new() -> Self {
        WaitQ { head: ptr::null_mut(), tail: ptr::null_mut() }
    }

    /// # Safety
    /// Channel lock held; `w` is alive, pinned and not in any queue; its owner
    /// unlinks it under this lock before freeing it.
    unsafe fn push_back(&mut self, w: *mut Waiter<T>) {
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
    unsafe fn remove(&mut self, w: *mut Waiter<T>) {
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
    unsafe fn pop_front(&mut self) -> Option<*mut Waiter<T>> {
        let w = self.head;
        if w.is_null() {
            return None;
        }
        // SAFETY: `w` is linked here, hence alive (owners unlink before freeing).
        unsafe { self.remove(w) };
        Some(w)
    }
}

/// Go: `hchan` without the lock.
struct State<T> {
    /// Buffered channels only (an unbuffered one allocates no ring).
    buf: Option<Box<Ring<T>>>,
    recvq: WaitQ<T>,
    sendq: WaitQ<T>,
    closed: bool,
}

struct Ring<T> {
    q: VecDeque<T>,
    cap: usize,
}

struct Chan<T> {
    /// Go: `hchan.lock`. A `Mutex<()>` beside the state (not around it) so a
    /// select can hold the locks of channels of different element types.
    lock: Mutex<()>,
    state: UnsafeCell<State<T>>,
}

// SAFETY: `state` (including the raw waiter pointers, whose waiters carry `T`
// values) is only touched under `lock`; values of `T` cross threads, hence
// `T: Send`.
unsafe impl<T: Send> Send for Chan<T> {}
// SAFETY: as above.
unsafe impl<T: Send> Sync for Chan<T> {}

/// The locked state of one channel.
struct Locked<'a, T> {
    _guard: MutexGuard<'a, ()>,
    state: &'a mut State<T>,
}

impl<T> Chan<T> {
    fn locked(&self) -> Locked<'_, T> {
        let guard = lock(&self.lock);
        // SAFETY: we hold `lock`, which guards `state`.
        let state = unsafe { &mut *self.state.get() };
        Locked { _guard: guard, state }
    }

    /// # Safety
    /// The caller holds `lock` (a select's lock-all) for as long as it uses
    /// the result, and makes no other reference to the state meanwhile.
    #[allow(clippy::mut_from_ref, reason = "the channel lock, held by the caller, makes the access exclusive")]
    unsafe fn state_locked(&self) -> &mut State<T> {
        // SAFETY: see the contract.
        unsafe { &mut *self.state.get() }
    }
}

/// Sending half. Cloneable (Go channels are many-to-many).
pub struct Sender<T> {
    chan: Arc<Chan<T>>,
}

/// Receiving half. Cloneable.
pub struct Receiver<T> {
    chan: Arc<Chan<T>>,
}

/// `make(chan T, cap)`. `cap == 0` is an unbuffered (rendezvous) channel.
pub fn chan<T: Send>(cap: usize) -> (Sender<T>, Receiver<T>) {
    let buf = (cap > 0).then(|| Box::new(Ring { q: VecDeque::with_capacity(cap.min(1024)), cap }));
    let chan = Arc::new(Chan {
        lock: Mutex::new(()),
        state: UnsafeCell::new(State { buf, recvq: WaitQ::new(), sendq: WaitQ::new(), closed: false }),
    });
    (Sender { chan: chan.clone() }, Receiver { chan })
}

impl<T> Clone for Sender<T> {
    fn clone(&self) -> Self {
        Sender { chan: self.chan.clone() }
    }
}
impl<T> Clone for Receiver<T> {
    fn clone(&self) -> Self {
        Receiver { chan: self.chan.clone() }
    }
}

impl<T> State<T> {
    /// Non-blocking send: hand `v` to a blocked receiver (returned: its waker,
    /// to wake after unlocking) or buffer it. Go: the fast paths of `chansend`.
    fn try_send(&mut self, v: T) -> Result<Option<Waker>, T> {
        assert!(!self.closed, "send on closed channel");
        // SAFETY: we hold the channel lock (we are `&mut State`).
        while let Some(w) = unsafe { self.recvq.pop_front() } {
            // SAFETY: lock held; `w` was queued here.
            if unsafe { claim(w) } {
                // SAFETY: we won the claim: the slot is ours until `finish`.
                unsafe { (*w).slot = Some(v) };
                // SAFETY: as above.
                return Ok(unsafe { finish(w) });
            }
        }
        if let Some(b) = &mut self.buf
            && b.q.len() < b.cap
        {
            b.q.push_back(v);
            return Ok(None);
        }
        Err(v)
    }

    /// Non-blocking receive: `Some((Some(v), waker))`, `Some((None, None))`
    /// if closed and drained, `None` if it would block. The waker is a
    /// blocked sender's, to wake after unlocking. Go: fast paths of `chanrecv`.
    fn try_recv(&mut self) -> Option<(Option<T>, Option<Waker>)> {
        if let Some(b) = &mut self.buf
            && let Some(v) = b.q.pop_front()
        {
            // A blocked sender's value moves into the freed slot.
            // SAFETY: lock held (`&mut State`).
            while let Some(w) = unsafe { self.sendq.pop_front() } {
                // SAFETY: lock held; `w` was queued here.
                if unsafe { claim(w) } {
                    // SAFETY: we won the claim; the slot is ours.
                    let sv = unsafe { (*w).slot.take() }.expect("try_recv: sender waiter without a value");
                    b.q.push_back(sv);
                    // SAFETY: as above.
                    return Some((Some(v), unsafe { finish(w) }));
                }
            }
            return Some((Some(v), None));
        }
        // SAFETY: lock held.
        while let Some(w) = unsafe { self.sendq.pop_front() } {
            // SAFETY: lock held; `w` was queued here.
            if unsafe { claim(w) } {
                // SAFETY: we won the claim; the slot is ours.
                let v = unsafe { (*w).slot.take() }.expect("try_recv: sender waiter without a value");
                // SAFETY: as above.
                return Some((Some(v), unsafe { finish(w) }));
            }
        }
        if self.closed {
            return Some((None, None));
        }
        None
    }

    fn len(&self) -> usize {
        self.buf.as_ref().map_or(0, |b| b.q.len())
    }
}

fn wake(w: Option<Waker>) {
    if let Some(w) = w {
        w.wake();
    }
}

impl<T: Send> Sender<T> {
    /// Send `v`, parking the G until a receiver takes it (unbuffered) or
    /// there is room (buffered). Panics if the channel is closed (as Go).
    pub fn send(&self, v: T) -> Send_<'_, T> {
        Send_ { chan: &self.chan, node: UnsafeCell::new(Waiter::new(Some(v))), queued: false }
    }

    /// Non-blocking send (Go: `select` with `default`).
    pub fn try_send(&self, v: T) -> Result<(), T> {
        let r = self.chan.locked().state.try_send(v);
        r.map(wake)
    }

    /// Close the channel: receivers drain the buffer, then get `None`;
    /// blocked senders panic (as Go).
    pub fn close(&self) {
        let mut wakers = Vec::new();
        {
            let l = self.chan.locked();
            let s = l.state;
            assert!(!s.closed, "close of closed channel");
            s.closed = true;
            for q in [&mut s.recvq, &mut s.sendq] {
                // SAFETY: lock held.
                while let Some(w) = unsafe { q.pop_front() } {
                    // SAFETY: lock held; a won claim with the slot untouched:
                    // a receiver sees None (closed), a sender its value back.
                    unsafe {
                        if claim(w) {
                            wakers.extend(finish(w));
                        }
                    }
                }
            }
        }
        for w in wakers {
            w.wake();
        }
    }

    pub fn len(&self) -> usize {
        self.chan.locked().state.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<T: Send> Receiver<T> {
    /// Receive: `Some(v)`, or `None` once the channel is closed and drained.
    pub fn recv(&self) -> Recv<'_, T> {
        Recv { chan: &self.chan, node: UnsafeCell::new(Waiter::new(None)), queued: false }
    }

    /// Non-blocking receive: `Ok(Some(v))`, `Ok(None)` if closed, `Err(())`
    /// if it would block.
    #[allow(clippy::result_unit_err, reason = "Go's `v, ok` with a third state; no error payload to carry")]
    pub fn try_recv(&self) -> Result<Option<T>, ()> {
        let r = self.chan.locked().state.try_recv();
        match r {
            Some((v, w)) => {
                wake(w);
                Ok(v)
            }
            None => Err(()),
        }
    }
}

/// Which queue a plain operation's waiter goes to.
#[derive(Clone, Copy)]
enum Dir {
    Send,
    Recv,
}

/// The shared part of `Send_` and `Recv` once queued: wait for `DONE`,
/// refreshing the waker under the lock. Returns true when done.
///
/// # Safety
/// `node` is the caller's pinned waiter, queued on `chan` (or already claimed).
unsafe fn poll_queued<T>(chan: &Chan<T>, node: *mut Waiter<T>, cx: &Context<'_>) -> bool {
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
    // SAFETY: lock held: claimers touch the waker only under it.
    let w = unsafe { &mut (*node).waker };
    if !w.as_ref().is_some_and(|w| w.will_wake(cx.waker())) {
        *w = Some(cx.waker().clone());
    }
    drop(l);
    set_block_reason(BlockReason::Chan);
    false
}

/// Queue a plain operation's waiter. Caller holds the lock (passes `s`).
///
/// # Safety
/// `node` is the caller's pinned waiter, not queued; the caller dequeues it
/// (or sees it claimed) before the waiter is freed.
unsafe fn enqueue<T>(s: &mut State<T>, dir: Dir, node: *mut Waiter<T>, cx: &Context<'_>) {
    // SAFETY: see the contract.
    unsafe {
        (*node).claim = &raw const (*node).own;
        (*node).waker = Some(cx.waker().clone());
        match dir {
            Dir::Send => s.sendq.push_back(node),
            Dir::Recv => s.recvq.push_back(node),
        }
    }
}

/// Drop of a queued plain operation: cancel and unlink (step 4).
///
/// # Safety
/// `node` is the caller's pinned waiter, queued on `chan` in `dir`'s queue or
/// already claimed.
unsafe fn cancel<T>(chan: &Chan<T>, dir: Dir, node: *mut Waiter<T>) {
    let l = chan.locked();
    // SAFETY: lock held; our waiter.
    unsafe {
        // Release: pairs with claim's Acquire (a claimer that loses sees us
        // gone). Under the lock the word is WAITING or DONE.
        if (*node).own.compare_exchange(WAITING, CANCELLED, Ordering::Release, Ordering::Relaxed).is_ok() {
            match dir {
                Dir::Send => l.state.sendq.remove(node),
                Dir::Recv => l.state.recvq.remove(node),
            }
        }
    }
}

/// Future of [`Sender::send`]. `!Unpin`: its waiter is queued in place.
pub struct Send_<'a, T> {
    chan: &'a Chan<T>,
    node: UnsafeCell<Waiter<T>>,
    queued: bool,
}

// SAFETY: the waiter's raw pointers are only followed under the channel lock;
// the value it carries is `T: Send`.
unsafe impl<T: Send> Send for Send_<'_, T> {}

impl<T: Send> Future for Send_<'_, T> {
    type Output = ();
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        // SAFETY: we never move out of `self`; the waiter stays in place.
        let this = unsafe { self.get_unchecked_mut() };
        let node = this.node.get();
        if this.queued {
            // SAFETY: our pinned waiter, queued on this channel.
            if !unsafe { poll_queued(this.chan, node, cx) } {
                return Poll::Pending;
            }
            this.queued = false;
            // SAFETY: DONE: the claimer is finished with the waiter.
            let left = unsafe { (*node).slot.take() };
            assert!(left.is_none(), "send on closed channel");
            return Poll::Ready(());
        }
        let l = this.chan.locked();
        // SAFETY: not queued: the waiter is ours alone.
        let v = unsafe { (*node).slot.take() }.expect("Send polled after completion");
        match l.state.try_send(v) {
            Ok(w) => {
                drop(l);
                wake(w);
                Poll::Ready(())
            }
            Err(v) => {
                // SAFETY: ours until queued below.
                unsafe { (*node).slot = Some(v) };
                // SAFETY: pinned waiter; dequeued by Drop or claimed.
                unsafe { enqueue(l.state, Dir::Send, node, cx) };
                this.queued = true;
                drop(l);
                set_block_reason(BlockReason::Chan);
                Poll::Pending
            }
        }
    }
}

impl<T> Drop for Send_<'_, T> {
    fn drop(&mut self) {
        if self.queued {
            // SAFETY: our pinned waiter, queued here or claimed.
            unsafe { cancel(self.chan, Dir::Send, self.node.get()) };
        }
    }
}

/// Future of [`Receiver::recv`]. `!Unpin`: its waiter is queued in place.
pub struct Recv<'a, T> {
    chan: &'a Chan<T>,
    node: UnsafeCell<Waiter<T>>,
    queued: bool,
}

// SAFETY: as for Send_.
unsafe impl<T: Send> Send for Recv<'_, T> {}

impl<T: Send> Future for Recv<'_, T> {
    type Output = Option<T>;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        // SAFETY: we never move out of `self`; the waiter stays in place.
        let this = unsafe { self.get_unchecked_mut() };
        let node = this.node.get();
        if this.queued {
            // SAFETY: our pinned waiter, queued on this channel.
            if !unsafe { poll_queued(this.chan, node, cx) } {
                return Poll::Pending;
            }
            this.queued = false;
            // SAFETY: DONE: the claimer is finished with the waiter.
            return Poll::Ready(unsafe { (*node).slot.take() });
        }
        let l = this.chan.locked();
        if let Some((v, w)) = l.state.try_recv() {
            drop(l);
            wake(w);
            return Poll::Ready(v);
        }
        // SAFETY: pinned waiter; dequeued by Drop or claimed.
        unsafe { enqueue(l.state, Dir::Recv, node, cx) };
        this.queued = true;
        drop(l);
        set_block_reason(BlockReason::Chan);
        Poll::Pending
    }
}

impl<T> Drop for Recv<'_, T> {
    fn drop(&mut self) {
        if self.queued {
            // SAFETY: our pinned waiter, queued here or claimed. A value
            // handed over meanwhile is dropped with the waiter (Go cannot
            // drop a blocked receive).
            unsafe { cancel(self.chan, Dir::Recv, self.node.get()) };
        }
    }
}

/// One arm of a [`Select`]. Boxed, so its waiter does not move.
/// Methods marked "lock held" require the select to hold this arm's channel
/// lock (all of them, taken by `lock_all`).
trait Arm<'a, R>: Send + 'a {
    /// The arm's channel lock (for `lock_all`).
    fn lock(&self) -> &'a Mutex<()>;
    /// Lock held. Try to complete now; on success the value has moved and the
    /// returned waker (a counterpart's) is to be woken after unlocking.
    unsafe fn try_now(&mut self) -> Option<Option<Waker>>;
    /// Lock held. Queue the arm's waiter on the select's claim word.
    unsafe fn enqueue(&mut self, claim: *const AtomicU32, arm: u16, waker: &Waker);
    /// Lock held. Refresh the waiter's waker.
    unsafe fn set_waker(&mut self, waker: &Waker);
    /// Lock held. Unlink the waiter if it is still queued.
    unsafe fn dequeue(&mut self);
    /// The arm completed (by `try_now` or a claim): run its closure.
    fn complete(&mut self) -> R;
}

struct RecvArm<'a, T, F> {
    chan: &'a Chan<T>,
    node: UnsafeCell<Waiter<T>>,
    f: Option<F>,
}

// SAFETY: as for Recv; `F: Send`.
unsafe impl<T: Send, F: Send> Send for RecvArm<'_, T, F> {}

impl<'a, T: Send + 'a, R, F: FnOnce(Option<T>) -> R + Send + 'a> Arm<'a, R> for RecvArm<'a, T, F> {
    fn lock(&self) -> &'a Mutex<()> {
        &self.chan.lock
    }
    unsafe fn try_now(&mut self) -> Option<Option<Waker>> {
        // SAFETY: lock held (trait contract).
        let (v, w) = unsafe { self.chan.state_locked() }.try_recv()?;
        // SAFETY: not queued: the waiter is ours alone.
        unsafe { (*self.node.get()).slot = v };
        Some(w)
    }
    unsafe fn enqueue(&mut self, claim: *const AtomicU32, arm: u16, waker: &Waker) {
        let node = self.node.get();
        // SAFETY: lock held; the waiter is boxed with the arm and dequeued
        // before the select drops it.
        unsafe {
            (*node).claim = claim;
            (*node).arm = arm;
            (*node).waker = Some(waker.clone());
            self.chan.state_locked().recvq.push_back(node);
        }
    }
    unsafe fn set_waker(&mut self, waker: &Waker) {
        // SAFETY: lock held.
        unsafe { (*self.node.get()).waker = Some(waker.clone()) };
    }
    unsafe fn dequeue(&mut self) {
        // SAFETY: lock held; if linked, it is in this channel's recvq.
        unsafe { self.chan.state_locked().recvq.remove(self.node.get()) };
    }
    fn complete(&mut self) -> R {
        // SAFETY: completed: no counterpart touches the waiter any more.
        let v = unsafe { (*self.node.get()).slot.take() };
        (self.f.take().expect("select arm used twice"))(v)
    }
}

struct SendArm<'a, T, F> {
    chan: &'a Chan<T>,
    /// The value waits in the waiter's slot.
    node: UnsafeCell<Waiter<T>>,
    f: Option<F>,
}

// SAFETY: as for Send_; `F: Send`.
unsafe impl<T: Send, F: Send> Send for SendArm<'_, T, F> {}

impl<'a, T: Send + 'a, R, F: FnOnce() -> R + Send + 'a> Arm<'a, R> for SendArm<'a, T, F> {
    fn lock(&self) -> &'a Mutex<()> {
        &self.chan.lock
    }
    unsafe fn try_now(&mut self) -> Option<Option<Waker>> {
        let node = self.node.get();
        // SAFETY: not queued: the waiter is ours alone.
        let v = unsafe { (*node).slot.take() }.expect("select send arm without value");
        // SAFETY: lock held (trait contract).
        match unsafe { self.chan.state_locked() }.try_send(v) {
            Ok(w) => Some(w),
            Err(v) => {
                // SAFETY: as above.
                unsafe { (*node).slot = Some(v) };
                None
            }
        }
    }
    unsafe fn enqueue(&mut self, claim: *const AtomicU32, arm: u16, waker: &Waker) {
        let node = self.node.get();
        // SAFETY: as RecvArm::enqueue.
        unsafe {
            (*node).claim = claim;
            (*node).arm = arm;
            (*node).waker = Some(waker.clone());
            self.chan.state_locked().sendq.push_back(node);
        }
    }
    unsafe fn set_waker(&mut self, waker: &Waker) {
        // SAFETY: lock held.
        unsafe { (*self.node.get()).waker = Some(waker.clone()) };
    }
    unsafe fn dequeue(&mut self) {
        // SAFETY: lock held; if linked, it is in this channel's sendq.
        unsafe { self.chan.state_locked().sendq.remove(self.node.get()) };
    }
    fn complete(&mut self) -> R {
        // SAFETY: completed: no counterpart touches the waiter any more.
        let left = unsafe { (*self.node.get()).slot.take() };
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
        self.arms.push(Box::new(RecvArm { chan: &rx.chan, node: UnsafeCell::new(Waiter::new(None)), f: Some(f) }));
        self
    }

    /// `case tx <- v:`
    pub fn send<T: Send + 'a>(mut self, tx: &'a Sender<T>, v: T, f: impl FnOnce() -> R + Send + 'a) -> Self {
        self.arms.push(Box::new(SendArm { chan: &tx.chan, node: UnsafeCell::new(Waiter::new(Some(v))), f: Some(f) }));
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
        let mut locks: Vec<&'a Mutex<()>> = self.arms.iter().map(|a| a.lock()).collect();
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
                    unsafe { a.set_waker(cx.waker()) };
                }
                drop(locks);
                set_block_reason(BlockReason::Select);
                return Poll::Pending;
            }
            // Go: selectgo pass 3: unlink the arms that did not fire.
            for a in this.arms.iter_mut() {
                // SAFETY: all our locks are held.
                unsafe { a.dequeue() };
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
            unsafe { a.enqueue(&raw const *claim, i as u16, cx.waker()) };
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
            unsafe { a.dequeue() };
        }
        drop(locks);
    }
}
