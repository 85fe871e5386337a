//! Copies out of the database: a backup of the whole file, and one story as a bundle (JSON)
//! that another database imports.
//!
//! A bundle holds what a user added (story, articles, snapshots with their text and raw HTML)
//! and nothing derived: the importing side extracts the events again, so a bundle from an older
//! Storyline gets today's events.

use std::path::Path;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{check_story_title, stamp, Storyline};
use crate::error::{Error, Result};
use crate::ingest::{self, InputFormat};
use crate::store::queries::{self, NewSnapshot, SnapshotRow};

/// The `format` field of a bundle.
pub const BUNDLE_FORMAT: &str = "storyline-story";
/// The bundle layout this build writes and reads.
pub const BUNDLE_VERSION: u32 = 1;

/// One story with everything a user added to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bundle {
    pub format: String,
    pub version: u32,
    pub story: BundleStory,
    pub articles: Vec<BundleArticle>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleStory {
    pub title: String,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleArticle {
    /// The normalised URL; none for pasted text.
    pub url: Option<String>,
    pub created_at: String,
    /// Its versions, first to last.
    pub snapshots: Vec<SnapshotRow>,
}

/// What [`Storyline::import_story`] added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Imported {
    pub story_id: i64,
    pub title: String,
    pub articles: usize,
    pub snapshots: usize,
}

/// What [`Storyline::backup`] wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Backup {
    pub path: String,
    pub bytes: u64,
}

fn bad(message: impl Into<String>) -> Error {
    Error::BadBundle(message.into())
}

impl Storyline {
    /// Writes a consistent copy of the whole database to `path` (SQLite's `VACUUM INTO`: a
    /// compact file, taken from one read snapshot while other connections go on writing).
    /// `path` must not exist yet.
    pub fn backup(&self, path: &Path) -> Result<Backup> {
        let shown = path.display().to_string();
        if path.exists() {
            return Err(Error::Io {
                action: "will not overwrite",
                path: shown,
                cause: std::io::ErrorKind::AlreadyExists.into(),
            });
        }
        let target = path.to_str().ok_or_else(|| Error::Io {
            action: "cannot write a backup to",
            path: shown.clone(),
            cause: std::io::Error::new(std::io::ErrorKind::InvalidInput, "the path is not UTF-8"),
        })?;
        self.store().conn().execute("VACUUM INTO ?1", [target])?;
        let bytes = std::fs::metadata(path)
            .map_err(|cause| Error::Io {
                action: "cannot read the backup",
                path: shown.clone(),
                cause,
            })?
            .len();
        Ok(Backup { path: shown, bytes })
    }

    /// One story as a [`Bundle`].
    pub fn export_story(&self, story: &str) -> Result<Bundle> {
        let conn = self.store().conn();
        let s = queries::story(conn, story)?;
        let mut articles = Vec::new();
        for (id, url, created_at) in queries::articles_of_story(conn, s.id)? {
            articles.push(BundleArticle {
                url,
                created_at,
                snapshots: queries::snapshot_rows_of_article(conn, id)?,
            });
        }
        Ok(Bundle {
            format: BUNDLE_FORMAT.into(),
            version: BUNDLE_VERSION,
            story: BundleStory {
                title: s.title,
                created_at: s.created_at,
            },
            articles,
        })
    }

    /// Adds a [`Bundle`] as a new story (titled `title`, else the bundle's title; a story of
    /// that title must not exist). Every snapshot is checked as an add checks it, and the
    /// events are extracted again. All or nothing.
    pub fn import_story(
        &mut self,
        bundle: Bundle,
        title: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Imported> {
        if bundle.format != BUNDLE_FORMAT {
            return Err(bad(format!(
                "this is not a Storyline story bundle (format {:?})",
                bundle.format
            )));
        }
        if bundle.version > BUNDLE_VERSION {
            return Err(bad(format!(
                "the bundle is version {}, but this Storyline reads up to version \
                 {BUNDLE_VERSION}: update Storyline",
                bundle.version
            )));
        }
        let title = check_story_title(title.unwrap_or(&bundle.story.title))?;
        // Check every snapshot and extract its events before taking the write lock.
        struct Ready {
            row: SnapshotRow,
            text: String,
            published_utc: String,
            sha: String,
            words: i64,
            mentions: (
                chrono::DateTime<chrono::FixedOffset>,
                Vec<crate::events::Mention>,
            ),
        }
        let mut articles = Vec::new();
        let mut count = 0;
        for a in bundle.articles {
            let url = a.url.as_deref().map(ingest::normalise_url).transpose()?;
            let mut versions = Vec::new();
            for row in a.snapshots {
                let text = ingest::read_content(row.text.as_bytes(), InputFormat::Text)?.text;
                let at = DateTime::parse_from_rfc3339(&row.published_at).map_err(|e| {
                    bad(format!(
                        "snapshot published_at {:?} is not RFC 3339: {e}",
                        row.published_at
                    ))
                })?;
                DateTime::parse_from_rfc3339(&row.captured_at).map_err(|e| {
                    bad(format!(
                        "snapshot captured_at {:?} is not RFC 3339: {e}",
                        row.captured_at
                    ))
                })?;
                if row.title.trim().is_empty() {
                    return Err(bad("a snapshot has an empty title"));
                }
                let mentions = (at, crate::events::mentions(&text, at));
                versions.push(Ready {
                    sha: ingest::sha256_hex(&text),
                    words: ingest::word_count(&text) as i64,
                    published_utc: stamp(at.with_timezone(&Utc)),
                    text,
                    row,
                    mentions,
                });
                count += 1;
            }
            if versions.is_empty() {
                return Err(bad("an article has no snapshots"));
            }
            articles.push((url, a.created_at, versions));
        }
        let n_articles = articles.len();
        let created = if bundle.story.created_at.trim().is_empty() {
            stamp(now)
        } else {
            bundle.story.created_at
        };
        self.store_mut().write(|tx| {
            if queries::find_story(tx, &title)?.is_some() {
                return Err(Error::StoryExists(title.clone()));
            }
            let story = queries::insert_story(tx, &title, &created)?;
            for (url, created_at, versions) in articles {
                let article = queries::insert_article(tx, story.id, url.as_deref(), &created_at)?;
                for (i, v) in versions.into_iter().enumerate() {
                    let snapshot_id = queries::insert_snapshot(
                        tx,
                        &NewSnapshot {
                            article_id: article.id,
                            // Versions count from 1 without gaps, whatever the bundle says.
                            version: i as i64 + 1,
                            title: v.row.title.trim(),
                            outlet: v.row.outlet.as_deref(),
                            url: v.row.url.as_deref(),
                            published_at: &v.row.published_at,
                            published_utc: &v.published_utc,
                            published_assumed: v.row.published_assumed,
                            captured_at: &v.row.captured_at,
                            text: &v.text,
                            raw_html: v.row.raw_html.as_deref(),
                            sha256: &v.sha,
                            word_count: v.words,
                            modified_at: None,
                        },
                    )?;
                    let (published, mentions) = v.mentions;
                    crate::store::events::merge_mentions(
                        tx,
                        story.id,
                        snapshot_id,
                        published,
                        mentions,
                    )?;
                }
            }
            Ok(Imported {
                story_id: story.id,
                title: title.clone(),
                articles: n_articles,
                snapshots: count,
            })
        })
    }
}
