//! Adding a snapshot: the pipeline with its values in memory. Ingest checks and normalises the
//! input; tagging and extracting need only the text and the publication time, so they run
//! before the write lock; then one transaction inserts the rows and merges the mentions into
//! the story's events (`store::events::merge_mentions`). Nothing just written is read back.

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::Transaction;

use super::{check_story_title, non_blank, stamp, AddResult, AddSnapshot, Storyline};
use crate::error::{Error, Result};
use crate::ingest;
use crate::store::queries::{self, NewSnapshot};

impl Storyline {
    /// Adds a snapshot. See [`AddSnapshot`]. All-or-nothing: on any error nothing is stored.
    pub fn add_snapshot(&mut self, req: AddSnapshot, now: DateTime<Utc>) -> Result<AddResult> {
        // Everything that can be checked without the database is checked first.
        let content = ingest::read_content(&req.content, req.format)?;
        // An HTML page says things about itself; the user's flags still win.
        let page = content
            .raw_html
            .as_deref()
            .map(|html| crate::fetch::extract::page_meta(html, non_blank(&req.url)))
            .unwrap_or_default();
        let published = match (non_blank(&req.published), page.published) {
            (None, Some(at)) => ingest::Published {
                at,
                assumed: false,
                date_only: false,
            },
            _ => ingest::parse_published(req.published.as_deref(), now)?,
        };
        // Article identity: the page's canonical URL when it names one, else the URL given.
        let given_url = non_blank(&req.url).map(ingest::normalise_url).transpose()?;
        let url = page
            .canonical
            .as_deref()
            .and_then(|c| ingest::normalise_url(c).ok())
            .or(given_url);
        let title = non_blank(&req.title)
            .map(str::to_owned)
            .or(page.title)
            .unwrap_or_else(|| ingest::default_title(&content.text));
        let outlet = non_blank(&req.outlet)
            .map(str::to_owned)
            .or(page.site_name)
            .or_else(|| url.as_deref().and_then(ingest::outlet_from_url));
        let modified = page
            .modified
            .map(|m| m.to_rfc3339_opts(SecondsFormat::Secs, true));
        let sha = ingest::sha256_hex(&content.text);
        let story_arg = non_blank(&req.story).map(str::to_owned);
        let captured = stamp(now);
        // The slow part of an add, tagging and extracting events, depends on the text and the
        // publication time only: do it before taking the write lock, not while other writers
        // (the app, `serve`, another CLI) wait for it. A text the store already holds for this
        // article is not tagged at all: a read finds that first (the transaction below decides
        // again, and tags after all should the store have changed in between).
        let known = known_text(
            self.store.conn(),
            req.version_of,
            story_arg.as_deref(),
            url.as_deref(),
            &sha,
        )
        .unwrap_or(false);
        let mut mentions = (!known).then(|| crate::events::mentions(&content.text, published.at));

        self.store.write(|tx| {
            // A URL for a pasted article that `version_of` gives its first URL.
            let mut url_for_article: Option<String> = None;
            // Find (or create) the story and the article this snapshot belongs to.
            let (story_id, article) = if let Some(of) = req.version_of {
                let base = queries::snapshot_info(tx, of)?;
                if let Some(arg) = &story_arg {
                    let given = queries::find_story(tx, arg)?;
                    if given.as_ref().map(|s| s.id) != Some(base.story_id) {
                        let actual = queries::story_by_id(tx, base.story_id)?
                            .map(|s| s.title)
                            .unwrap_or_default();
                        return Err(Error::StoryMismatch {
                            snapshot: of,
                            given: arg.clone(),
                            actual,
                        });
                    }
                }
                let article = queries::article(tx, base.article_id)?;
                match (&article.url, &url) {
                    (Some(have), Some(given)) if have != given => {
                        return Err(Error::UrlMismatch {
                            snapshot: of,
                            article_url: have.clone(),
                            given_url: given.clone(),
                        })
                    }
                    (None, Some(given)) => {
                        if queries::article_by_url(tx, base.story_id, given)?.is_some() {
                            return Err(Error::UrlTaken(given.clone()));
                        }
                        // Set below, once it is known that the text is not unchanged.
                        url_for_article = Some(given.clone());
                    }
                    _ => {}
                }
                (base.story_id, Some(article))
            } else {
                let arg = story_arg.as_deref().ok_or(Error::StoryMissing)?;
                let story = match queries::find_story(tx, arg)? {
                    Some(s) => s,
                    None => queries::insert_story(tx, &check_story_title(arg)?, &captured)?,
                };
                let article = match &url {
                    Some(u) => queries::article_by_url(tx, story.id, u)?,
                    None => match queries::pasted_article_with_sha(tx, story.id, &sha)? {
                        Some((article_id, snapshot_id, version)) => {
                            return Ok(AddResult {
                                snapshot_id,
                                story_id: story.id,
                                article_id,
                                version,
                                unchanged: true,
                            })
                        }
                        None => None,
                    },
                };
                (story.id, article)
            };

            let (article_id, version) = match article {
                Some(a) => {
                    // The same text as any version, not only the latest, is nothing new.
                    if let Some((snapshot_id, version)) = queries::version_with_sha(tx, a.id, &sha)?
                    {
                        return Ok(AddResult {
                            snapshot_id,
                            story_id,
                            article_id: a.id,
                            version,
                            unchanged: true,
                        });
                    }
                    (a.id, queries::max_version(tx, a.id)?.unwrap_or(0) + 1)
                }
                None => (
                    queries::insert_article(tx, story_id, url.as_deref(), &captured)?.id,
                    1,
                ),
            };

            if let Some(u) = &url_for_article {
                queries::set_article_url(tx, article_id, u)?;
            }
            let published_utc = stamp(published.at.with_timezone(&Utc));
            let snapshot_id = queries::insert_snapshot(
                tx,
                &NewSnapshot {
                    article_id,
                    version,
                    title: &title,
                    outlet: outlet.as_deref(),
                    url: non_blank(&req.url),
                    published_at: &published.to_rfc3339(),
                    published_utc: &published_utc,
                    published_assumed: published.assumed,
                    captured_at: &captured,
                    text: &content.text,
                    raw_html: content.raw_html.as_deref(),
                    sha256: &sha,
                    word_count: ingest::word_count(&content.text) as i64,
                    modified_at: modified.as_deref(),
                },
            )?;
            // Versions follow publication time: a text published before the latest one
            // takes its place in the order.
            let version = if version > 1 {
                queries::renumber_versions(tx, article_id)?;
                queries::snapshot_info(tx, snapshot_id)?.version
            } else {
                version
            };
            let mentions = mentions
                .take()
                .unwrap_or_else(|| crate::events::mentions(&content.text, published.at));
            after_snapshot_written(tx, story_id, snapshot_id, published.at, mentions)?;
            Ok(AddResult {
                snapshot_id,
                story_id,
                article_id,
                version,
                unchanged: false,
            })
        })
    }
}

