//! The timeline API: a story's merged events, what one snapshot changed, and exports.
//!
//! Events are computed when a snapshot is added (see [`crate::events::store`]); everything
//! here is a query.

use rusqlite::{params, Connection};
use serde::Serialize;

use super::Storyline;
use crate::error::{Error, Result};
use crate::events::{self, EventDate, Status};
use crate::model::Story;
use crate::store::queries;

/// A story's timeline: `storyline timeline STORY --json`.
#[derive(Debug, Clone, Serialize)]
pub struct Timeline {
    pub story: Story,
    /// In chronological order; a vaguer date sorts before the dates inside it.
    pub events: Vec<TimelineEvent>,
}

/// One merged event.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineEvent {
    pub id: i64,
    /// TIMEX3 value at the precision the sources gave: `2019`, `2026-03`, `2026-03-09T23:40`.
    pub date: String,
    /// `decade`, `year`, `half`, `quarter`, `season`, `month`, `week`, `day` or `time`.
    pub granularity: String,
    /// First and last day the date covers (ISO `YYYY-MM-DD`): "winter 2026" is 2025-12-01 to
    /// 2026-02-28. Front ends file an event under its start's year, so all agree.
    pub start: String,
    pub end: String,
    /// `happened`, `expected`, `expected_then_happened`, `cancelled` or `postponed`.
    pub status: String,
    pub text: String,
    pub first_seen_snapshot: i64,
    /// Oldest publication first.
    pub sources: Vec<EventSource>,
    /// What each snapshot changed, oldest publication first.
    pub history: Vec<EventChange>,
}

/// One snapshot's telling of an event.
#[derive(Debug, Clone, Serialize)]
pub struct EventSource {
    pub snapshot_id: i64,
    pub sentence: String,
    /// Byte range of `sentence` in the snapshot's text.
    pub start: usize,
    pub end: usize,
    pub published_at: String,
}

/// One step of an event's history.
#[derive(Debug, Clone, Serialize)]
pub struct EventChange {
    pub snapshot_id: i64,
    pub published_at: String,
    /// `reported`, `announced`, `confirmed`, `redated`, `postponed`, `cancelled`,
    /// `contradicted`.
    pub change: String,
    /// The event's status and date after this step.
    pub status: String,
    pub date: String,
    /// The earlier date (`redated`) or the earlier telling (`contradicted`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// Which events of a timeline to show. Dates are TIMEX3-like: `2025`, `2025-12`, `2025-12-01`.
#[derive(Debug, Clone, Default)]
pub struct TimelineFilter {
    /// Only events with this status.
    pub status: Option<String>,
    /// Only events that end on or after the start of this date.
    pub from: Option<String>,
    /// Only events that start before the end of this date.
    pub to: Option<String>,
    /// Only events that a snapshot added after this one (a higher id) changed.
    pub since: Option<i64>,
}

/// What one snapshot changed in its story's timeline: `storyline changes ID --json`.
#[derive(Debug, Clone, Serialize)]
pub struct SnapshotChanges {
    pub snapshot_id: i64,
    pub story_id: i64,
    pub published_at: String,
    /// Events this snapshot was the first to tell.
    pub added: Vec<ChangedEvent>,
    /// Expected events it reports as done.
    pub confirmed: Vec<ChangedEvent>,
    /// Events it gave a more precise date.
    pub redated: Vec<ChangedEvent>,
    /// Events whose figures it tells differently, or that it calls off or moves.
    pub contradicted: Vec<ChangedEvent>,
    /// Word-diff figures against the previous version of its article, if there is one.
    pub diff: Option<DiffSummary>,
    /// The story's figures (death toll, evacuated, ...) it stated first or changed.
    pub figures: Vec<crate::figures::FigureChange>,
}

/// An event as one change left it.
#[derive(Debug, Clone, Serialize)]
pub struct ChangedEvent {
    pub id: i64,
    pub date: String,
    pub granularity: String,
    pub status: String,
    pub text: String,
    /// `reported`/`announced` for added events; for the others the change's own name.
    pub change: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// Word-diff figures of a snapshot against the previous version of its article.
#[derive(Debug, Clone, Serialize)]
pub struct DiffSummary {
    pub from: i64,
    pub inserted_words: usize,
    pub deleted_words: usize,
    pub unchanged_words: usize,
}

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Json,
    Markdown,
    Csv,
    TimelineJs,
    Ics,
}

impl ExportFormat {
    /// `json`, `md`, `csv`, `timelinejs`, `ics`.
    pub fn parse(s: &str) -> Result<ExportFormat> {
        Ok(match s.to_ascii_lowercase().as_str() {
            "json" => ExportFormat::Json,
            "md" | "markdown" => ExportFormat::Markdown,
            "csv" => ExportFormat::Csv,
            "timelinejs" | "tljs" => ExportFormat::TimelineJs,
            "ics" | "ical" | "icalendar" => ExportFormat::Ics,
            _ => {
                return Err(Error::BadFilter(format!(
                    "unknown export format {s:?}: use json, md, csv, timelinejs or ics"
                )))
            }
        })
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Json | ExportFormat::TimelineJs => "json",
            ExportFormat::Markdown => "md",
            ExportFormat::Csv => "csv",
            ExportFormat::Ics => "ics",
        }
    }
}

