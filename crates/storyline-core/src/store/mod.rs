//! The SQLite store.
//!
//! Layers, bottom up:
//! - [`migrations`]: the schema, as numbered steps tracked by `PRAGMA user_version`.
//! - [`Store`]: opens the file (WAL, foreign keys, busy timeout) and runs every write in one
//!   `IMMEDIATE` transaction ([`Store::write`]).
//! - [`queries`]: plain functions over a `&Connection` (a `Transaction` derefs to one), one per
//!   statement, used by the API.
//!
//! Architecture invariant: nothing outside `store` writes SQL against the core tables except
//! through a [`Store::write`] transaction, so a failed step leaves the database unchanged.

pub mod migrations;
pub mod queries;
pub mod sources;

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::error::{Error, Result};

/// How long a writer waits for another process's write lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// An open, migrated database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
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
        Ok(Store { conn })
    }

    /// The connection, for reads.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` in one `IMMEDIATE` transaction: committed if `f` returns `Ok`, rolled back
    /// (nothing written) if it returns `Err` or panics.
    pub fn write<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }
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