/// Whether the transaction of [`Storyline::add_snapshot`] would find `sha` among the versions of
/// the article the request names, and so store nothing: the same lookups, read-only. `false`
/// whenever that transaction would fail or create something (it then reports it).
fn known_text(
    conn: &rusqlite::Connection,
    version_of: Option<i64>,
    story_arg: Option<&str>,
    url: Option<&str>,
    sha: &str,
) -> Result<bool> {
    let article_id = if let Some(of) = version_of {
        let base = queries::snapshot_info(conn, of)?;
        if let Some(arg) = story_arg {
            if queries::find_story(conn, arg)?.map(|s| s.id) != Some(base.story_id) {
                return Ok(false);
            }
        }
        let article = queries::article(conn, base.article_id)?;
        match (&article.url, url) {
            (Some(have), Some(given)) if have != given => return Ok(false),
            (None, Some(given))
                if queries::article_by_url(conn, base.story_id, given)?.is_some() =>
            {
                return Ok(false)
            }
            _ => {}
        }
        article.id
    } else {
        let Some(story) = story_arg
            .map(|a| queries::find_story(conn, a))
            .transpose()?
            .flatten()
        else {
            return Ok(false);
        };
        match url {
            Some(u) => match queries::article_by_url(conn, story.id, u)? {
                Some(a) => a.id,
                None => return Ok(false),
            },
            None => return Ok(queries::pasted_article_with_sha(conn, story.id, sha)?.is_some()),
        }
    };
    Ok(queries::version_with_sha(conn, article_id, sha)?.is_some())
}

/// Runs inside [`Storyline::add_snapshot`]'s transaction right after a new snapshot row is
/// written: the one place where derived data (the story's events) gets recomputed, so an
/// error here rolls the whole snapshot back. `mentions` were extracted before the transaction.
pub(super) fn after_snapshot_written(
    tx: &Transaction<'_>,
    story_id: i64,
    snapshot_id: i64,
    published: chrono::DateTime<chrono::FixedOffset>,
    mentions: Vec<crate::events::Mention>,
) -> Result<()> {
    crate::store::events::merge_mentions(tx, story_id, snapshot_id, published, mentions)
}
