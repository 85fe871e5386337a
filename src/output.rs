//! What every subcommand shares: the database location, the clock, and printing either JSON
//! (exactly one document on stdout) or text.

use std::io::Write as _;
use std::path::PathBuf;

use anyhow::{anyhow, Context as _};
use chrono::{DateTime, Utc};
use serde::Serialize;
use storyline_core::api::Storyline;

/// The global options, resolved.
pub struct Ctx {
    pub db: PathBuf,
    pub json: bool,
    now: DateTime<Utc>,
}

impl Ctx {
    pub fn new(db: Option<PathBuf>, json: bool, now: Option<&str>) -> anyhow::Result<Ctx> {
        let db = match db {
            Some(p) => p,
            None => default_db_path()?,
        };
        let now = match now {
            Some(s) => DateTime::parse_from_rfc3339(s)
                .with_context(|| format!("STORYLINE_NOW/--now {s:?} is not an RFC 3339 time"))?
                .with_timezone(&Utc),
            // The CLI is a front end: it may read the clock; the core never does.
            None => Utc::now(),
        };
        Ok(Ctx { db, json, now })
    }

    /// The current time, passed to the core.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// Opens (creating and migrating if needed) the database.
    pub fn open(&self) -> anyhow::Result<Storyline> {
        let mut sl = Storyline::open(&self.db)
            .with_context(|| format!("cannot open the database {}", self.db.display()))?;
        sl.set_fetch_options(fetch_options()?);
        Ok(sl)
    }

    /// Prints `value` as JSON with `--json`, else the text `human` makes of it.
    pub fn emit<T: Serialize>(
        &self,
        value: &T,
        human: impl FnOnce(&T) -> String,
    ) -> anyhow::Result<()> {
        let out = if self.json {
            serde_json::to_string_pretty(value)?
        } else {
            // Text is for a person at a terminal: article text, titles and outlets may hold
            // escape sequences, which must not reach it (JSON escapes them itself).
            let text = human(value);
            terminal_safe(&text).trim_end().to_string()
        };
        if out.is_empty() {
            return Ok(());
        }
        let mut stdout = std::io::stdout().lock();
        match writeln!(stdout, "{out}") {
            // `storyline ... | head` closes the pipe early: that is not an error.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            r => Ok(r?),
        }
    }
}

/// `s` without what a terminal would act on: C0 controls other than newline and tab (ESC,
/// carriage return, backspace, bell, ...), DEL and C1 controls, and with ESC the sequence it
/// opens (CSI `ESC [ … final`, OSC/DCS/APC/PM/SOS `ESC ] … BEL or ESC \`, or one character).
/// The stored text is never changed; this is only for printing.
pub fn terminal_safe(s: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| (c.is_control() && c != '\n' && c != '\t') || c == '\u{9B}';
    if !s.chars().any(bad) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1B}' | '\u{9B}' | '\u{9D}' | '\u{90}' | '\u{98}' | '\u{9E}' | '\u{9F}' => {
                let kind = if c == '\u{1B}' { chars.next() } else { Some(c) };
                match kind {
                    // CSI: parameters and intermediates, then one final byte.
                    Some('[' | '\u{9B}') => {
                        for d in chars.by_ref() {
                            if ('\u{40}'..='\u{7E}').contains(&d) {
                                break;
                            }
                        }
                    }
                    // String commands: up to BEL or ST (ESC \ or U+009C).
                    Some(
                        ']' | 'P' | 'X' | '^' | '_' | '\u{9D}' | '\u{90}' | '\u{98}' | '\u{9E}'
                        | '\u{9F}',
                    ) => {
                        while let Some(d) = chars.next() {
                            if d == '\u{7}' || d == '\u{9C}' {
                                break;
                            }
                            if d == '\u{1B}' && chars.peek() == Some(&'\\') {
                                chars.next();
                                break;
                            }
                        }
                    }
                    // Any other escape: ESC and the one character after it.
                    _ => {}
                }
            }
            c if bad(c) => {}
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// How to fetch: the defaults, with both timeouts from `STORYLINE_FETCH_TIMEOUT_MS` when set
/// (tests use it to keep a hanging server from costing 20 s).
pub fn fetch_options() -> anyhow::Result<storyline_core::api::FetchOptions> {
    use storyline_core::api::FetchOptions;
    match std::env::var("STORYLINE_FETCH_TIMEOUT_MS") {
        Ok(ms) => {
            let ms: u64 = ms.trim().parse().with_context(|| {
                format!("STORYLINE_FETCH_TIMEOUT_MS {ms:?} is not a number of milliseconds")
            })?;
            Ok(FetchOptions::with_timeout(
                std::time::Duration::from_millis(ms.max(1)),
            ))
        }
        Err(_) => Ok(FetchOptions::default()),
    }
}

