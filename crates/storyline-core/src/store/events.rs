//! Events in the database: every statement on the event tables. The schema step, the
//! incremental recompute run inside the transaction that adds (or removes) a snapshot (with
//! `events::merge`'s one loop, `assign`, and one fold, `fold_in`, the ones `Merger` runs in
//! memory), the catch-up of snapshots stored without events, the reads behind the timeline and
//! `changes`, and the per-story "seen" mark.
//!
//! Invariants:
//! - Every event has at least one source; its `date`, `status`, `text`, `first_seen_snapshot`
//!   and history rows are what [`derive`](crate::events::merge::derive) makes of its sources, read in publication order.
//! - A snapshot's mentions are extracted once, when it is added; `event_snapshot` records that
//!   it was. Adding a snapshot reads only the events of its story whose dates are compatible
//!   with its mentions and that share a content word with them, and writes only those it joins.
//! - An event row keeps the state of the fold over its sources (`figures`, `last_source`), so
//!   a source published after all the others is folded in without reading them again.

use chrono::{DateTime, FixedOffset};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use std::collections::{BTreeMap, BTreeSet, HashSet};

use crate::error::{Error, Result};
use crate::events::date::{DateBasis, EventDate};
use crate::events::merge::{
    self, Candidate, Candidates, Change, Fold, HistoryEntry, Source, LINK_DAYS,
};
use crate::events::status::{MentionStatus, Status};
use crate::events::{words, Mention};
use crate::model::{ChangedEvent, EventChange, EventSource, TimelineEvent};

/// The schema step that adds events (appended to the store's migration list).
pub const MIGRATION_3_SQL: &str = r#"
    -- A dated happening of a story, merged from one or more mentions (event_source).
    -- Everything but id and story_id is derived from the sources.
    CREATE TABLE event (
        id                    INTEGER PRIMARY KEY AUTOINCREMENT,
        story_id              INTEGER NOT NULL REFERENCES story(id) ON DELETE CASCADE,
        date                  TEXT NOT NULL,  -- TIMEX3 value at its precision: 2019, 2026-03-09
        granularity           TEXT NOT NULL,  -- decade, year, half, quarter, season, month, week, day, time
        date_start            TEXT NOT NULL,  -- first instant covered, YYYY-MM-DDTHH:MM
        date_end              TEXT NOT NULL,  -- first instant after
        sort_key              TEXT NOT NULL,  -- timeline order: vaguer dates before the days inside
        status                TEXT NOT NULL,  -- happened, expected, expected_then_happened, cancelled, postponed
        text                  TEXT NOT NULL,
        first_seen_snapshot   INTEGER NOT NULL,
        last_changed_snapshot INTEGER NOT NULL,
        keys                  TEXT NOT NULL,  -- every content key of its sources, space-separated
        figures               TEXT NOT NULL,  -- JSON: latest figure per counted word (fold state)
        last_source           TEXT NOT NULL   -- order key of its latest source (fold state)
    );
    CREATE INDEX event_story_order ON event(story_id, sort_key);
    CREATE INDEX event_story_span ON event(story_id, date_start, date_end);
    -- One dated clause of one snapshot, attached to the event it tells. Clustered by event
    -- (WITHOUT ROWID) so that an event's sources, and a story's, are read in one range scan.
    CREATE TABLE event_source (
        event_id      INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,
        order_key     TEXT NOT NULL,          -- publication order: UTC time|snapshot|ord
        snapshot_id   INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
        ord           INTEGER NOT NULL,       -- the mention's index within its snapshot
        story_id      INTEGER NOT NULL,       -- the event's
        date          TEXT NOT NULL,
        status        TEXT NOT NULL,          -- happened, expected, cancelled, postponed
        text          TEXT NOT NULL,          -- the clause as a timeline entry
        sentence      TEXT NOT NULL,
        start         INTEGER NOT NULL,       -- byte range of the sentence in the snapshot text
        end           INTEGER NOT NULL,
        keys          TEXT NOT NULL,          -- content keys of `text`, space-separated
        published_at  TEXT NOT NULL,          -- the snapshot's
        PRIMARY KEY (event_id, order_key)
    ) WITHOUT ROWID;
    CREATE UNIQUE INDEX event_source_snapshot ON event_source(snapshot_id, ord);
    -- What each snapshot changed about an event, in publication order.
    CREATE TABLE event_history (
        event_id      INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,
        seq           INTEGER NOT NULL,
        snapshot_id   INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
        published_at  TEXT NOT NULL,
        change        TEXT NOT NULL,          -- reported, announced, confirmed, redated, postponed, cancelled, contradicted
        status        TEXT NOT NULL,
        date          TEXT NOT NULL,
        detail        TEXT,
        PRIMARY KEY (event_id, seq)
    );
    CREATE INDEX event_history_snapshot ON event_history(snapshot_id);
    -- Snapshots whose mentions have been extracted (snapshots added before this step have not;
    -- `Storyline::open` catches them up).
    CREATE TABLE event_snapshot (
        snapshot_id  INTEGER PRIMARY KEY REFERENCES snapshot(id) ON DELETE CASCADE,
        mentions     INTEGER NOT NULL
    );
