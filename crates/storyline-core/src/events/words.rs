//! Content words and numbers of an event text, used to decide whether two mentions tell the same
//! happening and whether a later one changes a figure.

use std::collections::BTreeSet;

/// Function words, reporting verbs and calendar words: they say nothing about *what* happened.
const STOP: &[&str] = &[
    "a",
    "an",
    "the",
    "and",
    "or",
    "but",
    "of",
    "in",
    "on",
    "at",
    "to",
    "for",
    "from",
    "by",
    "with",
    "as",
    "into",
    "onto",
    "over",
    "under",
    "after",
    "before",
    "during",
    "since",
    "until",
    "about",
    "than",
    "then",
    "that",
    "this",
    "these",
    "those",
    "there",
    "here",
    "it",
    "its",
    "he",
    "she",
    "they",
    "them",
    "their",
    "his",
    "her",
    "we",
    "our",
    "us",
    "you",
    "your",
    "i",
    "me",
    "my",
    "who",
    "whom",
    "whose",
    "which",
    "what",
    "when",
    "where",
    "while",
    "why",
    "how",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "am",
    "has",
    "have",
    "had",
    "having",
    "do",
    "does",
    "did",
    "will",
    "would",
    "shall",
    "should",
    "can",
    "could",
    "may",
    "might",
    "must",
    "not",
    "no",
    "nor",
    "so",
    "also",
    "just",
    "only",
    "very",
    "more",
    "most",
    "some",
    "any",
    "all",
    "each",
    "other",
    "such",
    "own",
    "same",
    "too",
    "up",
    "down",
    "out",
    "off",
    "again",
    "further",
    "once",
    "if",
    "because",
    "said",
    "say",
    "says",
    "saying",
    "told",
    "tell",
    "according",
    "reported",
    "report",
    "reports",
    "added",
    "noted",
    "stated",
    "statement",
    "expected",
    "expect",
    "plan",
    "plans",
    "planned",
    "scheduled",
    "due",
    "set",
    "later",
    "earlier",
    "today",
    "tonight",
    "yesterday",
    "tomorrow",
    "morning",
    "afternoon",
    "evening",
    "night",
    "overnight",
    "day",
    "days",
    "week",
    "weeks",
    "month",
    "months",
    "year",
    "years",
    "weekend",
    "last",
    "next",
    "this",
    "ago",
    "early",
    "late",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "a.m",
    "p.m",
    "am",
    "pm",
    "mr",
    "mrs",
    "ms",
    "dr",
    "one",
    "new",
    "now",
    "still",
    "yet",
    "already",
    "around",
    "between",
    "within",
    "through",
    "against",
    "among",
    "per",
    "via",
    "mid",
];

const NUMBER_WORDS: &[(&str, &str)] = &[
    ("two", "2"),
    ("three", "3"),
    ("four", "4"),
    ("five", "5"),
    ("six", "6"),
    ("seven", "7"),
    ("eight", "8"),
    ("nine", "9"),
    ("ten", "10"),
    ("eleven", "11"),
    ("twelve", "12"),
    ("dozen", "12"),
    ("twenty", "20"),
    ("hundred", "100"),
    ("hundreds", "100s"),
    ("dozens", "12s"),
];

/// A crude English stemmer: enough to make "killed", "kills" and "killing" one key, and
/// "strike", "strikes" and "striking" another.
fn stem(w: &str) -> String {
    let n = w.len();
    let mut base = w;
    if n > 5 && w.ends_with("ies") {
        return format!("{}y", &w[..n - 3]);
    }
    if n > 7 && w.ends_with("ion") && !w.ends_with("sion") {
        // "inspection" -> "inspect", "explosion" stays: too many of those stem badly.
        return w[..n - 3].to_string();
    }
    for suf in ["ing", "ed", "es", "s"] {
        if n > suf.len() + 3 && w.ends_with(suf) && !w.ends_with("ss") {
            base = &w[..n - suf.len()];
            // "stopped" -> "stop"
            let b = base.as_bytes();
            let doubled = match b {
                [.., x, y] => x == y && !matches!(y, b'l' | b's'),
                _ => false,
            };
            if suf != "s" && b.len() > 3 && doubled {
                base = &base[..base.len() - 1];
            }
            break;
        }
    }
    // A final "e" comes and goes with the suffix ("strike", "striking").
    base.strip_suffix('e')
        .filter(|b| b.len() >= 3)
        .unwrap_or(base)
        .to_string()
}

fn tokens(text: &str) -> impl Iterator<Item = (usize, &str)> {
    // Commas stay inside a token so that "1,200" is one number; trimmed off words' ends.
    text.split(|c: char| !(c.is_alphanumeric() || matches!(c, '\'' | '.' | '-' | ',')))
        .map(|t| t.trim_matches(|c: char| matches!(c, '\'' | '.' | '-' | ',')))
        .filter(|t| !t.is_empty())
        .map(|t| t.trim_end_matches("'s"))
        .enumerate()
}

