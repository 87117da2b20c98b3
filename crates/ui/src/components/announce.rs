use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// What to say; a change is announced, the same text again is not.
    pub text: AttrValue,
}

/// A polite live region for a page's run status and results. It is always in the page (a region
/// inserted together with its text is often not announced) and is not shown: what it says is on
/// the page already, in the progress line, the notices and the results table.
#[function_component(Announce)]
pub fn announce(p: &Props) -> Html {
    html! {
        <p class="sr-only" role="status" aria-live="polite" aria-atomic="true" data-testid="announce">{p.text.clone()}</p>
    }
}
