//! The API: the one surface that every front end (CLI, `storyline serve`, the Tauri shell) calls.
//!
//! [`Storyline`] wraps an open [`Store`]. Reads take `&self`; writes take `&mut self` and run in
//! one transaction each, so a rejected input stores nothing. Every method returns a
//! serde-serialisable value: exactly what `storyline --json` prints.
//!
//! The core never reads the clock: methods that stamp a time take `now`.
//!
//! Extending: a capability adds its own `impl Storyline` block in its own file
//! (`api/<capability>.rs`), using [`Storyline::store`] / [`Storyline::store_mut`].

pub mod bundle;
pub mod dispatch;
pub mod export;
mod figures;
pub use figures::{SnapshotFigureChanges, StoryFigures};

use std::path::Path;

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::Transaction;
use serde::{Deserialize, Serialize};

pub use crate::diff::DiffOp;
use crate::diff::{self, DiffStats};
use crate::error::{Error, Result};

pub use crate::ingest::InputFormat;
use crate::search::{marked, Query};
use crate::store::queries;
use crate::store::Store;

pub use crate::model::{Snapshot, SnapshotInfo, Story, StorySummary};
pub use crate::search::SnippetPart;
// What front ends pass in or get back from the calls below, so that they import `api` and
// `model` only (an ARCHITECTURE invariant).
pub use crate::demo::DemoLoaded;
pub use crate::diff::{paragraphs, OpKind};
/// Loads what an add reads ahead of a one-shot add: the page furniture's sets (needed first,
/// to clean the text) on a thread of their own, the tagger's rules and the events' word files
/// (see [`crate::events::preload`]) on this one. Changes no result.
pub fn preload() {
    let furniture = std::thread::spawn(|| {
        let _ = crate::furniture::Furniture::global();
    });
    crate::events::preload();
    let _ = furniture.join();
}
pub use crate::fetch::FetchOptions;
pub use crate::figures::{Figure, FigureValue, Qualifier, ValueChange};
pub use crate::ingest::MAX_HTML_BYTES;
pub use crate::model::{Change, DateBasis, Granularity, Status};

mod add;
mod sources;
pub use sources::{
    AddUrl, AddedVersion, Follow, FollowResult, RefreshProgress, RefreshReport, SourceInfo,
    SourceOutcome, UrlPreview,
};
/// Runs `f`, turning a panic into [`Error::Internal`]. Every write runs in one transaction that a
/// panic unwinds through, so the transaction rolls back and nothing of the operation is stored;
/// the `Storyline` stays usable. Front ends call the API through this (`dispatch` does).
pub fn guard<T>(f: impl FnOnce() -> T) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|payload| {
        let msg = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".into());
        Error::Internal(msg)
    })
}

/// Loads and compiles all a first `add` needs: every tagger rule, the events' and the page
/// furniture's words. A long-running process (`serve`, the app, `timex --jsonl`) calls this at
/// start, so it pays once before its first request instead of inside it; one-shot commands do
/// not, and compile only the rules their text can trigger.
pub fn warm_up() -> Result<()> {
    guard(|| {
        preload();
        crate::timex::Tagger::global().warm_all();
    })
}

mod timeline;
pub use timeline::{
    ChangedEvent, DiffSummary, EventChange, EventSource, ExportFormat, SnapshotChanges, Timeline,
    TimelineEvent, TimelineFilter,
};

/// Longest accepted story title, in characters.
pub const MAX_STORY_TITLE: usize = 200;

/// Most search hits returned.
pub const SEARCH_LIMIT: i64 = 100;

/// A snapshot to add. Build it with [`AddSnapshot::new`] and set the optional fields.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AddSnapshot {
    /// Story title or id. Created (by title) on first use. May be left out with `version_of`.
    pub story: Option<String>,
    /// Article URL: the same normalised URL in the same story makes a new version.
    pub url: Option<String>,
    /// Snapshot title; defaults to the first line of the text.
    pub title: Option<String>,
    /// Outlet name; defaults to the URL's host.
    pub outlet: Option<String>,
    /// Publication time (RFC 3339, `YYYY-MM-DD`, `YYYY-MM-DD HH:MM`); absent = capture time,
    /// flagged `published_assumed`.
    pub published: Option<String>,
    /// Make this a new version of that snapshot's article.
    pub version_of: Option<i64>,
    /// How to read `content`.
    pub format: InputFormat,
    /// The raw bytes of the article (text or HTML). Checked by [`crate::ingest::read_content`]; in
    /// JSON it is a string.
    #[serde(with = "content_as_string")]
    pub content: Vec<u8>,
}

impl AddSnapshot {
    /// A snapshot of `content` for `story`, everything else default.
    pub fn new(story: impl Into<String>, content: impl Into<Vec<u8>>) -> AddSnapshot {
        AddSnapshot {
            story: Some(story.into()),
            content: content.into(),
            ..AddSnapshot::default()
        }
    }
}

