//! Value functions named by `value` lines in rules.txt, and the document context they read:
//! the document date, the date last mentioned in the text and the tense of the sentence.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};

use super::infer::{expand_year, infer_year, period_year, two_digit_year, weekday};

/// Function names a rule may use in its `value` line.
/// The value functions a rule's `value` line may name, parsed once at load (`value date $year
/// $month $day`: [`ValueFn::Date`] with its argument templates).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ValueFn {
    Date,
    Year,
    Year2,
    Bc,
    Decade,
    Decade2,
    Century,
    Fy,
    Rel,
    Ref,
    Wd,
    Wdw,
    Mon,
    Quarter,
    Half,
    Season,
    Holiday,
    Dur,
    Durhalf,
    Lit,
    Clockday,
    Weekend,
    Night,
    Veto,
    Weekofmonth,
    Weekof,
    Yearago,
}

impl ValueFn {
    /// The function a `value` line names, if there is one by that name.
    pub fn parse(name: &str) -> Option<ValueFn> {
        Some(match name {
            "date" => ValueFn::Date,
            "year" => ValueFn::Year,
            "year2" => ValueFn::Year2,
            "bc" => ValueFn::Bc,
            "decade" => ValueFn::Decade,
            "decade2" => ValueFn::Decade2,
            "century" => ValueFn::Century,
            "fy" => ValueFn::Fy,
            "rel" => ValueFn::Rel,
            "ref" => ValueFn::Ref,
            "wd" => ValueFn::Wd,
            "wdw" => ValueFn::Wdw,
            "mon" => ValueFn::Mon,
            "quarter" => ValueFn::Quarter,
            "half" => ValueFn::Half,
            "season" => ValueFn::Season,
            "holiday" => ValueFn::Holiday,
            "dur" => ValueFn::Dur,
            "durhalf" => ValueFn::Durhalf,
            "lit" => ValueFn::Lit,
            "clockday" => ValueFn::Clockday,
            "weekend" => ValueFn::Weekend,
            "night" => ValueFn::Night,
            "none" => ValueFn::Veto,
            "weekofmonth" => ValueFn::Weekofmonth,
            "weekof" => ValueFn::Weekof,
            "yearago" => ValueFn::Yearago,
            _ => return None,
        })
    }

    /// Whether the function reads the tense of its sentence.
    pub fn uses_tense(self) -> bool {
        matches!(
            self,
            ValueFn::Date
                | ValueFn::Ref
                | ValueFn::Wd
                | ValueFn::Mon
                | ValueFn::Quarter
                | ValueFn::Half
                | ValueFn::Season
                | ValueFn::Holiday
                | ValueFn::Clockday
                | ValueFn::Weekend
                | ValueFn::Night
                | ValueFn::Weekofmonth
                | ValueFn::Weekof
        )
    }
}

/// Tense of a sentence, from the cues in tense.txt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tense {
    Past,
    Future,
    None,
}

/// What normalisation knows about the document so far.
#[derive(Debug, Clone)]
pub(crate) struct Ctx {
    pub dct: NaiveDate,
    /// Narrative text (history): relative expressions follow the text's own dates, not the DCT.
    pub narrative: bool,
    pub last_day: Option<NaiveDate>,
    pub last_month: Option<(i32, u32)>,
    pub last_year: Option<i32>,
    /// The clock time last mentioned, if it was on `last_day`.
    pub last_time: Option<NaiveDateTime>,
    /// In news, a past year the text has moved to ("In 2019, ..."): until the text comes back
    /// to the DCT, a bare month or date told in the past follows it (infer.rs).
    pub scene: Option<i32>,
    /// Whether the period last mentioned was a quarter, so "the year-ago period" is one too.
    pub last_quarter: bool,
}

impl Ctx {
    pub fn new(dct: NaiveDate, narrative: bool) -> Ctx {
        if narrative {
            Ctx {
                dct,
                narrative,
                last_day: None,
                last_month: None,
                last_year: None,
                last_time: None,
                scene: None,
                last_quarter: false,
            }
        } else {
            Ctx {
                dct,
                narrative,
                last_day: Some(dct),
                last_month: Some((dct.year(), dct.month())),
                last_year: Some(dct.year()),
                last_time: None,
                scene: None,
                last_quarter: false,
            }
        }
    }

