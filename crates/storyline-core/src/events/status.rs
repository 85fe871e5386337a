//! What one clause says about its happening: done, expected, cancelled or postponed; and what
//! the sources of one event, read in publication order, make of it.

use super::date::EventDate;
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

/// Cues that a happening is called off or moved. Matched on lower-case words.
const CANCELLED: &[&str] = &[
    "cancelled",
    "canceled",
    "called off",
    "scrapped",
    "cancels",
    "cancel ",
    "will not take place",
    "won't take place",
    "will no longer",
];
const POSTPONED: &[&str] = &[
    "postponed",
    "postpone",
    "delayed",
    "pushed back",
    "put off",
    "rescheduled",
    "deferred",
];
/// Cues that a happening is still to come.
const FUTURE: &[&str] = &[
    " will ",
    " won't ",
    " shall ",
    "is expected to",
    "are expected to",
    "was expected to",
    "were expected to",
    "expected to",
    "plans to",
    "plan to",
    "planned to",
    "planning to",
    "scheduled for",
    "scheduled to",
    "is scheduled",
    "are scheduled",
    "is due to",
    "are due to",
    "due to be",
    "is set to",
    "are set to",
    "set to be",
    "is to be",
    "are to be",
    "to be held",
    " would ",
    "intends to",
    "aims to",
    "upcoming",
    "is slated",
    "are slated",
    "slated for",
    "will be",
    "'ll ",
];

fn has(hay: &str, cues: &[&str]) -> bool {
    cues.iter().any(|c| hay.contains(c))
}

/// The status of one clause about a happening at `date`, written at `published_at`.
///
/// A date wholly after the publication moment is expected; so is a date around it (the same
/// day, this month) with a future cue. A clause that says the happening was called off or moved
/// says so whatever its tense.
pub fn of_clause(
    clause: &str,
    date: &EventDate,
    published_at: DateTime<FixedOffset>,
) -> MentionStatus {
    let hay = normalise(clause);
    if let Some(s) = called_off(&hay) {
        return s;
    }
    by_time(&hay, date, published_at)
}

fn normalise(text: &str) -> String {
    format!(" {} ", text.to_lowercase().replace('\u{2019}', "'"))
}

fn called_off(hay: &str) -> Option<MentionStatus> {
    if has(hay, CANCELLED) {
        Some(MentionStatus::Cancelled)
    } else if has(hay, POSTPONED) {
        Some(MentionStatus::Postponed)
    } else {
        None
    }
}

/// Happened or expected, from the date against publication and the future cues.
fn by_time(hay: &str, date: &EventDate, published_at: DateTime<FixedOffset>) -> MentionStatus {
    let now = published_at.naive_local();
    // Wholly after the moment of publication: a later day, or a later hour today.
    if date.start() > now {
        return MentionStatus::Expected;
    }
    let future_cue = has(hay, FUTURE);
    if future_cue && date.end() > now {
        return MentionStatus::Expected;
    }
    // Reported future about a past date ("was expected to meet on Monday") was only announced.
    let reported_future = [
        " was expected",
        " were expected",
        "had been expected",
        " was scheduled",
        " were scheduled",
        "had been scheduled",
        " was due to",
        " were due to",
        " was set to",
        " were set to",
        "had been set",
        " was to be",
        " were to be",
    ];
    if future_cue && reported_future.iter().any(|c| hay.contains(c)) {
        return MentionStatus::Expected;
    }
    MentionStatus::Happened
}

/// The status of one of several dated clauses in a sentence that calls something off or moves
/// it: "The vote, scheduled for Wednesday, was postponed until January." The old date
/// (Wednesday) is postponed, the new one (January, right after the cue) is expected, and the
/// date of the calling-off itself ("was called off on Monday") happened.
pub fn of_clause_in_sentence(
    sentence: &str,
    clause: &str,
    unit_offset_in_sentence: usize,
    date: &EventDate,
    published_at: DateTime<FixedOffset>,
    units_in_sentence: usize,
) -> MentionStatus {
    let s_hay = sentence.to_lowercase().replace('\u{2019}', "'");
    let cue = CANCELLED
        .iter()
        .chain(POSTPONED)
        .filter_map(|c| s_hay.find(c.trim()).map(|i| (i, i + c.trim().len(), *c)))
        .min();
    let Some((_, cue_end, cue)) = cue.filter(|_| units_in_sentence > 1) else {
        return of_clause(clause, date, published_at);
    };
    let postponing = POSTPONED.contains(&cue);
    if postponing && unit_offset_in_sentence >= cue_end {
        let between = &s_hay[cue_end..unit_offset_in_sentence];
        if between.split_whitespace().count() <= 3 {
            // The new date.
            return by_time(&normalise(clause), date, published_at);
        }
    }
    let c_hay = normalise(clause);
    if called_off(&c_hay).is_some() {
        // The clause that carries the cue dates the act of calling off.
        return by_time(&c_hay, date, published_at);
    }
    if postponing {
        MentionStatus::Postponed
    } else {
        MentionStatus::Cancelled
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn st(clause: &str, date: &str) -> MentionStatus {
        let now = DateTime::parse_from_rfc3339("2025-12-02T10:00:00+01:00").unwrap();
        of_clause(clause, &EventDate::parse(date).unwrap(), now)
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
    fn sentence_that_moves_a_happening() {
        use MentionStatus::*;
        let now = DateTime::parse_from_rfc3339("2025-12-04T10:00:00Z").unwrap();
        let s = "The vote, which had been scheduled for Wednesday, was postponed until January.";
        let wed = EventDate::parse("2025-12-03").unwrap();
        let jan = EventDate::parse("2026-01").unwrap();
        let at = |p: &str| s.find(p).unwrap();
        let c1 = "The vote, which had been scheduled for Wednesday";
        let c2 = "was postponed until January.";
        assert_eq!(
            of_clause_in_sentence(s, c1, at("Wed"), &wed, now, 2),
            Postponed
        );
        assert_eq!(
            of_clause_in_sentence(s, c2, at("Jan"), &jan, now, 2),
            Expected
        );
        let s = "The summit, set for Friday, was called off on Monday.";
        let fri = EventDate::parse("2025-12-05").unwrap();
        let mon = EventDate::parse("2025-12-01").unwrap();
        let at = |p: &str| s.find(p).unwrap();
        assert_eq!(
            of_clause_in_sentence(s, "The summit, set for Friday", at("Fri"), &fri, now, 2),
            Cancelled
        );
        assert_eq!(
            of_clause_in_sentence(s, "was called off on Monday.", at("Mon"), &mon, now, 2),
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
