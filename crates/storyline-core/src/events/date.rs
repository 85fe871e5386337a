//! Event dates: a TIMEX3 calendar value kept at the precision the text gave, plus the half-open
//! interval it covers so that dates of different precision can be compared ("2025-12" contains
//! "2025-12-01").

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::fmt;

/// Where an event's date comes from: a temporal expression in the text, or the publication time
/// of the snapshot that tells it (a happening reported without a date of its own).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum DateBasis {
    #[default]
    Text,
    Publication,
}

impl DateBasis {
    /// The stored and serialised spelling: `text`, `publication`.
    pub fn as_str(self) -> &'static str {
        match self {
            DateBasis::Text => "text",
            DateBasis::Publication => "publication",
        }
    }
}

/// How precise an event date is, coarsest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum Granularity {
    Decade,
    Year,
    Half,
    Quarter,
    Season,
    Month,
    Week,
    Day,
    Time,
}

impl Granularity {
    /// The lowercase name used in JSON and in the store.
    pub fn as_str(self) -> &'static str {
        match self {
            Granularity::Decade => "decade",
            Granularity::Year => "year",
            Granularity::Half => "half",
            Granularity::Quarter => "quarter",
            Granularity::Season => "season",
            Granularity::Month => "month",
            Granularity::Week => "week",
            Granularity::Day => "day",
            Granularity::Time => "time",
        }
    }
}

impl fmt::Display for Granularity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A calendar date at some precision, e.g. `2019`, `2026-03`, `2026-03-09`, `2026-03-09T23:40`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EventDate {
    value: String,
    granularity: Granularity,
    start: NaiveDateTime,
    end: NaiveDateTime,
    /// The part of day the text gave ("Monday morning": `MO`), kept for showing; the date
    /// itself stays a day, so merging and ordering ignore it.
    part_of_day: Option<&'static str>,
}

/// TIMEX3 parts of day, with the words the CLI and exports show for them.
const PARTS_OF_DAY: [(&str, &str); 6] = [
    ("MO", "morning"),
    ("MI", "midday"),
    ("AF", "afternoon"),
    ("EV", "evening"),
    ("NI", "night"),
    ("DT", "daytime"),
];

const MIN_YEAR: i32 = 1000;
const MAX_YEAR: i32 = 2999;

