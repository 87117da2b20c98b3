//! The explanation under the Go-scheduler experiment (its words: `m.go_scheduler` in the
//! catalogs).

use yew::prelude::*;

use crate::i18n::{rich, use_messages};

#[function_component(Why)]
pub fn why() -> Html {
    let m = use_messages();
    let t = &m.go_scheduler;
    html! {
        <section class="why" aria-labelledby="gs-why-title">
            <h2 id="gs-why-title">{m.why}</h2>
            { for t.why.iter().map(|p| html! { <p>{rich(p)}</p> }) }
            <h3>{t.differences_title}</h3>
            <ul>
                { for t.differences.iter().map(|p| html! { <li>{rich(p)}</li> }) }
            </ul>
            <h3>{t.language_title}</h3>
            <p>{rich(t.language)}</p>
            <h3>{m.try_next}</h3>
            <ul>
                { for t.try_next.iter().map(|p| html! { <li>{rich(p)}</li> }) }
            </ul>
            <p class="seed">{t.why_seed}</p>
        </section>
    }
}