"#;

/// A stored event loaded for merging.
struct Loaded {
    id: i64,
    /// The content keys of all its sources.
    keys: BTreeSet<String>,
    /// The order key of its latest source.
    last_source: String,
}

fn fmt_instant(dt: chrono::NaiveDateTime) -> String {
    dt.format("%Y-%m-%dT%H:%M").to_string()
}

fn join_keys<'a>(keys: impl IntoIterator<Item = &'a String>) -> String {
    keys.into_iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" ")
}

fn split_keys(keys: &str) -> BTreeSet<String> {
    keys.split(' ')
        .filter(|k| !k.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Merges `mentions` of snapshot `snapshot_id` (published at `published`) into the stored
/// events of `story_id`, with the loop and fold [`Merger`](crate::events::Merger) runs in memory
/// ([`merge::assign`], [`merge::fold_in`]).
pub fn merge_mentions(
    tx: &Transaction<'_>,
    story_id: i64,
    snapshot_id: i64,
    published: DateTime<FixedOffset>,
    mentions: Vec<Mention>,
) -> Result<()> {
    let n = mentions.len();
    // Keys are read with the article: a reference ("the firm") takes the actor named before it.
    let keys = words::article_keys(mentions.iter().map(|m| (&*m.text, &*m.sentence)));
    let (loaded, mut index) = load_candidates(tx, story_id, &mentions, &keys)?;
    for (i, new) in merge::assign_keyed(&mut index, snapshot_id, published, mentions, keys) {
        let stored = loaded.get(i);
        let mut keys = stored.map(|l| l.keys.clone()).unwrap_or_default();
        for s in &new {
            keys.extend(s.keys.iter().cloned());
        }
        // The history as stored, to skip rewriting it when the new sources change nothing.
        let mut old_history = None;
        let (fold, latest) = match stored {
            None => merge::fold_in(None, &new, unreachable_fold, || Ok(Vec::new()))?,
            Some(l) => merge::fold_in(
                Some(&l.last_source),
                &new,
                || {
                    let fold = load_fold(tx, l.id)?;
                    old_history = Some(fold.history.clone());
                    Ok(fold)
                },
                || load_sources(tx, l.id),
            )?,
        };
        let history_unchanged = old_history.as_ref() == Some(&fold.history);
        let id = write_event(
            tx,
            story_id,
            stored.map(|l| l.id),
            &fold,
            &keys,
            &latest,
            history_unchanged,
        )?;
        for s in &new {
            insert_source(tx, story_id, id, s)?;
        }
    }
    tx.execute(
        "INSERT OR REPLACE INTO event_snapshot (snapshot_id, mentions) VALUES (?1, ?2)",
        params![snapshot_id, n as i64],
    )?;
    Ok(())
}

/// `fold_in` reads no stored fold for a new event.
fn unreachable_fold() -> Result<Fold> {
    Err(Error::Internal("a new event has no stored fold".into()))
}

fn insert_source(tx: &Transaction<'_>, story_id: i64, event_id: i64, s: &Source) -> Result<()> {
    let m = &s.mention;
    tx.prepare_cached(
        "INSERT INTO event_source (snapshot_id, ord, event_id, story_id, date, status, text, \
         sentence, start, end, keys, published_at, order_key, date_basis) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
        s.snapshot_id,
        s.ord as i64,
        event_id,
        story_id,
        m.date.full_value(),
        m.status.as_str(),
        m.text,
        &*m.sentence,
        m.start as i64,
        m.end as i64,
        join_keys(&s.keys),
        s.published_at.to_rfc3339(),
        s.order_string(),
        m.date_basis.as_str()
    ])?;
    Ok(())
}

/// The events of the story that a mention could join: a compatible date and at least one
/// content key in common with one of its sources (the event row keeps the union of its
/// sources' keys, so this skips no event that matching would pick). Mentions of one date ask
/// once, with all their keys.
fn load_candidates(
    conn: &Connection,
    story_id: i64,
    mentions: &[Mention],
    keys: &[BTreeSet<String>],
) -> Result<(Vec<Loaded>, Candidates)> {
    let mut by_span: BTreeMap<(String, String), HashSet<String>> = BTreeMap::new();
    for (m, k) in mentions.iter().zip(keys) {
        // A mention placed by its publication day can link to a happening up to LINK_DAYS
        // before it, or (a plan) after it: its span for finding candidates is that window.
        let (start, end) = if m.date_basis == DateBasis::Publication {
            let d = chrono::Duration::days(LINK_DAYS);
            (m.date.start() - d, m.date.end() + d)
        } else {
            (m.date.start(), m.date.end())
        };
        by_span
            .entry((fmt_instant(start), fmt_instant(end)))
            .or_default()
            .extend(k.iter().cloned());
    }
    // A plan announced up to LINK_DAYS before a mention may be the happening it reports.
    let all_keys: HashSet<&String> = keys.iter().flatten().collect();
    let plan_window = mentions
        .iter()
        .map(|m| m.date.start())
        .min()
        .zip(mentions.iter().map(|m| m.date.end()).max())
        .map(|(s, e)| {
            (
                fmt_instant(s - chrono::Duration::days(LINK_DAYS)),
                fmt_instant(e),
            )
        });
    let mut picked: Vec<i64> = Vec::new();
    if !by_span.is_empty() {
        // One pass over the story's events (the spans of one snapshot are many; asking once
        // per span would read the story's events that many times).
        let mut stmt = conn.prepare_cached(
            "SELECT id, date_start, date_end, keys, status FROM event WHERE story_id = ?1 ORDER BY id",
        )?;
        let mut rows = stmt.query([story_id])?;
        while let Some(r) = rows.next()? {
            let (start, end): (String, String) = (r.get(1)?, r.get(2)?);
            let mut spans = by_span
                .iter()
                .filter(|((s, e), _)| (start <= *s && end >= *e) || (start >= *s && end <= *e));
            let keys: String = r.get(3)?;
            let status: String = r.get(4)?;
            let plan = status == Status::Expected.as_str()
                && plan_window
                    .as_ref()
                    .is_some_and(|(s, e)| start >= *s && start <= *e)
                && keys.split(' ').any(|k| all_keys.contains(&k.to_string()));
            if plan || spans.any(|(_, mk)| keys.split(' ').any(|k| mk.contains(k))) {
                picked.push(r.get(0)?);
            }
        }
    }
    let mut events = Vec::with_capacity(picked.len());
    let mut index = Candidates::new();
    for id in picked {
        let (loaded, candidate) = load_for_matching(conn, id)?;
        events.push(loaded);
        index.push(candidate);
    }
    Ok((events, index))
}

/// Sources read per end of an event's source list when loading it for matching.
const MATCH_ROWS: i64 = 64;

/// An event with one source per distinct telling (up to [`MAX_TELLINGS`]), taken from its
/// first and its latest [`MATCH_ROWS`] sources: an event told ten thousand times costs no more
/// to match than one told five hundred times.
fn load_for_matching(conn: &Connection, id: i64) -> Result<(Loaded, Candidate)> {
    let (date, last, keys): (String, String, String) = conn
        .prepare_cached("SELECT date, last_source, keys FROM event WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    let mut candidate = Candidate::new(parse_date(&date));
    // The first sources in publication order, then (for a long list) the latest ones, read
    // in index order; a row whose telling is known already is skipped before it is parsed.
    let mut read = 0;
    for order in ["ASC", "DESC"] {
        if order == "DESC" && read < MATCH_ROWS {
            break;
        }
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT date, status, text, keys, snapshot_id, start, date_basis, \
             published_at FROM event_source \
             WHERE event_id = ?1 ORDER BY order_key {order} LIMIT ?2"
        ))?;
        let mut rows = stmt.query(params![id, MATCH_ROWS])?;
        while let Some(r) = rows.next()? {
            read += 1;
            let snapshot_id: i64 = r.get(4)?;
            let start = r.get::<_, i64>(5)? as usize;
            candidate.add_sentence(snapshot_id, start);
            let (date, text): (String, String) = (r.get(0)?, r.get(2)?);
            if !candidate.wants(&text, &date) {
                continue;
            }
            let (status, keys): (String, String) = (r.get(1)?, r.get(3)?);
            let basis: String = r.get(6)?;
            // Matching reads the publication day to tell a date the text gave from one the
            // publication placed.
            let published: String = r.get(7)?;
            candidate.add(&Source {
                snapshot_id,
                published_at: stored_time(&published, 7)?,
                ord: 0,
                mention: Mention {
                    date_basis: parse_basis(&basis),
                    date: parse_date(&date),
                    status: MentionStatus::parse(&status).unwrap_or(MentionStatus::Happened),
                    sentence: "".into(),
                    text,
                    start,
                    end: start,
                },
                keys: split_keys(&keys),
            });
        }
    }
    let loaded = Loaded {
        id,
        keys: split_keys(&keys),
        last_source: last,
    };
    Ok((loaded, candidate))
}

