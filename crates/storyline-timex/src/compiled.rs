//! Rule automata compiled when the crate is built. The build script (`build.rs`) loads the rule
//! files with the same code a process uses, builds each rule's dense DFAs and writes them, with
//! what the rule's pattern tells ([`Analysis`]), to one file the crate includes. A process then
//! parses no rule pattern and determinises nothing at load: it reads the DFAs in place, and
//! compiles a rule's NFA only when the rule first matches (for its groups).
//!
//! Each entry carries its full pattern and flags; the loader uses an entry only for the very
//! pattern it was built from, and compiles any other rule itself, so a stale file cannot change
//! a result.

use std::sync::Arc;

use regex_automata::nfa::thompson::{self, State, Transition, NFA};
use regex_automata::util::look::Look;
use regex_automata::util::primitives::{PatternID, StateID};

use super::rules::{AheadBytes, Analysis, RuleError, RuleSet};

/// What the build script wrote, decoded.
#[derive(Debug, Default)]
pub(crate) struct Compiled {
    pub rules: Vec<Entry>,
    /// The tense cues' DFAs, with the patterns they were built from.
    pub cues: Option<CueEntry>,
    /// The context checks' DFAs (`not_before`, `not_after`), by pattern.
    pub checks: std::collections::HashMap<&'static str, &'static [u8]>,
}

#[derive(Debug)]
pub(crate) struct CueEntry {
    pub patterns: Vec<String>,
    pub dfas: AheadBytes,
}

const MAGIC: &[u8; 8] = b"SLTXDFA2";

/// Alignment of each DFA in the blob, and of the blob (see `Aligned` in lib.rs).
pub(crate) const ALIGN: usize = 8;

/// One rule as the build script compiled it.
#[derive(Debug)]
pub(crate) struct Entry {
    pub pat: &'static str,
    pub case_insensitive: bool,
    pub analysis: Analysis,
    /// `None` when the rule has no DFA (too large to build): it is compiled at run time.
    pub dfas: Option<AheadBytes>,
}

/// Builds every rule's DFAs: the bytes the build script writes. A rule whose DFA cannot be built
/// is stored without one (and compiled at run time); a broken rule file is an error.
pub fn build() -> Result<Vec<u8>, RuleError> {
    let set = RuleSet::load()?;
    let mut out = MAGIC.to_vec();
    put_u32(&mut out, set.rules.len());
    for (rule, analysis) in set.rules.iter().zip(&set.analyses) {
        let (pat, case_insensitive) = rule.re.pattern();
        put_bytes(&mut out, pat.as_bytes());
        out.push(u8::from(case_insensitive));
        put_lits(&mut out, analysis.prefixes.as_deref());
        put_lits(&mut out, analysis.suffixes.as_deref());
        put_u32(&mut out, analysis.names.len());
        for (i, name) in &analysis.names {
            put_u32(&mut out, *i);
            put_bytes(&mut out, name.as_bytes());
        }
        match rule.re.dfa_bytes() {
            Ok((fwd, rev)) => {
                out.push(1);
                put_dfa(&mut out, &fwd);
                match rev {
                    Some(r) => {
                        out.push(1);
                        put_dfa(&mut out, &r);
                    }
                    None => out.push(0),
                }
            }
            Err(_) => out.push(0),
        }
        match rule.re.captor_nfa_bytes() {
            Some(nfa) => {
                out.push(1);
                put_bytes(&mut out, &nfa);
            }
            None => out.push(0),
        }
    }
    match set.tense.dfa_bytes() {
        Ok((fwd, rev)) => {
            out.push(1);
            put_u32(&mut out, set.tense.patterns().len());
            for p in set.tense.patterns() {
                put_bytes(&mut out, p.as_bytes());
            }
            put_dfa(&mut out, &fwd);
            put_dfa(&mut out, &rev);
        }
        Err(_) => out.push(0),
    }
    let patterns: std::collections::BTreeSet<&str> = set
        .rules
        .iter()
        .flat_map(|r| r.not_before.iter().chain(r.not_after.iter()))
        .map(|c| c.pattern())
        .collect();
    let checks: Vec<(&str, Vec<u8>)> = patterns
        .into_iter()
        .filter_map(|p| Some((p, super::rules::LazyNarrowed::dfa_bytes_of(p).ok()?)))
        .collect();
    put_u32(&mut out, checks.len());
    for (pat, dfa) in checks {
        put_bytes(&mut out, pat.as_bytes());
        put_dfa(&mut out, &dfa);
    }
    Ok(out)
}

