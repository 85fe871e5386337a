//! A fetched (or saved) web page → its article: the main text with its paragraphs, found by a
//! readability-style extractor (`dom_smoothie`, a port of Mozilla's Readability), and the
//! page's metadata: title, outlet, publication and modification time, canonical URL.
//!
//! Metadata sources, first found wins:
//! - title: the extractor's title (the `<title>`/`og:title` without the site name), else `<h1>`;
//! - outlet: `og:site_name` (the caller falls back to the host);
//! - published: `article:published_time` (or `itemprop=datePublished`), JSON-LD
//!   `datePublished`, then a `<time datetime>` (one marked as the publication date first);
//! - modified: `article:modified_time` / `og:updated_time`, then JSON-LD `dateModified`;
//! - canonical: `<link rel=canonical href>`, made absolute, http(s) only.

use chrono::{DateTime, Datelike, FixedOffset, Utc};
use dom_query::Document;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::ingest;

/// Fewer words than this is not an article (a login wall, a bare index page).
pub const MIN_ARTICLE_WORDS: usize = 12;

/// Most elements the extractor scores; a real article page has a few thousand.
const MAX_ELEMENTS: usize = 200_000;

/// What a page says about itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageMeta {
    /// `og:title`, else JSON-LD `headline`.
    pub title: Option<String>,
    pub site_name: Option<String>,
    pub published: Option<DateTime<FixedOffset>>,
    pub modified: Option<DateTime<FixedOffset>>,
    /// Absolute http(s) URL, not yet normalised.
    pub canonical: Option<String>,
}

/// A page's article and metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extracted {
    /// Normalised plain text, paragraphs separated by blank lines.
    pub text: String,
    pub title: Option<String>,
    pub meta: PageMeta,
}

/// The metadata of an HTML page (see the module doc). `base` makes a relative canonical link
/// absolute; without it only an absolute one counts.
pub fn page_meta(html: &str, base: Option<&str>) -> PageMeta {
    let doc = Document::from(html);
    meta_of(&doc, base)
}

