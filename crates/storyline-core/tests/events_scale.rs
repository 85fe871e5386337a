//! The events step on hostile text: bounded work per sentence, shared sentences, and merging
//! that does not rescan every event (issue 15, finding 1).

use chrono::{DateTime, NaiveDate};
use std::sync::Arc;
use storyline_core::events::extract::{MAX_MENTIONS_PER_SENTENCE, MAX_SENTENCE_BYTES};
use storyline_core::events::{extract, Merger};
use storyline_core::timex;

/// "the river rose in 1990, the river rose in 1991, …": one sentence with no end and a date
/// every 24 bytes. (Words between the years: a run of bare dates alone makes no event at all.)
fn years(len: usize) -> String {
    let mut out = String::new();
    let mut i = 0;
    while out.len() < len {
        out.push_str(&format!("the river rose in {}, ", 1990 + i % 40));
        i += 1;
    }
    out.truncate(len);
    out
}

#[test]
fn an_endless_list_of_dates_makes_a_bounded_number_of_short_mentions() {
    let text = years(100_000);
    let published = DateTime::parse_from_rfc3339("2026-03-10T09:00:00Z").unwrap();
    let timexes = timex::tag(&text, NaiveDate::from_ymd_opt(2026, 3, 10).unwrap());
    assert!(timexes.len() > 4_000, "the tagger dates the list");
    let mentions = extract(&text, published, &timexes);
    let pieces = text.len().div_ceil(MAX_SENTENCE_BYTES / 2);
    assert!(!mentions.is_empty());
    assert!(
        mentions.len() <= pieces * MAX_MENTIONS_PER_SENTENCE,
        "{} mentions",
        mentions.len()
    );
    for m in &mentions {
        assert!(
            m.sentence.len() <= MAX_SENTENCE_BYTES,
            "{}",
            m.sentence.len()
        );
        // The entry may gain a capital and a final period, never more.
        assert!(m.text.len() <= MAX_SENTENCE_BYTES + 2, "{}", m.text.len());
        assert_eq!(&text[m.start..m.end], &*m.sentence);
    }
    // Mentions of one sentence share it rather than copy it.
    let same: Vec<_> = mentions
        .windows(2)
        .filter(|w| w[0].start == w[1].start)
        .collect();
    assert!(!same.is_empty());
    assert!(same
        .iter()
        .all(|w| Arc::ptr_eq(&w[0].sentence, &w[1].sentence)));
}

#[test]
fn one_sentence_told_thousands_of_times_is_one_event() {
    let n = 5_000;
    let text = "The bridge closed on Monday. ".repeat(n);
    let published = DateTime::parse_from_rfc3339("2026-03-10T09:00:00Z").unwrap();
    let timexes = timex::tag(&text, NaiveDate::from_ymd_opt(2026, 3, 10).unwrap());
    let mentions = extract(&text, published, &timexes);
    assert_eq!(mentions.len(), n);
    let mut merger = Merger::new();
    merger.add(1, published, mentions);
    assert_eq!(merger.events.len(), 1);
    let e = &merger.events[0];
    assert_eq!(e.sources.len(), n);
    assert_eq!(e.derived.date.value(), "2026-03-09");
    assert_eq!(e.derived.text, "The bridge closed.");
}
