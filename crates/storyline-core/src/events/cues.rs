//! The events code's words, as data: `resources/en/events/*.txt` in the tagger's lexicon format
//! (`storyline_timex::lexicon`), loaded once. The engine in `extract`, `clauses`, `entry`,
//! `status` and `sentences` asks these sets; it holds no English words of its own. Each file's
//! header says what its values mean; its `example:` lines run as tests (`tests` below).

use crate::timex::lexicon::{self, LexiconFile};
use crate::timex::narrow::Narrowed;
use crate::timex::RuleError;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// The files, compiled in so the app ships them.
pub const FILES: &[(&str, &str)] = &[
    (
        "reporting.txt",
        include_str!("../../resources/en/events/reporting.txt"),
    ),
    (
        "status.txt",
        include_str!("../../resources/en/events/status.txt"),
    ),
    (
        "clauses.txt",
        include_str!("../../resources/en/events/clauses.txt"),
    ),
    (
        "dates.txt",
        include_str!("../../resources/en/events/dates.txt"),
    ),
    (
        "entry.txt",
        include_str!("../../resources/en/events/entry.txt"),
    ),
    (
        "sentences.txt",
        include_str!("../../resources/en/events/sentences.txt"),
    ),
    (
        "happenings.txt",
        include_str!("../../resources/en/events/happenings.txt"),
    ),
];

/// Phrases matched as whole words, case-insensitively, in one regex (linear in the text),
/// compiled for the characters news uses (`storyline_timex::narrow`: the same matches, a
/// fraction of the compile time every process paid on its first `add`).
#[derive(Debug)]
pub struct Phrases {
    re: Option<Narrowed>,
}

impl Phrases {
    fn new(file: &str, keys: &[(String, usize)]) -> Result<Phrases, RuleError> {
        if keys.is_empty() {
            return Ok(Phrases { re: None });
        }
        // (sort key, regex) per phrase. The key is the length the regex had when a wildcard was
        // written `[\w'’]*`, so the order of the alternatives, which decides between phrases at
        // one position, stays as it was. `(?:\w|['’])*` matches the same: a bracket class is
        // case-folded range by range, which for `\w` cost more than the rest of the pattern.
        let mut alts: Vec<(usize, String)> = keys
            .iter()
            .map(|(k, _)| {
                let mut key_len = 0;
                let alt = k
                    .split_whitespace()
                    .map(|w| {
                        let (re, written) = match w.strip_prefix('*') {
                            Some(tail) => (
                                format!("(?:\\w|['’])*{}", regex::escape(tail)),
                                "[\\w'’]*".len() + regex::escape(tail).len(),
                            ),
                            None => {
                                let re = regex::escape(w).replace('\'', "['’]");
                                let n = re.len();
                                (re, n)
                            }
                        };
                        key_len += written;
                        re
                    })
                    .collect::<Vec<_>>();
                key_len += r"\s+".len() * alt.len().saturating_sub(1);
                (key_len, alt.join(r"\s+"))
            })
            .collect();
        // Longest first: at one position the longer phrase wins ("had been scheduled").
        alts.sort_by_key(|a| std::cmp::Reverse(a.0));
        let alts: Vec<String> = alts.into_iter().map(|(_, a)| a).collect();
        let pattern = format!(r"\b(?:{})(?:\b|$)", alts.join("|"));
        let re = Narrowed::new(&pattern, true)
            .map_err(|e| lexicon::error(file, keys.first().map_or(0, |k| k.1), e))?;
        Ok(Phrases { re: Some(re) })
    }

    /// Byte ranges of the phrases found in `text`, in order, not overlapping.
    pub fn find(&self, text: &str) -> Vec<(usize, usize)> {
        match &self.re {
            Some(re) => re.find_iter(text).collect(),
            None => Vec::new(),
        }
    }

    pub fn any(&self, text: &str) -> bool {
        self.re.as_ref().is_some_and(|re| re.is_match(text))
    }
}

