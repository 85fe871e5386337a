//! A sentence splitter for news prose.
//!
//! Rule-based on purpose: news text is full of abbreviations ("U.S.", "p.m.", "Gov.", "No. 2"),
//! initials and quotations that a naive split on `. ` breaks. A period ends a sentence only when
//! the next word starts like a sentence and the word before the period is not a known
//! abbreviation or an initial. Paragraph breaks always end a sentence. The abbreviations and
//! sentence openers are in `resources/en/events/sentences.txt`.

use super::cues::{self, Words};

/// Splits `text` into sentences, returned as trimmed byte ranges `(start, end)`.
pub fn split(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'\n' {
            // A blank line, or a line without final punctuation (a headline or dateline), ends it.
            let next_nl = bytes
                .get(i + 1..)
                .unwrap_or_default()
                .iter()
                .find(|c| !matches!(c, b' ' | b'\t' | b'\r'))
                .map(|&c| c == b'\n')
                .unwrap_or(true);
            let line_done = {
                let before = text[start..i].trim_end();
                before.is_empty() || !before.ends_with([',', ';', ':', '-'])
            };
            let next_upper = text[i + 1..]
                .trim_start()
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || is_open_quote(c));
            if next_nl || (line_done && next_upper) {
                push(text, start, i, &mut out);
                start = i + 1;
            }
            i += 1;
            continue;
        }
        if matches!(b, b'.' | b'?' | b'!') {
            // Take the whole run of terminal punctuation and closing quotes/brackets.
            let mut j = i + 1;
            while j < bytes.len() {
                let c = text[j..].chars().next().unwrap_or(' ');
                if matches!(c, '.' | '?' | '!') || is_close_quote(c) || c == ')' {
                    j += c.len_utf8();
                } else {
                    break;
                }
            }
            if is_boundary(text, i, j) {
                push(text, start, j, &mut out);
                start = j;
            }
            i = j;
            continue;
        }
        i += 1;
    }
    push(text, start, text.len(), &mut out);
    out
}

fn push(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let slice = &text[start..end];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    let (s, e) = (start + lead, end - trail);
    if s < e {
        out.push((s, e));
    }
}

fn is_open_quote(c: char) -> bool {
    matches!(c, '"' | '\u{201C}' | '\u{2018}' | '\'' | '(' | '[')
}

fn is_close_quote(c: char) -> bool {
    matches!(c, '"' | '\u{201D}' | '\u{2019}' | '\'' | ']')
}

/// Whether the punctuation run `text[p..q]` (starting at a `.?!`) ends a sentence.
fn is_boundary(text: &str, p: usize, q: usize) -> bool {
    let rest = &text[q..];
    // Must be followed by whitespace (or the end); "3.5", "U.S.-led" and "p.m.," do not split.
    match rest.chars().next() {
        None => return true,
        Some(c) if !c.is_whitespace() => return false,
        _ => {}
    }
    let next = rest.trim_start();
    let Some(first) = next.chars().next() else {
        return true;
    };
    // The next sentence starts with a capital, a digit or an opening quote; a lower-case word
    // ("he said", "and") continues the sentence, as after `"Stop!" he shouted`.
    let next_starts = first.is_uppercase() || first.is_ascii_digit() || is_open_quote(first);
    if !next_starts {
        return false;
    }
    if text.as_bytes().get(p) != Some(&b'.') {
        return true;
    }
    let word = word_before(text, p);
    let lower = word.to_lowercase();
    let lower = lower.trim_end_matches('.');
    // An ellipsis inside a quote often continues; at least let "..." before a capital split.
    if text[p..q].starts_with("..") {
        return true;
    }
    // Initials: "J. R. Smith", "Donald J. Trump".
    if word.chars().count() == 1 && word.chars().all(|c| c.is_uppercase()) {
        return false;
    }
    let w = Words::global();
    if w.never_final.contains(lower) {
        return false;
    }
    // "No." is only an abbreviation before a number ("No. 2"): "He said no. The ..." splits.
    if w.number_before.contains(lower) {
        return !first.is_ascii_digit();
    }
    let next_word: String = next.chars().take_while(|c| c.is_alphabetic()).collect();
    if w.maybe_final.contains(lower) {
        return cues::is(&w.opener, &next_word);
    }
    // Other dotted abbreviations like "a.k.a." or "Ph.D." continue.
    if lower.contains('.') && !lower.ends_with(')') {
        return cues::is(&w.opener, &next_word);
    }
    true
}

/// The word ending right before byte `p` (dots inside it kept, e.g. "U.S" for "U.S.").
fn word_before(text: &str, p: usize) -> &str {
    let head = &text[..p];
    let start = head
        .char_indices()
        .rev()
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '.' || *c == '\''))
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0);
    &head[start..]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(text: &str) -> Vec<&str> {
        split(text).into_iter().map(|(s, e)| &text[s..e]).collect()
    }

    #[test]
    fn news_abbreviations_do_not_split() {
        let t = "Gov. Ana Ruiz met U.S. envoys at 3 p.m. on Monday. The talks ended at 9 p.m. \
                 Officials said No. 2 reactor was safe. Sen. J. R. Holt disagreed.";
        assert_eq!(
            sents(t),
            [
                "Gov. Ana Ruiz met U.S. envoys at 3 p.m. on Monday.",
                "The talks ended at 9 p.m.",
                "Officials said No. 2 reactor was safe.",
                "Sen. J. R. Holt disagreed."
            ]
        );
    }

    #[test]
    fn quotes_do_not_split_mid_sentence() {
        let t = "\"We will rebuild,\" the mayor said. \"Stop!\" he shouted. \"Is it safe?\" \
                 she asked. “It is over.” The crowd left.";
        assert_eq!(
            sents(t),
            [
                "\"We will rebuild,\" the mayor said.",
                "\"Stop!\" he shouted.",
                "\"Is it safe?\" she asked.",
                "“It is over.”",
                "The crowd left."
            ]
        );
    }

    #[test]
    fn months_numbers_and_sentence_final_abbreviations() {
        let t = "The vote was moved to Dec. 10 in Washington, D.C. The rate rose 3.5 percent. \
                 It was made in the U.S. by Acme Inc. and shipped.";
        assert_eq!(
            sents(t),
            [
                "The vote was moved to Dec. 10 in Washington, D.C.",
                "The rate rose 3.5 percent.",
                "It was made in the U.S. by Acme Inc. and shipped."
            ]
        );
    }

    #[test]
    fn paragraphs_and_headlines_split() {
        let t = "Bridge closed after crash\n\nKYIV — The bridge closed on Monday.\nIt reopened.";
        assert_eq!(
            sents(t),
            [
                "Bridge closed after crash",
                "KYIV — The bridge closed on Monday.",
                "It reopened."
            ]
        );
    }

    #[test]
    fn ranges_are_trimmed_byte_offsets() {
        let t = "  Één zin. Twee zinnen!  ";
        for (s, e) in split(t) {
            assert_eq!(text_trim(&t[s..e]), &t[s..e]);
        }
        assert_eq!(sents(t), ["Één zin.", "Twee zinnen!"]);
    }

    fn text_trim(s: &str) -> &str {
        s.trim()
    }
}
