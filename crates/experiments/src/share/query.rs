//! Reading and writing the query of a share link (see the module above for the format).

use std::collections::BTreeMap;

use crate::params::{self, ParamError, ParamValue, ParamValues};
use crate::share::{LINK_VERSION, MAX_QUERY_LEN, MAX_RESULTS_LEN, keys};
use crate::spec::ExperimentSpec;

/// How much of a refused text a notice repeats.
const QUOTE_LEN: usize = 40;

/// Real runs (workers, the browser's own APIs) or the deterministic simulator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Real,
    Simulated,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Real => "real",
            Mode::Simulated => "sim",
        }
    }

    fn parse(s: &str) -> Option<Mode> {
        [Mode::Real, Mode::Simulated].into_iter().find(|m| m.as_str() == s)
    }
}

/// The languages a link may ask for.
pub const LANGS: [&str; 2] = ["en", "ko"];

/// Everything a link says about an experiment.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct LinkState {
    /// Every parameter of the experiment: the link's value where it was valid, else the default.
    pub values: ParamValues,
    /// The page's view keys that the link set, each to one of its allowed values.
    pub view: BTreeMap<String, String>,
    /// The page's text keys that the link set (checked only for length and alphabet here; the
    /// page decodes them).
    pub text: BTreeMap<String, String>,
    pub lang: Option<&'static str>,
    pub mode: Option<Mode>,
    pub seed: Option<u64>,
    /// Packed recorded results (only checked for length and alphabet here; see `results`).
    pub results: Option<String>,
}

/// A link, read: its state and, for the person, what was left out and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded {
    pub state: LinkState,
    pub notices: Vec<Notice>,
}

/// Something a link set that was left out, and why: data, so the page can say it in its
/// language; `Display` says it in English. Every text from the link is already shortened and
/// free of control characters.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    /// The whole query was longer than [`MAX_QUERY_LEN`].
    TooLong { len: usize },
    /// A key appeared more than once; the first value was used.
    Twice { key: String },
    /// A parameter's value was refused; its default stands in.
    BadParam { error: ParamError, default: ParamValue },
    /// A view key's value is not one it may take.
    BadView { key: String, value: String, allowed: &'static [&'static str] },
    /// A text key's value is too long or not link text.
    BadText { key: String, len: usize, max_len: usize },
    /// From a newer link version; read as the current one.
    NewerVersion { version: u32 },
    BadVersion { text: String },
    BadLang { text: String },
    /// `mode` or `seed` for an experiment without a simulated form.
    NotSimulated { key: String },
    BadMode { text: String },
    BadSeed { text: String },
    ResultsTooLong { len: usize },
    ResultsDamaged,
    UnknownKey { key: String },
}

impl std::fmt::Display for Notice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Notice::TooLong { len } => {
                write!(f, "The link is too long ({len} characters, at most {MAX_QUERY_LEN}); its settings were ignored.")
            }
            Notice::Twice { key } => write!(f, "“{key}” appears twice in the link; the first value was used."),
            Notice::BadParam { error, default } => write!(f, "Ignored from the link: {error}; using {default}."),
            Notice::BadView { key, value, allowed } => write!(
                f,
                "Ignored from the link: “{value}” is not a value of “{key}” ({}); using {}.",
                allowed.join(", "),
                allowed.first().copied().unwrap_or("none")
            ),
            Notice::BadText { key, len, max_len } => write!(
                f,
                "Ignored from the link: “{key}” is damaged or too long ({len} characters, at most {max_len})."
            ),
            Notice::NewerVersion { version } => write!(
                f,
                "This link was made by a newer Interleave (link version {version}); it was read as version \
                 {LINK_VERSION}, so some of its settings may be missing."
            ),
            Notice::BadVersion { text } => {
                write!(f, "Ignored from the link: “{text}” is not a link version; it was read as version {LINK_VERSION}.")
            }
            Notice::BadLang { text } => write!(f, "Ignored from the link: no language “{text}”."),
            Notice::NotSimulated { key } => {
                write!(f, "Ignored from the link: “{key}” (this experiment has no simulated form).")
            }
            Notice::BadMode { text } => write!(f, "Ignored from the link: no mode “{text}” (real or sim)."),
            Notice::BadSeed { text } => write!(f, "Ignored from the link: seed “{text}” is not a whole number."),
            Notice::ResultsTooLong { len } => write!(
                f,
                "Ignored from the link: its recorded results are too long ({len} characters, at most {MAX_RESULTS_LEN})."
            ),
            Notice::ResultsDamaged => write!(f, "Ignored from the link: its recorded results are damaged."),
            Notice::UnknownKey { key } => write!(f, "Ignored from the link: unknown setting “{key}”."),
        }
    }
}

