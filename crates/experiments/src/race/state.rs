//! The state of a race and one micro-step of one thread.
//!
//! [`State`] is a small plain value (fixed arrays, no heap): the step machine copies it for
//! undo, the search hashes it to merge interleavings that reach the same state, the simulation
//! steps it millions of times. It knows nothing of step indices or history; those are the
//! machine's.

use super::program::Op;
use super::{MAX_RACE_THREADS, Race};
use super::machine::StepError;

const SLOTS: usize = MAX_RACE_THREADS as usize;

/// One thread: where it is in its program and what its register holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
struct Thread {
    /// Increments finished.
    done: u32,
    /// Position of its next step in [`Variant::program`].
    pc: u8,
    /// The value it loaded (plus one after `Add`).
    reg: u32,
    /// Waiting for the parking mutex; cannot step until an unlock wakes it.
    parked: bool,
}

/// What a step did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Effect {
    /// `reg = counter`
    Loaded { value: u32 },
    /// `reg = reg + 1`
    Added { value: u32 },
    /// `counter = reg`; `was` is the value it replaced.
    Stored { value: u32, was: u32 },
    /// `fetch_add(1)` left the counter at `value`.
    FetchAdded { value: u32 },
    /// The lock was free; the thread holds it now.
    Acquired,
    /// The mutex was held: the thread parked and waits for an unlock.
    Parked,
    /// The spinlock was held: the step was spent and the thread tries again next time.
    Spun,
    /// The lock is free; `woke` is the waiter this unlock woke (parking mutex only).
    Released { woke: Option<u8> },
}

/// The counter, every thread and the lock.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct State {
    race: Race,
    counter: u32,
    /// Slots at and after `race.threads()` stay at their default.
    threads: [Thread; SLOTS],
    /// The thread holding the lock (mutex and spinlock).
    holder: Option<u8>,
    /// Parked threads in the order they parked (parking mutex only); the first `waiting` count.
    waiters: [u8; SLOTS],
    waiting: u8,
}

impl State {
    pub fn new(race: Race) -> State {
        State {
            race,
            counter: 0,
            threads: [Thread::default(); SLOTS],
            holder: None,
            waiters: [0; SLOTS],
            waiting: 0,
        }
    }

    pub fn race(&self) -> Race {
        self.race
    }

    pub fn counter(&self) -> u32 {
        self.counter
    }

    pub fn holder(&self) -> Option<usize> {
        self.holder.map(usize::from)
    }

