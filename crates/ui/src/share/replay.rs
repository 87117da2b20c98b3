//! Results recorded elsewhere and carried by a link (tier 3, replay): packing the page's results
//! into a link, reading them back, and the banner that says where they were measured.

use interleave_experiments::share::{self, LinkState, Recorded};
use serde::Serialize;
use serde::de::DeserializeOwned;
use yew::prelude::*;

use crate::i18n::{Messages, use_messages};

/// Where a link's results were measured, as its sharer's page recorded it.
#[derive(Clone, Debug, PartialEq)]
pub struct Source {
    /// The sharer's browser and machine, in the sharer's words ("Chrome 156 · Linux x86_64 · 2 hardware threads").
    pub browser: String,
    pub engine: String,
    /// The tier's link name (`Tier::name`).
    pub tier: String,
}

impl Source {
    /// "Chrome 156 · Linux x86_64 · 2 hardware threads · engine 0.1.0 · tier threads", in `m`'s language.
    pub fn describe(&self, m: &Messages) -> String {
        use crate::platform::Tier;
        let tier = [Tier::Threads, Tier::Workers, Tier::Replay]
            .into_iter()
            .find(|t| t.name() == self.tier)
            .map_or(self.tier.as_str(), |t| crate::i18n::tier_name(m, t));
        (m.replay_source)(&self.browser, &self.engine, tier)
    }
}

/// Results from a link.
#[derive(Clone, Debug, PartialEq)]
pub struct Replay<R> {
    /// Where they were measured.
    pub about: Source,
    pub results: Vec<R>,
    /// The packed form, so the address bar keeps it while the replay is shown.
    pub blob: String,
}

impl<R: DeserializeOwned> Replay<R> {
    /// The results a link carries: `None` without any, `Err` (a sentence) when they are damaged.
    pub fn from_link(state: &LinkState) -> Option<Result<Replay<R>, String>> {
        let blob = state.results.as_ref()?;
        Some(share::unpack::<R>(blob).map(|r| Replay {
            about: Source { browser: r.browser, engine: r.engine, tier: r.tier },
            results: r.results,
            blob: blob.clone(),
        }))
    }
}

impl<R> Replay<R> {
    /// Keeps only the results `sane` accepts: a link is untrusted, and its results were checked
    /// only for their shape, not their bounds.
    pub fn retain_sane(replay: Option<Result<Replay<R>, String>>, sane: impl Fn(&R) -> bool) -> Option<Result<Replay<R>, String>> {
        replay.map(|r| {
            r.and_then(|mut r| {
                r.results.retain(|x| sane(x));
                if r.results.is_empty() { Err("none of its results fit this experiment's bounds".into()) } else { Ok(r) }
            })
        })
    }
}

/// Packs the newest results (at most `share::results::MAX_RUNS`) for a link.
pub fn pack<R: Serialize>(results: &[R], browser: String, engine: String, tier: String) -> Result<String, String> {
    if results.is_empty() {
        return Err("there are no results yet: run the experiment first".into());
    }
    let newest = &results[results.len().saturating_sub(share::results::MAX_RUNS)..];
    share::pack(&Recorded { browser, engine, tier, results: newest.iter().collect::<Vec<_>>() })
}

/// Packs results measured on this page, described by this browser, the app's version and `tier`.
pub fn pack_here<R: Serialize>(results: &[R], cores: u32, tier: &str) -> Result<String, String> {
    pack(results, this_browser(cores), env!("CARGO_PKG_VERSION").to_string(), tier.to_string())
}

/// "Share with results" for a page: packs `results` as measured here, with `caps`; says why it
/// cannot in `m`'s language.
pub fn pack_callback<R: Serialize + Clone + 'static>(
    results: &[R],
    caps: &crate::platform::Capabilities,
    m: &'static Messages,
) -> yew::Callback<(), Result<String, String>> {
    let (results, cores, tier) = (results.to_vec(), caps.hardware_concurrency, caps.tier().name());
    yew::Callback::from(move |()| {
        if results.is_empty() {
            return Err(m.no_results_to_share.to_string());
        }
        pack_here(&results, cores, tier)
    })
}

