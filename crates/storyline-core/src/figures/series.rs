//! A story's figures across its snapshots: one series per measure, unit and era.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize, Serializer};

use super::{FigureMention, Qualifier};

/// Two reports this close in time that disagree, from different outlets, are a discrepancy
/// (neither can be an update of the other).
const SAME_TIME_SECS: i64 = 3 * 3600;

type Time = Option<DateTime<FixedOffset>>;

/// One snapshot's figures, the input of [`series`].
#[derive(Debug, Clone)]
pub struct SnapshotFigures {
    pub snapshot_id: i64,
    /// As stored (RFC 3339 with its offset).
    pub published_at: String,
    pub outlet: Option<String>,
    pub text: String,
    pub figures: Vec<FigureMention>,
}

/// How a value relates to the one before it in its series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ValueChange {
    /// The first value of the series.
    First,
    Same,
    /// Larger than the value before: an update.
    Up,
    /// A level (people without power) fell: an update.
    Down,
    /// A count that only grows (the dead) fell, with no word of a correction: a discrepancy.
    Conflict,
    /// Smaller, and the text says it corrects the figure.
    Correction,
    /// Another outlet at about the same time gave a different value: a discrepancy.
    Differs,
    /// A vague value ("dozens"): shown, never compared.
    Vague,
}

/// One value of a series, with its source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FigureValue {
    #[serde(serialize_with = "number")]
    pub value: f64,
    #[serde(
        serialize_with = "opt_number",
        skip_serializing_if = "Option::is_none",
        default
    )]
    #[cfg_attr(test, ts(optional))]
    pub high: Option<f64>,
    pub qualifier: Qualifier,
    /// The figure as written.
    pub text: String,
    pub snapshot_id: i64,
    pub published_at: String,
    pub outlet: Option<String>,
    /// The sentence that states it.
    pub sentence: String,
    /// Byte range of the figure in the snapshot's text.
    pub start: usize,
    pub end: usize,
    pub change: ValueChange,
}

impl FigureValue {
    /// The value as a reader writes it: "≥40", "~2,500,000", "30–40", "12?" (vague).
    pub fn written(&self) -> String {
        let n = grouped(self.value);
        match (self.qualifier, self.high) {
            (_, Some(h)) => format!("{n}–{}", grouped(h)),
            (Qualifier::AtLeast, _) => format!("≥{n}"),
            (Qualifier::AtMost, _) => format!("≤{n}"),
            (Qualifier::About, _) => format!("~{n}"),
            (Qualifier::Vague, _) => format!("{n}?"),
            _ => n,
        }
    }
}

/// A number with thousands separators ("2,500,000"); fractions as they are ("2.5").
fn grouped(x: f64) -> String {
    if x.fract() != 0.0 || x.abs() >= 9.0e15 {
        return format!("{x}");
    }
    let digits = format!("{}", x as i64);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 && c.is_ascii_digit() {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// One series: a measure of the story followed across snapshots.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Figure {
    /// What a reader sees: "dead", "burned (hectares)", "dead (2024)".
    pub label: String,
    pub measure: String,
    pub unit: String,
    /// The year of an earlier happening the figures belong to, if not the story's present.
    pub era: Option<String>,
    /// The event the figure is about, when one event's sources state it.
    pub event_id: Option<i64>,
    /// In publication order, at most one per snapshot (its first statement).
    pub values: Vec<FigureValue>,
    /// A value fell without a correction, or outlets disagreed at the same time.
    pub discrepancy: bool,
}

/// A figure a snapshot changed (or stated first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FigureChange {
    pub label: String,
    pub measure: String,
    pub unit: String,
    /// The value before, if the series had one.
    pub before: Option<FigureValue>,
    pub after: FigureValue,
}

fn number<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    // Whole numbers print as integers ("9", not "9.0").
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        s.serialize_i64(*v as i64)
    } else {
        s.serialize_f64(*v)
    }
}

fn opt_number<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => number(v, s),
        None => s.serialize_none(),
    }
}

