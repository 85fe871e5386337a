//! Temporal tagger: finds temporal expressions in English text and normalises them to TIMEX3
//! values against the document creation time (DCT).
//!
//! The rules are data (`resources/en/*.txt`, compiled in with `include_str!`); this module is
//! the engine that applies them:
//!
//! 1. one Aho-Corasick pass per chunk finds where each rule's literal prefixes occur (and
//!    whether its suffixes do); the rule runs anchored there, its regex compiled on first use;
//! 2. candidates that fail a word boundary or a `not_before`/`not_after` context are dropped;
//! 3. overlaps are resolved: the longest match wins, then the rule written first;
//! 4. a modifier directly in front ("early", "about", "the end of") joins the extent;
//! 5. values are computed in text order, so "the following day" follows the date last
//!    mentioned, and bare weekdays and months follow the tense of their sentence.
//!
//! ```
//! use chrono::NaiveDate;
//! let dct = NaiveDate::from_ymd_opt(2025, 12, 2).unwrap();
//! let t = storyline_timex::tag("Police arrived on Monday morning.", dct);
//! assert_eq!(t[0].value, "2025-12-01TMO");
//! ```

pub mod compiled;
mod infer;
mod kind;
pub mod lexicon;
pub mod narrow;
mod normalize;
mod rules;

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;
use regex_automata::{Anchored, Input};
use serde::{Deserialize, Serialize};

pub use kind::TimexKind;
use normalize::{Ctx, Tense, ValueFn};
use rules::RuleSet;
pub use rules::{Example, RuleError};

/// Which way a tense cue points (tense.txt: `FUTURE`, `PAST`, `NONE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CuePoints {
    Future,
    Past,
    /// Governs the expression but points neither way ("had been scheduled for").
    Neither,
}

/// One temporal expression found in a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timex {
    /// Byte offset of the first byte (on a char boundary).
    pub start: usize,
    /// Byte offset one past the last byte (on a char boundary).
    pub end: usize,
    #[serde(rename = "type")]
    pub kind: TimexKind,
    /// TIMEX3 value, e.g. `2025-12-01`, `2025-W49`, `P3D`, `PAST_REF`.
    pub value: String,
    /// TIMEX3 `mod` (`START`, `END`, `MID`, `APPROX`, ...), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modifier: Option<String>,
    /// The value this expression was resolved against (the DCT or an earlier date in the text),
    /// `None` for absolute expressions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor: Option<String>,
}

/// Tags `text` written at `dct` with the built-in English rules.
pub fn tag(text: &str, dct: NaiveDate) -> Vec<Timex> {
    Tagger::global().tag(text, dct)
}

/// The compiled rule set. Build it once ([`Tagger::global`]) and share it: tagging needs no
/// mutable state.
#[derive(Debug)]
pub struct Tagger {
    rules: RuleSet,
    years: Regex,
}

/// Bytes aligned for the dense DFAs read from them in place.
#[repr(C, align(8))]
struct Aligned<B: ?Sized> {
    bytes: B,
}

/// The rule DFAs the build script compiled (build.rs, compiled.rs).
static COMPILED: &Aligned<[u8]> = &Aligned {
    bytes: *include_bytes!(concat!(env!("OUT_DIR"), "/rules.dfa")),
};

static GLOBAL: LazyLock<Tagger> = LazyLock::new(|| {
    Tagger::new().unwrap_or_else(|e| panic!("built-in temporal rules are broken: {e}"))
});

/// A match before overlap resolution: its extent, and where to find the match again for its
/// capture groups (only the few that survive are re-read, so candidates stay small).
#[derive(Clone, Copy)]
struct Cand {
    start: usize,
    end: usize,
    rule: usize,
    match_start: usize,
    hay_end: usize,
}

/// Buffers a tagging call fills and the next one on the same thread reuses: a short text (a
/// 600-byte news item through the scorer's protocol) should not pay for allocating them again,
/// nor for growing the prefilter's per-rule lists again.
#[derive(Default)]
struct Scratch {
    picked: Vec<Cand>,
    cands: Vec<Cand>,
    hits: rules::Hits,
    cues: Vec<(usize, usize, Tense, usize, bool)>,
    bounds: Vec<usize>,
}