fn bad(msg: String) -> Error {
    Error::BadFilter(msg)
}

fn filter_date(s: &str, flag: &str) -> Result<EventDate> {
    EventDate::parse(s).ok_or_else(|| {
        bad(format!(
            "{flag} {s:?} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD (years 1000–2999)"
        ))
    })
}

impl Storyline {
    /// The story's events in timeline order, filtered. A query: events are stored as
    /// snapshots are added.
    pub fn timeline(&self, story: &str, filter: &TimelineFilter) -> Result<Timeline> {
        let conn = self.store().conn();
        let story = queries::story(conn, story)?;
        if let Some(s) = &filter.status {
            if Status::parse(s).is_none() {
                return Err(bad(format!(
                    "unknown status {s:?}: use happened, expected, expected_then_happened, \
                     cancelled or postponed"
                )));
            }
        }
        let from = filter
            .from
            .as_deref()
            .map(|f| filter_date(f, "--from"))
            .transpose()?;
        let to = filter
            .to
            .as_deref()
            .map(|t| filter_date(t, "--to"))
            .transpose()?;
        if let Some(since) = filter.since {
            if events::store::snapshot_story(conn, since)?.is_none() {
                return Err(Error::SnapshotNotFound(since));
            }
        }
        let mut sql = String::from(
            "SELECT id, date, granularity, status, text, first_seen_snapshot, \
             substr(date_start, 1, 10), date(date_end, '-1 minute') FROM event \
             WHERE story_id = ?1 AND (?2 IS NULL OR status = ?2) \
             AND (?3 IS NULL OR date_end > ?3) AND (?4 IS NULL OR date_start < ?4)",
        );
        if filter.since.is_some() {
            sql.push_str(
                " AND EXISTS (SELECT 1 FROM event_history h WHERE h.event_id = event.id \
                 AND h.snapshot_id > ?5)",
            );
        } else {
            sql.push_str(" AND ?5 IS NULL");
        }
        sql.push_str(" ORDER BY sort_key, id");
        let fmt = |d: chrono::NaiveDateTime| d.format("%Y-%m-%dT%H:%M").to_string();
        let mut stmt = conn.prepare(&sql)?;
        let rows = stmt.query_map(
            params![
                story.id,
                filter.status,
                from.as_ref().map(|d| fmt(d.start())),
                to.as_ref().map(|d| fmt(d.end())),
                filter.since
            ],
            |r| {
                Ok(TimelineEvent {
                    id: r.get(0)?,
                    date: r.get(1)?,
                    granularity: r.get(2)?,
                    status: r.get(3)?,
                    text: r.get(4)?,
                    first_seen_snapshot: r.get(5)?,
                    start: r.get(6)?,
                    end: r.get(7)?,
                    sources: Vec::new(),
                    history: Vec::new(),
                })
            },
        )?;
        let mut events = rows.collect::<rusqlite::Result<Vec<_>>>()?;
        fill_details(conn, story.id, &mut events)?;
        Ok(Timeline { story, events })
    }

