//! News read as news: background years do not make a report a history, and names and clock
//! times that look like dates are not dates. Sentences written for these tests.

use chrono::NaiveDate;
use storyline_timex::Tagger;

fn tagged(text: &str, dct: &str) -> Vec<(String, String)> {
    let dct = NaiveDate::parse_from_str(dct, "%Y-%m-%d").expect("dct");
    Tagger::global()
        .tag(text, dct)
        .into_iter()
        .map(|t| (text[t.start..t.end].to_string(), t.value))
        .collect()
}

fn value_of(tags: &[(String, String)], span: &str) -> Option<String> {
    tags.iter().find(|(s, _)| s == span).map(|(_, v)| v.clone())
}

#[test]
fn background_years_and_captions_do_not_move_a_reports_weekdays() {
    // Seven old years (captions and company history) before the first weekday.
    let text = "Photo: the mill in 1971.\nArchive picture from 1986.\n\
                The firm, founded in 1921, grew through 1955, 1968 and 1979 before a merger in 1994. \
                Its chief executive said Tuesday that the mill would close, and workers heard of \
                the plan yesterday.";
    let tags = tagged(text, "2011-03-16");
    assert_eq!(
        value_of(&tags, "Tuesday").as_deref(),
        Some("2011-03-15"),
        "{tags:?}"
    );
    assert_eq!(
        value_of(&tags, "yesterday").as_deref(),
        Some("2011-03-15"),
        "{tags:?}"
    );
}

#[test]
fn a_history_still_follows_its_own_dates() {
    let text = "In 1812 the army crossed the river. By 1813 it had lost most of its men. \
                Treaties followed in 1814 and 1815, and the last garrison left in 1816. \
                The next year the border was redrawn.";
    let tags = tagged(text, "2011-03-16");
    assert_eq!(
        value_of(&tags, "The next year").as_deref(),
        Some("1817"),
        "{tags:?}"
    );
}

#[test]
fn four_digits_before_local_time_or_a_zone_are_a_clock_time() {
    let tags = tagged(
        "The last boat sailed at 2130 local time (0030 GMT) and sank within the hour.",
        "2012-02-03",
    );
    assert!(tags.iter().all(|(_, v)| v != "2130"), "{tags:?}");
    assert_eq!(
        value_of(&tags, "2130 local time").as_deref(),
        Some("2012-02-03T21:30")
    );
}

#[test]
fn programme_and_paper_names_are_not_dates() {
    for s in [
        "The minister told Radio 4's Today programme she would not resign.",
        "An interview with NBC's Today show aired later.",
        "A columnist for USA Today wrote the piece.",
        "The Mail on Sunday first printed the letter.",
    ] {
        assert!(
            tagged(s, "2012-02-03").is_empty(),
            "{s}: {:?}",
            tagged(s, "2012-02-03")
        );
    }
}