impl Scratch {
    /// Gives back what one very long text grew, so a thread does not keep it.
    fn trim(&mut self) {
        const KEEP: usize = 1024;
        self.picked.shrink_to(KEEP);
        self.cands.shrink_to(KEEP);
    }
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

/// Chunks of at least this many bytes are matched one at a time, ending at a line break or a
/// sentence end: the rule-set prefilter then wakes only the rules a chunk can match (in dense
/// news most rules match somewhere in a page, few in one sentence), and candidates never pile
/// up for a whole long text.
const CHUNK: usize = 200;
/// Without a line break or sentence end within this many bytes, a chunk ends anyway.
const CHUNK_MAX: usize = 4096;

/// Where a chunk may end after `from`: after a line break, or after ". " that follows a word of
/// five or more letters and precedes a capital (so not inside "Nov. 3" or "p.m. Friday").
fn chunk_end(b: &[u8], from: usize) -> Option<usize> {
    let to = (from + CHUNK_MAX).min(b.len());
    (from..to).find_map(|i| match b[i] {
        b'\n' => Some(i + 1),
        b'.' if i >= 5
            && b.get(i + 1) == Some(&b' ')
            && b.get(i + 2).is_some_and(u8::is_ascii_uppercase)
            && b[i - 5..i].iter().all(u8::is_ascii_alphabetic) =>
        {
            Some(i + 2)
        }
        _ => None,
    })
}

fn chunks(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let mut end = (start + CHUNK).min(text.len());
        if end < text.len() {
            end = match chunk_end(text.as_bytes(), end) {
                Some(e) => e,
                None => floor_boundary(text, (end + CHUNK_MAX).min(text.len())).max(end),
            };
        }
        let chunk = (start, end);
        start = end;
        Some(chunk)
    })
}

impl Tagger {
    /// Compiles the built-in rule files. Fails only if a rule file is malformed (the test suite
    /// guarantees the shipped ones are not).
    pub fn new() -> Result<Tagger, RuleError> {
        Tagger::with_rules(RuleSet::load_with(Some(&COMPILED.bytes))?)
    }

    /// A tagger that compiles every rule in this process instead of reading the DFAs built with
    /// the binary (the tests compare the two; results are the same).
    pub fn compiled_here() -> Result<Tagger, RuleError> {
        Tagger::with_rules(RuleSet::load()?)
    }

    fn with_rules(rules: RuleSet) -> Result<Tagger, RuleError> {
        Ok(Tagger {
            rules,
            years: Regex::new(
                r"(?-u:\b)(?:(1[0-9]{3}|20[0-9]{2})|[0-9]{2,4}\s*(?:BC|B\.C\.))(?-u:\b)",
            )
            .expect("static regex"),
        })
    }