mod content_as_string {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&String::from_utf8_lossy(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        Ok(String::deserialize(d)?.into_bytes())
    }
}

/// What [`Storyline::add_snapshot`] did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddResult {
    /// The new snapshot, or the existing latest version when `unchanged`.
    pub snapshot_id: i64,
    pub story_id: i64,
    pub article_id: i64,
    pub version: i64,
    /// True when the text equals the article's latest version: nothing was stored.
    pub unchanged: bool,
}

/// A word diff between two snapshots.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotDiff {
    pub from: i64,
    pub to: i64,
    pub ops: Vec<DiffOp>,
    pub stats: DiffStats,
}

/// One full-text search hit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub snapshot_id: i64,
    pub story_id: i64,
    pub story_title: String,
    pub article_id: i64,
    pub version: i64,
    pub title: String,
    pub outlet: Option<String>,
    pub published_at: String,
    /// The matching passage, matches marked «like this».
    pub snippet: String,
    /// The same passage split into parts, for front ends that highlight matches themselves.
    pub snippet_parts: Vec<SnippetPart>,
    /// BM25 rank: lower is better.
    pub rank: f64,
}

/// What [`Storyline::delete_story`] removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeletedStory {
    pub story_id: i64,
    pub title: String,
    pub articles: i64,
    pub snapshots: i64,
}

/// What [`Storyline::delete_snapshot`] removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeletedSnapshot {
    pub snapshot_id: i64,
    pub story_id: i64,
    pub article_id: i64,
    /// True when it was the article's only snapshot, so the article went too.
    pub article_removed: bool,
}

/// An open Storyline database.
#[derive(Debug)]
pub struct Storyline {
    store: Store,
    /// How `add_url`, `follow` and `refresh` fetch (timeouts, limits, user agent).
    fetch: crate::fetch::FetchOptions,
    /// Each snapshot's figures, read once per process (snapshots are never edited).
    figure_cache: figures::Cache,
}

