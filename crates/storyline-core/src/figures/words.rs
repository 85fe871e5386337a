//! The figure word files (`resources/en/figures/*.txt`), loaded once into phrase tables.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::timex::lexicon::{self, RawExample};
use crate::timex::RuleError;

use super::Qualifier;

pub(crate) const FILES: &[(&str, &str)] = &[
    (
        "numbers.txt",
        include_str!("../../resources/en/figures/numbers.txt"),
    ),
    (
        "qualifiers.txt",
        include_str!("../../resources/en/figures/qualifiers.txt"),
    ),
    (
        "measures.txt",
        include_str!("../../resources/en/figures/measures.txt"),
    ),
];

/// What a number word stands for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum NumberWord {
    /// A number, with the qualifier the word itself carries ("a dozen": about).
    Value(f64, Qualifier),
    /// A scale after a number ("million").
    Scale(f64),
    /// A phrase where a number word is not a number ("this one", "one another").
    Not,
}

/// What a qualifier-file phrase does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cue {
    Qualifier(Qualifier),
    Range,
    Join,
    JoinAfterRange,
    Previous,
    Correction,
    Increment,
    Update,
}

/// What a measure-file phrase says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Counted {
    /// A measure, with the unit it counts when no counted noun is given, and whether it is a
    /// level that rises and falls (else a count that only grows).
    Measure(String, Option<String>, bool),
    Unit(String),
    Prefix(String),
    Suffix(String),
    /// Ends the clause a measure is looked for in.
    Boundary,
}

/// Phrases of one file, by first word: (the phrase's words, what it means), longest first.
#[derive(Debug)]
pub(crate) struct Phrases<T> {
    by_first: HashMap<String, Vec<(Vec<String>, T)>>,
}

impl<T> Phrases<T> {
    fn new(entries: Vec<(String, T)>) -> Phrases<T> {
        let mut by_first: HashMap<String, Vec<(Vec<String>, T)>> = HashMap::new();
        for (key, v) in entries {
            let words: Vec<String> = key.split_whitespace().map(str::to_string).collect();
            if let Some(first) = words.first() {
                by_first.entry(first.clone()).or_default().push((words, v));
            }
        }
        for list in by_first.values_mut() {
            list.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        }
        Phrases { by_first }
    }

    /// The longest phrase starting at `words[0]`: its length in words and its meaning.
    pub fn at<'a>(&'a self, words: &[&str]) -> Option<(usize, &'a T)> {
        let first = words.first()?;
        self.by_first.get(*first)?.iter().find_map(|(w, v)| {
            let hit = w.len() <= words.len() && w.iter().zip(words).all(|(a, b)| a == b);
            hit.then_some((w.len(), v))
        })
    }

    /// The longest phrase ending at the last of `words`: its length in words and its meaning.
    pub fn ending<'a>(&'a self, words: &[&str]) -> Option<(usize, &'a T)> {
        (1..=words.len().min(4)).rev().find_map(|n| {
            let tail = words.get(words.len() - n..)?;
            self.at(tail).filter(|(len, _)| *len == n)
        })
    }
}

#[derive(Debug)]
pub(crate) struct Words {
    pub numbers: Phrases<NumberWord>,
    pub cues: Phrases<Cue>,
    pub counted: Phrases<Counted>,
    #[cfg_attr(not(test), allow(dead_code))] // read by the examples test
    pub examples: Vec<(String, RawExample)>,
}

pub(crate) static WORDS: LazyLock<Words> =
    LazyLock::new(|| load().unwrap_or_else(|e| panic!("figure word files: {e}")));

fn file(name: &str) -> &'static str {
    FILES
        .iter()
        .find(|(f, _)| *f == name)
        .map(|(_, t)| *t)
        .unwrap_or("")
}

pub(crate) fn load() -> Result<Words, RuleError> {
    let mut examples = Vec::new();

    let f = lexicon::parse("numbers.txt", file("numbers.txt"))?;
    let mut numbers = Vec::new();
    for e in &f.entries {
        let mut parts = e.value.split_whitespace();
        let first = parts.next().unwrap_or("");
        let bad = || lexicon::error(&f.file, e.line, "expected `N [QUALIFIER]`, `xN` or `-`");
        let word = if first == "-" {
            NumberWord::Not
        } else if let Some(scale) = first.strip_prefix('x') {
            NumberWord::Scale(scale.parse().map_err(|_| bad())?)
        } else {
            let n: f64 = first.parse().map_err(|_| bad())?;
            let q = match parts.next() {
                Some(q) => Qualifier::parse(q).ok_or_else(bad)?,
                None => Qualifier::Exact,
            };
            NumberWord::Value(n, q)
        };
        numbers.push((e.key.clone(), word));
    }
    examples.extend(f.examples.into_iter().map(|x| (f.file.clone(), x)));

    let f = lexicon::parse("qualifiers.txt", file("qualifiers.txt"))?;
    let mut cues = Vec::new();
    for e in &f.entries {
        let cue =
            match e.value.as_str() {
                "range" => Cue::Range,
                "join" => Cue::Join,
                "join_after_range" => Cue::JoinAfterRange,
                "previous" => Cue::Previous,
                "correction" => Cue::Correction,
                "increment" => Cue::Increment,
                "update" => Cue::Update,
                q => Cue::Qualifier(Qualifier::parse(q).ok_or_else(|| {
                    lexicon::error(&f.file, e.line, format!("unknown value `{q}`"))
                })?),
            };
        cues.push((e.key.clone(), cue));
    }
    examples.extend(f.examples.into_iter().map(|x| (f.file.clone(), x)));

    let f = lexicon::parse("measures.txt", file("measures.txt"))?;
    let mut counted = Vec::new();
    for e in &f.entries {
        let (kind, rest) = e.value.split_once(' ').unwrap_or((e.value.as_str(), ""));
        let rest = rest.trim();
        if kind == "boundary" {
            counted.push((e.key.clone(), Counted::Boundary));
            continue;
        }
        if rest.is_empty() {
            return Err(lexicon::error(&f.file, e.line, "expected `KIND NAME`"));
        }
        let c = match kind {
            "measure" => {
                let mut parts = rest.split('|').map(str::trim);
                let name = parts.next().unwrap_or_default().to_string();
                let unit = parts.next().filter(|u| !u.is_empty()).map(str::to_string);
                let level = match parts.next() {
                    None => false,
                    Some("level") => true,
                    Some(x) => {
                        return Err(lexicon::error(
                            &f.file,
                            e.line,
                            format!("expected `level` or nothing, not `{x}`"),
                        ))
                    }
                };
                Counted::Measure(name, unit, level)
            }
            "unit" => Counted::Unit(rest.into()),
            "prefix" => Counted::Prefix(rest.into()),
            "suffix" => Counted::Suffix(rest.into()),
            k => {
                return Err(lexicon::error(
                    &f.file,
                    e.line,
                    format!("unknown kind `{k}` (measure, unit, prefix, suffix)"),
                ))
            }
        };
        counted.push((e.key.clone(), c));
    }
    examples.extend(f.examples.into_iter().map(|x| (f.file.clone(), x)));

    Ok(Words {
        numbers: Phrases::new(numbers),
        cues: Phrases::new(cues),
        counted: Phrases::new(counted),
        examples,
    })
}
