//! What an experiment is, as data: its id, the question it answers, the essay section it teaches,
//! its typed parameters, what it needs from the browser, and — when its real form runs in the
//! engine worker — the typed face of that engine job.
//!
//! The registry ([`crate::registry`]) only lists these; everything else (the catalog page, routes,
//! share links, the engine's job table) looks experiments up by [`ExperimentId`].

use std::fmt;

use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::params::ParamSpec;

/// A stable experiment id (kebab-case). It appears in URLs and messages, so it is never renamed.
///
/// The id is carried by the experiment's [`ExperimentSpec`] itself: there is no second list that
/// maps ids to names. An id read from outside (a link, a message) is only accepted when an
/// experiment in [`crate::CATALOG`] has it.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ExperimentId(&'static str);

impl ExperimentId {
    /// For an experiment's own `ID` constant.
    pub const fn new(id: &'static str) -> Self {
        ExperimentId(id)
    }

    pub const fn as_str(self) -> &'static str {
        self.0
    }

    /// The catalog's id for `s`, if an experiment has it.
    pub fn parse(s: &str) -> Option<Self> {
        crate::CATALOG.iter().map(|e| e.id).find(|id| id.0 == s)
    }
}

impl fmt::Debug for ExperimentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ExperimentId({:?})", self.0)
    }
}

impl fmt::Display for ExperimentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl Serialize for ExperimentId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0)
    }
}

impl<'de> Deserialize<'de> for ExperimentId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        ExperimentId::parse(&text).ok_or_else(|| {
            D::Error::custom(format!("unknown experiment \"{}\"", text.chars().take(60).collect::<String>()))
        })
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
    /// Whether the experiment's real form (or one of its variants) runs as a job in the engine
    /// worker. Then the engine's job table must have a job for [`ExperimentSpec::id`] (a native
    /// test in the engine crate checks it), implementing the experiment's [`EngineJob`].
    pub engine_job: bool,
    /// Whether the experiment has a simulated form (then links carry its mode and seed).
    pub simulated: bool,
    /// Page state beyond the parameters that share links carry (a scenario, a drawing option),
    /// each with the values it may take. Never a parameter key or a link key.
    pub view_keys: &'static [ViewKey],
    /// Page state that share links carry as opaque text the page encodes itself (an edited
    /// program, a chosen interleaving): at most `max_len` characters of URL-safe base64, so it
    /// needs no escaping. Never a parameter key, a view key or a link key.
    pub text_keys: &'static [TextKey],
    /// Parameters renamed since links were first shared: `(old key, new key)`. Old links keep
    /// their value under the new key.
    pub renamed: &'static [(&'static str, &'static str)],
}

/// A piece of page state that share links carry by name, and the values it may take (the first
/// is the default).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ViewKey {
    pub key: &'static str,
    pub values: &'static [&'static str],
}

/// A piece of page state that share links carry as text ([`ExperimentSpec::text_keys`]): the
/// page writes it in unpadded URL-safe base64 (`A–Z a–z 0–9 - _`) and decodes it itself, treating
/// it as hostile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextKey {
    pub key: &'static str,
    pub max_len: usize,
}

impl TextKey {
    /// Whether `text` may travel under this key: not too long, and only the link-safe alphabet.
    pub fn accepts(&self, text: &str) -> bool {
        text.len() <= self.max_len && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    }
}

/// The typed face of an experiment's engine job: what the page sends and what comes back. The
/// protocol carries both as an encoded payload beside [`EngineJob::EXPERIMENT`], so a new
/// experiment adds no message variant.
pub trait EngineJob {
    const EXPERIMENT: ExperimentId;
    /// What the page asks for (validated again by the engine).
    type Input: Serialize + DeserializeOwned;
    /// What the engine reports when the job finishes.
    type Output: Serialize + DeserializeOwned;
}

/// Serialises a u64 as 16 lowercase hex digits: JavaScript numbers cannot hold every u64.
/// Use with `#[serde(with = "crate::spec::hex_u64")]`.
pub mod hex_u64 {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(v: &u64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{v:016x}"))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
        let text = String::deserialize(d)?;
        u64::from_str_radix(&text, 16).map_err(D::Error::custom)
    }
}
