//! Per-P local run queue: a bounded ring, one producer (the owner P), many
//! stealers, plus the `runnext` slot. Go: `runqput`, `runqget`, `runqputslow`,
//! `runqgrab`, `runqsteal` (proc.go).
//!
//! ## Protocol
//! `head` and `tail` are free-running `u32` counters; slot `i` lives at
//! `buf[i % CAP]`. Items in `[head, tail)` are queued.
//!
//! 1. Only the owner writes `tail` and only the owner writes slots, always at
//!    `tail` and only while `tail - head < CAP`.
//! 2. Anyone (owner popping, thieves stealing, the owner spilling to the
//!    global queue) consumes by reading slots `[h, h+n)` **first** and then
//!    claiming them with `CAS(head, h, h+n)`. A failed CAS throws the values
//!    read away, so a slot read that raced with an owner's overwrite is never
//!    used.
//! 3. Slots are `AtomicPtr`, so that racing read is a plain atomic load, not a
//!    data race. (Go copies `guintptr`s the same way; tokio instead keeps two
//!    heads so slots can be non-atomic — rejected here as more state for no
//!    measurable gain at 256 slots.)
//!
//! Why an overwritten slot can never be claimed: the owner writes slot index
//! `t` only when `t < head + CAP`; a consumer that read `head == h` claims
//! `[h, h+n)` with `n <= CAP/2`, and `t >= h + n` for any `t` it could reuse
//! unless `head` moved, in which case the CAS fails.
//!
//! The `u32` counters wrap after 2³² operations; as in Go, a thief would need
//! to sleep across exactly 2³² pushes between its load and its CAS to be fooled.

use crate::sync::{Arc, AtomicPtr, AtomicU32, Ordering};
use std::marker::PhantomData;
use std::ptr;

/// What a run queue holds: an owned, counted reference that travels through
/// a slot as one thin pointer. The scheduler's `G` implements it (a G is one
/// allocation with its own count); tests and loom models use `T`.
pub trait Item: Sized {
    /// Give up ownership of the reference as a non-null thin pointer.
    fn into_raw(self) -> *mut ();
    /// Take back ownership of a reference.
    ///
    /// # Safety
    /// `p` must come from `into_raw` of the same type and be owned by the
    /// caller (claimed by a successful CAS or swap), so each reference is
    /// released exactly once.
    unsafe fn from_raw(p: *mut ()) -> Self;
}

impl<T> Item for Arc<T> {
    fn into_raw(self) -> *mut () {
        Arc::into_raw(self).cast_mut().cast()
    }
    unsafe fn from_raw(p: *mut ()) -> Self {
        // SAFETY: guaranteed by the caller (trait contract above).
        unsafe { Arc::from_raw(p.cast::<T>()) }
    }
}

/// Go's `len(p.runq)`. Shrunk under loom so overflow paths are reachable in a
/// model small enough to check exhaustively.
#[cfg(not(loom))]
pub const LOCAL_QUEUE_CAPACITY: usize = 256;
#[cfg(loom)]
pub const LOCAL_QUEUE_CAPACITY: usize = 4;

const CAP: u32 = LOCAL_QUEUE_CAPACITY as u32;
const MASK: u32 = CAP - 1;
const _: () = assert!(LOCAL_QUEUE_CAPACITY.is_power_of_two());

struct Inner<T: Item> {
    /// Consumers' claim counter. Written only by successful CAS.
    head: AtomicU32,
    /// Producer counter. Written only by the owner.
    tail: AtomicU32,
    /// Go: `p.runnext` — the G to run next, ahead of the ring.
    runnext: AtomicPtr<()>,
    buf: Box<[AtomicPtr<()>]>,
    _items: PhantomData<T>,
}

// SAFETY: the queue only moves owned items (`T`) between threads; it is
// Send/Sync when the items may be sent.
unsafe impl<T: Item + Send> Send for Inner<T> {}
// SAFETY: as above; all shared state is atomics.
unsafe impl<T: Item + Send> Sync for Inner<T> {}

/// The owner's handle. Not `Clone`: owner-only operations take `&mut self`.
pub struct Local<T: Item> {
    inner: Arc<Inner<T>>,
}

/// A thief's handle; cloneable, shared through the P table.
pub struct Steal<T: Item> {
    inner: Arc<Inner<T>>,
}