    /// Records a value just produced, so later anaphoric expressions can follow it.
    pub fn remember(&mut self, value: &str) {
        let b = value.as_bytes();
        let digits =
            |r: std::ops::Range<usize>| b.len() >= r.end && b[r].iter().all(u8::is_ascii_digit);
        if !digits(0..4) || (b.len() > 4 && b[4] != b'-') {
            return;
        }
        let y: i32 = value[0..4].parse().unwrap_or(0);
        self.last_year = Some(y);
        // A quarter stands for its last month, so "the quarter" can follow it.
        if let Some(q) = value.get(5..).and_then(|r| r.strip_prefix('Q')) {
            if let Ok(q @ 1..=4) = q.parse::<u32>() {
                self.last_month = Some((y, q * 3));
                self.last_quarter = true;
            }
            return;
        }
        if b.len() >= 7 {
            self.last_quarter = false;
        }
        if b.len() >= 7 && digits(5..7) {
            let m: u32 = value[5..7].parse().unwrap_or(0);
            if (1..=12).contains(&m) {
                self.last_month = Some((y, m));
                if b.len() >= 10 && b[7] == b'-' && digits(8..10) {
                    if let Some(d) =
                        NaiveDate::from_ymd_opt(y, m, value[8..10].parse().unwrap_or(0))
                    {
                        self.last_day = Some(d);
                        self.last_time = value
                            .get(10..16)
                            .and_then(|t| t.strip_prefix('T'))
                            .and_then(|t| NaiveTime::parse_from_str(t, "%H:%M").ok())
                            .map(|t| d.and_time(t));
                    }
                }
            }
        }
    }

    /// The day anaphora ("the following day") resolves against.
    pub(crate) fn ref_day(&self) -> NaiveDate {
        self.last_day.unwrap_or(self.dct)
    }
    pub(crate) fn ref_year(&self) -> i32 {
        self.last_year.unwrap_or(self.dct.year())
    }
    pub(crate) fn ref_month(&self) -> (i32, u32) {
        self.last_month
            .unwrap_or((self.dct.year(), self.dct.month()))
    }
    /// The day deictic expressions ("yesterday") resolve against.
    pub(crate) fn base_day(&self) -> NaiveDate {
        if self.narrative {
            self.ref_day()
        } else {
            self.dct
        }
    }
}

pub(crate) fn fmt_day(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

fn fmt_week(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{:04}-W{:02}", w.year(), w.week())
}

fn add_months(y: i32, m: u32, n: i64) -> (i32, u32) {
    let idx = y as i64 * 12 + (m as i64 - 1) + n;
    (idx.div_euclid(12) as i32, (idx.rem_euclid(12) + 1) as u32)
}

/// Parses a count: digits, `X`, or a relative word already normalised to an integer.
fn count(s: &str) -> Option<Count> {
    let s = s.trim();
    let (neg, body) = match s.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, s),
    };
    let body = body.strip_prefix('+').unwrap_or(body);
    if body == "X" {
        return Some(Count::Vague(neg));
    }
    let v: f64 = body.parse().ok()?;
    Some(Count::N(if neg { -v } else { v }))
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Count {
    N(f64),
    /// "a few days ago": negative when true.
    Vague(bool),
}

/// A weekday's number (1 = Monday).
pub(crate) fn weekday_of(n: u32) -> Option<Weekday> {
    Some(match n {
        1 => Weekday::Mon,
        2 => Weekday::Tue,
        3 => Weekday::Wed,
        4 => Weekday::Thu,
        5 => Weekday::Fri,
        6 => Weekday::Sat,
        7 => Weekday::Sun,
        _ => return None,
    })
}

/// Western Easter Sunday (anonymous Gregorian algorithm).
fn easter(y: i32) -> Option<NaiveDate> {
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(y, month as u32, day as u32)
}

