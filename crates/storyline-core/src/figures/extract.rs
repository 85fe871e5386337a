//! From one snapshot's text to the figures it states: a number, what it counts, its qualifier.

use chrono::{Duration, NaiveDate};

use super::words::{Counted, Cue, NumberWord, WORDS};
use super::{FigureMention, Qualifier};
use crate::events::sentences;
use crate::events::EventDate;
use crate::timex::{self, TimexKind};

/// How far (in words) from the number a measure cue is looked for, on each side.
const WINDOW: usize = 6;
/// How far back it is looked for after an update verb ("the number of people killed by
/// Thursday's earthquake has risen to 19"): the quantity is named at the clause's start.
const UPDATE_WINDOW: usize = 16;
/// A date this long before publication puts a figure in an era of its own ("last year's storm
/// killed 12"), so it never joins the story's running count.
const ERA_DAYS: i64 = 30;
/// Sentences longer than this are lists or pages without full stops: read no figures there, so
/// the cost stays linear (the measure search is bounded by [`WINDOW`] anyway).
const MAX_SENTENCE_BYTES: usize = 2_000;

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Word,
    Number(f64),
    /// "30-40".
    Range(f64, f64),
    /// Punctuation that ends a clause: no cue is looked for beyond it.
    Stop,
    /// Other symbols (`$`, `%`) and punctuation that does not end a clause.
    Symbol,
}

#[derive(Debug, Clone)]
struct Token {
    start: usize,
    end: usize,
    lower: String,
    kind: Kind,
    /// Starts with a capital letter (a name, in a list of names).
    capital: bool,
}

/// Figures stated in `text`, published on `published` (the day dates are resolved against).
pub fn extract(text: &str, published: NaiveDate) -> Vec<FigureMention> {
    let mut out = Vec::new();
    for (s, e) in sentences::split(text) {
        let Some(sentence) = text.get(s..e) else {
            continue;
        };
        if sentence.len() > MAX_SENTENCE_BYTES
            || !sentence.bytes().any(|b| b.is_ascii_digit()) && !has_number_word(sentence)
        {
            continue;
        }
        for mut m in in_sentence(sentence, published) {
            m.start += s;
            m.end += s;
            m.sentence_start = s;
            m.sentence_end = e;
            out.push(m);
        }
    }
    out
}

fn has_number_word(sentence: &str) -> bool {
    let toks = tokens(sentence);
    let words: Vec<&str> = toks.iter().map(|t| t.lower.as_str()).collect();
    (0..words.len()).any(|i| {
        matches!(
            WORDS.numbers.at(words.get(i..).unwrap_or_default()),
            Some((_, NumberWord::Value(..)))
        )
    })
}