/// One file's entries grouped by value.
struct Kinds {
    file: String,
    by: HashMap<String, Vec<(String, usize)>>,
}

impl Kinds {
    fn new(f: LexiconFile, allowed: &[&str]) -> Result<Kinds, RuleError> {
        let mut by: HashMap<String, Vec<(String, usize)>> = HashMap::new();
        for e in f.entries {
            if !allowed.contains(&e.value.as_str()) {
                return Err(lexicon::error(
                    &f.file,
                    e.line,
                    format!(
                        "unknown value `{}` (one of {})",
                        e.value,
                        allowed.join(", ")
                    ),
                ));
            }
            let key = match e.key.strip_prefix('"') {
                Some(q) => match q.strip_suffix('"') {
                    Some(k) => k.to_string(),
                    None => return Err(lexicon::error(&f.file, e.line, "unclosed `\"`")),
                },
                None => e.key,
            };
            by.entry(e.value).or_default().push((key, e.line));
        }
        Ok(Kinds { file: f.file, by })
    }

    fn list(&self, kind: &str) -> Vec<String> {
        self.by
            .get(kind)
            .map(|v| v.iter().map(|(k, _)| k.clone()).collect())
            .unwrap_or_default()
    }

    fn set(&self, kind: &str) -> HashSet<String> {
        self.list(kind).into_iter().collect()
    }

    fn phrases(&self, kind: &str) -> Result<Phrases, RuleError> {
        Phrases::new(
            &self.file,
            self.by.get(kind).map(Vec::as_slice).unwrap_or_default(),
        )
    }
}

/// Every word set the events code uses.
#[derive(Debug)]
pub struct Words {
    /// Reporting verbs that open what was said.
    pub say: HashSet<String>,
    pub say_phrases: Phrases,
    /// Every reporting verb (SAY and REPORT).
    pub reporting: HashSet<String>,
    pub source: Phrases,
    /// A word that, after a comma, leaves a reporting clause a reporting clause.
    pub tail: Phrases,
    pub cancelled: Phrases,
    pub postponed: Phrases,
    pub expected: Phrases,
    pub announced: Phrases,
    pub not_tense: Phrases,
    /// Clause boundaries, strongest first, with whether each is weak.
    pub boundaries: Vec<(String, bool)>,
    pub side: Vec<String>,
    pub relative: Vec<String>,
    pub lead: HashSet<String>,
    pub soft_lead: HashSet<String>,
    pub end: HashSet<String>,
    pub skip: HashSet<String>,
    pub approx: HashSet<String>,
    pub glue: HashSet<String>,
    pub range: HashSet<String>,
    pub dash_range: HashSet<String>,
    pub range_open: Vec<String>,
    pub as_of: Vec<Vec<String>>,
    /// Phrases after which a date is a point of comparison (word lists, lower case).
    pub compared: Vec<Vec<String>>,
    /// Words after which a date is a point of comparison when a superlative comes shortly before.
    pub since: HashSet<String>,
    pub superlative: HashSet<String>,
    /// Words that open a clause told at the date before them.
    pub told_at: HashSet<String>,
    pub article: HashSet<String>,
    pub connective: Vec<String>,
    pub verb_first: HashSet<String>,
    pub never_final: HashSet<String>,
    pub number_before: HashSet<String>,
    pub maybe_final: HashSet<String>,
    pub opener: HashSet<String>,
    /// Verbs and phrases that tell a happening (an action or a change).
    pub happening: Phrases,
    /// Phrases that make a clause no happening of its own (a state, an opinion, an intent).
    pub not_happening: Phrases,
    /// Plans that place a happening after the publication ("is scheduled to", "will").
    pub plan: Phrases,
    /// Base forms of action verbs, read after a plan cue.
    pub action: Phrases,
    /// Actions to come on their own ("is traveling to").
    pub planned: Phrases,
}

