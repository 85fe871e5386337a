//! Temporal tagger: finds temporal expressions in English text and normalises them to TIMEX3
//! values against the document creation time (DCT).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// TIMEX3 type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimexKind {
    Date,
    Time,
    Duration,
    Set,
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

/// Tags `text` written at `dct`. Placeholder until the rule engine lands (issue 4).
pub fn tag(text: &str, dct: NaiveDate) -> Vec<Timex> {
    let _ = (text, dct);
    Vec::new()
}