/// A rule's Thompson NFA (the one its groups are read with), written state by state. Rebuilt
/// with `regex-automata`'s NFA builder, it is the same NFA, for a fraction of what parsing and
/// compiling the pattern costs; [`nfa_to_bytes`] checks that before it writes one.
pub(crate) fn nfa_from_bytes(bytes: &[u8]) -> Option<NFA> {
    let mut r = Reader { all: bytes, at: 0 };
    let id = |r: &mut Reader| r.u32().and_then(|n| StateID::new(n).ok());
    let (start_anchored, start_unanchored, start) = (id(&mut r)?, id(&mut r)?, id(&mut r)?);
    let utf8 = r.flag()?;
    let mut names = Vec::new();
    for _ in 0..r.u32()? {
        names.push(if r.flag()? {
            Some(Arc::<str>::from(std::str::from_utf8(r.bytes()?).ok()?))
        } else {
            None
        });
    }
    let mut b = thompson::Builder::new();
    b.set_utf8(utf8);
    b.start_pattern().ok()?;
    let trans = |r: &mut Reader| -> Option<Transition> {
        let (start, end) = (r.take(1)?[0], r.take(1)?[0]);
        Some(Transition {
            start,
            end,
            next: id(r)?,
        })
    };
    for _ in 0..r.u32()? {
        match r.take(1)?[0] {
            0 => b.add_range(trans(&mut r)?),
            1 => {
                let n = r.u32()?;
                let mut ts = Vec::with_capacity(n.min(256));
                for _ in 0..n {
                    ts.push(trans(&mut r)?);
                }
                b.add_sparse(ts)
            }
            2 => {
                let look = Look::from_repr(u32::try_from(r.u32()?).ok()?)?;
                b.add_look(id(&mut r)?, look)
            }
            3 => {
                let n = r.u32()?;
                let mut alts = Vec::with_capacity(n.min(4096));
                for _ in 0..n {
                    alts.push(id(&mut r)?);
                }
                b.add_union(alts)
            }
            4 => {
                let next = id(&mut r)?;
                let group = u32::try_from(r.u32()?).ok()?;
                let name = names.get(usize::try_from(group).ok()?)?.clone();
                b.add_capture_start(next, group, name)
            }
            5 => {
                let next = id(&mut r)?;
                b.add_capture_end(next, u32::try_from(r.u32()?).ok()?)
            }
            6 => b.add_fail(),
            7 => b.add_match(),
            _ => return None,
        }
        .ok()?;
    }
    b.finish_pattern(start).ok()?;
    if r.at != bytes.len() {
        return None;
    }
    b.build(start_anchored, start_unanchored).ok()
}

