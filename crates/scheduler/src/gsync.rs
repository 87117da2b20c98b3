//! G-level synchronisation: `WaitGroup` and a `Mutex` that parks Gs, not Ms.
//! Go: sync.WaitGroup, sync.Mutex (semacquire parks the goroutine).

use crate::sched::set_block_reason;
use crate::sync::{Arc, lock};
use crate::trace::BlockReason;
use std::cell::UnsafeCell;
use std::collections::VecDeque;
use std::future::Future;
use std::ops::{Deref, DerefMut};
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

/// Go's `sync.WaitGroup`: `add`, `done`, `wait().await`.
#[derive(Clone, Default)]
pub struct WaitGroup {
    inner: Arc<crate::sync::Mutex<(i64, Vec<Waker>)>>,
}

impl WaitGroup {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&self, n: i64) {
        let wake = {
            let mut s = lock(&self.inner);
            s.0 += n;
            assert!(s.0 >= 0, "sync: negative WaitGroup counter");
            if s.0 == 0 { std::mem::take(&mut s.1) } else { Vec::new() }
        };
        for w in wake {
            w.wake();
        }
    }

    pub fn done(&self) {
        self.add(-1);
    }

    pub fn wait(&self) -> Wait<'_> {
        Wait { wg: self }
    }
}

pub struct Wait<'a> {
    wg: &'a WaitGroup,
}

impl Future for Wait<'_> {
    type Output = ();
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut s = lock(&self.wg.inner);
        if s.0 == 0 {
            return Poll::Ready(());
        }
        if !s.1.iter().any(|w| w.will_wake(cx.waker())) {
            s.1.push(cx.waker().clone());
        }
        set_block_reason(BlockReason::WaitGroup);
        Poll::Pending
    }
}

struct MutexState {
    locked: bool,
    /// FIFO of parked Gs (Go's starvation mode hands the lock over in order).
    waiters: VecDeque<(u64, Waker)>,
    next_ticket: u64,
}

/// A mutex whose `lock().await` parks the G (its M runs other Gs meanwhile).
pub struct Mutex<T> {
    state: crate::sync::Mutex<MutexState>,
    value: UnsafeCell<T>,
}

// SAFETY: the value is only reached through a MutexGuard, and at most one
// guard exists at a time (the `locked` flag under `state`'s lock).
unsafe impl<T: Send> Sync for Mutex<T> {}
// SAFETY: moving the mutex moves the T.
unsafe impl<T: Send> Send for Mutex<T> {}

impl<T> Mutex<T> {
    pub fn new(v: T) -> Self {
        Mutex {
            state: crate::sync::Mutex::new(MutexState { locked: false, waiters: VecDeque::new(), next_ticket: 0 }),
            value: UnsafeCell::new(v),
        }
    }

    pub fn lock(&self) -> Lock<'_, T> {
        Lock { m: self, ticket: None }
    }

    pub fn into_inner(self) -> T {
        self.value.into_inner()
    }
}

pub struct Lock<'a, T> {
    m: &'a Mutex<T>,
    ticket: Option<u64>,
}

impl<'a, T> Future for Lock<'a, T> {
    type Output = MutexGuard<'a, T>;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<MutexGuard<'a, T>> {
        let mut s = lock(&self.m.state);
        let first = s.waiters.front().map(|w| w.0);
        // Free, and either nobody queues or we are at the head: take it.
        if !s.locked && (first.is_none() || first == self.ticket) {
            if self.ticket.is_some() {
                s.waiters.pop_front();
            }
            s.locked = true;
            self.ticket = None;
            return Poll::Ready(MutexGuard { m: self.m, _not_auto: std::marker::PhantomData });
        }
        match self.ticket {
            Some(t) => {
                if let Some(w) = s.waiters.iter_mut().find(|w| w.0 == t) {
                    w.1 = cx.waker().clone();
                }
            }
            None => {
                let t = s.next_ticket;
                s.next_ticket += 1;
                s.waiters.push_back((t, cx.waker().clone()));
                self.ticket = Some(t);
            }
        }
        set_block_reason(BlockReason::Mutex);
        Poll::Pending
    }
}

impl<T> Drop for Lock<'_, T> {
    fn drop(&mut self) {
        if let Some(t) = self.ticket {
            let mut s = lock(&self.m.state);
            let was_head = s.waiters.front().map(|w| w.0) == Some(t);
            s.waiters.retain(|w| w.0 != t);
            if was_head
                && !s.locked
                && let Some(w) = s.waiters.front()
            {
                w.1.wake_by_ref();
            }
        }
    }
}

/// Proof of holding a [`Mutex`]; dereferences to the value.
///
/// Thread-safety bounds are std's: a guard may move to another thread with
/// the lock (`T: Send`, so a G holding it across an `.await` can resume on
/// another M), and is shared between threads only if `T: Sync`, because
/// `&MutexGuard<T>` hands out `&T` on every thread that holds it.
///
/// ```
/// fn is_sync<T: Sync>() {}
/// fn is_send<T: Send>() {}
/// is_sync::<interleave_scheduler::MutexGuard<'static, u32>>();
/// is_send::<interleave_scheduler::MutexGuard<'static, u32>>();
/// is_send::<interleave_scheduler::MutexGuard<'static, std::cell::Cell<u32>>>();
/// ```
///
/// A guard of a `Cell` is not `Sync` (two threads could `set` it at once):
///
/// ```compile_fail,E0277
/// fn is_sync<T: Sync>() {}
/// is_sync::<interleave_scheduler::MutexGuard<'static, std::cell::Cell<u32>>>();
/// ```
pub struct MutexGuard<'a, T> {
    m: &'a Mutex<T>,
    /// Opts out of the auto traits: `&'a Mutex<T>` is `Sync` whenever
    /// `T: Send`, which would make `MutexGuard<Cell<_>>` `Sync`. The impls
    /// below restore std's bounds.
    _not_auto: std::marker::PhantomData<*const T>,
}

// SAFETY: sending the guard sends exclusive access to the `T` (as sending a
// `&mut T`), which `T: Send` permits; unlocking from another thread is fine
// because the lock is a flag under a std mutex, not an OS-owned lock.
unsafe impl<T: Send> Send for MutexGuard<'_, T> {}
// SAFETY: `&MutexGuard<T>` only gives `&T` (DerefMut needs `&mut`), so
// sharing it is sharing `&T`: sound exactly when `T: Sync` (std's bound).
unsafe impl<T: Sync> Sync for MutexGuard<'_, T> {}

impl<T> Deref for MutexGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: the guard is the single holder of the lock (see Sync impl).
        unsafe { &*self.m.value.get() }
    }
}

impl<T> DerefMut for MutexGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: as in deref; &mut self makes this the only borrow.
        unsafe { &mut *self.m.value.get() }
    }
}

impl<T> Drop for MutexGuard<'_, T> {
    fn drop(&mut self) {
        let mut s = lock(&self.m.state);
        s.locked = false;
        if let Some(w) = s.waiters.front() {
            w.1.wake_by_ref();
        }
    }
}
