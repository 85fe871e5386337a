//! Where the database lives, and the one open handle the commands share.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use storyline_core::api::Storyline;
use tauri::{AppHandle, Manager};

/// The open database, or why it could not be opened: the UI then shows that message on its first
/// call instead of the window never appearing.
pub type Shared = Arc<Mutex<Option<Result<Storyline, String>>>>;

/// Managed state: the database behind a mutex (SQLite connections are not `Sync`, and writes are
/// one transaction each anyway). `None` once the app has closed it on exit.
pub struct Db(Shared);

impl Db {
    /// Opens the user's database. On first start (no file yet) the demo story is loaded through the
    /// core API, so a new user sees a real timeline and can delete it like any story.
    pub fn open(app: &AppHandle) -> Db {
        let opened = path(app).and_then(|path| {
            let first_start = !path.exists();
            let mut story = Storyline::open(&path).map_err(|e| {
                format!(
                    "Storyline could not open its database {}: {e}",
                    path.display()
                )
            })?;
            if first_start {
                if let Err(e) = story.load_demo(None, chrono::Utc::now()) {
                    // Not fatal: the user still gets an empty, working database.
                    eprintln!("storyline-desktop: could not load the demo story: {e}");
                }
            }
            Ok(story)
        });
        if let Err(e) = &opened {
            eprintln!("storyline-desktop: {e}");
        }
        Db(Arc::new(Mutex::new(Some(opened))))
    }

    /// A handle that can move to a worker thread.
    pub fn shared(&self) -> Shared {
        Arc::clone(&self.0)
    }

    /// Closes the database (SQLite checkpoints the WAL on close); later calls get an error.
    pub fn close(&self) {
        lock(&self.0).take();
    }
}

pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic inside one command must not lock the user out of their database.
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// `STORYLINE_DB` if set, else the CLI's default: `<data dir>/storyline/storyline.db`
/// (`$XDG_DATA_HOME`, usually `~/.local/share`, on Linux), so the app and the CLI share one file.
fn path(app: &AppHandle) -> Result<PathBuf, String> {
    if let Some(p) = std::env::var_os("STORYLINE_DB").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    let dir = app
        .path()
        .data_dir()
        .map_err(|e| format!("Storyline found no data directory for its database: {e}"))?
        .join("storyline");
    std::fs::create_dir_all(&dir)
        .map_err(|e| format!("Storyline could not create {}: {e}", dir.display()))?;
    Ok(dir.join("storyline.db"))
}
