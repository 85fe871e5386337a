//! Statements over the followed-source tables (`source`, `source_item`, schema step 4).

use std::collections::HashSet;

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;

use crate::error::{Error, Result};

/// A followed page or feed, as listed by `storyline sources`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceInfo {
    pub id: i64,
    pub story_id: i64,
    pub story_title: String,
    /// `page` or `feed`.
    pub kind: String,
    /// The normalised URL followed.
    pub url: String,
    /// The article a page's versions go to (none until its first fetch stores one).
    pub article_id: Option<i64>,
    /// The feed a page was found in.
    pub feed_id: Option<i64>,
    /// A feed's `--match` expression.
    pub match_words: Option<String>,
    /// The re-check interval the user set, in minutes (none: it grows with the article's age).
    pub interval_mins: Option<i64>,
    #[serde(skip)]
    pub etag: Option<String>,
    #[serde(skip)]
    pub last_modified: Option<String>,
    pub created_at: String,
    /// When it was last fetched (successfully or not), RFC 3339 UTC.
    pub last_fetched: Option<String>,
    /// When a fetch last stored something new.
    pub last_changed: Option<String>,
    /// The last fetch's error, cleared by the next success.
    pub last_error: Option<String>,
    pub last_error_kind: Option<String>,
    /// When it should next be checked.
    pub next_due: String,
    /// Versions stored of a page's article; articles taken from a feed.
    pub count: i64,
}

const COLUMNS: &str = "s.id, s.story_id, t.title, s.kind, s.url, s.article_id, s.feed_id,
    s.match_words, s.interval_mins, s.etag, s.last_modified, s.created_at, s.last_fetched,
    s.last_changed, s.last_error, s.last_error_kind, s.next_due,
    CASE s.kind WHEN 'page' THEN (SELECT count(*) FROM snapshot n WHERE n.article_id = s.article_id)
                ELSE (SELECT count(*) FROM source_item i WHERE i.source_id = s.id
                                                         AND i.article_id IS NOT NULL) END";

fn from_row(r: &Row<'_>) -> rusqlite::Result<SourceInfo> {
    Ok(SourceInfo {
        id: r.get(0)?,
        story_id: r.get(1)?,
        story_title: r.get(2)?,
        kind: r.get(3)?,
        url: r.get(4)?,
        article_id: r.get(5)?,
        feed_id: r.get(6)?,
        match_words: r.get(7)?,
        interval_mins: r.get(8)?,
        etag: r.get(9)?,
        last_modified: r.get(10)?,
        created_at: r.get(11)?,
        last_fetched: r.get(12)?,
        last_changed: r.get(13)?,
        last_error: r.get(14)?,
        last_error_kind: r.get(15)?,
        next_due: r.get(16)?,
        count: r.get(17)?,
    })
}

/// Sources of one story (or all), by story then id.
pub fn list(conn: &Connection, story_id: Option<i64>) -> Result<Vec<SourceInfo>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM source s JOIN story t ON t.id = s.story_id
          WHERE ?1 IS NULL OR s.story_id = ?1 ORDER BY s.story_id, s.id"
    ))?;
    let rows = stmt.query_map([story_id], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn by_id(conn: &Connection, id: i64) -> Result<SourceInfo> {
    conn.query_row(
        &format!(
            "SELECT {COLUMNS} FROM source s JOIN story t ON t.id = s.story_id WHERE s.id = ?1"
        ),
        [id],
        from_row,
    )
    .optional()?
    .ok_or_else(|| Error::SourceNotFound(id.to_string()))
}

pub fn find(conn: &Connection, story_id: i64, kind: &str, url: &str) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT id FROM source WHERE story_id = ?1 AND kind = ?2 AND url = ?3",
            params![story_id, kind, url],
            |r| r.get(0),
        )
        .optional()?)
}

/// The columns of a new source row.
#[derive(Debug, Clone)]
pub struct NewSource<'a> {
    pub story_id: i64,
    pub kind: &'a str,
    pub url: &'a str,
    pub article_id: Option<i64>,
    pub feed_id: Option<i64>,
    pub match_words: Option<&'a str>,
    pub interval_mins: Option<i64>,
    pub created_at: &'a str,
    pub next_due: &'a str,
}

pub fn insert(conn: &Connection, s: &NewSource<'_>) -> Result<i64> {
    conn.execute(
        "INSERT INTO source(story_id, kind, url, article_id, feed_id, match_words, interval_mins,
             created_at, next_due) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            s.story_id,
            s.kind,
            s.url,
            s.article_id,
            s.feed_id,
            s.match_words,
            s.interval_mins,
            s.created_at,
            s.next_due
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Changes what the user set on an existing source (following it again).
pub fn update_settings(
    conn: &Connection,
    id: i64,
    match_words: Option<&str>,
    interval_mins: Option<i64>,
) -> Result<()> {
    conn.execute(
        "UPDATE source SET match_words = coalesce(?2, match_words),
                interval_mins = coalesce(?3, interval_mins) WHERE id = ?1",
        params![id, match_words, interval_mins],
    )?;
    Ok(())
}

pub fn delete(conn: &Connection, id: i64) -> Result<()> {
    conn.execute("DELETE FROM source WHERE id = ?1", [id])?;
    Ok(())
}

/// A fetch that worked: clears the error, keeps the validators for the next conditional GET.
#[allow(clippy::too_many_arguments)]
pub fn record_success(
    conn: &Connection,
    id: i64,
    fetched_at: &str,
    changed: bool,
    article_id: Option<i64>,
    etag: Option<&str>,
    last_modified: Option<&str>,
    next_due: &str,
) -> Result<()> {
    conn.execute(
        "UPDATE source SET last_fetched = ?2,
                last_changed = CASE WHEN ?3 THEN ?2 ELSE last_changed END,
                article_id = coalesce(?4, article_id), etag = ?5, last_modified = ?6,
                next_due = ?7, last_error = NULL, last_error_kind = NULL
          WHERE id = ?1",
        params![
            id,
            fetched_at,
            changed,
            article_id,
            etag,
            last_modified,
            next_due
        ],
    )?;
    Ok(())
}

pub fn record_error(
    conn: &Connection,
    id: i64,
    fetched_at: &str,
    kind: &str,
    message: &str,
    next_due: &str,
) -> Result<()> {
    conn.execute(
        "UPDATE source SET last_fetched = ?2, last_error = ?4, last_error_kind = ?3, next_due = ?5
          WHERE id = ?1",
        params![id, fetched_at, kind, message, next_due],
    )?;
    Ok(())
}

/// The item keys a feed source has already taken.
pub fn seen_items(conn: &Connection, source_id: i64) -> Result<HashSet<String>> {
    let mut stmt = conn.prepare("SELECT item_key FROM source_item WHERE source_id = ?1")?;
    let rows = stmt.query_map([source_id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn mark_item(
    conn: &Connection,
    source_id: i64,
    key: &str,
    article_id: Option<i64>,
    seen_at: &str,
) -> Result<()> {
    conn.execute(
        "INSERT OR REPLACE INTO source_item(source_id, item_key, article_id, seen_at)
         VALUES (?1, ?2, ?3, ?4)",
        params![source_id, key, article_id, seen_at],
    )?;
    Ok(())
}

/// The earliest publication time (UTC) of an article's versions.
pub fn article_first_published(conn: &Connection, article_id: i64) -> Result<Option<String>> {
    Ok(conn.query_row(
        "SELECT min(published_utc) FROM snapshot WHERE article_id = ?1",
        [article_id],
        |r| r.get(0),
    )?)
}
