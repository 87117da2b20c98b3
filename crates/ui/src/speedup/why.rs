//! The explanation under the experiment (its words: `m.speedup` in the catalogs).

use yew::prelude::*;

use crate::i18n::{rich, use_messages};

#[function_component(Why)]
pub fn why() -> Html {
    let m = use_messages();
    let t = &m.speedup;
    html! {
        <section class="why" aria-labelledby="why-title">
            <h2 id="why-title">{m.why}</h2>
            { for t.why.iter().map(|p| html! { <p>{rich(p)}</p> }) }
            <p data-testid="why-messages">{rich(t.why_messages)}</p>
            { for t.why_more.iter().map(|p| html! { <p>{rich(p)}</p> }) }
            <h3>{m.try_next}</h3>
            <ul>
                { for t.try_next.iter().map(|p| html! { <li>{rich(p)}</li> }) }
            </ul>
            <p class="seed">{t.why_seed}</p>
        </section>
    }
}
