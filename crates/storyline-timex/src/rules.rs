//! Loading the rule files under `resources/en/`: lexicons, macros, rules, tense cues,
//! modifiers, and the `example:` lines every file carries.

use std::collections::HashMap;

use regex::{Regex, RegexBuilder};

use super::TimexKind;

/// The rule files, compiled into the binary so the tagger needs no files at run time.
pub(crate) const FILES: &[(&str, &str)] = &[
    ("months.txt", include_str!("../resources/en/months.txt")),
    ("weekdays.txt", include_str!("../resources/en/weekdays.txt")),
    ("numbers.txt", include_str!("../resources/en/numbers.txt")),
    ("ordinals.txt", include_str!("../resources/en/ordinals.txt")),
    ("units.txt", include_str!("../resources/en/units.txt")),
    (
        "parts_of_day.txt",
        include_str!("../resources/en/parts_of_day.txt"),
    ),
    ("seasons.txt", include_str!("../resources/en/seasons.txt")),
    ("holidays.txt", include_str!("../resources/en/holidays.txt")),
    ("fuzzy.txt", include_str!("../resources/en/fuzzy.txt")),
    ("zones.txt", include_str!("../resources/en/zones.txt")),
    ("sets.txt", include_str!("../resources/en/sets.txt")),
    ("relative.txt", include_str!("../resources/en/relative.txt")),
    (
        "modifiers.txt",
        include_str!("../resources/en/modifiers.txt"),
    ),
    ("tense.txt", include_str!("../resources/en/tense.txt")),
    (
        "news_cues.txt",
        include_str!("../resources/en/news_cues.txt"),
    ),
    ("macros.txt", include_str!("../resources/en/macros.txt")),
    ("rules.txt", include_str!("../resources/en/rules.txt")),
    (
        "negatives.txt",
        include_str!("../resources/en/negatives.txt"),
    ),
];

/// Lexicon files: (file, macro name, capture-group name).
const LEXICONS: &[(&str, &str, &str)] = &[
    ("months.txt", "month", "month"),
    ("weekdays.txt", "weekday", "weekday"),
    ("numbers.txt", "numword", "num"),
    ("ordinals.txt", "ordword", "ord"),
    ("units.txt", "unit", "unit"),
    ("parts_of_day.txt", "pod", "pod"),
    ("seasons.txt", "season", "season"),
    ("holidays.txt", "holiday", "holiday"),
    ("fuzzy.txt", "fuzzy", "fuzzy"),
    ("zones.txt", "zone", "zone"),
    ("sets.txt", "set", "set"),
    ("relative.txt", "rel", "d"),
];

/// A rule-file error: which file, which line, what is wrong.
#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}: {msg}")]
pub struct RuleError {
    pub file: String,
    pub line: usize,
    pub msg: String,
}

fn err(file: &str, line: usize, msg: impl Into<String>) -> RuleError {
    RuleError {
        file: file.to_string(),
        line,
        msg: msg.into(),
    }
}

/// One `example:` line: tag `sentence` at `dct`, expect exactly `expected`.
#[derive(Debug, Clone)]
pub struct Example {
    pub file: String,
    pub line: usize,
    pub sentence: String,
    pub dct: String,
    /// (covered text, TYPE, value)
    pub expected: Vec<(String, String, String)>,
}

/// One compiled extraction rule.
#[derive(Debug)]
pub(crate) struct Rule {
    #[allow(dead_code)] // shown in Debug output when a rule misbehaves
    pub name: String,
    pub kind: TimexKind,
    pub re: Regex,
    /// Function name followed by its argument templates.
    pub value: Vec<String>,
    pub pod: Option<String>,
    pub time: Option<Vec<String>>,
    pub not_before: Option<Regex>,
    pub not_after: Option<Regex>,
    /// Capture index of group `m_`, the match without its word-boundary tail.
    pub m_group: usize,
    /// Capture index of group `t` (the reported extent), if the rule has one.
    pub t_group: Option<usize>,
    /// For each capture index: (group name, lexicon index) of named groups.
    pub groups: Vec<(usize, String, Option<usize>)>,
}