/// The series of a story. `snapshots` may come in any order; values are ordered by publication
/// time (then snapshot id).
pub fn series(snapshots: &[SnapshotFigures]) -> Vec<Figure> {
    let mut order: Vec<(&SnapshotFigures, Option<DateTime<FixedOffset>>)> = snapshots
        .iter()
        .map(|s| (s, crate::ingest::parse_stored_published(&s.published_at)))
        .collect();
    order.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.snapshot_id.cmp(&b.0.snapshot_id)));

    type Key = (String, String, Option<String>);
    // A figure told only by a counted noun before it ("the queue of trucks fell to 150") joins
    // the one measured series of that unit and era, if there is exactly one.
    // (unit, era) → the measures (and whether each is a level) told with that unit.
    type Measured<'a> = HashMap<(&'a str, Option<&'a str>), Vec<(&'a str, bool)>>;
    let mut measured: Measured = HashMap::new();
    for m in snapshots.iter().flat_map(|s| &s.figures) {
        if !m.refers && m.measure != m.unit {
            let list = measured.entry((&m.unit, m.era.as_deref())).or_default();
            if !list.iter().any(|(x, _)| *x == m.measure) {
                list.push((&m.measure, m.level));
            }
        }
    }
    let resolve = |m: &FigureMention| -> FigureMention {
        let mut m = m.clone();
        if m.refers {
            if let Some([(only, level)]) = measured
                .get(&(m.unit.as_str(), m.era.as_deref()))
                .map(Vec::as_slice)
            {
                m.measure = (*only).to_string();
                m.level = *level;
                m.unit_implied = false;
            }
        }
        m
    };
    let mut index: HashMap<Key, usize> = HashMap::new();
    // Each series with the publication time of each of its values.
    let mut out: Vec<(Figure, Vec<Time>)> = Vec::new();
    for (snap, time) in &order {
        let mut seen_here: Vec<usize> = Vec::new();
        for m in snap.figures.iter().map(resolve) {
            let m = &m;
            let key = (m.measure.clone(), m.unit.clone(), m.era.clone());
            let idx = *index.entry(key).or_insert_with(|| {
                out.push((
                    Figure {
                        label: label(m),
                        measure: m.measure.clone(),
                        unit: m.unit.clone(),
                        era: m.era.clone(),
                        event_id: None,
                        values: Vec::new(),
                        discrepancy: false,
                    },
                    Vec::new(),
                ));
                out.len() - 1
            });
            // A snapshot's first statement of a measure is its value (the lead's figure).
            if seen_here.contains(&idx) {
                continue;
            }
            seen_here.push(idx);
            let Some((fig, times)) = out.get_mut(idx) else {
                continue;
            };
            let sentence = snap
                .text
                .get(m.sentence_start..m.sentence_end)
                .unwrap_or_default()
                .to_string();
            let prev = fig
                .values
                .iter()
                .zip(times.iter())
                .rev()
                .find(|(v, _)| v.qualifier != Qualifier::Vague);
            let change = compare(prev, m, snap, *time);
            if matches!(change, ValueChange::Conflict | ValueChange::Differs) {
                fig.discrepancy = true;
            }
            fig.values.push(FigureValue {
                value: m.value,
                high: m.high,
                qualifier: m.qualifier,
                text: m.text.clone(),
                snapshot_id: snap.snapshot_id,
                published_at: snap.published_at.clone(),
                outlet: snap.outlet.clone(),
                sentence,
                start: m.start,
                end: m.end,
                change,
            });
            times.push(*time);
        }
    }
    let mut figs: Vec<Figure> = out.into_iter().map(|(f, _)| f).collect();
    // Series told by more snapshots first; then in order of first appearance (stable sort).
    figs.sort_by_key(|f| std::cmp::Reverse(f.values.len()));
    figs
}

fn compare(
    prev: Option<(&FigureValue, &Time)>,
    m: &FigureMention,
    snap: &SnapshotFigures,
    time: Time,
) -> ValueChange {
    if m.qualifier == Qualifier::Vague {
        return ValueChange::Vague;
    }
    let Some((p, ptime)) = prev else {
        return ValueChange::First;
    };
    let same = p.value == m.value && p.high == m.high;
    if same {
        return ValueChange::Same;
    }
    let close = match (ptime, time) {
        (Some(a), Some(b)) => (b.timestamp() - a.timestamp()).abs() < SAME_TIME_SECS,
        _ => false,
    };
    if close && p.outlet.is_some() && snap.outlet.is_some() && p.outlet != snap.outlet {
        return ValueChange::Differs;
    }
    if m.value > p.value {
        ValueChange::Up
    } else if m.level {
        ValueChange::Down
    } else if m.correction {
        ValueChange::Correction
    } else {
        ValueChange::Conflict
    }
}

/// What changed in one snapshot: its values that are not the same as the series' value before.
pub fn changes_in(figures: &[Figure], snapshot_id: i64) -> Vec<FigureChange> {
    let mut out = Vec::new();
    for f in figures {
        for (i, v) in f.values.iter().enumerate() {
            if v.snapshot_id != snapshot_id || v.change == ValueChange::Same {
                continue;
            }
            let before = f
                .values
                .get(..i)
                .unwrap_or_default()
                .iter()
                .rev()
                .find(|p| p.qualifier != Qualifier::Vague)
                .cloned();
            out.push(FigureChange {
                label: f.label.clone(),
                measure: f.measure.clone(),
                unit: f.unit.clone(),
                before,
                after: v.clone(),
            });
        }
    }
    out
}

fn label(m: &FigureMention) -> String {
    let mut l = m.measure.clone();
    if !m.unit_implied && !m.unit.is_empty() && m.unit != m.measure {
        l = format!("{l} ({})", m.unit);
    }
    if let Some(era) = &m.era {
        l = format!("{l}, {era}");
    }
    l
}
