//! From one snapshot's text and its temporal expressions to event mentions: one per dated clause.

use super::clauses::{self, Unit};
use super::cues::Words;
use super::date::{DateBasis, EventDate, Granularity};
use super::entry;
use super::sentences;
use super::status::{self, MentionStatus};
use crate::timex::{Timex, TimexKind};
use chrono::{DateTime, FixedOffset};
use std::sync::Arc;

/// Longest stretch of text read as one sentence, in bytes. A longer "sentence" (a list of
/// numbers, a page with no full stops) is read in pieces of this size, so the work spent on each
/// of its mentions is bounded and the events step stays linear in the text. Real sentences are
/// far shorter (the longest in the gold stories is under 300 bytes).
pub const MAX_SENTENCE_BYTES: usize = 1_000;

/// Most mentions taken from one sentence (or piece); the dates after these make none. A real
/// sentence names a handful of times; hundreds are a list, not happenings.
pub const MAX_MENTIONS_PER_SENTENCE: usize = 8;

/// One dated happening as one snapshot tells it.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    pub date: EventDate,
    /// Whether `date` was read from the text or placed by the publication time.
    pub date_basis: DateBasis,
    pub status: MentionStatus,
    /// The clause, trimmed to read as a timeline entry.
    pub text: String,
    /// The whole sentence the clause came from, shared by the mentions it makes.
    pub sentence: Arc<str>,
    /// Byte range of `sentence` in the snapshot text.
    pub start: usize,
    pub end: usize,
}

/// Extracts the event mentions of a snapshot. `timexes` are the tagger's output on `text`;
/// durations, sets and values that are not calendar dates make no event.
pub fn extract(text: &str, published_at: DateTime<FixedOffset>, timexes: &[Timex]) -> Vec<Mention> {
    let mut dated: Vec<(&Timex, EventDate)> = timexes
        .iter()
        .filter(|t| matches!(t.kind, TimexKind::Date | TimexKind::Time))
        .filter(|t| t.start < t.end && t.end <= text.len())
        .filter(|t| text.is_char_boundary(t.start) && text.is_char_boundary(t.end))
        .filter(|t| !comparison_point(text, t.start, t.end))
        .filter_map(|t| EventDate::parse(&t.value).map(|d| (t, d)))
        .collect();
    dated.sort_by_key(|(t, _)| (t.start, t.end));

    let mut out = Vec::new();
    // Timexes and sentences both run in text order: one pass over each.
    let mut next = 0;
    for (s, e) in sentences::split(text)
        .into_iter()
        .flat_map(|(s, e)| clauses::pieces(text, s, e))
    {
        while dated.get(next).is_some_and(|d| d.0.start < s) {
            next += 1;
        }
        let first = next;
        while dated.get(next).is_some_and(|d| d.0.start < e) {
            next += 1;
        }
        // A timex cut by a piece's end is dropped (only ever in an over-long "sentence").
        let in_sentence: Vec<&(&Timex, EventDate)> = dated
            .get(first..next)
            .unwrap_or_default()
            .iter()
            .filter(|(t, _)| t.end <= e)
            .collect();
        if in_sentence.is_empty() {
            // No date: the sentence may still tell a happening, placed by the publication.
            out.extend(reported(text, s, e, published_at));
            continue;
        }
        if only_dates(text, s, e, &in_sentence) {
            // A dateline or a time stamp ("Tuesday, December 10, 2013") tells no happening.
            // (A clause that is only its date, "Yesterday, …", takes its sentence below.)
            continue;
        }
        let mut units = clauses::group_units(text, &in_sentence);
        units.truncate(MAX_MENTIONS_PER_SENTENCE);
        let sentence: Arc<str> = Arc::from(&text[s..e]);
        let clauses = clauses::clause_ranges(text, s, e, &units);
        for (unit, &(cs, ce, _)) in units.iter_mut().zip(&clauses) {
            if let Some(date) = past_end(text, cs, ce, unit, published_at) {
                unit.date = date;
            }
        }
        for (i, (unit, &(cs, ce, weak_next))) in units.iter().zip(&clauses).enumerate() {
            let clause = &text[cs..ce];
            let window = clauses::cue_window(text, cs, ce, unit);
            let status = if units.len() == 1 {
                status::of_clause(clause, window, &unit.date, published_at)
            } else {
                // A clause cut off from the one that completes it ("The vote, set for
                // Wednesday, | was postponed") takes that clause's cancel/postpone cue.
                let linked = clauses
                    .get(i + 1)
                    .filter(|_| weak_next)
                    .and_then(|&(ns, ne, _)| status::called_off_cue(&text[ns..ne]))
                    .map(|c| c.1);
                status::of_unit(
                    clause,
                    unit.start.saturating_sub(cs),
                    window,
                    &unit.date,
                    published_at,
                    linked,
                )
            };
            let mut entry = entry::clean_clause(text, cs, ce, unit);
            if entry::is_attribution(&entry) || entry::reports_only(text, cs, ce, unit) {
                // "…, Brooks said on Friday": the date of a statement, not of a happening.
                continue;
            }
            match entry::lost_subject(&text[s..e], &text[cs..ce], &entry) {
                Some(subject) => entry = format!("{subject} {}", entry::lower_first(&entry)),
                // A verb without its subject reads badly: show the whole sentence.
                None if entry::starts_subjectless(&text[s..e], &text[cs..ce]) => {
                    entry = entry::clean_clause(text, s, e, unit)
                }
                None => {}
            }
            if entry.split_whitespace().count() < 3 {
                entry = entry::clean_clause(text, s, e, unit);
            }
            if !entry.chars().any(char::is_alphabetic) {
                // Only dates and their prepositions ("On Monday March 3, 2012 at 9:41 pm"):
                // nothing happened in it.
                continue;
            }
            out.push(Mention {
                date_basis: DateBasis::Text,
                date: unit.date.clone(),
                status,
                text: entry,
                sentence: Arc::clone(&sentence),
                start: s,
                end: e,
            });
        }
    }
    out
}

