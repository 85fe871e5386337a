//! Clause segmentation: a sentence's dates grouped into units (one time each) and the sentence
//! cut into one clause per unit, at the boundaries `resources/en/events/clauses.txt` lists.

use super::cues::{self, Words};
use super::date::EventDate;
use super::extract::MAX_SENTENCE_BYTES;
use crate::timex::Timex;

/// A run of timexes in one sentence that name one time ("9 a.m. on Monday", "Monday, Dec. 1",
/// "from Monday to Wednesday"), with the date it stands for.
pub(super) struct Unit {
    pub start: usize,
    pub end: usize,
    pub date: EventDate,
}

/// Sentence `s..e`, cut into pieces of at most [`MAX_SENTENCE_BYTES`], at a space when there
/// is one in the second half of a piece, else at a character boundary.
pub(super) fn pieces(text: &str, s: usize, e: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut lo = s;
    while e - lo > MAX_SENTENCE_BYTES {
        let mut hi = lo + MAX_SENTENCE_BYTES;
        while !text.is_char_boundary(hi) {
            hi -= 1;
        }
        // `get`: the half-way point may fall inside a character; then no space is looked for.
        if let Some(sp) = text
            .get(lo + MAX_SENTENCE_BYTES / 2..hi)
            .and_then(|t| t.rfind(' '))
        {
            hi = lo + MAX_SENTENCE_BYTES / 2 + sp;
        }
        out.push((lo, hi));
        lo = hi;
        // The next piece starts at a word, as a sentence does.
        while lo < e && text.as_bytes().get(lo) == Some(&b' ') {
            lo += 1;
        }
    }
    if lo < e {
        out.push((lo, e));
    }
    out
}

/// Joins timexes that together name one time. The joined unit keeps the finer date when the
/// dates agree, and the first date for a range.
pub(super) fn group_units(text: &str, ts: &[&(&Timex, EventDate)]) -> Vec<Unit> {
    let mut units: Vec<Unit> = Vec::new();
    for (t, d) in ts {
        if let Some(last) = units.last_mut() {
            if t.start < last.end {
                // Overlapping timexes: keep the finer one.
                if d.finer_than(&last.date) && d.compatible(&last.date) {
                    last.date = d.clone();
                }
                last.end = last.end.max(t.end);
                continue;
            }
            let w = Words::global();
            let gap = text[last.end..t.start].trim().to_lowercase();
            let glue = w.glue.contains(&gap);
            if glue && d.compatible(&last.date) {
                if d.finer_than(&last.date) {
                    last.date = d.clone();
                }
                last.end = t.end;
                continue;
            }
            // Only the word before the unit matters: lower-case a short tail, not the text.
            let head = text[..last.start].trim_end();
            let mut from = head.len().saturating_sub(16);
            while !head.is_char_boundary(from) {
                from -= 1;
            }
            let before = head[from..].to_lowercase();
            let range = w.dash_range.contains(&gap)
                || (w.range.contains(&gap)
                    && w.range_open.iter().any(|o| before.ends_with(o.as_str())));
            if range {
                last.end = t.end;
                continue;
            }
        }
        units.push(Unit {
            start: t.start,
            end: t.end,
            date: d.clone(),
        });
    }
    units
}

/// Whether the unit is the end of a happening ("until early Tuesday morning"), not its time.
pub(super) fn is_end(text: &str, cs: usize, unit: &Unit) -> bool {
    let before = &text[cs.min(unit.start)..unit.start];
    let w = Words::global();
    before
        .split_whitespace()
        .rev()
        .find(|x| !cues::is(&w.skip, x))
        .is_some_and(|x| cues::is(&w.end, x))
}

/// Splits sentence `s..e` into one byte range per unit: between two units, at the strongest
/// boundary found in the text between them. With no boundary both units share the span. The
/// flag says the cut after the range is a weak one (`WEAK` in clauses.txt).
pub(super) fn clause_ranges(
    text: &str,
    s: usize,
    e: usize,
    units: &[Unit],
) -> Vec<(usize, usize, bool)> {
    let w = Words::global();
    let mut cuts: Vec<Option<(usize, usize, bool)>> = Vec::new();
    for pair in units.windows(2) {
        let [a, b] = pair else { continue };
        // Units are sorted and disjoint; `get` keeps a reversed range harmless all the same.
        let gap = text.get(a.end..b.start).unwrap_or("");
        // "…until April while investigators look into it, Marsh told a meeting on Thursday":
        // a second date inside an attribution belongs to the attribution, so cut before it.
        let attribution = gap.rfind(", ").filter(|&i| w.say_phrases.any(&gap[i..]));
        let cut = match attribution {
            Some(i) => Some((a.end + i, a.end + i + 2, true)),
            None => w.boundaries.iter().find_map(|(bd, weak)| {
                gap.find(bd.as_str())
                    .map(|i| (a.end + i, a.end + i + bd.len(), *weak))
            }),
        };
        cuts.push(cut);
    }
    let mut ranges = Vec::with_capacity(units.len());
    for (i, unit) in units.iter().enumerate() {
        // Walk back/forward over cut-less gaps so units without a boundary share one span.
        let lo = cuts
            .get(..i)
            .and_then(|before| {
                before
                    .iter()
                    .rev()
                    .find_map(|c| c.map(|(_, after, _)| after))
            })
            .unwrap_or(s);
        let (hi, weak) = cuts
            .get(i..)
            .and_then(|after| {
                after
                    .iter()
                    .find_map(|c| c.map(|(before, _, w)| (before, w)))
            })
            .unwrap_or((e, false));
        let (mut lo, mut hi) = (lo, hi);
        // A semicolon or dash joins two sentences in one: keep to the unit's side.
        // `get` rather than indexing: the cuts come from the text, so a range may be empty or
        // reversed, and that must mean "no separator", never a panic.
        let (us, ue) = (unit.start, unit.end);
        for sep in w.side.iter().map(String::as_str) {
            if let Some(k) = text.get(lo..us).and_then(|t| t.rfind(sep)) {
                lo += k + sep.len();
            }
            if let Some(k) = text.get(ue..hi).and_then(|t| t.find(sep)) {
                hi = ue + k;
            }
        }
        ranges.push((lo, hi, weak));
    }
    ranges
}

/// The part of clause `cs..ce` that speaks about the unit's own time: from the last reporting
/// verb before the unit to the first one after it.
pub(super) fn cue_window<'a>(text: &'a str, cs: usize, ce: usize, unit: &Unit) -> &'a str {
    let w = Words::global();
    let (us, ue) = (unit.start.clamp(cs, ce), unit.end.clamp(cs, ce));
    let lo = w
        .say_phrases
        .find(&text[cs..us])
        .last()
        .map_or(cs, |&(_, e)| cs + e);
    let after = &text[ue..ce];
    let hi = w
        .say_phrases
        .find(after)
        .first()
        .into_iter()
        .chain(w.source.find(after).first())
        .map(|&(s, _)| ue + s)
        .min()
        .unwrap_or(ce);
    &text[lo..hi]
}