impl Words {
    /// The words, loaded on first use. The files are compiled in and a test loads them, so a
    /// bad file fails the build's tests with its file and line, never a user's run.
    pub fn global() -> &'static Words {
        static WORDS: LazyLock<Words> = LazyLock::new(|| match Words::load() {
            Ok(w) => w,
            Err(e) => panic!("events word files: {e}"),
        });
        &WORDS
    }

    pub fn load() -> Result<Words, RuleError> {
        Words::from_files(FILES)
    }

    pub fn from_files(files: &[(&str, &str)]) -> Result<Words, RuleError> {
        let get = |name: &str, allowed: &[&str]| -> Result<Kinds, RuleError> {
            let text = files
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, t)| *t)
                .ok_or_else(|| lexicon::error(name, 0, "missing file"))?;
            Kinds::new(lexicon::parse(name, text)?, allowed)
        };
        let rep = get("reporting.txt", &["SAY", "REPORT", "SOURCE", "TAIL"])?;
        let st = get(
            "status.txt",
            &[
                "CANCELLED",
                "POSTPONED",
                "EXPECTED",
                "ANNOUNCED",
                "NOT_TENSE",
            ],
        )?;
        let cl = get("clauses.txt", &["CUT", "WEAK", "SIDE", "RELATIVE"])?;
        let dt = get(
            "dates.txt",
            &[
                "LEAD",
                "SOFT_LEAD",
                "END",
                "SKIP",
                "APPROX",
                "GLUE",
                "RANGE",
                "DASH_RANGE",
                "RANGE_OPEN",
                "AS_OF",
                "COMPARED",
                "SINCE",
                "SUPERLATIVE",
                "TOLD_AT",
                "ARTICLE",
            ],
        )?;
        let en = get("entry.txt", &["CONNECTIVE", "VERB_FIRST"])?;
        let se = get(
            "sentences.txt",
            &["NEVER_FINAL", "NUMBER_BEFORE", "MAYBE_FINAL", "OPENER"],
        )?;
        let ha = get(
            "happenings.txt",
            &["HAPPENING", "ACTION", "PLAN", "PLANNED", "NOT_HAPPENING"],
        )?;
        let mut boundaries: Vec<(usize, String, bool)> = Vec::new();
        for (kind, weak) in [("CUT", false), ("WEAK", true)] {
            for (k, line) in cl.by.get(kind).map(Vec::as_slice).unwrap_or_default() {
                boundaries.push((*line, k.clone(), weak));
            }
        }
        boundaries.sort();
        let mut say = rep.set("SAY");
        let reporting: HashSet<String> = say.iter().cloned().chain(rep.set("REPORT")).collect();
        say.shrink_to_fit();
        Ok(Words {
            say_phrases: rep.phrases("SAY")?,
            say,
            reporting,
            source: rep.phrases("SOURCE")?,
            tail: rep.phrases("TAIL")?,
            cancelled: st.phrases("CANCELLED")?,
            postponed: st.phrases("POSTPONED")?,
            expected: st.phrases("EXPECTED")?,
            announced: st.phrases("ANNOUNCED")?,
            not_tense: st.phrases("NOT_TENSE")?,
            boundaries: boundaries.into_iter().map(|(_, k, w)| (k, w)).collect(),
            side: cl.list("SIDE"),
            relative: cl.list("RELATIVE"),
            lead: dt.set("LEAD"),
            soft_lead: dt.set("SOFT_LEAD"),
            end: dt.set("END"),
            skip: dt.set("SKIP"),
            approx: dt.set("APPROX"),
            glue: dt.set("GLUE"),
            range: dt.set("RANGE"),
            dash_range: dt.set("DASH_RANGE"),
            range_open: dt.list("RANGE_OPEN"),
            as_of: dt
                .list("AS_OF")
                .iter()
                .map(|p| p.split_whitespace().map(str::to_string).collect())
                .collect(),
            compared: dt
                .list("COMPARED")
                .iter()
                .map(|p| p.split_whitespace().map(str::to_string).collect())
                .collect(),
            since: dt.set("SINCE"),
            superlative: dt.set("SUPERLATIVE"),
            told_at: dt.set("TOLD_AT"),
            article: dt.set("ARTICLE"),
            connective: en.list("CONNECTIVE"),
            verb_first: en.set("VERB_FIRST"),
            never_final: se.set("NEVER_FINAL"),
            number_before: se.set("NUMBER_BEFORE"),
            maybe_final: se.set("MAYBE_FINAL"),
            opener: se.set("OPENER"),
            happening: ha.phrases("HAPPENING")?,
            not_happening: ha.phrases("NOT_HAPPENING")?,
            plan: ha.phrases("PLAN")?,
            action: ha.phrases("ACTION")?,
            planned: ha.phrases("PLANNED")?,
        })
    }
}