    /// The shared tagger, compiled on first use.
    pub fn global() -> &'static Tagger {
        &GLOBAL
    }

    /// Every `example:` line of the rule files, for tests.
    pub fn examples(&self) -> &[Example] {
        &self.rules.examples
    }

    /// The tense cues of tense.txt found in `text`, in text order: (start, end, which way the cue
    /// points). The events code reads tense from these, so there is one list of cues.
    ///
    /// ```
    /// use storyline_timex::{Tagger, CuePoints};
    /// let cues = Tagger::global().tense_cues("Talks will go on; they were halted.");
    /// assert_eq!(cues[0].2, CuePoints::Future);
    /// assert_eq!(cues.last().unwrap().2, CuePoints::Past);
    /// ```
    pub fn tense_cues(&self, text: &str) -> Vec<(usize, usize, CuePoints)> {
        self.rules
            .tense
            .find_iter(text)
            .filter(|c| !c.is("c"))
            .map(|c| (c.start, c.end, cue_points(&c)))
            .collect()
    }

    /// Compiles every rule regex now rather than on first use; fails with file and line if one
    /// is too large for the regex engine (the tests call this on the shipped files).
    pub fn compile_all(&self) -> Result<(), RuleError> {
        self.rules.compile_all()
    }

    /// Compiles every rule now and keeps it, as tagging does on first use: for a process that
    /// will tag many texts (a server, the scorer's protocol), so no request pays for it.
    pub fn warm_all(&self) {
        self.rules.warm_all()
    }

    /// Rules without a literal prefix, which the prefilter wakes on every chunk.
    pub fn rules_always_run(&self) -> usize {
        self.rules.prefilter.always().len()
    }

    /// Number of extraction rules.
    pub fn rule_count(&self) -> usize {
        self.rules.rules.len()
    }

    /// Number of rules whose DFAs came with the binary (the others compile on first use).
    pub fn rules_built_ahead(&self) -> usize {
        self.rules.rules.iter().filter(|r| r.re.is_ahead()).count()
    }

    /// Tags `text` written at `dct`. A DCT outside years 1..=9999 (which TIMEX3 values cannot
    /// spell) is clamped into that range, so date arithmetic never overflows.
    pub fn tag(&self, text: &str, dct: NaiveDate) -> Vec<Timex> {
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut scratch) => {
                let out = self.tag_with(text, dct, &mut scratch);
                scratch.trim();
                out
            }
            Err(_) => self.tag_with(text, dct, &mut Scratch::default()),
        })
    }

    fn tag_with(&self, text: &str, dct: NaiveDate, scratch: &mut Scratch) -> Vec<Timex> {
        let lo = NaiveDate::from_ymd_opt(1, 1, 1).expect("valid date");
        let hi = NaiveDate::from_ymd_opt(9999, 12, 31).expect("valid date");
        let dct = dct.clamp(lo, hi);
        let Scratch {
            picked,
            cands,
            hits,
            cues,
            bounds,
        } = scratch;
        picked.clear();
        for chunk in chunks(text) {
            cands.clear();
            self.candidates(text, chunk, hits, cands);
            resolve_overlaps(cands, picked);
        }
        let years = self.explicit_years(text);
        let narrative = self.is_narrative(text, dct, picked, &years);
        let mut ctx = Ctx::new(dct, narrative);
        if narrative {
            // Until the text names a year, assume its first explicit one.
            ctx.last_year = years.iter().copied().find(|&y| y != 0);
        }
        let mut out: Vec<Timex> = Vec::with_capacity(picked.len());
        let mut cue_sentence = (usize::MAX, 0);
        for &c in picked.iter() {
            let rule = &self.rules.rules[c.rule];
            let (start, end) = (c.start, c.end);
            let (sent_start, sent_end) = sentence_bounds(text, start, end);
            // Only some value functions read the tense; the cues of a sentence are found once.
            let tense = if rule.func.uses_tense() {
                if cue_sentence != (sent_start, sent_end) {
                    cue_sentence = (sent_start, sent_end);
                    self.sentence_cues(text, sent_start, sent_end, cues, bounds);
                }
                // A date a thing is "for" (`mon $month for`) is not the time of the verb
                // before it ("booked trips for February").
                let object = rule.args.last().is_some_and(|a| a == "for");
                nearest_cue(text, cues, bounds, start, end, object)
            } else {
                (Tense::None, false)
            };
            let (tense, backshift) = tense;
            // A future seen from the past ("said on Dec. 29 it would announce results on
            // Jan. 5") counts from the sentence's own past date, not from the DCT, when that
            // date is not set off by a comma ("The minister, who took office in June, said
            // she would visit on Friday" is not counted from June).
            let seen_from = if backshift
                && tense == Tense::Future
                && !ctx.narrative
                && matches!(rule.func, ValueFn::Date | ValueFn::Mon | ValueFn::Wd)
            {
                out.iter()
                    .rev()
                    .take_while(|t| t.start >= sent_start)
                    .take_while(|t| clause_break(&text[t.end.min(start)..start]).is_none())
                    .find_map(|t| past_day(&t.value, ctx.dct))
            } else {
                None
            };
            let Some(re) = rule.re.get() else { continue };
            let mut locs = re.create_captures();
            let input = Input::new(&text[..c.hay_end])
                .range(c.match_start..)
                .anchored(Anchored::Yes);
            re.search_captures(&input, &mut locs);
            if !locs.is_match() {
                continue; // cannot happen: the same search found it before
            }
            let subst = |tpl: &str| self.substitute(tpl, text, rule, &locs);
            let args: Vec<String> = rule.args.iter().map(|a| subst(a)).collect();
            let value = match seen_from {
                Some(day) => {
                    let mut then = ctx.clone();
                    then.dct = day;
                    normalize::eval(rule.func, &args, &then, tense)
                }
                None => normalize::eval(rule.func, &args, &ctx, tense),
            };
            let Some(mut value) = value else {
                continue;
            };
            if let Some(p) = &rule.pod {
                value = format!("{value}T{}", subst(p));
            }
            if let Some(t) = &rule.time {
                let targs: Vec<String> = t.iter().map(|a| subst(a)).collect();
                match normalize::clock(&value, &targs) {
                    Some(v) => value = v,
                    None => continue,
                }
            }
            // An anaphoric clock offset ("two hours later" after "2 p.m.") is a time.
            let kind = if rule.func == ValueFn::Ref && value.as_bytes().get(10) == Some(&b'T') {
                TimexKind::Time
            } else {
                rule.kind
            };
            let anchored = matches!(
                rule.func,
                ValueFn::Rel | ValueFn::Wd | ValueFn::Wdw | ValueFn::Mon | ValueFn::Clockday
            ) || (rule.func == ValueFn::Date
                && args.first().is_some_and(|y| y.starts_with('?')));
            let anchor = if let Some(day) = seen_from {
                Some(normalize::fmt_day(day))
            } else if rule.func == ValueFn::Ref {
                ctx.last_day.map(normalize::fmt_day)
            } else if anchored {
                Some(normalize::fmt_day(ctx.dct))
            } else {
                None
            };
            // In a narrative, a bare year sets the scene only when it opens its sentence ("In
            // 1975, ..."); one in passing ("declassified in 2005") must not move the story.
            let in_passing = ctx.narrative
                && value.len() == 4
                && ctx.last_month.is_some()
                && text[sent_start..start].split_whitespace().count() > 2;
            // A comparison with the same period a year back ("from the year-ago quarter",
            // "the same month a year ago") does not move the period in focus.
            let comparison = rule.func == ValueFn::Yearago && value.len() > 4;
            if matches!(kind, TimexKind::Date | TimexKind::Time) && !in_passing && !comparison {
                ctx.remember(&value);
            }
            if !ctx.narrative {
                self.move_scene(&mut ctx, rule.func, &args, &value, text, sent_start, start);
            }
            let prev_end = out.last().map(|t| t.end).unwrap_or(0);
            let (start, mut modifier) = match self.modifier(text, start, end, kind, prev_end) {
                Some((s, m)) => (s, m),
                None => (start, None),
            };
            // A mod the rule itself sets ("the late 19th century", "year-end").
            if modifier.is_none() {
                modifier = rule.tmod.as_deref().and_then(|m| self.rule_mod(m, &subst));
            }
            out.push(Timex {
                start,
                end,
                kind,
                value,
                modifier,
                anchor,
            });
        }
        out
    }

    /// The tense cues of the sentence `text[ss..se]` (start, end, tense, extra distance) and
    /// where its clauses begin: a `CLAUSE` word ("that", "which"), or an `OPENS` word followed
    /// by a cue within its count of words ("to be reunited", "and could spread", "she would").
    /// This is the light parse the cue search reads: one verb group per clause.
    fn sentence_cues(
        &self,
        text: &str,
        ss: usize,
        se: usize,
        cues: &mut Vec<(usize, usize, Tense, usize, bool)>,
        bounds: &mut Vec<usize>,
    ) {
        cues.clear();
        bounds.clear();
        let sent = &text[ss..se];
        for c in self.rules.tense.find_iter(sent) {
            if c.is("c") {
                bounds.push(ss + c.start);
                continue;
            }
            // A neutral cue (a plan told in the past: "had been set for") governs its date
            // without pointing either way.
            let t = match cue_points(&c) {
                CuePoints::Neither => Tense::None,
                CuePoints::Future => Tense::Future,
                CuePoints::Past => Tense::Past,
            };
            // "hit", "put": past only if nothing more explicit is near.
            let extra = if c.is("w") { WEAK_CUE_PENALTY } else { 0 };
            let backshift = c.is("i");
            cues.push((ss + c.start, ss + c.end, t, extra, backshift));
        }
        if cues.is_empty() {
            return;
        }
        // A clause opened by a `CLAUSE` word holds one verb group: a second one after it is
        // the verb of the clause around it ("investors who bought shares in January | could
        // lose money"), so a clause begins there too. Cues at most one word apart form one
        // group ("had been expected to", "was later arrested").
        let opened = bounds.len();
        for bi in 0..opened {
            let p = bounds[bi];
            let mut group_end = None;
            for &(ms, me, ..) in cues.iter().filter(|c| c.0 >= p) {
                match group_end {
                    None => group_end = Some(me),
                    Some(ge) if word_spans(&text[ge.min(ms)..ms]).count() <= 1 => {
                        group_end = Some(me.max(ge))
                    }
                    Some(ge) => {
                        let other = bounds[..opened].iter().any(|&q| p < q && q < ms);
                        if !other && clause_break(&text[ge.min(ms)..ms]).is_none() {
                            bounds.push(ms);
                        }
                        break;
                    }
                }
            }
        }
        if self.rules.openers.is_empty() {
            bounds.sort_unstable();
            return;
        }
        // Words of the sentence, in order; an opener opens a clause if the next cue starts at
        // it or within its count of words after it.
        let words: Vec<(usize, usize)> = word_spans(sent).map(|(a, b)| (ss + a, ss + b)).collect();
        let mut next_cue = 0;
        for (i, &(ws, we)) in words.iter().enumerate() {
            let Some(&(_, n)) = self
                .rules
                .openers
                .iter()
                .find(|(w, _)| text[ws..we].eq_ignore_ascii_case(w))
            else {
                continue;
            };
            while next_cue < cues.len() && cues[next_cue].0 < ws {
                next_cue += 1;
            }
            // Right after a cue the word continues its verb group ("is expected to hit").
            let after_cue = next_cue
                .checked_sub(1)
                .is_some_and(|k| text[cues[k].1.min(ws)..ws].trim().is_empty());
            if after_cue {
                continue;
            }
            let Some(&(ms, ..)) = cues.get(next_cue) else {
                break;
            };
            let between = words[i + 1..].iter().take_while(|w| w.0 < ms).count();
            if between <= n {
                bounds.push(ws);
            }
        }
        bounds.sort_unstable();
    }

    /// The narrative reference time of a news text: an explicit past year that opens its
    /// sentence ("In 2019, ...", "The 2016 election", "On March 3, 2019, ...") sets the scene
    /// there; an expression anchored to the DCT ("on Monday", "last week") or an explicit
    /// year that is not past brings the text back. A year in passing ("founded in 1998") does
    /// not move a report.
    #[allow(clippy::too_many_arguments)]
    fn move_scene(
        &self,
        ctx: &mut Ctx,
        func: ValueFn,
        args: &[String],
        value: &str,
        text: &str,
        sent_start: usize,
        start: usize,
    ) {
        let explicit = match func {
            ValueFn::Year => true,
            ValueFn::Date => args.first().is_some_and(|y| {
                let y = y.trim_start_matches('?');
                !y.is_empty() && y.bytes().all(|b| b.is_ascii_digit())
            }),
            ValueFn::Rel
            | ValueFn::Wd
            | ValueFn::Wdw
            | ValueFn::Clockday
            | ValueFn::Night
            | ValueFn::Weekend => {
                ctx.scene = None;
                return;
            }
            _ => false,
        };
        let year: Option<i32> = value.get(..4).and_then(|y| y.parse().ok());
        let (true, Some(year)) = (explicit, year) else {
            return;
        };
        if year >= ctx.dct.year() {
            ctx.scene = None;
        } else if text[sent_start..start].split_whitespace().count() <= SCENE_WORDS {
            ctx.scene = Some(year);
        }
    }

    /// Every rule's accepted matches starting in `text[cs..ce]`.
    fn candidates(
        &self,
        text: &str,
        (cs, ce): (usize, usize),
        hits: &mut rules::Hits,
        out: &mut Vec<Cand>,
    ) {
        let hay = &text[..ce];
        self.rules.prefilter.hits(text, cs, ce, hits);
        // A match can start only where its rule's prefix literal occurs: try each such
        // position anchored, left to right, skipping positions inside the last match taken
        // (the same matches an unanchored left-to-right scan finds).
        for &ri in &hits.used {
            let positions = hits.of(ri).iter().copied();
            self.rule_matches(text, hay, cs, ce, ri, Anchored::Yes, positions, out);
        }
        for &ri in self.rules.prefilter.always() {
            self.rule_matches(
                text,
                hay,
                cs,
                ce,
                ri,
                Anchored::No,
                std::iter::once(cs),
                out,
            );
        }
    }

    /// The accepted matches of rule `ri` starting at `starts` (anchored) or anywhere from the
    /// first of them on (unanchored).
    #[allow(clippy::too_many_arguments)]
    fn rule_matches(
        &self,
        text: &str,
        hay: &str,
        cs: usize,
        ce: usize,
        ri: usize,
        anchored: Anchored,
        starts: impl Iterator<Item = usize>,
        out: &mut Vec<Cand>,
    ) {
        let rule = &self.rules.rules[ri];
        let Some(re) = rule.re.get() else { return };
        let mut locs = None;
        let mut taken_to = cs;
        for start in starts {
            let mut pos = start.max(taken_to);
            if anchored == Anchored::Yes && pos > start {
                continue;
            }
            while pos < ce {
                let input = Input::new(hay).range(pos..).anchored(anchored);
                // Most anchored tries fail: find that out without asking for groups.
                if anchored == Anchored::Yes && re.search_half(&input).is_none() {
                    break;
                }
                let locs = locs.get_or_insert_with(|| re.create_captures());
                re.search_captures(&input, locs);
                let Some(span) = locs.get_group(rule.m_group) else {
                    break;
                };
                let (s, e) = (span.start, span.end);
                if s == e || !self.accept(text, s, e, rule) {
                    pos = next_char(text, s);
                    if anchored == Anchored::Yes {
                        break;
                    }
                    continue;
                }
                // Overlaps are judged on the reported extent, not the context around it.
                let (ts, te) = rule
                    .t_group
                    .and_then(|i| locs.get_group(i))
                    .map_or((s, e), |sp| (sp.start, sp.end));
                out.push(Cand {
                    start: ts,
                    end: te,
                    rule: ri,
                    match_start: s,
                    hay_end: ce,
                });
                pos = e;
                taken_to = e;
                if anchored == Anchored::Yes {
                    break;
                }
            }
        }
    }

    fn accept(&self, text: &str, s: usize, e: usize, rule: &rules::Rule) -> bool {
        let before = text[..s].chars().next_back();
        let first = text[s..e].chars().next();
        let last = text[s..e].chars().next_back();
        let after = text[e..].chars().next();
        let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
        if (word(before) && word(first)) || (word(after) && word(last)) {
            return false;
        }
        if let Some(nb) = &rule.not_before {
            let lo = floor_boundary(text, s.saturating_sub(48));
            if nb.is_match(&text[lo..s]) {
                return false;
            }
        }
        if let Some(na) = &rule.not_after {
            let hi = floor_boundary(text, (e + 64).min(text.len()));
            if na.is_match(&text[e..hi]) {
                return false;
            }
        }
        true
    }

    /// Replaces `$group` in a value template with the group's normalised text.
    fn substitute(
        &self,
        tpl: &str,
        text: &str,
        rule: &rules::Rule,
        caps: &regex_automata::util::captures::Captures,
    ) -> String {
        if !tpl.contains('$') {
            return tpl.to_string();
        }
        let mut out = String::new();
        let mut rest = tpl;
        while let Some(i) = rest.find('$') {
            out.push_str(&rest[..i]);
            let after = &rest[i + 1..];
            let n = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            let name = &after[..n];
            if let Some((idx, _, lex)) = rule.groups.iter().find(|(_, g, _)| g == name) {
                if let Some(sp) = caps.get_group(*idx) {
                    out.push_str(&self.norm_group(name, *lex, &text[sp.start..sp.end]));
                }
            }
            rest = &after[n..];
        }
        out.push_str(rest);
        // `-$num` with a negative number.
        if let Some(s) = out.strip_prefix("--") {
            return s.to_string();
        }
        out
    }

    fn norm_group(&self, name: &str, lex: Option<usize>, raw: &str) -> String {
        let base = name.trim_end_matches(|c: char| c.is_ascii_digit());
        match (base, lex) {
            ("num", Some(l)) => parse_number(raw, &self.rules.lexicons[l]),
            ("ord", Some(l)) => {
                let digits: String = raw.chars().take_while(char::is_ascii_digit).collect();
                if !digits.is_empty() {
                    digits
                } else {
                    self.rules.lexicons[l].get(raw).unwrap_or("").to_string()
                }
            }
            (_, Some(l)) => match self.rules.lexicons[l].get(raw) {
                Some(v) => v.to_string(),
                None => raw.to_string(),
            },
            _ => raw.to_string(),
        }
    }

    /// A rule's `mod`: a token, or a group's text looked up among the modifier phrases.
    fn rule_mod(&self, m: &str, subst: &dyn Fn(&str) -> String) -> Option<String> {
        if !m.starts_with('$') {
            return Some(m.to_string());
        }
        let words = subst(m);
        let words = words.trim().trim_end_matches(['-', ' ']);
        if words.is_empty() {
            return None;
        }
        self.rules
            .modifiers
            .iter()
            .find(|md| md.phrase.trim_end_matches('-').eq_ignore_ascii_case(words))
            .and_then(|md| md.tmod.clone())
    }

    /// A modifier phrase directly before `start`: (new start, TIMEX3 mod).
    fn modifier(
        &self,
        text: &str,
        start: usize,
        end: usize,
        kind: TimexKind,
        floor: usize,
    ) -> Option<(usize, Option<String>)> {
        let lo = floor_boundary(text, start.saturating_sub(40)).max(floor);
        let win = &text[lo..start];
        let trimmed = win.trim_end_matches([' ', '\t']);
        let spaced = trimmed.len() < win.len();
        let starts_the = text[start..]
            .get(..4)
            .is_some_and(|p| p.eq_ignore_ascii_case("the "));
        for md in &self.rules.modifiers {
            let (phrase, m) = (&md.phrase, &md.tmod);
            if !md.kinds.contains(&kind) {
                continue;
            }
            let glued = phrase.ends_with('-');
            let cand = if glued { win } else { trimmed };
            if (!glued && !spaced) || cand.len() < phrase.len() {
                continue;
            }
            let at = cand.len() - phrase.len();
            if !cand.is_char_boundary(at) || !cand[at..].eq_ignore_ascii_case(phrase) {
                continue;
            }
            if cand[..at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric())
                || (at == 0
                    && lo > 0
                    && text[..lo]
                        .chars()
                        .next_back()
                        .is_some_and(|c| c.is_alphanumeric()))
            {
                continue;
            }
            // "over the past year": the preposition is not part of the duration.
            if starts_the
                && (md.ends.is_some()
                    || m.as_deref()
                        .is_some_and(|m| m.contains("THAN") || m.starts_with("EQUAL")))
            {
                continue;
            }
            if let Some(ends) = &md.ends {
                let last = text[start..end]
                    .split_whitespace()
                    .next_back()
                    .unwrap_or("");
                if !ends.iter().any(|w| w.eq_ignore_ascii_case(last)) {
                    continue;
                }
            }
            if let Some(after) = &md.after {
                let prev = cand[..at].split_whitespace().next_back().unwrap_or("");
                if !after.iter().any(|w| w.eq_ignore_ascii_case(prev)) {
                    continue;
                }
            }
            return Some((lo + at, m.clone()));
        }
        None
    }

    /// The explicit years of `text` in order, 0 for a BC year. One search without groups: a
    /// match is the 4-digit year alternative exactly when it is all digits (the BC one ends in
    /// letters).
    fn explicit_years(&self, text: &str) -> Vec<i32> {
        self.years
            .find_iter(text)
            .map(|m| {
                let s = m.as_str();
                if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) {
                    s.parse().unwrap_or(0)
                } else {
                    0
                }
            })
            .collect()
    }

    /// History writing rather than news: most explicit years (`years`, from
    /// [`Self::explicit_years`]) lie well before the DCT.
    fn is_narrative(&self, text: &str, dct: NaiveDate, picked: &[Cand], years: &[i32]) -> bool {
        // A bare weekday ("said Tuesday", "last Friday") anywhere is news evidence: a history
        // dates its days in full and names a weekday alone rarely (WikiWars: 3 in 22 texts
        // with over 1,000 old years). A few background years or captions before the first
        // weekday must not turn a news report into a narrative that moves its weekdays back.
        let weekdays = picked
            .iter()
            .filter(|c| {
                self.rules
                    .rules
                    .get(c.rule)
                    .is_some_and(|r| r.func == ValueFn::Wd)
            })
            .count();
        let (mut near, mut far) = (0usize, 0usize);
        // BC years (0) count as far.
        for &y in years {
            if (y - dct.year()).abs() <= 1 {
                near += 1;
            } else if y < dct.year() - 1 {
                far += 1;
            }
        }
        far >= 5
            && 2 * far > 3 * near
            && weekdays * WEEKDAY_WEIGHT < far
            && !self.rules.news_cues.iter().any(|(window, re)| {
                re.is_match(&text[..floor_boundary(text, text.len().min(*window))])
            })
    }
}