/// `nfa` written for [`nfa_from_bytes`]; `None` for an NFA it would not rebuild exactly (more
/// than one pattern, or states the builder renumbers), which is then compiled at run time.
pub(crate) fn nfa_to_bytes(nfa: &NFA) -> Option<Vec<u8>> {
    if nfa.pattern_len() != 1 {
        return None;
    }
    let pid = PatternID::ZERO;
    let mut out = Vec::new();
    put_u32(&mut out, nfa.start_anchored().as_usize());
    put_u32(&mut out, nfa.start_unanchored().as_usize());
    put_u32(&mut out, nfa.start_pattern(pid)?.as_usize());
    out.push(u8::from(nfa.is_utf8()));
    let names: Vec<Option<&str>> = nfa.group_info().pattern_names(pid).collect();
    put_u32(&mut out, names.len());
    for n in &names {
        match n {
            Some(n) => {
                out.push(1);
                put_bytes(&mut out, n.as_bytes());
            }
            None => out.push(0),
        }
    }
    let put_trans = |out: &mut Vec<u8>, t: &Transition| {
        out.push(t.start);
        out.push(t.end);
        put_u32(out, t.next.as_usize());
    };
    put_u32(&mut out, nfa.states().len());
    for state in nfa.states() {
        match state {
            State::ByteRange { trans } => {
                out.push(0);
                put_trans(&mut out, trans);
            }
            State::Sparse(s) => {
                out.push(1);
                put_u32(&mut out, s.transitions.len());
                for t in s.transitions.iter() {
                    put_trans(&mut out, t);
                }
            }
            State::Look { look, next } => {
                out.push(2);
                put_u32(&mut out, look.as_repr() as usize);
                put_u32(&mut out, next.as_usize());
            }
            State::Union { alternates } => {
                out.push(3);
                put_u32(&mut out, alternates.len());
                for a in alternates.iter() {
                    put_u32(&mut out, a.as_usize());
                }
            }
            State::BinaryUnion { alt1, alt2 } => {
                out.push(3);
                put_u32(&mut out, 2);
                put_u32(&mut out, alt1.as_usize());
                put_u32(&mut out, alt2.as_usize());
            }
            State::Capture {
                next,
                group_index,
                slot,
                ..
            } => {
                // A group's start fills its even slot, its end the odd one.
                out.push(if slot.as_usize() % 2 == 0 { 4 } else { 5 });
                put_u32(&mut out, next.as_usize());
                put_u32(&mut out, group_index.as_usize());
            }
            State::Fail => out.push(6),
            State::Match { .. } => out.push(7),
            State::Dense(_) => return None,
        }
    }
    // Only what rebuilds to the very same NFA is written.
    let back = nfa_from_bytes(&out)?;
    let same = format!("{back:?}") == format!("{nfa:?}")
        && back
            .group_info()
            .pattern_names(pid)
            .eq(names.iter().copied());
    same.then_some(out)
}

fn put_u32(out: &mut Vec<u8>, n: usize) {
    let n = u32::try_from(n).expect("rule data fits in u32 lengths");
    out.extend_from_slice(&n.to_le_bytes());
}

fn put_bytes(out: &mut Vec<u8>, b: &[u8]) {
    put_u32(out, b.len());
    out.extend_from_slice(b);
}

/// A DFA's bytes start at a multiple of [`ALIGN`] from the start of the blob, which is itself
/// so aligned in the binary: a dense DFA is read in place as `u32`s.
fn put_dfa(out: &mut Vec<u8>, b: &[u8]) {
    put_u32(out, b.len());
    out.resize(out.len().next_multiple_of(ALIGN), 0);
    out.extend_from_slice(b);
}

fn put_lits(out: &mut Vec<u8>, lits: Option<&[Vec<u8>]>) {
    match lits {
        None => out.push(0),
        Some(ls) => {
            out.push(1);
            put_u32(out, ls.len());
            for l in ls {
                put_bytes(out, l);
            }
        }
    }
}

/// Reads what [`build`] wrote; `None` if it is not that (then every rule compiles at run time).
pub(crate) fn decode(bytes: &'static [u8]) -> Option<Compiled> {
    let mut r = Reader { all: bytes, at: 0 };
    if r.take(MAGIC.len())? != MAGIC {
        return None;
    }
    let n = r.u32()?;
    let mut entries = Vec::with_capacity(n.min(4096));
    for _ in 0..n {
        let pat = std::str::from_utf8(r.bytes()?).ok()?;
        let case_insensitive = r.flag()?;
        let prefixes = r.lits()?;
        let suffixes = r.lits()?;
        let mut names = Vec::new();
        for _ in 0..r.u32()? {
            let i = r.u32()?;
            names.push((i, std::str::from_utf8(r.bytes()?).ok()?.to_string()));
        }
        let dfas = if r.flag()? {
            let fwd = r.dfa()?;
            let rev = if r.flag()? { Some(r.dfa()?) } else { None };
            Some((fwd, rev))
        } else {
            None
        };
        let nfa = if r.flag()? { Some(r.bytes()?) } else { None };
        let dfas = dfas.map(|(fwd, rev)| AheadBytes { fwd, rev, nfa });
        entries.push(Entry {
            pat,
            case_insensitive,
            analysis: Analysis {
                prefixes,
                suffixes,
                names,
            },
            dfas,
        });
    }
    let cues = if r.flag()? {
        let mut patterns = Vec::new();
        for _ in 0..r.u32()? {
            patterns.push(std::str::from_utf8(r.bytes()?).ok()?.to_string());
        }
        let fwd = r.dfa()?;
        let rev = r.dfa()?;
        Some(CueEntry {
            patterns,
            dfas: AheadBytes {
                fwd,
                rev: Some(rev),
                nfa: None,
            },
        })
    } else {
        None
    };
    let mut checks = std::collections::HashMap::new();
    for _ in 0..r.u32()? {
        let pat = std::str::from_utf8(r.bytes()?).ok()?;
        checks.insert(pat, r.dfa()?);
    }
    (r.at == bytes.len()).then_some(Compiled {
        rules: entries,
        cues,
        checks,
    })
}

