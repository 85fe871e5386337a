//! Property tests over the whole add pipeline (ingest → tag → sentences → extract → merge), and
//! through the API on a real database file: no input may panic, and every span the pipeline
//! hands on lies on char boundaries inside its sentence.
//!
//! CI runs the default number of cases; run longer by hand with
//! `PROPTEST_CASES=20000 cargo test -p storyline-core --release --test pipeline_props`.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use proptest::prelude::*;
use storyline_core::api::{AddSnapshot, Storyline};
use storyline_core::events::{extract, sentences, Merger};
use storyline_core::ingest::{read_content, InputFormat};
use storyline_core::timex::Tagger;

fn published(dct: NaiveDate) -> DateTime<FixedOffset> {
    let t = dct.and_hms_opt(9, 30, 0).expect("valid time");
    FixedOffset::east_opt(3600)
        .expect("valid offset")
        .from_local_datetime(&t)
        .single()
        .expect("unambiguous")
}

use chrono::TimeZone;

/// Runs the pure pipeline on `bytes`; fails the case on any broken span. A rejected input
/// (empty, binary, …) is fine: it is a clear error, not a panic.
fn pipeline(bytes: &[u8], format: InputFormat, dct: NaiveDate) -> Result<(), TestCaseError> {
    let Ok(content) = read_content(bytes, format) else {
        return Ok(());
    };
    let text = content.text.as_str();
    let timexes = Tagger::global().tag(text, dct);
    for t in &timexes {
        prop_assert!(t.start < t.end && t.end <= text.len(), "timex span {t:?}");
        prop_assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
    }
    let sents = sentences::split(text);
    let mut prev = 0;
    for &(s, e) in &sents {
        prop_assert!(prev <= s && s <= e && e <= text.len(), "sentence {s}..{e}");
        prop_assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
        prev = e;
    }
    let at = published(dct);
    let mentions = extract(text, at, &timexes);
    for m in &mentions {
        prop_assert!(m.start <= m.end && m.end <= text.len(), "mention {m:?}");
        prop_assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
        prop_assert_eq!(&text[m.start..m.end], &*m.sentence);
        prop_assert!(
            sents.iter().any(|&(s, e)| s <= m.start && m.end <= e),
            "a mention's sentence lies inside one of the text's sentences"
        );
        prop_assert!(
            !m.text.trim().is_empty(),
            "empty entry from {:?}",
            m.sentence
        );
    }
    let mut merger = Merger::new();
    merger.add(1, at, mentions.clone());
    merger.add(2, at + Duration::hours(5), mentions);
    for ev in &merger.events {
        prop_assert!(!ev.sources.is_empty(), "an event without a source");
    }
    // Figures: spans and sentences on char boundaries, inside the text, the figure inside its
    // sentence, and numbers that are numbers.
    for f in storyline_core::figures::extract(text, dct) {
        prop_assert!(f.start <= f.end && f.end <= text.len(), "figure {f:?}");
        prop_assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
        prop_assert!(
            f.sentence_start <= f.start && f.end <= f.sentence_end,
            "{f:?}"
        );
        prop_assert!(
            text.is_char_boundary(f.sentence_start) && text.is_char_boundary(f.sentence_end)
        );
        prop_assert!(
            f.value.is_finite() && f.high.is_none_or(f64::is_finite),
            "{f:?}"
        );
    }
    Ok(())
}

