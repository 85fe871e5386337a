//! Fetching: web pages and feeds over HTTP, and what Storyline makes of them. Nothing here
//! touches the database or reads the clock; [`crate::api::Storyline`]'s `add_url`, `follow`
//! and `refresh` (in `api/sources.rs`) store the results.
//!
//! - [`http`]: one GET under Storyline's rules (schemes, redirects, timeouts, body cap).
//! - [`charset`]: bytes → text by the page's declared or sniffed encoding.
//! - [`extract`]: the article text (readability) and the page's metadata.
//! - [`feed`]: RSS / Atom / JSON Feed items and `--match`.
//! - [`change`]: whether a new text is a new version or only a cosmetic change.
//! - [`pool`]: fetch many sources at once, a few per host.

pub mod change;
pub mod charset;
pub mod extract;
pub mod feed;
pub mod http;
pub mod pool;

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::ingest;
pub use http::{FetchOptions, Validators};

/// A fetched article page, extracted and checked, ready to store.
#[derive(Debug, Clone, Serialize)]
pub struct FetchedPage {
    /// The URL asked for.
    pub requested_url: String,
    /// The URL after redirects.
    pub url: String,
    /// The article's identity: the normalised canonical URL, else the normalised final URL.
    pub article_url: String,
    pub title: String,
    /// `og:site_name`, else the host.
    pub outlet: Option<String>,
    pub published: Option<DateTime<FixedOffset>>,
    pub modified: Option<DateTime<FixedOffset>>,
    pub text: String,
    #[serde(skip)]
    pub raw_html: String,
    #[serde(skip)]
    pub validators: Validators,
}

/// What fetching a page gave.
#[derive(Debug, Clone)]
pub enum PageFetch {
    /// 304: the page is as it was.
    NotModified(Validators),
    Page(Box<FetchedPage>),
}

fn is_page_type(content_type: &str) -> bool {
    matches!(
        content_type,
        "text/html" | "application/xhtml+xml" | "text/plain"
    )
}

fn is_feed_type(content_type: &str) -> bool {
    // Feeds are served under many names (text/xml, application/rss+xml, application/json,
    // text/plain, even text/html); only types that are surely not a feed are refused early.
    !(content_type.starts_with("image/")
        || content_type.starts_with("audio/")
        || content_type.starts_with("video/")
        || content_type.starts_with("font/")
        || matches!(
            content_type,
            "application/pdf" | "application/zip" | "application/octet-stream"
        ))
}

/// Fetches and extracts the article at `url`. With `validators`, an unchanged page answers
/// [`PageFetch::NotModified`].
pub fn fetch_page(url: &str, opts: &FetchOptions, validators: &Validators) -> Result<PageFetch> {
    let resp = http::get(
        url,
        opts,
        validators,
        "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.5",
        is_page_type,
    )?;
    if resp.not_modified {
        return Ok(PageFetch::NotModified(resp.validators));
    }
    if resp.body.iter().take(1024).any(|&b| b == 0) {
        return Err(Error::NotHtml {
            url: resp.url,
            content_type: "binary data".into(),
        });
    }
    let html = charset::decode(&resp.body, resp.charset.as_deref());
    let page = page_from_html(url, &resp.url, &html, resp.content_type.as_deref())?;
    Ok(PageFetch::Page(Box::new(FetchedPage {
        validators: resp.validators,
        ..page
    })))
}

/// Extracts an article from HTML fetched from `final_url` (after asking for `requested`).
pub fn page_from_html(
    requested: &str,
    final_url: &str,
    html: &str,
    content_type: Option<&str>,
) -> Result<FetchedPage> {
    let (text, title, meta) = if content_type == Some("text/plain") {
        let text = ingest::normalise_text(html);
        if ingest::word_count(&text) < extract::MIN_ARTICLE_WORDS {
            return Err(Error::NoArticleText {
                url: final_url.to_owned(),
            });
        }
        (text, None, extract::PageMeta::default())
    } else {
        let e = extract::extract(html, final_url)?;
        (e.text, e.title, e.meta)
    };
    let article_url = meta
        .canonical
        .as_deref()
        .and_then(|c| ingest::normalise_url(c).ok())
        .map_or_else(|| ingest::normalise_url(final_url), Ok)?;
    Ok(FetchedPage {
        requested_url: requested.to_owned(),
        url: final_url.to_owned(),
        title: title.unwrap_or_else(|| ingest::default_title(&text)),
        outlet: meta
            .site_name
            .clone()
            .or_else(|| ingest::outlet_from_url(&article_url)),
        article_url,
        published: meta.published,
        modified: meta.modified,
        text,
        raw_html: html.to_owned(),
        validators: Validators::default(),
    })
}

/// What fetching a feed gave.
#[derive(Debug, Clone)]
pub enum FeedFetch {
    NotModified(Validators),
    Items {
        items: Vec<feed::FeedItem>,
        validators: Validators,
    },
}

/// Fetches and parses the feed at `url`.
pub fn fetch_feed(url: &str, opts: &FetchOptions, validators: &Validators) -> Result<FeedFetch> {
    let resp = http::get(
        url,
        opts,
        validators,
        "application/rss+xml,application/atom+xml,application/feed+json,application/xml;q=0.9,*/*;q=0.5",
        is_feed_type,
    )?;
    if resp.not_modified {
        return Ok(FeedFetch::NotModified(resp.validators));
    }
    Ok(FeedFetch::Items {
        items: feed::parse(&resp.body, &resp.url)?,
        validators: resp.validators,
    })
}
