//! Content words and numbers of an event text, used to decide whether two mentions tell the same
//! happening and whether a later one changes a figure.
//!
//! A content key stands for a meaning, not a spelling: inflected verbs become their lemma ("met"
//! -> "meet"), event nouns and phrasal verbs the verb they share a meaning with ("walkout" and
//! "walked out" -> "strike", "resignation" -> "resign"), all from the WordNet slice in
//! `resources/en/events/match-*.txt`. Those files also hold the words that are never keys.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::LazyLock;
use storyline_timex::lexicon::{self, RawExample};
use storyline_timex::RuleError;

/// The word files matching reads, compiled in.
const FILES: &[(&str, &str)] = &[
    (
        "match-stopwords.txt",
        include_str!("../../resources/en/events/match-stopwords.txt"),
    ),
    (
        "match-numbers.txt",
        include_str!("../../resources/en/events/match-numbers.txt"),
    ),
    (
        "match-lemmas.txt",
        include_str!("../../resources/en/events/match-lemmas.txt"),
    ),
    (
        "match-derivations.txt",
        include_str!("../../resources/en/events/match-derivations.txt"),
    ),
    (
        "match-references.txt",
        include_str!("../../resources/en/events/match-references.txt"),
    ),
];

/// The words of `resources/en/events/match-*.txt`: what a content key is made of.
#[derive(Debug, Default)]
pub struct Lexicon {
    /// Words that are never keys, with their kind (`month`, `function`, ...).
    stop: HashMap<String, String>,
    numbers: HashMap<String, String>,
    /// Irregular verb forms -> lemma.
    lemmas: HashMap<String, String>,
    /// Verbs the files name: a suffix is stripped only when that leaves one of these.
    verbs: HashSet<String>,
    /// Event nouns -> the verb they share a meaning with.
    derivations: HashMap<String, String>,
    /// "stem(verb) particle" -> the verb a phrasal verb means.
    phrasal: HashMap<String, String>,
    /// Phrases that refer back to a named actor, as lower-case word lists.
    references: Vec<Vec<String>>,
    /// Every file's `example:` lines, for the test that runs them.
    pub examples: Vec<(&'static str, RawExample)>,
}

static LEXICON: LazyLock<Lexicon> =
    LazyLock::new(|| Lexicon::load().unwrap_or_else(|e| panic!("built-in word file: {e}")));

impl Lexicon {
    /// Reads the built-in files. Fails only if one is malformed (a test loads them).
    pub fn load() -> Result<Lexicon, RuleError> {
        let mut lx = Lexicon::default();
        let mut phrasal = Vec::new();
        for (file, text) in FILES {
            let f = lexicon::parse(file, text)?;
            // Sized once: growing the tables entry by entry was a third of loading them.
            let n = f.entries.len();
            match *file {
                "match-stopwords.txt" => lx.stop.reserve(n),
                "match-numbers.txt" => lx.numbers.reserve(n),
                "match-lemmas.txt" => {
                    lx.lemmas.reserve(n);
                    lx.verbs.reserve(n);
                }
                "match-derivations.txt" => lx.derivations.reserve(n),
                _ => {}
            }
            for e in f.entries {
                match *file {
                    "match-stopwords.txt" => {
                        lx.stop.insert(e.key, e.value);
                    }
                    "match-numbers.txt" => {
                        lx.numbers.insert(e.key, e.value);
                    }
                    "match-lemmas.txt" => {
                        lx.verbs.insert(e.value.clone());
                        lx.lemmas.insert(e.key, e.value);
                    }
                    "match-derivations.txt" if e.key.contains(' ') => phrasal.push(e),
                    "match-derivations.txt" => {
                        lx.verbs.insert(e.value.clone());
                        lx.derivations.insert(e.key, e.value);
                    }
                    _ => lx
                        .references
                        .push(e.key.split_whitespace().map(str::to_string).collect()),
                }
            }
            lx.examples
                .extend(f.examples.into_iter().map(|x| (*file, x)));
        }
        // Only a verb with a particle ("walk out", "step down") is read as one word: a second
        // content word ("strike hard") keeps its own key.
        for e in &phrasal {
            lx.verbs.insert(e.value.clone());
        }
        for e in phrasal {
            if let Some((verb, particle)) = e.key.split_once(' ') {
                if lx.stop.contains_key(particle) {
                    let head = stem(&lx.lemma(verb));
                    lx.phrasal.insert(format!("{head} {particle}"), e.value);
                }
            }
        }
        Ok(lx)
    }

    /// The shared lexicon, loaded on first use.
    pub fn global() -> &'static Lexicon {
        &LEXICON
    }

    fn is_stop(&self, lower: &str) -> bool {
        self.stop.contains_key(lower)
    }

    fn is_month(&self, lower: &str) -> bool {
        self.stop.get(lower).is_some_and(|k| k == "month")
    }

    fn number(&self, lower: &str) -> Option<&str> {
        self.numbers.get(lower).map(String::as_str)
    }