/// Reads a link's query (with or without its leading `?`) for `spec`. Never fails, never panics.
pub fn decode(spec: &ExperimentSpec, query: &str) -> Decoded {
    let query = query.strip_prefix('?').unwrap_or(query);
    let mut notices = Vec::new();
    let mut state = LinkState { values: params::defaults(spec.params), ..LinkState::default() };
    if query.len() > MAX_QUERY_LEN {
        notices.push(Notice::TooLong { len: query.len() });
        return Decoded { state, notices };
    }
    let mut seen: Vec<String> = Vec::new();
    for (key, value) in form_urlencoded::parse(query.as_bytes()) {
        let (key, value) = (key.trim(), value.trim());
        if key.is_empty() {
            continue;
        }
        let key = renamed(spec, key);
        if seen.iter().any(|k| k == key) {
            notices.push(Notice::Twice { key: quote(key) });
            continue;
        }
        seen.push(key.to_string());
        if let Some(p) = spec.params.iter().find(|p| p.key == key) {
            match p.parse(value) {
                Ok(v) => {
                    state.values.insert(p.key.to_string(), v);
                }
                Err(error) => notices.push(Notice::BadParam { error, default: p.default_value() }),
            }
        } else if let Some(view) = spec.view_keys.iter().find(|v| v.key == key) {
            match view.values.iter().find(|v| **v == value) {
                Some(v) => {
                    state.view.insert(view.key.to_string(), v.to_string());
                }
                None => notices.push(Notice::BadView { key: key.to_string(), value: quote(value), allowed: view.values }),
            }
        } else if let Some(text) = spec.text_keys.iter().find(|t| t.key == key) {
            if text.accepts(value) {
                state.text.insert(text.key.to_string(), value.to_string());
            } else {
                notices.push(Notice::BadText { key: key.to_string(), len: value.len(), max_len: text.max_len });
            }
        } else {
            read_link_key(spec, key, value, &mut state, &mut notices);
        }
    }
    Decoded { state, notices }
}

/// The key a renamed parameter has now, or `key` itself.
fn renamed<'a>(spec: &ExperimentSpec, key: &'a str) -> &'a str {
    spec.renamed.iter().find(|(old, _)| *old == key).map_or(key, |&(_, new)| new)
}

fn read_link_key(spec: &ExperimentSpec, key: &str, value: &str, state: &mut LinkState, notices: &mut Vec<Notice>) {
    match key {
        keys::VERSION => match value.parse::<u32>() {
            Ok(v) if v == LINK_VERSION => {}
            Ok(v) if v > LINK_VERSION => notices.push(Notice::NewerVersion { version: v }),
            _ => notices.push(Notice::BadVersion { text: quote(value) }),
        },
        keys::LANG => match LANGS.iter().find(|l| **l == value) {
            Some(l) => state.lang = Some(l),
            None => notices.push(Notice::BadLang { text: quote(value) }),
        },
        keys::MODE | keys::SEED if !spec.simulated => notices.push(Notice::NotSimulated { key: key.to_string() }),
        keys::MODE => match Mode::parse(value) {
            Some(m) => state.mode = Some(m),
            None => notices.push(Notice::BadMode { text: quote(value) }),
        },
        keys::SEED => match value.parse::<u64>() {
            Ok(s) => state.seed = Some(s),
            Err(_) => notices.push(Notice::BadSeed { text: quote(value) }),
        },
        keys::RESULTS => {
            if value.len() > MAX_RESULTS_LEN {
                notices.push(Notice::ResultsTooLong { len: value.len() });
            } else if !value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
                notices.push(Notice::ResultsDamaged);
            } else {
                state.results = Some(value.to_string());
            }
        }
        _ => notices.push(Notice::UnknownKey { key: quote(key) }),
    }
}

