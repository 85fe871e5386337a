//! Events in the database: the schema step, the incremental recompute run inside the
//! transaction that adds (or removes) a snapshot, and the reads behind the timeline.
//!
//! Invariants:
//! - Every event has at least one source; its `date`, `status`, `text`, `first_seen_snapshot`
//!   and history rows are what [`derive`] makes of its sources (rewritten whenever a source is
//!   added or removed).
//! - A snapshot's mentions are extracted once, when it is added; `event_snapshot` records that
//!   it was. Adding a snapshot reads and writes only the events of its story whose dates are
//!   compatible with its mentions.

use chrono::{DateTime, FixedOffset};
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::date::EventDate;
use super::extract::{extract, Mention};
use super::merge::{best_event, derive, Derived, Event, Source};
use super::status::MentionStatus;
use crate::error::Result;
use crate::timex;

/// The schema step that adds events (appended to the store's migration list).
pub const MIGRATION_SQL: &str = r#"
    -- A dated happening of a story, merged from one or more mentions (event_source).
    -- Everything but id and story_id is derived from the sources.
    CREATE TABLE event (
        id                   INTEGER PRIMARY KEY AUTOINCREMENT,
        story_id             INTEGER NOT NULL REFERENCES story(id) ON DELETE CASCADE,
        date                 TEXT NOT NULL,   -- TIMEX3 value at its precision: 2019, 2026-03-09
        granularity          TEXT NOT NULL,   -- decade, year, ..., day, time
        date_start           TEXT NOT NULL,   -- first instant covered, YYYY-MM-DDTHH:MM
        date_end             TEXT NOT NULL,   -- first instant after
        sort_key             TEXT NOT NULL,   -- timeline order: vaguer dates before the days inside
        status               TEXT NOT NULL,
        text                 TEXT NOT NULL,
        first_seen_snapshot  INTEGER NOT NULL,
        last_changed_snapshot INTEGER NOT NULL
    );
    CREATE INDEX event_story_order ON event(story_id, sort_key);
    CREATE INDEX event_story_span ON event(story_id, date_start, date_end);
    -- One dated clause of one snapshot, attached to the event it tells.
    CREATE TABLE event_source (
        snapshot_id  INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
        ord          INTEGER NOT NULL,        -- the mention's index within its snapshot
        event_id     INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,
        date         TEXT NOT NULL,
        status       TEXT NOT NULL,           -- happened, expected, cancelled, postponed
        text         TEXT NOT NULL,           -- the clause as a timeline entry
        sentence     TEXT NOT NULL,
        start        INTEGER NOT NULL,        -- byte range of the sentence in the snapshot text
        end          INTEGER NOT NULL,
        PRIMARY KEY (snapshot_id, ord)
    );
    CREATE INDEX event_source_event ON event_source(event_id);
    -- What each snapshot changed about an event, in publication order.
    CREATE TABLE event_history (
        event_id     INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,
        seq          INTEGER NOT NULL,
        snapshot_id  INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
        change       TEXT NOT NULL,           -- reported, announced, confirmed, redated, ...
        status       TEXT NOT NULL,
        date         TEXT NOT NULL,
        detail       TEXT,
        PRIMARY KEY (event_id, seq)
    );
    CREATE INDEX event_history_snapshot ON event_history(snapshot_id);
    -- Snapshots whose mentions have been extracted (snapshots added before this step have not;
    -- `Storyline::refresh_events` catches them up).
    CREATE TABLE event_snapshot (
        snapshot_id  INTEGER PRIMARY KEY REFERENCES snapshot(id) ON DELETE CASCADE,
        mentions     INTEGER NOT NULL
    );
"#;

/// An event loaded for merging: its row id (None until inserted) and its sources.
struct Loaded {
    id: Option<i64>,
    event: Event,
    /// Sources added in this run, to insert.
    new_sources: Vec<usize>,
    touched: bool,
}

fn fmt_instant(dt: chrono::NaiveDateTime) -> String {
    dt.format("%Y-%m-%dT%H:%M").to_string()
}

