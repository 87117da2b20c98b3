//! Charts as standalone SVG (their CSS styles written into each element, so the file looks like
//! the page without the page's stylesheet) and as PNG (the SVG drawn onto a canvas at twice the
//! size), and canvases as PNG.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// The style properties an exported chart needs to look as it does on the page.
const PROPS: [&str; 12] = [
    "fill", "fill-opacity", "stroke", "stroke-width", "stroke-dasharray", "stroke-opacity", "opacity",
    "font-family", "font-size", "font-weight", "text-anchor", "dominant-baseline",
];

/// The SVG element's markup with every element's computed style inlined.
pub fn standalone_svg(svg: &web_sys::Element) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let clone: web_sys::Element = svg.clone_node_with_deep(true).map_err(|_| "cannot copy the chart")?.dyn_into().map_err(|_| "not an element")?;
    let originals = svg.query_selector_all("*").map_err(|_| "cannot read the chart")?;
    let copies = clone.query_selector_all("*").map_err(|_| "cannot read the chart")?;
    let mut pairs = vec![(svg.clone(), clone.clone())];
    for i in 0..originals.length() {
        if let (Some(o), Some(c)) = (originals.item(i), copies.item(i))
            && let (Ok(o), Ok(c)) = (o.dyn_into::<web_sys::Element>(), c.dyn_into::<web_sys::Element>())
        {
            pairs.push((o, c));
        }
    }
    for (original, copy) in pairs {
        if let Ok(Some(style)) = window.get_computed_style(&original) {
            let inline: String = PROPS
                .iter()
                .filter_map(|p| style.get_property_value(p).ok().filter(|v| !v.is_empty()).map(|v| format!("{p}:{v};")))
                .collect();
            let _ = copy.set_attribute("style", &inline);
        }
    }
    let _ = clone.set_attribute("xmlns", "http://www.w3.org/2000/svg");
    let rect = svg.get_bounding_client_rect();
    let _ = clone.set_attribute("width", &format!("{}", rect.width().round()));
    let _ = clone.set_attribute("height", &format!("{}", rect.height().round()));
    Ok(clone.outer_html())
}

/// Draws `svg_markup` (width × height CSS px) at `scale` onto a canvas and offers it as a PNG.
pub async fn svg_png(name: &str, svg_markup: &str, width: f64, height: f64, background: &str) -> Result<(), String> {
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let image = web_sys::HtmlImageElement::new().map_err(|_| "no image")?;
    let loaded = js_sys::Promise::new(&mut |ok, fail| {
        image.set_onload(Some(&ok));
        image.set_onerror(Some(&fail));
    });
    let data = format!("data:image/svg+xml;charset=utf-8,{}", String::from(js_sys::encode_uri_component(svg_markup)));
    image.set_src(&data);
    wasm_bindgen_futures::JsFuture::from(loaded).await.map_err(|_| "the chart could not be drawn")?;
    let scale = 2.0;
    let canvas: web_sys::HtmlCanvasElement =
        document.create_element("canvas").map_err(|_| "no canvas")?.dyn_into().map_err(|_| "no canvas")?;
    canvas.set_width((width * scale) as u32);
    canvas.set_height((height * scale) as u32);
    let ctx: web_sys::CanvasRenderingContext2d =
        canvas.get_context("2d").ok().flatten().ok_or("no 2d context")?.dyn_into().map_err(|_| "no 2d context")?;
    ctx.set_fill_style_str(background);
    ctx.fill_rect(0.0, 0.0, width * scale, height * scale);
    ctx.draw_image_with_html_image_element_and_dw_and_dh(&image, 0.0, 0.0, width * scale, height * scale)
        .map_err(|_| "the chart could not be drawn")?;
    canvas_png(name, &canvas).await
}

/// Offers a canvas's pixels as a PNG.
pub async fn canvas_png(name: &str, canvas: &web_sys::HtmlCanvasElement) -> Result<(), String> {
    let promise = js_sys::Promise::new(&mut |ok, fail| {
        let done = Closure::once_into_js(move |blob: JsValue| {
            let _ = ok.call1(&JsValue::NULL, &blob);
        });
        if canvas.to_blob(done.unchecked_ref()).is_err() {
            let _ = fail.call0(&JsValue::NULL);
        }
    });
    let blob = wasm_bindgen_futures::JsFuture::from(promise).await.map_err(|_| "the canvas cannot be read")?;
    let blob: web_sys::Blob = blob.dyn_into().map_err(|_| "the canvas gave no image")?;
    super::download::blob_as(name, &blob)
}
