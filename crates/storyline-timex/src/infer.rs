//! Inference of what a date leaves out: the year of a bare month or month-day, the week of a
//! bare weekday, the year of a quarter or season. This is the part of the tagger that gets
//! tuned (tense cues, nearness, the narrative's reference time); the value functions in
//! `normalize` call it.

use chrono::{Datelike, Duration, NaiveDate};

use super::normalize::{fmt_day, weekday_of, Ctx, Tense};

/// How many times farther a past month-day may be than the coming one before a past cue loses
/// to the nearer date (a year against a few weeks).
const AGAINST_CUE: i64 = 8;

pub(crate) fn two_digit_year(yy: i32, ctx: &Ctx) -> i32 {
    let cur = ctx.dct.year() % 100;
    if yy <= cur + 5 {
        ctx.dct.year() / 100 * 100 + yy
    } else {
        (ctx.dct.year() / 100 - 1) * 100 + yy
    }
}

pub(crate) fn expand_year(s: &str, ctx: &Ctx) -> Option<i32> {
    let s = s.trim_start_matches('\'');
    let y: i32 = s.parse().ok()?;
    Some(if s.len() <= 2 {
        two_digit_year(y, ctx)
    } else {
        y
    })
}

/// Year of a (month, day) without a year: from the text in narratives, else from the DCT and tense.
pub(crate) fn infer_year(m: u32, d: Option<u32>, ctx: &Ctx, tense: Tense, dir: &str) -> i32 {
    // A news text that has moved to a past year ("In 2019, the firm lost money. In March it
    // sold ...") is a narrative there until it comes back to the DCT; a future cue is not.
    let scene = ctx.scene.filter(|_| {
        !ctx.narrative && tense != Tense::Future && matches!(dir, "tense" | "for" | "report")
    });
    if ctx.narrative || scene.is_some() {
        // The candidate nearest the month last mentioned: narratives move on ("in October
        // 1941 ... in January" is January 1942).
        let ry = scene.unwrap_or_else(|| ctx.ref_year());
        // A month mentioned in an older year says nothing about the current one.
        let rm = match ctx.last_month {
            Some((my, mm)) if my == ry => mm,
            _ => return ry,
        };
        let at = |yy: i32| (yy * 12 + m as i32 - (ry * 12 + rm as i32)).abs();
        return match dir {
            "last" | "-1" => ry - i32::from(m >= rm),
            "next" | "1" => ry + i32::from(m <= rm),
            _ => [ry, ry + 1, ry - 1]
                .into_iter()
                .min_by_key(|&c| at(c))
                .unwrap_or(ry),
        };
    }
    let y = ctx.dct.year();
    let here = (
        m,
        d.unwrap_or(if matches!(dir, "tense" | "for" | "report") {
            ctx.dct.day()
        } else {
            1
        }),
    );
    let now = (ctx.dct.month(), ctx.dct.day());
    match dir {
        "this" | "0" => y,
        "last" | "-1" => {
            if m < ctx.dct.month() {
                y
            } else {
                y - 1
            }
        }
        "next" | "1" => {
            if m > ctx.dct.month() {
                y
            } else {
                y + 1
            }
        }
        _ => {
            let day = d.unwrap_or(15).min(28);
            let dist = |yy: i32| {
                NaiveDate::from_ymd_opt(yy, m, day)
                    .map(|c| (c - ctx.dct).num_days().abs())
                    .unwrap_or(i64::MAX)
            };
            // A future report of a month ("sales in December are expected to rise" on 5
            // January) is of the month whose end is nearest the DCT (see `period_year`).
            if dir == "report" && tense == Tense::Future && d.is_none() {
                let now = y * 12 + ctx.dct.month() as i32;
                return [y - 1, y, y + 1]
                    .into_iter()
                    .min_by_key(|&c| (c * 12 + m as i32 - now).abs())
                    .unwrap_or(y);
            }
            // The year the tense points to: the nearest occurrence on the cue's side of the DCT.
            let cued = match tense {
                Tense::Future => y + i32::from(here < now),
                Tense::Past => y - i32::from(here > now),
                // No cue: the candidate nearest the DCT.
                Tense::None => {
                    return [y, y - 1, y + 1]
                        .into_iter()
                        .min_by_key(|&c| dist(c))
                        .unwrap_or(y);
                }
            };
            // A day a few days after the DCT beats one nearly a year before it: the
            // cue then governs another clause ("was summoned to a hearing on March 17" three
            // days before it; "had been scheduled for Nov. 20"), and news names the year of
            // a date that far back. A bare month keeps to the cue ("held talks in January").
            // Only a past cue yields: "expect record sales on Black Friday" four days after
            // it is next year's.
            let other = y + i32::from(cued == y);
            if d.is_some()
                && tense == Tense::Past
                && dist(other).saturating_mul(AGAINST_CUE) < dist(cued)
            {
                other
            } else {
                cued
            }
        }
    }
}

