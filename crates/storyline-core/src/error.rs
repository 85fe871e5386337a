//! The one error type of the core.
//!
//! Every message says what went wrong and, where there is something to do, what to do. Front ends
//! show [`Error`]'s `Display` as is; Tauri and HTTP front ends serialise it as
//! `{"kind": "...", "message": "..."}` where `kind` is a stable snake_case name ([`Error::kind`]).

use serde::ser::SerializeStruct;

/// Result alias used throughout the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in the core.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The article text is empty or only whitespace.
    #[error("the article text is empty: give a file or stdin with some text in it")]
    EmptyText,

    /// The article text is larger than [`crate::ingest::MAX_TEXT_BYTES`].
    #[error(
        "the article text is too large ({bytes} bytes; the limit is {limit} bytes): \
         add the article itself, not a whole site or archive"
    )]
    TextTooLarge { bytes: usize, limit: usize },

    /// The input contains NUL or other control bytes that text never has.
    #[error(
        "the input looks binary (a {what} at byte {offset}): give plain text (UTF-8) or an .html file"
    )]
    Binary { what: &'static str, offset: usize },

    /// The input is not valid UTF-8.
    #[error("the input is not valid UTF-8 (first bad byte at offset {offset}): save it as UTF-8 and try again")]
    InvalidUtf8 { offset: usize },

    /// HTML input had no readable text in it.
    #[error("the HTML has no readable text (only markup, scripts or styles): give the article page itself")]
    HtmlWithoutText,

    /// HTML nested so deeply that converting it would take minutes.
    #[error(
        "the HTML is nested {depth} elements deep (the limit is {limit}): that is not an article \
         page; save the article's text instead"
    )]
    HtmlTooDeep { depth: usize, limit: usize },

    /// HTML with so many elements that converting it would take gigabytes.
    #[error(
        "the HTML has more than {limit} elements: that is not an article page; save the \
         article's text instead"
    )]
    HtmlTooManyElements { limit: usize },

    /// HTML could not be converted to text.
    #[error("could not turn the HTML into text: {0}")]
    Html(String),

    /// A publication time that cannot be parsed.
    #[error(
        "cannot read the publication time {input:?}: use RFC 3339 (2026-03-10T08:15:00Z or \
         2026-03-10T08:15:00+02:00), YYYY-MM-DD, or YYYY-MM-DD HH:MM"
    )]
    BadDate { input: String },

    /// A publication time whose year is absurd.
    #[error("the publication year {year} is outside 1000–2999: check the date {input:?}")]
    DateOutOfRange { input: String, year: i32 },

    /// A URL that cannot be parsed or is not http(s).
    #[error("{input:?} is not a usable article URL: {reason}")]
    BadUrl { input: String, reason: String },

    /// No story has this title or id.
    #[error("no story {0:?}: list stories with `storyline stories` (a story is a title or an id)")]
    StoryNotFound(String),

    /// A story with this title already exists.
    #[error("a story titled {0:?} already exists: pick another title")]
    StoryExists(String),

    /// A story title that is empty or too long.
    #[error("bad story title {title:?}: {reason}")]
    BadTitle { title: String, reason: &'static str },

    /// No snapshot has this id.
    #[error("no snapshot {0}: list a story's snapshots with `storyline snapshots STORY`")]
    SnapshotNotFound(i64),

    /// A diff of a first version without a second snapshot.
    #[error(
        "snapshot {0} is the first version of its article, so there is nothing earlier to compare \
         it with: give a second snapshot id"
    )]
    NoPreviousVersion(i64),

    /// Neither a story nor a `version_of` snapshot says where a snapshot goes.
    #[error("say which story the snapshot belongs to (a story title or id)")]
    StoryMissing,

    /// `version_of` points into a different story than the one given.
    #[error(
        "snapshot {snapshot} belongs to story {actual:?}, not {given:?}: leave out the story or \
         give the right one"
    )]
    StoryMismatch {
        snapshot: i64,
        given: String,
        actual: String,
    },

    /// `version_of` points at an article with a different URL.
    #[error(
        "snapshot {snapshot} is from {article_url}, not {given_url}: leave out the URL to add a \
         new version of that article"
    )]
    UrlMismatch {
        snapshot: i64,
        article_url: String,
        given_url: String,
    },

    /// Another article of the story already has this URL.
    #[error("another article in this story already has the URL {0}: add the text as a version of that article instead")]
    UrlTaken(String),

    /// A search query with no words in it.
    #[error("the search query is empty: give one or more words to look for")]
    EmptyQuery,

    /// A timeline filter or export option that cannot be used (the message says which and why).
    #[error("{0}")]
    BadFilter(String),

    /// The database file was written by a newer Storyline.
    #[error(
        "the database is at schema version {found}, but this Storyline knows only up to version \
         {supported}: update Storyline (or use another --db)"
    )]
    SchemaTooNew { found: i64, supported: i64 },

    /// A URL whose scheme Storyline never fetches (`file:`, `ftp:`, `data:`, ...).
    #[error("{url:?} is not a web page address: only http and https URLs can be fetched (not {scheme}:)")]
    UnsupportedScheme { url: String, scheme: String },

    /// The server could not be reached (refused, unknown host, TLS, broken connection).
    #[error("cannot fetch {url}: {reason}: check the address and your connection, then try again")]
    FetchFailed { url: String, reason: String },

    /// The server did not answer in time.
    #[error(
        "cannot fetch {url}: no answer within {seconds} s: the site may be down; try again later"
    )]
    FetchTimeout { url: String, seconds: u64 },

    /// The server answered with an error status.
    #[error("cannot fetch {url}: the server answered HTTP {status}: check the address (or try again later)")]
    HttpStatus { url: String, status: u16 },

    /// Redirects went round in a loop or past the limit.
    #[error("cannot fetch {url}: {reason}: open the address in a browser to see where it leads")]
    TooManyRedirects { url: String, reason: String },

    /// A redirect led away from http/https (or to an unreadable address).
    #[error("cannot fetch {url}: it redirects to {location:?}, which is not an http or https address: Storyline follows web redirects only")]
    BadRedirect { url: String, location: String },

    /// The response body is larger than the fetch limit.
    #[error(
        "cannot fetch {url}: the page is larger than {limit} bytes: that is not an article page"
    )]
    BodyTooLarge { url: String, limit: usize },

    /// The response is not a web page (a PDF, an image, ...).
    #[error("{url} is not a web page (it is {content_type}): give the address of the article page itself")]
    NotHtml { url: String, content_type: String },

    /// The page was fetched but holds no article text.
    #[error("found no article text on {url}: give the address of the article itself, or save its text and add the file")]
    NoArticleText { url: String },

    /// A followed feed that is not RSS, Atom or JSON Feed.
    #[error("{url} is not a feed (RSS, Atom or JSON Feed): {reason}: give the feed's own address")]
    BadFeed { url: String, reason: String },

    /// No followed source has this URL or id.
    #[error("no followed source {0:?}: list them with `storyline sources`")]
    SourceNotFound(String),

    // The two below put their cause into their own message and do not also report it as a
    // `source`: front ends print the message (serialised) or the whole chain (anyhow's `{:#}`),
    // and either way the cause should appear exactly once.
    /// Creating the database's directory or reading a file failed.
    #[error("{action} {path}: {cause}")]
    Io {
        action: &'static str,
        path: String,
        cause: std::io::Error,
    },

    /// A story bundle that cannot be imported (the message says why).
    #[error("bad story bundle: {0}")]
    BadBundle(String),

    /// Another writer (the app, `serve` or a CLI) kept the database locked the whole time this
    /// one waited.
    #[error(
        "the database is busy: another Storyline kept it locked for {waited_secs} s; nothing \
         was stored, try again"
    )]
    Busy { waited_secs: u64 },

    /// Any SQLite error (a locked, corrupt or read-only database, ...).
    #[error("database error: {0}")]
    Database(rusqlite::Error),

    /// A bug in Storyline: the operation stopped, its write transaction was rolled back and
    /// nothing was stored. Made by [`crate::api::guard`] from a panic.
    #[error(
        "internal error: {0}. Nothing was stored and your data is unchanged; \
         please report this with the article that caused it"
    )]
    Internal(String),
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Error {
        Error::Database(e)
    }
}

