use yew::prelude::*;

use crate::i18n::{group, use_lang};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub done: u32,
    pub total: u32,
    /// Shown beside the bar, in the page's language ("rows", "줄").
    pub unit: AttrValue,
}

/// An accessible progress bar (`role="progressbar"`).
#[function_component(ProgressBar)]
pub fn progress_bar(p: &Props) -> Html {
    let lang = use_lang();
    let m = lang.messages();
    let pct = if p.total == 0 { 0.0 } else { f64::from(p.done) * 100.0 / f64::from(p.total) };
    let text = (m.progress)(&group(lang, i64::from(p.done)), &group(lang, i64::from(p.total)), &p.unit);
    html! {
        <div class="progress" role="progressbar" aria-label={m.progress_label} aria-valuemin="0"
             aria-valuemax={p.total.to_string()} aria-valuenow={p.done.to_string()} aria-valuetext={text.clone()}
             data-testid="progress">
            <div class="progress-fill" style={format!("width:{pct:.1}%")}></div>
            <span class="progress-label" aria-hidden="true">{text}</span>
        </div>
    }
}
