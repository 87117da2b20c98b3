//! Go channels: unbuffered (rendezvous) and buffered, `close`, and `select`.
//! Go: chan.go, select.go.
//!
//! A channel is a mutex around a ring buffer and two queues of blocked Gs
//! (Go's `recvq`/`sendq` of sudogs). A blocked plain `send`/`recv` parks a
//! **value waiter**: the counterpart hands the value over directly (Go's
//! direct send to a waiting receiver) and wakes the G — the value never sits
//! in the buffer. Claiming a waiter is a CAS `WAITING → DONE`, so a G that
//! stopped waiting (its future was dropped: `CANCELLED`) is skipped.
//!
//! `select` polls every arm in a rotating order (Go randomizes the order so no
//! arm starves), takes the first that can proceed, else registers a
//! **notification** on every channel and parks; any change that may make an
//! arm ready wakes it to poll again. Limitation (documented, tested): a select
//! *send* arm on an unbuffered channel completes only against a plain
//! receiver that is blocked, not against another select's receive arm (Go
//! pairs two selects; we would need Go's all-channels lock order for that).

use crate::sched::set_block_reason;
use crate::sync::{Arc, AtomicU32, Mutex, Ordering, lock};
use crate::trace::BlockReason;
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

const WAITING: u32 = 0;
const DONE: u32 = 1;
const CANCELLED: u32 = 2;

/// A parked G's half of a hand-over. Go: `sudog`.
struct Waiter<T> {
    state: AtomicU32,
    /// recv: the value handed over (None + DONE = channel closed).
    /// send: the value offered (taken by the receiver).
    slot: Mutex<Option<T>>,
    waker: Mutex<Waker>,
}

impl<T> Waiter<T> {
    /// Claim the waiter for a hand-over. Caller holds the channel lock.
    fn claim(&self) -> bool {
        // AcqRel: the winner owns the slot; pairs with cancel()'s CAS.
        self.state.compare_exchange(WAITING, DONE, Ordering::AcqRel, Ordering::Relaxed).is_ok()
    }
    fn wake(&self) {
        lock(&self.waker).wake_by_ref();
    }
    fn is_done(&self) -> bool {
        // Acquire: pairs with claim's Release; the slot write happened before.
        self.state.load(Ordering::Acquire) == DONE
    }
    fn cancel(&self) -> bool {
        // AcqRel: races with claim.
        self.state.compare_exchange(WAITING, CANCELLED, Ordering::AcqRel, Ordering::Acquire).is_ok()
    }
}

struct State<T> {
    buf: VecDeque<T>,
    cap: usize,
    closed: bool,
    recvq: VecDeque<Arc<Waiter<T>>>,
    sendq: VecDeque<Arc<Waiter<T>>>,
    /// select arms waiting for "a receive may now succeed" / "a send may".
    notify_recv: Vec<Waker>,
    notify_send: Vec<Waker>,
    senders: usize,
    receivers: usize,
}

struct Chan<T> {
    state: Mutex<State<T>>,
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
    let chan = Arc::new(Chan {
        state: Mutex::new(State {
            buf: VecDeque::with_capacity(cap.min(1024)),
            cap,
            closed: false,
            recvq: VecDeque::new(),
            sendq: VecDeque::new(),
            notify_recv: Vec::new(),
            notify_send: Vec::new(),
            senders: 1,
            receivers: 1,
        }),
    });
    (Sender { chan: chan.clone() }, Receiver { chan })
}

impl<T> Clone for Sender<T> {
    fn clone(&self) -> Self {
        lock(&self.chan.state).senders += 1;
        Sender { chan: self.chan.clone() }
    }
}
impl<T> Clone for Receiver<T> {
    fn clone(&self) -> Self {
        lock(&self.chan.state).receivers += 1;
        Receiver { chan: self.chan.clone() }
    }
}
impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        lock(&self.chan.state).senders -= 1;
    }
}
impl<T> Drop for Receiver<T> {
    fn drop(&mut self) {
        lock(&self.chan.state).receivers -= 1;
    }
}

fn wake_all(ws: &mut Vec<Waker>) {
    for w in ws.drain(..) {
        w.wake();
    }
}

impl<T> State<T> {
    /// Non-blocking send. Go: the fast paths of `chansend`.
    fn try_send(&mut self, v: T) -> Result<(), T> {
        assert!(!self.closed, "send on closed channel");
        while let Some(w) = self.recvq.pop_front() {
            if w.claim() {
                *lock(&w.slot) = Some(v);
                w.wake();
                return Ok(());
            }
        }
        if self.buf.len() < self.cap {
            self.buf.push_back(v);
            wake_all(&mut self.notify_recv);
            return Ok(());
        }
        Err(v)
    }

