//! Prints the field registry (`hazsim::grid::fields`) as the Markdown page `docs/fields.md`.
//!
//! `cargo run --example field_table > docs/fields.md`

fn main() {
    print!("{}", hazsim::grid::fields::markdown());
}
