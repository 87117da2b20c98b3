//! Share links, replayed results and embeds: what every experiment page gets from the experiment
//! shape, without code of its own beyond saying what its state is.
//!
//! 1. `ExperimentPage` reads the route's query once with `interleave_experiments::share::decode`
//!    and provides the result as a [`LinkContext`]; the page builds its first state from
//!    [`LinkContext::decoded`] (`ParamForm::from_values`, its view keys) and shows the notices
//!    (what the link set that was ignored) with [`LinkNotices`].
//! 2. While the person works, [`ShareBar`] keeps the address bar equal to the share link of the
//!    current state (`history.replaceState`, so no navigation), and its buttons copy the link, the
//!    link with packed results ([`replay`]), or an embed snippet ([`embed`]).
//! 3. A link with results opens in replay (tier 3): the page shows the recorded results, labelled
//!    with where they were measured, until the person runs something here.
//!
//! Nothing read from a link is rendered as HTML: Yew renders text nodes and attribute values.

mod bar;
mod clipboard;
pub mod embed;
mod notices;
pub mod replay;
pub mod url;

use std::rc::Rc;

use interleave_experiments::ExperimentId;
use interleave_experiments::share::Decoded;
use yew::prelude::*;

pub use bar::ShareBar;
pub use notices::LinkNotices;
pub use replay::{Replay, ReplayBanner};

/// The link an experiment page was opened with.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkContext {
    pub id: ExperimentId,
    pub decoded: Rc<Decoded>,
    /// Opened through the embed route (`#/embed/<id>`): minimal chrome.
    pub embed: bool,
}

/// The link this experiment page was opened with. Experiment pages render inside
/// `ExperimentPage`, which provides it.
#[hook]
pub fn use_link() -> LinkContext {
    use_context::<LinkContext>().expect("use_link: experiment pages render inside ExperimentPage")
}
