//! What one clause says about its happening: done, expected, cancelled or postponed; and what
//! the sources of one event, read in publication order, make of it.

use super::cues::Words;
use super::date::EventDate;
use crate::timex::{CuePoints, Tagger};
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// The status one source gives a happening.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MentionStatus {
    Happened,
    Expected,
    Cancelled,
    Postponed,
}

/// The status of a merged event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum Status {
    Happened,
    Expected,
    ExpectedThenHappened,
    Cancelled,
    Postponed,
}

impl MentionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            MentionStatus::Happened => "happened",
            MentionStatus::Expected => "expected",
            MentionStatus::Cancelled => "cancelled",
            MentionStatus::Postponed => "postponed",
        }
    }

    pub fn parse(s: &str) -> Option<MentionStatus> {
        Some(match s {
            "happened" => MentionStatus::Happened,
            "expected" => MentionStatus::Expected,
            "cancelled" => MentionStatus::Cancelled,
            "postponed" => MentionStatus::Postponed,
            _ => return None,
        })
    }
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Happened => "happened",
            Status::Expected => "expected",
            Status::ExpectedThenHappened => "expected_then_happened",
            Status::Cancelled => "cancelled",
            Status::Postponed => "postponed",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Some(match s {
            "happened" => Status::Happened,
            "expected" => Status::Expected,
            "expected_then_happened" => Status::ExpectedThenHappened,
            "cancelled" => Status::Cancelled,
            "postponed" => Status::Postponed,
            _ => return None,
        })
    }

    /// The status after one more source, read in publication order.
    pub fn then(prev: Option<Status>, next: MentionStatus) -> Status {
        use MentionStatus as M;
        match (prev, next) {
            (None, M::Happened) => Status::Happened,
            (None, M::Expected) => Status::Expected,
            (_, M::Cancelled) => Status::Cancelled,
            (_, M::Postponed) => Status::Postponed,
            (Some(Status::Happened), _) => Status::Happened,
            (Some(Status::ExpectedThenHappened), _) => Status::ExpectedThenHappened,
            // A happening first announced, then reported done.
            (Some(_), M::Happened) => Status::ExpectedThenHappened,
            // Announced again (also after a postponement or cancellation: back on).
            (Some(_), M::Expected) => Status::Expected,
        }
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the tense and the status cues of a text say.
#[derive(Debug, Clone, Copy, Default)]
struct Tense {
    /// A future, plan or expectation cue.
    future: bool,
    /// A past-tense cue.
    past: bool,
    /// A plan told in the past ("was scheduled to").
    announced: bool,
}

/// Reads `text`'s tense from the tagger's tense cues (`tense.txt`, one list for the whole
/// project) and the events' own status cues (`status.txt`). A tense cue inside a NOT_TENSE phrase
/// ("stays closed", "until") does not count.
fn tense(text: &str) -> Tense {
    let w = Words::global();
    let neutral = w.not_tense.find(text);
    let mut t = Tense {
        future: w.expected.any(text),
        past: false,
        announced: w.announced.any(text),
    };
    for (s, e, points) in Tagger::global().tense_cues(text) {
        if neutral.iter().any(|&(ns, ne)| ns <= s && e <= ne) {
            continue;
        }
        match points {
            CuePoints::Future => t.future = true,
            CuePoints::Past => t.past = true,
            CuePoints::Neither => {}
        }
    }
    t
}

/// The status of one clause about a happening at `date`, written at `published_at`.
///
/// A date wholly after the publication moment is expected; so is a date around it (the same
/// day, this month) with a future cue. A clause that says the happening was called off or moved
/// says so whatever its tense.
///
/// Future cues are looked for in `window`: the clause without what someone is reported to have
/// said about something else ("At a news conference on Wednesday, the mayor ordered a review
/// and said the bridge would stay closed" was held, whatever "would" says).
pub fn of_clause(
    clause: &str,
    window: &str,
    date: &EventDate,
    published_at: DateTime<FixedOffset>,
) -> MentionStatus {
    if let Some((_, s)) = called_off_cue(clause) {
        return s;
    }
    by_time(window, date, published_at)
}

/// Happened or expected, from the date against publication and the future cues.
fn by_time(window: &str, date: &EventDate, published_at: DateTime<FixedOffset>) -> MentionStatus {
    let now = published_at.naive_local();
    let tense = tense(window);
    let future_cue = tense.future;
    // Wholly after the moment of publication: a later day, or a later hour today. A clause in
    // the past tense about a later hour of the publication day ("fought the blaze until 2 a.m.
    // Tuesday" in a Tuesday report, or one whose time of publication is only its date) was
    // written after it happened: the publication time is the vaguer of the two.
    if date.start() > now {
        let same_day = date.start().date() <= now.date();
        // A publication given as a date alone reads as midnight; a clock time later that day
        // is then no later than the article, unless a cue points ahead.
        let date_only = now.time() == chrono::NaiveTime::MIN;
        if same_day && !future_cue && (date_only || tense.past) {
            return MentionStatus::Happened;
        }
        return MentionStatus::Expected;
    }
    if future_cue && date.end() > now {
        return MentionStatus::Expected;
    }
    // Reported future about a past date ("was expected to meet on Monday") was only announced.
    if future_cue && tense.announced {
        return MentionStatus::Expected;
    }
    MentionStatus::Happened
}

/// Whether a clause tells its happening in the past tense:
/// a past form and no future cue. Reported speech is read by the caller's window.
pub fn in_past_tense(clause: &str) -> bool {
    let t = tense(clause);
    t.past && !t.future
}

/// Where the first cancel/postpone cue of a text starts, and what it says.
pub fn called_off_cue(text: &str) -> Option<(usize, MentionStatus)> {
    let w = Words::global();
    let first = |p: &super::cues::Phrases, s: MentionStatus| p.find(text).first().map(|c| (c.0, s));
    match (
        first(&w.cancelled, MentionStatus::Cancelled),
        first(&w.postponed, MentionStatus::Postponed),
    ) {
        (Some(a), Some(b)) => Some(if a.0 <= b.0 { a } else { b }),
        (a, b) => a.or(b),
    }
}

/// The status of one of several dated clauses of a sentence, where a clause may be moved or
/// called off by a cue in itself or in the clause that completes it. "The vote, which had been
/// scheduled for Wednesday, | was postponed until January.": Wednesday (before the cue, and
/// `linked` to the next clause) is postponed; January, after the cue, is read by its time. So
/// is the date of the calling-off itself ("was called off on Monday").
pub fn of_unit(
    clause: &str,
    unit_offset_in_clause: usize,
    window: &str,
    date: &EventDate,
    published_at: DateTime<FixedOffset>,
    linked: Option<MentionStatus>,
) -> MentionStatus {
    match called_off_cue(clause) {
        Some((pos, status)) if unit_offset_in_clause < pos => status,
        Some(_) => by_time(window, date, published_at),
        None => linked.unwrap_or_else(|| by_time(window, date, published_at)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn st(clause: &str, date: &str) -> MentionStatus {
        let now = DateTime::parse_from_rfc3339("2025-12-02T10:00:00+01:00").unwrap();
        of_clause(clause, clause, &EventDate::parse(date).unwrap(), now)
    }

    #[test]
    fn clause_status() {
        use MentionStatus::*;
        assert_eq!(
            st(
                "a missile strike killed four people on Monday",
                "2025-12-01"
            ),
            Happened
        );
        assert_eq!(
            st("the mayor will speak on Wednesday", "2025-12-03"),
            Expected
        );
        assert_eq!(st("the mayor speaks on Wednesday", "2025-12-03"), Expected);
        assert_eq!(
            st("the council is expected to vote this month", "2025-12"),
            Expected
        );
        assert_eq!(st("the council voted this month", "2025-12"), Happened);
        assert_eq!(
            st("the vote is due to take place today", "2025-12-02"),
            Expected
        );
        assert_eq!(st("the vote took place today", "2025-12-02"), Happened);
        assert_eq!(
            st("the hearing at 3 p.m. today", "2025-12-02T15:00"),
            Expected
        );
        assert_eq!(st("the bridge opened in 1968", "1968"), Happened);
        assert_eq!(
            st("the summit, set for Friday, was called off", "2025-12-05"),
            Cancelled
        );
        assert_eq!(
            st("the vote on Tuesday was postponed", "2025-12-02"),
            Postponed
        );
        assert_eq!(
            st("talks were expected to resume on Monday", "2025-12-01"),
            Expected
        );
        assert_eq!(st("the company will close in 2026", "2026"), Expected);
    }

    #[test]
    fn past_tense() {
        assert!(in_past_tense(
            "Crews fought the blaze until early Tuesday morning"
        ));
        assert!(in_past_tense("The road reopened at 3 p.m."));
        assert!(!in_past_tense("The road will be reopened at 3 p.m."));
        assert!(!in_past_tense("A planned vote at 3 p.m. today"));
        assert!(!in_past_tense("Crews shut the road at 3 p.m."));
        assert!(!in_past_tense("The bridge stays closed until Friday"));
        assert!(!in_past_tense("the hearing at 3 p.m. today"));
    }

    #[test]
    fn clauses_that_move_a_happening() {
        use MentionStatus::*;
        let now = DateTime::parse_from_rfc3339("2025-12-04T10:00:00Z").unwrap();
        let wed = EventDate::parse("2025-12-03").unwrap();
        let jan = EventDate::parse("2026-01").unwrap();
        let mon = EventDate::parse("2025-12-01").unwrap();
        let c1 = "The vote, which had been scheduled for Wednesday";
        let c2 = "was postponed until January.";
        let linked = called_off_cue(c2).map(|c| c.1);
        assert_eq!(of_unit(c1, 39, c1, &wed, now, linked), Postponed);
        assert_eq!(of_unit(c2, 20, c2, &jan, now, None), Expected);
        assert_eq!(
            of_unit(
                "was called off on Monday",
                18,
                "was called off on Monday",
                &mon,
                now,
                None
            ),
            Happened
        );
        assert_eq!(
            of_unit(
                "the vote on Monday was called off",
                12,
                "the vote on Monday was called off",
                &mon,
                now,
                None
            ),
            Cancelled
        );
        assert_eq!(
            of_unit(
                "the lawsuit was withdrawn on Monday",
                27,
                "the lawsuit was withdrawn on Monday",
                &mon,
                now,
                None
            ),
            Happened
        );
    }

    #[test]
    fn event_status_follows_sources_in_order() {
        use MentionStatus as M;
        let fold = |ms: &[M]| {
            ms.iter()
                .fold(None, |s, m| Some(Status::then(s, *m)))
                .unwrap()
        };
        assert_eq!(fold(&[M::Expected, M::Expected]), Status::Expected);
        assert_eq!(
            fold(&[M::Expected, M::Happened]),
            Status::ExpectedThenHappened
        );
        assert_eq!(
            fold(&[M::Expected, M::Happened, M::Happened]),
            Status::ExpectedThenHappened
        );
        assert_eq!(fold(&[M::Happened, M::Expected]), Status::Happened);
        assert_eq!(fold(&[M::Expected, M::Postponed]), Status::Postponed);
        assert_eq!(fold(&[M::Expected, M::Cancelled]), Status::Cancelled);
        assert_eq!(
            fold(&[M::Expected, M::Postponed, M::Happened]),
            Status::ExpectedThenHappened
        );
    }
}
