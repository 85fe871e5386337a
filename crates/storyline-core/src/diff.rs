//! Word-level diff of two texts, built on `similar`.
//!
//! Invariant: concatenating the `equal` and `delete` op texts gives the old text exactly, and
//! concatenating the `equal` and `insert` op texts gives the new text exactly. Adjacent ops of
//! one kind are merged, so no two neighbouring ops share a kind.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use similar::{ChangeTag, TextDiff};

/// The kind of a diff op.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OpKind {
    Equal,
    Insert,
    Delete,
}

/// One run of text that is unchanged, inserted or deleted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffOp {
    pub op: OpKind,
    pub text: String,
}

/// Word counts of a diff.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffStats {
    pub inserted_words: usize,
    pub deleted_words: usize,
    pub unchanged_words: usize,
}

/// A word diff: the merged ops and their word counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WordDiff {
    pub ops: Vec<DiffOp>,
    pub stats: DiffStats,
}

/// Past this, `similar` falls back to a coarser (still exact) diff rather than taking
/// quadratic time on two very different large texts.
const DIFF_TIMEOUT: Duration = Duration::from_secs(2);

/// Diffs `old` against `new` word by word (whitespace runs are tokens of their own).
///
/// Raw word diffs of a rewritten sentence alternate `[-a-]{+b+} [-c-]{+d+}` around the shared
/// spaces; like diff-match-patch's semantic cleanup, a trivial equality (whitespace, or one word)
/// between two changes is folded into them, so a rewritten passage reads as one deletion and one
/// insertion.
pub fn diff_words(old: &str, new: &str) -> WordDiff {
    let diff = TextDiff::configure()
        .timeout(DIFF_TIMEOUT)
        .diff_words(old, new);
    let mut segments: Vec<Segment> = Vec::new();
    for change in diff.iter_all_changes() {
        let text = change.value();
        match (change.tag(), segments.last_mut()) {
            (ChangeTag::Equal, Some(Segment::Equal(t))) => t.push_str(text),
            (ChangeTag::Equal, _) => segments.push(Segment::Equal(text.to_owned())),
            (ChangeTag::Delete, Some(Segment::Change { del, .. })) => del.push_str(text),
            (ChangeTag::Insert, Some(Segment::Change { ins, .. })) => ins.push_str(text),
            (ChangeTag::Delete, _) => segments.push(Segment::Change {
                del: text.to_owned(),
                ins: String::new(),
            }),
            (ChangeTag::Insert, _) => segments.push(Segment::Change {
                del: String::new(),
                ins: text.to_owned(),
            }),
        }
    }
    let segments = fold_trivial_equalities(segments);

    let mut ops = Vec::new();
    for seg in segments {
        match seg {
            Segment::Equal(text) => ops.push(DiffOp {
                op: OpKind::Equal,
                text,
            }),
            Segment::Change { del, ins } => {
                if !del.is_empty() {
                    ops.push(DiffOp {
                        op: OpKind::Delete,
                        text: del,
                    });
                }
                if !ins.is_empty() {
                    ops.push(DiffOp {
                        op: OpKind::Insert,
                        text: ins,
                    });
                }
            }
        }
    }
    let mut stats = DiffStats::default();
    for op in &ops {
        let words = crate::ingest::word_count(&op.text);
        match op.op {
            OpKind::Equal => stats.unchanged_words += words,
            OpKind::Insert => stats.inserted_words += words,
            OpKind::Delete => stats.deleted_words += words,
        }
    }
    WordDiff { ops, stats }
}

/// A run of equal text, or a run of changes (its old-side and new-side text).
enum Segment {
    Equal(String),
    Change { del: String, ins: String },
}

