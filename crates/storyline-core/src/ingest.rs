//! Ingest: turns what a user gives (bytes of text or HTML, a URL, a publication time) into checked,
//! normalised values, or a clear [`Error`]. Nothing here touches the database, so a rejected
//! input can never leave anything partial behind.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// Largest accepted article text, in bytes (5 MiB). An article is far smaller; anything bigger
/// is a mistake (a whole archive, a binary) that would only slow everything down.
pub const MAX_TEXT_BYTES: usize = 5 * 1024 * 1024;

/// Largest accepted raw HTML page, in bytes (20 MiB): pages carry markup, scripts and inline
/// images, so they may be larger than the text they hold. The extracted text still has to fit
/// [`MAX_TEXT_BYTES`].
pub const MAX_HTML_BYTES: usize = 20 * 1024 * 1024;

/// Lowest and highest accepted publication year.
pub const YEAR_RANGE: std::ops::RangeInclusive<i32> = 1000..=2999;

/// How to read the bytes of an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InputFormat {
    /// Decide from the content: a document that starts like HTML is HTML, anything else text.
    #[default]
    Auto,
    /// Plain text, stored as given (line endings normalised).
    Text,
    /// An HTML page: converted to plain text with paragraph breaks; the raw HTML is kept too.
    Html,
}

impl InputFormat {
    /// The format a file name implies: `.html`/`.htm`/`.xhtml` are HTML, `.txt`/`.text`/`.md`
    /// text, anything else [`InputFormat::Auto`].
    pub fn from_path(path: &std::path::Path) -> InputFormat {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase());
        match ext.as_deref() {
            Some("html" | "htm" | "xhtml") => InputFormat::Html,
            Some("txt" | "text" | "md") => InputFormat::Text,
            _ => InputFormat::Auto,
        }
    }
}

/// Checked article content: the plain text, and the raw HTML if the input was HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Content {
    pub text: String,
    pub raw_html: Option<String>,
}

/// Checks `bytes` and turns them into [`Content`].
///
/// Rejects, in this order: too large, binary (NUL or other control bytes), invalid UTF-8, and
/// empty or whitespace-only text (also after HTML conversion).
pub fn read_content(bytes: &[u8], format: InputFormat) -> Result<Content> {
    let limit = if format == InputFormat::Text {
        MAX_TEXT_BYTES
    } else {
        MAX_HTML_BYTES
    };
    if bytes.len() > limit {
        return Err(Error::TextTooLarge {
            bytes: bytes.len(),
            limit,
        });
    }
    if let Some(offset) = memchr_nul(bytes) {
        return Err(Error::Binary {
            what: "NUL byte",
            offset,
        });
    }
    let s = std::str::from_utf8(bytes).map_err(|e| Error::InvalidUtf8 {
        offset: e.valid_up_to(),
    })?;
    if let Some(offset) = s.bytes().position(is_binary_control) {
        return Err(Error::Binary {
            what: "control character",
            offset,
        });
    }
    let s = s.strip_prefix('\u{feff}').unwrap_or(s);
    let is_html = match format {
        InputFormat::Html => true,
        InputFormat::Text => false,
        InputFormat::Auto => looks_like_html(s),
    };
    let mut content = if is_html {
        let text = normalise_text(&html_to_text(s)?);
        if text.is_empty() {
            return Err(Error::HtmlWithoutText);
        }
        Content {
            text,
            raw_html: Some(s.to_owned()),
        }
    } else {
        Content {
            text: normalise_text(s),
            raw_html: None,
        }
    };
    // Page furniture leaves the text a user reads and the events see. The input as given stays
    // stored beside it (`raw_html` holds pasted text too when lines were dropped). A text that is
    // all furniture is kept whole: dropping everything would lose what the user added.
    let (clean, dropped) = crate::furniture::Furniture::global().strip(&content.text);
    if dropped > 0 && !clean.trim().is_empty() {
        if content.raw_html.is_none() {
            content.raw_html = Some(s.to_owned());
        }
        content.text = clean;
    }
    if content.text.is_empty() {
        return Err(Error::EmptyText);
    }
    if content.text.len() > MAX_TEXT_BYTES {
        return Err(Error::TextTooLarge {
            bytes: content.text.len(),
            limit: MAX_TEXT_BYTES,
        });
    }
    Ok(content)
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == 0)
}

