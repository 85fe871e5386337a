//! Loading the rule files under `resources/en/`: lexicons, macros, rules, tense cues,
//! modifiers, and the `example:` lines every file carries.

use std::collections::HashMap;
use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use regex::{Regex, RegexBuilder};
use std::panic::{RefUnwindSafe, UnwindSafe};
use std::sync::Mutex;

use regex_automata::dfa::{dense, regex as dfa_regex, Automaton};
use regex_automata::hybrid;
use regex_automata::meta;
use regex_automata::nfa::thompson::{self, backtrack, pikevm};
use regex_automata::util::captures::Captures;
use regex_automata::util::pool::Pool;
use regex_automata::{Anchored, HalfMatch, Input, MatchKind};
use regex_syntax::hir::{literal, Class, ClassBytes, ClassBytesRange, Hir, HirKind};

use super::narrow::Narrowed;
use super::normalize::ValueFn;
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
    /// The TIMEX3 `mod` each expected timex must carry, where the example states one
    /// (`SPAN => TYPE VALUE MOD`; `-` for none).
    pub mods: Vec<Option<String>>,
}

/// A context check (`not_before`, `not_after`), compiled on first use, case-insensitively, for
/// the characters news uses ([`Narrowed`]): it reads the few bytes around a candidate, which may
/// hold `£`, `€` or any letter, and its Unicode `\d`, `\D` and `\w` were most of its compile
/// time.
#[derive(Debug)]
pub(crate) struct LazyNarrowed {
    pat: String,
    /// Its DFA as the build script compiled it (`compiled.rs`), for this very pattern.
    ahead: Option<&'static [u8]>,
    dfa: OnceLock<Option<dense::DFA<&'static [u32]>>>,
    cell: OnceLock<Option<Narrowed>>,
}

impl LazyNarrowed {
    fn new(pat: String, ahead: &HashMap<&'static str, &'static [u8]>) -> LazyNarrowed {
        LazyNarrowed {
            ahead: ahead.get(pat.as_str()).copied(),
            pat,
            dfa: OnceLock::new(),
            cell: OnceLock::new(),
        }
    }

    /// The compiled check; `None` only if it exceeds the size limit, which
    /// [`RuleSet::compile_all`] (run by the tests) rules out for the shipped files.
    pub fn get(&self) -> Option<&Narrowed> {
        self.cell.get_or_init(|| self.compile().ok()).as_ref()
    }

    fn compile(&self) -> Result<Narrowed, String> {
        Narrowed::new(&self.pat, true)
    }

    pub fn pattern(&self) -> &str {
        &self.pat
    }

    /// Whether the check matches somewhere in `text`: by the DFA built with the binary, or,
    /// where it has none or gives up (a Unicode word boundary next to a non-ASCII
    /// character), by the check compiled here.
    pub fn is_match(&self, text: &str) -> bool {
        let dfa = self.dfa.get_or_init(|| {
            // SAFETY: as for a rule's DFAs (see `Ahead::new`).
            self.ahead
                .and_then(|b| unsafe { dense::DFA::from_bytes_unchecked(b) }.ok())
                .map(|(d, _)| d)
        });
        if let Some(d) = dfa {
            if let Ok(m) = d.try_search_fwd(&Input::new(text).earliest(true)) {
                return m.is_some();
            }
        }
        self.get().is_some_and(|n| n.is_match(text))
    }

    /// A check's forward DFA, serialised (for the build script): Unicode and
    /// case-insensitive as [`Narrowed::new`] reads it, a Unicode word boundary handled as
    /// `regex-automata` does (the DFA gives up on a non-ASCII byte, and the check compiled
    /// here answers).
    pub(crate) fn dfa_bytes_of(pat: &str) -> Result<Vec<u8>, String> {
        let dfa = dense::Builder::new()
            .syntax(
                regex_automata::util::syntax::Config::new()
                    .case_insensitive(true)
                    .unicode(true),
            )
            .thompson(
                thompson::Config::new()
                    .utf8(true)
                    .which_captures(thompson::WhichCaptures::None)
                    .nfa_size_limit(Some(NFA_SIZE_LIMIT)),
            )
            .configure(
                dense::Config::new()
                    .match_kind(MatchKind::LeftmostFirst)
                    .unicode_word_boundary(true),
            )
            .build(pat)
            .map_err(|e| e.to_string())?;
        Ok(unpadded(dfa.to_bytes_little_endian()))
    }
}

/// A rule's regex, compiled on first use so it can be run anchored at the positions the
/// prefilter found (a rule then costs a few steps per position rather than a scan of the chunk).
#[derive(Debug)]
pub(crate) struct RuleRegex {
    pat: String,
    case_insensitive: bool,
    /// Only ever searched anchored (the rule has literal prefixes): no reverse automaton needed.
    anchored_only: bool,
    /// The head (all but the word-boundary tail) as parsed at load, when [`fold_ascii`] turns
    /// it into what the parser builds case-insensitively: compiling then parses nothing
    /// (parsing was two thirds of a rule's compile time). Taken by the first compile.
    head: Mutex<Option<Hir>>,
    /// Its automata as the build script compiled them (`compiled.rs`), when they are for this
    /// very pattern.
    ahead: Option<AheadBytes>,
    cell: OnceLock<Option<RuleEngine>>,
}

/// A rule's serialised dense DFAs, in the binary: the forward one, and for a rule searched
/// unanchored the reverse one that finds where a match starts.
#[derive(Debug, Clone, Copy)]
pub(crate) struct AheadBytes {
    pub fwd: &'static [u8],
    pub rev: Option<&'static [u8]>,
    /// The rule's Thompson NFA, for its groups (`compiled::nfa_from_bytes`).
    pub nfa: Option<&'static [u8]>,
}

/// What follows a rule's match: a word boundary, or punctuation or a non-ASCII character after
/// a non-word character, or the end. After a non-word character, the next one may be ASCII
/// punctuation or anything non-ASCII: a Unicode `\W` here cost a large UTF-8 automaton per
/// rule, and a match ending in punctuation right before a non-ASCII letter does not occur.
const TAIL: &str =
    r"(?:(?-u:\b)|(?-u:\B)(?:[\x00-\x2F\x3A-\x40\x5B-\x5E\x60\x7B-\x7F]|(?u:[^\x00-\x7F]))|$)";