/// A few words on the browser and machine: "Chrome 156 · Linux x86_64 · 2 hardware threads".
pub fn describe_browser(user_agent: &str, platform: &str, cores: u32) -> String {
    let version = |marker: &str| {
        user_agent.split(marker).nth(1).map(|rest| rest.split(['.', ' ', ';', ')']).next().unwrap_or("").to_string())
    };
    let browser = if let Some(v) = version("Edg/") {
        format!("Edge {v}")
    } else if let Some(v) = version("Firefox/") {
        format!("Firefox {v}")
    } else if let Some(v) = version("Chrome/") {
        format!("Chrome {v}")
    } else if let (Some(v), true) = (version("Version/"), user_agent.contains("Safari/")) {
        format!("Safari {v}")
    } else {
        "a browser".to_string()
    };
    let platform: String = platform.chars().filter(|c| !c.is_control()).take(40).collect();
    let threads = if cores == 1 { "1 hardware thread".to_string() } else { format!("{cores} hardware threads") };
    if platform.is_empty() { format!("{browser} · {threads}") } else { format!("{browser} · {platform} · {threads}") }
}

/// This browser, described as [`describe_browser`] does.
pub fn this_browser(cores: u32) -> String {
    let navigator = web_sys::window().map(|w| w.navigator());
    let ua = navigator.as_ref().and_then(|n| n.user_agent().ok()).unwrap_or_default();
    let platform = navigator.as_ref().and_then(|n| n.platform().ok()).unwrap_or_default();
    describe_browser(&ua, &platform, cores)
}

#[derive(Properties, PartialEq)]
pub struct BannerProps {
    /// What the link carried: where the results were measured, or why they were ignored.
    pub replay: Option<Result<Source, String>>,
    /// The page shows the link's results (nothing has run here since).
    pub showing: bool,
}

/// Says that the results shown were recorded elsewhere, or that the link's results were ignored.
#[function_component(ReplayBanner)]
pub fn replay_banner(p: &BannerProps) -> Html {
    let m = use_messages();
    match &p.replay {
        Some(Ok(about)) if p.showing => html! {
            <p class="notice replay" role="status" data-testid="replay">
                <span class="badge replay">{m.replay_badge}</span>
                {m.replay_before}<b>{about.describe(m)}</b>{m.replay_after}
            </p>
        },
        Some(Err(why)) => html! {
            <p class="notice" role="status" data-testid="replay-error">{(m.replay_ignored)(why)}</p>
        },
        _ => html! {},
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browsers_are_described_in_a_few_words() {
        let chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.8078.73 Safari/537.36";
        assert_eq!(describe_browser(chrome, "Linux x86_64", 2), "Chrome 156 · Linux x86_64 · 2 hardware threads");
        let safari = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15";
        assert_eq!(describe_browser(safari, "MacIntel", 8), "Safari 17 · MacIntel · 8 hardware threads");
        let firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0";
        assert!(describe_browser(firefox, "", 1).starts_with("Firefox 140 · 1 hardware thread"));
        let edge = "Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/140.0 Safari/537.36 Edg/140.0.1";
        assert!(describe_browser(edge, "Win32", 4).starts_with("Edge 140"));
        assert!(describe_browser("curl/8", "\u{7}x", 2).starts_with("a browser · x"));
    }

    #[test]
    fn results_pack_into_a_link_and_replay_from_it() {
        let results = vec![(1u32, 120.5f64), (2, 61.0)];
        let blob = pack(&results, "Chrome 156 · Linux · 2 hardware threads".into(), "0.1.0".into(), "threads".into()).unwrap();
        let state = LinkState { results: Some(blob), ..LinkState::default() };
        let replay = Replay::<(u32, f64)>::from_link(&state).unwrap().unwrap();
        assert_eq!(replay.results, results);
        let about = replay.about.describe(crate::i18n::Lang::En.messages());
        assert!(about.starts_with("Chrome 156") && about.ends_with("tier threads"), "{about}");
        let ko = replay.about.describe(crate::i18n::Lang::Ko.messages());
        assert!(ko.ends_with("엔진 0.1.0 · 티어 스레드"), "{ko}");
        assert!(pack::<u8>(&[], String::new(), String::new(), String::new()).unwrap_err().contains("run the experiment first"));
        let broken = LinkState { results: Some("abc".into()), ..LinkState::default() };
        assert!(Replay::<(u32, f64)>::from_link(&broken).unwrap().is_err());
        assert!(Replay::<(u32, f64)>::from_link(&LinkState::default()).is_none());
    }
}
