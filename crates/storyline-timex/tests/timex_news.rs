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

/// One case: DCT, sentence, then (span, value) pairs the tagger must give.
type Case<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)]);

fn check(cases: &[Case]) {
    let mut bad = Vec::new();
    for (dct, text, want) in cases {
        let tags = tagged(text, dct);
        for (span, value) in want.iter() {
            if value_of(&tags, span).as_deref() != Some(*value) {
                bad.push(format!(
                    "{dct} {text}\n    {span}: want {value}, got {tags:?}"
                ));
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn an_infinitive_or_a_coordinated_verb_group_does_not_govern_a_date_outside_it() {
    check(&[
        // Monday 8 December 2025.
        (
            "2025-12-08",
            "The boy returned on Saturday to be reunited with his family.",
            &[("Saturday", "2025-12-06")],
        ),
        (
            "2025-12-08",
            "Rescuers went back on Sunday to resume the search.",
            &[("Sunday", "2025-12-07")],
        ),
        (
            "2025-12-08",
            "The council voted on Friday to begin the demolition in March.",
            &[("Friday", "2025-12-05"), ("March", "2026-03")],
        ),
        (
            "2025-12-08",
            "He will travel to Rome on Thursday to be received by the pope.",
            &[("Thursday", "2025-12-11")],
        ),
        (
            "2025-12-08",
            "Heavy rain began falling on the coast Thursday and could spread inland by Saturday.",
            &[("Thursday", "2025-12-04"), ("Saturday", "2025-12-13")],
        ),
        (
            "2025-12-08",
            "Shares fell sharply on Friday but could recover this week.",
            &[("Friday", "2025-12-05")],
        ),
        // Wednesday 10 December 2025.
        (
            "2025-12-10",
            "Police stopped the car on Tuesday and should charge the driver soon.",
            &[("Tuesday", "2025-12-09")],
        ),
        // Wednesday 31 December 2025: the week crosses the year.
        (
            "2025-12-31",
            "The ship left port on Monday and is due in Lisbon on Friday.",
            &[("Monday", "2025-12-29"), ("Friday", "2026-01-02")],
        ),
        // An infinitive that completes its verb is that verb's clause.
        (
            "2025-12-08",
            "Forecasters said the storm is expected to hit on Thursday.",
            &[("Thursday", "2025-12-11")],
        ),
    ]);
}

#[test]
fn a_reporting_verbs_complement_does_not_lend_its_cue_to_the_reporting_time() {
    check(&[
        (
            "2025-12-08",
            "She told reporters on Thursday she would resign.",
            &[("Thursday", "2025-12-04")],
        ),
        (
            "2025-12-08",
            "The company said on Friday it would cut 500 jobs.",
            &[("Friday", "2025-12-05")],
        ),
        // Sunday 1 March 2026: the week before is February's.
        (
            "2026-03-01",
            "He told supporters on Friday he would stand again.",
            &[("Friday", "2026-02-27")],
        ),
        (
            "2026-03-01",
            "Police said they had arrested the suspect on Friday and that he would be charged on Monday.",
            &[("Friday", "2026-02-27"), ("Monday", "2026-03-02")],
        ),
        // The complement's own date still follows the complement.
        (
            "2025-12-08",
            "The ministry said the talks would resume on Thursday.",
            &[("Thursday", "2025-12-11")],
        ),
    ]);
}

#[test]
fn a_relative_clause_holds_one_verb_group() {
    check(&[
        (
            "2026-03-01",
            "Investors who bought shares in January could lose money.",
            &[("January", "2026-01")],
        ),
        (
            "2026-03-01",
            "The storm that battered the coast on Friday could return.",
            &[("Friday", "2026-02-27")],
        ),
        (
            "2025-12-05",
            "Residents who fled on Wednesday will be allowed to return on Monday.",
            &[("Wednesday", "2025-12-03"), ("Monday", "2025-12-08")],
        ),
        (
            "2025-12-08",
            "A strike that began on Thursday could last weeks.",
            &[("Thursday", "2025-12-04")],
        ),
    ]);
}

#[test]
fn a_past_year_that_opens_a_sentence_is_the_reference_time_of_what_follows() {
    check(&[
        (
            "2020-06-15",
            "In 2019 the firm lost money. In March it sold its London office, and in July it cut 200 jobs.",
            &[("March", "2019-03"), ("July", "2019-07")],
        ),
        (
            "2018-11-20",
            "The 2016 election was close. In November, voters chose a new mayor.",
            &[("November", "2016-11")],
        ),
        (
            "2020-06-15",
            "On Nov. 3, 2019, the bridge collapsed. On Nov. 5, the mayor resigned. In January, the council was dissolved.",
            &[("Nov. 5", "2019-11-05"), ("January", "2020-01")],
        ),
        (
            "2020-06-15",
            "In 2019, sales fell. In the third quarter, the firm cut 200 jobs.",
            &[("the third quarter", "2019-Q3")],
        ),
        // A future cue, a DCT-anchored expression, or a year in passing keep the DCT.
        (
            "2020-06-15",
            "In 2018, the firm opened a plant. It will open another in March.",
            &[("March", "2021-03")],
        ),
        (
            "2025-12-10",
            "In 2008, Smith became chief executive. On Monday he resigned. In March he had warned of losses.",
            &[("Monday", "2025-12-08"), ("March", "2025-03")],
        ),
        (
            "2025-12-08",
            "Revenue in 2024 was $3 billion. In March, the company said it expected growth.",
            &[("March", "2025-03")],
        ),
    ]);
}

#[test]
fn anaphora_follow_the_last_date_and_a_future_cue_counts_from_the_dct() {
    check(&[
        (
            "2025-12-08",
            "The bridge collapsed on March 3, 2019. The next day, the mayor resigned.",
            &[("The next day", "2019-03-04")],
        ),
        (
            "2025-12-08",
            "Smith was elected in 2015. That year, turnout fell. He was re-elected two years later.",
            &[("That year", "2015"), ("two years later", "2017")],
        ),
        (
            "2025-12-08",
            "The storm hit the coast on Thursday. The same day, the mayor declared an emergency.",
            &[("The same day", "2025-12-04")],
        ),
        (
            "2025-12-08",
            "The storm hit the coast on Thursday. Officials say a decision will come the next day.",
            &[("Thursday", "2025-12-04"), ("the next day", "2025-12-09")],
        ),
        // Friday 2 January 2026: last month is last year's.
        (
            "2026-01-02",
            "The minister, who resigned on Dec. 31, will be replaced in February.",
            &[("Dec. 31", "2025-12-31"), ("February", "2026-02")],
        ),
    ]);
}

#[test]
fn a_future_seen_from_the_past_counts_from_the_sentences_past_date() {
    check(&[
        // Monday 15 June 2026, months after the statement.
        (
            "2026-06-15",
            "The firm said in October it would close the plant in March.",
            &[("October", "2025-10"), ("March", "2026-03")],
        ),
        // Wednesday 7 January 2026: the statement was made last year.
        (
            "2026-01-07",
            "Officials said on Dec. 29 the bridge would reopen on Jan. 3.",
            &[("Dec. 29", "2025-12-29"), ("Jan. 3", "2026-01-03")],
        ),
        // Without a past date in the sentence, or with "will", the DCT.
        (
            "2026-06-15",
            "The firm said on Friday it would close the plant in March.",
            &[("Friday", "2026-06-12"), ("March", "2027-03")],
        ),
        (
            "2026-06-15",
            "In October the firm said the plant will close in March.",
            &[("March", "2027-03")],
        ),
    ]);
}
