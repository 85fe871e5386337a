//! Makes the embedded web UI follow `ui/dist`.
//!
//! `rust-embed` reads `ui/dist` when `serve.rs` compiles, but cargo does not know that, so a UI
//! built after the CLI was never embedded ("storyline serve" then showed no UI). Telling cargo to
//! watch the directory recompiles the CLI whenever the built UI changes.

fn main() {
    let dist = std::path::Path::new("ui/dist");
    // Cargo treats a missing path as always changed (a rebuild on every build); an empty
    // directory is what rust-embed sees as "no UI" anyway.
    if !dist.exists() {
        let _ = std::fs::create_dir_all(dist);
    }
    println!("cargo:rerun-if-changed=ui/dist");
    println!("cargo:rerun-if-changed=build.rs");
}