/// Words looked at before a date to see whether it is a point of comparison.
const COMPARISON_WINDOW: usize = 8;

/// Whether the date starting at `start` is a point of comparison ("its worst fall since 1987",
/// "higher than in 2019"): it is not when the happening took place, so it dates nothing.
fn comparison_point(text: &str, start: usize, end: usize) -> bool {
    let w = Words::global();
    // "since August, when a summit ended": the date still dates what is told after it.
    let after = text[end..].trim_start_matches([',', ' ']);
    let next: String = after
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    if after.len() < text.len() - end && w.told_at.contains(&next) {
        return false;
    }
    let mut from = start.saturating_sub(160);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let before = &text[from..start];
    // Only within the sentence: a comparison never reaches across a full stop.
    let before = before
        .rfind(['.', '!', '?', ';'])
        .map_or(before, |i| &before[i + 1..]);
    let mut words: Vec<String> = before
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.len() > COMPARISON_WINDOW {
        words.drain(..words.len() - COMPARISON_WINDOW);
    }
    // "than in 2019", "since the September 11 attacks": a preposition or an article may stand
    // between the comparison and its date.
    let between =
        |x: &String| w.article.contains(x) || (w.lead.contains(x) && !w.since.contains(x));
    let mut kept = words.len();
    while words.len() - kept < 2
        && kept
            .checked_sub(1)
            .and_then(|i| words.get(i))
            .is_some_and(between)
    {
        kept -= 1;
    }
    // Each cut is tried: "compared to" ends in a preposition of its own.
    if (kept..=words.len()).any(|k| {
        let ws = words.get(..k).unwrap_or_default();
        w.compared.iter().any(|p| ws.ends_with(p))
    }) {
        return true;
    }
    match words.get(..kept).unwrap_or_default().split_last() {
        Some((last, rest)) if w.since.contains(last) => {
            rest.iter().any(|x| w.superlative.contains(x))
        }
        _ => false,
    }
}

/// Longest sentence read as a reported event, in words: longer ones are lists or background.
const MAX_REPORTED_WORDS: usize = 60;

/// Quotation marks that open a quotation.
const OPEN_QUOTES: &[char] = &['"', '\u{201C}'];

/// Byte ranges of `t` inside quotation marks (an unclosed one runs to the end).
fn quoted(t: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (i, c) in t.char_indices() {
        match (c, open) {
            ('"', None) | ('\u{201C}', None) => open = Some(i),
            ('"', Some(o)) | ('\u{201D}', Some(o)) => {
                out.push((o, i + c.len_utf8()));
                open = None;
            }
            _ => {}
        }
    }
    if let Some(o) = open {
        out.push((o, t.len()));
    }
    out
}