/// [`TAIL`] parsed as a rule regex is (case-insensitively or not), once.
fn tail_hir(case_insensitive: bool) -> &'static Hir {
    static TAILS: OnceLock<[Hir; 2]> = OnceLock::new();
    let parse = |ci: bool| {
        regex_automata::util::syntax::parse_with(
            TAIL,
            &regex_automata::util::syntax::Config::new()
                .case_insensitive(ci)
                .unicode(false),
        )
        .expect("the tail is a valid regex")
    };
    &TAILS.get_or_init(|| [parse(false), parse(true)])[usize::from(case_insensitive)]
}

/// Whether [`fold_ascii`] of a head parsed case-sensitively equals the head parsed
/// case-insensitively: not when an inline flag turns case-insensitivity off in part of it, nor
/// for a negated or Unicode class (the parser folds a class before negating it).
fn foldable(head: &str) -> bool {
    !["(?-", "[^", "(?u", "\\p", "\\P"]
        .iter()
        .any(|s| head.contains(s))
}

/// `h` (parsed without case-insensitivity, ASCII mode) as the parser builds it
/// case-insensitively: each ASCII letter of a literal becomes the class of its two cases, and
/// every class is closed under case folding.
fn fold_ascii(h: &Hir) -> Hir {
    match h.kind() {
        HirKind::Literal(l) => Hir::concat(
            l.0.iter()
                .map(|&b| {
                    if b.is_ascii_alphabetic() {
                        let (u, l) = (b.to_ascii_uppercase(), b.to_ascii_lowercase());
                        Hir::class(Class::Bytes(ClassBytes::new([
                            ClassBytesRange::new(u, u),
                            ClassBytesRange::new(l, l),
                        ])))
                    } else {
                        Hir::literal([b])
                    }
                })
                .collect(),
        ),
        HirKind::Class(Class::Bytes(c)) => {
            let mut c = c.clone();
            c.case_fold_simple();
            Hir::class(Class::Bytes(c))
        }
        HirKind::Class(Class::Unicode(c)) => {
            let mut c = c.clone();
            c.case_fold_simple();
            Hir::class(Class::Unicode(c))
        }
        HirKind::Empty | HirKind::Look(_) => h.clone(),
        HirKind::Repetition(r) => Hir::repetition(regex_syntax::hir::Repetition {
            min: r.min,
            max: r.max,
            greedy: r.greedy,
            sub: Box::new(fold_ascii(&r.sub)),
        }),
        HirKind::Capture(c) => Hir::capture(regex_syntax::hir::Capture {
            index: c.index,
            name: c.name.clone(),
            sub: Box::new(fold_ascii(&c.sub)),
        }),
        HirKind::Concat(hs) => Hir::concat(hs.iter().map(fold_ascii).collect()),
        HirKind::Alternation(hs) => Hir::alternation(hs.iter().map(fold_ascii).collect()),
    }
}

impl RuleRegex {
    pub fn get(&self) -> Option<&RuleEngine> {
        self.cell.get_or_init(|| self.compile().ok()).as_ref()
    }

    /// The full pattern and whether it is case-insensitive.
    pub fn pattern(&self) -> (&str, bool) {
        (&self.pat, self.case_insensitive)
    }

    /// The NFA its groups are read with, written for the build script (`None`: not written).
    pub(crate) fn captor_nfa_bytes(&self) -> Option<Vec<u8>> {
        super::compiled::nfa_to_bytes(&captor_nfa(&self.pat, self.syntax()).ok()?)
    }

    /// Whether the rule's DFAs came with the binary (see `compiled.rs`).
    pub fn is_ahead(&self) -> bool {
        self.ahead.is_some()
    }

    fn syntax(&self) -> regex_automata::util::syntax::Config {
        regex_automata::util::syntax::Config::new()
            .case_insensitive(self.case_insensitive)
            .unicode(false)
    }

    /// The whole regex, parsed: from the head kept at load when there is one.
    fn hir(&self) -> Result<Hir, String> {
        let head = self.head.lock().ok().and_then(|mut h| h.take());
        match head {
            Some(h) => {
                let head = if self.case_insensitive {
                    fold_ascii(&h)
                } else {
                    h
                };
                Ok(Hir::concat(vec![
                    head,
                    tail_hir(self.case_insensitive).clone(),
                ]))
            }
            None => regex_automata::util::syntax::parse_with(&self.pat, &self.syntax())
                .map_err(|e| e.to_string()),
        }
    }

    fn compile(&self) -> Result<RuleEngine, String> {
        if let Some(a) = self.ahead {
            // A DFA that does not deserialise (another endianness) is compiled here instead.
            if let Some(engine) = Ahead::new(a, &self.pat, self.syntax()) {
                return Ok(RuleEngine::Ahead(Box::new(engine)));
            }
        }
        self.compile_here()
    }

    /// Compiles the rule in this process, as every rule was before the build script did it.
    pub(crate) fn compile_here(&self) -> Result<RuleEngine, String> {
        if self.anchored_only {
            return Forward::new(&self.hir()?).map(|f| RuleEngine::Forward(Box::new(f)));
        }
        meta::Regex::builder()
            .syntax(self.syntax())
            // Anchored searches at prefilter hits need no literal prefilter of their own, and a
            // full or one-pass DFA rarely pays for its build over one process's texts.
            .configure(
                meta::Regex::config()
                    .nfa_size_limit(Some(NFA_SIZE_LIMIT))
                    .auto_prefilter(false)
                    .onepass(false)
                    .dfa(false),
            )
            .build(&self.pat)
            .map(RuleEngine::Meta)
            .map_err(|e| e.to_string())
    }

