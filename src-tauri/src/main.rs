//! Storyline's desktop shell: one window showing the web UI (`ui/dist`), whose calls all go
//! through [`commands::api`] to `storyline_core`'s dispatcher — the same API `storyline serve`
//! offers over HTTP. No logic lives here: the shell opens the database, loads the demo story on
//! first start, and closes the database on exit.

// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod db;

use tauri::Manager;

fn main() {
    // WebKitGTK's accelerated compositing gives every scrolling area and layer a GL backing
    // store (under software GL, llvmpipe): about 95 MiB of the web process for this page of
    // text, against nothing visible gained. Off unless the user says otherwise
    // (WEBKIT_DISABLE_COMPOSITING_MODE=0 turns it back on). Set before any thread starts.
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
    let app = tauri::Builder::default()
        // Restores the window's size and position from the last run and saves them on close.
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .setup(|app| {
            app.manage(db::Db::open(app.handle()));
            // The first add should not pay for compiling the tagger: do it while the window opens.
            std::thread::spawn(|| {
                if let Err(e) = storyline_core::api::warm_up() {
                    eprintln!("storyline-desktop: {e}");
                }
            });
            quit_on_signals(app.handle().clone());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![commands::api])
        .build(tauri::generate_context!())
        .expect("Storyline could not start its window");
    app.run(|app, event| {
        // Tauri ends the process without running destructors, so close the database here: the
        // WAL is checkpointed and nothing is left half-written.
        if let tauri::RunEvent::Exit = event {
            app.state::<db::Db>().close();
        }
    });
}

/// SIGTERM (a logout, `kill`, a service manager), SIGINT and SIGHUP quit like the window's close
/// button: through `RunEvent::Exit`, so the database is closed and the WAL checkpointed.
#[cfg(unix)]
fn quit_on_signals(app: tauri::AppHandle) {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    match signal_hook::iterator::Signals::new([SIGTERM, SIGINT, SIGHUP]) {
        Ok(mut signals) => {
            std::thread::spawn(move || {
                if signals.forever().next().is_some() {
                    app.exit(0);
                }
            });
        }
        Err(e) => eprintln!("storyline-desktop: cannot install signal handlers: {e}"),
    }
}

#[cfg(not(unix))]
fn quit_on_signals(_app: tauri::AppHandle) {}