/// A sentence without a date that tells a happening (an action or a change), as a mention
/// placed by the publication: happened on or before it (past or perfect), or expected after it
/// (a plan). The words are in `resources/en/events/happenings.txt`; the tense in tense.txt.
fn reported(
    text: &str,
    s: usize,
    e: usize,
    published_at: DateTime<FixedOffset>,
) -> Option<Mention> {
    let w = Words::global();
    let sentence = text.get(s..e)?;
    let body = entry::strip_dateline(sentence);
    let trimmed = body.trim_end();
    // A headline (no closing stop) repeats the report's lead; a question tells nothing.
    if !trimmed.ends_with(['.', '!', '"', '\u{201D}'])
        || body.starts_with(OPEN_QUOTES)
        || body.split_whitespace().count() > MAX_REPORTED_WORDS
    {
        return None;
    }
    // What the sentence tells, without its trailing attribution ("…, officials said").
    let content = entry::strip_attribution(body);
    if w.not_happening.any(&content) {
        return None;
    }
    let quotes = quoted(&content);
    let outside = |&(a, b): &(usize, usize)| !quotes.iter().any(|&(qs, qe)| qs <= a && b <= qe);
    let actions = w.action.find(&content);
    let plan = w.planned.find(&content).iter().any(outside)
        || w.plan
            .find(&content)
            .iter()
            .filter(|m| outside(m))
            .any(|&(_, pe)| {
                // The plan's verb follows it, with at most two words between ("will also meet").
                actions.iter().any(|&(a, _)| {
                    a >= pe
                        && content
                            .get(pe..a)
                            .is_some_and(|gap| gap.split_whitespace().count() <= 2)
                })
            });
    let happened =
        !plan && w.happening.find(&content).iter().any(outside) && status::in_past_tense(&content);
    let mut mstatus = if plan {
        MentionStatus::Expected
    } else if happened {
        MentionStatus::Happened
    } else {
        return None;
    };
    // A cue of calling off speaks of the main clause's happening only: "appointed a mediator
    // after the court postponed its hearing" is an appointment that happened.
    let main_end = w
        .boundaries
        .iter()
        .filter(|(_, weak)| !weak)
        .filter_map(|(b, _)| content.find(b.as_str()))
        .min()
        .unwrap_or(content.len());
    if let Some((_, called_off)) = content.get(..main_end).and_then(status::called_off_cue) {
        mstatus = called_off;
    }
    let date = EventDate::parse(&published_at.date_naive().format("%Y-%m-%d").to_string())?;
    let unit = Unit {
        start: s,
        end: s,
        date: date.clone(),
    };
    let entry = entry::clean_clause(text, s, e, &unit);
    if entry::is_attribution(&entry) || entry.split_whitespace().count() < 3 {
        return None;
    }
    Some(Mention {
        date,
        date_basis: DateBasis::Publication,
        status: mstatus,
        text: entry,
        sentence: Arc::from(sentence),
        start: s,
        end: e,
    })
}

/// Whether sentence `cs..ce` says nothing but its dates: fewer than two words of two letters
/// or more are left once the timexes are taken out. Counting words keeps this free of any
/// language.
fn only_dates(text: &str, cs: usize, ce: usize, timexes: &[&(&Timex, EventDate)]) -> bool {
    let mut words = 0;
    let mut at = cs;
    let mut count = |from: usize, to: usize| {
        if let Some(gap) = text.get(from..to) {
            words += gap
                .split(|c: char| !c.is_alphabetic())
                .filter(|w| w.chars().count() >= 2)
                .count();
        }
    };
    for (t, _) in timexes {
        let (ts, te) = (t.start.clamp(cs, ce), t.end.clamp(cs, ce));
        if ts > at {
            count(at, ts);
        }
        at = at.max(te);
    }
    count(at, ce);
    words < 2
}