    /// Non-blocking receive: `Some(Some(v))`, `Some(None)` if closed and
    /// drained, `None` if it would block. Go: fast paths of `chanrecv`.
    fn try_recv(&mut self) -> Option<Option<T>> {
        if let Some(v) = self.buf.pop_front() {
            // A blocked sender's value moves into the freed slot.
            while let Some(w) = self.sendq.pop_front() {
                if w.claim() {
                    let sv = lock(&w.slot).take().expect("try_recv: sender waiter without a value");
                    self.buf.push_back(sv);
                    w.wake();
                    break;
                }
            }
            wake_all(&mut self.notify_send);
            return Some(Some(v));
        }
        while let Some(w) = self.sendq.pop_front() {
            if w.claim() {
                let v = lock(&w.slot).take().expect("try_recv: sender waiter without a value");
                w.wake();
                wake_all(&mut self.notify_send);
                return Some(Some(v));
            }
        }
        if self.closed {
            return Some(None);
        }
        wake_all(&mut self.notify_send);
        None
    }
}

impl<T: Send> Sender<T> {
    /// Send `v`, parking the G until a receiver takes it (unbuffered) or
    /// there is room (buffered). Panics if the channel is closed (as Go).
    pub fn send(&self, v: T) -> Send_<'_, T> {
        Send_ { chan: &self.chan, value: Some(v), waiter: None }
    }

    /// Non-blocking send (Go: `select` with `default`).
    pub fn try_send(&self, v: T) -> Result<(), T> {
        lock(&self.chan.state).try_send(v)
    }

    /// Close the channel: receivers drain the buffer, then get `None`.
    pub fn close(&self) {
        let mut s = lock(&self.chan.state);
        assert!(!s.closed, "close of closed channel");
        s.closed = true;
        while let Some(w) = s.recvq.pop_front() {
            if w.claim() {
                w.wake();
            }
        }
        while let Some(w) = s.sendq.pop_front() {
            if w.claim() {
                w.wake(); // its value is still in the slot: it will panic
            }
        }
        wake_all(&mut s.notify_recv);
        wake_all(&mut s.notify_send);
    }

    pub fn len(&self) -> usize {
        lock(&self.chan.state).buf.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<T: Send> Receiver<T> {
    /// Receive: `Some(v)`, or `None` once the channel is closed and drained.
    pub fn recv(&self) -> Recv<'_, T> {
        Recv { chan: &self.chan, waiter: None }
    }

    /// Non-blocking receive: `Ok(Some(v))`, `Ok(None)` if closed, `Err(())`
    /// if it would block.
    pub fn try_recv(&self) -> Result<Option<T>, ()> {
        lock(&self.chan.state).try_recv().ok_or(())
    }
}

/// Future of [`Sender::send`].
pub struct Send_<'a, T> {
    chan: &'a Arc<Chan<T>>,
    value: Option<T>,
    waiter: Option<Arc<Waiter<T>>>,
}

impl<T> Unpin for Send_<'_, T> {}

impl<T: Send> Future for Send_<'_, T> {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if let Some(w) = &self.waiter {
            if w.is_done() {
                let left = lock(&w.slot).take();
                assert!(left.is_none(), "send on closed channel");
                self.waiter = None;
                return Poll::Ready(());
            }
            let mut wk = lock(&w.waker);
            if !wk.will_wake(cx.waker()) {
                *wk = cx.waker().clone();
            }
            set_block_reason(BlockReason::Chan);
            return Poll::Pending;
        }
        let v = self.value.take().expect("Send polled after completion");
        let mut s = lock(&self.chan.state);
        match s.try_send(v) {
            Ok(()) => Poll::Ready(()),
            Err(v) => {
                let w = Arc::new(Waiter {
                    state: AtomicU32::new(WAITING),
                    slot: Mutex::new(Some(v)),
                    waker: Mutex::new(cx.waker().clone()),
                });
                s.sendq.push_back(w.clone());
                wake_all(&mut s.notify_recv);
                drop(s);
                self.waiter = Some(w);
                set_block_reason(BlockReason::Chan);
                Poll::Pending
            }
        }
    }
}

impl<T> Drop for Send_<'_, T> {
    fn drop(&mut self) {
        if let Some(w) = self.waiter.take() {
            w.cancel();
        }
    }
}

/// Future of [`Receiver::recv`].
pub struct Recv<'a, T> {
    chan: &'a Arc<Chan<T>>,
    waiter: Option<Arc<Waiter<T>>>,
}

impl<T> Unpin for Recv<'_, T> {}

impl<T: Send> Future for Recv<'_, T> {
    type Output = Option<T>;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        if let Some(w) = &self.waiter {
            if w.is_done() {
                let v = lock(&w.slot).take();
                self.waiter = None;
                return Poll::Ready(v);
            }
            let mut wk = lock(&w.waker);
            if !wk.will_wake(cx.waker()) {
                *wk = cx.waker().clone();
            }
            set_block_reason(BlockReason::Chan);
            return Poll::Pending;
        }
        let mut s = lock(&self.chan.state);
        if let Some(r) = s.try_recv() {
            return Poll::Ready(r);
        }
        let w = Arc::new(Waiter { state: AtomicU32::new(WAITING), slot: Mutex::new(None), waker: Mutex::new(cx.waker().clone()) });
        s.recvq.push_back(w.clone());
        drop(s);
        self.waiter = Some(w);
        set_block_reason(BlockReason::Chan);
        Poll::Pending
    }
}

