//! The one place experiments are registered. The catalog page, routes, share links and the
//! engine all look experiments up here; an experiment that is not in [`CATALOG`] does not exist.

use serde::{Deserialize, Serialize};

use crate::params::ParamSpec;
use crate::{event_loop, speedup, task_queues};

/// Stable experiment ids. They appear in URLs and messages, so they are never renamed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExperimentId {
    ParallelSpeedup,
    EventLoop,
    TaskQueues,
}

impl ExperimentId {
    pub fn as_str(self) -> &'static str {
        match self {
            ExperimentId::ParallelSpeedup => "parallel-speedup",
            ExperimentId::EventLoop => "event-loop",
            ExperimentId::TaskQueues => "task-queues",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        CATALOG.iter().map(|e| e.id).find(|id| id.as_str() == s)
    }
}

/// What a browser must provide for the real form of an experiment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Needs {
    /// Runs anywhere: on the main thread or in plain workers.
    Nothing,
    /// Needs shared memory between workers (a cross-origin isolated page).
    SharedMemory,
}

/// The section of the seed essay an experiment teaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SeedSection {
    /// The heading as written in the essay (Korean).
    pub heading: &'static str,
    /// The same heading in English.
    pub english: &'static str,
}

/// An experiment, described as data.
#[derive(Clone, Copy, Debug)]
pub struct ExperimentSpec {
    pub id: ExperimentId,
    pub title: &'static str,
    /// The one question the experiment answers.
    pub question: &'static str,
    pub seed: SeedSection,
    pub params: &'static [ParamSpec],
    pub needs: Needs,
}

/// Every experiment, in catalog order.
pub const CATALOG: &[ExperimentSpec] = &[speedup::SPEC, event_loop::SPEC, task_queues::SPEC];

pub fn find(id: ExperimentId) -> &'static ExperimentSpec {
    CATALOG
        .iter()
        .find(|e| e.id == id)
        .expect("find: every ExperimentId has a CATALOG entry")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_are_unique() {
        for (i, e) in CATALOG.iter().enumerate() {
            assert_eq!(ExperimentId::parse(e.id.as_str()), Some(e.id));
            assert_eq!(find(e.id).title, e.title);
            assert!(CATALOG[i + 1..].iter().all(|o| o.id != e.id));
            let json = serde_json::to_string(&e.id).unwrap();
            assert_eq!(json, format!("\"{}\"", e.id.as_str()));
        }
        assert_eq!(ExperimentId::parse("nope"), None);
    }

    #[test]
    fn every_default_is_valid_and_keys_are_unique() {
        for e in CATALOG {
            for (i, p) in e.params.iter().enumerate() {
                assert!(p.validate(p.default_value()).is_ok(), "{}: {}", e.title, p.key);
                assert!(e.params[i + 1..].iter().all(|o| o.key != p.key));
            }
        }
    }
}