fn stamp(now: DateTime<Utc>) -> String {
    now.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn check_story_title(title: &str) -> Result<String> {
    let t = title.trim();
    let bad = |reason| Error::BadTitle {
        title: title.to_owned(),
        reason,
    };
    if t.is_empty() {
        return Err(bad("it is empty"));
    }
    if t.chars().count() > MAX_STORY_TITLE {
        return Err(bad("it is longer than 200 characters"));
    }
    if t.chars().any(char::is_control) {
        return Err(bad("it contains control characters"));
    }
    // A title of digits would be read back as a story id.
    if t.trim_start_matches('#')
        .bytes()
        .all(|b| b.is_ascii_digit())
    {
        return Err(bad("a title of only digits would be taken for a story id"));
    }
    Ok(t.to_owned())
}

/// Trims an optional field; blank means absent.
fn non_blank(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl Storyline {
    /// Opens (creating if needed) the database at `path`, creating parent directories, and
    /// migrates it to the latest schema. Snapshots an older version stored without extracting
    /// their events (before the events schema step) are extracted and merged now, so every
    /// read after this sees them and no front end has to ask.
    pub fn open(path: impl AsRef<Path>) -> Result<Storyline> {
        let mut store = Store::open(path.as_ref())?;
        if !crate::store::events::pending_snapshots(store.conn(), None)?.is_empty() {
            store.write(crate::store::events::catch_up)?;
        }
        Ok(Storyline {
            store,
            fetch: Default::default(),
            figure_cache: Default::default(),
        })
    }

    /// A private in-memory database.
    pub fn open_in_memory() -> Result<Storyline> {
        Ok(Storyline {
            store: Store::open_in_memory()?,
            fetch: Default::default(),
            figure_cache: Default::default(),
        })
    }

    /// The store, for reads by other API modules.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The store, for writes by other API modules (use [`Store::write`]).
    pub fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    /// All stories with counts, oldest first.
    pub fn stories(&self) -> Result<Vec<StorySummary>> {
        queries::story_summaries(self.store.conn())
    }

    /// The story with this title or id.
    pub fn story(&self, story: &str) -> Result<Story> {
        queries::story(self.store.conn(), story)
    }

    /// Creates an empty story.
    pub fn create_story(&mut self, title: &str, now: DateTime<Utc>) -> Result<Story> {
        let title = check_story_title(title)?;
        self.store.write(|tx| {
            if queries::find_story(tx, &title)?.is_some() {
                return Err(Error::StoryExists(title.clone()));
            }
            queries::insert_story(tx, &title, &stamp(now))
        })
    }

    /// Renames a story (given by title or id).
    pub fn rename_story(&mut self, story: &str, new_title: &str) -> Result<Story> {
        let new_title = check_story_title(new_title)?;
        self.store.write(|tx| {
            let mut s = queries::story(tx, story)?;
            if let Some(other) = queries::find_story(tx, &new_title)? {
                if other.id != s.id {
                    return Err(Error::StoryExists(new_title.clone()));
                }
            }
            queries::rename_story(tx, s.id, &new_title)?;
            s.title = new_title.clone();
            Ok(s)
        })
    }

    /// Deletes a story with all its articles and snapshots.
    pub fn delete_story(&mut self, story: &str) -> Result<DeletedStory> {
        self.store.write(|tx| {
            let s = queries::story(tx, story)?;
            let (articles, snapshots) = queries::count_story_contents(tx, s.id)?;
            queries::delete_story(tx, s.id)?;
            Ok(DeletedStory {
                story_id: s.id,
                title: s.title,
                articles,
                snapshots,
            })
        })
    }

    /// A story's snapshots (without text), oldest publication first.
    pub fn snapshots(&self, story: &str) -> Result<Vec<SnapshotInfo>> {
        let conn = self.store.conn();
        let s = queries::story(conn, story)?;
        queries::snapshots_of_story(conn, s.id)
    }

    /// One snapshot with its text.
    pub fn snapshot(&self, id: i64) -> Result<Snapshot> {
        queries::snapshot(self.store.conn(), id)
    }

    /// The raw HTML a snapshot was made from, if it came from HTML.
    pub fn snapshot_html(&self, id: i64) -> Result<Option<String>> {
        queries::snapshot_html(self.store.conn(), id)
    }

    /// Deletes one snapshot; its article goes too if this was its only snapshot. Later versions
    /// keep their numbers.
    pub fn delete_snapshot(&mut self, id: i64) -> Result<DeletedSnapshot> {
        self.store.write(|tx| {
            let info = queries::snapshot_info(tx, id)?;
            queries::delete_snapshot(tx, id)?;
            let article_removed = queries::article_snapshot_count(tx, info.article_id)? == 0;
            if article_removed {
                queries::delete_article(tx, info.article_id)?;
            }
            after_snapshot_removed(tx, info.story_id)?;
            Ok(DeletedSnapshot {
                snapshot_id: id,
                story_id: info.story_id,
                article_id: info.article_id,
                article_removed,
            })
        })
    }

    /// Word diff from snapshot `a` to snapshot `b`; without `b`, from the previous version of
    /// `a`'s article to `a`.
    pub fn diff(&self, a: i64, b: Option<i64>) -> Result<SnapshotDiff> {
        let conn = self.store.conn();
        let (from, to) = match b {
            Some(b) => (a, b),
            None => {
                queries::snapshot_info(conn, a)?;
                let prev =
                    queries::previous_version(conn, a)?.ok_or(Error::NoPreviousVersion(a))?;
                (prev, a)
            }
        };
        let old = queries::snapshot_text(conn, from)?;
        let new = queries::snapshot_text(conn, to)?;
        let d = diff::diff_words(&old, &new);
        Ok(SnapshotDiff {
            from,
            to,
            ops: d.ops,
            stats: d.stats,
        })
    }

    /// Full-text search over snapshot titles and text, best match first; all words must match
    /// (a trailing `*` matches a prefix). `story` limits it to one story.
    pub fn search(&self, query: &str, story: Option<&str>) -> Result<Vec<SearchHit>> {
        let conn = self.store.conn();
        let q = Query::parse(query)?;
        let story_id = story
            .map(|s| queries::story(conn, s))
            .transpose()?
            .map(|s| s.id);
        let mut hits = Vec::new();
        for hit in queries::search(conn, &q.fts, q.phrase.as_deref(), story_id, SEARCH_LIMIT)? {
            let info = hit.info;
            // Prefer a passage of the text; a hit only in the title shows the title.
            let snippet_parts = q
                .snippet(&hit.text)
                .or_else(|| q.snippet(&info.title))
                .unwrap_or_default();
            hits.push(SearchHit {
                snapshot_id: info.id,
                story_id: info.story_id,
                story_title: hit.story_title,
                article_id: info.article_id,
                version: info.version,
                title: info.title,
                outlet: info.outlet,
                published_at: info.published_at,
                snippet: marked(&snippet_parts),
                snippet_parts,
                rank: hit.rank,
            });
        }
        Ok(hits)
    }

    /// Row counts (stories, articles, snapshots).
    pub fn row_counts(&self) -> Result<(i64, i64, i64)> {
        queries::row_counts(self.store.conn())
    }
}

/// Runs inside [`Storyline::delete_snapshot`]'s transaction after a snapshot row is deleted.
fn after_snapshot_removed(tx: &Transaction<'_>, story_id: i64) -> Result<()> {
    crate::store::events::on_snapshot_removed(tx, story_id)
}

#[cfg(test)]
mod tests;
