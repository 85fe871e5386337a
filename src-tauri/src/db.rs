//! Where the database lives, and the one open handle the commands share.
//!
//! The database is opened on a thread of its own (on first start that includes loading the demo
//! story) so the window appears at once; a call that arrives before it is ready waits for it.

use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

use storyline_core::api::Storyline;
use tauri::{AppHandle, Manager};

/// The state of the one connection.
pub enum Slot {
    Opening,
    Open(Box<Storyline>),
    /// Why it could not be opened: every call answers with this, and the UI shows it, rather than
    /// the window never appearing.
    Failed(String),
    /// Closed on exit.
    Closed,
}

/// Managed state: the connection behind a mutex (SQLite connections are not `Sync`, and every write
/// is one transaction anyway) and a condition variable that signals the end of `Opening`.
#[derive(Clone)]
pub struct Db(Arc<(Mutex<Slot>, Condvar)>);

impl Db {
    /// Starts opening the user's database. On first start (no file yet) the demo story is loaded
    /// through the core API, so a new user sees a real timeline (and can delete it like any story).
    pub fn open(app: &AppHandle) -> Db {
        let db = Db(Arc::new((Mutex::new(Slot::Opening), Condvar::new())));
        let path = path(app);
        let opener = db.clone();
        std::thread::spawn(move || {
            let slot = match path.and_then(|p| open(&p)) {
                Ok(sl) => Slot::Open(Box::new(sl)),
                Err(e) => {
                    eprintln!("storyline-desktop: {e}");
                    Slot::Failed(e)
                }
            };
            *lock(&opener.0 .0) = slot;
            opener.0 .1.notify_all();
        });
        db
    }

    /// The slot once it is no longer `Opening`, locked for the caller.
    pub fn ready(&self) -> MutexGuard<'_, Slot> {
        let (slot, opened) = &*self.0;
        let guard = lock(slot);
        opened
            .wait_while(guard, |s| matches!(s, Slot::Opening))
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Closes the database (SQLite checkpoints the WAL on close); later calls get an error.
    pub fn close(&self) {
        *self.ready() = Slot::Closed;
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic inside one command must not lock the user out of their database.
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn open(path: &std::path::Path) -> Result<Storyline, String> {
    let first_start = !path.exists();
    let mut sl = Storyline::open(path).map_err(|e| {
        format!(
            "Storyline could not open its database {}: {e}",
            path.display()
        )
    })?;
    if first_start {
        if let Err(e) = sl.load_demo(None, chrono::Utc::now()) {
            // Not fatal: the user still gets an empty, working database.
            eprintln!("storyline-desktop: could not load the demo story: {e}");
        }
    }
    Ok(sl)
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