/// Extracts a newly written snapshot's events and merges them into its story.
pub fn on_snapshot_added(tx: &Transaction<'_>, story_id: i64, snapshot_id: i64) -> Result<()> {
    let (text, published): (String, String) = tx.query_row(
        "SELECT text, published_at FROM snapshot WHERE id = ?1",
        [snapshot_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let published = parse_time(&published);
    let timexes = timex::tag(&text, published.date_naive());
    let mentions = extract(&text, published, &timexes);
    merge_mentions(tx, story_id, snapshot_id, published, mentions)
}

/// Merges `mentions` of snapshot `snapshot_id` into the stored events of `story_id`.
pub fn merge_mentions(
    tx: &Transaction<'_>,
    story_id: i64,
    snapshot_id: i64,
    published: DateTime<FixedOffset>,
    mentions: Vec<Mention>,
) -> Result<()> {
    let mut events = load_candidates(tx, story_id, &mentions)?;
    for (ord, m) in mentions.iter().enumerate() {
        let idx = best_event(
            events
                .iter()
                .map(|l| (&l.event.derived.date, l.event.sources.as_slice())),
            m,
            snapshot_id,
        );
        let src = Source {
            snapshot_id,
            published_at: published,
            ord,
            mention: m.clone(),
        };
        match idx {
            Some(i) => {
                let l = &mut events[i];
                l.event.sources.push(src);
                l.new_sources.push(l.event.sources.len() - 1);
                l.event.derived = derive(&l.event.sources);
                l.touched = true;
            }
            None => {
                let sources = vec![src];
                let derived = derive(&sources);
                events.push(Loaded {
                    id: None,
                    event: Event { sources, derived },
                    new_sources: vec![0],
                    touched: true,
                });
            }
        }
    }
    for l in events.iter_mut().filter(|l| l.touched) {
        let id = write_event(tx, story_id, l.id, &l.event.derived)?;
        l.id = Some(id);
        for &i in &l.new_sources {
            let s = &l.event.sources[i];
            let m = &s.mention;
            tx.execute(
                "INSERT INTO event_source (snapshot_id, ord, event_id, date, status, text, \
                 sentence, start, end) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    s.snapshot_id,
                    s.ord as i64,
                    id,
                    m.date.value(),
                    m.status.as_str(),
                    m.text,
                    m.sentence,
                    m.start as i64,
                    m.end as i64
                ],
            )?;
        }
    }
    tx.execute(
        "INSERT OR REPLACE INTO event_snapshot (snapshot_id, mentions) VALUES (?1, ?2)",
        params![snapshot_id, mentions.len() as i64],
    )?;
    Ok(())
}

/// The events of the story whose dates are compatible with one of the mentions' dates.
fn load_candidates(conn: &Connection, story_id: i64, mentions: &[Mention]) -> Result<Vec<Loaded>> {
    let mut ids: Vec<i64> = Vec::new();
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM event WHERE story_id = ?1 AND \
         ((date_start <= ?2 AND date_end >= ?3) OR (date_start >= ?2 AND date_end <= ?3))",
    )?;
    let mut seen_dates: Vec<&str> = Vec::new();
    for m in mentions {
        if seen_dates.contains(&m.date.value()) {
            continue;
        }
        seen_dates.push(m.date.value());
        let rows = stmt.query_map(
            params![
                story_id,
                fmt_instant(m.date.start()),
                fmt_instant(m.date.end())
            ],
            |r| r.get::<_, i64>(0),
        )?;
        for id in rows {
            let id = id?;
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    ids.sort_unstable();
    ids.into_iter()
        .map(|id| {
            let sources = load_sources(conn, id)?;
            Ok(Loaded {
                id: Some(id),
                event: Event {
                    derived: derive(&sources),
                    sources,
                },
                new_sources: Vec::new(),
                touched: false,
            })
        })
        .collect()
}

/// The sources of one event, as mentions.
pub fn load_sources(conn: &Connection, event_id: i64) -> Result<Vec<Source>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.snapshot_id, s.ord, s.date, s.status, s.text, s.sentence, s.start, s.end, \
         sn.published_at FROM event_source s JOIN snapshot sn ON sn.id = s.snapshot_id \
         WHERE s.event_id = ?1 ORDER BY sn.published_utc, s.snapshot_id, s.ord",
    )?;
    let rows = stmt.query_map([event_id], |r| {
        let date: String = r.get(2)?;
        let status: String = r.get(3)?;
        let published: String = r.get(8)?;
        Ok(Source {
            snapshot_id: r.get(0)?,
            ord: r.get::<_, i64>(1)? as usize,
            published_at: parse_time(&published),
            mention: Mention {
                // Values are stored normalised, so they parse back; fall back to the year 1000
                // rather than fail a read on a hand-edited row.
                date: EventDate::parse(&date)
                    .unwrap_or_else(|| EventDate::parse("1000").expect("valid constant")),
                status: MentionStatus::parse(&status).unwrap_or(MentionStatus::Happened),
                text: r.get(4)?,
                sentence: r.get(5)?,
                start: r.get::<_, i64>(6)? as usize,
                end: r.get::<_, i64>(7)? as usize,
            },
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Inserts or updates an event row and rewrites its history. Returns its id.
fn write_event(tx: &Transaction<'_>, story_id: i64, id: Option<i64>, d: &Derived) -> Result<i64> {
    let last_changed = d
        .history
        .last()
        .map_or(d.first_seen_snapshot, |h| h.snapshot_id);
    let (date, gran) = (d.date.value(), d.date.granularity().as_str());
    let (start, end) = (fmt_instant(d.date.start()), fmt_instant(d.date.end()));
    let (key, status) = (d.date.sort_key(), d.status.as_str());
    let id =
        match id {
            Some(id) => {
                tx.execute(
                "UPDATE event SET date = ?2, granularity = ?3, date_start = ?4, date_end = ?5, \
                 sort_key = ?6, status = ?7, text = ?8, first_seen_snapshot = ?9, \
                 last_changed_snapshot = ?10 WHERE id = ?1",
                params![
                    id, date, gran, start, end, key, status, d.text, d.first_seen_snapshot,
                    last_changed
                ],
            )?;
                tx.execute("DELETE FROM event_history WHERE event_id = ?1", [id])?;
                id
            }
            None => {
                tx.execute(
                "INSERT INTO event (story_id, date, granularity, date_start, date_end, sort_key, \
                 status, text, first_seen_snapshot, last_changed_snapshot) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    story_id, date, gran, start, end, key, status, d.text, d.first_seen_snapshot,
                    last_changed
                ],
            )?;
                tx.last_insert_rowid()
            }
        };
    let mut stmt = tx.prepare_cached(
        "INSERT INTO event_history (event_id, seq, snapshot_id, change, status, date, detail) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (seq, h) in d.history.iter().enumerate() {
        stmt.execute(params![
            id,
            seq as i64,
            h.snapshot_id,
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
        write_event(tx, story_id, Some(id), &derive(&sources))?;
    }
    Ok(())
}

/// Snapshots of the story whose events were never extracted (added before the events schema
/// step), oldest id first.
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

/// Whether a snapshot exists and which story it is in.
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

/// Publication times are stored as RFC 3339 by the store; anything else reads as the epoch
/// rather than failing a whole timeline.
pub fn parse_time(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap_or_else(|_| {
        DateTime::parse_from_rfc3339("1970-01-01T00:00:00Z").expect("valid constant")
    })
}