/// The fold state kept in an event's row and history.
fn load_fold(conn: &Connection, id: i64) -> Result<Fold> {
    type Row = (String, String, String, i64, String, String);
    let (date, status, text, first_seen, figures, basis): Row = conn
        .prepare_cached(
            "SELECT date, status, text, first_seen_snapshot, figures, date_basis FROM event \
             WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })?;
    Ok(Fold {
        date: parse_date(&date),
        date_basis: parse_basis(&basis),
        status: Status::parse(&status),
        figures: serde_json::from_str::<BTreeMap<String, (String, String)>>(&figures)
            .unwrap_or_default(),
        history: load_history(conn, id)?,
        first_seen_snapshot: first_seen,
        text,
    })
}

fn load_history(conn: &Connection, event_id: i64) -> Result<Vec<HistoryEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT snapshot_id, published_at, change, status, date, detail FROM event_history \
         WHERE event_id = ?1 ORDER BY seq",
    )?;
    let rows = stmt.query_map([event_id], |r| {
        let published: String = r.get(1)?;
        let change: String = r.get(2)?;
        let status: String = r.get(3)?;
        Ok(HistoryEntry {
            snapshot_id: r.get(0)?,
            published_at: stored_time(&published, 1)?,
            change: Change::parse(&change).unwrap_or(Change::Reported),
            status: Status::parse(&status).unwrap_or(Status::Happened),
            date: r.get(4)?,
            detail: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// All sources of one event, oldest publication first.
pub fn load_sources(conn: &Connection, event_id: i64) -> Result<Vec<Source>> {
    let mut stmt = conn.prepare_cached(
        "SELECT snapshot_id, ord, date, status, text, sentence, start, end, published_at, keys, \
         date_basis FROM event_source WHERE event_id = ?1 ORDER BY order_key",
    )?;
    let rows = stmt.query_map([event_id], |r| {
        let date: String = r.get(2)?;
        let status: String = r.get(3)?;
        let published: String = r.get(8)?;
        let keys: String = r.get(9)?;
        let basis: String = r.get(10)?;
        Ok(Source {
            snapshot_id: r.get(0)?,
            ord: r.get::<_, i64>(1)? as usize,
            published_at: stored_time(&published, 8)?,
            mention: Mention {
                date_basis: parse_basis(&basis),
                date: parse_date(&date),
                status: MentionStatus::parse(&status).unwrap_or(MentionStatus::Happened),
                text: r.get(4)?,
                sentence: r.get::<_, String>(5)?.into(),
                start: r.get::<_, i64>(6)? as usize,
                end: r.get::<_, i64>(7)? as usize,
            },
            keys: split_keys(&keys),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Values are stored normalised, so they parse back; fall back to the year 1000 rather than
/// fail a read on a hand-edited row.
fn parse_date(value: &str) -> EventDate {
    EventDate::parse(value).unwrap_or_else(|| EventDate::parse("1000").expect("valid constant"))
}

/// Inserts or updates an event row from a fold over its sources and rewrites its history
/// (unless `history_unchanged`). Returns its id.
fn write_event(
    tx: &Transaction<'_>,
    story_id: i64,
    id: Option<i64>,
    fold: &Fold,
    keys: &BTreeSet<String>,
    last_source: &str,
    history_unchanged: bool,
) -> Result<i64> {
    let d = fold.derived();
    let last_changed = d
        .history
        .last()
        .map_or(d.first_seen_snapshot, |h| h.snapshot_id);
    // With its part of day ("2025-12-01TMO"), which reads back through `EventDate::parse`.
    let (date, gran) = (d.date.full_value(), d.date.granularity().as_str());
    let (start, end) = (fmt_instant(d.date.start()), fmt_instant(d.date.end()));
    let (key, status) = (d.date.sort_key(), d.status.as_str());
    let figures = serde_json::to_string(&fold.figures).unwrap_or_else(|_| "{}".into());
    let keys = join_keys(keys);
    // Both statements bind the same ?2..?13; ?1 is the event's id (update) or its story (insert).
    let (sql, first) = match id {
        Some(id) => (
            "UPDATE event SET date = ?2, granularity = ?3, date_start = ?4, date_end = ?5, \
             sort_key = ?6, status = ?7, text = ?8, first_seen_snapshot = ?9, \
             last_changed_snapshot = ?10, keys = ?11, figures = ?12, last_source = ?13, \
             date_basis = ?14 WHERE id = ?1",
            id,
        ),
        None => (
            "INSERT INTO event (story_id, date, granularity, date_start, date_end, sort_key, \
             status, text, first_seen_snapshot, last_changed_snapshot, keys, figures, \
             last_source, date_basis) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            story_id,
        ),
    };
    tx.prepare_cached(sql)?.execute(params![
        first,
        date,
        gran,
        start,
        end,
        key,
        status,
        d.text,
        d.first_seen_snapshot,
        last_changed,
        keys,
        figures,
        last_source,
        d.date_basis.as_str()
    ])?;
    let id = match id {
        Some(id) => {
            if history_unchanged {
                return Ok(id);
            }
            tx.prepare_cached("DELETE FROM event_history WHERE event_id = ?1")?
                .execute([id])?;
            id
        }
        None => tx.last_insert_rowid(),
    };
    let mut stmt = tx.prepare_cached(
        "INSERT INTO event_history (event_id, seq, snapshot_id, published_at, change, status, \
         date, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for (seq, h) in d.history.iter().enumerate() {
        stmt.execute(params![
            id,
            seq as i64,
            h.snapshot_id,
            h.published_at.to_rfc3339(),
            h.change.as_str(),
            h.status.as_str(),
            h.date,
            h.detail
        ])?;
    }
    Ok(id)
}

/// After a snapshot of the story was deleted (its sources and history rows went with it by
/// cascade): events left without sources go, the others are derived again.
pub fn on_snapshot_removed(tx: &Transaction<'_>, story_id: i64) -> Result<()> {
    tx.execute(
        "DELETE FROM event WHERE story_id = ?1 AND NOT EXISTS \
         (SELECT 1 FROM event_source s WHERE s.event_id = event.id)",
        [story_id],
    )?;
    let ids: Vec<i64> = tx
        .prepare("SELECT id FROM event WHERE story_id = ?1")?
        .query_map([story_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in ids {
        let sources = load_sources(tx, id)?;
        let fold = merge::fold_sources(&sources);
        let keys: BTreeSet<String> = sources
            .iter()
            .flat_map(|s| s.keys.iter().cloned())
            .collect();
        let last = sources
            .iter()
            .map(Source::order_string)
            .max()
            .unwrap_or_default();
        write_event(tx, story_id, Some(id), &fold, &keys, &last, false)?;
    }
    Ok(())
}

/// Snapshots whose events were never extracted (added before the events schema step), with
/// their story, oldest id first; of one story or of all.
pub fn pending_snapshots(conn: &Connection, story_id: Option<i64>) -> Result<Vec<(i64, i64)>> {
    let mut stmt = conn.prepare(
        "SELECT sn.id, a.story_id FROM snapshot sn JOIN article a ON a.id = sn.article_id \
         WHERE (?1 IS NULL OR a.story_id = ?1) \
         AND NOT EXISTS (SELECT 1 FROM event_snapshot e WHERE e.snapshot_id = sn.id) \
         ORDER BY sn.id",
    )?;
    let rows = stmt.query_map([story_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Which story a snapshot is in, if it exists.
pub fn snapshot_story(conn: &Connection, snapshot_id: i64) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT a.story_id FROM snapshot sn JOIN article a ON a.id = sn.article_id \
             WHERE sn.id = ?1",
            [snapshot_id],
            |r| r.get(0),
        )
        .optional()?)
}

/// A stored publication time (RFC 3339, or a date alone), read from column `col`. The store
/// writes only these; anything else is a damaged row and fails the read with a clear error.
fn stored_time(s: &str, col: usize) -> rusqlite::Result<DateTime<FixedOffset>> {
    crate::ingest::parse_stored_published(s).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            col,
            rusqlite::types::Type::Text,
            format!("stored publication time {s:?} is not RFC 3339").into(),
        )
    })
}

/// A stored `date_basis`; rows from before schema step 5 read `text` (its default).
fn parse_basis(s: &str) -> DateBasis {
    match s {
        "publication" => DateBasis::Publication,
        _ => DateBasis::Text,
    }
}

/// A stored enum (status, granularity, change, date basis) in the column `col`, read by its
/// serde name, so the records and the store spell them one way.
fn enum_col<T: serde::de::DeserializeOwned>(
    r: &rusqlite::Row<'_>,
    col: usize,
) -> rusqlite::Result<T> {
    let s: String = r.get(col)?;
    serde_json::from_value(serde_json::Value::String(s.clone())).map_err(|_| {
        rusqlite::Error::FromSqlConversionFailure(
            col,
            rusqlite::types::Type::Text,
            format!("unknown stored value {s:?}").into(),
        )
    })
}

/// Which events of a story [`timeline_events`] returns. Dates are instants as the store keeps
/// them (`YYYY-MM-DDTHH:MM`).
#[derive(Debug, Default)]
pub struct EventQuery {
    pub status: Option<Status>,
    /// Events that end after this instant.
    pub ends_after: Option<String>,
    /// Events that start before this instant.
    pub starts_before: Option<String>,
    /// Events with a history step from a snapshot with a higher id than this one: the one
    /// definition of "new since" (ids only grow, and a deleted id is never reused).
    pub changed_after: Option<i64>,
}

/// A story's events in timeline order, with their sources and history.
pub fn timeline_events(
    conn: &Connection,
    story_id: i64,
    q: &EventQuery,
    seen: Option<i64>,
) -> Result<Vec<TimelineEvent>> {
    let mut sql = String::from(
        "SELECT id, date, granularity, status, text, first_seen_snapshot, \
         substr(date_start, 1, 10), date(date_end, '-1 minute'), date_basis, \
         ?6 IS NOT NULL AND EXISTS (SELECT 1 FROM event_history h WHERE h.event_id = event.id \
         AND h.snapshot_id > ?6) FROM event \
         WHERE story_id = ?1 AND (?2 IS NULL OR status = ?2) \
         AND (?3 IS NULL OR date_end > ?3) AND (?4 IS NULL OR date_start < ?4)",
    );
    if q.changed_after.is_some() {
        sql.push_str(
            " AND EXISTS (SELECT 1 FROM event_history h WHERE h.event_id = event.id \
             AND h.snapshot_id > ?5)",
        );
    } else {
        sql.push_str(" AND ?5 IS NULL");
    }
    sql.push_str(" ORDER BY sort_key, id");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(
        params![
            story_id,
            q.status.map(Status::as_str),
            q.ends_after,
            q.starts_before,
            q.changed_after,
            seen
        ],
        |r| {
            Ok(TimelineEvent {
                id: r.get(0)?,
                date: r.get(1)?,
                granularity: enum_col(r, 2)?,
                status: enum_col(r, 3)?,
                text: r.get(4)?,
                first_seen_snapshot: r.get(5)?,
                start: r.get(6)?,
                end: r.get(7)?,
                date_basis: enum_col(r, 8)?,
                new: r.get(9)?,
                // Ranked by the API over the whole timeline.
                key: 0.0,
                sources: Vec::new(),
                history: Vec::new(),
            })
        },
    )?;
    let mut events = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    fill_details(conn, story_id, &mut events)?;
    Ok(events)
}

/// Loads sources and history for `events` (all of one story) in two queries.
fn fill_details(conn: &Connection, story_id: i64, events: &mut [TimelineEvent]) -> Result<()> {
    use std::collections::HashMap;
    let index: HashMap<i64, usize> = events.iter().enumerate().map(|(i, e)| (e.id, i)).collect();
    let mut stmt = conn.prepare_cached(
        // No ORDER BY: a sort over every source costs more than sorting each event's few.
        "SELECT s.event_id, s.snapshot_id, s.sentence, s.start, s.end, s.published_at, \
         s.order_key, s.date_basis FROM event e JOIN event_source s ON s.event_id = e.id \
         WHERE e.story_id = ?1",
    )?;
    let rows = stmt.query_map([story_id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(6)?,
            EventSource {
                snapshot_id: r.get(1)?,
                sentence: r.get(2)?,
                start: r.get::<_, i64>(3)? as usize,
                end: r.get::<_, i64>(4)? as usize,
                published_at: r.get(5)?,
                date_basis: enum_col(r, 7)?,
            },
        ))
    })?;
    let mut keyed: Vec<Vec<(String, EventSource)>> = vec![Vec::new(); events.len()];
    for row in rows {
        let (event_id, order_key, src) = row?;
        if let Some(&i) = index.get(&event_id) {
            if let Some(k) = keyed.get_mut(i) {
                k.push((order_key, src));
            }
        }
    }
    for (event, mut sources) in events.iter_mut().zip(keyed) {
        sources.sort_by(|a, b| a.0.cmp(&b.0));
        // One sentence told twice in a snapshot (two clauses) is one source.
        sources.dedup_by(|b, a| a.1.snapshot_id == b.1.snapshot_id && a.1.start == b.1.start);
        event.sources = sources.into_iter().map(|(_, s)| s).collect();
    }
    let mut stmt = conn.prepare_cached(
        "SELECT h.event_id, h.snapshot_id, h.published_at, h.change, h.status, h.date, h.detail \
         FROM event_history h JOIN event e ON e.id = h.event_id WHERE e.story_id = ?1 \
         ORDER BY h.event_id, h.seq",
    )?;
    let rows = stmt.query_map([story_id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            EventChange {
                snapshot_id: r.get(1)?,
                published_at: r.get(2)?,
                change: enum_col(r, 3)?,
                status: enum_col(r, 4)?,
                date: r.get(5)?,
                detail: r.get(6)?,
            },
        ))
    })?;
    for row in rows {
        let (event_id, change) = row?;
        if let Some(e) = index.get(&event_id).and_then(|&i| events.get_mut(i)) {
            e.history.push(change);
        }
    }
    Ok(())
}

/// The events snapshot `snapshot_id` changed, each with the change it made and the event's
/// first snapshot, in timeline order (an event changed twice comes twice).
pub fn changed_by(conn: &Connection, snapshot_id: i64) -> Result<Vec<(ChangedEvent, i64)>> {
    let mut stmt = conn.prepare(
        "SELECT e.id, e.date, e.granularity, e.status, e.text, e.first_seen_snapshot, \
         h.change, h.detail FROM event_history h JOIN event e ON e.id = h.event_id \
         WHERE h.snapshot_id = ?1 ORDER BY e.sort_key, e.id, h.seq",
    )?;
    let rows = stmt.query_map([snapshot_id], |r| {
        Ok((
            ChangedEvent {
                id: r.get(0)?,
                date: r.get(1)?,
                granularity: enum_col(r, 2)?,
                status: enum_col(r, 3)?,
                text: r.get(4)?,
                change: enum_col(r, 6)?,
                detail: r.get(7)?,
            },
            r.get::<_, i64>(5)?,
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The latest snapshot the user has looked at in a story, if any.
pub fn seen(conn: &Connection, story_id: i64) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT snapshot_id FROM story_seen WHERE story_id = ?1")?
        .query_row([story_id], |r| r.get(0))
        .optional()?)
}

/// Records that the user has looked at the story up to `snapshot_id`.
pub fn set_seen(tx: &Transaction<'_>, story_id: i64, snapshot_id: i64) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO story_seen (story_id, snapshot_id) VALUES (?1, ?2) \
         ON CONFLICT(story_id) DO UPDATE SET snapshot_id = excluded.snapshot_id",
    )?
    .execute(params![story_id, snapshot_id])?;
    Ok(())
}

/// Snapshots added before the events step (or by a build that failed to extract them) are
/// extracted and merged now, oldest first, in one transaction. Returns how many there were.
/// Called by `Storyline::open`, so no front end has to.
pub fn catch_up(tx: &Transaction<'_>) -> Result<usize> {
    let pending = pending_snapshots(tx, None)?;
    for (snapshot_id, story_id) in &pending {
        let (text, published): (String, String) = tx.query_row(
            "SELECT text, published_at FROM snapshot WHERE id = ?1",
            [snapshot_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let published = stored_time(&published, 1)?;
        let mentions = crate::events::mentions(&text, published);
        merge_mentions(tx, *story_id, *snapshot_id, published, mentions)?;
    }
    Ok(pending.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{AddSnapshot, Storyline, TimelineFilter};
    use crate::events::derive;

    fn now() -> chrono::DateTime<chrono::Utc> {
        DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
            .unwrap()
            .to_utc()
    }

    fn add(sl: &mut Storyline, url: &str, published: &str, text: &str) -> i64 {
        let mut req = AddSnapshot::new("Bridge", text.as_bytes().to_vec());
        req.url = Some(url.into());
        req.published = Some(published.into());
        sl.add_snapshot(req, now()).unwrap().snapshot_id
    }

    fn statuses(sl: &Storyline) -> Vec<(String, String, usize)> {
        sl.timeline("Bridge", &TimelineFilter::default())
            .unwrap()
            .events
            .into_iter()
            .map(|e| (e.date, e.status.as_str().to_string(), e.sources.len()))
            .collect()
    }

    const A: &str = "The mayor will hold a news conference about the bridge on Wednesday.";
    const B: &str = "At a news conference on Wednesday, the mayor said the bridge would reopen.";

    #[test]
    fn stored_events_do_not_depend_on_the_order_snapshots_arrive_in() {
        let mut in_order = Storyline::open_in_memory().unwrap();
        add(
            &mut in_order,
            "https://a.example/1",
            "2025-12-01T08:00:00Z",
            A,
        );
        add(
            &mut in_order,
            "https://b.example/1",
            "2025-12-03T18:00:00Z",
            B,
        );
        let mut reversed = Storyline::open_in_memory().unwrap();
        add(
            &mut reversed,
            "https://b.example/1",
            "2025-12-03T18:00:00Z",
            B,
        );
        add(
            &mut reversed,
            "https://a.example/1",
            "2025-12-01T08:00:00Z",
            A,
        );
        let want = vec![(
            "2025-12-03".to_string(),
            "expected_then_happened".to_string(),
            2,
        )];
        assert_eq!(statuses(&in_order), want);
        assert_eq!(statuses(&reversed), want);
        // Every stored event equals what `derive` makes of its stored sources.
        for sl in [&in_order, &reversed] {
            let conn = sl.store().conn();
            let ids: Vec<i64> = conn
                .prepare("SELECT id FROM event")
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .map(|r| r.unwrap())
                .collect();
            for id in ids {
                let d = derive(&load_sources(conn, id).unwrap());
                let (date, status, text): (String, String, String) = conn
                    .query_row(
                        "SELECT date, status, text FROM event WHERE id = ?1",
                        [id],
                        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                    )
                    .unwrap();
                assert_eq!(
                    (date.as_str(), status.as_str(), text.as_str()),
                    (d.date.value(), d.status.as_str(), d.text.as_str())
                );
                assert_eq!(load_history(conn, id).unwrap(), d.history);
            }
        }
    }

    #[test]
    fn removing_a_snapshot_rederives_and_drops_orphans() {
        let mut sl = Storyline::open_in_memory().unwrap();
        add(&mut sl, "https://a.example/1", "2025-12-01T08:00:00Z", A);
        let b = add(&mut sl, "https://b.example/1", "2025-12-03T18:00:00Z", B);
        let c = add(
            &mut sl,
            "https://c.example/1",
            "2025-12-04T08:00:00Z",
            "The bridge opened in 1968.",
        );
        sl.delete_snapshot(b).unwrap();
        sl.delete_snapshot(c).unwrap();
        assert_eq!(
            statuses(&sl),
            [("2025-12-03".to_string(), "expected".to_string(), 1)]
        );
    }

    #[test]
    fn open_catches_up_snapshots_stored_before_the_events_step() {
        use crate::store::migrations::{current_version, latest_version, migrate_to};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v2.db");
        {
            let mut conn = Connection::open(&path).unwrap();
            migrate_to(&mut conn, 2).unwrap();
            conn.execute_batch(
                "INSERT INTO story(title, created_at) VALUES ('Bridge', '2025-12-01T00:00:00Z');
                 INSERT INTO article(story_id, url, created_at) VALUES (1, NULL, 'c');
                 INSERT INTO snapshot(article_id, version, title, published_at, published_utc,
                     published_assumed, captured_at, text, sha256, word_count)
                     VALUES (1, 1, 'T', '2025-12-02T09:00:00+02:00', '2025-12-02T07:00:00Z', 0,
                     'c', 'On Monday, a missile strike on Dnipro killed four people.', 'h', 10);",
            )
            .unwrap();
        }
        let sl = Storyline::open(&path).unwrap();
        assert_eq!(
            current_version(sl.store().conn()).unwrap(),
            latest_version()
        );
        assert_eq!(
            statuses(&sl),
            [("2025-12-01".to_string(), "happened".to_string(), 1)]
        );
        assert!(pending_snapshots(sl.store().conn(), None)
            .unwrap()
            .is_empty());
        drop(sl);
        // Opening again finds nothing to do and changes nothing.
        let sl = Storyline::open(&path).unwrap();
        assert_eq!(statuses(&sl).len(), 1);
    }

    #[test]
    fn a_damaged_stored_time_is_an_error_not_1970() {
        let mut sl = Storyline::open_in_memory().unwrap();
        add(&mut sl, "https://a.example/1", "2025-12-01T08:00:00Z", A);
        sl.store()
            .conn()
            .execute_batch("UPDATE event_source SET published_at = 'yesterday'")
            .unwrap();
        // A snapshot published before the stored one makes the store read every source again.
        let mut req = AddSnapshot::new("Bridge", A.as_bytes().to_vec());
        req.url = Some("https://b.example/1".into());
        req.published = Some("2025-11-30T18:00:00Z".into());
        let err = sl.add_snapshot(req, now()).unwrap_err();
        assert!(err.to_string().contains("yesterday"), "{err}");
        assert_eq!(sl.row_counts().unwrap().2, 1, "nothing partial is stored");
    }

    #[test]
    fn the_seen_mark_is_stored_and_new_means_changed_after_it() {
        use crate::api::dispatch::dispatch;
        use serde_json::json;
        let mut sl = Storyline::open_in_memory().unwrap();
        let a = add(&mut sl, "https://a.example/1", "2025-12-01T08:00:00Z", A);
        assert_eq!(
            sl.timeline("Bridge", &TimelineFilter::default())
                .unwrap()
                .seen_snapshot,
            None
        );
        sl.mark_seen("Bridge", a).unwrap();
        let b = add(&mut sl, "https://b.example/1", "2025-12-03T18:00:00Z", B);
        let t = sl.timeline("Bridge", &TimelineFilter::default()).unwrap();
        assert_eq!(t.seen_snapshot, Some(a));
        // Snapshot b confirmed the announced event: it changed after the mark.
        assert!(t.events.iter().all(|e| e.new), "{:?}", t.events);
        let new = TimelineFilter {
            new: true,
            ..Default::default()
        };
        assert_eq!(sl.timeline("Bridge", &new).unwrap().events.len(), 1);
        // The same through `dispatch` (serve and the app).
        let now = now();
        let v = dispatch(
            &mut sl,
            "timeline",
            json!({"story": "Bridge", "new": true}),
            now,
        )
        .unwrap();
        assert_eq!(v["events"].as_array().unwrap().len(), 1);
        let v = dispatch(
            &mut sl,
            "mark_seen",
            json!({"story": "Bridge", "snapshot_id": b}),
            now,
        )
        .unwrap();
        assert_eq!(v["snapshot_id"], b);
        assert!(sl.timeline("Bridge", &new).unwrap().events.is_empty());
        // A snapshot of another story is refused, and the mark stays.
        let mut req = AddSnapshot::new("Other", "The ferry ran on Monday.".as_bytes().to_vec());
        req.published = Some("2025-12-02T08:00:00Z".into());
        let other = sl.add_snapshot(req, now).unwrap().snapshot_id;
        let err = dispatch(
            &mut sl,
            "mark_seen",
            json!({"story": "Bridge", "snapshot_id": other}),
            now,
        )
        .unwrap_err();
        assert_eq!(err.kind(), "snapshot_not_found");
        assert_eq!(
            sl.timeline("Bridge", &TimelineFilter::default())
                .unwrap()
                .seen_snapshot,
            Some(b)
        );
    }

    #[test]
    fn the_date_basis_is_stored_and_read_back() {
        let mut sl = Storyline::open_in_memory().unwrap();
        add(&mut sl, "https://a.example/1", "2025-12-01T08:00:00Z", A);
        // A snapshot without a date in its text; its one mention is dated by its publication.
        add(
            &mut sl,
            "https://c.example/1",
            "2025-12-01T09:00:00Z",
            "The council met about the bridge.",
        );
        // The add itself places the reported meeting by the publication time.
        let text = "The council met about the bridge.";
        let t = sl.timeline("Bridge", &TimelineFilter::default()).unwrap();
        let e = t.events.iter().find(|e| e.text == text).unwrap();
        assert_eq!(e.date_basis, DateBasis::Publication);
        assert_eq!(e.sources[0].date_basis, DateBasis::Publication);
        assert!(t
            .events
            .iter()
            .filter(|e| e.text != text)
            .all(|e| e.date_basis == DateBasis::Text));
    }
}