/// Year of a period (quarter, half, season) given `this`/`last`/`next`/`?`/a year.
pub(crate) fn period_year(
    arg: &str,
    ctx: &Ctx,
    tense: Tense,
    span: impl Fn(i32) -> (i32, u32, u32),
) -> Option<i32> {
    // A news text's scene year (see `infer_year`) holds an unyeared period told in the past.
    if let Some(y) = ctx.scene.filter(|_| {
        !ctx.narrative && tense != Tense::Future && matches!(arg, "?" | "-" | "" | "report")
    }) {
        return Some(y);
    }
    let y = if ctx.narrative {
        ctx.ref_year()
    } else {
        ctx.dct.year()
    };
    let (_, start, end) = span(y);
    let cm = if ctx.narrative {
        ctx.ref_month().1
    } else {
        ctx.dct.month()
    };
    Some(match arg {
        // Year offsets ("the first quarter of last year").
        "0" => y,
        "-1" => y - 1,
        "1" => y + 1,
        "this" => y,
        "last" => {
            // The last one that is over ("last summer" in November is this year's).
            if end < cm {
                y
            } else {
                y - 1
            }
        }
        "next" => {
            if start > cm {
                y
            } else {
                y + 1
            }
        }
        // The period a report covers ("will report fourth-quarter results"): a report comes
        // after its period, so a future report is of the occurrence whose end is nearest the
        // DCT — the quarter just ended in January, the current one in November.
        "report" if tense == Tense::Future && !ctx.narrative => {
            let at = |yy: i32| (yy * 12 + end as i32 - (y * 12 + cm as i32)).abs();
            [y - 1, y, y + 1]
                .into_iter()
                .min_by_key(|&c| at(c))
                .unwrap_or(y)
        }
        "?" | "-" | "" | "report" => {
            if ctx.narrative {
                y
            } else {
                match tense {
                    Tense::Future => {
                        if end >= cm {
                            y
                        } else {
                            y + 1
                        }
                    }
                    // No cue: the occurrence nearest the DCT, as for a bare month (the earlier
                    // on a tie: news reports the past).
                    Tense::None => {
                        let now = y * 12 + cm as i32;
                        let at = |yy: i32| {
                            let (s, e) = (yy * 12 + start as i32, yy * 12 + end as i32);
                            (s - now).max(now - e).max(0)
                        };
                        [y - 1, y, y + 1]
                            .into_iter()
                            .min_by_key(|&c| at(c))
                            .unwrap_or(y)
                    }
                    Tense::Past => {
                        if start <= cm {
                            y
                        } else {
                            y - 1
                        }
                    }
                }
            }
        }
        s => expand_year(s, ctx)?,
    })
}

pub(crate) fn weekday(w: u32, dir: &str, ctx: &Ctx, tense: Tense) -> Option<String> {
    let target = weekday_of(w)?;
    if ctx.narrative && ctx.last_day.is_none() {
        return Some(format!("XXXX-WXX-{w}"));
    }
    // "the following Monday" / "the previous Friday" count from the date last mentioned.
    let (base, dir) = match dir {
        "after" => (ctx.ref_day(), "next"),
        "before" => (ctx.ref_day(), "last"),
        d => (ctx.base_day(), d),
    };
    let diff = target.num_days_from_monday() as i64 - base.weekday().num_days_from_monday() as i64;
    let back = if diff <= 0 { diff } else { diff - 7 }; // 0 or negative
    let fwd = if diff >= 0 { diff } else { diff + 7 }; // 0 or positive
    let off = match dir {
        "last" | "-1" => {
            if back == 0 {
                -7
            } else {
                back
            }
        }
        "next" | "1" => {
            if fwd == 0 {
                7
            } else {
                fwd
            }
        }
        "this" | "0" => diff,
        // The nearer of the last and the next one (the last on a tie).
        "near" => match tense {
            Tense::Future => fwd,
            _ if fwd < -back => fwd,
            _ => back,
        },
        _ => match tense {
            Tense::Future => fwd,
            _ => back,
        },
    };
    Some(fmt_day(base + Duration::days(off)))
}
