//! Two languages, English and Korean: one typed message catalog per language, the language the
//! page speaks, and the formatting of numbers and units.
//!
//! # The catalog
//!
//! [`Messages`] (`keys.rs`) names every string the page shows, one field per key; [`en::EN`]
//! and [`ko::KO`] are its two values. A key missing from either language is a compile error
//! (a struct literal must name every field); a key no code reads fails the native test
//! `every_key_is_used`, which scans the crate's sources. Strings with parameters are fields of
//! function type with named parameters (`run_on: fn(threads: u32, unit: &str) -> String`), so
//! each language orders the slots its own way. The strings an experiment owns (title, question,
//! parameter labels and help) are English in the experiment's spec (`interleave-experiments`,
//! which native tools and the engine's messages also read) and Korean in [`ko::EXPERIMENTS`];
//! [`experiment`] gives either, and a native test fails when an experiment or one of its
//! parameters has no Korean or Korean that no experiment has. Page strings of one experiment
//! (its "why" text, headings, legends) are a struct of their own inside [`Messages`]
//! (`m.speedup`, `m.event_loop`, `m.task_queues`).
//!
//! Why not Fluent: its runtime (a parser, plural rules, bidi handling) would ship in the UI's
//! wasm for two languages whose plural rules we can write in a line, the first-load budget is
//! tight, and Fluent finds a missing message only at run time. A struct literal per language
//! finds it while compiling, and costs only the strings.
//!
//! # Which language
//!
//! In order: the link's `lang` key, the one remembered from the switcher (`localStorage`), the
//! first of `navigator.languages` we speak, English. [`LangProvider`] decides, keeps
//! `<html lang>` equal to it, and hands [`use_lang`] and [`use_messages`] to every component;
//! [`LanguageSwitch`] changes it on every page (the embed route included), remembers it, and
//! keeps the address bar's `lang` equal to it. A link carries `lang` when the person chose a
//! language (with the switcher, now or on an earlier visit, or by opening a link that named
//! one); a page that only followed the browser leaves it out, so the reader's browser decides.

mod en;
mod format;
mod keys;
mod ko;
mod rich;
mod switch;

use interleave_experiments::{ExperimentId, ParamError, ParamSpec, find};
use yew::prelude::*;

pub use format::{group, number};
pub use keys::{EventLoopMessages, GoSchedulerMessages, Messages, RaceMessages, SpeedupMessages, TaskQueuesMessages};
pub use rich::rich;
pub use switch::{LangProvider, LanguageSwitch};

/// A language the page speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Ko,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ko];

    /// The BCP 47 tag, as in `<html lang>` and in links (`lang=ko`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
        }
    }

    /// The language's own name, for the switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ko => "한국어",
        }
    }

    /// `en`, `ko`, or a regional tag of either (`ko-KR`, `en-GB`).
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.code() == primary)
    }

    /// The first of the browser's preferred languages that we speak.
    pub fn from_preferences<'a>(tags: impl IntoIterator<Item = &'a str>) -> Option<Lang> {
        tags.into_iter().find_map(Lang::parse)
    }

    pub const fn messages(self) -> &'static Messages {
        match self {
            Lang::En => &en::EN,
            Lang::Ko => &ko::KO,
        }
    }
}

/// An experiment's own words in one language: what the catalog page, the page heading and the
/// parameter controls show.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ExperimentText {
    pub title: &'static str,
    pub question: &'static str,
    /// The seed essay's section, in this language (the Korean heading is the essay's own).
    pub seed: &'static str,
    pub params: &'static [ParamText],
}

/// A parameter's label, unit and help in one language.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ParamText {
    pub key: &'static str,
    pub label: &'static str,
    pub unit: &'static str,
    pub help: &'static str,
}

/// The Korean words of one experiment ([`ko::EXPERIMENTS`]).
#[derive(Clone, Copy, Debug)]
pub struct Translated {
    pub id: ExperimentId,
    pub text: ExperimentText,
}

/// Experiment `id`'s words in `lang`.
pub fn experiment(lang: Lang, id: ExperimentId) -> ExperimentText {
    match lang {
        Lang::En => english(id),
        Lang::Ko => ko::EXPERIMENTS.iter().find(|t| t.id == id).map(|t| t.text).unwrap_or_else(|| english(id)),
    }
}

/// Parameter `spec`'s words in `lang`.
pub fn param(lang: Lang, spec: &ParamSpec) -> ParamText {
    let english = ParamText { key: spec.key, label: spec.label, unit: spec.unit, help: spec.help };
    match lang {
        Lang::En => english,
        // Keys are unique only within an experiment: look in the experiment that declares `spec`.
        Lang::Ko => ko::EXPERIMENTS
            .iter()
            .filter(|t| find(t.id).params.contains(spec))
            .find_map(|t| t.text.params.iter().find(|p| p.key == spec.key))
            .copied()
            .unwrap_or(english),
    }
}