/// C0 control bytes other than tab, newline, vertical tab, form feed and carriage return never
/// occur in article text; they mark a binary file that happens to be valid UTF-8.
fn is_binary_control(b: u8) -> bool {
    b < 0x20 && !matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r') || b == 0x7f
}

fn looks_like_html(s: &str) -> bool {
    let head: String = s
        .trim_start()
        .chars()
        .take(256)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || (head.starts_with('<')
            && ["<head", "<body", "<p>", "<p ", "<article", "<div"]
                .iter()
                .any(|t| head.contains(t)))
}

/// Normalises line endings to `\n`, trims trailing spaces on each line, collapses runs of blank
/// lines to one (a paragraph break) and trims the whole text.
pub fn normalise_text(s: &str) -> String {
    let s = s.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(s.len());
    let mut blank_run = 0;
    for line in s.lines() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        out.push_str(line);
    }
    out
}

/// Deepest element nesting accepted in HTML. Real pages stay well under 100. Parsing time grows
/// with the square of the depth (100,000 nested `<div>`s took 80 s), so the depth is measured
/// first with html5ever's tokenizer alone, which is linear.
pub const MAX_HTML_DEPTH: usize = 512;

/// Most elements accepted in HTML. The converter's memory grows with the element count (about
/// 2.5 KB each); a long article page has a few thousand.
pub const MAX_HTML_ELEMENTS: usize = 100_000;

/// Converts an HTML page to plain text with `html2text`: block elements become paragraphs
/// separated by blank lines, lines are not wrapped, and page furniture (navigation, header,
/// footer, asides, forms, scripts, styles) is left out.
pub fn html_to_text(html: &str) -> Result<String> {
    // Wide enough that no paragraph of a real article wraps; `allow_width_overflow` covers the rest.
    const NO_WRAP: usize = 1_000_000;
    // TrivialDecorator: no `#` before headings, no `*` before list items, no link footnotes.
    let config = html2text::config::with_decorator(html2text::render::TrivialDecorator::new())
        .add_agent_css(
            "nav, header, footer, aside, form, button, noscript, template, svg { display: none; }",
        )
        .map_err(|e| Error::Html(e.to_string()))?
        .allow_width_overflow()
        .no_table_borders();
    let shape = html_shape(html);
    if shape.depth > MAX_HTML_DEPTH {
        return Err(Error::HtmlTooDeep {
            depth: shape.depth,
            limit: MAX_HTML_DEPTH,
        });
    }
    if shape.elements > MAX_HTML_ELEMENTS {
        return Err(Error::HtmlTooManyElements {
            limit: MAX_HTML_ELEMENTS,
        });
    }
    let dom = config
        .parse_html(html.as_bytes())
        .map_err(|e| Error::Html(e.to_string()))?;
    let tree = config
        .dom_to_render_tree(&dom)
        .map_err(|e| Error::Html(e.to_string()))?;
    config
        .render_to_string(tree, NO_WRAP)
        .map_err(|e| Error::Html(e.to_string()))
}

/// The deepest element nesting of an HTML document, from its tags alone: start tags open, an
/// end tag closes the innermost open element of its name (an end tag that matches nothing open
/// closes nothing, as in the tree builder: `<div></span>` nests). Void elements and elements
/// whose end tag may be left out (`p`, `li`, `td`, ...) are not counted, so sloppy but real HTML
/// is not overcounted. Counting stops once the depth passes [`MAX_HTML_DEPTH`], so the work is
/// linear in the input whatever it holds.
pub fn html_depth(html: &str) -> usize {
    html_shape(html).depth
}