    /// What snapshot `snapshot_id` changed in its story's timeline.
    pub fn changes(&self, snapshot_id: i64) -> Result<SnapshotChanges> {
        let conn = self.store().conn();
        let info = queries::snapshot_info(conn, snapshot_id)?;
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
                    granularity: r.get(2)?,
                    status: r.get(3)?,
                    text: r.get(4)?,
                    change: r.get(6)?,
                    detail: r.get(7)?,
                },
                r.get::<_, i64>(5)?,
            ))
        })?;
        let mut out = SnapshotChanges {
            snapshot_id,
            story_id: info.story_id,
            published_at: info.published_at.clone(),
            added: Vec::new(),
            confirmed: Vec::new(),
            redated: Vec::new(),
            contradicted: Vec::new(),
            diff: None,
            figures: self.figure_changes(snapshot_id)?.figures,
        };
        for row in rows {
            let (ev, first_seen) = row?;
            let list = match ev.change.as_str() {
                "reported" | "announced" if first_seen == snapshot_id => &mut out.added,
                "confirmed" => &mut out.confirmed,
                "redated" => &mut out.redated,
                "contradicted" | "cancelled" | "postponed" => &mut out.contradicted,
                // A postponed event announced again, or an event first told as cancelled.
                _ if first_seen == snapshot_id => &mut out.added,
                _ => &mut out.contradicted,
            };
            if !list.iter().any(|e| e.id == ev.id) {
                list.push(ev);
            }
        }
        out.diff = match self.diff(snapshot_id, None) {
            Ok(d) => Some(DiffSummary {
                from: d.from,
                inserted_words: d.stats.inserted_words,
                deleted_words: d.stats.deleted_words,
                unchanged_words: d.stats.unchanged_words,
            }),
            Err(Error::NoPreviousVersion(_)) => None,
            Err(e) => return Err(e),
        };
        Ok(out)
    }

    /// The whole timeline of a story in an export format.
    pub fn export(&self, story: &str, format: ExportFormat) -> Result<String> {
        Ok(self.export_counted(story, format)?.0)
    }

    /// [`Storyline::export`] and how many events the document holds (0: say so).
    pub fn export_counted(&self, story: &str, format: ExportFormat) -> Result<(String, usize)> {
        let timeline = self.timeline(story, &TimelineFilter::default())?;
        let n = events::export::item_count(&timeline, format);
        Ok((events::export::render(&timeline, format)?, n))
    }

    /// Extracts the events of snapshots added before the events schema existed (or of all
    /// stories, with `None`). Returns how many snapshots it processed. Cheap when there are
    /// none; front ends call it before reading a timeline of an old database.
    pub fn refresh_events(&mut self, story: Option<&str>) -> Result<usize> {
        let story_id = story
            .map(|s| queries::story(self.store().conn(), s).map(|s| s.id))
            .transpose()?;
        let pending = events::store::pending_snapshots(self.store().conn(), story_id)?;
        if pending.is_empty() {
            return Ok(0);
        }
        let n = pending.len();
        self.store_mut().write(|tx| {
            for (snapshot_id, story_id) in &pending {
                events::store::on_snapshot_added(tx, *story_id, *snapshot_id)?;
            }
            Ok(())
        })?;
        Ok(n)
    }
}

/// Loads sources and history for `events` (all of one story) in two queries.
fn fill_details(conn: &Connection, story_id: i64, events: &mut [TimelineEvent]) -> Result<()> {
    use std::collections::HashMap;
    let index: HashMap<i64, usize> = events.iter().enumerate().map(|(i, e)| (e.id, i)).collect();
    let mut stmt = conn.prepare_cached(
        // No ORDER BY: a sort over every source costs more than sorting each event's few.
        "SELECT s.event_id, s.snapshot_id, s.sentence, s.start, s.end, s.published_at, \
         s.order_key FROM event e JOIN event_source s ON s.event_id = e.id WHERE e.story_id = ?1",
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
            },
        ))
    })?;
    let mut keyed: Vec<Vec<(String, EventSource)>> = vec![Vec::new(); events.len()];
    for row in rows {
        let (event_id, order_key, src) = row?;
        if let Some(&i) = index.get(&event_id) {
            keyed[i].push((order_key, src));
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
                change: r.get(3)?,
                status: r.get(4)?,
                date: r.get(5)?,
                detail: r.get(6)?,
            },
        ))
    })?;
    for row in rows {
        let (event_id, change) = row?;
        if let Some(&i) = index.get(&event_id) {
            events[i].history.push(change);
        }
    }
    Ok(())
}
