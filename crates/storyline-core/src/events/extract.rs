//! From one snapshot's text and its temporal expressions to event mentions: one per dated clause.

use super::date::{DateBasis, EventDate};
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

/// A run of timexes in one sentence that name one time ("9 a.m. on Monday", "Monday, Dec. 1",
/// "from Monday to Wednesday"), with the date it stands for.
struct Unit {
    start: usize,
    end: usize,
    date: EventDate,
}

/// Extracts the event mentions of a snapshot. `timexes` are the tagger's output on `text`;
/// durations, sets and values that are not calendar dates make no event.
pub fn extract(text: &str, published_at: DateTime<FixedOffset>, timexes: &[Timex]) -> Vec<Mention> {
    let mut dated: Vec<(&Timex, EventDate)> = timexes
        .iter()
        .filter(|t| matches!(t.kind, TimexKind::Date | TimexKind::Time))
        .filter(|t| t.start < t.end && t.end <= text.len())
        .filter(|t| text.is_char_boundary(t.start) && text.is_char_boundary(t.end))
        .filter_map(|t| EventDate::parse(&t.value).map(|d| (t, d)))
        .collect();
    dated.sort_by_key(|(t, _)| (t.start, t.end));

    let mut out = Vec::new();
    // Timexes and sentences both run in text order: one pass over each.
    let mut next = 0;
    for (s, e) in sentences::split(text)
        .into_iter()
        .flat_map(|(s, e)| pieces(text, s, e))
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
        if in_sentence.is_empty() || only_dates(text, s, e, &in_sentence) {
            // A dateline or a time stamp ("Tuesday, December 10, 2013") tells no happening.
            // (A clause that is only its date, "Yesterday, …", takes its sentence below.)
            continue;
        }
        let mut units = group_units(text, &in_sentence);
        units.truncate(MAX_MENTIONS_PER_SENTENCE);
        let sentence: Arc<str> = Arc::from(&text[s..e]);
        let clauses = clause_ranges(text, s, e, &units);
        for (unit, &(cs, ce, _)) in units.iter_mut().zip(&clauses) {
            if let Some(date) = past_end(text, cs, ce, unit, published_at) {
                unit.date = date;
            }
        }
        for (i, (unit, &(cs, ce, weak_next))) in units.iter().zip(&clauses).enumerate() {
            let clause = &text[cs..ce];
            let window = cue_window(text, cs, ce, unit);
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
            let mut entry = clean_clause(text, cs, ce, unit);
            if is_attribution(&entry) || reports_only(text, cs, ce, unit) {
                // "…, Brooks said on Friday": the date of a statement, not of a happening.
                continue;
            }
            match lost_subject(&text[s..e], &text[cs..ce], &entry) {
                Some(subject) => entry = format!("{subject} {}", lower_first(&entry)),
                // A verb without its subject reads badly: show the whole sentence.
                None if starts_subjectless(&text[s..e], &text[cs..ce]) => {
                    entry = clean_clause(text, s, e, unit)
                }
                None => {}
            }
            if entry.split_whitespace().count() < 3 {
                entry = clean_clause(text, s, e, unit);
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

/// Sentence `s..e`, cut into pieces of at most [`MAX_SENTENCE_BYTES`], at a space when there
/// is one in the second half of a piece, else at a character boundary.
fn pieces(text: &str, s: usize, e: usize) -> Vec<(usize, usize)> {
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
fn group_units(text: &str, ts: &[&(&Timex, EventDate)]) -> Vec<Unit> {
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
            let gap = text[last.end..t.start].trim().to_lowercase();
            let glue = matches!(gap.as_str(), "" | "," | "on" | "at" | "of" | ", on" | "in");
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
            let range = matches!(gap.as_str(), "-" | "–" | "—")
                || (matches!(gap.as_str(), "to" | "until" | "through" | "and" | "-" | "–")
                    && (before.ends_with("from") || before.ends_with("between")));
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

const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Words that mark a date phrase as the end of a happening: "fought the blaze until Tuesday".
const UNTIL: &[&str] = &["until", "till", "til", "through", "untill"];

/// Whether the unit is the end of a happening ("until early Tuesday morning"), not its time.
fn is_end(text: &str, cs: usize, unit: &Unit) -> bool {
    let before = &text[cs.min(unit.start)..unit.start];
    before
        .split_whitespace()
        .rev()
        .map(|w| w.to_lowercase())
        .find(|w| !matches!(w.as_str(), "early" | "late" | "at" | "least"))
        .is_some_and(|w| UNTIL.contains(&w.as_str()))
}

/// The date a past-tense clause ended at, when a forward reading of its weekday put it after
/// publication. "Crews fought the blaze until early Tuesday morning" in a Wednesday report:
/// the tense says the fight is over, so it lasted until the Tuesday before, not the one after.
/// Only a named weekday is read again (its direction is what the text leaves open), within a
/// week of publication, and not in reported speech, whose tense is shifted back ("the council
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
        || !is_end(text, cs, unit)
    {
        return None;
    }
    let phrase = text[unit.start..unit.end].to_lowercase();
    if !WEEKDAYS.iter().any(|d| phrase.contains(d)) {
        return None;
    }
    let window = cue_window(text, cs, ce, unit);
    let reported = REPORTING.iter().any(|v| text[cs..unit.start].contains(v));
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

/// Boundaries that can separate two clauses, strongest first.
const BOUNDARIES: &[&str] = &[
    "; ",
    " — ",
    " – ",
    ", and ",
    ", but ",
    ", while ",
    ", after ",
    ", before ",
    ", when ",
    ", which ",
    ", who ",
    ", where ",
    " and then ",
    " but ",
    " while ",
    " and ",
    " after ",
    " before ",
    " when ",
    ", ",
    " that ",
];

/// Boundaries after which a clause still completes the one before it.
const WEAK: &[&str] = &[", ", ", which ", ", who ", ", where "];

/// Splits sentence `s..e` into one byte range per unit: between two units, at the strongest
/// boundary found in the text between them. With no boundary both units share the span. The
/// flag says the cut after the range is a weak one (see [`WEAK`]).
fn clause_ranges(text: &str, s: usize, e: usize, units: &[Unit]) -> Vec<(usize, usize, bool)> {
    let mut cuts: Vec<Option<(usize, usize, bool)>> = Vec::new();
    for w in units.windows(2) {
        let [a, b] = w else { continue };
        // Units are sorted and disjoint; `get` keeps a reversed range harmless all the same.
        let gap = text.get(a.end..b.start).unwrap_or("");
        // "…until April while investigators look into it, Marsh told a meeting on Thursday":
        // a second date inside an attribution belongs to the attribution, so cut before it.
        let attribution = gap.rfind(", ").filter(|&i| {
            let tail = &gap[i..];
            [" said ", " told ", " announced ", " says "]
                .iter()
                .any(|v| tail.contains(v))
        });
        let cut = match attribution {
            Some(i) => Some((a.end + i, a.end + i + 2, true)),
            None => BOUNDARIES.iter().find_map(|bd| {
                gap.find(bd)
                    .map(|i| (a.end + i, a.end + i + bd.len(), WEAK.contains(bd)))
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
        for sep in ["; ", " — "] {
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

/// Reporting verbs: what follows them is what someone said, which may be about another time.
const REPORTING: &[&str] = &[" said ", " says ", " told ", " announced ", " added "];

/// The part of clause `cs..ce` that speaks about the unit's own time: from the last reporting
/// verb before the unit to the first one after it.
fn cue_window<'a>(text: &'a str, cs: usize, ce: usize, unit: &Unit) -> &'a str {
    let (us, ue) = (unit.start.clamp(cs, ce), unit.end.clamp(cs, ce));
    let lo = REPORTING
        .iter()
        .filter_map(|v| text[cs..us].rfind(v).map(|i| cs + i + v.len()))
        .max()
        .unwrap_or(cs);
    let hi = REPORTING
        .iter()
        .chain(&[" and said", ", according"])
        .filter_map(|v| text[ue..ce].find(v.trim_end()).map(|i| ue + i))
        .min()
        .unwrap_or(ce);
    &text[lo..hi]
}

/// Prepositions and modifiers that go with a date phrase and go with it when it is cut out.
const DATE_LEAD: &[&str] = &[
    "on", "in", "at", "by", "for", "early", "late", "since", "from", "during", "earlier", "later",
    "until", "before", "after", "to",
];

/// Makes a timeline entry of `text[cs..ce]`: the date phrase cut when it opens or closes the
/// clause (the timeline shows the date), datelines, connectives and attributions cut, first
/// letter capitalised, a final period.
fn clean_clause(text: &str, cs: usize, ce: usize, unit: &Unit) -> String {
    let raw = &text[cs..ce];
    let cs = cs + (raw.len() - strip_dateline(raw).len());
    let mut head = text[cs..ce].to_string();
    if unit.start >= cs && unit.end <= ce {
        let (us, ue) = (unit.start - cs, unit.end - cs);
        let before = head[..us].trim_end();
        let before_words: Vec<&str> = before.split_whitespace().collect();
        let after = &head[ue..];
        let after_trim = after.trim_start_matches(|c: char| c == ' ' || DANGLING.contains(&c));
        let lead_is_prep =
            |w: &str| DATE_LEAD.contains(&w.to_lowercase().trim_matches(',').to_string().as_str());
        // "Monday's closure …": the date is part of a noun phrase; keep it.
        let possessive = starts_with_clitic(after);
        let opens = match before_words.as_slice() {
            [] => true,
            [only] => lead_is_prep(only),
            _ => false,
        };
        if opens && !possessive {
            head = after_trim.to_string();
        } else if !possessive
            // "fought the blaze until early Tuesday morning": the timeline shows the day it
            // ended, so the entry keeps the phrase that says it is an end.
            && !is_end(text, cs, unit)
            && after_trim
                .trim_end_matches(['.', '!', '?', '"', ' '])
                .is_empty()
        {
            let mut cut = before.to_string();
            // "until at least April" goes with the date: one preposition, and "at least".
            let mut words = before_words.clone();
            let pop = |cut: &mut String, words: &mut Vec<&str>| {
                if let Some(last) = words.pop() {
                    cut.truncate(cut.trim_end().len() - last.len());
                    cut.truncate(cut.trim_end().len());
                }
            };
            if words.ends_with(&["at", "least"]) {
                pop(&mut cut, &mut words);
                pop(&mut cut, &mut words);
            }
            if words
                .last()
                .is_some_and(|w| matches!(*w, "about" | "around"))
            {
                pop(&mut cut, &mut words);
            }
            // "on Monday" brings its own preposition; "early November" does not.
            let unit_has_prep = text[unit.start..unit.end]
                .split_whitespace()
                .next()
                .is_some_and(|w| {
                    lead_is_prep(w)
                        && !matches!(
                            w.to_lowercase().as_str(),
                            "early" | "late" | "earlier" | "later"
                        )
                });
            if !unit_has_prep && words.last().is_some_and(|w| lead_is_prep(w)) {
                pop(&mut cut, &mut words);
            }
            // "as of Tuesday", "late on Monday".
            if words.ends_with(&["as", "of"]) {
                pop(&mut cut, &mut words);
                pop(&mut cut, &mut words);
            }
            if words.last().is_some_and(|w| matches!(*w, "late" | "early")) {
                pop(&mut cut, &mut words);
            }
            head = format!("{}{}", cut.trim_end().trim_end_matches(','), after.trim());
        }
    }
    let mut t = head.trim().to_string();
    for lead in [
        "and ",
        "but ",
        "while ",
        "which ",
        "that ",
        "then ",
        "and then ",
    ] {
        if t.to_lowercase().starts_with(lead) {
            t = t[lead.len()..].to_string();
        }
    }
    let t = strip_attribution(t.trim().trim_matches(',').trim());
    let t = fold_relative(&t);
    // Whatever cut the clause, an entry never opens on the tail of a word or of a phrase
    // ("'s closure …", ": the bridge …"): keep the date phrase rather than cut there.
    if !opens_cleanly(&t) && unit.start >= cs && unit.end > unit.start {
        let whole = Unit {
            start: cs,
            end: cs,
            date: unit.date.clone(),
        };
        if opens_cleanly(text[cs..ce].trim_start()) {
            return clean_clause(text, cs, ce, &whole);
        }
    }
    let t = t.trim_start_matches(DANGLING).trim_start();
    let mut out = String::new();
    let mut chars = t.chars();
    if let Some(c) = chars.next() {
        out.extend(c.to_uppercase());
        out.push_str(chars.as_str());
    }
    let out = out.trim_end_matches([',', ';', ':', ' ']).to_string();
    if out.ends_with(['.', '!', '?', '"', '\u{201D}']) || out.is_empty() {
        out
    } else {
        format!("{out}.")
    }
}

/// Punctuation that cannot open an entry: what is left of a phrase cut on its left.
const DANGLING: &[char] = &[
    ',', ';', ':', '.', ')', ']', '-', '\u{2013}', '\u{2014}', '/',
];

/// Apostrophes as articles write them (straight, curly, modifier letter, backtick).
const APOSTROPHES: &[char] = &['\'', '\u{2019}', '\u{02BC}', '`'];

/// Whether `s` (the text right after a date phrase) starts with a possessive clitic:
/// "'s closure", " ’s storm" (HTML extraction may leave a space before it), "' time".
fn starts_with_clitic(s: &str) -> bool {
    let mut c = s.trim_start_matches(' ').chars();
    if !c.next().is_some_and(|a| APOSTROPHES.contains(&a)) {
        return false;
    }
    match c.next() {
        Some('s' | 'S') => !c.next().is_some_and(char::is_alphanumeric),
        // A plural possessive ("two weeks' time"); a letter would open a quotation.
        next => !next.is_some_and(char::is_alphanumeric),
    }
}

/// Whether an entry starts as a timeline entry can: not on a clitic or dangling punctuation.
fn opens_cleanly(t: &str) -> bool {
    !starts_with_clitic(t) && !t.starts_with(DANGLING)
}

/// Verbs that open a clause whose subject was left in an earlier clause of the sentence:
/// "The bridge, which opened in 1968, | was closed on Monday".
const SUBJECTLESS: &[&str] = &[
    "was",
    "were",
    "is",
    "are",
    "has",
    "have",
    "had",
    "will",
    "would",
    "could",
    "can",
    "said",
    "says",
    "killed",
    "left",
    "hit",
    "struck",
    "opened",
    "closed",
    "announced",
    "began",
    "ended",
];

/// Whether `clause` starts later in the sentence with a verb, having lost its subject.
fn starts_subjectless(sentence: &str, clause: &str) -> bool {
    let first = clause.split_whitespace().next().unwrap_or("");
    SUBJECTLESS.contains(&first) && !strip_dateline(sentence).starts_with(clause)
}

/// The sentence's subject ("The bridge"), when `clause` lost it (see [`starts_subjectless`]).
fn lost_subject<'a>(sentence: &'a str, clause: &str, entry: &str) -> Option<&'a str> {
    if !starts_subjectless(sentence, clause) {
        return None;
    }
    let sentence = strip_dateline(sentence);
    let subject = sentence.split([',', ';']).next()?.trim();
    let words = subject.split_whitespace().count();
    let capital = subject.chars().next().is_some_and(char::is_uppercase);
    (capital && (1..=12).contains(&words) && !entry.starts_with(subject)).then_some(subject)
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Whether a cleaned clause only says who said something: "Council president Alan Brooks said."
fn is_attribution(entry: &str) -> bool {
    let body = entry.trim_end_matches(['.', ' ']);
    let words: Vec<&str> = body.split_whitespace().collect();
    let verbs = [
        "said",
        "says",
        "told",
        "reported",
        "added",
        "announced",
        "confirmed",
    ];
    words.len() <= 6 && words.iter().any(|w| verbs.contains(w))
}

/// "The bridge, which opened" → "The bridge opened": a relative clause left as the whole
/// entry once the rest of the sentence went to another event.
fn fold_relative(t: &str) -> String {
    for rel in [", which ", ", who "] {
        if let Some(i) = t.find(rel) {
            let (head, tail) = (&t[..i], &t[i + rel.len()..]);
            if i <= 90 && !head.contains(',') && !tail.contains(',') {
                return format!("{head} {tail}");
            }
        }
    }
    t.to_string()
}

/// Whether clause `cs..ce` only says who said something and when: "…, the Alpine Union said
/// on Friday, citing "logistical reasons."". Its date is the statement's, not the date of
/// what was said (which the rest of the sentence carries, with its own date or none), so it
/// makes no event. A tail other than a participle ("said on Monday that the bridge would
/// reopen") is the content itself and keeps the clause.
fn reports_only(text: &str, cs: usize, ce: usize, unit: &Unit) -> bool {
    if unit.start < cs || unit.end > ce {
        return false;
    }
    let mut words: Vec<String> = strip_dateline(&text[cs..unit.start])
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    if words
        .last()
        .is_some_and(|w| DATE_LEAD.contains(&w.as_str()))
    {
        words.pop();
    }
    let reporting = words.last().is_some_and(|w| {
        REPORTING
            .iter()
            .chain(&[" reported ", " confirmed ", " stated "])
            .any(|v| v.trim() == w)
    });
    let after = text[unit.end..ce].trim_start();
    let tail = after.trim_matches(|c: char| !c.is_alphanumeric());
    let participle = after.starts_with(',')
        && tail.split_whitespace().next().is_some_and(|w| {
            let w = w.to_lowercase();
            w.ends_with("ing") || w == "according"
        });
    reporting && (2..=8).contains(&words.len()) && (tail.is_empty() || participle)
}

/// "KYIV, Ukraine (AP) — The ..." → "The ...".
fn strip_dateline(t: &str) -> &str {
    for dash in [" — ", " – ", " -- "] {
        if let Some(i) = t.find(dash) {
            let head = &t[..i];
            let letters: Vec<char> = head.chars().filter(|c| c.is_alphabetic()).collect();
            let upper = letters.iter().take(4).all(|c| c.is_uppercase());
            if i < 40 && !letters.is_empty() && upper {
                return &t[i + dash.len()..];
            }
        }
    }
    t
}

/// "…, officials said." / "…, said Ms. Ruiz." → "…".
fn strip_attribution(t: &str) -> String {
    let body = t.trim_end_matches(['.', ' ']);
    if let Some(i) = body.rfind(", ") {
        let tail = &body[i + 2..];
        let words: Vec<&str> = tail.split_whitespace().collect();
        let verbs = ["said", "says", "told", "reported", "added", "announced"];
        let n = words.len();
        let said_last = n <= 5 && words.last().is_some_and(|w| verbs.contains(w));
        let said_first = n <= 5 && words.first().is_some_and(|w| verbs.contains(w));
        let quoted = body[..i].ends_with(['"', '\u{201D}']);
        if (said_last || said_first) && i > 20 && !quoted {
            return body[..i].to_string();
        }
    }
    t.to_string()
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
            assert!(opens_cleanly(entry), "{text:?} -> {entry:?}");
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