impl<T: Item> Clone for Steal<T> {
    fn clone(&self) -> Self {
        Steal { inner: self.inner.clone() }
    }
}

/// Create an empty queue: the owner's half and the thieves' half.
pub fn local<T: Item>() -> (Local<T>, Steal<T>) {
    let buf = (0..LOCAL_QUEUE_CAPACITY).map(|_| AtomicPtr::new(ptr::null_mut())).collect();
    let inner = Arc::new(Inner {
        head: AtomicU32::new(0),
        tail: AtomicU32::new(0),
        runnext: AtomicPtr::new(ptr::null_mut()),
        buf,
        _items: PhantomData,
    });
    (Local { inner: inner.clone() }, Steal { inner })
}

fn into_raw<T: Item>(t: T) -> *mut () {
    t.into_raw()
}

/// # Safety
/// As [`Item::from_raw`].
unsafe fn from_raw<T: Item>(p: *mut ()) -> T {
    // SAFETY: guaranteed by the caller, see above.
    unsafe { T::from_raw(p) }
}

impl<T: Item> Inner<T> {
    /// Length of the ring (without runnext). Racy but never more than CAP.
    fn ring_len(&self) -> u32 {
        // Relaxed: a snapshot for statistics and heuristics only.
        let h = self.head.load(Ordering::Relaxed);
        let t = self.tail.load(Ordering::Relaxed);
        t.wrapping_sub(h).min(CAP)
    }
}