    /// The dense DFAs of this rule, serialised (little-endian), for the build script: the
    /// forward DFA, anchored when the rule only runs anchored, and for the others the reverse
    /// DFA that finds a match's start. Configured as `regex-automata`'s own DFA regex pairs them.
    pub(crate) fn dfa_bytes(&self) -> Result<(Vec<u8>, Option<Vec<u8>>), String> {
        use regex_automata::dfa::StartKind;
        let hir = self.hir()?;
        let nfa = |reverse: bool| {
            thompson::Compiler::new()
                .configure(
                    thompson::Config::new()
                        .utf8(true)
                        .reverse(reverse)
                        .which_captures(thompson::WhichCaptures::None)
                        .nfa_size_limit(Some(NFA_SIZE_LIMIT)),
                )
                .build_from_hir(&hir)
                .map_err(|e| e.to_string())
        };
        let start = if self.anchored_only {
            StartKind::Anchored
        } else {
            StartKind::Both
        };
        let fwd = dense::Builder::new()
            .configure(
                dense::Config::new()
                    .match_kind(MatchKind::LeftmostFirst)
                    .start_kind(start),
            )
            .build_from_nfa(&nfa(false)?)
            .map_err(|e| e.to_string())?;
        let rev = if self.anchored_only {
            None
        } else {
            let d = dense::Builder::new()
                .configure(
                    dense::Config::new()
                        .match_kind(MatchKind::All)
                        .start_kind(StartKind::Anchored)
                        .specialize_start_states(false),
                )
                .build_from_nfa(&nfa(true)?)
                .map_err(|e| e.to_string())?;
            Some(unpadded(d.to_bytes_little_endian()))
        };
        Ok((unpadded(fwd.to_bytes_little_endian()), rev))
    }
}

/// Kinds of tense cue, in the order they are tried at one position (tense.txt): `n` neutral
/// (a plan told in the past), `c` a clause boundary, `f` future, `p` past, `w` past or
/// present ("hit", "put"), `i` a future seen from the past ("would").
pub(crate) const CUE_KINDS: [&str; 6] = ["n", "c", "f", "p", "w", "i"];

/// The tense cues: one pattern per kind ([`CUE_KINDS`]), searched together leftmost-first, so an
/// earlier kind wins at one position and the pattern that matched names the cue. Built with the
/// binary like the rules (`compiled.rs`); compiled here when that is missing or stale.
#[derive(Debug)]
pub(crate) struct CueSet {
    patterns: Vec<String>,
    ahead: Option<AheadBytes>,
    cell: OnceLock<Option<CueEngine>>,
}

pub(crate) enum CueEngine {
    Ahead(Box<dfa_regex::Regex<dense::DFA<&'static [u32]>>>),
    Here(meta::Regex),
}

impl std::fmt::Debug for CueEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CueEngine").finish_non_exhaustive()
    }
}

/// One tense cue found: its span and its kind (one of [`CUE_KINDS`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cue {
    pub start: usize,
    pub end: usize,
    pub kind: &'static str,
}

impl Cue {
    pub fn is(&self, kind: &str) -> bool {
        self.kind == kind
    }
}

impl CueSet {
    fn syntax() -> regex_automata::util::syntax::Config {
        regex_automata::util::syntax::Config::new()
            .case_insensitive(true)
            .unicode(false)
    }

    pub fn patterns(&self) -> &[String] {
        &self.patterns
    }

    pub fn get(&self) -> Option<&CueEngine> {
        self.cell.get_or_init(|| self.compile().ok()).as_ref()
    }

    fn compile(&self) -> Result<CueEngine, String> {
        if let Some(a) = self.ahead {
            // SAFETY: as for a rule's DFAs (see `Ahead::new`): this binary's own bytes, taken
            // only for the very patterns they were built from, fully validated by the tests.
            let read = |b: &'static [u8]| unsafe { dense::DFA::from_bytes_unchecked(b) };
            if let (Ok((fwd, _)), Some(Ok((rev, _)))) = (read(a.fwd), a.rev.map(read)) {
                let re = dfa_regex::Regex::builder().build_from_dfas(fwd, rev);
                return Ok(CueEngine::Ahead(Box::new(re)));
            }
        }
        self.compile_here().map(CueEngine::Here)
    }

    pub(crate) fn compile_here(&self) -> Result<meta::Regex, String> {
        meta::Regex::builder()
            .syntax(CueSet::syntax())
            .build_many(&self.patterns)
            .map_err(|e| e.to_string())
    }

    /// The cues in `hay`, in order, not overlapping.
    pub fn find_iter<'h>(&'h self, hay: &'h str) -> Box<dyn Iterator<Item = Cue> + 'h> {
        let cue = |m: regex_automata::Match| Cue {
            start: m.start(),
            end: m.end(),
            kind: CUE_KINDS[m.pattern().as_usize()],
        };
        match self.get() {
            Some(CueEngine::Ahead(re)) => Box::new(re.find_iter(hay).map(cue)),
            Some(CueEngine::Here(re)) => Box::new(re.find_iter(hay).map(cue)),
            None => Box::new(std::iter::empty()),
        }
    }

    /// The forward and reverse dense DFAs, serialised, as `regex-automata`'s DFA regex builds
    /// them (for the build script).
    pub(crate) fn dfa_bytes(&self) -> Result<(Vec<u8>, Vec<u8>), String> {
        let re = dfa_regex::Builder::new()
            .syntax(CueSet::syntax())
            .thompson(thompson::Config::new().nfa_size_limit(Some(NFA_SIZE_LIMIT)))
            .build_many(&self.patterns)
            .map_err(|e| e.to_string())?;
        Ok((
            unpadded(re.forward().to_bytes_little_endian()),
            unpadded(re.reverse().to_bytes_little_endian()),
        ))
    }
}

/// A serialised DFA without the padding that aligned it in its own buffer (the blob aligns it).
fn unpadded((bytes, pad): (Vec<u8>, usize)) -> Vec<u8> {
    bytes[pad..].to_vec()
}

/// The TIMEX3 `mod` values (TimeML 1.2.1, section 2.2.2).
pub(crate) const MODS: [&str; 12] = [
    "BEFORE",
    "AFTER",
    "ON_OR_BEFORE",
    "ON_OR_AFTER",
    "LESS_THAN",
    "MORE_THAN",
    "EQUAL_OR_LESS",
    "EQUAL_OR_MORE",
    "START",
    "MID",
    "END",
    "APPROX",
];

const NFA_SIZE_LIMIT: usize = 50 << 20;