/// What [`html_shape`] measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HtmlShape {
    /// Deepest nesting, as [`html_depth`] counts it.
    pub depth: usize,
    /// Start tags read (every element, counted for nesting or not).
    pub elements: usize,
}

/// The nesting depth and element count of an HTML document, from its tags alone. Stops reading
/// once either passes its limit ([`MAX_HTML_DEPTH`], [`MAX_HTML_ELEMENTS`]).
pub fn html_shape(html: &str) -> HtmlShape {
    use html5ever::tendril::StrTendril;
    use html5ever::tokenizer::states::RawKind;
    use html5ever::tokenizer::{
        BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
    };
    use html5ever::TokenizerResult;
    use std::cell::{Cell, RefCell};

    #[derive(Default)]
    struct Depth {
        open: RefCell<Vec<html5ever::LocalName>>,
        max: Cell<usize>,
        elements: Cell<usize>,
    }

    impl TokenSink for Depth {
        type Handle = ();

        fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
            let Token::TagToken(tag) = token else {
                return TokenSinkResult::Continue;
            };
            let name: &str = &tag.name;
            let counted = !matches!(
                name,
                "area"
                    | "base"
                    | "br"
                    | "col"
                    | "embed"
                    | "hr"
                    | "img"
                    | "input"
                    | "link"
                    | "meta"
                    | "source"
                    | "track"
                    | "wbr"
                    | "p"
                    | "li"
                    | "dt"
                    | "dd"
                    | "tr"
                    | "td"
                    | "th"
                    | "thead"
                    | "tbody"
                    | "tfoot"
                    | "option"
                    | "optgroup"
                    | "rb"
                    | "rt"
                    | "rp"
                    | "colgroup"
                    | "caption"
                    | "html"
                    | "head"
                    | "body"
            );
            if tag.kind == TagKind::StartTag {
                self.elements.set(self.elements.get() + 1);
                if self.elements.get() > MAX_HTML_ELEMENTS {
                    return TokenSinkResult::Script(());
                }
            }
            let mut open = self.open.borrow_mut();
            match tag.kind {
                TagKind::StartTag if counted && !tag.self_closing => {
                    open.push(tag.name.clone());
                    self.max.set(self.max.get().max(open.len()));
                    if open.len() > MAX_HTML_DEPTH {
                        // Deep enough to refuse: the rest need not be read.
                        return TokenSinkResult::Script(());
                    }
                }
                TagKind::EndTag if counted => {
                    // The stack is never deeper than MAX_HTML_DEPTH + 1: a bounded search.
                    if let Some(i) = open.iter().rposition(|n| *n == tag.name) {
                        open.truncate(i);
                    }
                }
                _ => {}
            }
            // What the tree builder would do: script and style contents are not markup.
            match (tag.kind, name) {
                (TagKind::StartTag, "script") => TokenSinkResult::RawData(RawKind::ScriptData),
                (TagKind::StartTag, "style" | "xmp" | "iframe" | "noembed" | "noframes") => {
                    TokenSinkResult::RawData(RawKind::Rawtext)
                }
                (TagKind::StartTag, "title" | "textarea") => {
                    TokenSinkResult::RawData(RawKind::Rcdata)
                }
                _ => TokenSinkResult::Continue,
            }
        }
    }

    let input = BufferQueue::default();
    input.push_back(StrTendril::from(html));
    let tokenizer = Tokenizer::new(Depth::default(), TokenizerOpts::default());
    // `Script` stops the feed: only ever returned once a limit is passed.
    if let TokenizerResult::Done = tokenizer.feed(&input) {
        tokenizer.end();
    }
    HtmlShape {
        depth: tokenizer.sink.max.get(),
        elements: tokenizer.sink.elements.get(),
    }
}

