//! Add by URL, follow pages and feeds, and refresh them.
//!
//! Fetching happens outside any transaction (it is slow and may fail); each fetched page is
//! then stored in one transaction of its own, so a failing source or item leaves nothing
//! behind and never stops the others. A re-fetched page becomes a new version only when its
//! text changed in substance ([`crate::fetch::change`]).

use std::collections::HashSet;

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use rusqlite::Transaction;
use serde::{Deserialize, Serialize};

use super::{non_blank, stamp, timeline::SnapshotChanges, AddResult, Storyline};
use crate::error::{Error, Result};
use crate::fetch::feed::{FeedItem, Matcher};
use crate::fetch::{self, change, FeedFetch, FetchOptions, FetchedPage, PageFetch, Validators};
use crate::ingest;
use crate::store::queries::{self, NewSnapshot};
pub use crate::store::sources::SourceInfo;
use crate::store::sources::{self as src, NewSource};

/// Most new items one refresh takes from one feed (the rest wait for the next refresh).
pub const MAX_NEW_FEED_ITEMS: usize = 20;

/// Default re-check interval of a feed, in minutes.
pub const FEED_INTERVAL_MINS: i64 = 30;

/// A page to fetch and add: `storyline add --url URL` without a file.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AddUrl {
    /// Story title or id (created on first use).
    pub story: Option<String>,
    pub url: String,
    /// Overrides for what the page says.
    pub title: Option<String>,
    pub outlet: Option<String>,
    /// Publication time; wins over the page's own.
    pub published: Option<String>,
}

/// What a fetched page would be stored as: shown for confirmation before saving.
#[derive(Debug, Clone, Serialize)]
pub struct UrlPreview {
    /// The URL after redirects.
    pub url: String,
    /// The article's identity (canonical or normalised URL).
    pub article_url: String,
    pub title: String,
    pub outlet: Option<String>,
    /// The page's publication time (RFC 3339), if it gives one.
    pub published_at: Option<String>,
    pub modified_at: Option<String>,
    pub word_count: usize,
    pub text: String,
}

/// One version a fetch stored (or found unchanged).
#[derive(Debug, Clone, Serialize)]
pub struct AddedVersion {
    #[serde(flatten)]
    pub result: AddResult,
    pub article_url: String,
    pub title: String,
    pub outlet: Option<String>,
    pub published_at: String,
    pub published_assumed: bool,
    /// Word counts of the previous and this version.
    pub words_before: Option<i64>,
    pub words_after: i64,
    /// What the version changed in the timeline (none when unchanged).
    pub changes: Option<SnapshotChanges>,
}

/// `follow` / `follow_feed` arguments.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Follow {
    pub story: Option<String>,
    pub url: String,
    /// Re-check every this many minutes (default: by the article's age; feeds 30).
    pub every_mins: Option<i64>,
    /// Feeds only: which items to take (see [`Matcher`]).
    #[serde(rename = "match")]
    pub match_words: Option<String>,
}

/// What following did.
#[derive(Debug, Clone, Serialize)]
pub struct FollowResult {
    pub source: SourceInfo,
    /// A page's first fetch, stored right away.
    pub added: Option<AddedVersion>,
    /// Items the feed holds now and how many of them match (taken on refresh).
    pub feed_items: Option<usize>,
    pub feed_matching: Option<usize>,
}

/// An error as stored on a source and shown to the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorInfo {
    pub kind: String,
    pub message: String,
}

impl From<&Error> for ErrorInfo {
    fn from(e: &Error) -> ErrorInfo {
        ErrorInfo {
            kind: e.kind().to_owned(),
            message: e.to_string(),
        }
    }
}

/// What refreshing one source did.
#[derive(Debug, Clone, Serialize)]
pub struct SourceOutcome {
    pub source_id: i64,
    pub kind: String,
    pub url: String,
    /// `changed` (something stored), `unchanged` (fetched, nothing new), `not_modified` (the
    /// server said 304) or `error`.
    pub status: String,
    pub error: Option<ErrorInfo>,
    /// Versions stored (a page: at most one; a feed: its new items).
    pub added: Vec<AddedVersion>,
    /// Feed items that could not be fetched (tried again next time).
    pub item_errors: Vec<ItemError>,
    pub next_due: String,
}

/// A feed item whose page failed.
#[derive(Debug, Clone, Serialize)]
pub struct ItemError {
    pub url: String,
    pub error: ErrorInfo,
}

