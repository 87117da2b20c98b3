//! Painting finished rows onto the canvas: a thin loop over what the engine sent.

use interleave_protocol::Rows;
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};
use yew::NodeRef;

fn context(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas.get_context("2d").ok().flatten()?.dyn_into().ok()
}

/// Sizes the canvas for a new image and paints it the background colour.
pub fn reset(node: &NodeRef, size: u32) {
    let Some(canvas) = node.cast::<HtmlCanvasElement>() else { return };
    canvas.set_width(size);
    canvas.set_height(size);
    if let Some(ctx) = context(&canvas) {
        ctx.set_fill_style_str("#10131f");
        ctx.fill_rect(0.0, 0.0, f64::from(size), f64::from(size));
    }
}

/// Paints blocks of finished rows.
pub fn paint(node: &NodeRef, width: u32, blocks: &[Rows]) {
    let Some(canvas) = node.cast::<HtmlCanvasElement>() else { return };
    let Some(ctx) = context(&canvas) else { return };
    for b in blocks {
        let rows = b.y_end - b.y_start;
        if rows == 0 || b.rgba.len() != (rows * width * 4) as usize {
            continue;
        }
        if let Ok(data) =
            web_sys::ImageData::new_with_u8_clamped_array_and_sh(Clamped(&b.rgba), width, rows)
        {
            let _ = ctx.put_image_data(&data, 0.0, f64::from(b.y_start));
        }
    }
}
