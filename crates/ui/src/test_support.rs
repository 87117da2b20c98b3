//! What the experiment pages' native state tests share.

use std::rc::Rc;

use interleave_experiments::ExperimentSpec;
use interleave_experiments::share::{LinkState, decode, encode};
use yew::Reducible;

/// The state after `action`, as the page's `use_reducer` would hold it.
pub fn reduce<S: Reducible + Clone>(state: S, action: S::Action) -> S {
    (*Rc::new(state).reduce(action)).clone()
}

/// `link` written as a share link's query and read back: what a page opened from it receives.
/// A link the page wrote reads back without notices.
pub fn link_round_trip(spec: &ExperimentSpec, link: &LinkState) -> LinkState {
    let d = decode(spec, &encode(spec, link));
    assert!(d.notices.is_empty(), "{:?}", d.notices);
    d.state
}
