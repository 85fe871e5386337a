//! Fuzz target: the whole add pipeline (ingest → tag → sentences → extract → merge) on arbitrary
//! bytes. Nothing may panic, and every span handed on lies on char boundaries inside its sentence.
//! The first two bytes pick the publication day and the input format; the rest is the article.
#![no_main]

use chrono::{Duration, FixedOffset, NaiveDate, TimeZone};
use libfuzzer_sys::fuzz_target;
use storyline_core::events::{extract, sentences, Merger};
use storyline_core::ingest::{read_content, InputFormat};
use storyline_core::timex::Tagger;

fuzz_target!(|data: &[u8]| {
    let [a, b, rest @ ..] = data else { return };
    let base = NaiveDate::from_ymd_opt(2025, 12, 2).expect("valid date");
    let dct = base - Duration::days(i64::from(*a) * 97);
    let format = match b % 3 {
        0 => InputFormat::Auto,
        1 => InputFormat::Text,
        _ => InputFormat::Html,
    };
    let Ok(content) = read_content(rest, format) else { return };
    let text = content.text.as_str();
    let timexes = Tagger::global().tag(text, dct);
    for (s, e) in sentences::split(text) {
        assert!(s <= e && e <= text.len());
        assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
    }
    let at = FixedOffset::east_opt(0)
        .expect("offset")
        .from_local_datetime(&dct.and_hms_opt(12, 0, 0).expect("time"))
        .single()
        .expect("unambiguous");
    let mentions = extract(text, at, &timexes);
    for m in &mentions {
        assert!(m.start <= m.end && m.end <= text.len());
        assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
        assert_eq!(&text[m.start..m.end], &*m.sentence);
    }
    let mut merger = Merger::new();
    merger.add(1, at, mentions.clone());
    merger.add(2, at + Duration::hours(3), mentions);
    assert!(merger.events.iter().all(|e| !e.sources.is_empty()));
});
