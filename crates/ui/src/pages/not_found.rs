use yew::prelude::*;
use yew_router::prelude::*;

use crate::i18n::use_messages;
use crate::route::Route;

#[function_component(NotFound)]
pub fn not_found() -> Html {
    let m = use_messages();
    html! {
        <section class="intro">
            <h1>{m.not_found_title}</h1>
            <p>{m.not_found_text}
               <Link<Route> to={Route::Home}>{m.see_every_experiment}</Link<Route>>{"."}</p>
        </section>
    }
}
