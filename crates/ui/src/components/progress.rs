use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub done: u32,
    pub total: u32,
    /// Shown beside the bar ("rows", "runs").
    pub unit: AttrValue,
}

/// An accessible progress bar (`role="progressbar"`).
#[function_component(ProgressBar)]
pub fn progress_bar(p: &Props) -> Html {
    let pct = if p.total == 0 { 0.0 } else { f64::from(p.done) * 100.0 / f64::from(p.total) };
    html! {
        <div class="progress" role="progressbar" aria-valuemin="0" aria-valuemax={p.total.to_string()}
             aria-valuenow={p.done.to_string()} data-testid="progress">
            <div class="progress-fill" style={format!("width:{pct:.1}%")}></div>
            <span class="progress-label">{format!("{} / {} {}", p.done, p.total, p.unit)}</span>
        </div>
    }
}
