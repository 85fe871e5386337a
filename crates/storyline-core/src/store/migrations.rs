//! Schema migrations: a list of numbered steps, applied in order, each in its own transaction
//! that also bumps `PRAGMA user_version`. Steps are never edited once released; a change to the
//! schema is a new step at the end. Every step has a test that starts from the previous version.

use rusqlite::{Connection, TransactionBehavior};

use crate::error::{Error, Result};

/// One forward migration: after it runs, `PRAGMA user_version` is `version`.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

/// All migrations, in order. Versions are 1, 2, 3, ... with no gaps (a test checks it).
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "stories, articles and snapshots",
        sql: r#"
            -- AUTOINCREMENT: ids are user-facing handles, so a deleted id is never reused.
            CREATE TABLE story (
                id          INTEGER PRIMARY KEY AUTOINCREMENT,
                title       TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(title)) > 0),
                created_at  TEXT NOT NULL
            );
            -- One source document inside a story. `url` is the normalised URL; NULL for pasted
            -- text (NULLs are distinct, so a story can hold many URL-less articles).
            CREATE TABLE article (
                id          INTEGER PRIMARY KEY AUTOINCREMENT,
                story_id    INTEGER NOT NULL REFERENCES story(id) ON DELETE CASCADE,
                url         TEXT,
                created_at  TEXT NOT NULL,
                UNIQUE (story_id, url)
            );
            CREATE INDEX article_story ON article(story_id);
            -- One dated version of an article.
            CREATE TABLE snapshot (
                id                 INTEGER PRIMARY KEY AUTOINCREMENT,
                article_id         INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
                version            INTEGER NOT NULL CHECK (version >= 1),
                title              TEXT NOT NULL,
                outlet             TEXT,
                url                TEXT,
                published_at       TEXT NOT NULL,  -- RFC 3339 with the offset it was given in
                published_utc      TEXT NOT NULL,  -- the same instant in UTC, for ordering
                published_assumed  INTEGER NOT NULL CHECK (published_assumed IN (0, 1)),
                captured_at        TEXT NOT NULL,  -- RFC 3339 UTC
                text               TEXT NOT NULL CHECK (length(text) > 0),
                raw_html           TEXT,
                sha256             TEXT NOT NULL,  -- of `text`
                word_count         INTEGER NOT NULL,
                UNIQUE (article_id, version)
            );
            CREATE INDEX snapshot_published ON snapshot(published_utc);
        "#,
    },
    Migration {
        version: 2,
        name: "full-text index over snapshot titles and text",
        sql: r#"
            CREATE VIRTUAL TABLE snapshot_fts USING fts5(
                title, text,
                content = 'snapshot', content_rowid = 'id',
                tokenize = 'unicode61 remove_diacritics 2'
            );
            -- External-content FTS: triggers keep it in step with `snapshot` (cascading deletes
            -- fire them too).
            CREATE TRIGGER snapshot_fts_insert AFTER INSERT ON snapshot BEGIN
                INSERT INTO snapshot_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
            END;
            CREATE TRIGGER snapshot_fts_delete AFTER DELETE ON snapshot BEGIN
                INSERT INTO snapshot_fts(snapshot_fts, rowid, title, text)
                    VALUES ('delete', old.id, old.title, old.text);
            END;
            CREATE TRIGGER snapshot_fts_update AFTER UPDATE OF title, text ON snapshot BEGIN
                INSERT INTO snapshot_fts(snapshot_fts, rowid, title, text)
                    VALUES ('delete', old.id, old.title, old.text);
                INSERT INTO snapshot_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
            END;
            -- Index the snapshots written at version 1.
            INSERT INTO snapshot_fts(snapshot_fts) VALUES ('rebuild');
        "#,
    },
    Migration {
        version: 3,
        name: "events merged from snapshots, their sources and history",
        sql: super::events::MIGRATION_3_SQL,
    },
    Migration {
        version: 4,
        name: "followed sources, compressed raw HTML, page times",
        sql: r#"
            -- Raw HTML of new snapshots, deflate-compressed (`raw_html` keeps older rows' HTML).
            ALTER TABLE snapshot ADD COLUMN raw_html_z BLOB;
            -- The page's own "last modified" time when it gives one (RFC 3339).
            ALTER TABLE snapshot ADD COLUMN modified_at TEXT;
            -- A followed page or feed of a story.
            CREATE TABLE source (
                id             INTEGER PRIMARY KEY AUTOINCREMENT,
                story_id       INTEGER NOT NULL REFERENCES story(id) ON DELETE CASCADE,
                kind           TEXT NOT NULL CHECK (kind IN ('page', 'feed')),
                url            TEXT NOT NULL,        -- normalised
                article_id     INTEGER REFERENCES article(id) ON DELETE SET NULL,
                feed_id        INTEGER REFERENCES source(id) ON DELETE SET NULL, -- found in this feed
                match_words    TEXT,                 -- feeds: the --match expression
                interval_mins  INTEGER CHECK (interval_mins IS NULL OR interval_mins >= 1),
                etag           TEXT,
                last_modified  TEXT,
                created_at     TEXT NOT NULL,
                last_fetched   TEXT,
                last_changed   TEXT,
                last_error     TEXT,
                last_error_kind TEXT,
                next_due       TEXT NOT NULL,
                UNIQUE (story_id, kind, url)
            );
            CREATE INDEX source_story ON source(story_id);
            -- Feed items already taken (or refused) so a refresh adds each one once.
            CREATE TABLE source_item (
                source_id   INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,
                item_key    TEXT NOT NULL,
                article_id  INTEGER REFERENCES article(id) ON DELETE SET NULL,
                seen_at     TEXT NOT NULL,
                PRIMARY KEY (source_id, item_key)
            ) WITHOUT ROWID;
        "#,
    },
    Migration {
        version: 5,
        name: "date basis of events and sources, what the user has seen",
        sql: r#"
            -- Where an event's or a source's date comes from: 'text' (the text dates it) or
            -- 'publication' (the text gives no date; its publication stands in).
            ALTER TABLE event ADD COLUMN date_basis TEXT NOT NULL DEFAULT 'text';
            ALTER TABLE event_source ADD COLUMN date_basis TEXT NOT NULL DEFAULT 'text';
            -- Per story, the latest snapshot the user has looked at: events changed by a later
            -- snapshot (a higher id; ids are never reused) are "new".
            CREATE TABLE story_seen (
                story_id     INTEGER PRIMARY KEY REFERENCES story(id) ON DELETE CASCADE,
                snapshot_id  INTEGER NOT NULL
            );
        "#,
    },
    // New steps go here, at the end, with the next version number.
];