/// Folds an equality of at most one word that sits between two changes into them: its text
/// goes to both sides, so both invariants still hold. An equality holding a line break is a
/// paragraph boundary, never trivial: folding it would show the next paragraph's first word as
/// deleted and inserted again.
fn fold_trivial_equalities(segments: Vec<Segment>) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::with_capacity(segments.len());
    let mut iter = segments.into_iter().peekable();
    while let Some(seg) = iter.next() {
        match seg {
            Segment::Equal(eq)
                if crate::ingest::word_count(&eq) <= 1
                    && !eq.contains('\n')
                    && matches!(out.last(), Some(Segment::Change { .. }))
                    && matches!(iter.peek(), Some(Segment::Change { .. })) =>
            {
                let Some(Segment::Change { del: d2, ins: i2 }) = iter.next() else {
                    unreachable!("peeked a change")
                };
                let Some(Segment::Change { del, ins }) = out.last_mut() else {
                    unreachable!("last is a change")
                };
                del.push_str(&eq);
                del.push_str(&d2);
                ins.push_str(&eq);
                ins.push_str(&i2);
            }
            seg => out.push(seg),
        }
    }
    out
}

/// One paragraph of a diff: its ops (an `equal` op split at the paragraph's end, the break
/// kept with it) and whether anything in it changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiffParagraph {
    pub ops: Vec<DiffOp>,
    pub changed: bool,
}

/// Splits a diff's ops into paragraphs at the blank lines of unchanged text, for showing only
/// the changed paragraphs and their neighbours. Concatenating every paragraph's ops gives `ops`
/// back, text for text.
pub fn paragraphs(ops: &[DiffOp]) -> Vec<DiffParagraph> {
    let mut out = Vec::new();
    let mut cur = DiffParagraph {
        ops: Vec::new(),
        changed: false,
    };
    for op in ops {
        if op.op != OpKind::Equal {
            cur.changed = true;
            cur.ops.push(op.clone());
            continue;
        }
        let mut rest = op.text.as_str();
        while let Some(end) = paragraph_end(rest) {
            let (head, tail) = rest.split_at(end);
            cur.ops.push(DiffOp {
                op: OpKind::Equal,
                text: head.to_owned(),
            });
            out.push(std::mem::replace(
                &mut cur,
                DiffParagraph {
                    ops: Vec::new(),
                    changed: false,
                },
            ));
            rest = tail;
        }
        if !rest.is_empty() {
            cur.ops.push(DiffOp {
                op: OpKind::Equal,
                text: rest.to_owned(),
            });
        }
    }
    if !cur.ops.is_empty() {
        out.push(cur);
    }
    out
}

/// The end (after the blank line's whitespace) of the first paragraph break in `s`.
fn paragraph_end(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = s.find('\n')?;
    loop {
        // Whitespace run starting at the newline.
        let mut j = i;
        let mut newlines = 0;
        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
            newlines += usize::from(bytes[j] == b'\n');
            j += 1;
        }
        if newlines >= 2 {
            return Some(j);
        }
        i = j + s[j..].find('\n')?;
    }
}

impl WordDiff {
    /// The old text, rebuilt from the `equal` and `delete` ops.
    pub fn old_text(&self) -> String {
        self.side(OpKind::Delete)
    }

    /// The new text, rebuilt from the `equal` and `insert` ops.
    pub fn new_text(&self) -> String {
        self.side(OpKind::Insert)
    }

