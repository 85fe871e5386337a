//! Feeds (RSS, Atom, JSON Feed, read by `feed-rs`) → items, and which items a followed feed's
//! `--match` words select.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::ingest;

/// One feed item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedItem {
    /// What makes the item itself: its normalised link, else the feed's id for it.
    pub key: String,
    /// The item's web page (absolute http(s)), if it has one.
    pub url: Option<String>,
    pub title: String,
    /// Summary (or content) as plain text.
    pub summary: String,
    pub published: Option<DateTime<FixedOffset>>,
}

/// Parses a feed document fetched from `url` (which makes relative links absolute).
pub fn parse(bytes: &[u8], url: &str) -> Result<Vec<FeedItem>> {
    let feed = feed_rs::parser::Builder::new()
        .base_uri(Some(url))
        .build()
        .parse(bytes)
        .map_err(|e| Error::BadFeed {
            url: url.to_owned(),
            reason: e.to_string(),
        })?;
    let base = url::Url::parse(url).ok();
    let mut items = Vec::new();
    for entry in feed.entries {
        let link = entry
            .links
            .iter()
            .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
            .or(entry.links.first())
            .and_then(|l| {
                let u = match &base {
                    Some(b) => b.join(l.href.trim()).ok()?,
                    None => url::Url::parse(l.href.trim()).ok()?,
                };
                matches!(u.scheme(), "http" | "https").then(|| u.to_string())
            });
        let key = link
            .as_deref()
            .and_then(|l| ingest::normalise_url(l).ok())
            .unwrap_or_else(|| entry.id.clone());
        let text_of = |content: &str, media: &str| {
            if media.contains("html") || content.contains('<') {
                ingest::html_to_text(content)
                    .map(|t| ingest::normalise_text(&t))
                    .unwrap_or_default()
            } else {
                ingest::normalise_text(content)
            }
        };
        let title = entry
            .title
            .as_ref()
            .map(|t| text_of(&t.content, t.content_type.as_ref()))
            .unwrap_or_default();
        let summary = entry
            .summary
            .as_ref()
            .map(|t| text_of(&t.content, t.content_type.as_ref()))
            .or_else(|| {
                let c = entry.content.as_ref()?;
                Some(text_of(c.body.as_deref()?, c.content_type.as_ref()))
            })
            .unwrap_or_default();
        items.push(FeedItem {
            key,
            url: link,
            title,
            summary,
            published: entry.published.or(entry.updated).map(|t| t.fixed_offset()),
        });
    }
    Ok(items)
}

/// A `--match` expression: alternatives separated by commas, each a set of words that must
/// all appear in the item's title or summary (case-insensitive; a word also matches the start
/// of a longer word, so `bridge` matches `bridges`). Empty matches every item.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Matcher {
    alternatives: Vec<Vec<String>>,
}

impl Matcher {
    pub fn new(expr: Option<&str>) -> Matcher {
        let alternatives = expr
            .unwrap_or("")
            .split(',')
            .map(|alt| words(alt).collect::<Vec<_>>())
            .filter(|w| !w.is_empty())
            .collect();
        Matcher { alternatives }
    }

    pub fn matches(&self, item: &FeedItem) -> bool {
        if self.alternatives.is_empty() {
            return true;
        }
        let have: Vec<String> = words(&item.title).chain(words(&item.summary)).collect();
        self.alternatives.iter().any(|alt| {
            alt.iter()
                .all(|w| have.iter().any(|h| h.starts_with(w.as_str())))
        })
    }
}

fn words(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
        <item><title>Harbour bridge closed</title><link>/news/1</link>
          <description>&lt;p&gt;The &lt;b&gt;bridge&lt;/b&gt; shut.&lt;/p&gt;</description>
          <pubDate>Tue, 10 Mar 2026 08:00:00 GMT</pubDate></item>
        <item><title>Football results</title><link>https://x.example/2?utm_source=rss</link></item>
        </channel></rss>"#;

    #[test]
    fn rss_items_and_matching() {
        let items = parse(RSS.as_bytes(), "https://x.example/feed.xml").unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].url.as_deref(), Some("https://x.example/news/1"));
        assert_eq!(items[0].summary, "The bridge shut.");
        assert_eq!(items[1].key, "https://x.example/2");
        let m = Matcher::new(Some("harbour bridge, ferry"));
        assert!(m.matches(&items[0]));
        assert!(!m.matches(&items[1]));
        assert!(Matcher::new(Some("  ")).matches(&items[1]));
        assert!(Matcher::new(Some("BRIDGES, shut")).matches(&items[0]));
        assert!(!Matcher::new(Some("bridges")).matches(&items[0]));
    }

    #[test]
    fn not_a_feed() {
        for bad in [
            "<html><body><p>hi</p></body></html>",
            "just text",
            "{\"a\":1}",
        ] {
            let e = parse(bad.as_bytes(), "https://x.example/f").unwrap_err();
            assert_eq!(e.kind(), "bad_feed", "{bad}");
        }
    }
}
