use interleave_experiments::{ParamError, ParamKind, ParamSpec};
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::i18n::{ParamText, param, param_error, use_lang};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub spec: ParamSpec,
    /// The value as text: what the person typed, or the canonical value.
    pub text: AttrValue,
    /// A tighter upper bound than the spec's (threads: the engine's pool size).
    #[prop_or_default]
    pub max: Option<i64>,
    #[prop_or_default]
    pub disabled: bool,
    /// Text the person typed, as typed; validation happens in the page's state.
    pub on_input: Callback<(&'static str, String)>,
    /// Why the text was refused (said here, in the page's language).
    #[prop_or_default]
    pub error: Option<ParamError>,
}

/// One typed parameter: a select for choices, a slider plus number box for ranges.
#[function_component(ParamControl)]
pub fn param_control(p: &Props) -> Html {
    let lang = use_lang();
    let spec = p.spec;
    let words = param(lang, &spec);
    let id = format!("param-{}", spec.key);
    let key = spec.key;
    let on_input = p.on_input.clone();
    let oninput = Callback::from(move |e: InputEvent| {
        if let Some(t) = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) {
            on_input.emit((key, t.value()));
        }
    });
    let on_input = p.on_input.clone();
    let onchange = Callback::from(move |e: Event| {
        if let Some(t) = e.target().and_then(|t| t.dyn_into::<HtmlSelectElement>().ok()) {
            on_input.emit((key, t.value()));
        }
    });
    let control = match spec.kind {
        ParamKind::Choice { options, .. } => html! {
            <select id={id.clone()} {onchange} disabled={p.disabled} data-testid={id.clone()}>
                { for options.iter().map(|o| html! {
                    <option value={o.to_string()} selected={p.text.as_str() == o.to_string()}>{o}</option>
                }) }
            </select>
        },
        ParamKind::Int { min, max, step, .. } => {
            let max = p.max.map_or(max, |m| m.min(max));
            range(&id, min as f64, max as f64, step as f64, p, words, oninput)
        }
        ParamKind::Float { min, max, step, .. } => range(&id, min, max, step, p, words, oninput),
    };
    html! {
        <div class={classes!("param", p.error.is_some().then_some("invalid"))}>
            <label for={id.clone()} title={words.help}>
                {words.label}
                if !words.unit.is_empty() { <span class="unit">{format!(" ({})", words.unit)}</span> }
            </label>
            {control}
            if let Some(e) = &p.error { <p class="param-error" role="alert">{param_error(lang, e)}</p> }
        </div>
    }
}

fn range(id: &str, min: f64, max: f64, step: f64, p: &Props, words: ParamText, oninput: Callback<InputEvent>) -> Html {
    let value = p.text.to_string();
    html! {
        <div class="range">
            <input type="range" min={min.to_string()} max={max.to_string()} step={step.to_string()}
                   value={value.clone()} oninput={oninput.clone()} disabled={p.disabled}
                   aria-label={words.label} />
            <input type="number" id={id.to_string()} data-testid={id.to_string()} min={min.to_string()}
                   max={max.to_string()} step={step.to_string()} value={value} {oninput}
                   disabled={p.disabled} inputmode="decimal" />
        </div>
    }
}
