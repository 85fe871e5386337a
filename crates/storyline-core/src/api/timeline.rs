//! The timeline API: a story's merged events, what one snapshot changed, and exports.
//!
//! Events are computed when a snapshot is added (see [`crate::store::events`]); everything
//! here is a query, except [`Storyline::mark_seen`].

use std::collections::HashMap;

use super::Storyline;
use crate::error::{Error, Result};
use crate::events::rank::{self, Telling};
use crate::events::{Change, EventDate, Status};
pub use crate::model::{
    ChangedEvent, DiffSummary, EventChange, EventSource, SnapshotChanges, Timeline, TimelineEvent,
};
use crate::store::{events as store_events, queries};

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
    /// Only events changed since the snapshot the user last marked seen (all of them when
    /// none is marked): `since` with the stored mark.
    pub new: bool,
    /// Only the N key events: the most widely told ([`TimelineEvent::key`]), in timeline order.
    pub key: Option<usize>,
}

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Json,
    Markdown,
    Csv,
    TimelineJs,
    Ics,
    /// The story's figures, one row per value.
    FiguresCsv,
}

impl ExportFormat {
    /// `json`, `md`, `csv`, `timelinejs`, `ics`, `figures-csv`.
    pub fn parse(s: &str) -> Result<ExportFormat> {
        Ok(match s.to_ascii_lowercase().as_str() {
            "json" => ExportFormat::Json,
            "md" | "markdown" => ExportFormat::Markdown,
            "csv" => ExportFormat::Csv,
            "timelinejs" | "tljs" => ExportFormat::TimelineJs,
            "ics" | "ical" | "icalendar" => ExportFormat::Ics,
            "figures-csv" | "figures" => ExportFormat::FiguresCsv,
            _ => {
                return Err(Error::BadFilter(format!(
                    "unknown export format {s:?}: use json, md, csv, timelinejs, ics or figures-csv"
                )))
            }
        })
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Json | ExportFormat::TimelineJs => "json",
            ExportFormat::Markdown => "md",
            ExportFormat::Csv | ExportFormat::FiguresCsv => "csv",
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
    /// snapshots are added. `filter.new` keeps the events changed since the snapshot the user
    /// last marked seen ([`Storyline::mark_seen`]), the same test as `since`.
    pub fn timeline(&self, story: &str, filter: &TimelineFilter) -> Result<Timeline> {
        let conn = self.store().conn();
        let story = queries::story(conn, story)?;
        let status = filter
            .status
            .as_deref()
            .map(|s| {
                Status::parse(s).ok_or_else(|| {
                    bad(format!(
                        "unknown status {s:?}: use happened, expected, expected_then_happened, \
                         cancelled or postponed"
                    ))
                })
            })
            .transpose()?;
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
            if store_events::snapshot_story(conn, since)?.is_none() {
                return Err(Error::SnapshotNotFound(since));
            }
        }
        let seen = store_events::seen(conn, story.id)?;
        let changed_after = match (filter.since, filter.new) {
            (Some(since), _) => Some(since),
            // Nothing marked seen yet: every event is new.
            (None, true) => Some(seen.unwrap_or(0)),
            (None, false) => None,
        };
        let fmt = |d: chrono::NaiveDateTime| d.format("%Y-%m-%dT%H:%M").to_string();
        let q = store_events::EventQuery {
            status,
            ends_after: from.as_ref().map(|d| fmt(d.start())),
            starts_before: to.as_ref().map(|d| fmt(d.end())),
            changed_after,
        };
        let mut events = store_events::timeline_events(conn, story.id, &q, seen)?;
        let outlets: HashMap<i64, String> = queries::outlets_of_story(conn, story.id)?
            .into_iter()
            .collect();
        for e in &mut events {
            let tellings: Vec<Telling<'_>> = e
                .sources
                .iter()
                .map(|s| Telling {
                    snapshot_id: s.snapshot_id,
                    outlet: outlets.get(&s.snapshot_id).map_or("", String::as_str),
                    start: s.start,
                })
                .collect();
            let followed = e
                .history
                .iter()
                .filter(|h| matches!(h.change, Change::Confirmed | Change::Redated))
                .count();
            e.key = rank::score(&tellings, followed);
        }
        if let Some(n) = filter.key {
            let scores: Vec<f64> = events.iter().map(|e| e.key).collect();
            let keep = rank::key_events(&scores, n);
            let mut i = 0;
            events.retain(|_| {
                let k = keep.binary_search(&i).is_ok();
                i += 1;
                k
            });
        }
        Ok(Timeline {
            story,
            seen_snapshot: seen,
            events,
        })
    }

    /// Records that the user has looked at `story` up to snapshot `snapshot_id` (one of its
    /// snapshots): events changed by later snapshots are "new" ([`TimelineEvent::new`],
    /// `TimelineFilter::new`) in every front end. Returns the story's id.
    pub fn mark_seen(&mut self, story: &str, snapshot_id: i64) -> Result<i64> {
        let story = queries::story(self.store().conn(), story)?;
        self.store_mut().write(|tx| {
            if store_events::snapshot_story(tx, snapshot_id)? != Some(story.id) {
                return Err(Error::SnapshotNotFound(snapshot_id));
            }
            store_events::set_seen(tx, story.id, snapshot_id)
        })?;
        Ok(story.id)
    }

    /// What snapshot `snapshot_id` changed in its story's timeline.
    pub fn changes(&self, snapshot_id: i64) -> Result<SnapshotChanges> {
        let conn = self.store().conn();
        let info = queries::snapshot_info(conn, snapshot_id)?;
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
        for (ev, first_seen) in store_events::changed_by(conn, snapshot_id)? {
            let first = first_seen == snapshot_id;
            let list = match ev.change {
                Change::Reported | Change::Announced if first => &mut out.added,
                Change::Confirmed => &mut out.confirmed,
                Change::Redated => &mut out.redated,
                Change::Contradicted | Change::Cancelled | Change::Postponed => {
                    &mut out.contradicted
                }
                // A postponed event announced again, or an event first told as cancelled.
                _ if first => &mut out.added,
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
        let figures = self.figures(story)?.figures;
        let n = super::export::item_count(&timeline, &figures, format);
        Ok((super::export::render(&timeline, &figures, format)?, n))
    }
}