/// Resolves a holiday spec from holidays.txt in year `y`.
fn holiday_in(spec: &str, y: i32) -> Option<NaiveDate> {
    if let Some(off) = spec.strip_prefix("EASTER") {
        let n: i64 = off.parse().ok()?;
        return easter(y).map(|d| d + Duration::days(n));
    }
    let (spec, extra) = match spec.split_once('+') {
        Some((s, e)) => (s, e.parse::<i64>().ok()?),
        None => (spec, 0),
    };
    let parts: Vec<&str> = spec.split('-').collect();
    match parts.as_slice() {
        [m, d] => NaiveDate::from_ymd_opt(y, m.parse().ok()?, d.parse().ok()?),
        [m, wd, n] => {
            let m: u32 = m.parse().ok()?;
            let wd = weekday_of(wd.parse().ok()?)?;
            let d = if *n == "L" {
                let (ny, nm) = add_months(y, m, 1);
                let mut d = NaiveDate::from_ymd_opt(ny, nm, 1)? - Duration::days(1);
                while d.weekday() != wd {
                    d -= Duration::days(1);
                }
                d
            } else {
                let n: u32 = n.parse().ok()?;
                NaiveDate::from_weekday_of_month_opt(y, m, wd, n as u8)?
            };
            Some(d + Duration::days(extra))
        }
        _ => None,
    }
}