/// Pieces real news is made of: dates, separators, abbreviations, clitics, quotes, furniture.
const PIECES: &[&str] = &[
    "On Monday",
    "on Tuesday",
    "Tuesday, December 10, 2013",
    "March 3, 2012 at 9:41 pm",
    "at 1945 local time (0045 GMT)",
    "yesterday",
    "next week",
    "2025-12-01",
    "Dec. 1",
    "mid-2024",
    "last year",
    "in May",
    "the day before",
    "by the end of the month",
    "9 a.m.",
    "Monday morning",
    "two weeks ago",
    "this week",
    "1990, 1991, 1992",
    "Today",
    "; ",
    " — ",
    " – ",
    ": ",
    ", ",
    " (",
    ") ",
    "\"",
    "'",
    "“",
    "”",
    "[",
    "]",
    ". ",
    "\n\n",
    "\n",
    "! ",
    "? ",
    "...",
    "…",
    " | ",
    "the flood receded",
    "he left",
    "Mr.",
    "U.S.",
    "Dr.",
    "e.g.",
    "it's",
    "don't",
    "Putin's",
    "O'Neill",
    "résumé",
    "日本",
    "🚀",
    "will meet",
    "was expected to",
    "said",
    "told reporters",
    "Report abuse",
    "RETWEET",
    "Related stories",
    "the talks were postponed",
    "was cancelled",
    "is scheduled to",
    "LONDON",
    "(Reuters) -",
    " ",
    " ",
    "the bridge",
    "closed",
    "reopened",
    "killing two people",
    "at least 40",
    "2.5 million customers",
    "$4m",
    "30-40",
    "dozens of",
    "rose to nine from four",
    "a further 1,500",
    "the death toll",
    "were injured",
    "9,800 hectares",
    "12%",
    "between 30 and",
    "this one",
    "A",
    "a",
];

fn news_like() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..40).prop_map(|v| {
        let mut s = String::new();
        for p in v {
            if !s.is_empty() && !s.ends_with([' ', '\n']) && !p.starts_with([' ', '\n']) {
                s.push(' ');
            }
            s.push_str(p);
        }
        s
    })
}

/// `PROPTEST_CASES` when set (a longer run by hand), else the CI default given.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn any_dct() -> impl Strategy<Value = NaiveDate> {
    (1900i32..2100, 1u32..=12, 1u32..=28)
        .prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).expect("valid date"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(256), ..ProptestConfig::default() })]

    #[test]
    fn news_like_text_never_breaks_the_pipeline(text in news_like(), dct in any_dct()) {
        pipeline(text.as_bytes(), InputFormat::Text, dct)?;
    }

    #[test]
    fn news_like_html_never_breaks_the_pipeline(text in news_like(), dct in any_dct()) {
        let html = format!("<html><body><article><p>{}</p></article></body></html>",
            text.replace("\n\n", "</p><p>"));
        pipeline(html.as_bytes(), InputFormat::Html, dct)?;
    }

    #[test]
    fn arbitrary_text_never_breaks_the_pipeline(text in "\\PC{0,300}", dct in any_dct()) {
        pipeline(text.as_bytes(), InputFormat::Auto, dct)?;
    }

    #[test]
    fn arbitrary_bytes_never_break_the_pipeline(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        pipeline(&bytes, InputFormat::Auto, NaiveDate::from_ymd_opt(2025, 12, 2).expect("date"))?;
    }
}

proptest! {
    // Through the API on a real database file: fewer cases, each opens and writes the file.
    #![proptest_config(ProptestConfig { cases: cases(24), ..ProptestConfig::default() })]

    #[test]
    fn adding_news_like_text_never_panics_and_stores_all_or_nothing(
        texts in prop::collection::vec(news_like(), 1..4),
    ) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("props.db");
        let mut sl = Storyline::open(&path).expect("open");
        let now = DateTime::parse_from_rfc3339("2025-12-03T10:00:00Z").expect("now").to_utc();
        let mut stored = 0;
        for (i, t) in texts.iter().enumerate() {
            let mut req = AddSnapshot::new("Props", t.as_bytes());
            req.published = Some(format!("2025-12-0{}T09:00:00+01:00", i + 1));
            let r = storyline_core::api::guard(|| sl.add_snapshot(req, now));
            match r {
                Ok(Ok(r)) => stored += usize::from(!r.unchanged),
                Ok(Err(e)) => prop_assert!(e.is_user_error(), "{e}"),
                Err(e) => prop_assert!(false, "panicked: {e}"),
            }
        }
        let n: usize = match sl.stories().expect("stories").first() {
            Some(s) => s.snapshots as usize,
            None => 0,
        };
        prop_assert_eq!(n, stored);
        if stored > 0 {
            let story = sl.stories().expect("stories")[0].title.clone();
            let tl = sl.timeline(&story, &Default::default());
            prop_assert!(tl.is_ok());
        }
    }
}
