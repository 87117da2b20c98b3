use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::{download, image};
use crate::i18n::use_messages;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The start of every file name ("parallel-speedup-results").
    pub name: AttrValue,
    /// The results table as CSV.
    #[prop_or_default]
    pub csv: Option<Callback<(), String>>,
    /// A chart drawn as an `<svg>`: offered as SVG and PNG.
    #[prop_or_default]
    pub svg: Option<NodeRef>,
    /// A picture drawn on a `<canvas>`: offered as PNG.
    #[prop_or_default]
    pub canvas: Option<NodeRef>,
    /// A trace as Chrome Trace Event JSON (Perfetto opens it).
    #[prop_or_default]
    pub trace: Option<Callback<(), String>>,
}

/// Download buttons for whatever the page offers; a failure is said next to them.
#[function_component(Exports)]
pub fn exports(p: &Props) -> Html {
    let m = use_messages();
    let problem = use_state(|| None::<String>);
    let report = {
        let problem = problem.clone();
        move |r: Result<(), String>| problem.set(r.err().map(|e| (m.export_failed)(&e)))
    };
    let name = p.name.to_string();
    // With one PNG on offer "PNG" says it; with a chart and a picture each names its own.
    let both = p.svg.is_some() && p.canvas.is_some();
    let png_label = |label: &'static str| if both { label } else { "PNG" };
    let mut buttons = Vec::new();
    if let Some(csv) = &p.csv {
        let (csv, name, report) = (csv.clone(), name.clone(), report.clone());
        let onclick = Callback::from(move |_| report(download::text(&format!("{name}.csv"), "text/csv", &csv.emit(()))));
        buttons.push(html! { <button class="small" {onclick} data-testid="export-csv" title={m.export_csv_title}>{"CSV"}</button> });
    }
    if let Some(svg) = &p.svg {
        let (node, name2, report2) = (svg.clone(), name.clone(), report.clone());
        let onclick = Callback::from(move |_| {
            let r = node.cast::<web_sys::Element>().ok_or_else(|| "no chart".to_string()).and_then(|e| image::standalone_svg(&e));
            report2(r.and_then(|markup| download::text(&format!("{name2}.svg"), "image/svg+xml", &markup)));
        });
        buttons.push(html! { <button class="small" {onclick} data-testid="export-svg" title={m.export_svg_title}>{"SVG"}</button> });
        let (node, name2, report2) = (svg.clone(), name.clone(), report.clone());
        let onclick = Callback::from(move |_| {
            let (node, name2, report2) = (node.clone(), name2.clone(), report2.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let Some(e) = node.cast::<web_sys::Element>() else { return report2(Err("no chart".into())) };
                let rect = e.get_bounding_client_rect();
                let result = match image::standalone_svg(&e) {
                    Ok(markup) => image::svg_png(&format!("{name2}.png"), &markup, rect.width(), rect.height(), &background()).await,
                    Err(err) => Err(err),
                };
                report2(result);
            });
        });
        buttons.push(html! { <button class="small" {onclick} data-testid="export-png" title={m.export_png_title}>{png_label(m.export_chart_png)}</button> });
    }
    if let Some(canvas) = &p.canvas {
        let (node, name2, report2) = (canvas.clone(), name.clone(), report.clone());
        let onclick = Callback::from(move |_| {
            let (node, name2, report2) = (node.clone(), name2.clone(), report2.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let result = match node.cast::<web_sys::HtmlCanvasElement>() {
                    Some(c) => image::canvas_png(&format!("{name2}.png"), &c).await,
                    None => Err("no picture".into()),
                };
                report2(result);
            });
        });
        buttons.push(html! { <button class="small" {onclick} data-testid="export-canvas-png" title={m.export_canvas_title}>{png_label(m.export_picture_png)}</button> });
    }
    if let Some(trace) = &p.trace {
        let (trace, name, report) = (trace.clone(), name.clone(), report.clone());
        let onclick = Callback::from(move |_| {
            report(download::text(&format!("{name}.trace.json"), "application/json", &trace.emit(())))
        });
        buttons.push(html! { <button class="small" {onclick} data-testid="export-trace"
            title={m.export_trace_title}>{m.export_trace}</button> });
    }
    html! {
        <div class="exports" role="group" aria-label={m.download_group}>
            <span class="exports-label">{m.download}</span>
            { for buttons }
            if let Some(why) = &*problem { <span class="error" role="status">{why}</span> }
        </div>
    }
}

/// The page's background colour, so a PNG of a chart looks as it does on the page.
fn background() -> String {
    web_sys::window()
        .and_then(|w| {
            let body = w.document()?.body()?;
            w.get_computed_style(body.unchecked_ref()).ok().flatten()
        })
        .and_then(|s| s.get_property_value("background-color").ok())
        .filter(|c| !c.is_empty() && c != "rgba(0, 0, 0, 0)")
        .unwrap_or_else(|| "#ffffff".into())
}