    /// The verb lemma of `lower` if it is an inflected form of a verb the files name ("met",
    /// "died", "resigned"), else `lower`.
    fn lemma(&self, lower: &str) -> String {
        if let Some(l) = self.lemmas.get(lower) {
            return l.clone();
        }
        // WordNet's own detachment rules, most specific first.
        for (suf, repl) in [
            ("ies", "y"),
            ("es", "e"),
            ("es", ""),
            ("s", ""),
            ("ied", "y"),
            ("ed", "e"),
            ("ed", ""),
            ("ing", "e"),
            ("ing", ""),
        ] {
            let Some(base) = lower.strip_suffix(suf) else {
                continue;
            };
            let cand = format!("{base}{repl}");
            if cand.len() >= 2 && self.verbs.contains(&cand) {
                return cand;
            }
            // "stopped" -> "stop"
            let b = base.as_bytes();
            if repl.is_empty() && suf != "s" && b.len() > 2 && b.last() == b.get(b.len() - 2) {
                let undoubled = base.get(..base.len() - 1).unwrap_or(base);
                if self.verbs.contains(undoubled) {
                    return undoubled.to_string();
                }
            }
        }
        lower.to_string()
    }

    /// The meaning key of a content word: its verb if it is an inflected verb or an event noun
    /// (also in the plural) the files name, stemmed either way so that other words still meet
    /// their own inflections.
    fn concept(&self, lower: &str) -> String {
        let l = self.lemma(lower);
        let d = self.derivations.get(&l).or_else(|| {
            let sing = l
                .strip_suffix("ies")
                .map(|b| format!("{b}y"))
                .or_else(|| l.strip_suffix('s').map(str::to_string))?;
            self.derivations.get(&sing)
        });
        stem(d.map_or(l.as_str(), String::as_str))
    }

    /// The first phrase in `words` (lower case) that refers back to an actor, if any.
    fn refers_back(&self, words: &[String]) -> Option<&[String]> {
        self.references
            .iter()
            .find(|r| !r.is_empty() && words.windows(r.len()).any(|w| w == r.as_slice()))
            .map(Vec::as_slice)
    }
}

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

/// The content keys of a text: meaning keys of its content words ([`Lexicon`]), with number
/// words as digits.
pub fn keys(text: &str) -> BTreeSet<String> {
    let lx = Lexicon::global();
    let mut out = BTreeSet::new();
    let toks: Vec<&str> = tokens(text).map(|(_, t)| t).collect();
    let mut skip_next = false;
    for (i, t) in toks.iter().enumerate() {
        if std::mem::take(&mut skip_next) {
            continue;
        }
        let lower = t.to_lowercase();
        if let Some(d) = lx.number(&lower) {
            out.insert(d.to_string());
            continue;
        }
        if lower
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
        {
            // Years and day numbers are the date, not the content.
            let is_year = lower.len() == 4;
            let prev = i.checked_sub(1).and_then(|j| toks.get(j));
            let near_month = prev.is_some_and(|p| lx.is_month(&p.to_lowercase()))
                || toks
                    .get(i + 1)
                    .is_some_and(|n| lx.is_month(&n.to_lowercase()));
            if !is_year && !near_month {
                out.insert(lower.replace(',', ""));
            }
            continue;
        }
        if lower.len() < 3 || lx.is_stop(&lower) {
            continue;
        }
        // A verb and its particle ("walked out") mean one verb.
        if let Some(next) = toks.get(i + 1) {
            let pair = format!("{} {}", stem(&lx.lemma(&lower)), next.to_lowercase());
            if let Some(v) = lx.phrasal.get(&pair) {
                out.insert(stem(v));
                skip_next = true;
                continue;
            }
        }
        out.insert(lx.concept(&lower));
    }
    out
}

/// Whether a text updates a figure told before (it holds an `update` word: "toll").
pub fn updates_figure(text: &str) -> bool {
    let lx = Lexicon::global();
    tokens(text).any(|(_, t)| {
        lx.stop
            .get(&t.to_lowercase())
            .is_some_and(|k| k == "update")
    })
}

/// The actor a text names: its first run of capitalised words that are not function, calendar
/// or reference words ("Acme", "Lena Marsh"), as written.
fn named_actor(text: &str) -> Option<String> {
    let lx = Lexicon::global();
    let mut run: Vec<&str> = Vec::new();
    for (_, t) in tokens(text) {
        let capital = t.starts_with(|c: char| c.is_uppercase());
        let lower = t.to_lowercase();
        if capital && !lx.is_stop(&lower) && lx.number(&lower).is_none() {
            run.push(t);
        } else if !run.is_empty() {
            break;
        }
    }
    (!run.is_empty()).then(|| run.join(" "))
}

