//! Figures: the numbers of a developing story (the death toll, people evacuated, hectares
//! burned), read from each snapshot and followed across snapshots and outlets as series.
//!
//! [`extract`] finds, in one text, each number with what it counts (a measure, "dead", from a cue
//! word such as "killed" or "death toll"; a unit, "people", from the counted noun) and its
//! qualifier ("at least 40"). The words are data: `resources/en/figures/*.txt`. [`series`] joins
//! the figures of a story's snapshots, in publication order, into one series per measure, unit
//! and era, and marks each value as the first, the same, an update, a fall (a discrepancy) or a
//! correction.
//!
//! ```
//! use chrono::NaiveDate;
//! use storyline_core::figures::{extract, Qualifier};
//! let f = extract("The death toll rose to nine.", NaiveDate::from_ymd_opt(2025, 8, 4).unwrap());
//! assert_eq!((f[0].measure.as_str(), f[0].unit.as_str(), f[0].value), ("dead", "people", 9.0));
//! assert_eq!(f[0].qualifier, Qualifier::Exact);
//! ```

// Offsets here come from the text: no indexing or unwrap that could panic on it.
#![cfg_attr(not(test), deny(clippy::indexing_slicing, clippy::unwrap_used))]

mod extract;
mod series;
pub(crate) mod words;

pub use extract::extract;
pub use series::{
    changes_in, series, Figure, FigureChange, FigureValue, SnapshotFigures, ValueChange,
};

use serde::{Deserialize, Serialize};

/// How exact a figure is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    Exact,
    AtLeast,
    AtMost,
    About,
    Range,
    /// "dozens", "hundreds": shown, never taken as an update or a discrepancy.
    Vague,
}

impl Qualifier {
    /// Parses the data files' spelling (`at_least`, ...).
    pub fn parse(s: &str) -> Option<Qualifier> {
        Some(match s {
            "exact" => Qualifier::Exact,
            "at_least" => Qualifier::AtLeast,
            "at_most" => Qualifier::AtMost,
            "about" => Qualifier::About,
            "range" => Qualifier::Range,
            "vague" => Qualifier::Vague,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::Exact => "exact",
            Qualifier::AtLeast => "at_least",
            Qualifier::AtMost => "at_most",
            Qualifier::About => "about",
            Qualifier::Range => "range",
            Qualifier::Vague => "vague",
        }
    }
}

/// One figure as one text states it.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureMention {
    /// What happened to what is counted: `dead`, `injured`, `evacuated`, `burned`; the unit's
    /// name when the text gives only a counted noun ("9,800 hectares").
    pub measure: String,
    /// What is counted: `people`, `hectares`, `USD`, `percent`; empty if nothing says.
    pub unit: String,
    /// The unit is the measure's own (the dead are people), so labels leave it out.
    pub unit_implied: bool,
    pub qualifier: Qualifier,
    /// The number (the low end of a range).
    pub value: f64,
    /// The high end of a range.
    pub high: Option<f64>,
    /// The figure as written ("at least 40 people").
    pub text: String,
    /// Byte range of `text` in the snapshot text.
    pub start: usize,
    pub end: usize,
    /// Byte range of its sentence in the snapshot text.
    pub sentence_start: usize,
    pub sentence_end: usize,
    /// The year of a date well before publication that the sentence ties it to ("last year's
    /// storm killed 12"): such a figure is a series of its own.
    pub era: Option<String>,
    /// The sentence says it corrects an earlier figure ("revised", "corrected").
    pub correction: bool,
    /// The measure is a level that rises and falls (people without power), not a count that
    /// only grows: a lower value is an update.
    pub level: bool,
    /// Only a counted noun before the number says what it counts ("the queue of trucks fell to
    /// 150"): it refers to a figure already told.
    pub refers: bool,
}

#[cfg(test)]
mod tests;
