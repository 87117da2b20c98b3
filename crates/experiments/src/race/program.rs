//! What each thread runs: `counter += 1`, written out as the micro-steps of one variant.

use serde::{Deserialize, Serialize};

/// How the increment is protected.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Variant {
    /// Nothing: load into the thread's register, add one, store it back. Another thread's store
    /// between this thread's load and store is overwritten — a lost update.
    #[default]
    Plain,
    /// One indivisible `fetch_add`: nothing can come between the read and the write.
    Atomic,
    /// A parking mutex around the plain increment: a thread that finds the lock held parks (it
    /// cannot run) until the holder's unlock wakes it, then tries again.
    Mutex,
    /// A spinlock around the plain increment: a thread that finds the lock held spins (the step
    /// is spent, the thread stays runnable and tries again on its next step).
    #[serde(rename = "spinlock")]
    SpinLock,
}

impl Variant {
    pub const ALL: [Variant; 4] = [Variant::Plain, Variant::Atomic, Variant::Mutex, Variant::SpinLock];
    pub const KEYS: [&'static str; 4] =
        [Variant::Plain.key(), Variant::Atomic.key(), Variant::Mutex.key(), Variant::SpinLock.key()];

    /// Its value in share links and replays (the same as its serde name).
    pub const fn key(self) -> &'static str {
        match self {
            Variant::Plain => "plain",
            Variant::Atomic => "atomic",
            Variant::Mutex => "mutex",
            Variant::SpinLock => "spinlock",
        }
    }

    pub fn from_key(key: &str) -> Option<Variant> {
        Variant::ALL.into_iter().find(|v| v.key() == key)
    }

    /// One increment, in the order a thread runs it.
    pub const fn program(self) -> &'static [Op] {
        match self {
            Variant::Plain => &[Op::Load, Op::Add, Op::Store],
            Variant::Atomic => &[Op::FetchAdd],
            Variant::Mutex => &[Op::Lock, Op::Load, Op::Add, Op::Store, Op::Unlock],
            Variant::SpinLock => &[Op::TryLock, Op::Load, Op::Add, Op::Store, Op::Unlock],
        }
    }

    /// The position in [`Variant::program`] of the step that writes the counter.
    pub(crate) const fn write_at(self) -> usize {
        match self {
            Variant::Plain => 2,
            Variant::Atomic => 0,
            Variant::Mutex | Variant::SpinLock => 3,
        }
    }

    /// The position in [`Variant::program`] of the step that reads the counter into the register
    /// (none for [`Variant::Atomic`], whose read and write are one step).
    pub(crate) const fn load_at(self) -> Option<usize> {
        match self {
            Variant::Plain => Some(0),
            Variant::Atomic => None,
            Variant::Mutex | Variant::SpinLock => Some(1),
        }
    }
}

/// One micro-step of `counter += 1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Op {
    /// `reg = counter`
    Load,
    /// `reg = reg + 1`
    Add,
    /// `counter = reg`
    Store,
    /// `counter.fetch_add(1)`: read and write in one step.
    FetchAdd,
    /// Take the parking mutex, or park until its holder unlocks it.
    Lock,
    /// Take the spinlock (`compare_exchange(false, true)`), or spin: the step is spent and the
    /// thread tries again next time.
    TryLock,
    /// Release the lock; a parking mutex also wakes its first waiter.
    Unlock,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_match_serde() {
        for v in Variant::ALL {
            assert_eq!(Variant::from_key(v.key()), Some(v));
            assert_eq!(serde_json::to_string(&v).unwrap(), format!("\"{}\"", v.key()));
            let p = v.program();
            assert!(matches!(p[v.write_at()], Op::Store | Op::FetchAdd));
            if let Some(l) = v.load_at() {
                assert_eq!(p[l], Op::Load);
            }
        }
        assert_eq!(Variant::from_key("Plain"), None);
    }
}
