//! `chan()`, the `Sender` and `Receiver` halves, and the futures of a
//! blocking send and receive. Go: chan.go's `chansend`/`chanrecv`.

use crate::sched::set_block_reason;
use crate::sync::{Arc, Mutex};
use crate::trace::BlockReason;
use std::cell::UnsafeCell;
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use super::*;

/// Sending half. Cloneable (Go channels are many-to-many).
pub struct Sender<T> {
    pub(super) chan: Arc<Chan<T>>,
}

/// Receiving half. Cloneable.
pub struct Receiver<T> {
    pub(super) chan: Arc<Chan<T>>,
}

/// `make(chan T, cap)`. `cap == 0` is an unbuffered (rendezvous) channel.
/// The run's number for a new channel (0 outside a runtime).
fn chan_id() -> u64 {
    crate::sched::with_current(|m| m.map_or(0, |m| m.sched.new_chan_id()))
}

pub fn chan<T: Send>(cap: usize) -> (Sender<T>, Receiver<T>) {
    let buf = (cap > 0).then(|| Box::new(Ring { q: VecDeque::with_capacity(cap.min(1024)), cap }));
    let chan = Arc::new(Chan {
        lock: Mutex::new(()),
        state: UnsafeCell::new(State { buf, recvq: WaitQ::new(), sendq: WaitQ::new(), closed: false, id: chan_id() }),
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
                unsafe { enqueue(l.state, Dir::Send, node, &raw const (*node).own, 0, cx.waker()) };
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
        unsafe { enqueue(l.state, Dir::Recv, node, &raw const (*node).own, 0, cx.waker()) };
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
