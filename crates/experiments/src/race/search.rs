//! "Find a losing interleaving": the fewest steps after which an update is lost.
//!
//! Breadth-first over distinct [`State`]s, so the first state found with a lost update
//! ([`State::lost`] > 0) is reached by a shortest prefix. Two interleavings that reach the same
//! state are merged: whether an update is lost, and everything that can still happen, depends
//! only on the state (the module doc of [`super`] says why a loss is a property of the state).
//! The prefix is then completed without interleaving — the lock holder if there is one, otherwise
//! the lowest runnable thread, until every thread has finished — and replayed in a [`Machine`]
//! for its [`LostUpdate`]s. For the plain variant every complete schedule has the same length
//! (three steps an increment), so this is also a shortest complete losing schedule.
//!
//! Iterative deepening would keep less in memory but revisits states once per depth; the state
//! space of step mode is small enough to keep, and [`MAX_SEARCH_STATES`] bounds it.

use std::collections::{HashSet, VecDeque};

use super::machine::{LostUpdate, Machine};
use super::schedule::Schedule;
use super::state::State;
use super::{Race, SetupError};

/// The most distinct states a search visits before it gives up.
pub const MAX_SEARCH_STATES: usize = 200_000;

/// A schedule that loses updates, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Losing {
    /// The complete schedule.
    pub schedule: Schedule,
    /// How many of its first steps it takes to lose the first update (the shortest possible).
    pub prefix: usize,
    /// Its lost updates, in the order of the stores that lost them.
    pub lost: Vec<LostUpdate>,
    pub final_count: u32,
}

/// What a search found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Search {
    Found(Losing),
    /// Every reachable state was visited (`states` of them) and none loses an update: no
    /// schedule of this race can.
    NeverLoses { states: usize },
    /// [`MAX_SEARCH_STATES`] were visited without a loss; there may still be one further on.
    GaveUp { states: usize },
}

impl Search {
    pub fn found(self) -> Option<Losing> {
        match self {
            Search::Found(l) => Some(l),
            Search::NeverLoses { .. } | Search::GaveUp { .. } => None,
        }
    }
}

/// A shortest losing schedule of `race`, if one exists within [`MAX_SEARCH_STATES`] states. None
/// also for a race too big for step mode; [`search`] tells these cases apart.
pub fn find_losing(race: Race) -> Option<Losing> {
    search(race, MAX_SEARCH_STATES).ok()?.found()
}

/// Searches `race` (a step-mode race), visiting at most `max_states` distinct states.
pub fn search(race: Race, max_states: usize) -> Result<Search, SetupError> {
    Machine::new(race)?;
    let start = State::new(race);
    // Each visited state, the state it was reached from and the thread that stepped.
    let mut nodes: Vec<(State, usize, u8)> = vec![(start, usize::MAX, 0)];
    let mut seen = HashSet::from([start]);
    let mut queue = VecDeque::from([0]);
    while let Some(i) = queue.pop_front() {
        let here = nodes[i].0;
        for thread in here.runnable() {
            let mut next = here;
            next.step(thread).expect("search: a runnable thread steps");
            if !seen.insert(next) {
                continue;
            }
            nodes.push((next, i, thread as u8));
            if next.lost() > 0 {
                return Ok(Search::Found(complete(race, path(&nodes, nodes.len() - 1))));
            }
            if nodes.len() >= max_states {
                return Ok(Search::GaveUp { states: nodes.len() });
            }
            queue.push_back(nodes.len() - 1);
        }
    }
    Ok(Search::NeverLoses { states: nodes.len() })
}

/// The threads that stepped from the start to `nodes[end]`.
fn path(nodes: &[(State, usize, u8)], mut end: usize) -> Vec<u8> {
    let mut steps = Vec::new();
    while end != 0 {
        let (_, parent, thread) = nodes[end];
        steps.push(thread);
        end = parent;
    }
    steps.reverse();
    steps
}

/// Runs `prefix`, finishes the race one thread at a time, and explains it.
fn complete(race: Race, prefix: Vec<u8>) -> Losing {
    let mut m = Machine::replay(race, &Schedule::from_steps(prefix.iter().copied()))
        .expect("search: a path of the search replays");
    while !m.is_finished() {
        let next = m.state().holder().filter(|&h| m.can_step(h)).or_else(|| m.runnable().first().copied());
        let thread = next.expect("search: an unfinished race has a runnable thread");
        m.step(thread).expect("search: completing never exceeds the schedule length");
    }
    Losing {
        schedule: m.schedule(),
        prefix: prefix.len(),
        lost: m.lost_updates().collect(),
        final_count: m.counter(),
    }
}
