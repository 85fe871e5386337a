//! The records the API hands out. Each serialises to exactly what `storyline --json` prints and
//! what the Tauri and HTTP front ends receive.

use serde::{Deserialize, Serialize};

pub use crate::events::{Change, DateBasis, Granularity, Status};

/// A story: a developing news story that articles are collected under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Story {
    pub id: i64,
    pub title: String,
    /// RFC 3339 UTC.
    pub created_at: String,
}

/// A story with counts, for listings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StorySummary {
    pub id: i64,
    pub title: String,
    pub created_at: String,
    pub articles: i64,
    pub snapshots: i64,
    /// Earliest and latest publication time of its snapshots (RFC 3339 UTC), if any.
    pub first_published: Option<String>,
    pub last_published: Option<String>,
}

/// A snapshot without its text, for listings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotInfo {
    pub id: i64,
    pub story_id: i64,
    pub article_id: i64,
    /// 1 for the first version of its article, then 2, 3, ...
    pub version: i64,
    pub title: String,
    pub outlet: Option<String>,
    /// The URL as given (the article holds the normalised one).
    pub url: Option<String>,
    /// RFC 3339 with the offset it was given in.
    pub published_at: String,
    /// True when no publication time was given and `captured_at` stands in for it.
    pub published_assumed: bool,
    /// RFC 3339 UTC.
    pub captured_at: String,
    pub word_count: i64,
    pub sha256: String,
}

/// A snapshot with its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    #[serde(flatten)]
    pub info: SnapshotInfo,
    pub story_title: String,
    pub text: String,
    /// Whether the raw HTML it was made from is kept (see `Storyline::snapshot_html`).
    pub has_html: bool,
    /// The page's own "last modified" time (RFC 3339), when the page gave one.
    pub modified_at: Option<String>,
}

/// A story's timeline: `storyline timeline STORY --json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Timeline {
    pub story: Story,
    /// The latest snapshot the user has marked seen in this story, if any.
    pub seen_snapshot: Option<i64>,
    /// In chronological order; a vaguer date sorts before the dates inside it.
    pub events: Vec<TimelineEvent>,
}

/// One merged event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct TimelineEvent {
    pub id: i64,
    /// TIMEX3 value at the precision the sources gave: `2019`, `2026-03`, `2026-03-09T23:40`.
    pub date: String,
    /// `decade`, `year`, `half`, `quarter`, `season`, `month`, `week`, `day` or `time`.
    pub granularity: Granularity,
    /// First and last day the date covers (ISO `YYYY-MM-DD`): "winter 2026" is 2025-12-01 to
    /// 2026-02-28. Front ends file an event under its start's year, so all agree.
    pub start: String,
    pub end: String,
    /// `happened`, `expected`, `expected_then_happened`, `cancelled` or `postponed`.
    pub status: Status,
    /// `text` when a source dates it from its text, `publication` when every source is undated
    /// and its publication date stands in.
    pub date_basis: DateBasis,
    pub text: String,
    pub first_seen_snapshot: i64,
    /// Changed (told first, or told differently) by a snapshot added after the one the user
    /// last marked seen ([`crate::api::Storyline::mark_seen`]); false when none is marked.
    pub new: bool,
    /// How widely it is told ([`crate::events::rank::key_score`]): distinct snapshots and
    /// outlets, tellings in a lead, confirmations. `timeline --key N` keeps the N highest.
    pub key: f64,
    /// Oldest publication first.
    pub sources: Vec<EventSource>,
    /// What each snapshot changed, oldest publication first.
    pub history: Vec<EventChange>,
}

/// One snapshot's telling of an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct EventSource {
    pub snapshot_id: i64,
    pub sentence: String,
    /// Byte range of `sentence` in the snapshot's text.
    pub start: usize,
    pub end: usize,
    pub published_at: String,
    /// Whether this telling dates the event from its text or from its publication.
    pub date_basis: DateBasis,
}

/// One step of an event's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct EventChange {
    pub snapshot_id: i64,
    pub published_at: String,
    /// `reported`, `announced`, `confirmed`, `redated`, `postponed`, `cancelled`,
    /// `contradicted`.
    pub change: Change,
    /// The event's status and date after this step.
    pub status: Status,
    pub date: String,
    /// The earlier date (`redated`) or the earlier telling (`contradicted`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub detail: Option<String>,
}

/// What one snapshot changed in its story's timeline: `storyline changes ID --json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ChangedEvent {
    pub id: i64,
    pub date: String,
    pub granularity: Granularity,
    pub status: Status,
    pub text: String,
    /// `reported`/`announced` for added events; for the others the change's own name.
    pub change: Change,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub detail: Option<String>,
}

/// Word-diff figures of a snapshot against the previous version of its article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DiffSummary {
    pub from: i64,
    pub inserted_words: usize,
    pub deleted_words: usize,
    pub unchanged_words: usize,
}

/// The web UI's TypeScript types (`ui/src/types/*.ts`, checked in) are generated from the
/// records above, so the UI cannot drift from what the API sends. This test fails when a
/// checked-in file differs from a fresh generation; `STORYLINE_WRITE_TS=1 cargo test -p
/// storyline-core ui_types` writes them again.
#[cfg(test)]
mod ui_types {
    use super::*;
    use std::path::Path;
    use ts_rs::{Config, TS};

    fn generated() -> Vec<(String, String)> {
        // Ids and counts are far below 2^53: plain numbers in JSON and in TypeScript.
        let cfg = Config::new().with_large_int("number");
        macro_rules! files {
            ($($t:ty),*) => {
                vec![$((
                    format!("{}.ts", <$t as TS>::name(&cfg)),
                    <$t as TS>::export_to_string(&cfg).expect("exportable"),
                )),*]
            };
        }
        files!(
            Story,
            Timeline,
            TimelineEvent,
            EventSource,
            EventChange,
            SnapshotChanges,
            ChangedEvent,
            DiffSummary,
            crate::figures::Qualifier,
            crate::figures::ValueChange,
            crate::figures::FigureValue,
            crate::figures::Figure,
            crate::figures::FigureChange,
            crate::api::StoryFigures,
            Status,
            Granularity,
            Change,
            DateBasis
        )
    }

    #[test]
    fn ui_types_match_the_records() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/types");
        let files = generated();
        if std::env::var_os("STORYLINE_WRITE_TS").is_some() {
            std::fs::create_dir_all(&dir).unwrap();
            for (name, text) in &files {
                std::fs::write(dir.join(name), text).unwrap();
            }
        }
        let mut stale = Vec::new();
        for (name, text) in &files {
            let have = std::fs::read_to_string(dir.join(name)).unwrap_or_default();
            if have != *text {
                stale.push(name.clone());
            }
        }
        let mut extra: Vec<String> = std::fs::read_dir(&dir)
            .map(|d| {
                d.filter_map(|e| e.ok()?.file_name().into_string().ok())
                    .filter(|n| n.ends_with(".ts") && !files.iter().any(|(f, _)| f == n))
                    .collect()
            })
            .unwrap_or_default();
        extra.sort();
        assert!(
            stale.is_empty() && extra.is_empty(),
            "ui/src/types is out of date (differ: {stale:?}, not generated: {extra:?}); \
             run `STORYLINE_WRITE_TS=1 cargo test -p storyline-core ui_types` and commit it"
        );
    }
}