/// The figures of one sentence; offsets are within it.
fn in_sentence(sentence: &str, published: NaiveDate) -> Vec<FigureMention> {
    let toks = tokens(sentence);
    let words: Vec<&str> = toks.iter().map(|t| t.lower.as_str()).collect();
    let correction = (0..words.len()).any(|i| {
        matches!(
            WORDS.cues.at(words.get(i..).unwrap_or_default()),
            Some((_, Cue::Correction))
        )
    });
    let mut timexes: Option<Vec<timex::Timex>> = None;
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let Some(num) = number_at(&toks, &words, i) else {
            i += 1;
            continue;
        };
        let next = num.end_tok;
        let Some(first) = toks.get(i) else { break };
        // Numbers inside a date or a duration ("March 3", "12 hours", "in 2023") are not figures.
        let tx = timexes.get_or_insert_with(|| timex::tag(sentence, published));
        let inside = |a: usize, b: usize| tx.iter().any(|t| a < t.end && t.start < b);
        let last_num = toks
            .get(next.saturating_sub(1))
            .map_or(first.end, |t| t.end);
        if inside(first.start, last_num) {
            i = next;
            continue;
        }
        // Qualifier, range opener or "previous value" cue just before (a currency symbol may sit
        // between: "more than $4 million").
        let mut lead = i;
        let mut prefix_unit = None;
        if let Some((1, Counted::Prefix(u))) = i
            .checked_sub(1)
            .and_then(|p| WORDS.counted.at(words.get(p..i).unwrap_or_default()))
        {
            prefix_unit = Some(u.clone());
            lead = i - 1;
        }
        let before_cue = WORDS.cues.ending(words.get(..lead).unwrap_or_default());
        let mut qualifier = num.qualifier;
        let mut text_start = toks.get(lead).map_or(first.start, |t| t.start);
        let mut opened_range = false;
        let back = if matches!(before_cue, Some((_, Cue::Update))) {
            UPDATE_WINDOW
        } else {
            WINDOW
        };
        // "three more people": an increment right after the number.
        let increment_after = matches!(
            WORDS.cues.at(words.get(next..).unwrap_or_default()),
            Some((_, Cue::Increment))
        );
        match before_cue {
            Some((_, Cue::Previous | Cue::Increment)) => {
                i = next;
                continue;
            }
            _ if increment_after => {
                i = next;
                continue;
            }
            Some((n, Cue::Qualifier(q))) => {
                if qualifier == Qualifier::Exact {
                    qualifier = *q;
                }
                text_start = toks.get(lead - n).map_or(text_start, |t| t.start);
            }
            Some((n, Cue::Range)) => {
                opened_range = true;
                text_start = toks.get(lead - n).map_or(text_start, |t| t.start);
            }
            _ => {}
        }
        // A range: "30-40", "30 to 40", "between 30 and 40".
        let mut high = num.high;
        let mut end_tok = next;
        if high.is_none() {
            let joiner = WORDS.cues.at(words.get(next..).unwrap_or_default());
            let joins = match joiner {
                Some((n, Cue::Join)) => Some(n),
                Some((n, Cue::JoinAfterRange)) if opened_range => Some(n),
                _ => None,
            };
            if let Some(n) = joins {
                if let Some(second) = number_at(&toks, &words, next + n) {
                    high = Some(second.value);
                    end_tok = second.end_tok;
                }
            }
        }
        if high.is_some() {
            qualifier = Qualifier::Range;
        }
        // What it counts: a suffix ("%"), else a counted noun within two words ("two Ukrainian
        // soldiers", "dozens of people").
        let mut unit = prefix_unit;
        let mut after = end_tok;
        if unit.is_none() {
            if let Some((n, Counted::Suffix(u))) =
                WORDS.counted.at(words.get(end_tok..).unwrap_or_default())
            {
                unit = Some(u.clone());
                after = end_tok + n;
            }
        }
        if unit.is_none() {
            for skip in 0..=2 {
                let at = end_tok + skip;
                if toks.get(at).is_none_or(|t| t.kind != Kind::Word) {
                    break;
                }
                match WORDS.counted.at(words.get(at..).unwrap_or_default()) {
                    Some((n, Counted::Unit(u))) => {
                        unit = Some(u.clone());
                        after = at + n;
                        break;
                    }
                    Some((_, Counted::Measure(..) | Counted::Boundary)) => break,
                    _ => {}
                }
            }
        }
        let lead_tok = text_start_tok(&toks, text_start);
        let found = measure_near(&toks, &words, lead_tok, after, back);
        let mut refers = false;
        if unit.is_none() {
            // "the number of homes destroyed rose to 22", "the queue of trucks fell to 150".
            unit = unit_before(&toks, &words, lead_tok, back);
            refers = unit.is_some();
        }
        let (measure, unit, unit_implied, level) = match (found, unit) {
            (None, None) => {
                i = end_tok.max(i + 1);
                continue;
            }
            (Some((m, default_unit, level)), u) => {
                refers = false;
                let implied = u.is_none() || u == default_unit;
                let u = u.or(default_unit).unwrap_or_default();
                (m, u, implied, level)
            }
            (None, Some(u)) => (u.clone(), u, true, false),
        };
        let text_end = toks
            .get(after.saturating_sub(1))
            .map_or(first.end, |t| t.end)
            .max(last_num);
        let era = era(tx, &toks, first.start, published);
        out.push(FigureMention {
            measure,
            unit,
            unit_implied,
            qualifier,
            value: num.value,
            high,
            text: sentence
                .get(text_start..text_end)
                .unwrap_or_default()
                .to_string(),
            start: text_start,
            end: text_end,
            sentence_start: 0,
            sentence_end: sentence.len(),
            era,
            correction,
            level,
            refers,
        });
        i = after.max(i + 1);
    }
    out
}

fn text_start_tok(toks: &[Token], start: usize) -> usize {
    toks.iter().position(|t| t.start >= start).unwrap_or(0)
}

