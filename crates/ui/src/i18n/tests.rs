//! A key missing from either language does not compile (`en.rs` and `ko.rs` are struct literals
//! of the same struct). These tests catch the rest: keys nothing reads, and experiments or
//! parameters without Korean words (or Korean words for ones that do not exist).

use std::path::Path;

use interleave_experiments::CATALOG;

use super::*;

/// Every `.rs` file under `dir`, with its text.
fn sources(dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).expect("sources: read src/") {
        let path = entry.expect("sources: directory entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).expect("sources: read a source file");
            out.push((path.display().to_string(), text));
        }
    }
}

/// Whether `text` reads `reader` + `key` (`m.tagline`, `m.speedup.why`) as a whole field name.
fn reads(text: &str, reader: &str, key: &str) -> bool {
    let needle = format!("{reader}{key}");
    text.match_indices(&needle).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + needle.len()..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '_') && !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

/// The code reads the catalog through a binding called `m` (`let m = use_messages();`), and an
/// experiment page's own strings through `m.<experiment>.` or a binding `let t = &m.<experiment>;`;
/// the catalogs themselves (`keys.rs`, `en.rs`, `ko.rs`) do not count as readers.
#[test]
fn every_key_is_used() {
    let mut files = Vec::new();
    sources(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut files);
    let readers: Vec<&str> = files
        .iter()
        .filter(|(path, _)| !["keys.rs", "en.rs", "ko.rs", "tests.rs"].iter().any(|f| path.ends_with(&format!("i18n/{f}"))))
        .map(|(_, text)| text.as_str())
        .collect();
    let pages: Vec<(&str, &[&str])> = vec![("speedup", SpeedupMessages::KEYS), ("event_loop", EventLoopMessages::KEYS), ("task_queues", TaskQueuesMessages::KEYS), ("go_scheduler", GoSchedulerMessages::KEYS), ("race", RaceMessages::KEYS)];
    let mut unused = Vec::new();
    for key in Messages::KEYS {
        if !readers.iter().any(|text| reads(text, "m.", key)) {
            unused.push(format!("m.{key}"));
        }
    }
    for (page, keys) in pages {
        let (path, binding) = (format!("m.{page}."), format!("let t = &m.{page};"));
        for key in keys {
            if !readers.iter().any(|text| reads(text, &path, key) || (text.contains(&binding) && reads(text, "t.", key))) {
                unused.push(format!("{path}{key}"));
            }
        }
    }
    assert!(unused.is_empty(), "keys in the catalog that no code reads (remove them, or use them): {unused:?}");
}

#[test]
fn korean_names_every_experiment_and_parameter_once() {
    for spec in CATALOG {
        let entries: Vec<_> = ko::EXPERIMENTS.iter().filter(|t| t.id == spec.id).collect();
        assert_eq!(entries.len(), 1, "experiment {} needs exactly one entry in ko::EXPERIMENTS", spec.id);
        let keys: Vec<&str> = entries[0].text.params.iter().map(|p| p.key).collect();
        let expected: Vec<&str> = spec.params.iter().map(|p| p.key).collect();
        assert_eq!(keys, expected, "{}: Korean parameter words, in the spec's order", spec.id);
        let hangul = |s: &str| s.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c));
        let t = entries[0].text;
        assert!(hangul(t.title) && hangul(t.question) && hangul(t.seed), "{}: not Korean: {t:?}", spec.id);
        for p in t.params {
            assert!(hangul(p.label) && hangul(p.help), "{}: parameter {} is not Korean", spec.id, p.key);
        }
        for s in spec.params {
            assert_eq!(param(Lang::Ko, s).label, entries[0].text.params.iter().find(|p| p.key == s.key).unwrap().label);
            assert_eq!(param(Lang::En, s).label, s.label);
        }
        assert_eq!(experiment(Lang::En, spec.id).title, spec.title);
        assert_eq!(experiment(Lang::Ko, spec.id).title, t.title);
    }
    for t in ko::EXPERIMENTS {
        assert!(CATALOG.iter().any(|s| s.id == t.id), "Korean words for {}, which is not in the catalog", t.id);
    }
}

#[test]
fn refusals_are_said_in_each_language() {
    use interleave_experiments::speedup::{ITERATIONS, SpeedupParams};
    use interleave_experiments::TypedParams;
    let spec = SpeedupParams::specs().iter().find(|s| s.key == ITERATIONS.key).unwrap();
    let e = spec.parse("99999").unwrap_err();
    assert_eq!(param_error(Lang::En, &e), e.to_string(), "English says what the spec's error says");
    assert_eq!(param_error(Lang::Ko, &e), "반복 횟수 값은 16에서 4096 사이여야 합니다 (입력: 99999)");
}

#[test]
fn link_notices_are_said_in_each_language() {
    use interleave_experiments::{find, share, speedup};
    let d = share::decode(find(speedup::ID), "iterations=99999&zzz=1&lang=xx&v=two");
    assert_eq!(d.notices.len(), 4);
    for n in &d.notices {
        assert_eq!(link_notice(Lang::En, n), n.to_string(), "English says what the link reader says");
        assert!(link_notice(Lang::Ko, n).contains("링크에서 무시함"), "{}", link_notice(Lang::Ko, n));
    }
    assert!(link_notice(Lang::Ko, &d.notices[0]).contains("반복 횟수 값은 16에서 4096 사이여야 합니다"));
}

#[test]
fn languages_parse_from_tags() {
    assert_eq!(Lang::parse("ko-KR"), Some(Lang::Ko));
    assert_eq!(Lang::parse("EN_us"), Some(Lang::En));
    assert_eq!(Lang::parse("kok"), None);
    for l in Lang::ALL {
        assert_eq!(Lang::parse(l.code()), Some(l));
    }
}
