use yew::prelude::*;
use yew_router::prelude::*;

use crate::route::Route;

#[function_component(NotFound)]
pub fn not_found() -> Html {
    html! {
        <section class="intro">
            <h1>{"Nothing here"}</h1>
            <p>{"This address does not name a page of Interleave. "}
               <Link<Route> to={Route::Home}>{"See every experiment"}</Link<Route>>{"."}</p>
        </section>
    }
}
