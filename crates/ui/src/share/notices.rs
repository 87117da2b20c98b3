use yew::prelude::*;

use super::use_link;

/// What the link this page was opened with set that was ignored, and why. Shown once, above the
/// experiment; the person can dismiss it.
#[function_component(LinkNotices)]
pub fn link_notices() -> Html {
    let link = use_link();
    let hidden = use_state(|| false);
    if link.decoded.notices.is_empty() || *hidden {
        return html! {};
    }
    let hide = {
        let hidden = hidden.clone();
        Callback::from(move |_| hidden.set(true))
    };
    html! {
        <section class="notice link-notices" role="status" data-testid="link-notices">
            <p><strong>{"Some of this link's settings were not used; defaults stand in for them:"}</strong></p>
            <ul>
                { for link.decoded.notices.iter().map(|n| html! { <li>{n}</li> }) }
            </ul>
            <button class="small" onclick={hide}>{"Dismiss"}</button>
        </section>
    }
}