impl Error {
    /// A stable snake_case name for the kind of error, for front ends to branch on.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::EmptyText => "empty_text",
            Error::TextTooLarge { .. } => "text_too_large",
            Error::Binary { .. } => "binary",
            Error::InvalidUtf8 { .. } => "invalid_utf8",
            Error::HtmlWithoutText => "html_without_text",
            Error::HtmlTooDeep { .. } => "html_too_deep",
            Error::HtmlTooManyElements { .. } => "html_too_many_elements",
            Error::Html(_) => "html",
            Error::BadDate { .. } => "bad_date",
            Error::DateOutOfRange { .. } => "date_out_of_range",
            Error::BadUrl { .. } => "bad_url",
            Error::StoryNotFound(_) => "story_not_found",
            Error::StoryExists(_) => "story_exists",
            Error::BadTitle { .. } => "bad_title",
            Error::SnapshotNotFound(_) => "snapshot_not_found",
            Error::NoPreviousVersion(_) => "no_previous_version",
            Error::StoryMissing => "story_missing",
            Error::StoryMismatch { .. } => "story_mismatch",
            Error::UrlMismatch { .. } => "url_mismatch",
            Error::UrlTaken(_) => "url_taken",
            Error::EmptyQuery => "empty_query",
            Error::BadFilter(_) => "bad_filter",
            Error::SchemaTooNew { .. } => "schema_too_new",
            Error::UnsupportedScheme { .. } => "unsupported_scheme",
            Error::FetchFailed { .. } => "fetch_failed",
            Error::FetchTimeout { .. } => "fetch_timeout",
            Error::HttpStatus { .. } => "http_status",
            Error::TooManyRedirects { .. } => "too_many_redirects",
            Error::BadRedirect { .. } => "bad_redirect",
            Error::BodyTooLarge { .. } => "body_too_large",
            Error::NotHtml { .. } => "not_html",
            Error::NoArticleText { .. } => "no_article_text",
            Error::BadFeed { .. } => "bad_feed",
            Error::SourceNotFound(_) => "source_not_found",
            Error::Io { .. } => "io",
            Error::Busy { .. } => "busy",
            Error::BadBundle(_) => "bad_bundle",
            Error::Database(_) => "database",
            Error::Internal(_) => "internal_error",
        }
    }

    /// Whether the error is the caller's input (as opposed to the machine or the database).
    pub fn is_user_error(&self) -> bool {
        !matches!(
            self,
            Error::Io { .. } | Error::Busy { .. } | Error::Database(_) | Error::Internal(_)
        )
    }

    /// Whether the error comes from fetching a URL (the network or the remote site), so a
    /// followed source records it and the next refresh tries again.
    pub fn is_fetch_error(&self) -> bool {
        matches!(
            self,
            Error::FetchFailed { .. }
                | Error::FetchTimeout { .. }
                | Error::HttpStatus { .. }
                | Error::TooManyRedirects { .. }
                | Error::BadRedirect { .. }
                | Error::BodyTooLarge { .. }
                | Error::NotHtml { .. }
                | Error::NoArticleText { .. }
                | Error::BadFeed { .. }
        )
    }
}