/// The content keys of each of one article's event texts, in article order: [`keys`], plus,
/// for a text that refers back to an actor ("the firm", "he") and names none, the key of the
/// last actor named before it in place of the phrase's own. `texts` are (event text, its sentence).
pub fn article_keys<'a>(
    texts: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Vec<BTreeSet<String>> {
    let lx = Lexicon::global();
    let mut last_actor: Option<String> = None;
    let mut out = Vec::new();
    for (text, sentence) in texts {
        let mut k = keys(text);
        let own = named_actor(text);
        if own.is_none() {
            let words: Vec<String> = tokens(text).map(|(_, t)| t.to_lowercase()).collect();
            if let (Some(phrase), Some(a)) = (lx.refers_back(&words), &last_actor) {
                // The phrase's own words ("firm") give way to one word of the actor (its last:
                // a surname, a company's name), so that a resolved text has no more keys
                // than before and its share of shared keys is not diluted.
                for w in keys(&phrase.join(" ")) {
                    k.remove(&w);
                }
                if let Some(last) = a.split_whitespace().last() {
                    k.extend(keys(last));
                }
            }
        }
        if let Some(a) = own.or_else(|| named_actor(sentence)) {
            last_actor = Some(a);
        }
        out.push(k);
    }
    out
}

/// Figures stated in a text, each with the word after it: "killed four people" gives
/// `("peopl", "4")`. Years and days of the month are not figures. A later source that gives
/// the same word another number contradicts an earlier one.
pub fn figures(text: &str) -> Vec<(String, String)> {
    let lx = Lexicon::global();
    let toks: Vec<&str> = tokens(text).map(|(_, t)| t).collect();
    let mut out = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        let lower = t.to_lowercase();
        let num = if let Some(d) = lx.number(&lower) {
            d.to_string()
        } else if lower.chars().all(|c| c.is_ascii_digit() || c == ',')
            && lower.len() != 4
            && !i
                .checked_sub(1)
                .and_then(|j| toks.get(j))
                .is_some_and(|p| lx.is_month(&p.to_lowercase()))
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
            if !lx.is_stop(&noun) {
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
    fn keys_are_meanings_not_spellings() {
        assert_eq!(k("nurses walked out"), ["nurs", "strik"]);
        assert_eq!(k("the walkout"), ["strik"]);
        assert_eq!(k("He resigned"), k("his resignation"));
        assert_eq!(k("she stepped down"), k("she resigned"));
        assert_eq!(k("the deaths"), k("died"));
        assert_eq!(k("met"), k("meeting"));
        assert_eq!(k("began"), k("begin"));
        // Words of people or things keep their own key.
        assert_ne!(k("workers"), k("work"));
    }

    #[test]
    fn references_take_the_last_named_actor() {
        let texts = [
            (
                "Acme reported an outage.",
                "Acme reported an outage on Monday.",
            ),
            (
                "The firm first disclosed the outage.",
                "The firm first disclosed the outage.",
            ),
            (
                "Borel Telecom said its network held.",
                "Borel Telecom said its network held.",
            ),
            ("The company apologised.", "The company apologised."),
        ];
        let ks = article_keys(texts);
        let (acme, borel) = (keys("Acme"), keys("Telecom"));
        assert!(ks[1].is_superset(&acme), "{:?}", ks[1]);
        assert!(!ks[2].is_superset(&acme));
        assert!(
            ks[3].is_superset(&borel) && !ks[3].is_superset(&acme),
            "{:?}",
            ks[3]
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

    /// Runs every `example:` line of the `match-*.txt` files.
    #[test]
    fn match_lexicon_examples() {
        let lx = Lexicon::load().expect("word files load");
        assert!(!lx.examples.is_empty());
        for (file, ex) in &lx.examples {
            let at = format!("{file}:{}", ex.line);
            match *file {
                "match-stopwords.txt" => {
                    let (text, want) = ex.text.split_once('|').expect(&at);
                    assert_eq!(k(text.trim()).join(" "), want.trim(), "{at}");
                }
                "match-numbers.txt" => {
                    let (text, want) = ex.text.split_once('|').expect(&at);
                    let got: Vec<String> = figures(text.trim())
                        .into_iter()
                        .map(|(n, v)| format!("{n}={v}"))
                        .collect();
                    assert_eq!(got.join(" "), want.trim(), "{at}");
                }
                "match-references.txt" => {
                    let (texts, want) = ex.text.split_once('|').expect(&at);
                    let texts: Vec<&str> = texts.split(" / ").map(str::trim).collect();
                    let ks = article_keys(texts.iter().map(|t| (*t, *t)));
                    let last = ks.last().expect(&at);
                    let plain = keys(texts.last().expect(&at));
                    let added: Vec<&String> = last.difference(&plain).collect();
                    let got = if added.is_empty() {
                        "-".to_string()
                    } else {
                        added
                            .iter()
                            .map(|s| s.as_str())
                            .collect::<Vec<_>>()
                            .join(" ")
                    };
                    assert_eq!(got, want.trim(), "{at}");
                }
                _ => {
                    let (a, b, same) = match ex.text.split_once("!~") {
                        Some((a, b)) => (a, b, false),
                        None => {
                            let (a, b) = ex.text.split_once('~').expect(&at);
                            (a, b, true)
                        }
                    };
                    let (ka, kb) = (keys(a.trim()), keys(b.trim()));
                    let shared = similarity(&ka, &kb).1;
                    assert_eq!(shared > 0, same, "{at}: {ka:?} vs {kb:?}");
                }
            }
        }
    }
}