/// A compiled rule regex. Normally every rule is [`Ahead`]: its automata were built with the
/// binary. A rule compiled here instead ([`RuleRegex::compile_here`]) with literal prefixes is
/// only searched anchored, so it gets the forward half of what `regex-automata`'s meta engine
/// builds (a Thompson NFA, a lazy DFA to find where a match ends, a backtracker or PikeVM for
/// its groups): the meta engine's reverse NFA, which only an unanchored search uses, was a fifth
/// of every process's compile time. The rules without a prefix search chunks unanchored and
/// keep the meta engine.
#[derive(Debug)]
pub(crate) enum RuleEngine {
    Ahead(Box<Ahead>),
    Forward(Box<Forward>),
    Meta(meta::Regex),
}

type CacheFn = Box<dyn Fn() -> CapCache + Send + Sync + UnwindSafe + RefUnwindSafe>;

/// What finds a match's groups once its span is known: a backtracker, or a PikeVM for a span
/// too long for it, over the rule's Thompson NFA, and a pool of their caches (one per thread).
pub(crate) struct Captor {
    nfa: thompson::NFA,
    backtrack: backtrack::BoundedBacktracker,
    pikevm: pikevm::PikeVM,
    pool: Pool<CapCache, CacheFn>,
}

struct CapCache {
    backtrack: backtrack::Cache,
    pikevm: pikevm::Cache,
}

impl std::fmt::Debug for Captor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Captor").finish_non_exhaustive()
    }
}

impl Captor {
    fn new(nfa: thompson::NFA) -> Result<Captor, String> {
        let backtrack =
            backtrack::BoundedBacktracker::new_from_nfa(nfa.clone()).map_err(|e| e.to_string())?;
        let pikevm = pikevm::PikeVM::new_from_nfa(nfa.clone()).map_err(|e| e.to_string())?;
        let (b, p) = (backtrack.clone(), pikevm.clone());
        let create: CacheFn = Box::new(move || CapCache {
            backtrack: b.create_cache(),
            pikevm: p.create_cache(),
        });
        Ok(Captor {
            nfa,
            backtrack,
            pikevm,
            pool: Pool::new(create),
        })
    }

    /// The NFA configured as the meta engine configures it.
    fn nfa_config() -> thompson::Config {
        thompson::Config::new()
            .utf8(true)
            .nfa_size_limit(Some(NFA_SIZE_LIMIT))
            .shrink(false)
    }

    /// Where the leftmost-first match ends, by the PikeVM (where a DFA cannot tell).
    fn half(&self, input: &Input<'_>) -> Option<HalfMatch> {
        let mut slots = [None, None];
        let pid = self
            .pikevm
            .search_slots(&mut self.pool.get().pikevm, input, &mut slots)?;
        Some(HalfMatch::new(pid, slots[1]?.get()))
    }

    /// Any search (unanchored too), by the PikeVM.
    fn search(&self, input: &Input<'_>, caps: &mut Captures) {
        self.pikevm.search(&mut self.pool.get().pikevm, input, caps);
    }

    /// The groups of the match known to span `start..hm.offset()`: the backtracker (or the
    /// PikeVM on a span too long for it) on exactly that span.
    fn captures_in(&self, input: &Input<'_>, start: usize, hm: HalfMatch, caps: &mut Captures) {
        let span = input
            .clone()
            .span(start..hm.offset())
            .anchored(Anchored::Pattern(hm.pattern()));
        let mut cache = self.pool.get();
        if span.get_span().len() <= self.backtrack.max_haystack_len()
            && self
                .backtrack
                .try_search(&mut cache.backtrack, &span, caps)
                .is_ok()
        {
            return;
        }
        self.pikevm.search(&mut cache.pikevm, &span, caps);
    }
}

/// The Thompson NFA a rule's groups are read with, compiled from its pattern.
pub(crate) fn captor_nfa(
    pat: &str,
    syntax: regex_automata::util::syntax::Config,
) -> Result<thompson::NFA, String> {
    thompson::Compiler::new()
        .syntax(syntax)
        .configure(Captor::nfa_config())
        .build(pat)
        .map_err(|e| e.to_string())
}

/// A rule's automata as built with the binary: dense DFAs read in place from the bytes the
/// build script wrote (no compile, no lazy determinising), and a [`Captor`] compiled only when
/// the rule first matches: most rules a text wakes never do.
pub(crate) struct Ahead {
    fwd: dense::DFA<&'static [u32]>,
    rev: Option<dense::DFA<&'static [u32]>>,
    nfa: Option<&'static [u8]>,
    pat: String,
    syntax: regex_automata::util::syntax::Config,
    captor: OnceLock<Option<Captor>>,
}

impl std::fmt::Debug for Ahead {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ahead").finish_non_exhaustive()
    }
}

impl Ahead {
    /// `None` if the bytes are not a DFA of this platform's endianness.
    fn new(
        bytes: AheadBytes,
        pat: &str,
        syntax: regex_automata::util::syntax::Config,
    ) -> Option<Ahead> {
        // SAFETY: the bytes are this binary's own: the build script wrote them with
        // `to_bytes_little_endian` and the loader takes them only for the very pattern they
        // were built from; the tests deserialise every one with full validation
        // (`compiled::tests`). Validating here was a tenth of a first add's tagging time.
        // A wrong endianness is still refused by the unchecked read.
        let read = |b: &'static [u8]| unsafe { dense::DFA::from_bytes_unchecked(b) };
        let fwd = read(bytes.fwd).ok()?.0;
        let rev = match bytes.rev {
            Some(b) => Some(read(b).ok()?.0),
            None => None,
        };
        Some(Ahead {
            fwd,
            rev,
            nfa: bytes.nfa,
            pat: pat.to_string(),
            syntax,
            captor: OnceLock::new(),
        })
    }

    fn captor(&self) -> Option<&Captor> {
        self.captor
            .get_or_init(|| {
                let nfa = match self.nfa.and_then(super::compiled::nfa_from_bytes) {
                    Some(nfa) => nfa,
                    None => captor_nfa(&self.pat, self.syntax).ok()?,
                };
                Captor::new(nfa).ok()
            })
            .as_ref()
    }

    fn search_half(&self, input: &Input<'_>) -> Option<HalfMatch> {
        match self.fwd.try_search_fwd(input) {
            Ok(m) => m,
            // An anchored-only DFA asked for an unanchored search: not asked by the tagger,
            // answered correctly all the same.
            Err(_) => self.captor()?.half(input),
        }
    }