/// What `refresh` did, source by source.
#[derive(Debug, Clone, Serialize)]
pub struct RefreshReport {
    pub sources: Vec<SourceOutcome>,
    pub checked: usize,
    pub changed: usize,
    pub failed: usize,
}

/// Progress of a refresh, for a front end's progress bar.
#[derive(Debug, Clone, Copy)]
pub struct RefreshProgress<'a> {
    pub done: usize,
    pub total: usize,
    pub outcome: &'a SourceOutcome,
}

/// The work one source needs, done on a fetch thread (no database).
struct Job {
    source: SourceInfo,
    validators: Validators,
    matcher: Matcher,
    seen: HashSet<String>,
}

enum Fetched {
    Page(Result<PageFetch>),
    Feed {
        feed: Result<FeedFetch>,
        items: Vec<(FeedItem, Result<PageFetch>)>,
    },
}

impl Storyline {
    /// How fetching behaves.
    pub fn fetch_options(&self) -> &FetchOptions {
        &self.fetch
    }

    /// Sets how fetching behaves (front ends shorten timeouts for tests).
    pub fn set_fetch_options(&mut self, opts: FetchOptions) {
        self.fetch = opts;
    }

    /// Fetches `url` and shows what would be stored, storing nothing.
    pub fn preview_url(&self, url: &str) -> Result<UrlPreview> {
        let page = fetch_once(url, &self.fetch)?;
        Ok(UrlPreview {
            url: page.url.clone(),
            article_url: page.article_url.clone(),
            title: page.title.clone(),
            outlet: page.outlet.clone(),
            published_at: page
                .published
                .map(|p| p.to_rfc3339_opts(SecondsFormat::Secs, true)),
            modified_at: page
                .modified
                .map(|p| p.to_rfc3339_opts(SecondsFormat::Secs, true)),
            word_count: ingest::word_count(&page.text),
            text: page.text,
        })
    }

    /// Fetches the page at `req.url` and adds it to the story: a new article, or the next
    /// version of the article with the same identity (canonical or normalised URL).
    pub fn add_url(&mut self, req: AddUrl, now: DateTime<Utc>) -> Result<AddedVersion> {
        let story = non_blank(&req.story).ok_or(Error::StoryMissing)?.to_owned();
        let overrides = Overrides::new(&req)?;
        let page = fetch_once(&req.url, &self.fetch)?;
        // Build the tagger before taking the write lock, not while other writers wait.
        let _ = crate::timex::Tagger::global();
        let added = self.store.write(|tx| {
            let story_id = story_for_write(tx, &story, now)?;
            store_page(tx, story_id, None, &page, &overrides, now)
        })?;
        self.with_changes(added)
    }

    /// Follows a page: fetches it now (adding its first version, or the next one) and then on
    /// every refresh. Following it again changes only the interval.
    pub fn follow(&mut self, req: Follow, now: DateTime<Utc>) -> Result<FollowResult> {
        let story = non_blank(&req.story).ok_or(Error::StoryMissing)?.to_owned();
        check_interval(req.every_mins)?;
        let page = fetch_once(&req.url, &self.fetch)?;
        let url = ingest::normalise_url(&req.url)?;
        // Build the tagger before taking the write lock, not while other writers wait.
        let _ = crate::timex::Tagger::global();
        let (added, source_id) = self.store.write(|tx| {
            let story_id = story_for_write(tx, &story, now)?;
            let existing = src::find(tx, story_id, "page", &url)?;
            let hint = existing
                .map(|id| src::by_id(tx, id))
                .transpose()?
                .and_then(|s| s.article_id);
            let added = store_page(tx, story_id, hint, &page, &Overrides::default(), now)?;
            let id = match existing {
                Some(id) => {
                    src::update_settings(tx, id, None, req.every_mins)?;
                    id
                }
                None => src::insert(
                    tx,
                    &NewSource {
                        story_id,
                        kind: "page",
                        url: &url,
                        article_id: Some(added.result.article_id),
                        feed_id: None,
                        match_words: None,
                        interval_mins: req.every_mins,
                        created_at: &stamp(now),
                        next_due: &stamp(now),
                    },
                )?,
            };
            let interval = page_interval(tx, req.every_mins, Some(added.result.article_id), now)?;
            src::record_success(
                tx,
                id,
                &stamp(now),
                !added.result.unchanged,
                Some(added.result.article_id),
                page.validators.etag.as_deref(),
                page.validators.last_modified.as_deref(),
                &stamp(now + interval),
            )?;
            Ok((added, id))
        })?;
        let added = self.with_changes(added)?;
        Ok(FollowResult {
            source: src::by_id(self.store.conn(), source_id)?,
            added: Some(added),
            feed_items: None,
            feed_matching: None,
        })
    }