/// Evaluates one `value` line. `args` are already substituted; `tense` is the sentence's.
pub(crate) fn eval(func: ValueFn, args: &[String], ctx: &Ctx, tense: Tense) -> Option<String> {
    let a = |i: usize| args.get(i).map(String::as_str).unwrap_or("-");
    let present = |s: &str| !s.is_empty() && s != "-";
    match func {
        ValueFn::Lit => Some(args.join(" ")),
        ValueFn::Veto => None,
        ValueFn::Yearago => {
            // "the same month a year ago": the month (day, week, quarter) last mentioned, a year back.
            let (unit, n) = match a(0) {
                "D" | "day" => ("D", -365),
                "W" | "week" => ("W", -52),
                "Q" | "quarter" => ("Q", -4),
                "Y" | "year" => ("Y", -1),
                // "a year earlier" after a quarter is that quarter a year back (a company
                // compares a quarter with the same quarter; TimeML values it as the quarter).
                "YQ" if ctx.last_quarter && !ctx.narrative => ("Q", -4),
                "YQ" => ("Y", -1),
                // "the year-earlier period" after a quarter is that quarter a year back.
                "period" if ctx.last_quarter => ("Q", -4),
                _ => ("M", -12),
            };
            rel(unit, Count::N(n as f64), ctx, true)
        }
        ValueFn::Weekof => {
            let day = eval(ValueFn::Date, args, ctx, tense)?;
            NaiveDate::parse_from_str(&day, "%Y-%m-%d")
                .ok()
                .map(fmt_week)
        }
        ValueFn::Weekofmonth => {
            let m: u32 = a(1).parse().ok().filter(|m| (1..=12).contains(m))?;
            let y = match a(2).strip_prefix('?') {
                Some(rest) if present(rest) => expand_year(rest, ctx)?,
                _ => infer_year(m, None, ctx, tense, "tense"),
            };
            // A week belongs to the month holding most of its days: probe mid-week.
            let day = match a(0) {
                "L" => {
                    let (ny, nm) = add_months(y, m, 1);
                    NaiveDate::from_ymd_opt(ny, nm, 1)? - Duration::days(4)
                }
                n => {
                    NaiveDate::from_ymd_opt(y, m, 4)? + Duration::weeks(n.parse::<i64>().ok()? - 1)
                }
            };
            Some(fmt_week(day))
        }
        // "overnight": told in the past, the night that ended this morning; else tonight.
        ValueFn::Night => {
            let back = i64::from(tense == Tense::Past);
            Some(fmt_day(ctx.base_day() - Duration::days(back)))
        }
        ValueFn::Weekend => {
            let base = ctx.base_day();
            let sat = base.weekday().num_days_from_monday() as i64 - 5; // days since Saturday
            let day = match (a(0), tense) {
                ("last" | "-1", _) | ("tense", Tense::Past | Tense::None) if sat < 0 => {
                    base - Duration::days(sat + 7)
                }
                _ => base,
            };
            Some(format!("{}-WE", fmt_week(day)))
        }
        ValueFn::Date => {
            let (y, m, d) = (a(0), a(1), a(2));
            let m: u32 = m.parse().ok().filter(|m| (1..=12).contains(m))?;
            let d: Option<u32> = if present(d) {
                Some(d.parse().ok()?)
            } else {
                None
            };
            let y = match y.strip_prefix('?') {
                _ if y == "ref" => ctx.ref_year(),
                _ if y.starts_with('+') => ctx.dct.year() + y[1..].parse::<i32>().ok()?,
                Some(rest) if present(rest) => expand_year(rest, ctx)?,
                Some(_) => infer_year(m, d, ctx, tense, "tense"),
                None => expand_year(y, ctx)?,
            };
            match d {
                // An inferred year may lack a 29 February: take the latest leap year before it.
                Some(29)
                    if m == 2
                        && args[0].starts_with('?')
                        && NaiveDate::from_ymd_opt(y, 2, 29).is_none() =>
                {
                    (1..4)
                        .find_map(|k| NaiveDate::from_ymd_opt(y - k, 2, 29))
                        .map(fmt_day)
                }
                Some(d) => NaiveDate::from_ymd_opt(y, m, d).map(fmt_day),
                None => Some(format!("{y:04}-{m:02}")),
            }
        }
        ValueFn::Year => expand_year(a(0), ctx).map(|y| format!("{y:04}")),
        ValueFn::Year2 => {
            let yy: i32 = a(1).parse().ok()?;
            let y = if present(a(0)) {
                let base: i32 = a(0).parse().ok()?;
                let y = base / 100 * 100 + yy;
                if y < base {
                    y + 100
                } else {
                    y
                }
            } else if ctx.narrative && ctx.last_year.is_some() {
                ctx.ref_year() / 100 * 100 + yy
            } else {
                two_digit_year(yy, ctx)
            };
            Some(format!("{y:04}"))
        }
        ValueFn::Bc => {
            let y: i32 = a(0).parse().ok()?;
            Some(format!("BC{y:04}"))
        }
        ValueFn::Decade => Some(a(0).to_string()),
        ValueFn::Decade2 => {
            let d: i32 = a(0).parse().ok()?;
            let cur = (ctx.dct.year() % 100) / 10;
            Some(if d <= cur {
                format!("20{d}")
            } else {
                format!("19{d}")
            })
        }
        ValueFn::Century => {
            // `century N [D]`: the N-th century, or its D-th decade (`L` the last: "the first
            // decade of the century"); N empty or `ref` is the century in focus.
            let c = if a(0).is_empty() || a(0) == "ref" {
                rel("CE", Count::N(0.0), ctx, true)?
            } else {
                let n: i32 = a(0).parse().ok()?;
                format!("{:02}", n - 1)
            };
            let d = if a(1) == "L" {
                Ok(10)
            } else {
                a(1).parse::<i32>()
            };
            match d {
                Ok(d @ 1..=10) => Some(format!("{c}{}", d - 1)),
                _ => Some(c),
            }
        }
        ValueFn::Fy => expand_year(a(0).trim_start_matches('\''), ctx).map(|y| format!("FY{y:04}")),
        ValueFn::Rel | ValueFn::Ref => {
            let unit = a(0);
            let n = count(a(1))?;
            let v = rel(unit, n, ctx, func == ValueFn::Ref)?;
            // "will ... until the end of the month" after "last month": a future cue cannot
            // point into a period that is over, so the period is the DCT's own.
            if func == ValueFn::Ref
                && n == Count::N(0.0)
                && tense == Tense::Future
                && !ctx.narrative
            {
                let own = rel(unit, n, ctx, false)?;
                if v < own {
                    return Some(own);
                }
            }
            // Likewise a future cue cannot count forward from a day that is over to a day
            // still over: "is expected in the next day or two" after "hit on Thursday" counts
            // from the DCT.
            if func == ValueFn::Ref
                && matches!(n, Count::N(k) if k > 0.0)
                && tense == Tense::Future
                && !ctx.narrative
                && !matches!(unit, "H" | "MIN" | "S")
            {
                let today = rel(unit, Count::N(0.0), ctx, false)?;
                if v.len() == today.len() && v < today {
                    return rel(unit, n, ctx, false);
                }
            }
            if func == ValueFn::Ref && matches!(unit, "H" | "MIN") {
                if let (Count::N(k), Some(t)) = (n, ctx.last_time) {
                    // "two hours later" after "2 p.m." is a clock time on that day.
                    if t.date() == ctx.ref_day() && k.fract() == 0.0 && k.abs() <= 1000.0 {
                        let mins = if unit == "H" { k as i64 * 60 } else { k as i64 };
                        let at = t + Duration::minutes(mins);
                        return Some(at.format("%Y-%m-%dT%H:%M").to_string());
                    }
                }
            }
            Some(v)
        }
        ValueFn::Wd => {
            let w: u32 = a(0).parse().ok()?;
            weekday(w, a(1), ctx, tense)
        }
        ValueFn::Wdw => {
            let w: i64 = a(0).parse().ok()?;
            let n: i64 = a(1).parse().ok()?;
            let base = ctx.base_day() + Duration::weeks(n);
            let monday = base - Duration::days(base.weekday().num_days_from_monday() as i64);
            Some(fmt_day(monday + Duration::days(w - 1)))
        }
        ValueFn::Mon => {
            let m: u32 = a(0).parse().ok().filter(|m| (1..=12).contains(m))?;
            let y = infer_year(m, None, ctx, tense, a(1));
            Some(format!("{y:04}-{m:02}"))
        }
        ValueFn::Quarter | ValueFn::Half => {
            let n: i32 = match a(0) {
                "L" => {
                    if func == ValueFn::Quarter {
                        4
                    } else {
                        2
                    }
                }
                s => s.parse().ok()?,
            };
            let (max, letter, per) = if func == ValueFn::Quarter {
                (4, 'Q', 3)
            } else {
                (2, 'H', 6)
            };
            if !(1..=max).contains(&n) {
                return None;
            }
            let y = period_year(a(1), ctx, tense, |y| {
                // Start month of the period, compared with the reference month.
                (y, (n - 1) as u32 * per + 1, n as u32 * per)
            })?;
            Some(format!("{y:04}-{letter}{n}"))
        }
        ValueFn::Season => {
            let s = a(0);
            let (start, end) = match s {
                "SP" => (3, 5),
                "SU" => (6, 8),
                "FA" => (9, 11),
                "WI" => (12, 14),
                _ => return None,
            };
            let y = period_year(a(1), ctx, tense, |y| (y, start, end))?;
            Some(format!("{y:04}-{s}"))
        }
        ValueFn::Holiday => {
            let spec = a(0);
            let probe = holiday_in(spec, ctx.dct.year())?;
            let y = if present(a(1)) && a(1) != "?" {
                expand_year(a(1), ctx)?
            } else {
                infer_year(probe.month(), Some(probe.day()), ctx, tense, "tense")
            };
            holiday_in(spec, y).map(fmt_day)
        }
        ValueFn::Dur => dur(a(0), a(1), 0.0),
        ValueFn::Durhalf => dur(if present(a(0)) { a(0) } else { "0" }, a(1), 0.5),
        ValueFn::Clockday => {
            if present(a(1)) && present(a(2)) {
                let y = if present(a(3)) {
                    a(3).to_string()
                } else {
                    "?".to_string()
                };
                eval(
                    ValueFn::Date,
                    &[y, a(1).to_string(), a(2).to_string()],
                    ctx,
                    tense,
                )
            } else if present(a(0)) {
                let w: u32 = a(0).parse().ok()?;
                weekday(w, "tense", ctx, tense)
            } else if ctx.narrative && ctx.last_day.is_none() {
                Some("XXXX-XX-XX".to_string())
            } else {
                Some(fmt_day(ctx.ref_day()))
            }
        }
    }
}

