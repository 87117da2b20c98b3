use interleave_experiments::{ParamError, ParamSpec};
use yew::prelude::*;

use super::ParamControl;
use crate::form::ParamForm;

/// What [`ParamFields`] shows of a [`ParamForm`]: the text and refusal of each control.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldsView {
    pub texts: Vec<(&'static str, String)>,
    pub errors: Vec<(&'static str, ParamError)>,
}

impl<P> From<&ParamForm<P>> for FieldsView {
    fn from(form: &ParamForm<P>) -> Self {
        FieldsView {
            texts: form.texts.iter().map(|(k, v)| (*k, v.clone())).collect(),
            errors: form.errors.iter().map(|(k, v)| (*k, v.clone())).collect(),
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The experiment's parameters, in form order.
    pub specs: &'static [ParamSpec],
    pub form: FieldsView,
    #[prop_or_default]
    pub disabled: bool,
    /// Tighter upper bounds than the specs' for some keys (threads: the engine's pool size).
    #[prop_or_default]
    pub limits: Vec<(&'static str, i64)>,
    /// A control changed to this text (validation happens in the page's [`ParamForm`]).
    pub on_input: Callback<(&'static str, String)>,
}

/// Every parameter of an experiment, one [`ParamControl`] each, rendered from its specs.
#[function_component(ParamFields)]
pub fn param_fields(p: &Props) -> Html {
    let text = |key: &str| p.form.texts.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone());
    let error = |key: &str| p.form.errors.iter().find(|(k, _)| *k == key).map(|(_, e)| e.clone());
    html! {
        { for p.specs.iter().map(|spec| html! {
            <ParamControl spec={*spec}
                text={text(spec.key).unwrap_or_default()}
                max={p.limits.iter().find(|(k, _)| *k == spec.key).map(|&(_, m)| m)}
                disabled={p.disabled}
                error={error(spec.key)}
                on_input={p.on_input.clone()} />
        }) }
    }
}
