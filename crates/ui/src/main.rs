fn main() {
    yew::Renderer::<interleave_ui::App>::new().render();
}