    fn search_captures(&self, input: &Input<'_>, caps: &mut Captures) {
        caps.set_pattern(None);
        let Some(captor) = self.captor() else { return };
        let Ok(found) = self.fwd.try_search_fwd(input) else {
            captor.search(input, caps);
            return;
        };
        let Some(hm) = found else { return };
        let start = match &self.rev {
            None => input.start(),
            Some(rev) => {
                let back = Input::new(input.haystack())
                    .range(input.start()..hm.offset())
                    .anchored(Anchored::Yes);
                match rev.try_search_rev(&back) {
                    Ok(Some(s)) => s.offset(),
                    _ => {
                        captor.search(input, caps);
                        return;
                    }
                }
            }
        };
        captor.captures_in(input, start, hm, caps);
    }
}

type DfaCacheFn = Box<dyn Fn() -> hybrid::dfa::Cache + Send + Sync + UnwindSafe + RefUnwindSafe>;

/// The forward engines of an anchored rule compiled in this process: a lazy DFA to find where
/// a match ends, and its [`Captor`].
pub(crate) struct Forward {
    dfa: hybrid::dfa::DFA,
    pool: Pool<hybrid::dfa::Cache, DfaCacheFn>,
    captor: Captor,
}

impl std::fmt::Debug for Forward {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Forward").finish_non_exhaustive()
    }
}

impl Forward {
    /// Configured as the meta engine configures the same parts (see `RuleRegex::compile`).
    fn new(hir: &Hir) -> Result<Forward, String> {
        let nfa = thompson::Compiler::new()
            .configure(Captor::nfa_config())
            .build_from_hir(hir)
            .map_err(|e| e.to_string())?;
        let dfa = hybrid::dfa::Builder::new()
            .configure(
                hybrid::dfa::Config::new()
                    .match_kind(MatchKind::LeftmostFirst)
                    .starts_for_each_pattern(true)
                    .unicode_word_boundary(true)
                    .cache_capacity(2 << 20)
                    .minimum_cache_clear_count(Some(3))
                    .minimum_bytes_per_state(Some(10)),
            )
            .build_from_nfa(nfa.clone())
            .map_err(|e| e.to_string())?;
        let d = dfa.clone();
        let create: DfaCacheFn = Box::new(move || d.create_cache());
        Ok(Forward {
            dfa,
            pool: Pool::new(create),
            captor: Captor::new(nfa)?,
        })
    }

    /// Where the leftmost-first match ends: the lazy DFA, or the PikeVM where the lazy DFA gives
    /// up (its cache thrashing), as the meta engine does.
    fn search_half(&self, input: &Input<'_>) -> Option<HalfMatch> {
        match self.dfa.try_search_fwd(&mut self.pool.get(), input) {
            Ok(m) => m,
            Err(_) => self.captor.half(input),
        }
    }

    /// The groups of the match: its end from the lazy DFA, then the [`Captor`] on exactly the
    /// span of the match.
    fn search_captures(&self, input: &Input<'_>, caps: &mut Captures) {
        caps.set_pattern(None);
        if input.get_anchored() == Anchored::No {
            // Not asked of an anchored-only rule; answered correctly all the same.
            self.captor.search(input, caps);
            return;
        }
        let Some(hm) = self.search_half(input) else {
            return;
        };
        self.captor.captures_in(input, input.start(), hm, caps);
    }
}

impl RuleEngine {
    pub fn create_captures(&self) -> Captures {
        match self {
            RuleEngine::Ahead(a) => match a.captor() {
                Some(c) => Captures::all(c.nfa.group_info().clone()),
                None => Captures::empty(Default::default()),
            },
            RuleEngine::Forward(f) => Captures::all(f.captor.nfa.group_info().clone()),
            RuleEngine::Meta(m) => m.create_captures(),
        }
    }

    pub fn search_half(&self, input: &Input<'_>) -> Option<HalfMatch> {
        match self {
            RuleEngine::Ahead(a) => a.search_half(input),
            RuleEngine::Forward(f) => f.search_half(input),
            RuleEngine::Meta(m) => m.search_half(input),
        }
    }

    pub fn search_captures(&self, input: &Input<'_>, caps: &mut Captures) {
        match self {
            RuleEngine::Ahead(a) => a.search_captures(input, caps),
            RuleEngine::Forward(f) => f.search_captures(input, caps),
            RuleEngine::Meta(m) => m.search_captures(input, caps),
        }
    }
}

/// One extraction rule (its regexes compiled on first use).
#[derive(Debug)]
pub(crate) struct Rule {
    pub name: String,
    pub line: usize,
    pub kind: TimexKind,
    pub re: RuleRegex,
    /// The value function, parsed at load.
    pub func: ValueFn,
    /// Its argument templates (`$group` is replaced by the group's normalised text).
    pub args: Vec<String>,
    pub pod: Option<String>,
    pub time: Option<Vec<String>>,
    /// TIMEX3 `mod` the rule sets: a token (`END`) or `$group`, whose text is looked up in
    /// modifiers.txt ("the late 19th century": `late` → END).
    pub tmod: Option<String>,
    pub not_before: Option<LazyNarrowed>,
    pub not_after: Option<LazyNarrowed>,
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
    /// If set, the timex must end with one of these words: the mod of a point differs from
    /// that of a duration ("nearly three years ago" is AFTER, "nearly three years" LESS_THAN).
    pub ends: Option<Vec<String>>,
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
    /// Tense cues (compiled on first use).
    pub tense: CueSet,
    /// Words that open a clause when a tense cue follows within the given number of words
    /// (tense.txt `OPENS n`: "to" + verb, "and" + modal, a subject pronoun + verb), lower case.
    pub openers: Vec<(String, usize)>,
    /// Words that mark a text as news (news_cues.txt), each with the length of text start it
    /// is looked for in.
    pub news_cues: Vec<(usize, Regex)>,
    /// Which rules can match a chunk: one Aho-Corasick pass over the literals a match of each
    /// rule must start with (ASCII case-insensitive).
    pub prefilter: Prefilter,
    pub examples: Vec<Example>,
    /// Per rule, what its pattern tells (what the build script keeps beside its DFAs).
    pub analyses: Vec<Analysis>,
}