/// The nearest measure cue around tokens `[from, to)`: after it first on equal distance.
fn measure_near(
    toks: &[Token],
    words: &[&str],
    from: usize,
    to: usize,
    back: usize,
) -> Option<(String, Option<String>, bool)> {
    let mut after_open = true;
    let mut before_open = true;
    for d in 0..back.max(WINDOW) {
        if after_open && d < WINDOW {
            let at = to + d;
            match toks.get(at).map(|t| &t.kind) {
                None | Some(Kind::Stop) => after_open = false,
                _ => match WORDS.counted.at(words.get(at..).unwrap_or_default()) {
                    Some((_, Counted::Measure(m, u, l))) => {
                        return Some((m.clone(), u.clone(), *l))
                    }
                    Some((_, Counted::Boundary)) if !in_names(toks, at) => after_open = false,
                    _ => {}
                },
            }
        }
        if before_open && d < back {
            match from.checked_sub(d + 1) {
                None => before_open = false,
                Some(at) => match toks.get(at).map(|t| &t.kind) {
                    None | Some(Kind::Stop) => before_open = false,
                    _ => match WORDS.counted.ending(words.get(..=at).unwrap_or_default()) {
                        Some((_, Counted::Measure(m, u, l))) => {
                            return Some((m.clone(), u.clone(), *l))
                        }
                        Some((_, Counted::Boundary)) if !in_names(toks, at) => before_open = false,
                        _ => {}
                    },
                },
            }
        }
        if !after_open && !before_open {
            break;
        }
    }
    None
}

/// A joining word between two capitalised words ("residents of Hollin and Brae were evacuated")
/// joins names, not clauses.
fn in_names(toks: &[Token], at: usize) -> bool {
    let cap = |i: Option<usize>| i.and_then(|i| toks.get(i)).is_some_and(|t| t.capital);
    cap(at.checked_sub(1)) && cap(Some(at + 1))
}

/// A counted noun before the number, in its clause: the unit of a figure it refers to.
fn unit_before(toks: &[Token], words: &[&str], from: usize, back: usize) -> Option<String> {
    for d in 1..=back {
        let at = from.checked_sub(d)?;
        match toks.get(at).map(|t| &t.kind) {
            None | Some(Kind::Stop) => return None,
            _ => match WORDS.counted.ending(words.get(..=at).unwrap_or_default()) {
                Some((_, Counted::Unit(u))) => return Some(u.clone()),
                Some((_, Counted::Boundary)) if !in_names(toks, at) => return None,
                _ => {}
            },
        }
    }
    None
}

/// The year of the nearest date in the figure's clause when it lies well before publication.
fn era(
    timexes: &[timex::Timex],
    toks: &[Token],
    at: usize,
    published: NaiveDate,
) -> Option<String> {
    let cutoff = published.and_hms_opt(0, 0, 0)? - Duration::days(ERA_DAYS);
    let same_clause = |t: &timex::Timex| {
        let (a, b) = if t.start < at {
            (t.end, at)
        } else {
            (at, t.start)
        };
        !toks
            .iter()
            .any(|k| k.kind == Kind::Stop && a <= k.start && k.end <= b)
    };
    timexes
        .iter()
        .filter(|t| matches!(t.kind, TimexKind::Date | TimexKind::Time))
        .filter(|t| same_clause(t))
        .filter_map(|t| EventDate::parse(&t.value).map(|d| (t.start.abs_diff(at), d)))
        .min_by_key(|(dist, _)| *dist)
        .and_then(|(_, d)| (d.end() < cutoff).then(|| d.year().to_string()))
}

struct Num {
    value: f64,
    high: Option<f64>,
    qualifier: Qualifier,
    /// First token after the number and its scale.
    end_tok: usize,
}

/// A number starting at token `i`: digits or number words, then an optional scale.
fn number_at(toks: &[Token], words: &[&str], i: usize) -> Option<Num> {
    let t = toks.get(i)?;
    let (mut value, mut high, qualifier, mut end) = match t.kind {
        Kind::Number(n) => (n, None, Qualifier::Exact, i + 1),
        Kind::Range(a, b) => (a, Some(b), Qualifier::Range, i + 1),
        Kind::Word => {
            // "this one", "no one else": a phrase ending here may say it is no number.
            if let Some((_, NumberWord::Not)) = WORDS.numbers.ending(words.get(..=i)?) {
                return None;
            }
            match WORDS.numbers.at(words.get(i..)?) {
                Some((n, NumberWord::Value(v, q))) => (*v, None, *q, i + n),
                _ => return None,
            }
        }
        _ => return None,
    };
    // "dozens of", "hundreds of thousands": the scale may follow "of" only for vague words.
    if let Some((n, NumberWord::Scale(s))) = WORDS.numbers.at(words.get(end..).unwrap_or_default())
    {
        value *= s;
        high = high.map(|h| h * s);
        end += n;
    }
    Some(Num {
        value,
        high,
        qualifier,
        end_tok: end,
    })
}

