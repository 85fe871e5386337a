//! `storyline`: the command-line front end, thin over `storyline_core::api`.

fn main() {
    println!("storyline {}", env!("CARGO_PKG_VERSION"));
}
