//! Unicode regexes that compile in a fraction of the time, with the same matches.
//!
//! A Unicode class such as `\w`, `.`, `\S` or `[^.!?]` spans hundreds of ranges up to U+10FFFF;
//! its UTF-8 automaton is most of what compiling such a pattern costs (forward and reverse),
//! and every process paid it on its first `add`. On a text whose every character lies in
//! [`in_domain`] (Latin scripts, general punctuation, currency and letter-like symbols: nearly
//! all English news), each class matches exactly what its intersection with that domain
//! matches. So a [`Narrowed`] regex is compiled from the pattern with its large classes cut
//! down to the domain, and a text with a character outside it is searched by the regex as
//! written, compiled the first time such a text comes. Which of the two runs never changes a
//! result. Word boundaries stay Unicode-aware; small classes (a letter's case variants, `\s`)
//! are left as written, since they cost little.

use std::sync::OnceLock;

use regex_automata::meta;
use regex_automata::nfa::thompson::WhichCaptures;
use regex_automata::util::captures::Captures;
use regex_automata::{Input, MatchKind, PatternSet};
use regex_syntax::hir::{self, Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind};

/// The characters a narrowed regex is compiled for.
const DOMAIN: &[(char, char)] = &[
    ('\0', '\u{24F}'),        // ASCII, Latin-1, Latin Extended-A and -B
    ('\u{2000}', '\u{206F}'), // general punctuation: spaces, dashes, quotes, bullets
    ('\u{20A0}', '\u{20CF}'), // currency symbols
    ('\u{2100}', '\u{214F}'), // letter-like symbols (the Kelvin sign folds to `k`)
];

/// A class is cut down when it has more than this many code points outside the domain: a
/// letter's case variants (`[Kk\u{212A}]`) or `\s` are cheap as written.
const SMALL: u32 = 16;

/// Whether every character of `text` lies in the domain a narrowed regex was compiled for.
pub fn in_domain(text: &str) -> bool {
    text.is_ascii()
        || text
            .chars()
            .all(|c| DOMAIN.iter().any(|&(lo, hi)| lo <= c && c <= hi))
}

fn domain() -> ClassUnicode {
    ClassUnicode::new(
        DOMAIN
            .iter()
            .map(|&(lo, hi)| ClassUnicodeRange::new(lo, hi)),
    )
}

/// How many code points of `c` lie outside the domain (counted without building a class: most
/// classes are a letter and its case variants).
fn outside(c: &ClassUnicode) -> u32 {
    c.ranges()
        .iter()
        .map(|r| {
            let (lo, hi) = (r.start() as u32, r.end() as u32);
            let inside: u32 = DOMAIN
                .iter()
                .map(|&(a, b)| {
                    let (a, b) = (lo.max(a as u32), hi.min(b as u32));
                    if a <= b {
                        b - a + 1
                    } else {
                        0
                    }
                })
                .sum();
            hi - lo + 1 - inside
        })
        .sum()
}

/// `hir` with its large classes cut down to `dom`; `None` if nothing needed cutting.
fn narrow(h: &Hir, dom: &ClassUnicode) -> Option<Hir> {
    match h.kind() {
        HirKind::Class(Class::Unicode(c)) => {
            if outside(c) <= SMALL {
                return None;
            }
            let mut inside = c.clone();
            inside.intersect(dom);
            Some(Hir::class(Class::Unicode(inside)))
        }
        HirKind::Repetition(r) => narrow(&r.sub, dom).map(|sub| {
            Hir::repetition(hir::Repetition {
                min: r.min,
                max: r.max,
                greedy: r.greedy,
                sub: Box::new(sub),
            })
        }),
        HirKind::Capture(c) => narrow(&c.sub, dom).map(|sub| {
            Hir::capture(hir::Capture {
                index: c.index,
                name: c.name.clone(),
                sub: Box::new(sub),
            })
        }),
        HirKind::Concat(hs) | HirKind::Alternation(hs) => {
            let cut: Vec<Option<Hir>> = hs.iter().map(|s| narrow(s, dom)).collect();
            if cut.iter().all(Option::is_none) {
                return None;
            }
            let subs = cut
                .into_iter()
                .zip(hs)
                .map(|(c, s)| c.unwrap_or_else(|| s.clone()))
                .collect();
            Some(match h.kind() {
                HirKind::Concat(_) => Hir::concat(subs),
                _ => Hir::alternation(subs),
            })
        }
        HirKind::Empty
        | HirKind::Literal(_)
        | HirKind::Class(Class::Bytes(_))
        | HirKind::Look(_) => None,
    }
}

/// A regex (or a set of them) compiled for the domain, with the pattern as written compiled on
/// first need. Same syntax and defaults as the `regex` crate's `Regex` / `RegexSet`.
#[derive(Debug)]
pub struct Narrowed {
    narrow: meta::Regex,
    /// The patterns as written, for texts outside the domain; `None` when narrowing changed
    /// nothing (then `narrow` is the full regex).
    full_hirs: Option<Vec<Hir>>,
    full: OnceLock<Result<meta::Regex, String>>,
    config: meta::Config,
}

impl Narrowed {
    /// One regex, leftmost-first (like `regex::Regex`).
    pub fn new(pattern: &str, case_insensitive: bool) -> Result<Narrowed, String> {
        Narrowed::build(&[pattern], case_insensitive, false)
    }