/// Number of whitespace-separated words.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

/// Lower-case hex SHA-256 of the text.
pub fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A title taken from the text when none is given: the first non-empty line, cut at a word
/// boundary to at most 120 characters.
pub fn default_title(text: &str) -> String {
    const MAX: usize = 120;
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    if line.chars().count() <= MAX {
        return line.to_owned();
    }
    let cut: String = line.chars().take(MAX).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > MAX / 2 => &cut[..i],
        _ => &cut[..],
    };
    format!("{}…", cut.trim_end())
}

/// A normalised article URL: `http`/`https` only, fragment and tracking parameters (`utm_*`,
/// `fbclid`, `gclid`, ...) dropped.
/// A URL without a scheme (`example.com/news/1`) is taken as `https://`.
pub fn normalise_url(input: &str) -> Result<String> {
    let input = input.trim();
    let bad = |reason: &str| Error::BadUrl {
        input: input.to_owned(),
        reason: reason.to_owned(),
    };
    if input.is_empty() {
        return Err(bad("it is empty"));
    }
    let mut url = match url::Url::parse(input) {
        Ok(u) => u,
        Err(url::ParseError::RelativeUrlWithoutBase) if !input.contains(' ') => {
            url::Url::parse(&format!("https://{input}")).map_err(|e| bad(&e.to_string()))?
        }
        Err(e) => return Err(bad(&e.to_string())),
    };
    if !matches!(url.scheme(), "http" | "https") {
        return Err(bad("only http and https URLs name an article"));
    }
    if url
        .host_str()
        .is_none_or(|h| !h.contains('.') && h != "localhost")
    {
        return Err(bad("it has no host name"));
    }
    url.set_fragment(None);
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| !is_tracking_param(k))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if kept.is_empty() {
        url.set_query(None);
    } else {
        url.query_pairs_mut().clear().extend_pairs(kept);
    }
    Ok(url.into())
}

/// Query parameters that only track who clicked where; dropping them makes variants of a
/// link one article.
fn is_tracking_param(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    k.starts_with("utm_")
        || matches!(
            k.as_str(),
            "fbclid"
                | "gclid"
                | "dclid"
                | "gclsrc"
                | "msclkid"
                | "yclid"
                | "twclid"
                | "igshid"
                | "mc_cid"
                | "mc_eid"
                | "_ga"
                | "_gl"
                | "oly_enc_id"
                | "oly_anon_id"
                | "vero_id"
                | "wt_mc"
        )
}

/// The outlet a URL implies: its host without a leading `www.`.
pub fn outlet_from_url(url: &str) -> Option<String> {
    let host = url::Url::parse(url).ok()?.host_str()?.to_owned();
    Some(host.strip_prefix("www.").unwrap_or(&host).to_owned())
}

/// When a snapshot was published, and whether that was given or only assumed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Published {
    /// The publication time with the time zone it was given in (UTC when none was given).
    pub at: DateTime<FixedOffset>,
    /// True when no time was given and the capture time stands in for it.
    pub assumed: bool,
    /// True when only a date was given (`2026-03-10`): `at` is its midnight UTC, for ordering.
    pub date_only: bool,
}

impl Published {
    /// RFC 3339 with the original offset, e.g. `2026-03-10T08:15:00+02:00`, or the date alone
    /// (RFC 3339's full-date, `2026-03-10`) when no time was given, so no front end shows a
    /// made-up "00:00".
    pub fn to_rfc3339(&self) -> String {
        if self.date_only {
            return self.at.date_naive().format("%Y-%m-%d").to_string();
        }
        self.at.to_rfc3339_opts(SecondsFormat::Secs, true)
    }
}

/// Reads a stored `published_at`: RFC 3339, or a date alone (midnight UTC).
pub fn parse_stored_published(s: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(s).ok().or_else(|| {
        let d = NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
        Some(d.and_hms_opt(0, 0, 0)?.and_utc().fixed_offset())
    })
}

