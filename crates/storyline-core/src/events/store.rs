//! Events in the database: the schema step, the incremental recompute run inside the
//! transaction that adds (or removes) a snapshot, and the reads behind the timeline.
//!
//! Invariants:
//! - Every event has at least one source; its `date`, `status`, `text`, `first_seen_snapshot`
//!   and history rows are what [`derive`](super::merge::derive) makes of its sources, read in publication order.
//! - A snapshot's mentions are extracted once, when it is added; `event_snapshot` records that
//!   it was. Adding a snapshot reads only the events of its story whose dates are compatible
//!   with its mentions and that share a content word with them, and writes only those it joins.
//! - An event row keeps the state of the fold over its sources (`figures`, `last_source`), so
//!   a source published after all the others is folded in without reading them again.

use chrono::{DateTime, FixedOffset};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use std::collections::{BTreeMap, BTreeSet, HashSet};

use super::date::{DateBasis, EventDate};
use super::extract::{extract, Mention};
use super::merge::{Candidate, Candidates, Change, Fold, HistoryEntry, Source, LINK_DAYS};
use super::status::{MentionStatus, Status};
use super::words;
use crate::error::Result;
use crate::timex;

/// The schema step that adds events (appended to the store's migration list).
pub const MIGRATION_SQL: &str = r#"
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
    -- `Storyline::refresh_events` catches them up).
    CREATE TABLE event_snapshot (
        snapshot_id  INTEGER PRIMARY KEY REFERENCES snapshot(id) ON DELETE CASCADE,
        mentions     INTEGER NOT NULL
    );
"#;

