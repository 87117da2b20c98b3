//! The simulated run: many increments under a seeded random schedule.
//!
//! At every step one runnable thread, chosen uniformly by the seed's random sequence, runs its
//! next micro-step. That overlaps increments far more often than real hardware does (a real
//! thread runs thousands of increments in one time slice), so the simulation loses more updates
//! than a real run: it shows that updates are lost and that the protected variants lose none,
//! not how many a machine would lose. The same race and seed give the same outcome everywhere.
//!
//! A run of the largest race is tens of millions of steps, so [`Simulation::advance`] runs it in
//! slices the page can spread over frames; [`simulate`] runs it to the end at once.

use serde::{Deserialize, Serialize};

use super::state::{Effect, State};
use super::{MAX_RACE_THREADS, Race};

/// SplitMix64 (Steele, Lea and Flood, 2014): one u64 of state, statistically good enough for
/// picking threads, the same sequence on every target — and a dozen lines, where a crate would
/// be a dependency for the UI's download.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n` ≥ 1), by multiplying rather than `%`, which would favour small values.
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }
}

/// What a simulated run ended with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RaceOutcome {
    pub final_count: u32,
    /// `threads × increments`.
    pub expected: u32,
    /// `expected − final_count`.
    pub lost: u32,
    /// Micro-steps run, spins and parks included.
    pub steps: u64,
    /// Steps spent spinning on a held spinlock.
    pub spins: u64,
    /// Times a thread parked on a held mutex.
    pub parks: u64,
}

/// A simulated run in progress.
#[derive(Clone, Debug)]
pub struct Simulation {
    state: State,
    rng: SplitMix64,
    steps: u64,
    spins: u64,
    parks: u64,
}

impl Simulation {
    pub fn new(race: Race, seed: u64) -> Simulation {
        Simulation { state: State::new(race), rng: SplitMix64::new(seed), steps: 0, spins: 0, parks: 0 }
    }

    /// Runs at most `max_steps` more steps; true once the run has ended.
    pub fn advance(&mut self, max_steps: u64) -> bool {
        let mut runnable = [0usize; MAX_RACE_THREADS as usize];
        for _ in 0..max_steps {
            let mut n = 0;
            for t in self.state.runnable() {
                runnable[n] = t;
                n += 1;
            }
            if n == 0 {
                break;
            }
            let thread = runnable[self.rng.below(n)];
            match self.state.step(thread).expect("Simulation::advance: a runnable thread steps") {
                Effect::Spun => self.spins += 1,
                Effect::Parked => self.parks += 1,
                _ => {}
            }
            self.steps += 1;
        }
        self.is_finished()
    }

    pub fn is_finished(&self) -> bool {
        self.state.is_finished()
    }

    /// Increments finished so far, over all threads.
    pub fn done(&self) -> u64 {
        (0..self.state.race().threads()).map(|t| u64::from(self.state.done(t))).sum()
    }

    /// The outcome so far (final once [`Simulation::is_finished`]).
    pub fn outcome(&self) -> RaceOutcome {
        let expected = self.state.race().expected();
        RaceOutcome {
            final_count: self.state.counter(),
            expected,
            lost: self.state.lost(),
            steps: self.steps,
            spins: self.spins,
            parks: self.parks,
        }
    }
}

/// Runs `race` to the end under the random schedule of `seed`.
pub fn simulate(race: Race, seed: u64) -> RaceOutcome {
    let mut sim = Simulation::new(race, seed);
    sim.advance(u64::MAX);
    debug_assert!(sim.is_finished(), "simulate: every race ends");
    sim.outcome()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix_matches_the_reference_sequence_and_picks_fairly() {
        // The reference implementation's first outputs for seed 0.
        let mut r = SplitMix64::new(0);
        assert_eq!(r.next_u64(), 0xe220_a839_7b1d_cdaf);
        assert_eq!(r.next_u64(), 0x6e78_9e6a_a1b9_65f4);
        let mut counts = [0u32; 3];
        for _ in 0..30_000 {
            counts[r.below(3)] += 1;
        }
        assert!(counts.iter().all(|&c| (9_000..11_000).contains(&c)), "{counts:?}");
    }
}