/// Words, numbers and punctuation with their byte offsets.
fn tokens(s: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chars = s.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_alphanumeric() {
            let mut end = start + c.len_utf8();
            while let Some(&(p, d)) = chars.peek() {
                let joins = matches!(d, '.' | ',' | '\'' | '\u{2019}' | '-' | '\u{2013}')
                    && s.get(p + d.len_utf8()..)
                        .and_then(|r| r.chars().next())
                        .is_some_and(char::is_alphanumeric)
                    && (!matches!(d, '.' | ',')
                        || s.get(..p)
                            .and_then(|r| r.chars().next_back())
                            .is_some_and(|b| b.is_ascii_digit()));
                if d.is_alphanumeric() || joins {
                    end = p + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            let raw = s.get(start..end).unwrap_or_default();
            out.extend(classify(raw, start));
        } else if !c.is_whitespace() {
            let end = start + c.len_utf8();
            let kind = if matches!(c, '.' | ';' | ':' | '(' | ')' | '?' | '!') {
                Kind::Stop
            } else {
                Kind::Symbol
            };
            out.push(Token {
                start,
                end,
                lower: c.to_lowercase().collect(),
                kind,
                capital: false,
            });
        }
    }
    out
}

/// One raw word: a number ("9,800", "2.5", "30-40", "4m" as 4 and "m"), or a word.
fn classify(raw: &str, start: usize) -> Vec<Token> {
    let lower = raw.to_lowercase();
    let capital = raw.starts_with(char::is_uppercase);
    let word = |lower: String| Token {
        start,
        end: start + raw.len(),
        lower,
        kind: Kind::Word,
        capital,
    };
    if !raw.starts_with(|c: char| c.is_ascii_digit()) {
        return vec![word(lower)];
    }
    if let Some((a, b)) = raw.split_once(['-', '\u{2013}']) {
        return match (parse_number(a), parse_number(b)) {
            (Some(a), Some(b)) if a < b => vec![Token {
                start,
                end: start + raw.len(),
                lower,
                kind: Kind::Range(a, b),
                capital: false,
            }],
            _ => vec![word(lower)], // "20-year-old"
        };
    }
    if let Some(n) = parse_number(raw) {
        return vec![Token {
            start,
            end: start + raw.len(),
            lower,
            kind: Kind::Number(n),
            capital: false,
        }];
    }
    // "4m", "2.5bn": digits then a scale word.
    let split = raw.find(|c: char| c.is_alphabetic()).unwrap_or(raw.len());
    let (digits, rest) = raw.split_at(split);
    let rest_lower = rest.to_lowercase();
    if let (Some(n), Some((1, NumberWord::Scale(_)))) = (
        parse_number(digits),
        WORDS.numbers.at(&[rest_lower.as_str()]),
    ) {
        return vec![
            Token {
                start,
                end: start + split,
                lower: digits.to_string(),
                kind: Kind::Number(n),
                capital: false,
            },
            Token {
                start: start + split,
                end: start + raw.len(),
                lower: rest_lower,
                kind: Kind::Word,
                capital: false,
            },
        ];
    }
    vec![word(lower)] // "3rd", "10am"
}

/// "9,800" (thousands commas in threes), "2.5", "40".
fn parse_number(s: &str) -> Option<f64> {
    if s.is_empty()
        || !s
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    {
        return None;
    }
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) if !f.is_empty() && f.chars().all(|c| c.is_ascii_digit()) => (i, Some(f)),
        Some(_) => return None,
        None => (s, None),
    };
    let mut groups = int.split(',');
    let first = groups.next()?;
    if first.is_empty() || first.len() > 3 && int.contains(',') {
        return None;
    }
    if groups.clone().any(|g| g.len() != 3) {
        return None;
    }
    let digits: String = int.chars().filter(|c| *c != ',').collect();
    let n = match frac {
        Some(f) => format!("{digits}.{f}"),
        None => digits,
    };
    n.parse().ok()
}