fn content_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines().enumerate().map(|(i, l)| (i + 1, l.trim_end()))
}

fn parse_example(file: &str, line: usize, rest: &str) -> Result<Example, RuleError> {
    let parts: Vec<&str> = rest.split(" | ").collect();
    if parts.len() != 3 {
        return Err(err(file, line, "example needs `SENTENCE | DCT | SPANS`"));
    }
    let (mut expected, mut mods) = (Vec::new(), Vec::new());
    if parts[2].trim() != "-" {
        for item in parts[2].split(" ; ") {
            let (span, tv) = item
                .split_once(" => ")
                .ok_or_else(|| err(file, line, "expected `SPAN => TYPE VALUE`"))?;
            let (ty, val) = tv
                .trim()
                .split_once(' ')
                .ok_or_else(|| err(file, line, "expected `TYPE VALUE`"))?;
            let (val, m) = match val.trim().split_once(' ') {
                Some((v, m)) => (v, Some(m.trim().to_string())),
                None => (val.trim(), None),
            };
            expected.push((span.trim().to_string(), ty.to_string(), val.to_string()));
            mods.push(m);
        }
    }
    Ok(Example {
        file: file.to_string(),
        line,
        sentence: parts[0].trim().to_string(),
        dct: parts[1].trim().to_string(),
        expected,
        mods,
    })
}

/// Parses a lexicon file into (key, value) pairs plus its examples.
fn parse_lexicon(
    file: &str,
    text: &str,
    examples: &mut Vec<Example>,
) -> Result<Vec<(String, String)>, RuleError> {
    let parsed = super::lexicon::parse(file, text)?;
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

/// Parses (checks) a pattern the way the rule regexes are built, without case folding: the
/// literals extracted from it are matched case-insensitively anyway.
fn parse_hir(pat: &str, unicode: bool, file: &str, line: usize) -> Result<Hir, RuleError> {
    regex_syntax::ParserBuilder::new()
        .unicode(unicode)
        .build()
        .parse(pat)
        .map_err(|e| err(file, line, format!("bad regex: {e}")))
}

/// Named capture groups of a parsed pattern: (index, name), in index order.
fn capture_names(hir: &Hir, out: &mut Vec<(usize, String)>) {
    match hir.kind() {
        HirKind::Capture(c) => {
            if let Some(n) = &c.name {
                out.push((c.index as usize, n.to_string()));
            }
            capture_names(&c.sub, out);
        }
        HirKind::Concat(hs) | HirKind::Alternation(hs) => {
            hs.iter().for_each(|h| capture_names(h, out))
        }
        HirKind::Repetition(r) => capture_names(&r.sub, out),
        _ => {}
    }
}

/// The literals every match of `hir` starts (or ends) with, lower-cased; `None` when there is
/// no such finite set.
fn literals(hir: &Hir, kind: literal::ExtractKind) -> Option<Vec<Vec<u8>>> {
    let mut seq = literal::Extractor::new()
        .kind(kind)
        .limit_class(12)
        .limit_literal_len(8)
        .limit_total(200)
        .extract(hir);
    seq.make_inexact();
    seq.dedup();
    let lits = seq.literals()?;
    if lits.iter().any(|l| l.is_empty()) {
        return None;
    }
    let mut out: Vec<Vec<u8>> = lits
        .iter()
        .map(|l| l.as_bytes().to_ascii_lowercase())
        .collect();
    out.sort();
    out.dedup();
    Some(out)
}

/// Tells which rules may match a chunk of text.
#[derive(Debug)]
pub(crate) struct Prefilter {
    ac: AhoCorasick,
    /// Rules to wake per literal (pattern id).
    wakes: Vec<Vec<usize>>,
    /// Rules with no literal prefix: always run.
    always: Vec<usize>,
    /// The literals matches end with: a rule none of whose suffixes occurs in a chunk is not
    /// tried there at all (most anchored tries are rules starting with a number or "the").
    suffix_ac: AhoCorasick,
    /// Rules each suffix literal lets through.
    gates: Vec<Vec<usize>>,
    /// Rules without a usable suffix set: always let through.
    ungated: Vec<usize>,
    rules: usize,
}

/// What parsing a rule's pattern tells: the literals its matches start and end with (`None`: no
/// finite set) and its named groups, (index, name) in index order. The build script keeps it
/// beside the rule's DFAs, so a process parses no rule pattern at load.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Analysis {
    pub prefixes: Option<Vec<Vec<u8>>>,
    pub suffixes: Option<Vec<Vec<u8>>>,
    pub names: Vec<(usize, String)>,
}

/// Prefilter hits of one chunk: start positions per rule (buffers reused across chunks).
#[derive(Debug, Default)]
pub(crate) struct Hits {
    per_rule: Vec<Vec<usize>>,
    /// Rules whose suffix occurs in the chunk.
    open: Vec<bool>,
    /// Rules with at least one hit, ascending after [`Hits::finish`].
    pub used: Vec<usize>,
}

impl Hits {
    fn clear(&mut self, rules: usize) {
        for &r in &self.used {
            self.per_rule[r].clear();
        }
        self.used.clear();
        if self.per_rule.len() < rules {
            self.per_rule.resize_with(rules, Vec::new);
        }
        self.open.clear();
        self.open.resize(rules, false);
    }

    fn push(&mut self, rule: usize, at: usize) {
        let v = &mut self.per_rule[rule];
        if v.is_empty() {
            self.used.push(rule);
        }
        v.push(at);
    }

    fn finish(&mut self) {
        self.used.sort_unstable();
        for &r in &self.used {
            // Hits come in order of their end, so starts are nearly sorted already.
            let v = &mut self.per_rule[r];
            v.sort_unstable();
            v.dedup();
        }
    }

    /// The sorted start positions of rule `r`.
    pub fn of(&self, r: usize) -> &[usize] {
        &self.per_rule[r]
    }
}