impl<T> Drop for Recv<'_, T> {
    fn drop(&mut self) {
        if let Some(w) = self.waiter.take() {
            if !w.cancel() {
                // Claimed concurrently: a value may have been handed to us.
                // Go cannot drop a blocked receive; we drop the value.
                drop(lock(&w.slot).take());
            }
        }
    }
}

/// One arm of a [`Select`].
trait Arm<'a, R>: Send + 'a {
    /// Try to complete now.
    fn try_now(&mut self) -> Option<R>;
    /// Register for a notification when the arm may be ready.
    fn register(&mut self, w: &Waker);
}

struct RecvArm<'a, T, F> {
    rx: &'a Receiver<T>,
    f: Option<F>,
}

impl<'a, T: Send + 'a, R, F: FnOnce(Option<T>) -> R + Send + 'a> Arm<'a, R> for RecvArm<'a, T, F> {
    fn try_now(&mut self) -> Option<R> {
        let r = lock(&self.rx.chan.state).try_recv()?;
        Some((self.f.take().expect("select arm used twice"))(r))
    }
    fn register(&mut self, w: &Waker) {
        let mut s = lock(&self.rx.chan.state);
        s.notify_recv.push(w.clone());
    }
}

struct SendArm<'a, T, F> {
    tx: &'a Sender<T>,
    v: Option<T>,
    f: Option<F>,
}

impl<'a, T: Send + 'a, R, F: FnOnce() -> R + Send + 'a> Arm<'a, R> for SendArm<'a, T, F> {
    fn try_now(&mut self) -> Option<R> {
        let v = self.v.take().expect("select send arm without value");
        match lock(&self.tx.chan.state).try_send(v) {
            Ok(()) => Some((self.f.take().expect("select arm used twice"))()),
            Err(v) => {
                self.v = Some(v);
                None
            }
        }
    }
    fn register(&mut self, w: &Waker) {
        lock(&self.tx.chan.state).notify_send.push(w.clone());
    }
}

/// Go's `select` over several channel operations, each mapped to a common
/// result type `R`.
///
/// ```ignore
/// let r = Select::new()
///     .recv(&rx1, |v| format!("rx1 {v:?}"))
///     .send(&tx2, 5, || "sent".to_string())
///     .await;
/// ```
pub struct Select<'a, R> {
    arms: Vec<Box<dyn Arm<'a, R>>>,
    default: Option<Box<dyn FnOnce() -> R + Send + 'a>>,
    start: usize,
}

impl<'a, R> Default for Select<'a, R> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'a, R> Select<'a, R> {
    pub fn new() -> Self {
        Select { arms: Vec::new(), default: None, start: usize::MAX }
    }

    /// `case v, ok := <-rx:` — `f` gets `None` if the channel is closed.
    pub fn recv<T: Send + 'a>(mut self, rx: &'a Receiver<T>, f: impl FnOnce(Option<T>) -> R + Send + 'a) -> Self {
        self.arms.push(Box::new(RecvArm { rx, f: Some(f) }));
        self
    }

    /// `case tx <- v:`
    pub fn send<T: Send + 'a>(mut self, tx: &'a Sender<T>, v: T, f: impl FnOnce() -> R + Send + 'a) -> Self {
        self.arms.push(Box::new(SendArm { tx, v: Some(v), f: Some(f) }));
        self
    }

    /// `default:` — taken when no arm is ready.
    pub fn default(mut self, f: impl FnOnce() -> R + Send + 'a) -> Self {
        self.default = Some(Box::new(f));
        self
    }
}

impl<'a, R: 'a> Unpin for Select<'a, R> {}

impl<'a, R: 'a> Future for Select<'a, R> {
    type Output = R;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<R> {
        let n = self.arms.len();
        if self.start == usize::MAX {
            // Random start (Go: random poll order), from the current M's
            // seeded generator so the simulator stays deterministic.
            self.start = crate::sched::with_current(|m| m.map_or(0, |m| m.rand() as usize)) % n.max(1);
        }
        for i in 0..n {
            let k = (self.start + i) % n.max(1);
            if let Some(r) = self.arms[k].try_now() {
                return Poll::Ready(r);
            }
        }
        if let Some(d) = self.default.take() {
            return Poll::Ready(d());
        }
        assert!(n > 0, "select with no cases blocks forever");
        for a in self.arms.iter_mut() {
            a.register(cx.waker());
        }
        // Re-check after registering: a change between the try and the
        // registration would otherwise be missed.
        for i in 0..n {
            let k = (self.start + i) % n;
            if let Some(r) = self.arms[k].try_now() {
                return Poll::Ready(r);
            }
        }
        set_block_reason(BlockReason::Select);
        Poll::Pending
    }
}