    /// Parked threads, first to be woken first.
    pub fn waiters(&self) -> impl Iterator<Item = usize> + '_ {
        self.waiters[..usize::from(self.waiting)].iter().map(|&t| usize::from(t))
    }

    /// Increments `thread` has finished (0 for a thread the race does not have).
    pub fn done(&self, thread: usize) -> u32 {
        self.slot(thread).map_or(0, |t| t.done)
    }

    /// The step `thread` runs next, if it has one left.
    pub fn next_op(&self, thread: usize) -> Option<Op> {
        let t = self.slot(thread)?;
        (t.done < self.race.increments()).then(|| self.race.variant().program()[usize::from(t.pc)])
    }

    /// What `thread`'s register holds while it means something: from its load to its store.
    pub fn register(&self, thread: usize) -> Option<u32> {
        let t = self.slot(thread)?;
        let load = self.race.variant().load_at()?;
        let pc = usize::from(t.pc);
        (t.done < self.race.increments() && pc > load && pc <= self.race.variant().write_at()).then_some(t.reg)
    }

    pub fn is_parked(&self, thread: usize) -> bool {
        self.slot(thread).is_some_and(|t| t.parked)
    }

    /// Whether `thread` may step now (it exists, has steps left and is not parked).
    pub fn can_step(&self, thread: usize) -> bool {
        self.check(thread).is_ok()
    }

    /// Every thread that may step now, in id order.
    pub fn runnable(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.race.threads()).filter(|&t| self.can_step(t))
    }

    /// Every thread has finished its increments.
    pub fn is_finished(&self) -> bool {
        (0..self.race.threads()).all(|t| self.threads[t].done == self.race.increments())
    }

    /// Stores made so far (an atomic `fetch_add` counts as one).
    pub fn stores(&self) -> u32 {
        let write_at = self.race.variant().write_at();
        self.threads[..self.race.threads()]
            .iter()
            .map(|t| t.done + u32::from(usize::from(t.pc) > write_at))
            .sum()
    }

    /// Updates lost so far: stores made minus the counter. Never negative, and once positive
    /// it stays so (the module doc says why); at the end it is `expected − final`.
    pub fn lost(&self) -> u32 {
        let stores = self.stores();
        debug_assert!(self.counter <= stores, "State::lost: counter {} above {stores} stores", self.counter);
        stores.saturating_sub(self.counter)
    }

    /// Why `thread` cannot step now, if it cannot.
    pub fn check(&self, thread: usize) -> Result<(), StepError> {
        let t = self.slot(thread).ok_or(StepError::NoSuchThread { thread, threads: self.race.threads() })?;
        if t.done == self.race.increments() {
            return Err(StepError::Finished { thread });
        }
        if t.parked {
            return Err(StepError::Parked { thread });
        }
        Ok(())
    }

    /// Runs `thread`'s next micro-step.
    pub fn step(&mut self, thread: usize) -> Result<Effect, StepError> {
        self.check(thread)?;
        let variant = self.race.variant();
        let op = variant.program()[usize::from(self.threads[thread].pc)];
        let id = thread as u8;
        let (effect, advance) = match op {
            Op::Load => {
                self.threads[thread].reg = self.counter;
                (Effect::Loaded { value: self.counter }, true)
            }
            Op::Add => {
                let t = &mut self.threads[thread];
                t.reg += 1;
                (Effect::Added { value: t.reg }, true)
            }
            Op::Store => {
                let was = self.counter;
                // The register means nothing after the store; clearing it lets the search merge
                // states that differ only there.
                self.counter = std::mem::take(&mut self.threads[thread].reg);
                (Effect::Stored { value: self.counter, was }, true)
            }
            Op::FetchAdd => {
                self.counter += 1;
                (Effect::FetchAdded { value: self.counter }, true)
            }
            Op::Lock | Op::TryLock if self.holder.is_none() => {
                self.holder = Some(id);
                (Effect::Acquired, true)
            }
            Op::Lock => {
                self.threads[thread].parked = true;
                self.waiters[usize::from(self.waiting)] = id;
                self.waiting += 1;
                (Effect::Parked, false)
            }
            Op::TryLock => (Effect::Spun, false),
            Op::Unlock => {
                debug_assert_eq!(self.holder, Some(id), "State::step: unlock by a thread that does not hold the lock");
                self.holder = None;
                let woke = (self.waiting > 0).then(|| {
                    let first = self.waiters[0];
                    self.waiters.copy_within(1..usize::from(self.waiting), 0);
                    self.waiting -= 1;
                    self.waiters[usize::from(self.waiting)] = 0;
                    self.threads[usize::from(first)].parked = false;
                    first
                });
                (Effect::Released { woke }, true)
            }
        };
        if advance {
            let t = &mut self.threads[thread];
            t.pc += 1;
            if usize::from(t.pc) == variant.program().len() {
                t.pc = 0;
                t.done += 1;
            }
        }
        Ok(effect)
    }

    fn slot(&self, thread: usize) -> Option<&Thread> {
        self.threads[..self.race.threads()].get(thread)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::race::Variant;

    /// Every state reachable from the start, by any schedule (depth-first over distinct states;
    /// a spin leaves the state as it was, so spinning schedules add no states).
    fn reachable(race: Race) -> Vec<State> {
        let start = State::new(race);
        let mut seen = HashSet::from([start]);
        let mut todo = vec![start];
        let mut all = Vec::new();
        while let Some(s) = todo.pop() {
            all.push(s);
            for t in s.runnable().collect::<Vec<_>>() {
                let mut next = s;
                next.step(t).expect("a runnable thread steps");
                if seen.insert(next) {
                    todo.push(next);
                }
            }
        }
        all
    }

    /// Atomic, mutex and spinlock never lose an update in any reachable state, never get stuck,
    /// and every finished state counts `threads × increments`: a proof for these sizes, since
    /// every schedule is a path through these states.
    #[test]
    fn protected_variants_never_lose_in_any_reachable_state() {
        for (threads, increments) in [(2, 2), (3, 1), (2, 3), (3, 2)] {
            for variant in [Variant::Atomic, Variant::Mutex, Variant::SpinLock] {
                let race = Race::new(threads, increments, variant).unwrap();
                let states = reachable(race);
                let mut finished = 0;
                for s in &states {
                    assert_eq!(s.lost(), 0, "{variant:?} {threads}×{increments}: {s:?}");
                    if s.is_finished() {
                        finished += 1;
                        assert_eq!(s.counter(), race.expected());
                    } else {
                        assert!(s.runnable().next().is_some(), "{variant:?}: stuck in {s:?}");
                    }
                }
                assert_eq!(finished, 1, "{variant:?}");
                if variant == Variant::Atomic {
                    // One state per count of finished increments of each thread.
                    assert_eq!(states.len() as u32, (increments + 1).pow(threads));
                } else {
                    assert!(states.len() > 10, "{variant:?}: the exploration ran");
                }
            }
        }
    }

    /// The plain increment can end anywhere from 2 to `threads × increments` (with one
    /// increment each, from 1): a stale store can undo almost everything another thread did.
    #[test]
    fn plain_final_counts_range_from_two_to_the_expected_count() {
        for (threads, increments, lowest) in [(2, 1, 1), (2, 3, 2), (3, 2, 2)] {
            let race = Race::new(threads, increments, Variant::Plain).unwrap();
            let finals: Vec<u32> = reachable(race).iter().filter(|s| s.is_finished()).map(State::counter).collect();
            assert_eq!(finals.iter().min(), Some(&lowest), "{threads}×{increments}");
            assert_eq!(finals.iter().max(), Some(&race.expected()));
        }
    }

    #[test]
    fn a_parked_thread_waits_for_the_unlock_that_wakes_it() {
        let mut s = State::new(Race::new(3, 1, Variant::Mutex).unwrap());
        assert_eq!(s.step(0), Ok(Effect::Acquired));
        assert_eq!(s.step(2), Ok(Effect::Parked));
        assert_eq!(s.step(1), Ok(Effect::Parked));
        assert_eq!(s.waiters().collect::<Vec<_>>(), [2, 1]);
        assert_eq!(s.runnable().collect::<Vec<_>>(), [0]);
        for _ in 0..3 {
            s.step(0).unwrap();
        }
        assert_eq!(s.step(0), Ok(Effect::Released { woke: Some(2) }));
        assert_eq!(s.runnable().collect::<Vec<_>>(), [2]);
        assert_eq!(s.next_op(2), Some(Op::Lock));
        assert_eq!(s.step(2), Ok(Effect::Acquired));
    }
}