fn meta_of(doc: &Document, base: Option<&str>) -> PageMeta {
    let json_ld: Vec<Value> = doc
        .select(r#"script[type="application/ld+json"]"#)
        .iter()
        .filter_map(|s| serde_json::from_str(s.text().trim()).ok())
        .collect();
    let ld = |key: &str| json_ld.iter().find_map(|v| find_key(v, key, 0));
    let meta = |selectors: &[&str]| {
        selectors.iter().find_map(|sel| {
            doc.select(sel)
                .iter()
                .find_map(|m| m.attr("content").map(|c| c.trim().to_owned()))
                .filter(|c| !c.is_empty())
        })
    };
    let published = meta(&[
        r#"meta[property="article:published_time"]"#,
        r#"meta[name="article:published_time"]"#,
        r#"meta[itemprop="datePublished"]"#,
    ])
    .and_then(|s| parse_page_time(&s))
    .or_else(|| ld("datePublished").and_then(|s| parse_page_time(&s)))
    .or_else(|| {
        // Other names sites use for the same thing.
        meta(&[
            r#"meta[property="og:published_time"]"#,
            r#"meta[name="parsely-pub-date"]"#,
            r#"meta[name="pubdate"]"#,
            r#"meta[name="publishdate"]"#,
            r#"meta[name="dc.date.issued"]"#,
            r#"meta[name="DC.date.issued"]"#,
            r#"meta[name="date"]"#,
        ])
        .and_then(|s| parse_page_time(&s))
    })
    .or_else(|| {
        [
            r#"time[itemprop="datePublished"][datetime]"#,
            "time[pubdate][datetime]",
            "time[datetime]",
        ]
        .iter()
        .find_map(|sel| {
            doc.select(sel)
                .iter()
                .find_map(|t| t.attr("datetime").and_then(|d| parse_page_time(&d)))
        })
    });
    let modified = meta(&[
        r#"meta[property="article:modified_time"]"#,
        r#"meta[name="article:modified_time"]"#,
        r#"meta[property="og:updated_time"]"#,
        r#"meta[itemprop="dateModified"]"#,
    ])
    .and_then(|s| parse_page_time(&s))
    .or_else(|| ld("dateModified").and_then(|s| parse_page_time(&s)));
    let canonical = doc
        .select(r#"link[rel="canonical"][href]"#)
        .iter()
        .find_map(|l| l.attr("href").map(|h| h.trim().to_owned()))
        .and_then(|href| absolute_web_url(&href, base));
    PageMeta {
        title: meta(&[r#"meta[property="og:title"]"#, r#"meta[name="og:title"]"#])
            .or_else(|| ld("headline"))
            .map(|t| collapse_spaces(&t)),
        site_name: meta(&[
            r#"meta[property="og:site_name"]"#,
            r#"meta[name="og:site_name"]"#,
        ])
        .map(|t| collapse_spaces(&t)),
        published,
        modified,
        canonical,
    }
}

/// Extracts the article of `html`, fetched from `url` (used for relative links).
pub fn extract(html: &str, url: &str) -> Result<Extracted> {
    let depth = ingest::html_depth(html);
    if depth > ingest::MAX_HTML_DEPTH {
        return Err(Error::HtmlTooDeep {
            depth,
            limit: ingest::MAX_HTML_DEPTH,
        });
    }
    let doc = Document::from(html);
    let meta = meta_of(&doc, Some(url));
    remove_boxes(&doc);
    let no_text = || Error::NoArticleText {
        url: url.to_owned(),
    };
    let cfg = dom_smoothie::Config {
        max_elements_to_parse: MAX_ELEMENTS,
        ..Default::default()
    };
    let mut readability = dom_smoothie::Readability::with_document(doc, Some(url), Some(cfg))
        .map_err(|e| Error::Html(e.to_string()))?;
    let article = match readability.parse() {
        Ok(a) => a,
        Err(dom_smoothie::ReadabilityError::GrabFailed) => return Err(no_text()),
        Err(e) => return Err(Error::Html(e.to_string())),
    };
    // The extractor hands back the article as cleaned HTML; the same HTML → text conversion
    // as for added files keeps paragraphs as blank-line-separated blocks.
    // Control characters never belong in article text (and could drive a terminal).
    let text: String = ingest::html_to_text(&article.content)?
        .chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                ' '
            } else {
                c
            }
        })
        .collect();
    let mut text = ingest::normalise_text(&text);
    // The same furniture lines as for added text ("Share this", "Read more", …) leave it too,
    // unless that would leave nothing.
    let (clean, dropped) = crate::furniture::Furniture::global().strip(&text);
    if dropped > 0 && !clean.trim().is_empty() {
        text = clean;
    }
    if ingest::word_count(&text) < MIN_ARTICLE_WORDS {
        return Err(no_text());
    }
    if text.len() > ingest::MAX_TEXT_BYTES {
        return Err(Error::TextTooLarge {
            bytes: text.len(),
            limit: ingest::MAX_TEXT_BYTES,
        });
    }
    let title = Some(collapse_spaces(&article.title))
        .filter(|t| !t.is_empty())
        .or_else(|| meta.title.clone());
    Ok(Extracted { text, title, meta })
}

/// Class and id words (or their first or last `-`/`_` part) that mark a box inside an
/// article that is not the article: ads, sponsored blocks, paywall prompts, newsletter
/// sign-ups, related and recommended links, share bars, comment threads, cookie banners. Readability scores these down but keeps them when they
/// sit between the article's paragraphs. Markup vocabulary, not language.
const BOX_MARKERS: &[&str] = &[
    "ad",
    "ads",
    "advert",
    "adverts",
    "advertisement",
    "advertising",
    "adslot",
    "sponsor",
    "sponsored",
    "promo",
    "paywall",
    "regwall",
    "piano",
    "subscribe",
    "subscription",
    "signup",
    "newsletter",
    "outbrain",
    "taboola",
    "related",
    "recommended",
    "share",
    "sharing",
    "social",
    "comment",
    "comments",
    "disqus",
    "cookie",
    "consent",
];

/// A box is at most this share of the page's text, so a marker on the article's own
/// container (`class="paywalled-article"`) never removes the article.
const BOX_MAX_SHARE: f64 = 0.5;

fn remove_boxes(doc: &Document) {
    let total = doc.select("body").text().trim().chars().count().max(1) as f64;
    let marked = |value: &str| {
        value.split_whitespace().any(|token| {
            let t = token.to_ascii_lowercase();
            let parts: Vec<&str> = t.split(['-', '_']).filter(|p| !p.is_empty()).collect();
            let found = [
                Some(t.as_str()),
                parts.first().copied(),
                parts.last().copied(),
            ]
            .into_iter()
            .flatten()
            .any(|p| BOX_MARKERS.contains(&p));
            found
        })
    };
    for node in doc.select("body [class], body [id]").nodes() {
        let hit = node.attr("class").is_some_and(|c| marked(&c))
            || node.attr("id").is_some_and(|i| marked(&i));
        if hit && (node.text().trim().chars().count() as f64) < BOX_MAX_SHARE * total {
            node.remove_from_parent();
        }
    }
}

/// The first string value under `key` anywhere in a JSON-LD document (objects, arrays,
/// `@graph`), depth-limited.
fn find_key(v: &Value, key: &str, depth: usize) -> Option<String> {
    if depth > 16 {
        return None;
    }
    match v {
        Value::Object(m) => {
            if let Some(Value::String(s)) = m.get(key) {
                return Some(s.trim().to_owned()).filter(|s| !s.is_empty());
            }
            m.values().find_map(|c| find_key(c, key, depth + 1))
        }
        Value::Array(a) => a.iter().find_map(|c| find_key(c, key, depth + 1)),
        _ => None,
    }
}

/// A page's time stamp: RFC 3339 (with fractions), `+0200` offsets, RFC 2822, or the dates
/// and naive times `--published` accepts (read as UTC). Absurd years are ignored.
pub fn parse_page_time(s: &str) -> Option<DateTime<FixedOffset>> {
    let s = s.trim();
    let at = DateTime::parse_from_rfc3339(s)
        .ok()
        .or_else(|| {
            ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%dT%H:%M%z"]
                .iter()
                .find_map(|f| DateTime::parse_from_str(s, f).ok())
        })
        .or_else(|| DateTime::parse_from_rfc2822(s).ok())
        .or_else(|| {
            // Any fixed instant will do: only a given (not assumed) time is taken.
            let epoch = DateTime::<Utc>::UNIX_EPOCH;
            ingest::parse_published(Some(s), epoch)
                .ok()
                .filter(|p| !p.assumed)
                .map(|p| p.at)
        })
        .or_else(|| {
            // `2026-03-10T08:15:00.000` (fractions, no zone): UTC.
            chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f")
                .ok()
                .map(|n| n.and_utc().fixed_offset())
        })?;
    ingest::YEAR_RANGE.contains(&at.year()).then_some(at)
}

fn absolute_web_url(href: &str, base: Option<&str>) -> Option<String> {
    let url = match url::Url::parse(href) {
        Ok(u) => u,
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            url::Url::parse(base?).ok()?.join(href).ok()?
        }
        Err(_) => return None,
    };
    matches!(url.scheme(), "http" | "https").then(|| url.to_string())
}

fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_times() {
        for (input, want) in [
            ("2026-03-10T08:15:00+02:00", "2026-03-10T08:15:00+02:00"),
            ("2026-03-10T08:15:00.123Z", "2026-03-10T08:15:00.123+00:00"),
            ("2026-03-10T08:15:00+0200", "2026-03-10T08:15:00+02:00"),
            ("Tue, 10 Mar 2026 08:15:00 GMT", "2026-03-10T08:15:00+00:00"),
            ("2026-03-10", "2026-03-10T00:00:00+00:00"),
            ("2026-03-10T08:15:00", "2026-03-10T08:15:00+00:00"),
        ] {
            assert_eq!(
                parse_page_time(input).map(|t| t.to_rfc3339()),
                Some(want.to_owned()),
                "{input}"
            );
        }
        assert_eq!(parse_page_time("yesterday"), None);
        assert_eq!(parse_page_time("0001-01-01T00:00:00Z"), None);
    }

    #[test]
    fn meta_order() {
        let html = r#"<html><head>
            <meta property="og:site_name" content=" Harbour  Times ">
            <meta property="og:title" content="Bridge shut">
            <link rel="canonical" href="/news/bridge">
            <script type="application/ld+json">{"@graph":[{"@type":"NewsArticle",
              "datePublished":"2026-03-09T07:00:00Z","dateModified":"2026-03-09T09:30:00Z"}]}</script>
            </head><body><time datetime="2026-01-01">x</time></body></html>"#;
        let m = page_meta(html, Some("https://ht.example/a?utm_source=x"));
        assert_eq!(m.site_name.as_deref(), Some("Harbour Times"));
        assert_eq!(m.title.as_deref(), Some("Bridge shut"));
        assert_eq!(
            m.canonical.as_deref(),
            Some("https://ht.example/news/bridge")
        );
        assert_eq!(
            m.published.unwrap().to_rfc3339(),
            "2026-03-09T07:00:00+00:00"
        );
        assert_eq!(
            m.modified.unwrap().to_rfc3339(),
            "2026-03-09T09:30:00+00:00"
        );
        // Only a <time> left: it is used. A relative canonical without a base is ignored.
        let m = page_meta(
            r#"<link rel=canonical href="/x"><time datetime="2026-01-02T10:00:00+01:00">"#,
            None,
        );
        assert_eq!(
            m.published.unwrap().to_rfc3339(),
            "2026-01-02T10:00:00+01:00"
        );
        assert_eq!(m.canonical, None);
        // The meta tag beats JSON-LD.
        let m = page_meta(
            r#"<meta property="article:published_time" content="2026-02-01T00:00:00Z">
            <script type="application/ld+json">{"datePublished":"2025-01-01"}</script>"#,
            None,
        );
        assert_eq!(
            m.published.unwrap().to_rfc3339(),
            "2026-02-01T00:00:00+00:00"
        );
    }
}