/// The date a past-tense clause ended at, when a forward reading of its weekday put it after
/// publication. "Crews fought the blaze until early Tuesday morning" in a Wednesday report:
/// the tense says the fight is over, so it lasted until the Tuesday before, not the one after.
/// Only a day within a week after publication is read again (a bare weekday: its direction is
/// what the text leaves open), and not in reported speech, whose tense is shifted back ("the council
/// said the bridge was closed until Friday" may well mean the coming Friday).
fn past_end(
    text: &str,
    cs: usize,
    ce: usize,
    unit: &Unit,
    published_at: DateTime<FixedOffset>,
) -> Option<EventDate> {
    let now = published_at.naive_local();
    // A later hour of the publication day is no misreading (see `status::of_clause`).
    if unit.date.start().date() <= now.date()
        || unit.start < cs
        || unit.end > ce
        || !clauses::is_end(text, cs, unit)
    {
        return None;
    }
    // A day within a week ahead: what a bare weekday names when read forward.
    let ahead = (unit.date.start().date() - now.date()).num_days();
    if unit.date.granularity() != Granularity::Day || ahead > 7 {
        return None;
    }
    let window = clauses::cue_window(text, cs, ce, unit);
    let reported = Words::global().say_phrases.any(&text[cs..unit.start]);
    if reported || !status::in_past_tense(window) {
        return None;
    }
    let value = unit.date.value();
    let day = chrono::NaiveDate::parse_from_str(value.get(..10)?, "%Y-%m-%d").ok()?;
    let earlier = EventDate::parse(&format!(
        "{}{}",
        day - chrono::Duration::days(7),
        &value[10..]
    ))?;
    (earlier.start() <= now).then_some(earlier)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_of_dates_and_prepositions_makes_no_mention() {
        // Found by the pipeline property test: every word is a date's or a preposition, so the
        // entry came out empty.
        let text = "On Monday March 3, 2012 at 9:41 pm";
        let published = DateTime::parse_from_rfc3339("2012-03-06T09:00:00Z").unwrap();
        let timexes = crate::timex::tag(text, published.date_naive());
        assert!(extract(text, published, &timexes).is_empty());
    }

    fn dct(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    /// Builds timexes by finding each phrase in the text.
    fn tx(text: &str, spec: &[(&str, &str, TimexKind)]) -> Vec<Timex> {
        spec.iter()
            .map(|(phrase, value, kind)| {
                let start = text.find(phrase).unwrap_or_else(|| panic!("{phrase}"));
                Timex {
                    start,
                    end: start + phrase.len(),
                    kind: *kind,
                    value: value.to_string(),
                    modifier: None,
                    anchor: None,
                }
            })
            .collect()
    }

    use TimexKind::{Date, Duration, Set, Time};

    #[test]
    fn seed_sentence_gives_a_dated_happened_event() {
        let text = "KYIV, Ukraine (AP) — On Monday morning, a Russian missile strike on the city \
                    of Dnipro killed four people, officials said.";
        let m = extract(
            text,
            dct("2025-12-02T10:00:00+02:00"),
            &tx(text, &[("Monday morning", "2025-12-01TMO", Date)]),
        );
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].date.value(), "2025-12-01");
        assert_eq!(m[0].status, MentionStatus::Happened);
        assert_eq!(
            m[0].text,
            "A Russian missile strike on the city of Dnipro killed four people."
        );
        assert_eq!(&text[m[0].start..m[0].end], &*m[0].sentence);
    }

    #[test]
    fn two_dated_happenings_give_two_events() {
        let text = "The bridge, which opened in 1968, was closed on Monday after engineers \
                    found cracks, and the mayor will hold a news conference on Wednesday.";
        let m = extract(
            text,
            dct("2025-12-02T10:00:00Z"),
            &tx(
                text,
                &[
                    ("1968", "1968", Date),
                    ("Monday", "2025-12-01", Date),
                    ("Wednesday", "2025-12-03", Date),
                ],
            ),
        );
        let got: Vec<(&str, MentionStatus)> =
            m.iter().map(|m| (m.date.value(), m.status)).collect();
        assert_eq!(
            got,
            [
                ("1968", MentionStatus::Happened),
                ("2025-12-01", MentionStatus::Happened),
                ("2025-12-03", MentionStatus::Expected)
            ]
        );
        assert!(m[0].text.contains("opened"), "{}", m[0].text);
        assert_eq!(
            m[1].text,
            "The bridge was closed on Monday after engineers found cracks."
        );
        assert!(!m[1].text.contains("news conference"), "{}", m[1].text);
        assert_eq!(m[2].text, "The mayor will hold a news conference.");
    }

    #[test]
    fn what_someone_said_about_later_does_not_make_a_held_event_expected() {
        let text = "At a news conference on Wednesday, Mayor Dana Whitfield ordered a review \
                    and said the bridge would stay closed.";
        let m = extract(
            text,
            dct("2025-12-03T15:00:00Z"),
            &tx(text, &[("Wednesday", "2025-12-03", Date)]),
        );
        assert_eq!(m[0].status, MentionStatus::Happened);
        let text = "On Wednesday, the mayor will hold a news conference, her office said.";
        let m = extract(
            text,
            dct("2025-12-03T08:00:00Z"),
            &tx(text, &[("Wednesday", "2025-12-03", Date)]),
        );
        assert_eq!(m[0].status, MentionStatus::Expected);
        assert_eq!(m[0].text, "The mayor will hold a news conference.");
    }

    #[test]
    fn durations_and_sets_are_not_events() {
        let text = "The siege lasted three weeks and shelling came every day.";
        let m = extract(
            text,
            dct("2025-12-02T10:00:00Z"),
            &tx(
                text,
                &[("three weeks", "P3W", Duration), ("every day", "P1D", Set)],
            ),
        );
        assert!(m.is_empty());
        let text = "Crime has fallen recently, the police said.";
        let m = extract(
            text,
            dct("2025-12-02T10:00:00Z"),
            &tx(text, &[("recently", "PAST_REF", Date)]),
        );
        assert!(m.is_empty());
    }

    #[test]
    fn adjacent_timexes_make_one_event_at_the_finer_date() {
        let text = "Voting begins at 9 a.m. on Monday, Dec. 8.";
        let m = extract(
            text,
            dct("2025-12-02T10:00:00Z"),
            &tx(
                text,
                &[
                    ("9 a.m.", "2025-12-08T09:00", Time),
                    ("Monday", "2025-12-08", Date),
                    ("Dec. 8", "2025-12-08", Date),
                ],
            ),
        );
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].date.value(), "2025-12-08T09:00");
        assert_eq!(m[0].status, MentionStatus::Expected);
    }

    #[test]
    fn a_range_is_one_event_at_its_start() {
        let text = "The summit will run from Dec. 8 to Dec. 10 in Geneva.";
        let m = extract(
            text,
            dct("2025-12-02T10:00:00Z"),
            &tx(
                text,
                &[
                    ("Dec. 8", "2025-12-08", Date),
                    ("Dec. 10", "2025-12-10", Date),
                ],
            ),
        );
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].date.value(), "2025-12-08");
    }

    /// Regression: the demo story showed an entry "'s closure sent drivers …" — the date phrase
    /// of "Monday's closure" was cut with the words before it, leaving the clitic.
    #[test]
    fn possessive_date_never_leaves_a_clitic_at_the_start_of_an_entry() {
        let now = dct("2026-03-10T18:30:00Z");
        for (text, phrase) in [
            // HTML extraction may leave a space between an inline element and the clitic.
            (
                "The storm hit on Sunday, and Monday 's closure sent drivers on a diversion.",
                "Monday",
            ),
            (
                "Monday\u{2019}s closure sent drivers on a long diversion.",
                "Monday",
            ),
            (
                "Monday\u{02BC}s closure sent drivers on a long diversion.",
                "Monday",
            ),
            (
                "PORT CALLAN \u{2014} Yesterday`s closure sent drivers on a long diversion.",
                "Yesterday",
            ),
            (
                "The storm hit on Sunday, and by Monday's end the bridge was shut.",
                "Monday",
            ),
        ] {
            let timexes = tx(
                text,
                &[("Sunday", "2026-03-08", Date), (phrase, "2026-03-09", Date)]
                    [usize::from(!text.contains("Sunday"))..],
            );
            let m = extract(text, now, &timexes);
            let entry = &m.last().unwrap().text;
            assert!(entry::opens_cleanly(entry), "{text:?} -> {entry:?}");
            assert!(entry.starts_with(|c: char| c.is_uppercase()), "{entry:?}");
            assert!(
                entry.contains(phrase),
                "the possessive keeps its date: {entry:?}"
            );
        }
    }

    /// Regression: "Crews from three stations fought the blaze until early Tuesday morning" in a
    /// Wednesday report was dated the Tuesday after publication and marked expected.
    #[test]
    fn past_tense_clause_ending_until_a_weekday_happened_and_ended_before_publication() {
        let wed = dct("2026-03-11T12:05:00Z");
        let text = "Crews from three stations fought the blaze until early Tuesday morning.";
        // The forward reading of "until Tuesday" that a tagger gives without the tense.
        let m = extract(
            text,
            wed,
            &tx(text, &[("early Tuesday morning", "2026-03-17TMO", Time)]),
        );
        assert_eq!(m[0].date.value(), "2026-03-10");
        assert_eq!(m[0].status, MentionStatus::Happened);
        assert_eq!(
            m[0].text,
            "Crews from three stations fought the blaze until early Tuesday morning."
        );
        // Read right already: kept as it is.
        let m = extract(
            text,
            wed,
            &tx(text, &[("early Tuesday morning", "2026-03-10TMO", Time)]),
        );
        assert_eq!(
            (m[0].date.value(), m[0].status),
            ("2026-03-10", MentionStatus::Happened)
        );
        // A later hour of the publication day, published with its date only: told as done.
        let text = "Crews fought the blaze until 2 a.m. Tuesday, the fire service said.";
        let m = extract(
            text,
            dct("2026-03-17T00:00:00Z"),
            &tx(text, &[("2 a.m. Tuesday", "2026-03-17T02:00", Time)]),
        );
        assert_eq!(
            (m[0].date.value(), m[0].status),
            ("2026-03-17T02:00", MentionStatus::Happened)
        );
    }

    #[test]
    fn an_end_still_to_come_stays_expected() {
        let wed = dct("2026-03-11T12:05:00Z");
        for text in [
            "The bridge will stay closed until Friday.",
            // Reported speech shifts the tense back: the coming Friday.
            "The council said the bridge was closed until Friday.",
            "The bridge stays closed until Friday.",
        ] {
            let m = extract(text, wed, &tx(text, &[("Friday", "2026-03-13", Date)]));
            assert_eq!(
                (m[0].date.value(), m[0].status),
                ("2026-03-13", MentionStatus::Expected),
                "{text}"
            );
            assert!(m[0].text.ends_with("until Friday."), "{}", m[0].text);
        }
    }

    /// The author's note: "The Alpine Union said on Friday, citing …" became an event of its own.
    #[test]
    fn reporting_clause_with_its_own_date_is_no_event() {
        let text = "Talks that had been scheduled to open in Geneva on Dec. 9 have been \
                    postponed to January, the Alpine Union said on Friday, citing \
                    \"logistical reasons.\"";
        let m = extract(
            text,
            dct("2025-12-05T18:00:00Z"),
            &tx(
                text,
                &[
                    ("Dec. 9", "2025-12-09", Date),
                    ("January", "2026-01", Date),
                    ("on Friday", "2025-12-05", Date),
                ],
            ),
        );
        let dates: Vec<&str> = m.iter().map(|m| m.date.value()).collect();
        assert_eq!(dates, ["2025-12-09", "2026-01"]);
        // What was said on that day is content, and stays an event.
        let text = "Officials said on Monday that the bridge would reopen within a week.";
        let m = extract(
            text,
            dct("2025-12-05T18:00:00Z"),
            &tx(text, &[("Monday", "2025-12-01", Date)]),
        );
        assert_eq!(m.len(), 1);
    }

    #[test]
    fn an_entry_never_opens_on_dangling_punctuation() {
        let text = "On Monday: the bridge was closed to all traffic.";
        let m = extract(
            text,
            dct("2026-03-10T18:30:00Z"),
            &tx(text, &[("Monday", "2026-03-09", Date)]),
        );
        assert_eq!(m[0].text, "The bridge was closed to all traffic.");
    }

    #[test]
    fn timexes_outside_the_text_or_off_char_boundaries_are_ignored() {
        let text = "Héllo on Monday.";
        let bad = vec![
            Timex {
                start: 2,
                end: 4,
                kind: Date,
                value: "2025-12-01".into(),
                modifier: None,
                anchor: None,
            },
            Timex {
                start: 10,
                end: 99,
                kind: Date,
                value: "2025-12-01".into(),
                modifier: None,
                anchor: None,
            },
        ];
        assert!(extract(text, dct("2025-12-02T10:00:00Z"), &bad).is_empty());
    }
}