impl<T: Item> Local<T> {
    /// Queued items including runnext. Owner P only.
    pub fn len(&self) -> usize {
        // Relaxed: statistics snapshot.
        self.inner.ring_len() as usize + usize::from(!self.inner.runnext.load(Ordering::Relaxed).is_null())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Room left in the ring.
    pub fn remaining(&self) -> usize {
        LOCAL_QUEUE_CAPACITY - self.inner.ring_len() as usize
    }

    /// Go: `runqput(pp, gp, false)`. Puts `t` at the tail. When the ring is
    /// full, half of it plus `t` come back as a batch for the global queue
    /// (Go: `runqputslow`). Owner P only.
    pub fn push_back(&mut self, t: T) -> Option<Vec<T>> {
        let raw = into_raw(t);
        loop {
            // Acquire: pairs with the Release half of consumers' CAS on head,
            // so their slot reads happen before our overwrite below.
            let h = self.inner.head.load(Ordering::Acquire);
            // Relaxed: we are the only writer of tail.
            let t = self.inner.tail.load(Ordering::Relaxed);
            if t.wrapping_sub(h) < CAP {
                // Relaxed: published by the Release store of tail below.
                self.inner.buf[(t & MASK) as usize].store(raw, Ordering::Relaxed);
                // Release: pairs with the Acquire load of tail in steal_into /
                // pop, publishes the slot (and the G behind the pointer).
                self.inner.tail.store(t.wrapping_add(1), Ordering::Release);
                return None;
            }
            if let Some(batch) = self.push_slow(raw, h, t) {
                return Some(batch);
            }
            // Lost a race with a thief: the ring is no longer full. Retry.
        }
    }

    /// Go: `runqputslow`: claim half the ring (the oldest) for the global queue.
    fn push_slow(&mut self, raw: *mut (), h: u32, t: u32) -> Option<Vec<T>> {
        let n = t.wrapping_sub(h) / 2;
        debug_assert_eq!(n, CAP / 2, "push_slow: queue is not full");
        let mut ptrs = Vec::with_capacity(n as usize + 1);
        for i in 0..n {
            // Relaxed: ordered by the Acquire load of head in the caller and
            // validated by the CAS below.
            ptrs.push(self.inner.buf[(h.wrapping_add(i) & MASK) as usize].load(Ordering::Relaxed));
        }
        // AcqRel: Release orders our slot reads before our later overwrites
        // observed through head; Acquire pairs with other consumers' CAS.
        if self
            .inner
            .head
            .compare_exchange(h, h.wrapping_add(n), Ordering::AcqRel, Ordering::Relaxed)
            .is_err()
        {
            return None;
        }
        ptrs.push(raw);
        // SAFETY: the CAS made these slots ours; `raw` was ours all along.
        Some(ptrs.into_iter().map(|p| unsafe { from_raw(p) }).collect())
    }

    /// Go: `runqput(pp, gp, true)`: `t` becomes runnext; the previous runnext,
    /// if any, is kicked to the tail. Owner P only.
    pub fn push_next(&mut self, t: T) -> Option<Vec<T>> {
        // AcqRel: Release publishes the G to a thief's Acquire swap in
        // steal_into; Acquire because the old value may have been ... ours only,
        // but keeping the pairing symmetric costs nothing on x86/arm64 swaps.
        let old = self.inner.runnext.swap(into_raw(t), Ordering::AcqRel);
        if old.is_null() {
            None
        } else {
            // SAFETY: the swap took the old runnext out of the slot: ours now.
            self.push_back(unsafe { from_raw(old) })
        }
    }

    /// Go: `runqget`. Returns the G and whether it came from runnext (it then
    /// inherits the time slice: the schedule tick is not advanced).
    /// `skip_next` ignores runnext for one pick (fairness under ping-pong).
    /// Owner P only.
    pub fn pop(&mut self, skip_next: bool) -> Option<(T, bool)> {
        if !skip_next {
            // Acquire: pairs with the Release of push_next's swap.
            let next = self.inner.runnext.swap(ptr::null_mut(), Ordering::Acquire);
            if !next.is_null() {
                // SAFETY: the swap moved ownership of the pointer to us.
                return Some((unsafe { from_raw(next) }, true));
            }
        }
        loop {
            // Acquire: pairs with consumers' Release CAS (keeps the slot read
            // below from seeing a value older than their claim).
            let h = self.inner.head.load(Ordering::Acquire);
            // Relaxed: we are the only writer of tail.
            let t = self.inner.tail.load(Ordering::Relaxed);
            if t == h {
                if skip_next {
                    return self.pop(false);
                }
                return None;
            }
            // Relaxed: validated by the CAS.
            let p = self.inner.buf[(h & MASK) as usize].load(Ordering::Relaxed);
            // Release: orders the slot read before our later overwrite of it;
            // pairs with the Acquire head load of the next pusher (ourselves)
            // and keeps thieves' view coherent.
            if self
                .inner
                .head
                .compare_exchange(h, h.wrapping_add(1), Ordering::Release, Ordering::Relaxed)
                .is_ok()
            {
                // SAFETY: the CAS claimed slot h for us.
                return Some((unsafe { from_raw(p) }, false));
            }
        }
    }

    /// A thief's handle to this queue.
    pub fn stealer(&self) -> Steal<T> {
        Steal { inner: self.inner.clone() }
    }
}

impl<T: Item> Steal<T> {
    /// Racy length including runnext (for victims' selection and stats).
    pub fn len(&self) -> usize {
        // Relaxed: snapshot only.
        self.inner.ring_len() as usize + usize::from(!self.inner.runnext.load(Ordering::Relaxed).is_null())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Go: `runqsteal` / `runqgrab`. Moves ⌈n/2⌉ of the victim's `n` queued
    /// items into `dst` and returns one of them to run now, plus the number
    /// taken. With `steal_runnext`, an empty ring yields the victim's runnext.
    /// `dst` must be the thief's own queue (the thief owns it: `&mut`), and
    /// must have room for half a queue (it is empty when its owner steals).
    pub fn steal_into(&self, dst: &mut Local<T>, steal_runnext: bool) -> Option<(T, usize)> {
        self.steal_into_pausing(dst, steal_runnext.then_some(&|| {}))
    }

    /// [`Steal::steal_into`] that, when it finds only a `runnext`, calls
    /// `pause` between reading it and taking it, and takes it only if the same
    /// G is still there. Go: the `usleep(3)` in `runqgrab` — the victim that
    /// just readied that G is probably about to block and run it itself.
    /// `None` never takes runnext.
    pub fn steal_into_pausing(&self, dst: &mut Local<T>, pause: Option<&dyn Fn()>) -> Option<(T, usize)> {
        self.steal_into_from(dst, pause).map(|(t, n, _)| (t, n))
    }

    /// [`Steal::steal_into_pausing`] that also says whether the item came
    /// from the victim's `runnext` (for the trace).
    pub fn steal_into_from(&self, dst: &mut Local<T>, pause: Option<&dyn Fn()>) -> Option<(T, usize, bool)> {
        let steal_runnext = pause.is_some();
        if Arc::ptr_eq(&self.inner, &dst.inner) {
            return None;
        }
        // Relaxed: we own dst's tail.
        let dt = dst.inner.tail.load(Ordering::Relaxed);
        assert!(dst.remaining() >= (CAP / 2) as usize, "steal_into: destination queue has no room");
        loop {
            // Acquire: pairs with other consumers' Release CAS on head.
            let h = self.inner.head.load(Ordering::Acquire);
            // Acquire: pairs with the owner's Release store of tail; makes the
            // slots [h, t) and the Gs they point to visible.
            let t = self.inner.tail.load(Ordering::Acquire);
            let len = t.wrapping_sub(h);
            let n = len - len / 2;
            if n == 0 {
                if steal_runnext {
                    // Relaxed load then Acquire swap-by-CAS: the CAS pairs with
                    // the owner's Release swap in push_next.
                    let next = self.inner.runnext.load(Ordering::Relaxed);
                    if !next.is_null() {
                        if let Some(pause) = pause {
                            pause();
                        }
                        if self
                            .inner
                            .runnext
                            .compare_exchange(next, ptr::null_mut(), Ordering::Acquire, Ordering::Relaxed)
                            .is_err()
                        {
                            continue;
                        }
                        // SAFETY: the CAS took runnext: the reference is ours.
                        return Some((unsafe { from_raw(next) }, 1, true));
                    }
                }
                return None;
            }
            if n > CAP / 2 {
                // h and t were read at different times and are inconsistent.
                continue;
            }
            for i in 0..n {
                // Relaxed: validated by the CAS below.
                let p = self.inner.buf[(h.wrapping_add(i) & MASK) as usize].load(Ordering::Relaxed);
                // Relaxed: dst slots past dst's tail are private to us until
                // the Release store of dst.tail below.
                dst.inner.buf[(dt.wrapping_add(i) & MASK) as usize].store(p, Ordering::Relaxed);
            }
            // AcqRel: Release orders our slot reads before the owner's reuse of
            // them (owner's Acquire head load in push_back).
            if self
                .inner
                .head
                .compare_exchange(h, h.wrapping_add(n), Ordering::AcqRel, Ordering::Relaxed)
                .is_err()
            {
                continue;
            }
            let last = dt.wrapping_add(n - 1);
            // Relaxed: private slot, see above.
            let ret = dst.inner.buf[(last & MASK) as usize].load(Ordering::Relaxed);
            if n > 1 {
                // Release: pairs with thieves' Acquire tail load on dst.
                dst.inner.tail.store(last, Ordering::Release);
            }
            // SAFETY: the CAS claimed the batch; `ret` is its last element and
            // was not published in dst (tail stops before it).
            return Some((unsafe { from_raw(ret) }, n as usize, false));
        }
    }

    /// Visit the queued items without taking them: `runnext` first (with
    /// `true`), then the ring from head to tail. For the simulator's checks
    /// of its snapshots.
    ///
    /// # Safety
    /// Nobody may push, pop or steal on this queue until this returns (the
    /// simulator runs every M on the calling thread, between steps), so
    /// every visited reference stays owned by the queue throughout.
    pub unsafe fn peek_each(&self, mut f: impl FnMut(&T, bool)) {
        // Relaxed: no concurrent access (contract).
        let next = self.inner.runnext.load(Ordering::Relaxed);
        if !next.is_null() {
            // SAFETY: runnext holds an owned reference that nobody takes
            // meanwhile (contract); ManuallyDrop leaves it owned by the queue.
            let t = std::mem::ManuallyDrop::new(unsafe { from_raw::<T>(next) });
            f(&t, true);
        }
        // Relaxed: no concurrent access (contract).
        let h = self.inner.head.load(Ordering::Relaxed);
        let t = self.inner.tail.load(Ordering::Relaxed);
        let mut i = h;
        while i != t {
            // Relaxed: as above.
            let p = self.inner.buf[(i & MASK) as usize].load(Ordering::Relaxed);
            // SAFETY: slots in [head, tail) hold owned references, none
            // claimed meanwhile (contract); ManuallyDrop keeps them queued.
            let item = std::mem::ManuallyDrop::new(unsafe { from_raw::<T>(p) });
            f(&item, false);
            i = i.wrapping_add(1);
        }
    }
}

impl<T: Item> Drop for Inner<T> {
    fn drop(&mut self) {
        // No other handle exists any more (we are in Arc's drop): plain loads.
        let h = self.head.load(Ordering::Relaxed);
        let t = self.tail.load(Ordering::Relaxed);
        let mut i = h;
        while i != t {
            let p = self.buf[(i & MASK) as usize].load(Ordering::Relaxed);
            // SAFETY: slots in [head, tail) hold owned references no one claimed.
            drop(unsafe { from_raw::<T>(p) });
            i = i.wrapping_add(1);
        }
        let next = self.runnext.load(Ordering::Relaxed);
        if !next.is_null() {
            // SAFETY: runnext holds an owned reference.
            drop(unsafe { from_raw::<T>(next) });
        }
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    fn arc(i: usize) -> Arc<usize> {
        Arc::new(i)
    }

    #[test]
    fn fifo_and_runnext() {
        let (mut q, _s) = local();
        assert!(q.push_back(arc(1)).is_none());
        assert!(q.push_back(arc(2)).is_none());
        assert!(q.push_next(arc(9)).is_none());
        assert_eq!(q.len(), 3);
        assert_eq!(q.pop(false).map(|(v, n)| (*v, n)), Some((9, true)));
        assert_eq!(q.pop(false).map(|(v, n)| (*v, n)), Some((1, false)));
        // runnext kicked to the tail
        assert!(q.push_next(arc(7)).is_none());
        assert!(q.push_next(arc(8)).is_none());
        assert_eq!(*q.pop(true).unwrap().0, 2);
        assert_eq!(*q.pop(false).unwrap().0, 8);
        assert_eq!(*q.pop(false).unwrap().0, 7);
        assert!(q.pop(false).is_none());
    }

    #[test]
    fn overflow_moves_half_plus_one() {
        let (mut q, _s) = local();
        for i in 0..LOCAL_QUEUE_CAPACITY {
            assert!(q.push_back(arc(i)).is_none());
        }
        let batch = q.push_back(arc(1000)).expect("full queue spills");
        assert_eq!(batch.len(), LOCAL_QUEUE_CAPACITY / 2 + 1);
        let vals: Vec<usize> = batch.iter().map(|a| **a).collect();
        let mut want: Vec<usize> = (0..LOCAL_QUEUE_CAPACITY / 2).collect();
        want.push(1000);
        assert_eq!(vals, want, "the oldest half goes, then the new G");
        assert_eq!(q.len(), LOCAL_QUEUE_CAPACITY / 2);
    }

    #[test]
    fn steal_takes_ceil_half() {
        for n in 0..=LOCAL_QUEUE_CAPACITY {
            let (mut v, s) = local();
            let (mut d, _ds) = local::<Arc<usize>>();
            for i in 0..n {
                assert!(v.push_back(arc(i)).is_none());
            }
            let got = s.steal_into(&mut d, false);
            let taken = got.as_ref().map_or(0, |g| g.1);
            assert_eq!(taken, n - n / 2, "n={n}");
            assert_eq!(v.len(), n / 2);
            assert_eq!(d.len() + usize::from(got.is_some()), taken);
        }
    }

    #[test]
    fn steal_runnext_only_when_asked() {
        let (mut v, s) = local();
        let (mut d, _ds) = local::<Arc<usize>>();
        assert!(v.push_next(arc(5)).is_none());
        assert!(s.steal_into(&mut d, false).is_none());
        assert_eq!(*s.steal_into(&mut d, true).unwrap().0, 5);
    }

    #[test]
    fn drop_releases_everything() {
        let a = arc(1);
        {
            let (mut q, _s) = local();
            for _ in 0..10 {
                assert!(q.push_back(a.clone()).is_none());
            }
            assert!(q.push_next(a.clone()).is_none());
        }
        assert_eq!(Arc::strong_count(&a), 1);
    }

    #[test]
    fn concurrent_steal_every_item_once() {
        use std::sync::atomic::AtomicUsize as StdAtomic;
        const N: usize = 200_000;
        let seen: Arc<Vec<StdAtomic>> = Arc::new((0..N).map(|_| StdAtomic::new(0)).collect());
        let (mut q, s) = local::<Arc<usize>>();
        let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let thieves: Vec<_> = (0..2)
            .map(|_| {
                let s = s.clone();
                let seen = seen.clone();
                let done = done.clone();
                std::thread::spawn(move || {
                    let (mut mine, _) = local::<Arc<usize>>();
                    loop {
                        let d = done.load(Ordering::Acquire);
                        if let Some((g, _)) = s.steal_into(&mut mine, true) {
                            seen[*g].fetch_add(1, Ordering::Relaxed);
                        }
                        while let Some((g, _)) = mine.pop(false) {
                            seen[*g].fetch_add(1, Ordering::Relaxed);
                        }
                        if d {
                            break;
                        }
                    }
                })
            })
            .collect();
        let mut spilled = 0;
        for i in 0..N {
            let r = if i % 7 == 0 { q.push_next(arc(i)) } else { q.push_back(arc(i)) };
            if let Some(b) = r {
                for g in b {
                    seen[*g].fetch_add(1, Ordering::Relaxed);
                    spilled += 1;
                }
            }
            if i % 3 == 0
                && let Some((g, _)) = q.pop(i % 2 == 0)
            {
                seen[*g].fetch_add(1, Ordering::Relaxed);
            }
        }
        while let Some((g, _)) = q.pop(false) {
            seen[*g].fetch_add(1, Ordering::Relaxed);
        }
        done.store(true, Ordering::Release);
        for t in thieves {
            t.join().unwrap();
        }
        let _ = spilled;
        for (i, c) in seen.iter().enumerate() {
            assert_eq!(c.load(Ordering::Relaxed), 1, "item {i}");
        }
    }
}

#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use loom::thread;

