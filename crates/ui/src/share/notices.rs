use yew::prelude::*;

use super::use_link;
use crate::i18n::{link_notice, use_lang};

/// What the link this page was opened with set that was ignored, and why. Shown once, above the
/// experiment; the person can dismiss it.
#[function_component(LinkNotices)]
pub fn link_notices() -> Html {
    let link = use_link();
    let lang = use_lang();
    let m = lang.messages();
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
            <p><strong>{m.link_notices_title}</strong></p>
            <ul>
                { for link.decoded.notices.iter().map(|n| html! { <li>{link_notice(lang, n)}</li> }) }
            </ul>
            <button class="small" onclick={hide}>{m.dismiss}</button>
        </section>
    }
}