/// Parses a publication time. Accepts RFC 3339 (`2026-03-10T08:15:00Z`, `...+02:00`),
/// `YYYY-MM-DD` (midnight UTC), `YYYY-MM-DD HH:MM` and `YYYY-MM-DD HH:MM:SS` (UTC; `T` also
/// works as the separator). `None` or blank means "not given": `now` stands in, flagged
/// [`Published::assumed`]. Years outside [`YEAR_RANGE`] are rejected.
pub fn parse_published(input: Option<&str>, now: DateTime<Utc>) -> Result<Published> {
    let Some(raw) = input.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(Published {
            at: now.fixed_offset(),
            assumed: true,
            date_only: false,
        });
    };
    let utc = FixedOffset::east_opt(0).expect("zero offset is valid");
    let date_only = NaiveDate::parse_from_str(raw, "%Y-%m-%d").is_ok();
    let parsed = DateTime::parse_from_rfc3339(raw)
        .ok()
        .or_else(|| {
            [
                "%Y-%m-%d %H:%M",
                "%Y-%m-%dT%H:%M",
                "%Y-%m-%d %H:%M:%S",
                "%Y-%m-%dT%H:%M:%S",
            ]
            .iter()
            .find_map(|f| NaiveDateTime::parse_from_str(raw, f).ok())
            .map(|n| n.and_utc().with_timezone(&utc))
        })
        .or_else(|| {
            NaiveDate::parse_from_str(raw, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map(|n| n.and_utc().with_timezone(&utc))
        });
    let Some(at) = parsed else {
        // Say "out of range" rather than "unreadable" for a well-formed but absurd year.
        if let Some(year) = leading_year(raw) {
            if !YEAR_RANGE.contains(&year) {
                return Err(Error::DateOutOfRange {
                    input: raw.to_owned(),
                    year,
                });
            }
        }
        return Err(Error::BadDate {
            input: raw.to_owned(),
        });
    };
    if !YEAR_RANGE.contains(&at.year()) {
        return Err(Error::DateOutOfRange {
            input: raw.to_owned(),
            year: at.year(),
        });
    }
    Ok(Published {
        at,
        assumed: false,
        date_only,
    })
}

