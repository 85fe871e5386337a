//! Full-text search helpers: turning what a user types into a safe FTS5 query, and cutting the
//! snippet around the first match.
//!
//! Snippets are made here, not with FTS5's `snippet()`: that function's time grows with the
//! number of matches times the document length, and took half a minute on one 4 MB article full
//! of matches. This takes one pass up to the first match.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Words shown before the first match.
const LEAD_WORDS: usize = 6;
/// Words in a snippet.
const SNIPPET_WORDS: usize = 24;

/// One piece of a snippet: matched words have `hit: true`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnippetPart {
    pub text: String,
    pub hit: bool,
}

/// A parsed search query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// The FTS5 query: every word a quoted phrase, all required.
    pub fts: String,
    /// For two words or more: the words as one exact phrase, whose matches rank first.
    pub phrase: Option<String>,
    /// Lower-cased word tokens to highlight; `true` = prefix.
    terms: Vec<(String, bool)>,
}

impl Query {
    /// Every whitespace-separated word becomes a quoted FTS5 phrase (so `"`, `-`, `AND`, `NEAR(`
    /// are only text) and all must match; a trailing `*` keeps prefix search. A query with no
    /// letters or digits is [`Error::EmptyQuery`].
    pub fn parse(input: &str) -> Result<Query> {
        let mut phrases = Vec::new();
        let mut words = Vec::new();
        let mut last_prefix = false;
        let mut terms = Vec::new();
        for w in input.split_whitespace() {
            let (word, prefix) = match w.strip_suffix('*') {
                Some(w) => (w, true),
                None => (w, false),
            };
            let word = word.replace('"', "");
            let tokens: Vec<&str> = tokens(&word).map(|(_, _, t)| t).collect();
            if tokens.is_empty() {
                continue;
            }
            phrases.push(format!("\"{word}\"{}", if prefix { "*" } else { "" }));
            words.push(word.clone());
            last_prefix = prefix;
            let last = tokens.len() - 1;
            for (i, t) in tokens.into_iter().enumerate() {
                terms.push((t.to_lowercase(), prefix && i == last));
            }
        }
        if phrases.is_empty() {
            return Err(Error::EmptyQuery);
        }
        let phrase = (words.len() >= 2).then(|| {
            format!(
                "\"{}\"{}",
                words.join(" "),
                if last_prefix { "*" } else { "" }
            )
        });
        Ok(Query {
            fts: phrases.join(" "),
            phrase,
            terms,
        })
    }

    fn matches(&self, token: &str) -> bool {
        let t = token.to_lowercase();
        self.terms.iter().any(|(term, prefix)| {
            if *prefix {
                t.starts_with(term.as_str())
            } else {
                t == *term
            }
        })
    }

    /// About [`SNIPPET_WORDS`] words of `text` around the first match, matches marked; `None`
    /// if no word matches (then the caller tries another field).
    pub fn snippet(&self, text: &str) -> Option<Vec<SnippetPart>> {
        let mut window: std::collections::VecDeque<(usize, usize, bool)> = Default::default();
        let mut all = tokens(text);
        let mut found = false;
        for (start, end, tok) in all.by_ref() {
            let hit = self.matches(tok);
            window.push_back((start, end, hit));
            if hit {
                found = true;
                break;
            }
            if window.len() > LEAD_WORDS {
                window.pop_front();
            }
        }
        if !found {
            return None;
        }
        let mut more = false;
        for (start, end, tok) in all {
            if window.len() >= SNIPPET_WORDS {
                more = true;
                break;
            }
            window.push_back((start, end, self.matches(tok)));
        }
        // Start at the beginning of the first word's whitespace-delimited chunk ("km/h", not "h").
        let first = window.front().expect("found a match").0;
        let first = text[..first].rfind(char::is_whitespace).map_or(0, |i| {
            i + text[i..].chars().next().map_or(1, char::len_utf8)
        });
        let mut parts: Vec<SnippetPart> = Vec::new();
        let mut push = |s: &str, hit: bool| {
            let s = collapse_whitespace(s);
            if s.is_empty() {
                return;
            }
            match parts.last_mut() {
                Some(p) if p.hit == hit => p.text.push_str(&s),
                _ => parts.push(SnippetPart { text: s, hit }),
            }
        };
        if first > 0 {
            push("…", false);
        }
        let mut pos = first;
        for (start, end, hit) in window {
            push(&text[pos..start], false);
            push(&text[start..end], hit);
            pos = end;
        }
        if more {
            push("…", false);
        } else {
            // The text's end is in the window: keep its closing punctuation.
            push(&text[pos..], false);
        }
        Some(parts)
    }
}

/// Word tokens as FTS5's unicode61 tokenizer sees them: runs of letters and digits, with their
/// byte offsets.
fn tokens(text: &str) -> impl Iterator<Item = (usize, usize, &str)> {
    let mut iter = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, _) = iter.find(|(_, c)| c.is_alphanumeric())?;
        let mut end = text.len();
        while let Some(&(i, c)) = iter.peek() {
            if !c.is_alphanumeric() {
                end = i;
                break;
            }
            iter.next();
        }
        Some((start, end, &text[start..end]))
    })
}

fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    out
}

/// The snippet as one string with matches marked «like this».
pub fn marked(parts: &[SnippetPart]) -> String {
    parts
        .iter()
        .map(|p| {
            if p.hit {
                format!("«{}»", p.text)
            } else {
                p.text.clone()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_quotes_every_word() {
        assert_eq!(
            Query::parse("bridge cracks").unwrap().fts,
            r#""bridge" "cracks""#
        );
        assert_eq!(Query::parse("hospit*").unwrap().fts, r#""hospit"*"#);
        assert_eq!(
            Query::parse(r#""bridge NEAR( -x"#).unwrap().fts,
            r#""bridge" "NEAR(" "-x""#
        );
        assert!(matches!(
            Query::parse(r#" " * -- "#),
            Err(Error::EmptyQuery)
        ));
    }

    #[test]
    fn snippet_marks_matches_around_the_first() {
        let q = Query::parse("cracks anchor*").unwrap();
        let text = "One two three four five six seven eight. Engineers found cracks in two \
                    cable anchors on Tuesday.";
        let parts = q.snippet(text).unwrap();
        assert_eq!(
            marked(&parts),
            "…five six seven eight. Engineers found «cracks» in two cable «anchors» on Tuesday."
        );
        assert_eq!(q.snippet("nothing here"), None);
        let parts = q
            .snippet("a b c d e f g 110 km/h to the coast. Engineers found cracks")
            .unwrap();
        assert_eq!(
            marked(&parts),
            "…km/h to the coast. Engineers found «cracks»"
        );
        // Case-insensitive, and a long text is cut after SNIPPET_WORDS words.
        let long = format!("CRACKS {}", "word ".repeat(100));
        let parts = q.snippet(&long).unwrap();
        assert_eq!(
            parts[0],
            SnippetPart {
                text: "CRACKS".into(),
                hit: true
            }
        );
        assert!(marked(&parts).ends_with('…'));
        assert_eq!(crate::ingest::word_count(&marked(&parts)), SNIPPET_WORDS);
    }

    #[test]
    fn tokens_follow_unicode61() {
        let t: Vec<&str> = tokens("67-year-old man, café at 11:30")
            .map(|t| t.2)
            .collect();
        assert_eq!(t, ["67", "year", "old", "man", "café", "at", "11", "30"]);
    }
}