/// A phrase from modifiers.txt.
#[derive(Debug)]
pub(crate) struct Modifier {
    pub phrase: String,
    /// TIMEX3 `mod`, or none ("earlier this year").
    pub tmod: Option<String>,
    pub kinds: Vec<TimexKind>,
    /// If set, the word before the phrase must be one of these ("in over six years": "over"
    /// means "more than"; "cuts over three years": a preposition, left out).
    pub after: Option<Vec<String>>,
}

/// A key → value table.
#[derive(Debug, Default)]
pub(crate) struct Lexicon {
    pub map: HashMap<String, String>,
    pub keys: Vec<String>,
}

impl Lexicon {
    pub fn get(&self, raw: &str) -> Option<&str> {
        self.map.get(&lex_key(raw)).map(String::as_str)
    }
}

/// Canonical lookup key: lower case, single spaces, curly apostrophes straightened, no trailing dot.
pub(crate) fn lex_key(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for w in raw.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    let mut out = out.to_lowercase().replace('\u{2019}', "'");
    while out.ends_with('.') && out.len() > 1 {
        out.pop();
    }
    out
}

/// Everything loaded from the rule files.
#[derive(Debug)]
pub(crate) struct RuleSet {
    pub lexicons: Vec<Lexicon>,
    pub rules: Vec<Rule>,
    /// (phrase, TIMEX3 mod or None, types it applies to), longest phrase first.
    pub modifiers: Vec<Modifier>,
    /// Tense cues: group 1 future, group 2 past.
    pub tense: Regex,
    /// Words that mark a text as news (news_cues.txt), each with the length of text start it
    /// is looked for in.
    pub news_cues: Vec<(usize, Regex)>,
    /// All rule patterns in one automaton: one pass tells which rules can match a text at all.
    pub prefilter: regex::RegexSet,
    pub examples: Vec<Example>,
}

fn content_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines().enumerate().map(|(i, l)| (i + 1, l.trim_end()))
}

fn parse_example(file: &str, line: usize, rest: &str) -> Result<Example, RuleError> {
    let parts: Vec<&str> = rest.split(" | ").collect();
    if parts.len() != 3 {
        return Err(err(file, line, "example needs `SENTENCE | DCT | SPANS`"));
    }
    let mut expected = Vec::new();
    if parts[2].trim() != "-" {
        for item in parts[2].split(" ; ") {
            let (span, tv) = item
                .split_once(" => ")
                .ok_or_else(|| err(file, line, "expected `SPAN => TYPE VALUE`"))?;
            let (ty, val) = tv
                .trim()
                .split_once(' ')
                .ok_or_else(|| err(file, line, "expected `TYPE VALUE`"))?;
            expected.push((
                span.trim().to_string(),
                ty.to_string(),
                val.trim().to_string(),
            ));
        }
    }
    Ok(Example {
        file: file.to_string(),
        line,
        sentence: parts[0].trim().to_string(),
        dct: parts[1].trim().to_string(),
        expected,
    })
}

/// Parses a lexicon file into (key, value) pairs plus its examples.
fn parse_lexicon(
    file: &str,
    text: &str,
    examples: &mut Vec<Example>,
) -> Result<Vec<(String, String)>, RuleError> {
    let parsed = crate::lexicon::parse(file, text)?;
    for ex in &parsed.examples {
        examples.push(parse_example(file, ex.line, &ex.text)?);
    }
    Ok(parsed
        .entries
        .into_iter()
        .map(|e| (e.key, e.value))
        .collect())
}

fn alternation(keys: &[String], capitalise: bool) -> String {
    let alts: Vec<String> = keys
        .iter()
        .map(|k| {
            let k = if capitalise {
                let mut c = k.chars();
                match c.next() {
                    Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                    None => String::new(),
                }
            } else {
                k.clone()
            };
            // Apostrophes may be straight or curly, spaces any whitespace run.
            regex::escape(&k)
                .replace('\'', "(?:'|\u{2019})")
                .replace(' ', r"\s+")
        })
        .collect();
    format!("(?:{})", alts.join("|"))
}