/// How much farther a past-or-present form ("hit", "put") counts than a plain cue, in bytes.
const WEAK_CUE_PENALTY: usize = 30;

/// How much farther a cue beyond a clause boundary counts, in bytes.
const CLAUSE_PENALTY: usize = 60;

/// How much farther a cue after the date counts than one before it, in bytes.
const RIGHT_PENALTY: usize = 8;

/// An explicit year sets a news text's scene only within this many words of its sentence start.
const SCENE_WORDS: usize = 1;

/// One bare weekday outweighs this many old years in [`Tagger::is_narrative`].
const WEEKDAY_WEIGHT: usize = 10;

/// The tense cue nearest to `[start, end)`, ignoring cues inside the expression itself. A
/// clause boundary between cue and expression (a comma, or a word tense.txt marks `CLAUSE`:
/// "told reporters on Thursday that she would resign") makes the cue farther: the cue of
/// another clause governs the expression only when its own clause has none. The date of what
/// a verb's object is for (`object`: "booked trips for February") takes no past cue before it:
/// the booking is past, the trip may not be; a cue after it ("sales for March were") or a
/// future one still governs, and with none the date is the nearest occurrence.
/// Which way a tense cue points, by its kind (tense.txt): a neutral one neither, a future or a
/// future seen from the past forward, any other back.
fn cue_points(c: &rules::Cue) -> CuePoints {
    if c.is("n") {
        CuePoints::Neither
    } else if c.is("f") || c.is("i") {
        CuePoints::Future
    } else {
        CuePoints::Past
    }
}