/// Whether `word` (any case) is in `set` (lower-case keys).
pub fn is(set: &HashSet<String>, word: &str) -> bool {
    set.contains(&word.to_lowercase())
}

/// One mention as an `example:` line writes it: `STATUS DATE[ published]: ENTRY`.
pub fn example_form(m: &super::Mention) -> String {
    let basis = match m.date_basis {
        super::DateBasis::Text => "",
        super::DateBasis::Publication => " published",
    };
    format!(
        "{} {}{basis}: {}",
        m.status.as_str(),
        m.date.value(),
        m.text
    )
}

/// Runs one `example:` line of a mention file (`SENTENCE | PUBLISHED | MENTIONS`) through the
/// real tagger and the extractor; `Err` says what came out instead.
pub fn run_example(file: &str, line: usize, raw: &str) -> Result<(), String> {
    let parts: Vec<&str> = raw.split(" | ").collect();
    let [sentence, published, want] = parts.as_slice() else {
        return Err(format!(
            "{file}:{line}: example needs `SENTENCE | PUBLISHED | MENTIONS`"
        ));
    };
    let published = chrono::DateTime::parse_from_rfc3339(published.trim())
        .map_err(|e| format!("{file}:{line}: published: {e}"))?;
    let timexes = crate::timex::Tagger::global().tag(sentence, published.date_naive());
    let got: Vec<String> = super::extract(sentence, published, &timexes)
        .iter()
        .map(example_form)
        .collect();
    let got = if got.is_empty() {
        "nothing".to_string()
    } else {
        got.join(" ; ")
    };
    if got == want.trim() {
        Ok(())
    } else {
        Err(format!(
            "{file}:{line}: {sentence}\n    want {}\n    got  {got}",
            want.trim()
        ))
    }
}

/// Runs one `example:` line of sentences.txt (`TEXT | SENTENCE || SENTENCE …`).
pub fn run_sentence_example(file: &str, line: usize, raw: &str) -> Result<(), String> {
    let Some((text, want)) = raw.split_once(" | ") else {
        return Err(format!("{file}:{line}: example needs `TEXT | SENTENCES`"));
    };
    let got: Vec<&str> = super::sentences::split(text)
        .into_iter()
        .filter_map(|(s, e)| text.get(s..e))
        .collect();
    let want: Vec<&str> = want.split(" || ").map(str::trim).collect();
    if got == want {
        Ok(())
    } else {
        Err(format!("{file}:{line}: want {want:?}, got {got:?}"))
    }
}

