//! The SQLite store.
//!
//! Layers, bottom up:
//! - [`migrations`]: the schema, as numbered steps tracked by `PRAGMA user_version`.
//! - [`Store`]: opens the file (WAL, foreign keys, busy timeout) and runs every write in one
//!   `IMMEDIATE` transaction ([`Store::write`]).
//! - [`queries`]: plain functions over a `&Connection` (a `Transaction` derefs to one), one per
//!   statement, used by the API; [`events`] the same for the event tables (it merges with
//!   `events::merge`'s loop and fold), [`sources`] for followed sources.
//!
//! Architecture invariant: nothing outside `store` writes SQL against the core tables except
//! through a [`Store::write`] transaction, so a failed step leaves the database unchanged.

pub mod events;
pub mod figures;
pub mod migrations;
pub mod queries;
pub mod sources;

use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::error::{Error, Result};

/// How long one statement waits for another process's lock (SQLite's busy handler).
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a writer keeps trying to take the write lock before it gives up with
/// [`Error::Busy`]. Writers hold it briefly (the slow work of an add, tagging and extracting,
/// is done before), so this is only reached when something holds it abnormally long.
const WRITE_WAIT: Duration = Duration::from_secs(60);

/// An open, migrated database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    /// How long [`Store::write`] keeps trying to take the write lock.
    write_wait: Duration,
}

impl Store {
    /// Opens (creating if needed) the database file at `path`, creating its parent directories,
    /// and migrates it to the latest schema.
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|cause| Error::Io {
                action: "cannot create the database directory",
                path: dir.display().to_string(),
                cause,
            })?;
        }
        let conn = Connection::open(path)?;
        Store::init(conn, true)
    }

    /// A private in-memory database (for tests and previews).
    pub fn open_in_memory() -> Result<Store> {
        Store::init(Connection::open_in_memory()?, false)
    }

    fn init(mut conn: Connection, wal: bool) -> Result<Store> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // A file from a newer Storyline is refused before anything here changes it (switching
        // it to WAL would rewrite its header).
        let found = migrations::current_version(&conn)?;
        if found > migrations::latest_version() {
            return Err(Error::SchemaTooNew {
                found,
                supported: migrations::latest_version(),
            });
        }
        conn.pragma_update(None, "foreign_keys", true)?;
        if wal {
            // WAL: readers (the UI) never block the writer; NORMAL sync is durable enough
            // under WAL and much faster.
            let mode: String =
                conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
            debug_assert_eq!(mode.to_ascii_lowercase(), "wal");
            conn.pragma_update(None, "synchronous", "NORMAL")?;
        }
        migrations::migrate(&mut conn)?;
        Ok(Store {
            conn,
            write_wait: WRITE_WAIT,
        })
    }

    /// Sets how long a write waits for another writer's lock before [`Error::Busy`] (default
    /// 60 s); a front end that would rather fail fast can lower it.
    pub fn set_write_wait(&mut self, wait: Duration) -> Result<()> {
        self.conn.busy_timeout(wait.min(BUSY_TIMEOUT))?;
        self.write_wait = wait;
        Ok(())
    }

    /// The connection, for reads.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` in one `IMMEDIATE` transaction: committed if `f` returns `Ok`, rolled back
    /// (nothing written) if it returns `Err` or panics.
    ///
    /// When another process holds the write lock, it waits (the busy timeout, then retries
    /// with a growing pause) for up to [`WRITE_WAIT`], then fails with [`Error::Busy`].
    pub fn write<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let started = Instant::now();
        let mut pause = Duration::from_millis(20);
        let tx = loop {
            match self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
            {
                Ok(tx) => break tx,
                Err(e) if is_busy(&e) => {
                    if started.elapsed() >= self.write_wait {
                        return Err(Error::Busy {
                            waited_secs: started.elapsed().as_secs(),
                        });
                    }
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(500));
                }
                Err(e) => return Err(e.into()),
            }
        };
        let value = f(&tx)?;
        tx.commit().map_err(|e| {
            if is_busy(&e) {
                Error::Busy {
                    waited_secs: started.elapsed().as_secs(),
                }
            } else {
                e.into()
            }
        })?;
        Ok(value)
    }
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_creates_dirs_and_uses_wal() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b/storyline.db");
        let store = Store::open(&path).unwrap();
        assert!(path.exists());
        let mode: String = store
            .conn()
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let fk: i64 = store
            .conn()
            .pragma_query_value(None, "foreign_keys", |r| r.get(0))
            .unwrap();
        assert_eq!(fk, 1);
        assert_eq!(
            migrations::current_version(store.conn()).unwrap(),
            migrations::latest_version()
        );
    }

    /// A writer that finds the lock taken waits for it rather than failing.
    #[test]
    fn a_writer_waits_for_another_writers_lock() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        let mut store = Store::open(&path).unwrap();
        let other = Connection::open(&path).unwrap();
        other.execute_batch("BEGIN IMMEDIATE").unwrap();
        let holder = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(300));
            other.execute_batch("COMMIT").unwrap();
        });
        let n = store
            .write(|tx| {
                Ok(tx.execute(
                    "INSERT INTO story(title, created_at) VALUES ('Storm', 'c')",
                    [],
                )?)
            })
            .unwrap();
        assert_eq!(n, 1);
        holder.join().unwrap();
    }

    /// A writer that still finds the lock taken after its wait gives up with a clear error and
    /// writes nothing.
    #[test]
    fn a_writer_blocked_past_its_wait_fails_with_busy() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        let mut store = Store::open(&path).unwrap();
        store.set_write_wait(Duration::from_millis(300)).unwrap();
        let other = Connection::open(&path).unwrap();
        other.execute_batch("BEGIN IMMEDIATE").unwrap();
        let err = store
            .write(|tx| {
                Ok(tx.execute(
                    "INSERT INTO story(title, created_at) VALUES ('Storm', 'c')",
                    [],
                )?)
            })
            .unwrap_err();
        assert_eq!(err.kind(), "busy");
        assert!(err.to_string().contains("try again"), "{err}");
        other.execute_batch("ROLLBACK").unwrap();
        let n: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM story", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 0);
    }

    #[test]
    fn a_file_from_a_newer_storyline_is_refused_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("newer.db");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(
                "PRAGMA journal_mode = DELETE; CREATE TABLE future(x); PRAGMA user_version = 99;",
            )
            .unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        let err = Store::open(&path).unwrap_err();
        assert!(
            matches!(err, Error::SchemaTooNew { found: 99, .. }),
            "{err}"
        );
        assert_eq!(
            std::fs::read(&path).unwrap(),
            before,
            "the file was changed"
        );
        assert!(!dir.path().join("newer.db-wal").exists());
    }

    #[test]
    fn failed_write_rolls_back() {
        let mut store = Store::open_in_memory().unwrap();
        let r: Result<()> = store.write(|tx| {
            tx.execute(
                "INSERT INTO story(title, created_at) VALUES ('Storm', 'c')",
                [],
            )?;
            Err(Error::EmptyText)
        });
        assert!(r.is_err());
        let n: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM story", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 0);
    }
}
