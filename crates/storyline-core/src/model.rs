//! The records the API hands out. Each serialises to exactly what `storyline --json` prints and
//! what the Tauri and HTTP front ends receive.

use serde::{Deserialize, Serialize};

/// A story: a developing news story that articles are collected under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