fn expand(
    pat: &str,
    macros: &HashMap<String, String>,
    file: &str,
    line: usize,
) -> Result<String, RuleError> {
    let mut out = String::with_capacity(pat.len() * 2);
    let mut rest = pat;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let close = after.find('}');
        let name = close.map(|c| &after[..c]);
        match name {
            Some(n)
                if !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') =>
            {
                if n.chars().all(|c| c.is_ascii_digit()) {
                    // A repetition like `\d{4}`, not a macro.
                    out.push('{');
                    rest = after;
                    continue;
                }
                let m = macros
                    .get(n)
                    .ok_or_else(|| err(file, line, format!("unknown macro {{{n}}}")))?;
                out.push_str(m);
                rest = &after[n.len() + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Ok(out)
}

fn build(pat: &str, case_insensitive: bool, file: &str, line: usize) -> Result<Regex, RuleError> {
    build_u(pat, case_insensitive, false, file, line)
}

/// Rules scan whole texts, so they run without Unicode classes (ASCII `\s`, `\d`, `\b`), which
/// keeps the fast DFA engines usable on any input. Context checks see only a few bytes and may
/// name non-ASCII symbols (`£`, `€`).
fn build_u(
    pat: &str,
    case_insensitive: bool,
    unicode: bool,
    file: &str,
    line: usize,
) -> Result<Regex, RuleError> {
    RegexBuilder::new(pat)
        .case_insensitive(case_insensitive)
        .unicode(unicode)
        .size_limit(50 << 20)
        .build()
        .map_err(|e| err(file, line, format!("bad regex: {e}")))
}

fn kind_of(s: &str) -> Option<TimexKind> {
    match s {
        "DATE" => Some(TimexKind::Date),
        "TIME" => Some(TimexKind::Time),
        "DURATION" => Some(TimexKind::Duration),
        "SET" => Some(TimexKind::Set),
        _ => None,
    }
}

#[derive(Default)]
struct RawRule {
    name: String,
    line: usize,
    kind: Option<TimexKind>,
    pat: Option<String>,
    value: Option<Vec<String>>,
    pod: Option<String>,
    time: Option<Vec<String>>,
    case_sensitive: bool,
    not_before: Option<String>,
    not_after: Option<String>,
}

impl RuleSet {
    pub fn load() -> Result<RuleSet, RuleError> {
        let file = |name: &str| {
            FILES
                .iter()
                .find(|(f, _)| *f == name)
                .map(|(_, t)| *t)
                .unwrap_or("")
        };
        let mut examples = Vec::new();
        let mut lexicons = Vec::new();
        let mut group_lex = HashMap::new();
        // Lower-case and capitalised alternations per lexicon macro.
        let mut macros: HashMap<String, String> = HashMap::new();
        let mut macros_cs: HashMap<String, String> = HashMap::new();
        for (i, (fname, mac, group)) in LEXICONS.iter().enumerate() {
            let pairs = parse_lexicon(fname, file(fname), &mut examples)?;
            let mut lex = Lexicon::default();
            for (k, v) in pairs {
                let key = lex_key(&k);
                lex.keys.push(k);
                lex.map.insert(key, v);
            }
            lex.keys
                .sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
            lex.keys.dedup();
            macros.insert(mac.to_string(), alternation(&lex.keys, false));
            macros_cs.insert(mac.to_string(), alternation(&lex.keys, true));
            group_lex.insert(group.to_string(), i);
            lexicons.push(lex);
        }

        let mut modifiers = Vec::new();
        for (k, v) in parse_lexicon("modifiers.txt", file("modifiers.txt"), &mut examples)? {
            let mut fields = v.split_whitespace();
            let (Some(m), Some(types)) = (fields.next(), fields.next()) else {
                return Err(err("modifiers.txt", 0, format!("`{k}` needs `MOD TYPES`")));
            };
            let after = match fields.next() {
                Some(a) => Some(
                    a.strip_prefix("after=")
                        .ok_or_else(|| {
                            err("modifiers.txt", 0, format!("`{k}`: expected after=WORDS"))
                        })?
                        .split(',')
                        .map(str::to_string)
                        .collect(),
                ),
                None => None,
            };
            let kinds = types
                .split(',')
                .map(|t| {
                    kind_of(t.trim())
                        .ok_or_else(|| err("modifiers.txt", 0, format!("bad type {t}")))
                })
                .collect::<Result<Vec<_>, _>>()?;
            let m = if m == "-" { None } else { Some(m.to_string()) };
            modifiers.push(Modifier {
                phrase: k,
                tmod: m,
                kinds,
                after,
            });
        }
        modifiers.sort_by_key(|m| std::cmp::Reverse(m.phrase.len()));

        let mut fut = Vec::new();
        let mut past = Vec::new();
        let mut neutral = Vec::new();
        for (k, v) in parse_lexicon("tense.txt", file("tense.txt"), &mut examples)? {
            let alt = match k.strip_prefix("re:") {
                Some(re) => re.to_string(),
                None => regex::escape(&k).replace(' ', r"\s+"),
            };
            match v.as_str() {
                "FUTURE" => fut.push(alt),
                "PAST" => past.push(alt),
                "NONE" => neutral.push(alt),
                _ => {
                    return Err(err(
                        "tense.txt",
                        0,
                        format!("`{k}`: expected FUTURE, PAST or NONE"),
                    ))
                }
            }
        }
        // Longest phrases first, so "has been scheduled" beats "has been".
        fut.sort_by_key(|a| std::cmp::Reverse(a.len()));
        past.sort_by_key(|a| std::cmp::Reverse(a.len()));
        neutral.sort_by_key(|a| std::cmp::Reverse(a.len()));
        // Group `n` (neutral) is tried first at a position, so "had been scheduled for" is not
        // read as the past "had been ...ed"; then future, then past.
        let tense = build(
            &format!(
                r"(?-u:\b)(?:(?P<n>{})|({})|({}))(?-u:\b)",
                if neutral.is_empty() {
                    r"(?-u:\b\B)".to_string() // never matches
                } else {
                    neutral.join("|")
                },
                fut.join("|"),
                past.join("|")
            ),
            true,
            "tense.txt",
            0,
        )?;

        // `phrase => NEWS [BYTES]`: one regex per distinct window.
        let mut windows: std::collections::BTreeMap<usize, Vec<String>> = Default::default();
        for (k, v) in parse_lexicon("news_cues.txt", file("news_cues.txt"), &mut examples)? {
            let window = match v.split_whitespace().nth(1) {
                Some(n) => n
                    .parse()
                    .map_err(|_| err("news_cues.txt", 0, format!("`{k}`: bad window {n}")))?,
                None => 2000,
            };
            windows
                .entry(window)
                .or_default()
                .push(regex::escape(&k).replace(' ', r"\s+"));
        }
        let news_cues = windows
            .into_iter()
            .map(|(w, alts)| {
                let re = format!(r"(?-u:\b)(?:{})(?-u:\b)", alts.join("|"));
                build(&re, true, "news_cues.txt", 0).map(|re| (w, re))
            })
            .collect::<Result<Vec<_>, _>>()?;

        // macros.txt: `name = regex`, may use lexicon macros and earlier macros.
        for (n, l) in content_lines(file("macros.txt")) {
            let t = l.trim();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            if let Some(rest) = t.strip_prefix("example:") {
                examples.push(parse_example("macros.txt", n, rest.trim())?);
                continue;
            }
            let (name, pat) = t
                .split_once(" = ")
                .ok_or_else(|| err("macros.txt", n, "expected `name = regex`"))?;
            let e = expand(pat.trim(), &macros, "macros.txt", n)?;
            let ecs = expand(pat.trim(), &macros_cs, "macros.txt", n)?;
            macros.insert(name.trim().to_string(), e);
            macros_cs.insert(name.trim().to_string(), ecs);
        }

        // negatives.txt holds only examples.
        parse_lexicon("negatives.txt", file("negatives.txt"), &mut examples)?;

        let mut raws: Vec<RawRule> = Vec::new();
        for (n, l) in content_lines(file("rules.txt")) {
            let t = l.trim_start();
            if t.trim().is_empty() || t.starts_with('#') {
                continue;
            }
            if let Some(rest) = t.strip_prefix("example:") {
                examples.push(parse_example("rules.txt", n, rest.trim())?);
                continue;
            }
            let (key, rest) = t.split_once(' ').unwrap_or((t, ""));
            if key == "rule" {
                raws.push(RawRule {
                    name: rest.trim().to_string(),
                    line: n,
                    ..Default::default()
                });
                continue;
            }
            let r = raws
                .last_mut()
                .ok_or_else(|| err("rules.txt", n, "field before any `rule`"))?;
            let words = || {
                rest.split_whitespace()
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            };
            match key {
                "type" => {
                    r.kind =
                        Some(kind_of(rest.trim()).ok_or_else(|| err("rules.txt", n, "bad type"))?)
                }
                "match" => r.pat = Some(rest.trim().to_string()),
                "value" => r.value = Some(words()),
                "pod" => r.pod = Some(rest.trim().to_string()),
                "time" => r.time = Some(words()),
                "case" => r.case_sensitive = rest.trim() == "sensitive",
                "not_before" => r.not_before = Some(rest.trim().to_string()),
                "not_after" => r.not_after = Some(rest.trim().to_string()),
                _ => return Err(err("rules.txt", n, format!("unknown field `{key}`"))),
            }
        }

        let mut rules = Vec::new();
        let mut set_patterns = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for r in raws {
            let f = "rules.txt";
            if !seen.insert(r.name.clone()) {
                return Err(err(f, r.line, format!("duplicate rule name {}", r.name)));
            }
            let kind = r
                .kind
                .ok_or_else(|| err(f, r.line, "rule without `type`"))?;
            let pat = r
                .pat
                .ok_or_else(|| err(f, r.line, "rule without `match`"))?;
            let value = r
                .value
                .ok_or_else(|| err(f, r.line, "rule without `value`"))?;
            if value.is_empty() || !super::normalize::FUNCTIONS.contains(&value[0].as_str()) {
                return Err(err(
                    f,
                    r.line,
                    format!("unknown value function in {value:?}"),
                ));
            }
            let m = if r.case_sensitive {
                &macros_cs
            } else {
                &macros
            };
            // The tail makes the regex engine itself reject a match that ends inside a word, so
            // it backtracks into a longer alternative ("week" → "weekend") instead of failing.
            let expanded = expand(&pat, m, f, r.line)?;
            set_patterns.push(format!(
                "(?{}:{expanded})",
                if r.case_sensitive { "-i" } else { "i" }
            ));
            let full = format!(r"(?P<m_>{expanded})(?:(?-u:\b)|(?-u:\B)(?u:\W)|$)");
            let re = build(&full, !r.case_sensitive, f, r.line)?;
            let not_before = match r.not_before {
                Some(p) => Some(build_u(
                    &format!("(?:{})$", expand(&p, &macros, f, r.line)?),
                    true,
                    true,
                    f,
                    r.line,
                )?),
                None => None,
            };
            let not_after = match r.not_after {
                Some(p) => Some(build_u(
                    &format!("^(?:{})", expand(&p, &macros, f, r.line)?),
                    true,
                    true,
                    f,
                    r.line,
                )?),
                None => None,
            };
            let mut groups = Vec::new();
            let mut t_group = None;
            let mut m_group = 0;
            for (i, name) in re.capture_names().enumerate() {
                let Some(name) = name else { continue };
                if name == "t" {
                    t_group = Some(i);
                }
                if name == "m_" {
                    m_group = i;
                }
                let base = name.trim_end_matches(|c: char| c.is_ascii_digit());
                groups.push((i, name.to_string(), group_lex.get(base).copied()));
            }
            rules.push(Rule {
                name: r.name,
                kind,
                re,
                value,
                pod: r.pod,
                time: r.time,
                not_before,
                not_after,
                t_group,
                m_group,
                groups,
            });
        }
        let prefilter = regex::RegexSetBuilder::new(&set_patterns)
            .unicode(false)
            .size_limit(200 << 20)
            .dfa_size_limit(20 << 20)
            .build()
            .map_err(|e| err("rules.txt", 0, format!("rule set does not compile: {e}")))?;
        Ok(RuleSet {
            news_cues,
            prefilter,
            lexicons,
            rules,
            modifiers,
            tense,
            examples,
        })
    }
}