impl Prefilter {
    fn new(per_rule: &[Analysis]) -> Result<Prefilter, RuleError> {
        let mut ids: HashMap<Vec<u8>, usize> = HashMap::new();
        let mut lits: Vec<Vec<u8>> = Vec::new();
        let mut wakes: Vec<Vec<usize>> = Vec::new();
        let mut always = Vec::new();
        let mut sids: HashMap<Vec<u8>, usize> = HashMap::new();
        let mut slits: Vec<Vec<u8>> = Vec::new();
        let mut gates: Vec<Vec<usize>> = Vec::new();
        let mut ungated = Vec::new();
        for (ri, a) in per_rule.iter().enumerate() {
            let Some(sfx) = &a.suffixes else {
                ungated.push(ri);
                continue;
            };
            for l in sfx {
                let id = *sids.entry(l.clone()).or_insert_with(|| {
                    slits.push(l.clone());
                    gates.push(Vec::new());
                    slits.len() - 1
                });
                gates[id].push(ri);
            }
        }
        for (ri, a) in per_rule.iter().enumerate() {
            let Some(p) = &a.prefixes else {
                always.push(ri);
                continue;
            };
            for l in p {
                let id = *ids.entry(l.clone()).or_insert_with(|| {
                    lits.push(l.clone());
                    wakes.push(Vec::new());
                    lits.len() - 1
                });
                wakes[id].push(ri);
            }
        }
        let build = |lits: &[Vec<u8>]| {
            AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(lits)
                .map_err(|e| err("rules.txt", 0, format!("prefilter: {e}")))
        };
        let (ac, suffix_ac) = (build(&lits)?, build(&slits)?);
        Ok(Prefilter {
            ac,
            wakes,
            always,
            suffix_ac,
            gates,
            ungated,
            rules: per_rule.len(),
        })
    }

    /// Where in `text[from..to]` a match of each rule may start, into `hits` (per rule, sorted,
    /// without duplicates). Rules without a literal prefix are not listed (see [`Self::always`]).
    pub fn hits(&self, text: &str, from: usize, to: usize, hits: &mut Hits) {
        hits.clear(self.wakes_len());
        for &r in &self.ungated {
            hits.open[r] = true;
        }
        for m in self.suffix_ac.find_overlapping_iter(&text[from..to]) {
            for &r in &self.gates[m.pattern().as_usize()] {
                hits.open[r] = true;
            }
        }
        for m in self.ac.find_overlapping_iter(&text[from..to]) {
            let at = from + m.start();
            // A match that starts inside a word is rejected anyway (the engine's word-boundary
            // check), and most literal hits are inside words ("a " in "data ", digits of a
            // number): skipping them saves an anchored search each.
            let first = text.as_bytes()[at];
            if first.is_ascii_alphanumeric()
                && text[..at]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            for &r in &self.wakes[m.pattern().as_usize()] {
                if hits.open[r] {
                    hits.push(r, at);
                }
            }
        }
        hits.finish();
    }

    fn wakes_len(&self) -> usize {
        self.rules
    }

    /// Rules with no literal prefix: they search every chunk.
    pub fn always(&self) -> &[usize] {
        &self.always
    }
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
    tmod: Option<String>,
    case_sensitive: bool,
    not_before: Option<String>,
    not_after: Option<String>,
}

impl RuleSet {
    /// Loads the rule files, compiling every rule in this process when it is first needed.
    pub fn load() -> Result<RuleSet, RuleError> {
        RuleSet::load_with(None)
    }