struct Reader<'a> {
    all: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let b = self.all.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(b)
    }

    fn u32(&mut self) -> Option<usize> {
        let b = self.take(4)?;
        usize::try_from(u32::from_le_bytes(b.try_into().ok()?)).ok()
    }

    fn flag(&mut self) -> Option<bool> {
        match self.take(1)?[0] {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }

    fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = self.u32()?;
        self.take(n)
    }

    fn dfa(&mut self) -> Option<&'a [u8]> {
        let n = self.u32()?;
        self.at = self.at.next_multiple_of(ALIGN);
        self.take(n)
    }

    fn lits(&mut self) -> Option<Option<Vec<Vec<u8>>>> {
        if !self.flag()? {
            return Some(None);
        }
        let n = self.u32()?;
        let mut v = Vec::with_capacity(n.min(4096));
        for _ in 0..n {
            v.push(self.bytes()?.to_vec());
        }
        Some(Some(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex_automata::dfa::dense;

    #[test]
    fn every_rule_has_dfas_that_pass_full_validation() {
        let compiled = decode(&crate::COMPILED.bytes).expect("the build script's output decodes");
        let entries = compiled.rules;
        let set = RuleSet::load().unwrap();
        let cues = compiled.cues.expect("the tense cues have DFAs");
        assert_eq!(cues.patterns, set.tense.patterns());
        dense::DFA::from_bytes(cues.dfas.fwd).unwrap();
        dense::DFA::from_bytes(cues.dfas.rev.unwrap()).unwrap();
        let mut checks = std::collections::HashSet::new();
        for c in set
            .rules
            .iter()
            .flat_map(|r| r.not_before.iter().chain(r.not_after.iter()))
        {
            let b = compiled
                .checks
                .get(c.pattern())
                .expect("every context check has a DFA");
            dense::DFA::from_bytes(b).unwrap();
            checks.insert(c.pattern());
        }
        assert_eq!(checks.len(), compiled.checks.len());
        assert_eq!(entries.len(), set.rules.len());
        for (e, (rule, analysis)) in entries.iter().zip(set.rules.iter().zip(&set.analyses)) {
            assert_eq!((e.pat, e.case_insensitive), rule.re.pattern());
            assert_eq!(&e.analysis, analysis, "{}", rule.name);
            let d = e.dfas.unwrap_or_else(|| panic!("{} has no DFA", rule.name));
            dense::DFA::from_bytes(d.fwd).unwrap_or_else(|err| panic!("{}: {err}", rule.name));
            let nfa = d.nfa.and_then(nfa_from_bytes);
            let nfa = nfa.unwrap_or_else(|| panic!("{} has no NFA", rule.name));
            let (pat, ci) = rule.re.pattern();
            let syntax = regex_automata::util::syntax::Config::new()
                .case_insensitive(ci)
                .unicode(false);
            let here = crate::rules::captor_nfa(pat, syntax).unwrap();
            assert_eq!(format!("{nfa:?}"), format!("{here:?}"), "{}", rule.name);
            if let Some(rev) = d.rev {
                dense::DFA::from_bytes(rev).unwrap_or_else(|err| panic!("{}: {err}", rule.name));
            }
        }
    }

    #[test]
    fn other_bytes_are_refused_whole() {
        assert!(decode(b"").is_none());
        assert!(
            decode(b"SLTXDFA2\x01\0\0\0").is_none(),
            "an entry cut short"
        );
        let mut longer = crate::COMPILED.bytes.to_vec();
        longer.push(0);
        assert!(
            decode(Box::leak(longer.into_boxed_slice())).is_none(),
            "trailing bytes"
        );
    }
}
