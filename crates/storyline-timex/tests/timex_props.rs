//! Property tests: the tagger never panics and its spans are well-formed on any input.

use chrono::NaiveDate;
use proptest::prelude::*;
use storyline_timex::{tag, Timex};

fn check_spans(text: &str, timexes: &[Timex]) -> Result<(), TestCaseError> {
    let mut prev_end = 0;
    for t in timexes {
        prop_assert!(t.start < t.end, "empty span {t:?}");
        prop_assert!(t.end <= text.len(), "span past the end {t:?}");
        prop_assert!(
            text.is_char_boundary(t.start) && text.is_char_boundary(t.end),
            "not on a char boundary {t:?}"
        );
        prop_assert!(
            t.start >= prev_end,
            "overlapping or unsorted spans at {t:?}"
        );
        prop_assert!(!t.value.is_empty(), "empty value {t:?}");
        prev_end = t.end;
    }
    Ok(())
}

/// Words the rules react to, so random text actually exercises them.
const WORDS: &[&str] = &[
    "Monday",
    "May",
    "March",
    "2009",
    "'82",
    "the",
    "next",
    "last",
    "week",
    "year",
    "ago",
    "early",
    "late",
    "mid-",
    "the 1990s",
    "3",
    "21",
    "p.m.",
    "11:40",
    "UTC",
    "ET",
    "every",
    "days",
    "two",
    "twenty-five",
    "quarter",
    "fourth",
    "of",
    "to",
    "-",
    "–",
    ",",
    ".",
    "\n",
    "now",
    "today",
    "é",
    "日本",
    "🙂",
    "\u{2019}s",
    "Christmas",
    "summer",
    "fiscal",
    "FY",
    "BC",
    "half",
    "an",
    "hour",
    "the following day",
    "that evening",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn arbitrary_unicode_never_panics(text in "\\PC{0,200}", y in 1i32..3000, doy in 1u32..366) {
        let dct = NaiveDate::from_yo_opt(y, doy).unwrap_or(NaiveDate::from_ymd_opt(2000, 1, 1).unwrap());
        let t = tag(&text, dct);
        check_spans(&text, &t)?;
    }

    #[test]
    fn temporal_word_soup_is_well_formed(words in proptest::collection::vec(0..WORDS.len(), 0..40), sep in "[ \\n,.\u{a0}]{1,2}") {
        let text = words.iter().map(|&i| WORDS[i]).collect::<Vec<_>>().join(&sep);
        let dct = NaiveDate::from_ymd_opt(2025, 12, 31).unwrap();
        let t = tag(&text, dct);
        check_spans(&text, &t)?;
    }
}

#[test]
fn extreme_dcts_and_huge_numbers_do_not_panic() {
    let text = "99999999999999 days ago, 123456789 weeks later, 4000000000 years from now, the 99999th century.";
    let t = tag(text, NaiveDate::from_ymd_opt(2025, 1, 1).unwrap());
    check_spans(text, &t).unwrap();
    let text = "On Monday, two years ago, in the 1990s, last week, the following day, next quarter, Christmas.";
    for dct in [
        NaiveDate::MIN,
        NaiveDate::MAX,
        NaiveDate::from_ymd_opt(0, 1, 1).unwrap(),
    ] {
        let t = tag(text, dct);
        check_spans(text, &t).unwrap();
    }
}