/// The schema version this build writes.
pub fn latest_version() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

/// The database's current schema version.
pub fn current_version(conn: &Connection) -> Result<i64> {
    Ok(conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
}

/// Brings the database up to [`latest_version`].
pub fn migrate(conn: &mut Connection) -> Result<()> {
    migrate_to(conn, latest_version())
}

/// Applies the steps after the current version up to and including `target`.
pub fn migrate_to(conn: &mut Connection, target: i64) -> Result<()> {
    let current = current_version(conn)?;
    if current > latest_version() {
        return Err(Error::SchemaTooNew {
            found: current,
            supported: latest_version(),
        });
    }
    for step in MIGRATIONS
        .iter()
        .filter(|m| m.version > current && m.version <= target)
    {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Another process may have migrated while we waited for the write lock.
        if current_version(&tx)? >= step.version {
            continue;
        }
        tx.execute_batch(step.sql)?;
        tx.pragma_update(None, "user_version", step.version)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fresh() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        conn
    }

    #[test]
    fn versions_are_consecutive() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(m.version, i as i64 + 1, "{}", m.name);
        }
    }

    #[test]
    fn v0_to_v1_creates_tables() {
        let mut conn = fresh();
        migrate_to(&mut conn, 1).unwrap();
        assert_eq!(current_version(&conn).unwrap(), 1);
        conn.execute_batch(
            "INSERT INTO story(title, created_at) VALUES ('Storm', '2026-03-10T00:00:00Z');
             INSERT INTO article(story_id, url, created_at) VALUES (1, NULL, 'x');
             INSERT INTO snapshot(article_id, version, title, published_at, published_utc,
                 published_assumed, captured_at, text, sha256, word_count)
                 VALUES (1, 1, 'T', 'p', 'p', 0, 'c', 'storm surge', 'h', 2);",
        )
        .unwrap();
        // Foreign keys hold.
        let orphan = conn.execute(
            "INSERT INTO article(story_id, url, created_at) VALUES (99, NULL, 'x')",
            [],
        );
        assert!(orphan.is_err());
    }

    #[test]
    fn v1_to_v2_indexes_existing_snapshots() {
        let mut conn = fresh();
        migrate_to(&mut conn, 1).unwrap();
        conn.execute_batch(
            "INSERT INTO story(title, created_at) VALUES ('Storm', 'c');
             INSERT INTO article(story_id, url, created_at) VALUES (1, NULL, 'c');
             INSERT INTO snapshot(article_id, version, title, published_at, published_utc,
                 published_assumed, captured_at, text, sha256, word_count)
                 VALUES (1, 1, 'Harbour flooded', 'p', 'p', 0, 'c', 'The storm surge reached the quay.', 'h', 6);",
        )
        .unwrap();
        migrate_to(&mut conn, 2).unwrap();
        assert_eq!(current_version(&conn).unwrap(), 2);
        let hits: i64 = conn
            .query_row(
                "SELECT count(*) FROM snapshot_fts WHERE snapshot_fts MATCH 'surge'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(hits, 1);
        // Deleting through the cascade keeps the index in step.
        conn.execute("DELETE FROM story", []).unwrap();
        let hits: i64 = conn
            .query_row(
                "SELECT count(*) FROM snapshot_fts WHERE snapshot_fts MATCH 'surge'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(hits, 0);
    }

    #[test]
    fn v3_to_v4_keeps_snapshots_and_adds_sources() {
        let mut conn = fresh();
        migrate_to(&mut conn, 3).unwrap();
        conn.execute_batch(
            "INSERT INTO story(title, created_at) VALUES ('Storm', 'c');
             INSERT INTO article(story_id, url, created_at) VALUES (1, 'https://a.example/1', 'c');
             INSERT INTO snapshot(article_id, version, title, published_at, published_utc,
                 published_assumed, captured_at, text, raw_html, sha256, word_count)
                 VALUES (1, 1, 'T', 'p', 'p', 0, 'c', 'storm surge', '<p>storm surge</p>', 'h', 2);",
        )
        .unwrap();
        migrate_to(&mut conn, 4).unwrap();
        assert_eq!(current_version(&conn).unwrap(), 4);
        let (html, z): (Option<String>, Option<Vec<u8>>) = conn
            .query_row("SELECT raw_html, raw_html_z FROM snapshot", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!(html.as_deref(), Some("<p>storm surge</p>"));
        assert_eq!(z, None);
        conn.execute_batch(
            "INSERT INTO source(story_id, kind, url, article_id, created_at, next_due)
                 VALUES (1, 'page', 'https://a.example/1', 1, 'c', 'd');
             INSERT INTO source_item(source_id, item_key, seen_at) VALUES (1, 'k', 'c');",
        )
        .unwrap();
        // A second follow of the same page in the same story is refused by the schema.
        assert!(conn
            .execute(
                "INSERT INTO source(story_id, kind, url, created_at, next_due)
                     VALUES (1, 'page', 'https://a.example/1', 'c', 'd')",
                []
            )
            .is_err());
        // Deleting the article keeps the source (it fetches a new one); deleting the story
        // removes both.
        conn.execute("DELETE FROM article", []).unwrap();
        let article: Option<i64> = conn
            .query_row("SELECT article_id FROM source", [], |r| r.get(0))
            .unwrap();
        assert_eq!(article, None);
        conn.execute("DELETE FROM story", []).unwrap();
        let left: i64 = conn
            .query_row(
                "SELECT (SELECT count(*) FROM source) + (SELECT count(*) FROM source_item)",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(left, 0);
    }

    #[test]
    fn v4_to_v5_dates_old_events_from_their_text_and_adds_seen() {
        let mut conn = fresh();
        migrate_to(&mut conn, 4).unwrap();
        conn.execute_batch(
            "INSERT INTO story(title, created_at) VALUES ('Storm', 'c');
             INSERT INTO article(story_id, url, created_at) VALUES (1, NULL, 'c');
             INSERT INTO snapshot(article_id, version, title, published_at, published_utc,
                 published_assumed, captured_at, text, sha256, word_count)
                 VALUES (1, 1, 'T', 'p', 'p', 0, 'c', 'storm surge', 'h', 2);
             INSERT INTO event(story_id, date, granularity, date_start, date_end, sort_key,
                 status, text, first_seen_snapshot, last_changed_snapshot, keys, figures,
                 last_source) VALUES (1, '2026', 'year', 's', 'e', 'k', 'happened', 't', 1, 1,
                 '', '{}', 'o');
             INSERT INTO event_source(event_id, order_key, snapshot_id, ord, story_id, date,
                 status, text, sentence, start, end, keys, published_at)
                 VALUES (1, 'o', 1, 0, 1, '2026', 'happened', 't', 's', 0, 1, '', 'p');",
        )
        .unwrap();
        migrate_to(&mut conn, 5).unwrap();
        assert_eq!(current_version(&conn).unwrap(), 5);
        let bases: (String, String) = conn
            .query_row(
                "SELECT e.date_basis, s.date_basis FROM event e JOIN event_source s \
                 ON s.event_id = e.id",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(bases, ("text".to_string(), "text".to_string()));
        conn.execute(
            "INSERT INTO story_seen(story_id, snapshot_id) VALUES (1, 1)",
            [],
        )
        .unwrap();
        // The mark goes with its story.
        conn.execute("DELETE FROM story", []).unwrap();
        let left: i64 = conn
            .query_row("SELECT count(*) FROM story_seen", [], |r| r.get(0))
            .unwrap();
        assert_eq!(left, 0);
    }

    #[test]
    fn migrating_twice_is_a_no_op_and_newer_schema_is_refused() {
        let mut conn = fresh();
        migrate(&mut conn).unwrap();
        migrate(&mut conn).unwrap();
        assert_eq!(current_version(&conn).unwrap(), latest_version());
        conn.pragma_update(None, "user_version", latest_version() + 1)
            .unwrap();
        assert!(matches!(
            migrate(&mut conn),
            Err(Error::SchemaTooNew { .. })
        ));
    }
}