fn is_month(lower: &str) -> bool {
    matches!(
        lower,
        "january"
            | "february"
            | "march"
            | "april"
            | "may"
            | "june"
            | "july"
            | "august"
            | "september"
            | "october"
            | "november"
            | "december"
            | "jan"
            | "feb"
            | "mar"
            | "apr"
            | "jun"
            | "jul"
            | "aug"
            | "sep"
            | "sept"
            | "oct"
            | "nov"
            | "dec"
    )
}

/// The content keys of a text: stemmed lower-case content words, with number words as digits.
pub fn keys(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let toks: Vec<&str> = tokens(text).map(|(_, t)| t).collect();
    for (i, t) in toks.iter().enumerate() {
        let lower = t.to_lowercase();
        if let Some((_, d)) = NUMBER_WORDS.iter().find(|(w, _)| *w == lower) {
            out.insert((*d).to_string());
            continue;
        }
        if lower
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
        {
            // Years and day numbers are the date, not the content.
            let is_year = lower.len() == 4;
            let prev = i.checked_sub(1).and_then(|j| toks.get(j));
            let near_month = prev.is_some_and(|p| is_month(&p.to_lowercase()))
                || toks.get(i + 1).is_some_and(|n| is_month(&n.to_lowercase()));
            if !is_year && !near_month {
                out.insert(lower.replace(',', ""));
            }
            continue;
        }
        if lower.len() < 3 || STOP.contains(&lower.as_str()) || lower == "may" {
            continue;
        }
        out.insert(stem(&lower));
    }
    out
}

/// Figures stated in a text, each with the word after it: "killed four people" gives
/// `("peopl", "4")`. Years and days of the month are not figures. A later source that gives
/// the same word another number contradicts an earlier one.
pub fn figures(text: &str) -> Vec<(String, String)> {
    let toks: Vec<&str> = tokens(text).map(|(_, t)| t).collect();
    let mut out = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        let lower = t.to_lowercase();
        let num = if let Some((_, d)) = NUMBER_WORDS.iter().find(|(w, _)| *w == lower) {
            (*d).to_string()
        } else if lower.chars().all(|c| c.is_ascii_digit() || c == ',')
            && lower.len() != 4
            && !i
                .checked_sub(1)
                .and_then(|j| toks.get(j))
                .is_some_and(|p| is_month(&p.to_lowercase()))
        {
            lower.replace(',', "")
        } else {
            continue;
        };
        // The counted word: skip "more", "other" and the like.
        let noun = toks
            .get(i + 1..)
            .unwrap_or_default()
            .iter()
            .map(|w| w.to_lowercase())
            .find(|w| {
                !matches!(
                    w.as_str(),
                    "more" | "other" | "additional" | "further" | "of"
                )
            });
        if let Some(noun) = noun {
            if !is_month(&noun) && !STOP.contains(&noun.as_str()) {
                out.push((stem(&noun), num));
            }
        }
    }
    out
}

/// How much two key sets overlap: shared keys over the smaller set, and the count shared.
/// Numbers are ignored so that a corrected figure does not split one event into two.
pub fn similarity(a: &BTreeSet<String>, b: &BTreeSet<String>) -> (f64, usize) {
    let is_num = |k: &String| k.starts_with(|c: char| c.is_ascii_digit());
    let a_n = a.iter().filter(|k| !is_num(k)).count();
    let b_n = b.iter().filter(|k| !is_num(k)).count();
    let shared = a.iter().filter(|k| !is_num(k) && b.contains(*k)).count();
    let denom = a_n.min(b_n).max(1);
    (shared as f64 / denom as f64, shared)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(t: &str) -> Vec<String> {
        keys(t).into_iter().collect()
    }

    #[test]
    fn keys_drop_function_and_date_words_and_stem() {
        assert_eq!(
            k("On Monday morning, a Russian missile strike on Dnipro killed four people."),
            ["4", "dnipro", "kill", "missil", "peopl", "russian", "strik"]
        );
        assert_eq!(
            k("The strikes killing 12 on Dec. 1, 2025"),
            ["12", "kill", "strik"]
        );
    }

    #[test]
    fn figures_pair_numbers_with_what_they_count() {
        assert_eq!(
            figures("Six more people died on March 3, 2026, and 12 were hurt in 2025."),
            [("peopl".to_string(), "6".to_string())]
        );
        assert_eq!(
            figures("injuring 1,200 residents"),
            [("resident".to_string(), "1200".to_string())]
        );
    }

    #[test]
    fn similarity_ignores_numbers() {
        let a = keys("A missile strike on Dnipro killed four people");
        let b = keys("The death toll from the Dnipro missile strike rose to six");
        let (score, shared) = similarity(&a, &b);
        assert_eq!(shared, 3);
        assert!(score > 0.5, "{score}");
        let c = keys("Zelensky met the French president in Paris");
        assert_eq!(similarity(&a, &c).1, 0);
    }
}