/// English comes from the experiment's spec.
fn english(id: ExperimentId) -> ExperimentText {
    let spec = find(id);
    ExperimentText { title: spec.title, question: spec.question, seed: spec.seed.english, params: &[] }
}

/// A refused parameter value, said in `lang` with the parameter's label in `lang`. Numbers are
/// written as the fields accept them (`10000`, not `10,000`).
pub fn param_error(lang: Lang, e: &ParamError) -> String {
    let m = lang.messages();
    // The error names the parameter by key and English label; find its spec to say it in `lang`.
    let label = |key: &str, english: &str| {
        interleave_experiments::CATALOG
            .iter()
            .flat_map(|s| s.params)
            .find(|s| s.key == key && s.label == english)
            .map_or(english.to_string(), |s| param(lang, s).label.to_string())
    };
    match e {
        ParamError::Unknown { key } => (m.param_unknown)(key),
        ParamError::NotANumber { key, label: l, text } => (m.param_not_a_number)(&label(key, l), text),
        ParamError::NotAnInteger { key, label: l, value } => (m.param_not_an_integer)(&label(key, l), &value.to_string()),
        ParamError::OutOfRange { key, label: l, value, min, max } => (m.param_out_of_range)(
            &label(key, l),
            &min.to_string(),
            &max.to_string(),
            &value.to_string(),
        ),
        ParamError::NotAnOption { key, label: l, value, options } => {
            let list: Vec<String> = options.iter().map(i64::to_string).collect();
            (m.param_not_an_option)(&label(key, l), &list.join(", "), &value.to_string())
        }
    }
}

/// What a link set that was left out, said in `lang`.
pub fn link_notice(lang: Lang, n: &interleave_experiments::share::Notice) -> String {
    use interleave_experiments::share::{LINK_VERSION, MAX_QUERY_LEN, MAX_RESULTS_LEN, Notice};
    let m = lang.messages();
    let count = |n: usize| group(lang, n as i64);
    match n {
        Notice::TooLong { len } => (m.notice_too_long)(&count(*len), &count(MAX_QUERY_LEN)),
        Notice::Twice { key } => (m.notice_twice)(key),
        Notice::BadParam { error, default } => (m.notice_bad_param)(&param_error(lang, error), &default.to_string()),
        Notice::BadView { key, value, allowed } => {
            (m.notice_bad_view)(value, key, &allowed.join(", "), allowed.first().copied().unwrap_or("—"))
        }
        Notice::BadText { key, len, max_len } => (m.notice_bad_text)(key, &count(*len), &count(*max_len)),
        Notice::NewerVersion { version } => (m.notice_newer)(*version, LINK_VERSION),
        Notice::BadVersion { text } => (m.notice_bad_version)(text, LINK_VERSION),
        Notice::BadLang { text } => (m.notice_bad_lang)(text),
        Notice::NotSimulated { key } => (m.notice_not_simulated)(key),
        Notice::BadMode { text } => (m.notice_bad_mode)(text),
        Notice::BadSeed { text } => (m.notice_bad_seed)(text),
        Notice::ResultsTooLong { len } => (m.notice_results_too_long)(&count(*len), &count(MAX_RESULTS_LEN)),
        Notice::ResultsDamaged => m.notice_results_damaged.into(),
        Notice::UnknownKey { key } => (m.notice_unknown_key)(key),
    }
}

/// The tier's name.
pub fn tier_name(m: &Messages, tier: crate::platform::Tier) -> &'static str {
    use crate::platform::Tier;
    match tier {
        Tier::Threads => m.tier_threads,
        Tier::Workers => m.tier_workers,
        Tier::Replay => m.tier_replay,
    }
}

/// The engine's state in a few words (the diagnostics page; the strip says less).
pub fn engine_status(m: &Messages, status: &crate::engine::EngineStatus) -> String {
    use crate::engine::EngineStatus;
    match status {
        EngineStatus::NotStarted => m.engine_not_started.into(),
        EngineStatus::Unavailable(_) => m.engine_unavailable.into(),
        EngineStatus::Starting => m.engine_starting.into(),
        EngineStatus::Ready { threads, version } => (m.engine_ready)(*threads, version),
        // Why it failed is the browser's or the engine's own message.
        EngineStatus::Failed(why) => (m.engine_failed)(why),
        EngineStatus::Crashed(why) => (m.engine_crashed)(why),
    }
}

/// What [`LangProvider`] hands down.
#[derive(Clone, Debug, PartialEq)]
pub struct LangContext {
    pub lang: Lang,
    /// Whether the person chose it (then links carry it).
    pub chosen: bool,
    pub set: Callback<Lang>,
}

/// The language the page speaks. Every component renders inside `LangProvider`.
#[hook]
pub fn use_lang() -> Lang {
    use_lang_context().lang
}

/// The catalog of the language the page speaks.
#[hook]
pub fn use_messages() -> &'static Messages {
    use_lang_context().lang.messages()
}

#[hook]
pub fn use_lang_context() -> LangContext {
    use_context::<LangContext>().expect("use_lang_context: every component renders inside LangProvider")
}

#[cfg(test)]
mod tests;
