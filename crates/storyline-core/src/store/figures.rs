//! The reads behind a story's figures: its snapshots' texts, and the event a sentence told.

use rusqlite::{Connection, OptionalExtension};

use crate::error::Result;

/// One snapshot as figures need it.
pub struct SnapshotText {
    pub id: i64,
    pub published_at: String,
    pub outlet: Option<String>,
    pub text: String,
    pub sha256: String,
}

/// A story's snapshots with their text, oldest publication first.
pub fn story_texts(conn: &Connection, story_id: i64) -> Result<Vec<SnapshotText>> {
    let mut stmt = conn.prepare(
        "SELECT n.id, n.published_at, n.outlet, n.text, n.sha256 FROM snapshot n
           JOIN article a ON a.id = n.article_id
          WHERE a.story_id = ?1 ORDER BY n.published_utc, n.id",
    )?;
    let rows = stmt.query_map([story_id], |r| {
        Ok(SnapshotText {
            id: r.get(0)?,
            published_at: r.get(1)?,
            outlet: r.get(2)?,
            text: r.get(3)?,
            sha256: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The event whose source in `snapshot_id` is the sentence holding bytes `[start, end)`.
pub fn event_at(
    conn: &Connection,
    snapshot_id: i64,
    start: usize,
    end: usize,
) -> Result<Option<i64>> {
    let (start, end) = (start as i64, end as i64);
    Ok(conn
        .query_row(
            "SELECT event_id FROM event_source
              WHERE snapshot_id = ?1 AND start <= ?2 AND end >= ?3 ORDER BY ord LIMIT 1",
            [snapshot_id, start, end],
            |r| r.get(0),
        )
        .optional()?)
}
