//! The lexicon file format shared by the tagger's rule files and the events code's word files.
//!
//! A file is a header of `#` comment lines, then one entry a line: `key => value` (keys are
//! lower-cased; the value is free text the caller interprets), `example: ...` lines (their syntax
//! belongs to the caller, which runs them as tests) and more comments. Errors name the file and
//! the line.
//!
//! ```
//! let f = storyline_timex::lexicon::parse("cues.txt", "# header\nexample: x | y\nWill => FUTURE\n").unwrap();
//! assert_eq!(f.entries[0].key, "will");
//! assert_eq!(f.entries[0].value, "FUTURE");
//! assert_eq!(f.examples[0].text, "x | y");
//! assert_eq!(f.examples[0].line, 2);
//! assert!(storyline_timex::lexicon::parse("bad.txt", "no arrow here").unwrap_err().to_string().starts_with("bad.txt:1:"));
//! ```

use super::rules::RuleError;

/// One `key => value` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Lower case, as written otherwise.
    pub key: String,
    pub value: String,
    pub line: usize,
}

/// One `example:` line, its text after the prefix, trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawExample {
    pub line: usize,
    pub text: String,
}

/// A parsed lexicon file.
#[derive(Debug, Clone, Default)]
pub struct LexiconFile {
    pub file: String,
    pub entries: Vec<Entry>,
    pub examples: Vec<RawExample>,
}

/// A rule-file error at `file:line`.
pub fn error(file: &str, line: usize, msg: impl Into<String>) -> RuleError {
    RuleError {
        file: file.to_string(),
        line,
        msg: msg.into(),
    }
}

/// Parses `text` (the contents of `file`) as a lexicon.
pub fn parse(file: &str, text: &str) -> Result<LexiconFile, RuleError> {
    let mut out = LexiconFile {
        file: file.to_string(),
        ..LexiconFile::default()
    };
    for (i, l) in text.lines().enumerate() {
        let n = i + 1;
        let t = l.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        if let Some(rest) = t.strip_prefix("example:") {
            out.examples.push(RawExample {
                line: n,
                text: rest.trim().to_string(),
            });
            continue;
        }
        let (k, v) = match t.split_once(" =>") {
            Some((k, v)) => (k.trim(), v.trim()),
            None => return Err(error(file, n, "expected `key => value`")),
        };
        if k.is_empty() {
            return Err(error(file, n, "empty key"));
        }
        out.entries.push(Entry {
            key: k.to_lowercase(),
            value: v.to_string(),
            line: n,
        });
    }
    Ok(out)
}
