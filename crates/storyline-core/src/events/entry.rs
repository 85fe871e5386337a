//! Entry-text shaping: a clause made into a timeline entry that reads on its own (the date phrase,
//! datelines, connectives and attributions cut; a lost subject put back). Its words are in
//! `resources/en/events/entry.txt`, `dates.txt` and `reporting.txt`.

use super::clauses::{is_end, Unit};
use super::cues::{self, Words};

/// Makes a timeline entry of `text[cs..ce]`: the date phrase cut when it opens or closes the
/// clause (the timeline shows the date), datelines, connectives and attributions cut, first
/// letter capitalised, a final period.
pub(super) fn clean_clause(text: &str, cs: usize, ce: usize, unit: &Unit) -> String {
    let raw = &text[cs..ce];
    let cs = cs + (raw.len() - strip_dateline(raw).len());
    let mut head = text[cs..ce].to_string();
    if unit.start >= cs && unit.end <= ce {
        let (us, ue) = (unit.start - cs, unit.end - cs);
        let before = head[..us].trim_end();
        let before_words: Vec<&str> = before.split_whitespace().collect();
        let after = &head[ue..];
        let after_trim = after.trim_start_matches(|c: char| c == ' ' || DANGLING.contains(&c));
        let words = Words::global();
        let lead_is_prep = |w: &str| {
            let w = w.to_lowercase();
            let w = w.trim_matches(',');
            words.lead.contains(w) || words.soft_lead.contains(w)
        };
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
            let lex = Words::global();
            let mut cut = before.to_string();
            // "until at least April" goes with the date: one preposition, and "at least".
            let mut words = before_words.clone();
            let pop = |cut: &mut String, words: &mut Vec<&str>| {
                if let Some(last) = words.pop() {
                    cut.truncate(cut.trim_end().len() - last.len());
                    cut.truncate(cut.trim_end().len());
                }
            };
            while words.len() > 1
                && words.last().is_some_and(|w| cues::is(&lex.skip, w))
                && !words.last().is_some_and(|w| cues::is(&lex.soft_lead, w))
            {
                pop(&mut cut, &mut words);
            }
            if words.last().is_some_and(|w| cues::is(&lex.approx, w)) {
                pop(&mut cut, &mut words);
            }
            // "on Monday" brings its own preposition; "early November" does not.
            let unit_has_prep = text[unit.start..unit.end]
                .split_whitespace()
                .next()
                .is_some_and(|w| lead_is_prep(w) && !cues::is(&lex.soft_lead, w));
            if !unit_has_prep && words.last().is_some_and(|w| lead_is_prep(w)) {
                pop(&mut cut, &mut words);
            }
            // "as of Tuesday", "late on Monday".
            for phrase in &lex.as_of {
                let n = phrase.len();
                let tail = words
                    .get(words.len().saturating_sub(n)..)
                    .unwrap_or_default();
                if words.len() >= n
                    && tail
                        .iter()
                        .zip(phrase)
                        .all(|(a, b)| a.eq_ignore_ascii_case(b))
                {
                    for _ in 0..n {
                        pop(&mut cut, &mut words);
                    }
                }
            }
            if words.last().is_some_and(|w| cues::is(&lex.soft_lead, w)) {
                pop(&mut cut, &mut words);
            }
            head = format!("{}{}", cut.trim_end().trim_end_matches(','), after.trim());
        }
    }
    let mut t = head.trim().to_string();
    for lead in &Words::global().connective {
        let n = lead.len();
        let opens = t.get(..n).is_some_and(|h| h.eq_ignore_ascii_case(lead))
            && t.get(n..).is_some_and(|r| r.starts_with([' ', ',']));
        if opens {
            t = t
                .get(n..)
                .unwrap_or_default()
                .trim_start_matches([',', ' '])
                .to_string();
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
pub(super) fn starts_with_clitic(s: &str) -> bool {
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
pub(super) fn opens_cleanly(t: &str) -> bool {
    !starts_with_clitic(t) && !t.starts_with(DANGLING)
}

/// Whether `clause` starts later in the sentence with a verb, having lost its subject.
pub(super) fn starts_subjectless(sentence: &str, clause: &str) -> bool {
    let first = clause.split_whitespace().next().unwrap_or("");
    let w = Words::global();
    // A lower-case verb form opening a later clause ("…, and planned to leave on Friday"):
    // a listed verb, an action verb's past form, or a tense cue of the tagger's.
    let verb = cues::is(&w.verb_first, first)
        || (first.starts_with(|c: char| c.is_lowercase())
            && (w.happening.find(first).first() == Some(&(0, first.len()))
                || crate::timex::Tagger::global()
                    .tense_cues(first)
                    .first()
                    .is_some_and(|c| c.0 == 0 && c.1 == first.len())));
    verb && !strip_dateline(sentence).starts_with(clause)
}

/// The sentence's subject ("The bridge"), when `clause` lost it (see [`starts_subjectless`]).
pub(super) fn lost_subject<'a>(sentence: &'a str, clause: &str, entry: &str) -> Option<&'a str> {
    if !starts_subjectless(sentence, clause) {
        return None;
    }
    let sentence = strip_dateline(sentence);
    // Only what comes before the clause can be its subject, and only if it has no verb of its
    // own ("The warehouse was built in 1968 and | has stood empty": the head is a clause).
    let before = sentence
        .find(clause.trim())
        .and_then(|i| sentence.get(..i))
        .unwrap_or(sentence);
    let subject = before.split([',', ';']).next()?.trim();
    let w = Words::global();
    let has_verb = subject.split_whitespace().any(|word| {
        cues::is(&w.verb_first, word) || w.happening.find(word).first() == Some(&(0, word.len()))
    }) || !crate::timex::Tagger::global()
        .tense_cues(subject)
        .is_empty();
    let words = subject.split_whitespace().count();
    let capital = subject.chars().next().is_some_and(char::is_uppercase);
    (capital && !has_verb && (1..=12).contains(&words) && !entry.starts_with(subject))
        .then_some(subject)
}

pub(super) fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Whether a cleaned clause only says who said something: "Council president Alan Brooks said."
pub(super) fn is_attribution(entry: &str) -> bool {
    let body = entry.trim_end_matches(['.', ' ']);
    let words: Vec<&str> = body.split_whitespace().collect();
    let verbs = &Words::global().reporting;
    words.len() <= 6 && words.iter().any(|w| cues::is(verbs, w))
}

/// "The bridge, which opened" → "The bridge opened": a relative clause left as the whole
/// entry once the rest of the sentence went to another event.
pub(super) fn fold_relative(t: &str) -> String {
    for rel in &Words::global().relative {
        let rel = format!(", {rel} ");
        if let Some(i) = t.find(&rel) {
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
pub(super) fn reports_only(text: &str, cs: usize, ce: usize, unit: &Unit) -> bool {
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
    let lex = Words::global();
    if words
        .last()
        .is_some_and(|w| lex.lead.contains(w) || lex.soft_lead.contains(w))
    {
        words.pop();
    }
    let reporting = words.last().is_some_and(|w| lex.reporting.contains(w));
    let after = text[unit.end..ce].trim_start();
    let tail = after.trim_matches(|c: char| !c.is_alphanumeric());
    let participle = after.starts_with(',')
        && tail
            .split_whitespace()
            .next()
            .is_some_and(|w| lex.tail.any(w));
    reporting && (2..=8).contains(&words.len()) && (tail.is_empty() || participle)
}

/// "KYIV, Ukraine (AP) — The ..." → "The ...".
pub(super) fn strip_dateline(t: &str) -> &str {
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
pub(super) fn strip_attribution(t: &str) -> String {
    let body = t.trim_end_matches(['.', ' ']);
    if let Some(i) = body.rfind(", ") {
        let tail = &body[i + 2..];
        let words: Vec<&str> = tail.split_whitespace().collect();
        let verbs = &Words::global().reporting;
        let n = words.len();
        let said_last = n <= 5 && words.last().is_some_and(|w| cues::is(verbs, w));
        let said_first = n <= 5 && words.first().is_some_and(|w| cues::is(verbs, w));
        let quoted = body[..i].ends_with(['"', '\u{201D}']);
        if (said_last || said_first) && i > 20 && !quoted {
            return body[..i].to_string();
        }
    }
    t.to_string()
}