    fn side(&self, changed: OpKind) -> String {
        self.ops
            .iter()
            .filter(|o| o.op == OpKind::Equal || o.op == changed)
            .map(|o| o.text.as_str())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn small_change() {
        let d = diff_words(
            "The bridge will reopen on Friday.",
            "The bridge will stay closed until Monday.",
        );
        assert_eq!(d.old_text(), "The bridge will reopen on Friday.");
        assert_eq!(d.new_text(), "The bridge will stay closed until Monday.");
        assert_eq!(d.stats.unchanged_words, 3);
        assert!(
            d.stats.deleted_words >= 3 && d.stats.inserted_words >= 4,
            "{:?}",
            d.stats
        );
        assert_eq!(d.ops[0].op, OpKind::Equal);
    }

    #[test]
    fn a_word_before_a_paragraph_break_leaves_the_next_paragraph_alone() {
        let old = "The bridge is closed.\n\nPolice shut it at dawn.";
        let new = "The bridge is closed. Again.\n\nPolice sealed it at dawn.";
        let d = diff_words(old, new);
        assert_eq!((d.old_text(), d.new_text()), (old.into(), new.into()));
        let changed: Vec<(OpKind, &str)> = d
            .ops
            .iter()
            .filter(|o| o.op != OpKind::Equal)
            .map(|o| (o.op, o.text.as_str()))
            .collect();
        assert_eq!(
            changed,
            [
                (OpKind::Insert, " Again."),
                (OpKind::Delete, "shut"),
                (OpKind::Insert, "sealed")
            ]
        );
        assert_eq!(d.stats.deleted_words, 1);
        assert_eq!(d.stats.inserted_words, 2);
    }

    #[test]
    fn paragraphs_split_at_blank_lines_and_rebuild_the_ops() {
        let old = "One.\n\nTwo stays.\n\nThree.";
        let new = "One.\n\nTwo stays.\n\nThree, changed.";
        let d = diff_words(old, new);
        let paras = paragraphs(&d.ops);
        assert_eq!(
            paras.iter().map(|p| p.changed).collect::<Vec<_>>(),
            [false, false, true]
        );
        let rebuilt: Vec<DiffOp> = paras.into_iter().flat_map(|p| p.ops).collect();
        let side = |ops: &[DiffOp], k: OpKind| -> String {
            ops.iter()
                .filter(|o| o.op == OpKind::Equal || o.op == k)
                .map(|o| o.text.as_str())
                .collect()
        };
        assert_eq!(side(&rebuilt, OpKind::Delete), old);
        assert_eq!(side(&rebuilt, OpKind::Insert), new);
    }

    #[test]
    fn identical_and_empty() {
        let d = diff_words("same text", "same text");
        assert_eq!(d.ops.len(), 1);
        assert_eq!(d.stats.unchanged_words, 2);
        let d = diff_words("", "new words");
        assert_eq!(
            d.ops,
            vec![DiffOp {
                op: OpKind::Insert,
                text: "new words".into()
            }]
        );
    }

    fn words() -> impl Strategy<Value = String> {
        // A small vocabulary so that random texts share words and diffs have every kind of op.
        let word = prop_oneof![
            Just("storm"),
            Just("bridge"),
            Just("Monday"),
            Just("the"),
            Just("é"),
            Just("closed"),
            Just("2026"),
        ];
        let sep = prop_oneof![Just(" "), Just("  "), Just("\n"), Just("\n\n"), Just(", ")];
        prop::collection::vec((word, sep), 0..40)
            .prop_map(|v| v.into_iter().map(|(w, s)| format!("{w}{s}")).collect())
    }

    proptest! {
        #[test]
        fn rebuilds_both_sides_and_merges(a in words(), b in words()) {
            let d = diff_words(&a, &b);
            prop_assert_eq!(d.old_text(), a.clone());
            prop_assert_eq!(d.new_text(), b.clone());
            for pair in d.ops.windows(2) {
                prop_assert_ne!(pair[0].op, pair[1].op);
            }
            prop_assert!(d.ops.iter().all(|o| !o.text.is_empty()));
            prop_assert_eq!(
                d.stats.unchanged_words + d.stats.deleted_words,
                crate::ingest::word_count(&a)
            );
            prop_assert_eq!(
                d.stats.unchanged_words + d.stats.inserted_words,
                crate::ingest::word_count(&b)
            );
        }

        #[test]
        fn arbitrary_strings_rebuild(a in ".{0,60}", b in ".{0,60}") {
            let d = diff_words(&a, &b);
            prop_assert_eq!(d.old_text(), a);
            prop_assert_eq!(d.new_text(), b);
        }
    }
}