/// Serialised as `{"kind": "...", "message": "..."}` so a UI gets a clean, showable message.
impl serde::Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Error", 2)?;
        s.serialize_field("kind", self.kind())?;
        s.serialize_field("message", &self.to_string())?;
        s.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_as_kind_and_message() {
        let json = serde_json::to_value(Error::SnapshotNotFound(42)).unwrap();
        assert_eq!(json["kind"], "snapshot_not_found");
        let message = json["message"].as_str().unwrap();
        assert!(message.contains("42"), "{message}");
        assert_eq!(json.as_object().unwrap().len(), 2);
    }

    #[test]
    fn cause_is_reported_once() {
        let e = Error::from(rusqlite::Error::InvalidQuery);
        assert!(std::error::Error::source(&e).is_none());
        assert!(e.to_string().contains("Query is not read-only"), "{e}");
    }

    #[test]
    fn messages_are_one_line() {
        let errors = [
            Error::EmptyText,
            Error::TextTooLarge {
                bytes: 6_000_000,
                limit: 5_242_880,
            },
            Error::Binary {
                what: "NUL byte",
                offset: 3,
            },
            Error::InvalidUtf8 { offset: 7 },
            Error::BadDate { input: "x".into() },
            Error::StoryNotFound("Bridge".into()),
            Error::NoPreviousVersion(1),
        ];
        for e in errors {
            let m = e.to_string();
            assert!(!m.contains('\n'), "{m}");
            assert!(m.contains(':'), "message should say what to do: {m}");
        }
    }
}
