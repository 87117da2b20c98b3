//! The channel itself (Go: `hchan`): lock, optional ring buffer, the two
//! wait queues, and the non-blocking send and receive.

use crate::sync::{Mutex, MutexGuard, lock};
use std::cell::UnsafeCell;
use std::collections::VecDeque;
use std::task::Waker;
use super::*;

/// Go: `hchan` without the lock.
pub(super) struct State<T> {
    /// Buffered channels only (an unbuffered one allocates no ring).
    pub(super) buf: Option<Box<Ring<T>>>,
    pub(super) recvq: WaitQ<T>,
    pub(super) sendq: WaitQ<T>,
    pub(super) closed: bool,
    /// The channel's number in the trace (`Wait::Chan`; 0: made outside a run).
    pub(super) id: u64,
}

pub(super) struct Ring<T> {
    pub(super) q: VecDeque<T>,
    pub(super) cap: usize,
}

pub(super) struct Chan<T> {
    /// Go: `hchan.lock`. A `Mutex<()>` beside the state (not around it) so a
    /// select can hold the locks of channels of different element types.
    pub(super) lock: Mutex<()>,
    pub(super) state: UnsafeCell<State<T>>,
}

// SAFETY: `state` (including the raw waiter pointers, whose waiters carry `T`
// values) is only touched under `lock`; values of `T` cross threads, hence
// `T: Send`.
unsafe impl<T: Send> Send for Chan<T> {}
// SAFETY: as above.
unsafe impl<T: Send> Sync for Chan<T> {}

/// The locked state of one channel.
pub(super) struct Locked<'a, T> {
    _guard: MutexGuard<'a, ()>,
    pub(super) state: &'a mut State<T>,
}

impl<T> Chan<T> {
    pub(super) fn locked(&self) -> Locked<'_, T> {
        let guard = lock(&self.lock);
        // SAFETY: we hold `lock`, which guards `state`.
        let state = unsafe { &mut *self.state.get() };
        Locked { _guard: guard, state }
    }

    /// # Safety
    /// The caller holds `lock` (a select's lock-all) for as long as it uses
    /// the result, and makes no other reference to the state meanwhile.
    #[allow(clippy::mut_from_ref, reason = "the channel lock, held by the caller, makes the access exclusive")]
    pub(super) unsafe fn state_locked(&self) -> &mut State<T> {
        // SAFETY: see the contract.
        unsafe { &mut *self.state.get() }
    }
}

impl<T> State<T> {
    /// Non-blocking send: hand `v` to a blocked receiver (returned: its waker,
    /// to wake after unlocking) or buffer it. Go: the fast paths of `chansend`.
    pub(super) fn try_send(&mut self, v: T) -> Result<Option<Waker>, T> {
        assert!(!self.closed, "send on closed channel");
        // SAFETY: we hold the channel lock (we are `&mut State`).
        if let Some(w) = unsafe { pop_claimed(&mut self.recvq) } {
            // SAFETY: we won the claim: the slot is ours until `finish`.
            unsafe { (*w).slot = Some(v) };
            // SAFETY: as above.
            return Ok(unsafe { finish(w) });
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
    pub(super) fn try_recv(&mut self) -> Option<(Option<T>, Option<Waker>)> {
        if let Some(b) = &mut self.buf
            && let Some(v) = b.q.pop_front()
        {
            // A blocked sender's value moves into the freed slot.
            // SAFETY: lock held (`&mut State`).
            if let Some(w) = unsafe { pop_claimed(&mut self.sendq) } {
                // SAFETY: we won the claim; the slot is ours.
                let sv = unsafe { (*w).slot.take() }.expect("try_recv: sender waiter without a value");
                b.q.push_back(sv);
                // SAFETY: as above.
                return Some((Some(v), unsafe { finish(w) }));
            }
            return Some((Some(v), None));
        }
        // SAFETY: lock held.
        if let Some(w) = unsafe { pop_claimed(&mut self.sendq) } {
            // SAFETY: we won the claim; the slot is ours.
            let v = unsafe { (*w).slot.take() }.expect("try_recv: sender waiter without a value");
            // SAFETY: as above.
            return Some((Some(v), unsafe { finish(w) }));
        }
        if self.closed {
            return Some((None, None));
        }
        None
    }

    /// Go's `sendq` or `recvq`.
    pub(super) fn waitq(&mut self, dir: Dir) -> &mut WaitQ<T> {
        match dir {
            Dir::Send => &mut self.sendq,
            Dir::Recv => &mut self.recvq,
        }
    }

    pub(super) fn len(&self) -> usize {
        self.buf.as_ref().map_or(0, |b| b.q.len())
    }
}