impl EventDate {
    /// Parses a TIMEX3 `value`. Returns `None` for values that are not a place on the calendar
    /// (`PAST_REF`, `XXXX-12-25`, durations) or fall outside the years 1000–2999.
    ///
    /// A part of day (`2025-12-01TMO`) is kept at day precision; seconds and zones are dropped.
    pub fn parse(value: &str) -> Option<EventDate> {
        let v = value.trim();
        let (date_part, time_part) = match v.split_once('T') {
            Some((d, t)) => (d, Some(t)),
            None => (v, None),
        };
        let parts: Vec<&str> = date_part.split('-').collect();
        let part = |i: usize| parts.get(i).copied().unwrap_or("");
        let year_str = part(0);
        if !year_str.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        if year_str.len() == 3 && parts.len() == 1 && time_part.is_none() {
            let decade: i32 = year_str.parse().ok()?;
            let y = decade * 10;
            return Self::span(
                format!("{decade:03}"),
                Granularity::Decade,
                ymd(y, 1, 1)?,
                ymd(y + 10, 1, 1)?,
            );
        }
        if year_str.len() != 4 {
            return None;
        }
        let year: i32 = year_str.parse().ok()?;
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            return None;
        }
        match (parts.len(), time_part) {
            (1, None) => Self::span(
                format!("{year:04}"),
                Granularity::Year,
                ymd(year, 1, 1)?,
                ymd(year + 1, 1, 1)?,
            ),
            (2, None) => Self::parse_year_part(year, part(1)),
            (3, t) if part(1).starts_with('W') => {
                // 2025-W49-WE: a weekend, Saturday and Sunday of that ISO week.
                if part(2) != "WE" || t.is_some() {
                    return None;
                }
                let week: u32 = part(1).get(1..)?.parse().ok()?;
                let monday = NaiveDate::from_isoywd_opt(year, week, chrono::Weekday::Mon)?;
                let sat = monday + Duration::days(5);
                Self::span(
                    format!("{year:04}-W{week:02}-WE"),
                    Granularity::Week,
                    sat.and_time(NaiveTime::MIN),
                    (sat + Duration::days(2)).and_time(NaiveTime::MIN),
                )
            }
            (3, t) => {
                let month: u32 = two_digits(part(1))?;
                let day: u32 = two_digits(part(2))?;
                let date = NaiveDate::from_ymd_opt(year, month, day)?;
                let day_value = date.format("%Y-%m-%d").to_string();
                let day_span = |value: String| {
                    Self::span(
                        value,
                        Granularity::Day,
                        date.and_time(NaiveTime::MIN),
                        (date + Duration::days(1)).and_time(NaiveTime::MIN),
                    )
                };
                match t {
                    None => day_span(day_value),
                    Some(t) => match parse_clock(t) {
                        Some((h, m)) => {
                            let at = date.and_hms_opt(h, m, 0)?;
                            Self::span(
                                format!("{day_value}T{h:02}:{m:02}"),
                                Granularity::Time,
                                at,
                                at + Duration::minutes(1),
                            )
                        }
                        // Parts of day (MO, AF, EV, NI, DT) say no more than the day, but
                        // are kept to be shown ("2025-12-01, morning").
                        None => {
                            let code = PARTS_OF_DAY.iter().find(|(c, _)| *c == t)?.0;
                            let mut d = day_span(day_value)?;
                            d.part_of_day = Some(code);
                            Some(d)
                        }
                    },
                }
            }
            _ => None,
        }
    }

    fn parse_year_part(year: i32, part: &str) -> Option<EventDate> {
        let (gran, start, end, value) = if let Some(m) = match part {
            "SP" => Some(3),
            "SU" => Some(6),
            "FA" | "AU" => Some(9),
            "WI" => Some(12),
            _ => None,
        } {
            // Meteorological seasons. Winter Y is the winter whose January is in Y ("this
            // winter" said in February 2026 is 2026-WI): December of Y-1 to February of Y.
            let code = if part == "AU" { "FA" } else { part };
            let y = if part == "WI" { year - 1 } else { year };
            (
                Granularity::Season,
                ymd(y, m, 1)?,
                add_months(y, m, 3)?,
                format!("{year:04}-{code}"),
            )
        } else if let Some(w) = part.strip_prefix('W') {
            let week: u32 = w.parse().ok().filter(|_| w.len() == 2)?;
            let monday = NaiveDate::from_isoywd_opt(year, week, chrono::Weekday::Mon)?;
            let start = monday.and_time(NaiveTime::MIN);
            (
                Granularity::Week,
                start,
                start + Duration::days(7),
                format!("{year:04}-W{week:02}"),
            )
        } else if let Some(q) = part.strip_prefix('Q') {
            let q: u32 = q.parse().ok().filter(|q| (1..=4).contains(q))?;
            let m = (q - 1) * 3 + 1;
            (
                Granularity::Quarter,
                ymd(year, m, 1)?,
                add_months(year, m, 3)?,
                format!("{year:04}-Q{q}"),
            )
        } else if let Some(h) = part.strip_prefix('H') {
            let h: u32 = h.parse().ok().filter(|h| (1..=2).contains(h))?;
            let m = (h - 1) * 6 + 1;
            (
                Granularity::Half,
                ymd(year, m, 1)?,
                add_months(year, m, 6)?,
                format!("{year:04}-H{h}"),
            )
        } else {
            let m = two_digits(part)?;
            (
                Granularity::Month,
                ymd(year, m, 1)?,
                add_months(year, m, 1)?,
                format!("{year:04}-{m:02}"),
            )
        };
        Self::span(value, gran, start, end)
    }

    fn span(
        value: String,
        granularity: Granularity,
        start: NaiveDateTime,
        end: NaiveDateTime,
    ) -> Option<EventDate> {
        Some(EventDate {
            value,
            granularity,
            start,
            end,
            part_of_day: None,
        })
    }

    /// The normalised TIMEX3 value, without a part of day (what merging compares).
    pub fn value(&self) -> &str {
        &self.value
    }

    /// The value with its part of day, if any (`2025-12-01TMO`): what is stored and shown.
    pub fn full_value(&self) -> String {
        match self.part_of_day {
            Some(code) => format!("{}T{code}", self.value),
            None => self.value.clone(),
        }
    }

    /// The part of day in words ("morning"), if the text gave one.
    pub fn part_of_day(&self) -> Option<&'static str> {
        let code = self.part_of_day?;
        PARTS_OF_DAY
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, w)| *w)
    }

    pub fn granularity(&self) -> Granularity {
        self.granularity
    }

    /// First instant covered.
    pub fn start(&self) -> NaiveDateTime {
        self.start
    }

    /// First instant after the covered interval.
    pub fn end(&self) -> NaiveDateTime {
        self.end
    }

    /// Whether `other`'s interval lies inside this one.
    pub fn contains(&self, other: &EventDate) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Two dates can name the same happening when one contains the other.
    pub fn compatible(&self, other: &EventDate) -> bool {
        self.contains(other) || other.contains(self)
    }

    /// Whether this date is more precise than `other` (a narrower interval).
    pub fn finer_than(&self, other: &EventDate) -> bool {
        (self.end - self.start) < (other.end - other.start)
    }

    /// Timeline order: by start; a vaguer date sorts before the dates inside it.
    pub fn timeline_cmp(&self, other: &EventDate) -> Ordering {
        self.start
            .cmp(&other.start)
            .then_with(|| other.end.cmp(&self.end))
            .then_with(|| self.value.cmp(&other.value))
    }

    /// A string that sorts in timeline order (used as an index key in the store).
    pub fn sort_key(&self) -> String {
        // Longer spans first among equal starts: invert the end as seconds to the year 3000.
        let far = ymd(3000, 1, 1).expect("valid constant");
        let rest = (far - self.end).num_seconds();
        format!("{}|{:012}", self.start.format("%Y-%m-%dT%H:%M"), rest)
    }

    /// The year, for grouping.
    pub fn year(&self) -> i32 {
        self.start.year()
    }
}