    /// A set of regexes, each reported on its own (like `regex::RegexSet`).
    pub fn new_set<S: AsRef<str>>(
        patterns: &[S],
        case_insensitive: bool,
    ) -> Result<Narrowed, String> {
        Narrowed::build(patterns, case_insensitive, true)
    }

    fn build<S: AsRef<str>>(
        patterns: &[S],
        case_insensitive: bool,
        set: bool,
    ) -> Result<Narrowed, String> {
        let mut parser = regex_syntax::ParserBuilder::new();
        parser.case_insensitive(case_insensitive);
        let hirs = patterns
            .iter()
            .map(|p| parser.build().parse(p.as_ref()).map_err(|e| e.to_string()))
            .collect::<Result<Vec<Hir>, String>>()?;
        Narrowed::from_hirs(hirs, set)
    }

    /// From parsed patterns (`regex_syntax::Parser` with its defaults plus any flags); `set`
    /// as in [`Narrowed::new_set`].
    pub fn from_hirs(hirs: Vec<Hir>, set: bool) -> Result<Narrowed, String> {
        // The `regex` crate's defaults.
        let mut config = meta::Config::new()
            .nfa_size_limit(Some(10 << 20))
            .hybrid_cache_capacity(2 << 20)
            .utf8_empty(true)
            // Extracting literals for a prefilter was a third of building a phrase list, and
            // these regexes search one article at a time: the lazy DFA scans it in microseconds.
            .auto_prefilter(false);
        config = if set {
            config
                .match_kind(MatchKind::All)
                .which_captures(WhichCaptures::None)
        } else {
            config.match_kind(MatchKind::LeftmostFirst)
        };
        let dom = domain();
        let cut: Vec<Option<Hir>> = hirs.iter().map(|h| narrow(h, &dom)).collect();
        let changed = cut.iter().any(Option::is_some);
        let narrowed: Vec<Hir> = cut
            .into_iter()
            .zip(&hirs)
            .map(|(c, h)| c.unwrap_or_else(|| h.clone()))
            .collect();
        let narrow = meta::Builder::new()
            .configure(config.clone())
            .build_many_from_hir(&narrowed)
            .map_err(|e| e.to_string())?;
        Ok(Narrowed {
            narrow,
            full_hirs: changed.then_some(hirs),
            full: OnceLock::new(),
            config,
        })
    }

    /// The regex as written; an error only if it exceeds the size limit (the rule files'
    /// tests call this, so a shipped pattern never does).
    pub fn full(&self) -> Result<&meta::Regex, String> {
        let Some(hirs) = &self.full_hirs else {
            return Ok(&self.narrow);
        };
        self.full
            .get_or_init(|| {
                meta::Builder::new()
                    .configure(self.config.clone())
                    .build_many_from_hir(hirs)
                    .map_err(|e| e.to_string())
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The regex to search `text` with.
    fn pick(&self, text: &str) -> &meta::Regex {
        if self.full_hirs.is_none() || in_domain(text) {
            return &self.narrow;
        }
        // A pattern as written that compiled with the same limits narrowed cannot fail, and
        // the tests compile every shipped one; should it ever, the narrowed regex is the best
        // answer left.
        self.full().unwrap_or(&self.narrow)
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.pick(text).is_match(text)
    }

    /// Byte ranges of the leftmost-first matches, in order, not overlapping.
    pub fn find_iter<'a>(&'a self, text: &'a str) -> impl Iterator<Item = (usize, usize)> + 'a {
        self.pick(text)
            .find_iter(text)
            .map(|m| (m.start(), m.end()))
    }

    /// Capture groups of each match, in order.
    pub fn captures_iter<'a>(&'a self, text: &'a str) -> impl Iterator<Item = Captures> + 'a {
        self.pick(text).captures_iter(text)
    }

    /// The first pattern of a set (in the order given) that matches `text`.
    pub fn first_match(&self, text: &str) -> Option<usize> {
        let re = self.pick(text);
        let mut set = PatternSet::new(re.pattern_len());
        re.which_overlapping_matches(&Input::new(text), &mut set);
        set.iter().next().map(|p| p.as_usize())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrowed_and_full_agree_inside_and_outside_the_domain() {
        let re = Narrowed::new(r"(?:\w|['’])*ed\b|.{2}\|", true).unwrap();
        assert!(re.full_hirs.is_some(), "\\w and . are cut down");
        let full = regex::RegexBuilder::new(r"(?:\w|['’])*ed\b|.{2}\|")
            .case_insensitive(true)
            .build()
            .unwrap();
        for text in [
            "it was closed’ed on Monday",
            "CAFÉ’S reopened",
            "Дом closed",
            "東京 closed",
            "a ✓| b",
            "ab|",
            "naïve parsed",
        ] {
            let got: Vec<_> = re.find_iter(text).collect();
            let want: Vec<_> = full.find_iter(text).map(|m| (m.start(), m.end())).collect();
            assert_eq!(got, want, "{text}");
        }
        assert!(in_domain("café — “quoted” €5"));
        assert!(!in_domain("Дом"));
    }

    #[test]
    fn a_set_reports_its_first_matching_pattern() {
        let set = Narrowed::new_set(&["^x+$", r"^\w+$", "^.+$"], true).unwrap();
        assert_eq!(set.first_match("XX"), Some(0));
        assert_eq!(set.first_match("Дом"), Some(1));
        assert_eq!(set.first_match("a b"), Some(2));
        assert_eq!(set.first_match(""), None);
        assert!(set.full().is_ok());
    }
}
