//! Rule automata compiled when the crate is built. The build script (`build.rs`) loads the rule
//! files with the same code a process uses, builds each rule's dense DFAs and writes them, with
//! what the rule's pattern tells ([`Analysis`]), to one file the crate includes. A process then
//! parses no rule pattern and determinises nothing at load: it reads the DFAs in place, and
//! compiles a rule's NFA only when the rule first matches (for its groups).
//!
//! Each entry carries its full pattern and flags; the loader uses an entry only for the very
//! pattern it was built from, and compiles any other rule itself, so a stale file cannot change
//! a result.

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
            Some(AheadBytes { fwd, rev })
        } else {
            None
        };
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

struct Reader {
    all: &'static [u8],
    at: usize,
}

impl Reader {
    fn take(&mut self, n: usize) -> Option<&'static [u8]> {
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

    fn bytes(&mut self) -> Option<&'static [u8]> {
        let n = self.u32()?;
        self.take(n)
    }

    fn dfa(&mut self) -> Option<&'static [u8]> {
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