    /// Loads the rule files, taking each rule's analysis and DFAs from `ahead` (what the build
    /// script wrote, see `compiled.rs`) where it holds them for the very same pattern.
    pub fn load_with(ahead: Option<&'static [u8]>) -> Result<RuleSet, RuleError> {
        let mut ahead = ahead.and_then(super::compiled::decode).unwrap_or_default();
        let mut rules_ahead = std::mem::take(&mut ahead.rules);
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
            let (mut after, mut ends) = (None, None);
            for f in fields {
                let words = |v: &str| Some(v.split(',').map(str::to_string).collect::<Vec<_>>());
                if let Some(v) = f.strip_prefix("after=") {
                    after = words(v);
                } else if let Some(v) = f.strip_prefix("ends=") {
                    ends = words(v);
                } else {
                    return Err(err(
                        "modifiers.txt",
                        0,
                        format!("`{k}`: expected after=WORDS or ends=WORDS"),
                    ));
                }
            }
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
                ends,
            });
        }
        modifiers.sort_by_key(|m| std::cmp::Reverse(m.phrase.len()));

        let mut fut = Vec::new();
        let mut past = Vec::new();
        let mut neutral = Vec::new();
        let mut clause = Vec::new();
        let mut weak = Vec::new();
        let mut openers = Vec::new();
        let mut backshift = Vec::new();
        for (k, v) in parse_lexicon("tense.txt", file("tense.txt"), &mut examples)? {
            if let Some(n) = v.strip_prefix("OPENS") {
                let n = n.trim().parse().ok().filter(|_| {
                    !k.starts_with("re:") && k.chars().all(|c| c.is_alphanumeric() || c == '\'')
                });
                let Some(n) = n else {
                    return Err(err(
                        "tense.txt",
                        0,
                        format!("`{k}`: OPENS needs one word and a count of words"),
                    ));
                };
                openers.push((k, n));
                continue;
            }
            let alt = match k.strip_prefix("re:") {
                Some(re) => re.to_string(),
                None => regex::escape(&k).replace(' ', r"\s+"),
            };
            match v.as_str() {
                "FUTURE" => fut.push(alt),
                "PAST" => past.push(alt),
                "NONE" => neutral.push(alt),
                "CLAUSE" => clause.push(alt),
                "PAST_OR_PRESENT" => weak.push(alt),
                "FUTURE_IN_PAST" => backshift.push(alt),
                _ => {
                    return Err(err(
                        "tense.txt",
                        0,
                        format!(
                            "`{k}`: expected FUTURE, FUTURE_IN_PAST, PAST, PAST_OR_PRESENT, NONE, CLAUSE or OPENS n"
                        ),
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
        let never = r"(?-u:\b\B)".to_string(); // an empty list matches nothing
        let alts = |v: &[String]| {
            if v.is_empty() {
                never.clone()
            } else {
                v.join("|")
            }
        };
        let kinds = [&neutral, &clause, &fut, &past, &weak, &backshift];
        let patterns: Vec<String> = kinds
            .iter()
            .map(|v| format!(r"(?-u:\b)(?:{})(?-u:\b)", alts(v)))
            .collect();
        debug_assert_eq!(patterns.len(), CUE_KINDS.len());
        let tense = CueSet {
            ahead: ahead
                .cues
                .as_ref()
                .filter(|c| c.patterns == patterns)
                .map(|c| c.dfas),
            patterns,
            cell: OnceLock::new(),
        };

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
                "mod" => r.tmod = Some(rest.trim().to_string()),
                "case" => r.case_sensitive = rest.trim() == "sensitive",
                "not_before" => r.not_before = Some(rest.trim().to_string()),
                "not_after" => r.not_after = Some(rest.trim().to_string()),
                _ => return Err(err("rules.txt", n, format!("unknown field `{key}`"))),
            }
        }

        let mut rules = Vec::new();
        let mut per_rule = Vec::new();
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
            let Some(func) = value.first().and_then(|f| ValueFn::parse(f)) else {
                return Err(err(
                    f,
                    r.line,
                    format!("unknown value function in {value:?}"),
                ));
            };
            let args = value[1..].to_vec();
            if let Some(m) = &r.tmod {
                if !m.starts_with('$') && !MODS.contains(&m.as_str()) {
                    return Err(err(f, r.line, format!("unknown mod `{m}`")));
                }
            }
            let m = if r.case_sensitive {
                &macros_cs
            } else {
                &macros
            };
            // The tail makes the regex engine itself reject a match that ends inside a word, so
            // it backtracks into a longer alternative ("week" → "weekend") instead of failing.
            let expanded = expand(&pat, m, f, r.line)?;
            let head = format!("(?P<m_>{expanded})");
            let full = format!("{head}{TAIL}");
            let stored = rules_ahead
                .get_mut(rules.len())
                .filter(|e| e.pat == full && e.case_insensitive != r.case_sensitive);
            let (analysis, kept, bytes) = match stored {
                Some(e) => (std::mem::take(&mut e.analysis), None, e.dfas),
                None => {
                    // The tail adds no group and no prefix, so it is left out of the parse.
                    let hir = parse_hir(&head, false, f, r.line)?;
                    let mut names = Vec::new();
                    capture_names(&hir, &mut names);
                    let a = Analysis {
                        prefixes: literals(&hir, literal::ExtractKind::Prefix),
                        suffixes: literals(&hir, literal::ExtractKind::Suffix)
                            .filter(|ls| ls.iter().all(|l| l.len() >= 3)),
                        names,
                    };
                    let keep = a.prefixes.is_some() && (r.case_sensitive || foldable(&head));
                    (a, keep.then_some(hir), None)
                }
            };
            let re = RuleRegex {
                pat: full,
                case_insensitive: !r.case_sensitive,
                anchored_only: analysis.prefixes.is_some(),
                head: Mutex::new(kept),
                ahead: bytes,
                cell: OnceLock::new(),
            };
            let names = analysis.names.clone();
            per_rule.push(analysis);
            let not_before = match r.not_before {
                Some(p) => Some(LazyNarrowed::new(
                    format!("(?:{})$", expand(&p, &macros, f, r.line)?),
                    &ahead.checks,
                )),
                None => None,
            };
            let not_after = match r.not_after {
                Some(p) => Some(LazyNarrowed::new(
                    format!("^(?:{})", expand(&p, &macros, f, r.line)?),
                    &ahead.checks,
                )),
                None => None,
            };
            let mut groups = Vec::new();
            let mut t_group = None;
            let mut m_group = 0;
            for (i, name) in names {
                if name == "t" {
                    t_group = Some(i);
                }
                if name == "m_" {
                    m_group = i;
                }
                let base = name.trim_end_matches(|c: char| c.is_ascii_digit());
                groups.push((i, name.clone(), group_lex.get(base).copied()));
            }
            rules.push(Rule {
                name: r.name,
                line: r.line,
                kind,
                re,
                func,
                args,
                pod: r.pod,
                time: r.time,
                tmod: r.tmod,
                not_before,
                not_after,
                t_group,
                m_group,
                groups,
            });
        }
        let prefilter = Prefilter::new(&per_rule)?;
        Ok(RuleSet {
            analyses: per_rule,
            news_cues,
            prefilter,
            lexicons,
            rules,
            modifiers,
            tense,
            openers,
            examples,
        })
    }

    /// Compiles every lazily compiled regex now and keeps it, as tagging would on first use:
    /// a long-running process calls this at start so its first texts do not pay for it.
    pub fn warm_all(&self) {
        let _ = self.tense.get();
        for r in &self.rules {
            if let Some(RuleEngine::Ahead(a)) = r.re.get() {
                let _ = a.captor();
            }
            for lr in r.not_before.iter().chain(r.not_after.iter()) {
                // The check's DFA, and the check compiled here for what the DFA cannot answer.
                lr.is_match("");
                let _ = lr.get();
            }
        }
    }

    /// Checks that every lazily compiled regex compiles (without keeping it): a rule too large for the regex engine fails
    /// here with its file and line (the tests call this; tagging skips such a rule).
    pub fn compile_all(&self) -> Result<(), RuleError> {
        self.tense
            .compile_here()
            .map_err(|e| err("tense.txt", 0, e))?;
        for r in &self.rules {
            r.re.compile()
                .map_err(|e| err("rules.txt", r.line, format!("{}: {e}", r.name)))?;
            for lr in r.not_before.iter().chain(r.not_after.iter()) {
                lr.compile()
                    .and_then(|n| n.full().map(|_| ()))
                    .map_err(|e| err("rules.txt", r.line, format!("{}: {e}", r.name)))?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A rule compiled from the head kept at load is the very regex its pattern parses to.
    #[test]
    fn kept_heads_fold_to_what_the_parser_builds() {
        let rules = RuleSet::load().unwrap();
        let mut kept = 0;
        for r in &rules.rules {
            let parsed =
                regex_automata::util::syntax::parse_with(&r.re.pat, &r.re.syntax()).unwrap();
            if r.re.head.lock().unwrap().is_some() {
                kept += 1;
            }
            assert_eq!(r.re.hir().unwrap(), parsed, "rule {}", r.name);
        }
        assert!(kept > rules.rules.len() / 2, "only {kept} heads kept");
    }
}