/// Every `example:` line of every file, run; the failures.
pub fn run_all_examples() -> Vec<String> {
    let mut fails = Vec::new();
    for (name, text) in FILES {
        let parsed = match lexicon::parse(name, text) {
            Ok(p) => p,
            Err(e) => {
                fails.push(e.to_string());
                continue;
            }
        };
        for ex in &parsed.examples {
            let r = if *name == "sentences.txt" {
                run_sentence_example(name, ex.line, &ex.text)
            } else {
                run_example(name, ex.line, &ex.text)
            };
            if let Err(e) = r {
                fails.push(e);
            }
        }
    }
    fails
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_word_files_load_and_every_example_holds() {
        Words::load().unwrap();
        for (name, text) in FILES {
            let f = lexicon::parse(name, text).unwrap();
            assert!(
                !f.examples.is_empty() && text.starts_with("# "),
                "{name}: a header and at least one example"
            );
        }
        let fails = run_all_examples();
        assert!(fails.is_empty(), "{}", fails.join("\n"));
    }

    #[test]
    fn a_bad_word_file_names_its_file_and_line() {
        let mut files: Vec<(&str, &str)> = FILES.to_vec();
        for f in &mut files {
            if f.0 == "status.txt" {
                f.1 = "# header\ncancelled => CANCELLED\nscrapped => SCRAPPED\n";
            }
        }
        let err = Words::from_files(&files).unwrap_err().to_string();
        assert!(err.starts_with("status.txt:3:"), "{err}");
        for f in &mut files {
            if f.0 == "status.txt" {
                f.1 = "# header\nno arrow\n";
            }
        }
        let err = Words::from_files(&files).unwrap_err().to_string();
        assert!(err.starts_with("status.txt:2:"), "{err}");
    }

    /// The phrase regex as it was first written: one Unicode `regex::Regex`.
    fn plain_regex(keys: &[(String, usize)]) -> regex::Regex {
        let mut alts: Vec<String> = keys
            .iter()
            .map(|(k, _)| {
                k.split_whitespace()
                    .map(|w| match w.strip_prefix('*') {
                        Some(tail) => format!("[\\w'’]*{}", regex::escape(tail)),
                        None => regex::escape(w).replace('\'', "['’]"),
                    })
                    .collect::<Vec<_>>()
                    .join(r"\s+")
            })
            .collect();
        alts.sort_by_key(|a| std::cmp::Reverse(a.len()));
        regex::Regex::new(&format!(r"(?i)\b(?:{})(?:\b|$)", alts.join("|"))).unwrap()
    }

    #[test]
    fn phrases_find_what_one_unicode_regex_finds() {
        // Every example sentence of every file, and the same with the letters, spaces and
        // apostrophes that decide a match outside plain ASCII.
        let mut texts: Vec<String> = Vec::new();
        for (name, text) in FILES {
            for ex in lexicon::parse(name, text).unwrap().examples {
                let s = ex.text.split(" | ").next().unwrap_or("").to_string();
                texts.push(s.replace('\'', "’"));
                texts.push(s.replace(' ', "\u{a0}"));
                texts.push(s.replace("ed ", "éd ").replace('s', "ſ"));
                texts.push(format!("Дом {s} 東京"));
                texts.push(s);
            }
        }
        // Every phrase itself, its wildcards filled in.
        for (name, text) in FILES {
            for e in lexicon::parse(name, text).unwrap().entries {
                let k = e.key.trim_matches('"').replace('*', "stopp");
                texts.push(format!("{k}. {}.", k.replace('\'', "’")));
            }
        }
        texts.push("Isn’t it scheduled—or cancelled? KILLED \u{212a}illed was‿postponed".into());
        let mut checked = 0;
        for (name, text) in FILES {
            let f = lexicon::parse(name, text).unwrap();
            let kinds: HashSet<String> = f.entries.iter().map(|e| e.value.clone()).collect();
            let k = Kinds::new(f, &kinds.iter().map(String::as_str).collect::<Vec<_>>()).unwrap();
            for kind in &kinds {
                let keys = &k.by[kind];
                let (ours, plain) = (k.phrases(kind).unwrap(), plain_regex(keys));
                for t in &texts {
                    let want: Vec<(usize, usize)> =
                        plain.find_iter(t).map(|m| (m.start(), m.end())).collect();
                    assert_eq!(ours.find(t), want, "{name} {kind}: {t}");
                    assert_eq!(ours.any(t), !want.is_empty());
                    checked += want.len();
                }
            }
        }
        assert!(checked > 500, "only {checked} phrase matches compared");
    }

    #[test]
    fn phrases_match_whole_words_with_curly_apostrophes_and_endings() {
        let w = Words::global();
        assert!(w.cancelled.any("The vote won’t take place."));
        assert!(!w.cancelled.any("The cancellation fee"));
        assert_eq!(w.not_tense.find("it stays closed").len(), 1);
    }
}
