fn main() {
    interleave_ui::start();
}
