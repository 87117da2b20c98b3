use interleave_experiments::ExperimentId;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::page_table::page_for;
use crate::route::Route;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub id: AttrValue,
}

/// Looks the id up in the catalog and shows that experiment's page.
#[function_component(ExperimentPage)]
pub fn experiment_page(p: &Props) -> Html {
    match ExperimentId::parse(&p.id).and_then(page_for) {
        Some(page) => page(),
        None => html! {
            <section class="intro">
                <h1>{"Unknown experiment"}</h1>
                <p role="alert">{format!("There is no experiment called “{}”. ", p.id.chars().take(60).collect::<String>())}
                    <Link<Route> to={Route::Home}>{"See every experiment"}</Link<Route>>{"."}</p>
            </section>
        },
    }
}
