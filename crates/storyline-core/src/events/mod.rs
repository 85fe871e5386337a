//! Events: dated happenings found in snapshots, merged across snapshots into one timeline.
//!
//! The pipeline for one snapshot is [`sentences::split`] → [`extract::extract`] (one
//! [`Mention`] per dated clause, with a [`MentionStatus`]) → [`merge`] (each mention joins the
//! event it tells again, or starts a new one). An event is the set of its sources; its date,
//! [`Status`], text and history are derived from them by [`merge::derive`].
//!
//! Architecture invariant: this module is pure. It imports no `rusqlite`, no `crate::store` and
//! no `crate::api`; the store keeps events in tables by calling [`merge::assign`] and
//! [`merge::fold_in`], the same loop and fold [`Merger`] runs in memory.
//!
//! ```
//! use chrono::DateTime;
//! use storyline_core::events::{extract, Merger};
//! use storyline_core::timex::{Timex, TimexKind};
//!
//! let text = "On Monday morning, a Russian missile strike on Dnipro killed four people.";
//! let published = DateTime::parse_from_rfc3339("2025-12-02T09:00:00+02:00").unwrap();
//! let timexes = vec![Timex {
//!     start: 3, end: 17, kind: TimexKind::Date, value: "2025-12-01TMO".into(),
//!     modifier: None, anchor: None,
//! }];
//! let mut merger = Merger::new();
//! merger.add(1, published, extract(text, published, &timexes));
//! let event = &merger.events[0].derived;
//! assert_eq!(event.date.value(), "2025-12-01");
//! assert_eq!(event.text, "A Russian missile strike on Dnipro killed four people.");
//! ```

// Offsets here come from the text: no indexing or unwrap that could panic on it, except where a
// comment beside an `allow` says why it cannot (tests may index freely).
#![cfg_attr(not(test), deny(clippy::indexing_slicing, clippy::unwrap_used))]

pub mod clauses;
pub mod cues;
pub mod date;
pub mod entry;
pub mod extract;
pub mod merge;
pub mod rank;
pub mod sentences;
pub mod status;
pub mod words;

pub use date::{DateBasis, EventDate, Granularity};
pub use extract::{extract, Mention};
pub use merge::{derive, Change, Derived, Event, HistoryEntry, Merger, Source};
pub use rank::{key_events, key_score, Telling};

use chrono::{DateTime, FixedOffset};

/// The event mentions of a snapshot's text published at `published`: tag, then extract. Needs
/// no database, so an add does it before taking the write lock.
pub fn mentions(text: &str, published: DateTime<FixedOffset>) -> Vec<Mention> {
    let timexes = crate::timex::tag(text, published.date_naive());
    extract(text, published, &timexes)
}

/// Loads what [`mentions`] and the merge of its result read (the tagger's rules, the events' word
/// files), each once per process, whoever asks first. A front end about to add a text calls this
/// on another thread while it reads and cleans the input, so a first add waits for less; it
/// changes no result.
pub fn preload() {
    crate::timex::Tagger::global();
    cues::Words::global();
    words::Lexicon::global();
}
pub use status::{MentionStatus, Status};