/// Where the first comma or semicolon of `s` is that can end a clause: not one between two
/// digits ("80,000 pounds"), which is part of a number.
fn clause_break(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    s.match_indices([',', ';']).map(|(i, _)| i).find(|&i| {
        !(b[i] == b','
            && i > 0
            && b[i - 1].is_ascii_digit()
            && b.get(i + 1).is_some_and(u8::is_ascii_digit))
    })
}

fn nearest_cue(
    text: &str,
    cues: &[(usize, usize, Tense, usize, bool)],
    bounds: &[usize],
    start: usize,
    end: usize,
    object: bool,
) -> (Tense, bool) {
    // A clause set off by commas ("The grocer, which reports its results in June, said ...")
    // with no cue of its own is in the present: the cues around it do not govern its dates.
    let own = bounds.iter().rev().find(|&&p| p <= start).filter(|&&p| {
        text[..p].trim_end().ends_with(',') && clause_break(&text[p..start]).is_none()
    });
    if let Some(&p) = own {
        let close = clause_break(&text[end..]).map_or(text.len(), |k| end + k);
        let inside = |&&(ms, me, ..): &&(usize, usize, Tense, usize, bool)| {
            ms >= p && me <= close && (me <= start || ms >= end)
        };
        if !cues.iter().any(|c| inside(&c)) {
            return (Tense::None, false);
        }
    }
    let mut best: Option<(usize, Tense, bool)> = None;
    for &(ms, me, t, extra, backshift) in cues {
        if (ms < end && me > start) || (object && me <= start && t == Tense::Past) {
            continue;
        }
        let (a, b) = if me <= start { (me, start) } else { (end, ms) };
        // A clause boundary between cue and expression makes the cue less likely to govern it.
        // A clause may begin at the cue itself ("to be reunited" after the date).
        let right = ms >= end;
        let crossed = clause_break(&text[a..b]).is_some()
            || bounds
                .iter()
                .any(|&p| a <= p && (p < b || (right && p == b)));
        // English adjuncts follow the verb they modify: the verb group before the date is
        // the likelier governor ("a strike that began on Thursday could last weeks").
        let lean = if right { RIGHT_PENALTY } else { 0 };
        let dist = (b - a) + extra + lean + if crossed { CLAUSE_PENALTY } else { 0 };
        let better = match best {
            None => true,
            Some((d, bt, _)) => {
                dist < d || (dist == d && t == Tense::Future && bt != Tense::Future)
            }
        };
        if better {
            best = Some((dist, t, backshift));
        }
    }
    best.map(|b| (b.1, b.2)).unwrap_or((Tense::None, false))
}