    /// Follows a feed: checks now that it is a feed; its matching items are added on refresh.
    pub fn follow_feed(&mut self, req: Follow, now: DateTime<Utc>) -> Result<FollowResult> {
        let story = non_blank(&req.story).ok_or(Error::StoryMissing)?.to_owned();
        check_interval(req.every_mins)?;
        let items = match fetch::fetch_feed(&req.url, &self.fetch, &Validators::default())? {
            FeedFetch::Items { items, .. } => items,
            FeedFetch::NotModified(_) => Vec::new(),
        };
        let url = ingest::normalise_url(&req.url)?;
        let match_words = non_blank(&req.match_words).map(str::to_owned);
        let matcher = Matcher::new(match_words.as_deref());
        let matching = items.iter().filter(|i| matcher.matches(i)).count();
        let source_id = self.store.write(|tx| {
            let story_id = story_for_write(tx, &story, now)?;
            match src::find(tx, story_id, "feed", &url)? {
                Some(id) => {
                    src::update_settings(tx, id, match_words.as_deref(), req.every_mins)?;
                    Ok(id)
                }
                None => src::insert(
                    tx,
                    &NewSource {
                        story_id,
                        kind: "feed",
                        url: &url,
                        article_id: None,
                        feed_id: None,
                        match_words: match_words.as_deref(),
                        interval_mins: req.every_mins,
                        created_at: &stamp(now),
                        // Due at once: the first refresh takes the matching items.
                        next_due: &stamp(now),
                    },
                ),
            }
        })?;
        Ok(FollowResult {
            source: src::by_id(self.store.conn(), source_id)?,
            added: None,
            feed_items: Some(items.len()),
            feed_matching: Some(matching),
        })
    }

    /// Stops following: `url_or_id` is a source id or a followed URL (in `story`, or in every
    /// story). The articles already stored stay.
    pub fn unfollow(&mut self, url_or_id: &str, story: Option<&str>) -> Result<Vec<SourceInfo>> {
        let arg = url_or_id.trim();
        self.store.write(|tx| {
            let story_id = story
                .map(|s| queries::story(tx, s))
                .transpose()?
                .map(|s| s.id);
            let all = src::list(tx, story_id)?;
            let gone: Vec<SourceInfo> = match arg.trim_start_matches('#').parse::<i64>() {
                Ok(id) => all.into_iter().filter(|s| s.id == id).collect(),
                Err(_) => {
                    let url = ingest::normalise_url(arg)?;
                    all.into_iter().filter(|s| s.url == url).collect()
                }
            };
            if gone.is_empty() {
                return Err(Error::SourceNotFound(arg.to_owned()));
            }
            for s in &gone {
                src::delete(tx, s.id)?;
            }
            Ok(gone)
        })
    }

    /// Followed pages and feeds, of one story or all.
    pub fn sources(&self, story: Option<&str>) -> Result<Vec<SourceInfo>> {
        let conn = self.store.conn();
        let story_id = story
            .map(|s| queries::story(conn, s))
            .transpose()?
            .map(|s| s.id);
        src::list(conn, story_id)
    }