fn rel(unit: &str, n: Count, ctx: &Ctx, anaphoric: bool) -> Option<String> {
    let n = match n {
        Count::N(v) => v,
        Count::Vague(neg) => return Some(if neg { "PAST_REF" } else { "FUTURE_REF" }.to_string()),
    };
    // Whole units only, and few enough that date arithmetic cannot overflow.
    if n.fract() != 0.0 || n.abs() > 100_000.0 {
        return None;
    }
    let n = n as i64;
    let day = if anaphoric {
        ctx.ref_day()
    } else {
        ctx.base_day()
    };
    let (ry, rm) = if anaphoric || ctx.narrative {
        ctx.ref_month()
    } else {
        (ctx.dct.year(), ctx.dct.month())
    };
    let year = if anaphoric || ctx.narrative {
        ctx.ref_year()
    } else {
        ctx.dct.year()
    };
    if anaphoric && ctx.narrative && ctx.last_day.is_none() && matches!(unit, "D" | "W" | "WE") {
        return Some("XXXX-XX-XX".to_string());
    }
    Some(match unit {
        "D" | "H" | "MIN" | "S" => fmt_day(day + Duration::days(if unit == "D" { n } else { 0 })),
        "W" | "FN" => fmt_week(day + Duration::weeks(n * if unit == "FN" { 2 } else { 1 })),
        "WE" => format!("{}-WE", fmt_week(day + Duration::weeks(n))),
        "M" => {
            let (y, m) = add_months(ry, rm, n);
            format!("{y:04}-{m:02}")
        }
        "Q" => {
            let q = (rm as i64 - 1) / 3 + n + (ry as i64) * 4;
            format!("{:04}-Q{}", q.div_euclid(4), q.rem_euclid(4) + 1)
        }
        "Y" => format!("{:04}", year as i64 + n),
        "DE" => format!("{:03}", (year as i64).div_euclid(10) + n),
        "CE" => format!("{:02}", (year as i64).div_euclid(100) + n),
        _ => return None,
    })
}