/// `<data dir>/storyline/storyline.db`, e.g. `~/.local/share/storyline/storyline.db` on Linux.
pub fn default_db_path() -> anyhow::Result<PathBuf> {
    let dir = dirs::data_dir()
        .ok_or_else(|| anyhow!("cannot find the platform data directory (is HOME set?): give --db PATH or set STORYLINE_DB"))?;
    Ok(dir.join("storyline").join("storyline.db"))
}

/// A plain text table: a header row and left-aligned columns, two spaces apart. The last
/// column is not padded (it is usually a title).
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let cols = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate().take(cols) {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
    for row in std::iter::once(&header).chain(rows) {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate().take(cols) {
            if i + 1 == cols {
                line.push_str(cell);
            } else {
                line.push_str(&format!("{cell:<w$}  ", w = widths[i]));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// `2026-03-10T08:15:00+02:00` → `2026-03-10 08:15 +02:00`, with `~` when only assumed.
/// Asks a yes/no question on the terminal. Errors when there is no terminal to ask on.
pub fn ask(question: &str) -> anyhow::Result<bool> {
    use std::io::{BufRead, IsTerminal, Write};
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        anyhow::bail!("no terminal");
    }
    eprint!("{question} [y/N] ");
    std::io::stderr().flush()?;
    let mut answer = String::new();
    stdin.lock().read_line(&mut answer)?;
    Ok(matches!(
        answer.trim().to_ascii_lowercase().as_str(),
        "y" | "yes"
    ))
}

/// Before writing `path`: a file already there is replaced only with `force` or a "yes" on
/// the terminal; without a terminal the write is refused.
pub fn confirm_overwrite(path: &std::path::Path, force: bool) -> anyhow::Result<()> {
    if force || !path.exists() {
        return Ok(());
    }
    let question = format!("{} exists. Replace it?", path.display());
    match ask(&question) {
        Ok(true) => Ok(()),
        Ok(false) => anyhow::bail!(
            "not written: {} exists (answer y to replace it)",
            path.display()
        ),
        Err(_) => anyhow::bail!(
            "not written: {} exists and there is no terminal to ask on, so add --force",
            path.display()
        ),
    }
}

pub fn when(rfc3339: &str, assumed: bool) -> String {
    let s = match DateTime::parse_from_rfc3339(rfc3339) {
        Ok(t) if t.offset().local_minus_utc() == 0 => t.format("%Y-%m-%d %H:%M Z").to_string(),
        Ok(t) => t.format("%Y-%m-%d %H:%M %:z").to_string(),
        Err(_) => rfc3339.to_owned(),
    };
    if assumed {
        format!("~{s}")
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_aligns_columns() {
        let t = table(
            &["ID", "TITLE"],
            &[
                vec!["1".into(), "Storm".into()],
                vec!["100".into(), "Bridge".into()],
            ],
        );
        assert_eq!(t, "ID   TITLE\n1    Storm\n100  Bridge\n");
    }

    #[test]
    fn terminal_safe_strips_controls_and_escape_sequences() {
        let hostile = "Storm\u{1b}]0;pwned\u{7} over\u{1b}[2J\u{1b}[31m red\u{1b}[0m \
                       \u{9b}1mC1\r\u{8}\u{7f}\u{1b}P payload \u{1b}\\ end\u{1b}c";
        assert_eq!(terminal_safe(hostile), "Storm over red C1 end");
        let plain = "Línea 1\n\tdos — “tres”";
        assert!(matches!(
            terminal_safe(plain),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(terminal_safe(plain), plain);
    }

    #[test]
    fn when_formats() {
        assert_eq!(
            when("2026-03-10T08:15:00+02:00", false),
            "2026-03-10 08:15 +02:00"
        );
        assert_eq!(when("2026-03-10T08:15:00Z", true), "~2026-03-10 08:15 Z");
        // A date-only publication has no time to show.
        assert_eq!(when("2026-03-10", false), "2026-03-10");
    }
}
