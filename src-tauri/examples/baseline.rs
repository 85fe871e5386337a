//! The benchmark's baseline: the smallest Tauri window — same Tauri, same plugins, same WebKit —
//! showing one heading. `scripts/bench-desktop.sh` measures it beside the app.

use tauri::http::Response;
use tauri::{WebviewUrl, WebviewWindowBuilder};

const PAGE: &[u8] =
    b"<!doctype html><title>Baseline</title><h1>Hello from a trivial Tauri window</h1>";

fn main() {
    let mut context = tauri::generate_context!();
    context.config_mut().app.windows.clear();
    tauri::Builder::default()
        .plugin(tauri_plugin_window_state::Builder::default().build())
        // The page comes from a protocol of its own, not the app's bundled UI.
        .register_uri_scheme_protocol("baseline", |_ctx, _request| {
            Response::builder()
                .header("Content-Type", "text/html")
                .body(PAGE.to_vec())
                .expect("a valid response")
        })
        .setup(|app| {
            let url = WebviewUrl::External("baseline://localhost/".parse().expect("a valid URL"));
            WebviewWindowBuilder::new(app, "main", url)
                .title("Baseline")
                .inner_size(1280.0, 800.0)
                .build()?;
            Ok(())
        })
        .run(context)
        .expect("the baseline window could not start");
}