/// An event loaded for merging.
struct Loaded {
    /// None until inserted.
    id: Option<i64>,
    /// The sources added in this run.
    new: Vec<Source>,
    /// The content keys of all its sources (stored and new).
    keys: BTreeSet<String>,
    /// The order key of the latest stored source.
    last_source: Option<String>,
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

/// The event mentions of a snapshot's text, published at `published_at` (RFC 3339, as the
/// snapshot row stores it), with that time as the events step reads it back. Needs no
/// database, so an add does it before taking the write lock.
pub fn mentions_of(text: &str, published_at: &str) -> (DateTime<FixedOffset>, Vec<Mention>) {
    let published = parse_time(published_at);
    let timexes = timex::tag(text, published.date_naive());
    (published, extract(text, published, &timexes))
}

/// Extracts a stored snapshot's events and merges them into its story.
pub fn on_snapshot_added(tx: &Transaction<'_>, story_id: i64, snapshot_id: i64) -> Result<()> {
    let (text, published): (String, String) = tx.query_row(
        "SELECT text, published_at FROM snapshot WHERE id = ?1",
        [snapshot_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let (published, mentions) = mentions_of(&text, &published);
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
    let n = mentions.len();
    let keys = words::article_keys(mentions.iter().map(|m| (&*m.text, &*m.sentence)));
    let (mut events, mut index) = load_candidates(tx, story_id, &mentions, &keys)?;
    for ((ord, m), mk) in mentions.into_iter().enumerate().zip(keys) {
        let idx = index.best_keys(&m, &mk, snapshot_id);
        let src = Source::with_keys(snapshot_id, published, ord, m, mk);
        match idx {
            Some(i) => {
                let c = index.get_mut(i);
                c.add(&src);
                // A finer date refines the event; later mentions match against it.
                if src.mention.date.finer_than(&c.date) && src.mention.date.compatible(&c.date) {
                    index.set_date(i, src.mention.date.clone());
                }
                // `events` and `index` grow together: `i` from `index` is in range.
                #[allow(clippy::indexing_slicing)]
                let l = &mut events[i];
                l.keys.extend(src.keys.iter().cloned());
                l.new.push(src);
            }
            None => {
                let mut c = Candidate::new(src.mention.date.clone());
                c.add(&src);
                index.push(c);
                events.push(Loaded {
                    id: None,
                    keys: src.keys.clone(),
                    new: vec![src],
                    last_source: None,
                });
            }
        }
    }
    for l in events.iter().filter(|l| !l.new.is_empty()) {
        let new = &l.new;
        // The history as stored, to skip rewriting it when the new sources change nothing.
        let mut old_history = None;
        let fold = match (&l.id, &l.last_source) {
            // Every new source comes after the stored ones: fold them in.
            (Some(id), Some(last))
                if new
                    .iter()
                    .all(|s| s.order_string().as_str() > last.as_str()) =>
            {
                let mut fold = load_fold(tx, *id)?;
                old_history = Some(fold.history.clone());
                for s in new {
                    fold.step(s);
                }
                fold
            }
            // A snapshot published before some of the event's sources: read them all again.
            (Some(id), _) => {
                let mut all = load_sources(tx, *id)?;
                all.extend(new.iter().cloned());
                fold_all(&all)
            }
            (None, _) => fold_all(new),
        };
        let history_unchanged = old_history.as_ref() == Some(&fold.history);
        let latest = new
            .iter()
            .map(Source::order_string)
            .chain(l.last_source.clone())
            .max()
            .unwrap_or_default();
        let id = write_event(
            tx,
            story_id,
            l.id,
            &fold,
            &l.keys,
            &latest,
            history_unchanged,
        )?;
        for s in new {
            insert_source(tx, story_id, id, s)?;
        }
    }
    tx.execute(
        "INSERT OR REPLACE INTO event_snapshot (snapshot_id, mentions) VALUES (?1, ?2)",
        params![snapshot_id, n as i64],
    )?;
    Ok(())
}

// Called only for stored events, each with at least one source: an empty list is a bug.
#[allow(clippy::indexing_slicing)]
fn fold_all(sources: &[Source]) -> Fold {
    let mut ordered: Vec<&Source> = sources.iter().collect();
    ordered.sort_by_key(|s| s.order_string());
    let mut fold = Fold::start(ordered[0]);
    for s in ordered {
        fold.step(s);
    }
    fold
}

fn insert_source(tx: &Transaction<'_>, story_id: i64, event_id: i64, s: &Source) -> Result<()> {
    let m = &s.mention;
    tx.prepare_cached(
        "INSERT INTO event_source (snapshot_id, ord, event_id, story_id, date, status, text, \
         sentence, start, end, keys, published_at, order_key) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
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
        s.order_string()
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
            "SELECT date, status, text, keys, snapshot_id, start, published_at FROM event_source \
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
            // Matching reads the publication day to tell a date the text gave from one the
            // publication placed.
            let published: String = r.get(6)?;
            candidate.add(&Source {
                snapshot_id,
                published_at: parse_time(&published),
                ord: 0,
                mention: Mention {
                    date_basis: Default::default(),
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
        id: Some(id),
        new: Vec::new(),
        keys: split_keys(&keys),
        last_source: Some(last),
    };
    Ok((loaded, candidate))
}

/// The fold state kept in an event's row and history.
fn load_fold(conn: &Connection, id: i64) -> Result<Fold> {
    let (date, status, text, first_seen, figures): (String, String, String, i64, String) = conn
        .prepare_cached(
            "SELECT date, status, text, first_seen_snapshot, figures FROM event WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?;
    Ok(Fold {
        date: parse_date(&date),
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
            published_at: parse_time(&published),
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
        "SELECT snapshot_id, ord, date, status, text, sentence, start, end, published_at, keys \
         FROM event_source WHERE event_id = ?1 ORDER BY order_key",
    )?;
    let rows = stmt.query_map([event_id], |r| {
        let date: String = r.get(2)?;
        let status: String = r.get(3)?;
        let published: String = r.get(8)?;
        let keys: String = r.get(9)?;
        Ok(Source {
            snapshot_id: r.get(0)?,
            ord: r.get::<_, i64>(1)? as usize,
            published_at: parse_time(&published),
            mention: Mention {
                date_basis: Default::default(),
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
             last_changed_snapshot = ?10, keys = ?11, figures = ?12, last_source = ?13 \
             WHERE id = ?1",
            id,
        ),
        None => (
            "INSERT INTO event (story_id, date, granularity, date_start, date_end, sort_key, \
             status, text, first_seen_snapshot, last_changed_snapshot, keys, figures, \
             last_source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
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
        last_source
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
        let fold = fold_all(&sources);
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

/// Publication times are stored as RFC 3339 by the store; anything else reads as the epoch
/// rather than failing a whole timeline.
pub fn parse_time(s: &str) -> DateTime<FixedOffset> {
    crate::ingest::parse_stored_published(s).unwrap_or_else(|| {
        DateTime::parse_from_rfc3339("1970-01-01T00:00:00Z").expect("valid constant")
    })
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
            .map(|e| (e.date, e.status, e.sources.len()))
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
    fn v2_to_v3_then_refresh_extracts_existing_snapshots() {
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
        let mut sl = Storyline::open(&path).unwrap();
        assert_eq!(
            current_version(sl.store().conn()).unwrap(),
            latest_version()
        );
        assert!(statuses(&sl).is_empty());
        assert_eq!(sl.refresh_events(Some("Bridge")).unwrap(), 1);
        assert_eq!(
            statuses(&sl),
            [("2025-12-01".to_string(), "happened".to_string(), 1)]
        );
    }

    #[test]
    fn snapshots_from_before_the_events_step_are_caught_up() {
        let mut sl = Storyline::open_in_memory().unwrap();
        add(&mut sl, "https://a.example/1", "2025-12-01T08:00:00Z", A);
        // Forget the events, as a database migrated from version 2 would have none.
        sl.store()
            .conn()
            .execute_batch("DELETE FROM event; DELETE FROM event_snapshot;")
            .unwrap();
        assert!(statuses(&sl).is_empty());
        assert_eq!(sl.refresh_events(None).unwrap(), 1);
        assert_eq!(statuses(&sl).len(), 1);
        assert_eq!(sl.refresh_events(Some("Bridge")).unwrap(), 0);
    }
}