/// Longest match first, then rule order; drop anything overlapping an earlier pick. The picks
/// are appended to `out` in text order.
fn resolve_overlaps(cands: &mut [Cand], out: &mut Vec<Cand>) {
    cands.sort_by(|a, b| {
        (b.end - b.start)
            .cmp(&(a.end - a.start))
            .then(a.rule.cmp(&b.rule))
            .then(a.start.cmp(&b.start))
    });
    let mut taken: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    let first = out.len();
    for c in cands.iter() {
        let clash_before = taken
            .range(..c.end)
            .next_back()
            .is_some_and(|(_, &e)| e > c.start);
        if clash_before {
            continue;
        }
        taken.insert(c.start, c.end);
        out.push(*c);
    }
    out[first..].sort_by_key(|c| c.start);
}

fn parse_number(raw: &str, lex: &rules::Lexicon) -> String {
    let t = raw.trim();
    if t.chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return t.replace(',', "");
    }
    if let Some(v) = lex.get(t) {
        return v.to_string();
    }
    let mut total: i64 = 0;
    for tok in t.split(['-', ' ']).filter(|s| !s.is_empty() && *s != "and") {
        match lex.get(tok) {
            Some("X") => return "X".to_string(),
            Some(v) => {
                let n: i64 = v.parse().unwrap_or(0);
                if n == 100 {
                    total = total.max(1) * 100;
                } else {
                    total += n;
                }
            }
            None => return "X".to_string(),
        }
    }
    total.to_string()
}

