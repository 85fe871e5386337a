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
    if let Some(s) = called_off(&normalise(clause)) {
        return s;
    }
    by_time(&normalise(window), date, published_at)
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
    let future_cue = has(hay, FUTURE);
    // Wholly after the moment of publication: a later day, or a later hour today. A clause in
    // the past tense about a later hour of the publication day ("fought the blaze until 2 a.m.
    // Tuesday" in a Tuesday report, or one whose time of publication is only its date) was
    // written after it happened: the publication time is the vaguer of the two.
    if date.start() > now {
        let same_day = date.start().date() <= now.date();
        // A publication given as a date alone reads as midnight; a clock time later that day
        // is then no later than the article, unless a cue points ahead.
        let date_only = now.time() == chrono::NaiveTime::MIN;
        if same_day && !future_cue && (date_only || in_past_tense(hay)) {
            return MentionStatus::Happened;
        }
        return MentionStatus::Expected;
    }
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

/// Past forms that do not end in "-ed". Forms that are also present ("hit", "put", "shut",
/// "cut", "set", "spread") are left out: they do not tell the tense.
const PAST_IRREGULAR: &[&str] = &[
    "was",
    "were",
    "had",
    "did",
    "fought",
    "broke",
    "began",
    "struck",
    "took",
    "made",
    "went",
    "came",
    "left",
    "found",
    "held",
    "met",
    "told",
    "rose",
    "fell",
    "brought",
    "caught",
    "drove",
    "gave",
    "kept",
    "lost",
    "ran",
    "sent",
    "spent",
    "stood",
    "swept",
    "tore",
    "won",
    "wrote",
    "burnt",
    "led",
    "flew",
    "froze",
    "sank",
    "shook",
    "stole",
    "threw",
    "withdrew",
    "sold",
    "paid",
    "saw",
    "got",
    "blew",
    "knew",
    "grew",
    "drew",
    "fled",
    "overturned",
    "said",
    "spoke",
    "woke",
    "wore",
    "became",
    "ate",
    "forgot",
    "hid",
    "bent",
    "dug",
    "slid",
    "split",
];
/// Words in "-ed" that are no past tense, or that announce rather than report.
const NOT_PAST_ED: &[&str] = &[
    "hundred",
    "planned",
    "scheduled",
    "expected",
    "proposed",
    "anticipated",
    "intended",
    "united",
    "limited",
    "related",
    "based",
    "aged",
    "indeed",
    "proceed",
    "exceed",
    "succeed",
    "need",
    "speed",
    "feed",
    "seed",
    "bleed",
    "breed",
    "red",
    "bed",
    "shed",
    "wed",
    "ted",
];

/// Whether a clause tells its happening in the past tense:
/// a past form and no future cue. Reported speech is read by the caller's window.
pub fn in_past_tense(clause: &str) -> bool {
    let hay = normalise(clause);
    if has(&hay, FUTURE) {
        return false;
    }
    let words: Vec<&str> = hay
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .collect();
    words.iter().enumerate().any(|(i, w)| {
        PAST_IRREGULAR.contains(w)
            || (w.len() > 4
                && w.ends_with("ed")
                && !NOT_PAST_ED.contains(w)
                // "stays closed", "is delayed": a participle after a present verb.
                && !i
                    .checked_sub(1)
                    .and_then(|j| words.get(j))
                    .is_some_and(|p| PRESENT_LINKS.contains(p)))
    })
}

/// Present verbs that make the participle after them no past tense.
const PRESENT_LINKS: &[&str] = &[
    "is", "are", "am", "be", "being", "stays", "stay", "remains", "remain", "gets", "get", "keeps",
    "keep", "seems", "looks",
];

/// Where the first cancel/postpone cue of a text starts, and what it says.
pub fn called_off_cue(text: &str) -> Option<(usize, MentionStatus)> {
    let hay = text.to_lowercase().replace('\u{2019}', "'");
    let find = |cues: &[&str], s: MentionStatus| {
        cues.iter()
            .filter_map(|c| hay.find(c.trim()))
            .min()
            .map(|i| (i, s))
    };
    match (
        find(CANCELLED, MentionStatus::Cancelled),
        find(POSTPONED, MentionStatus::Postponed),
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
        Some(_) => by_time(&normalise(window), date, published_at),
        None => linked.unwrap_or_else(|| by_time(&normalise(window), date, published_at)),
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