impl fmt::Display for EventDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.value)
    }
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDateTime> {
    Some(NaiveDate::from_ymd_opt(y, m, d)?.and_time(NaiveTime::MIN))
}

fn add_months(y: i32, m: u32, n: u32) -> Option<NaiveDateTime> {
    let idx = (m - 1 + n) as i32;
    ymd(y + idx / 12, (idx % 12) as u32 + 1, 1)
}

fn two_digits(s: &str) -> Option<u32> {
    if s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

/// `HH:MM`, `HH:MM:SS`, `HHMM`, with an optional zone suffix, which is dropped.
fn parse_clock(t: &str) -> Option<(u32, u32)> {
    let t = t.split(['+', 'Z', '-']).next().unwrap_or("");
    let digits: String = t.chars().filter(|c| *c != ':').collect();
    if !(digits.len() == 2 || digits.len() == 4 || digits.len() == 6)
        || !digits.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let h: u32 = digits[0..2].parse().ok()?;
    let m: u32 = if digits.len() >= 4 {
        digits[2..4].parse().ok()?
    } else {
        0
    };
    (h < 24 && m < 60).then_some((h, m))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(v: &str) -> EventDate {
        EventDate::parse(v).unwrap_or_else(|| panic!("{v} should parse"))
    }

    #[test]
    fn parses_each_precision() {
        for (v, norm, g) in [
            ("2019", "2019", Granularity::Year),
            ("196", "196", Granularity::Decade),
            ("2026-03", "2026-03", Granularity::Month),
            ("2026-03-09", "2026-03-09", Granularity::Day),
            ("2026-03-09T23:40", "2026-03-09T23:40", Granularity::Time),
            (
                "2026-03-09T23:40:12+02:00",
                "2026-03-09T23:40",
                Granularity::Time,
            ),
            ("2025-12-01TMO", "2025-12-01", Granularity::Day),
            ("2025-12-01TNI", "2025-12-01", Granularity::Day),
            ("2025-W49", "2025-W49", Granularity::Week),
            ("2025-W49-WE", "2025-W49-WE", Granularity::Week),
            ("2026-Q1", "2026-Q1", Granularity::Quarter),
            ("2026-H2", "2026-H2", Granularity::Half),
            ("2026-SU", "2026-SU", Granularity::Season),
        ] {
            let e = d(v);
            assert_eq!(e.value(), norm, "{v}");
            assert_eq!(e.granularity(), g, "{v}");
        }
    }

    #[test]
    fn keeps_the_part_of_day_for_showing_but_not_for_comparing() {
        let mo = d("2025-12-01TMO");
        assert_eq!(mo.full_value(), "2025-12-01TMO");
        assert_eq!(mo.part_of_day(), Some("morning"));
        assert_eq!(d("2025-12-01TEV").part_of_day(), Some("evening"));
        assert_eq!(d("2025-12-01").part_of_day(), None);
        assert_eq!(d("2025-12-01").full_value(), "2025-12-01");
        // The same day as a date without one: same interval, same value.
        assert_eq!(mo.value(), d("2025-12-01").value());
        assert!(mo.contains(&d("2025-12-01")) && d("2025-12-01").contains(&mo));
        assert!(EventDate::parse("2025-12-01TXX").is_none());
    }

    #[test]
    fn rejects_non_calendar_values() {
        for v in [
            "PAST_REF",
            "FUTURE_REF",
            "P3D",
            "XXXX-12-25",
            "2026-13",
            "2026-02-30",
            "0999",
            "3001",
            "",
            "2026-03-09T25:00",
        ] {
            assert!(EventDate::parse(v).is_none(), "{v} should not parse");
        }
    }

    #[test]
    fn compatibility_is_containment() {
        assert!(d("2025-12").compatible(&d("2025-12-01")));
        assert!(d("2025-12-01").compatible(&d("2025-12")));
        assert!(d("2025").compatible(&d("2025-12-01T09:30")));
        assert!(d("2025-W49").compatible(&d("2025-12-01")));
        assert!(!d("2025-12-01").compatible(&d("2025-12-02")));
        assert!(!d("2025-11").compatible(&d("2025-12-01")));
        // A week straddling two months is inside neither.
        assert!(!d("2025-W48").compatible(&d("2025-12")));
        assert!(d("2026-WI").contains(&d("2026-01-15")));
        assert!(d("2026-WI").contains(&d("2025-12-20")));
        assert!(!d("2026-WI").contains(&d("2026-12-20")));
    }

    #[test]
    fn vaguer_dates_sort_before_the_days_inside_them() {
        let mut v = [
            d("2025-12-01T09:00"),
            d("2025-12-01"),
            d("2025"),
            d("2025-12"),
            d("2024-06-01"),
        ];
        v.sort_by(|a, b| a.timeline_cmp(b));
        let got: Vec<&str> = v.iter().map(|e| e.value()).collect();
        assert_eq!(
            got,
            [
                "2024-06-01",
                "2025",
                "2025-12",
                "2025-12-01",
                "2025-12-01T09:00"
            ]
        );
        let mut keys: Vec<String> = v.iter().map(|e| e.sort_key()).collect();
        let sorted = keys.clone();
        keys.sort();
        assert_eq!(keys, sorted, "sort_key agrees with timeline_cmp");
    }
}