    fn drain(q: &mut Local<Arc<usize>>) -> usize {
        let mut n = 0;
        while q.pop(false).is_some() {
            n += 1;
        }
        n
    }

    /// Owner pushes past capacity (overflow) and pops while a thief steals:
    /// every item is accounted for exactly once.
    #[test]
    fn loom_push_pop_steal_overflow() {
        loom::model(|| {
            let (mut q, s) = local::<Arc<usize>>();
            let th = thread::spawn(move || {
                let (mut mine, _) = local::<Arc<usize>>();
                let mut n = 0;
                if let Some((_, k)) = s.steal_into(&mut mine, true) {
                    n += k;
                }
                drain(&mut mine);
                n
            });
            let mut n = 0;
            for i in 0..LOCAL_QUEUE_CAPACITY + 1 {
                if let Some(b) = q.push_back(Arc::new(i)) {
                    n += b.len();
                }
            }
            if q.pop(false).is_some() {
                n += 1;
            }
            n += drain(&mut q);
            n += th.join().unwrap();
            assert_eq!(n, LOCAL_QUEUE_CAPACITY + 1);
        });
    }

    /// runnext races: the owner replaces runnext while a thief takes it.
    #[test]
    fn loom_runnext_steal() {
        loom::model(|| {
            let (mut q, s) = local::<Arc<usize>>();
            let th = thread::spawn(move || {
                let (mut mine, _) = local::<Arc<usize>>();
                let mut n = 0;
                if let Some((_, k)) = s.steal_into(&mut mine, true) {
                    n += k;
                }
                n + drain(&mut mine)
            });
            let mut n = 0;
            assert!(q.push_next(Arc::new(1)).is_none());
            assert!(q.push_next(Arc::new(2)).is_none());
            n += drain(&mut q);
            n += th.join().unwrap();
            assert_eq!(n, 2);
        });
    }

    /// Two thieves against an owner that keeps pushing.
    #[test]
    fn loom_two_thieves() {
        loom::model(|| {
            let (mut q, s) = local::<Arc<usize>>();
            for i in 0..3 {
                assert!(q.push_back(Arc::new(i)).is_none());
            }
            let s2 = s.clone();
            let t1 = thread::spawn(move || {
                let (mut mine, _) = local::<Arc<usize>>();
                let k = s.steal_into(&mut mine, false).map_or(0, |x| x.1);
                drain(&mut mine);
                k
            });
            let t2 = thread::spawn(move || {
                let (mut mine, _) = local::<Arc<usize>>();
                let k = s2.steal_into(&mut mine, false).map_or(0, |x| x.1);
                drain(&mut mine);
                k
            });
            let mut n = 0;
            if q.push_back(Arc::new(3)).is_some() {
                unreachable!("4 items fit in a loom queue of 4");
            }
            n += drain(&mut q);
            n += t1.join().unwrap();
            n += t2.join().unwrap();
            assert_eq!(n, 4);
        });
    }
}
