//! The explanation under the race experiment (its words: `m.race` in the catalogs).

use yew::prelude::*;

use crate::i18n::{rich, use_messages};

#[function_component(Why)]
pub fn why() -> Html {
    let m = use_messages();
    let t = &m.race;
    html! {
        <section class="why" aria-labelledby="race-why-title">
            <h2 id="race-why-title">{m.why}</h2>
            { for t.why.iter().map(|p| html! { <p>{rich(p)}</p> }) }
            <h3>{m.try_next}</h3>
            <ul>
                { for t.try_next.iter().map(|p| html! { <li>{rich(p)}</li> }) }
            </ul>
            <p class="seed">{t.why_seed}</p>
        </section>
    }
}