/// The year of something shaped like `YYYYY-MM-DD...` (any number of digits before the first `-`).
fn leading_year(raw: &str) -> Option<i32> {
    let (year, rest) = raw.split_once('-')?;
    if year.is_empty() || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let month = rest.get(..2)?;
    if !month.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    year.parse().ok().or(Some(i32::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-03-10T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn rejects_empty_and_whitespace() {
        for input in ["", "   ", "\n\n\t \r\n"] {
            assert!(matches!(
                read_content(input.as_bytes(), InputFormat::Text),
                Err(Error::EmptyText)
            ));
        }
    }

    #[test]
    fn rejects_binary_and_bad_utf8() {
        assert!(matches!(
            read_content(b"abc\0def", InputFormat::Text),
            Err(Error::Binary { offset: 3, .. })
        ));
        assert!(matches!(
            read_content(b"abc\x01def", InputFormat::Auto),
            Err(Error::Binary { offset: 3, .. })
        ));
        assert!(matches!(
            read_content(b"caf\xc3 ok", InputFormat::Text),
            Err(Error::InvalidUtf8 { offset: 3 })
        ));
    }

    #[test]
    fn rejects_too_large() {
        let big = "word ".repeat(MAX_TEXT_BYTES / 5 + 1);
        assert!(matches!(
            read_content(big.as_bytes(), InputFormat::Text),
            Err(Error::TextTooLarge { .. })
        ));
    }

    #[test]
    fn normalises_text() {
        let c = read_content(
            "\u{feff}Title  \r\n\r\n\r\nPara one\nline two \n\n\n".as_bytes(),
            InputFormat::Text,
        )
        .unwrap();
        assert_eq!(c.text, "Title\n\nPara one\nline two");
        assert_eq!(c.raw_html, None);
    }

    #[test]
    fn html_keeps_paragraphs_and_drops_furniture() {
        let html = "<!DOCTYPE html><html><head><title>T</title><style>p{}</style>\
            <script>alert(1)</script></head><body><nav>Home | World</nav>\
            <h1>Bridge closed</h1><p>The bridge closed on <b>Monday</b> morning.</p>\
            <p>Repairs will take weeks.</p><footer>(c) Paper</footer></body></html>";
        let c = read_content(html.as_bytes(), InputFormat::Auto).unwrap();
        assert_eq!(
            c.text,
            "Bridge closed\n\nThe bridge closed on Monday morning.\n\nRepairs will take weeks."
        );
        assert_eq!(c.raw_html.as_deref(), Some(html));
    }

    #[test]
    fn broken_html_still_reads_or_says_why() {
        let c = read_content(b"<p>Unclosed <b>bold <i>text", InputFormat::Html).unwrap();
        assert_eq!(c.text, "Unclosed bold text");
        assert!(matches!(
            read_content(b"<html><script>x()</script></html>", InputFormat::Html),
            Err(Error::HtmlWithoutText)
        ));
    }

    #[test]
    fn hostile_nesting_is_refused_quickly() {
        let html = format!("{}deep{}", "<div>".repeat(20_000), "</div>".repeat(20_000));
        assert!(matches!(
            read_content(html.as_bytes(), InputFormat::Html),
            Err(Error::HtmlTooDeep { .. })
        ));
        let ok = format!("{}fine{}", "<div>".repeat(100), "</div>".repeat(100));
        assert_eq!(
            read_content(ok.as_bytes(), InputFormat::Html).unwrap().text,
            "fine"
        );
        // Unclosed paragraphs and list items, void elements and markup inside scripts do not
        // count as nesting.
        let sloppy = format!(
            "<ul>{}</ul><script>{}</script>{}",
            "<li><p>item<br><img src=x>".repeat(2000),
            "document.write('<div>');".repeat(2000),
            "<b>x</b>".repeat(2000)
        );
        assert_eq!(html_depth(&sloppy), 1);
        assert!(read_content(sloppy.as_bytes(), InputFormat::Html).is_ok());
    }

    /// The probe's bypass: end tags that close nothing kept the old counter low while the
    /// parser nested 100,000 deep (135-210 s).
    #[test]
    fn end_tags_that_close_nothing_do_not_hide_nesting() {
        let html = "<div></span>".repeat(100_000);
        assert!(matches!(
            read_content(html.as_bytes(), InputFormat::Html),
            Err(Error::HtmlTooDeep { .. })
        ));
        // The refusal reads no further than MAX_HTML_DEPTH + 1 of its tags.
        assert_eq!(html_depth(&html), MAX_HTML_DEPTH + 1);
        // Flat but huge: refused before the converter spends a gigabyte on it.
        let wide = "<span>a</span><i>b</i>".repeat(200_000);
        assert!(matches!(
            read_content(wide.as_bytes(), InputFormat::Html),
            Err(Error::HtmlTooManyElements { .. })
        ));
        // Mis-nested but shallow HTML still reads.
        let ok = "<div><b>bold <i>both</b> italic</i></div>".repeat(5000);
        assert!(html_depth(&ok) <= 3);
        assert!(read_content(ok.as_bytes(), InputFormat::Html).is_ok());
    }

    #[test]
    fn format_from_path() {
        use std::path::Path;
        assert_eq!(
            InputFormat::from_path(Path::new("a/b.HTML")),
            InputFormat::Html
        );
        assert_eq!(
            InputFormat::from_path(Path::new("b.txt")),
            InputFormat::Text
        );
        assert_eq!(InputFormat::from_path(Path::new("b")), InputFormat::Auto);
        // Text that merely mentions a tag stays text.
        let c = read_content(b"Use <b> for bold.", InputFormat::Auto).unwrap();
        assert_eq!(c.raw_html, None);
    }

    #[test]
    fn urls() {
        assert_eq!(
            normalise_url("https://News.Example.com/a/b?id=3&utm_source=x&UTM_medium=y#top")
                .unwrap(),
            "https://news.example.com/a/b?id=3"
        );
        assert_eq!(
            normalise_url("http://example.com/x?utm_campaign=z").unwrap(),
            "http://example.com/x"
        );
        assert_eq!(
            normalise_url("https://example.com/x?fbclid=1&page=2&gclid=3&mc_eid=4").unwrap(),
            "https://example.com/x?page=2"
        );
        assert_eq!(
            normalise_url("example.com/news/1").unwrap(),
            "https://example.com/news/1"
        );
        assert!(matches!(
            normalise_url("ftp://example.com/x"),
            Err(Error::BadUrl { .. })
        ));
        assert!(matches!(
            normalise_url("not a url"),
            Err(Error::BadUrl { .. })
        ));
        assert!(matches!(
            normalise_url("javascript:alert(1)"),
            Err(Error::BadUrl { .. })
        ));
        assert_eq!(
            outlet_from_url("https://www.harbourtimes.example/a").as_deref(),
            Some("harbourtimes.example")
        );
    }

    #[test]
    fn published_formats() {
        let p = parse_published(Some("2026-03-10T08:15:00+02:00"), now()).unwrap();
        assert_eq!(p.to_rfc3339(), "2026-03-10T08:15:00+02:00");
        assert!(!p.assumed);
        let p = parse_published(Some("2026-03-10T08:15:00Z"), now()).unwrap();
        assert_eq!(p.to_rfc3339(), "2026-03-10T08:15:00Z");
        // A date alone stays a date (no made-up midnight), ordered at its midnight UTC.
        let p = parse_published(Some("2026-03-09"), now()).unwrap();
        assert_eq!(p.to_rfc3339(), "2026-03-09");
        assert!(p.date_only);
        assert_eq!(p.at.to_rfc3339(), "2026-03-09T00:00:00+00:00");
        assert_eq!(parse_stored_published("2026-03-09"), Some(p.at));
        let p = parse_published(Some("2026-03-09 17:45"), now()).unwrap();
        assert_eq!(p.to_rfc3339(), "2026-03-09T17:45:00Z");
        let p = parse_published(None, now()).unwrap();
        assert!(p.assumed);
        assert_eq!(p.to_rfc3339(), "2026-03-10T12:00:00Z");
    }

    #[test]
    fn published_rejects() {
        for bad in [
            "yesterday",
            "2026-13-01",
            "2026-02-30",
            "10/03/2026",
            "2026-03-10 25:00",
        ] {
            assert!(
                matches!(
                    parse_published(Some(bad), now()),
                    Err(Error::BadDate { .. })
                ),
                "{bad}"
            );
        }
        for (bad, year) in [
            ("0999-12-31", 999),
            ("3000-01-01", 3000),
            ("20260-01-01", 20260),
        ] {
            match parse_published(Some(bad), now()) {
                Err(Error::DateOutOfRange { year: y, .. }) => assert_eq!(y, year, "{bad}"),
                other => panic!("{bad}: {other:?}"),
            }
        }
    }

    #[test]
    fn titles_words_hashes() {
        assert_eq!(
            default_title("\n\n  Storm nears coast \nbody"),
            "Storm nears coast"
        );
        let long = "word ".repeat(60);
        let t = default_title(&long);
        assert!(t.chars().count() <= 121 && t.ends_with('…'), "{t}");
        assert_eq!(word_count(" a  b\nc "), 3);
        assert_eq!(
            sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