    /// Fetches the followed sources (of `story`, or all; with `due_only`, those whose time has
    /// come), a few at once, and stores what changed. One failing source never stops the
    /// others: its error is stored on it and reported.
    pub fn refresh(
        &mut self,
        story: Option<&str>,
        due_only: bool,
        now: DateTime<Utc>,
        progress: &mut dyn FnMut(RefreshProgress<'_>),
    ) -> Result<RefreshReport> {
        let now_s = stamp(now);
        let mut jobs = Vec::new();
        for s in self.sources(story)? {
            if due_only && s.next_due > now_s {
                continue;
            }
            let (matcher, seen) = if s.kind == "feed" {
                (
                    Matcher::new(s.match_words.as_deref()),
                    src::seen_items(self.store.conn(), s.id)?,
                )
            } else {
                (Matcher::default(), HashSet::new())
            };
            // A page whose article was deleted is fetched afresh, not as "not modified".
            let validators = if s.kind == "page" && s.article_id.is_none() {
                Validators::default()
            } else {
                Validators {
                    etag: s.etag.clone(),
                    last_modified: s.last_modified.clone(),
                }
            };
            jobs.push(Job {
                source: s,
                validators,
                matcher,
                seen,
            });
        }
        let total = jobs.len();
        let opts = self.fetch.clone();
        // Build the tagger before taking the write lock, not while other writers wait.
        let _ = crate::timex::Tagger::global();
        let sources: Vec<SourceInfo> = jobs.iter().map(|j| j.source.clone()).collect();
        let mut outcomes: Vec<SourceOutcome> = Vec::with_capacity(total);
        let mut fatal: Option<Error> = None;
        fetch::pool::run(
            jobs,
            opts.parallel,
            opts.per_host,
            |j| host_of(&j.source.url),
            |j| run_job(j, &opts),
            |index, fetched| {
                let source = &sources[index];
                let fetched = fetched.unwrap_or_else(|| {
                    Fetched::Page(Err(Error::FetchFailed {
                        url: source.url.clone(),
                        reason: "the fetch stopped unexpectedly".into(),
                    }))
                });
                match self.store_fetched(source, fetched, now) {
                    Ok(outcome) => {
                        outcomes.push(outcome);
                        progress(RefreshProgress {
                            done: outcomes.len(),
                            total,
                            outcome: outcomes.last().expect("just pushed"),
                        });
                    }
                    // A database error is not the source's fault: stop after the running ones.
                    Err(e) => {
                        fatal.get_or_insert(e);
                    }
                }
            },
        );
        if let Some(e) = fatal {
            return Err(e);
        }
        outcomes.sort_by_key(|o| o.source_id);
        Ok(RefreshReport {
            checked: outcomes.len(),
            changed: outcomes.iter().filter(|o| o.status == "changed").count(),
            failed: outcomes.iter().filter(|o| o.error.is_some()).count(),
            sources: outcomes,
        })
    }

    /// Stores one source's fetch result; fetch errors go on the source.
    fn store_fetched(
        &mut self,
        source: &SourceInfo,
        fetched: Fetched,
        now: DateTime<Utc>,
    ) -> Result<SourceOutcome> {
        let mut outcome = SourceOutcome {
            source_id: source.id,
            kind: source.kind.clone(),
            url: source.url.clone(),
            status: "unchanged".into(),
            error: None,
            added: Vec::new(),
            item_errors: Vec::new(),
            next_due: String::new(),
        };
        match fetched {
            Fetched::Page(result) => {
                let page = match result {
                    Ok(PageFetch::Page(page)) => Some(page),
                    Ok(PageFetch::NotModified(v)) => {
                        outcome.status = "not_modified".into();
                        let next = self.store.write(|tx| {
                            let interval =
                                page_interval(tx, source.interval_mins, source.article_id, now)?;
                            let next = stamp(now + interval);
                            // A 304 may omit the validators: keep the ones we had.
                            src::record_success(
                                tx,
                                source.id,
                                &stamp(now),
                                false,
                                None,
                                v.etag.as_deref().or(source.etag.as_deref()),
                                v.last_modified
                                    .as_deref()
                                    .or(source.last_modified.as_deref()),
                                &next,
                            )?;
                            Ok(next)
                        })?;
                        outcome.next_due = next;
                        None
                    }
                    Err(e) => {
                        self.record_source_error(source, &e, now, &mut outcome)?;
                        None
                    }
                };
                if let Some(page) = page {
                    let stored = self.store.write(|tx| {
                        let added = store_page(
                            tx,
                            source.story_id,
                            source.article_id,
                            &page,
                            &Overrides::default(),
                            now,
                        )?;
                        let interval = page_interval(
                            tx,
                            source.interval_mins,
                            Some(added.result.article_id),
                            now,
                        )?;
                        let next = stamp(now + interval);
                        src::record_success(
                            tx,
                            source.id,
                            &stamp(now),
                            !added.result.unchanged,
                            Some(added.result.article_id),
                            page.validators.etag.as_deref(),
                            page.validators.last_modified.as_deref(),
                            &next,
                        )?;
                        Ok((added, next))
                    });
                    match stored {
                        Ok((added, next)) => {
                            outcome.next_due = next;
                            if !added.result.unchanged {
                                outcome.status = "changed".into();
                                outcome.added.push(self.with_changes(added)?);
                            }
                        }
                        Err(e) if e.is_user_error() => {
                            self.record_source_error(source, &e, now, &mut outcome)?
                        }
                        Err(e) => return Err(e),
                    }
                }
            }
            Fetched::Feed { feed, items } => {
                let validators = match feed {
                    Err(e) => {
                        self.record_source_error(source, &e, now, &mut outcome)?;
                        return Ok(outcome);
                    }
                    Ok(FeedFetch::NotModified(v)) => {
                        outcome.status = "not_modified".into();
                        Validators {
                            etag: v.etag.or(source.etag.clone()),
                            last_modified: v.last_modified.or(source.last_modified.clone()),
                        }
                    }
                    Ok(FeedFetch::Items { validators, .. }) => validators,
                };
                for (item, result) in items {
                    let item_url = item.url.clone().unwrap_or_else(|| item.key.clone());
                    let stored = match result {
                        Ok(PageFetch::Page(page)) => self.store.write(|tx| {
                            let added = store_page(
                                tx,
                                source.story_id,
                                None,
                                &page,
                                &Overrides::default(),
                                now,
                            )?;
                            src::mark_item(
                                tx,
                                source.id,
                                &item.key,
                                Some(added.result.article_id),
                                &stamp(now),
                            )?;
                            // Its page is followed from now on, like any followed page.
                            let page_url = ingest::normalise_url(&page.requested_url)?;
                            if src::find(tx, source.story_id, "page", &page_url)?.is_none() {
                                let id = src::insert(
                                    tx,
                                    &NewSource {
                                        story_id: source.story_id,
                                        kind: "page",
                                        url: &page_url,
                                        article_id: Some(added.result.article_id),
                                        feed_id: Some(source.id),
                                        match_words: None,
                                        interval_mins: None,
                                        created_at: &stamp(now),
                                        next_due: &stamp(now),
                                    },
                                )?;
                                let interval =
                                    page_interval(tx, None, Some(added.result.article_id), now)?;
                                src::record_success(
                                    tx,
                                    id,
                                    &stamp(now),
                                    true,
                                    Some(added.result.article_id),
                                    page.validators.etag.as_deref(),
                                    page.validators.last_modified.as_deref(),
                                    &stamp(now + interval),
                                )?;
                            }
                            Ok(added)
                        }),
                        Ok(PageFetch::NotModified(_)) => continue,
                        Err(e) => Err(e),
                    };
                    match stored {
                        Ok(added) => {
                            if !added.result.unchanged {
                                outcome.added.push(self.with_changes(added)?);
                            }
                        }
                        Err(e) if e.is_user_error() => outcome.item_errors.push(ItemError {
                            url: item_url,
                            error: ErrorInfo::from(&e),
                        }),
                        Err(e) => return Err(e),
                    }
                }
                if !outcome.added.is_empty() {
                    outcome.status = "changed".into();
                }
                let interval =
                    Duration::minutes(source.interval_mins.unwrap_or(FEED_INTERVAL_MINS));
                let next = stamp(now + interval);
                self.store.write(|tx| {
                    src::record_success(
                        tx,
                        source.id,
                        &stamp(now),
                        !outcome.added.is_empty(),
                        None,
                        validators.etag.as_deref(),
                        validators.last_modified.as_deref(),
                        &next,
                    )?;
                    // An item that failed is the feed's error until it works.
                    if let Some(first) = outcome.item_errors.first() {
                        src::record_error(
                            tx,
                            source.id,
                            &stamp(now),
                            &first.error.kind,
                            &format!("item {}: {}", first.url, first.error.message),
                            &next,
                        )?;
                    }
                    Ok(())
                })?;
                outcome.next_due = next;
            }
        }
        Ok(outcome)
    }

    fn record_source_error(
        &mut self,
        source: &SourceInfo,
        e: &Error,
        now: DateTime<Utc>,
        outcome: &mut SourceOutcome,
    ) -> Result<()> {
        if !e.is_user_error() {
            return Err(Error::FetchFailed {
                url: source.url.clone(),
                reason: e.to_string(),
            });
        }
        let next = self.store.write(|tx| {
            let interval = if source.kind == "feed" {
                Duration::minutes(source.interval_mins.unwrap_or(FEED_INTERVAL_MINS))
            } else {
                page_interval(tx, source.interval_mins, source.article_id, now)?
            };
            let next = stamp(now + interval);
            src::record_error(tx, source.id, &stamp(now), e.kind(), &e.to_string(), &next)?;
            Ok(next)
        })?;
        outcome.status = "error".into();
        outcome.error = Some(ErrorInfo::from(e));
        outcome.next_due = next;
        Ok(())
    }

    /// Adds what the new version changed in the timeline.
    fn with_changes(&self, mut added: AddedVersion) -> Result<AddedVersion> {
        if !added.result.unchanged {
            added.changes = Some(self.changes(added.result.snapshot_id)?);
        }
        Ok(added)
    }
}

/// The user's overrides of what a page says.
#[derive(Debug, Clone, Default)]
struct Overrides {
    title: Option<String>,
    outlet: Option<String>,
    published: Option<ingest::Published>,
}

impl Overrides {
    fn new(req: &AddUrl) -> Result<Overrides> {
        let epoch = DateTime::<Utc>::UNIX_EPOCH;
        Ok(Overrides {
            title: non_blank(&req.title).map(str::to_owned),
            outlet: non_blank(&req.outlet).map(str::to_owned),
            published: match non_blank(&req.published) {
                Some(p) => Some(ingest::parse_published(Some(p), epoch)?),
                None => None,
            },
        })
    }
}

fn check_interval(mins: Option<i64>) -> Result<()> {
    match mins {
        Some(m) if !(1..=525_600).contains(&m) => Err(Error::BadFilter(format!(
            "the re-check interval must be between 1 minute and a year, not {m} minutes: give \
             e.g. 30m, 2h or 1d"
        ))),
        _ => Ok(()),
    }
}

fn fetch_once(url: &str, opts: &FetchOptions) -> Result<FetchedPage> {
    match fetch::fetch_page(url, opts, &Validators::default())? {
        PageFetch::Page(p) => Ok(*p),
        // Without validators a server has nothing to compare with; treat it as a bad answer.
        PageFetch::NotModified(_) => Err(Error::HttpStatus {
            url: url.to_owned(),
            status: 304,
        }),
    }
}

fn run_job(job: Job, opts: &FetchOptions) -> Fetched {
    if job.source.kind != "feed" {
        return Fetched::Page(fetch::fetch_page(&job.source.url, opts, &job.validators));
    }
    let feed = fetch::fetch_feed(&job.source.url, opts, &job.validators);
    let mut items = Vec::new();
    if let Ok(FeedFetch::Items { items: all, .. }) = &feed {
        for item in all
            .iter()
            .filter(|i| i.url.is_some() && !job.seen.contains(&i.key) && job.matcher.matches(i))
            .take(MAX_NEW_FEED_ITEMS)
        {
            let url = item.url.as_deref().expect("filtered on url");
            let page = fetch::fetch_page(url, opts, &Validators::default());
            items.push((item.clone(), page));
        }
    }
    Fetched::Feed { feed, items }
}

fn host_of(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_default()
}

fn story_for_write(tx: &Transaction<'_>, story: &str, now: DateTime<Utc>) -> Result<i64> {
    Ok(match queries::find_story(tx, story)? {
        Some(s) => s.id,
        None => queries::insert_story(tx, &super::check_story_title(story)?, &stamp(now))?.id,
    })
}

/// How long until a page is checked again: what the user set, else by the article's age
/// (news changes most in its first hours): under 6 hours old every 15 minutes, under a day
/// every 30, under 3 days every 2 hours, under a week every 6, then daily.
fn page_interval(
    tx: &rusqlite::Connection,
    set: Option<i64>,
    article_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<Duration> {
    if let Some(m) = set {
        return Ok(Duration::minutes(m));
    }
    let first = match article_id {
        Some(a) => src::article_first_published(tx, a)?,
        None => None,
    };
    let age = first
        .and_then(|f| DateTime::parse_from_rfc3339(&f).ok())
        .map_or(Duration::zero(), |f| now - f.with_timezone(&Utc));
    Ok(interval_for_age(age))
}

/// The re-check interval of an article of this age (see [`page_interval`]).
pub fn interval_for_age(age: Duration) -> Duration {
    let mins = match age.num_hours() {
        h if h < 6 => 15,
        h if h < 24 => 30,
        h if h < 72 => 120,
        h if h < 168 => 360,
        _ => 1440,
    };
    Duration::minutes(mins)
}

/// Stores a fetched page in `story_id`: the next version of its article when the text changed
/// in substance, else nothing (`unchanged`). `hint` is the article a followed source knows.
fn store_page(
    tx: &Transaction<'_>,
    story_id: i64,
    hint: Option<i64>,
    page: &FetchedPage,
    o: &Overrides,
    now: DateTime<Utc>,
) -> Result<AddedVersion> {
    let mut article = match hint {
        Some(id) => Some(queries::article(tx, id)?).filter(|a| a.story_id == story_id),
        None => None,
    };
    // The article's identity first, then the URLs it was reached by (an article added by
    // URL before its canonical link was known).
    for u in [&page.article_url, &page.requested_url, &page.url] {
        if article.is_some() {
            break;
        }
        if let Ok(n) = ingest::normalise_url(u) {
            article = queries::article_by_url(tx, story_id, &n)?;
        }
    }
    let title = o.title.clone().unwrap_or_else(|| page.title.clone());
    let outlet = o.outlet.clone().or_else(|| page.outlet.clone());
    let mut words_before = None;
    let mut version = 1;
    if let Some(a) = &article {
        if let Some((snapshot_id, latest, _)) = queries::latest_version(tx, a.id)? {
            let old = queries::snapshot_text(tx, snapshot_id)?;
            let info = queries::snapshot_info(tx, snapshot_id)?;
            if change::same_article_text(&old, &page.text) {
                return Ok(AddedVersion {
                    result: AddResult {
                        snapshot_id,
                        story_id,
                        article_id: a.id,
                        version: latest,
                        unchanged: true,
                    },
                    article_url: page.article_url.clone(),
                    title: info.title,
                    outlet: info.outlet,
                    published_at: info.published_at,
                    published_assumed: info.published_assumed,
                    words_before: Some(info.word_count),
                    words_after: info.word_count,
                    changes: None,
                });
            }
            words_before = Some(info.word_count);
            version = latest + 1;
        }
    }
    // A later version is dated by the page's "modified" time when it gives a later one: that
    // is when this telling of the story appeared.
    let page_time = match (page.published, page.modified) {
        (Some(p), Some(m)) if version > 1 && m > p => Some(m),
        (p, m) => p.or(m),
    };
    let published = match (o.published, page_time) {
        (Some(p), _) => p,
        (None, Some(at)) => ingest::Published {
            at,
            assumed: false,
            date_only: false,
        },
        (None, None) => ingest::Published {
            at: now.fixed_offset(),
            assumed: true,
            date_only: false,
        },
    };
    let captured = stamp(now);
    let article_id = match article {
        Some(a) => a.id,
        None => queries::insert_article(tx, story_id, Some(&page.article_url), &captured)?.id,
    };
    let sha = ingest::sha256_hex(&page.text);
    let words = ingest::word_count(&page.text) as i64;
    let modified = page
        .modified
        .map(|m| m.to_rfc3339_opts(SecondsFormat::Secs, true));
    let snapshot_id = queries::insert_snapshot(
        tx,
        &NewSnapshot {
            article_id,
            version,
            title: &title,
            outlet: outlet.as_deref(),
            url: Some(&page.requested_url),
            published_at: &published.to_rfc3339(),
            published_utc: &stamp(published.at.with_timezone(&Utc)),
            published_assumed: published.assumed,
            captured_at: &captured,
            text: &page.text,
            raw_html: Some(&page.raw_html),
            sha256: &sha,
            word_count: words,
            modified_at: modified.as_deref(),
        },
    )?;
    // The publication time is known only here (a version may take the page's modified time);
    // tagging a fetched page (at most 10 MB of HTML) inside the lock is bounded.
    let mentions = crate::events::mentions(&page.text, published.at);
    super::add::after_snapshot_written(tx, story_id, snapshot_id, published.at, mentions)?;
    Ok(AddedVersion {
        result: AddResult {
            snapshot_id,
            story_id,
            article_id,
            version,
            unchanged: false,
        },
        article_url: page.article_url.clone(),
        title,
        outlet,
        published_at: published.to_rfc3339(),
        published_assumed: published.assumed,
        words_before,
        words_after: words,
        changes: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interval_grows_with_age() {
        assert_eq!(interval_for_age(Duration::hours(1)), Duration::minutes(15));
        assert_eq!(interval_for_age(Duration::hours(30)), Duration::hours(2));
        assert_eq!(interval_for_age(Duration::days(30)), Duration::days(1));
        assert!(check_interval(Some(0)).is_err());
        assert!(check_interval(Some(60)).is_ok());
    }
}