fn dur(n: &str, unit: &str, extra: f64) -> Option<String> {
    let num = |v: f64| {
        if v.fract() == 0.0 {
            format!("{}", v as i64)
        } else {
            format!("{v}")
        }
    };
    let v: Option<f64> = if n == "X" {
        None
    } else {
        Some(n.parse::<f64>().ok()? + extra)
    };
    if let Some(v) = v {
        if v <= 0.0 {
            return None;
        }
    }
    let s = |k: f64| v.map(|v| num(v * k)).unwrap_or_else(|| "X".to_string());
    // Halves of small units read better in the next unit down ("half an hour" = PT30M).
    if let Some(v) = v {
        if v.fract() != 0.0 {
            match unit {
                "H" => return Some(format!("PT{}M", num(v * 60.0))),
                "D" => return Some(format!("PT{}H", num(v * 24.0))),
                "Y" if v < 1.0 => return Some(format!("P{}M", num(v * 12.0))),
                "DE" => return Some(format!("P{}Y", num(v * 10.0))),
                "CE" => return Some(format!("P{}Y", num(v * 100.0))),
                _ => {}
            }
        }
    }
    Some(match unit {
        "D" => format!("P{}D", s(1.0)),
        "W" => format!("P{}W", s(1.0)),
        "FN" => format!("P{}W", s(2.0)),
        "M" => format!("P{}M", s(1.0)),
        "Q" => format!("P{}Q", s(1.0)),
        "Y" => format!("P{}Y", s(1.0)),
        "DE" => format!("P{}DE", s(1.0)),
        "CE" => format!("P{}CE", s(1.0)),
        "WE" => format!("P{}WE", s(1.0)),
        "H" => format!("PT{}H", s(1.0)),
        "MIN" => format!("PT{}M", s(1.0)),
        "S" => format!("PT{}S", s(1.0)),
        _ => return None,
    })
}

/// Appends a clock time to a date value: `time H M AMPM ZONE` (arguments substituted).
pub(crate) fn clock(date: &str, args: &[String]) -> Option<String> {
    let a = |i: usize| args.get(i).map(String::as_str).unwrap_or("-");
    // Named times ("noon", "midnight") give their digits in the rule file.
    let (mut h, m): (u32, u32) = (a(0).parse().ok()?, a(1).parse().unwrap_or(0));
    let ampm = a(2).to_ascii_lowercase();
    if ampm.starts_with('p') && h < 12 {
        h += 12;
    } else if ampm.starts_with('a') && h == 12 {
        h = 0;
    }
    if h > 24 || m > 59 {
        return None;
    }
    let zone = match a(3) {
        "-" => "",
        z => z,
    };
    Some(format!("{date}T{h:02}:{m:02}{zone}"))
}