/// A refused text, shortened and without control characters, for a notice.
fn quote(text: &str) -> String {
    let mut q: String = text.chars().filter(|c| !c.is_control()).take(QUOTE_LEN).collect();
    if text.chars().count() > QUOTE_LEN {
        q.push('…');
    }
    q
}

/// Writes the query (without `?`) that [`decode`] reads back as `state`: the parameters in form
/// order, then the view keys, text keys, mode, seed, language, the version, and the results last.
pub fn encode(spec: &ExperimentSpec, state: &LinkState) -> String {
    let mut q = form_urlencoded::Serializer::new(String::new());
    for p in spec.params {
        let v = state.values.get(p.key).copied().unwrap_or_else(|| p.default_value());
        q.append_pair(p.key, &v.to_string());
    }
    for view in spec.view_keys {
        if let Some(v) = state.view.get(view.key) {
            q.append_pair(view.key, v);
        }
    }
    for text in spec.text_keys {
        if let Some(v) = state.text.get(text.key) {
            q.append_pair(text.key, v);
        }
    }
    if spec.simulated {
        if let Some(m) = state.mode {
            q.append_pair(keys::MODE, m.as_str());
        }
        if let Some(s) = state.seed {
            q.append_pair(keys::SEED, &s.to_string());
        }
    }
    if let Some(l) = state.lang {
        q.append_pair(keys::LANG, l);
    }
    q.append_pair(keys::VERSION, &LINK_VERSION.to_string());
    if let Some(r) = &state.results {
        q.append_pair(keys::RESULTS, r);
    }
    q.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::{ParamKind, ParamSpec, ParamValue};
    use crate::spec::{ExperimentId, Needs, SeedSection, TextKey, ViewKey};

    const N: ParamSpec = ParamSpec {
        key: "n",
        label: "Count",
        unit: "",
        help: "",
        kind: ParamKind::Int { min: 1, max: 10, default: 3, step: 1 },
    };
    const F: ParamSpec = ParamSpec {
        key: "f",
        label: "Fraction",
        unit: "",
        help: "",
        kind: ParamKind::Float { min: 0.0, max: 0.5, default: 0.1, step: 0.05 },
    };
    const SPEC: ExperimentSpec = ExperimentSpec {
        id: ExperimentId::new("parallel-speedup"),
        title: "T",
        question: "Q",
        seed: SeedSection { heading: "", english: "" },
        params: &[N, F],
        needs: Needs::Nothing,
        engine_job: false,
        simulated: true,
        view_keys: &[ViewKey { key: "scenario", values: &["a", "a b&c"] }],
        text_keys: &[TextKey { key: "prog", max_len: 8 }],
        renamed: &[("count", "n")],
    };

    fn full() -> LinkState {
        let mut s = LinkState { values: params::defaults(SPEC.params), ..LinkState::default() };
        s.values.insert("n".into(), ParamValue::Int(7));
        s.values.insert("f".into(), ParamValue::Float(0.25));
        s.view.insert("scenario".into(), "a b&c".into());
        s.text.insert("prog".into(), "aZ0-_".into());
        s.lang = Some("ko");
        s.mode = Some(Mode::Simulated);
        s.seed = Some(u64::MAX);
        s.results = Some("abc-_9".into());
        s
    }

    #[test]
    fn a_link_reads_back_as_it_was_written() {
        let state = full();
        let q = encode(&SPEC, &state);
        assert_eq!(q, "n=7&f=0.25&scenario=a+b%26c&prog=aZ0-_&mode=sim&seed=18446744073709551615&lang=ko&v=1&r=abc-_9");
        let d = decode(&SPEC, &format!("?{q}"));
        assert_eq!(d.notices, Vec::<Notice>::new());
        assert_eq!(d.state, state);
    }

    #[test]
    fn version_1_links_without_v_and_with_old_keys_still_work() {
        // Links of format version 1 may omit `v`; a renamed parameter keeps its old key.
        let d = decode(&SPEC, "count=5");
        assert!(d.notices.is_empty(), "{:?}", d.notices);
        assert_eq!(d.state.values["n"], ParamValue::Int(5));
        assert_eq!(d.state.values["f"], ParamValue::Float(0.1), "a parameter the link lacks takes its default");
        let newer = decode(&SPEC, "n=4&v=9");
        assert_eq!(newer.state.values["n"], ParamValue::Int(4));
        assert!(newer.notices[0].to_string().contains("newer Interleave"), "{:?}", newer.notices);
    }

    #[test]
    fn every_bad_part_is_named_and_replaced_by_its_default() {
        let d = decode(&SPEC, "n=99&f=abc&zzz=1&lang=xx&mode=fast&seed=-1&v=two&r=%3Cscript%3E&n=2");
        assert_eq!(d.state.values, params::defaults(SPEC.params));
        assert_eq!((d.state.lang, d.state.mode, d.state.seed, d.state.results), (None, None, None, None));
        let all = d.notices.iter().map(Notice::to_string).collect::<Vec<_>>().join("\n");
        for part in ["Count must be between 1 and 10 (got 99); using 3", "“abc” is not a number", "unknown setting “zzz”",
            "no language “xx”", "no mode “fast”", "seed “-1”", "“two” is not a link version", "damaged", "“n” appears twice"] {
            assert!(all.contains(part), "missing {part:?} in\n{all}");
        }
    }

    #[test]
    fn oversized_links_and_values_are_refused_whole() {
        let long = format!("n=5&x={}", "a".repeat(MAX_QUERY_LEN));
        let d = decode(&SPEC, &long);
        assert_eq!(d.state.values["n"], ParamValue::Int(3));
        assert!(d.notices[0].to_string().contains("too long"));
        let d = decode(&SPEC, &format!("scenario={}&r={}", "s".repeat(65), "A".repeat(MAX_RESULTS_LEN + 1)));
        assert!(d.notices[0].to_string().contains("is not a value of “scenario” (a, a b&c); using a"), "{}", d.notices[0]);
        assert!(d.state.view.is_empty() && d.state.results.is_none());
        assert_eq!(d.notices.len(), 2);
        let d = decode(&SPEC, &format!("{}=1", "k\u{7}".repeat(100)));
        let n = d.notices[0].to_string();
        assert!(n.chars().count() < 120 && !n.contains('\u{7}'), "{n}");
    }

    #[test]
    fn text_keys_take_only_short_link_text() {
        let d = decode(&SPEC, "prog=ab-_Z9");
        assert_eq!(d.state.text["prog"], "ab-_Z9");
        assert!(d.notices.is_empty());
        for bad in ["prog=%3Cb%3E", "prog=a+b", "prog=abcdefghi"] {
            let d = decode(&SPEC, bad);
            assert!(d.state.text.is_empty(), "{bad}");
            assert!(matches!(d.notices[..], [Notice::BadText { .. }]), "{bad}: {:?}", d.notices);
        }
    }

    #[test]
    fn an_experiment_without_simulation_ignores_mode_and_seed() {
        let spec = ExperimentSpec { simulated: false, ..SPEC };
        let d = decode(&spec, "mode=sim&seed=4");
        assert_eq!((d.state.mode, d.state.seed), (None, None));
        assert_eq!(d.notices.len(), 2);
        assert!(!encode(&spec, &full()).contains("seed"));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2_000))]

        #[test]
        fn any_text_decodes_to_valid_values(q in ".{0,300}") {
            let d = decode(&SPEC, &q);
            for p in SPEC.params {
                proptest::prop_assert!(p.validate(d.state.values[p.key]).is_ok());
            }
            // What was read writes back to a link that reads the same, without notices.
            let again = decode(&SPEC, &encode(&SPEC, &d.state));
            proptest::prop_assert_eq!(again.state, d.state);
            proptest::prop_assert!(again.notices.is_empty());
        }

        #[test]
        fn link_shaped_text_decodes(pairs in proptest::collection::vec(("(n|f|v|r|lang|mode|seed|scenario|prog|count|x)", "[ -~]{0,12}"), 0..12)) {
            let q: String = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&");
            let d = decode(&SPEC, &q);
            for p in SPEC.params {
                proptest::prop_assert!(p.validate(d.state.values[p.key]).is_ok());
            }
        }
    }
}