/// The day a DATE value names (the first of its month for a month) if it lies before `dct`.
fn past_day(value: &str, dct: NaiveDate) -> Option<NaiveDate> {
    let day = match value.len() {
        10 => NaiveDate::parse_from_str(value, "%Y-%m-%d").ok()?,
        7 => NaiveDate::parse_from_str(&format!("{value}-01"), "%Y-%m-%d").ok()?,
        _ => return None,
    };
    (day < dct).then_some(day)
}

/// Byte spans of the words of `s` (letters, digits, apostrophes).
fn word_spans(s: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let is_word = |c: char| c.is_alphanumeric() || c == '\'' || c == '\u{2019}';
    let mut i = 0;
    std::iter::from_fn(move || {
        let rest = &s[i..];
        let a = i + rest.find(is_word)?;
        let b = s[a..]
            .find(|c: char| !is_word(c))
            .map_or(s.len(), |k| a + k);
        i = b;
        Some((a, b))
    })
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn next_char(text: &str, i: usize) -> usize {
    i + text[i..].chars().next().map(char::len_utf8).unwrap_or(1)
}

/// Whether the period at `i` is an abbreviation's before a number ("Dec. 29", "No. 3"):
/// a sentence rarely opens with a digit.
fn before_number(b: &[u8], i: usize) -> bool {
    b[i] == b'.' && b.get(i + 2).is_some_and(u8::is_ascii_digit)
}

/// The sentence around `[start, end)`: up to a line break or sentence-final punctuation,
/// looking at most a few hundred bytes either way.
fn sentence_bounds(text: &str, start: usize, end: usize) -> (usize, usize) {
    let b = text.as_bytes();
    let lo_limit = start.saturating_sub(400);
    let mut s = start;
    while s > lo_limit {
        let c = b[s - 1];
        if c == b'\n'
            || ((c == b'.' || c == b'?' || c == b'!')
                && b.get(s).is_some_and(|n| *n == b' ')
                && !before_number(b, s - 1))
        {
            break;
        }
        s -= 1;
    }
    let hi_limit = (end + 400).min(b.len());
    let mut e = end;
    while e < hi_limit {
        let c = b[e];
        if c == b'\n'
            || ((c == b'.' || c == b'?' || c == b'!')
                && b.get(e + 1).is_none_or(|n| *n == b' ')
                && !before_number(b, e))
        {
            break;
        }
        e += 1;
    }
    (floor_boundary(text, s), floor_boundary(text, e))
}
