//! Gold stories for the event pipeline and the scorer the issue defines.
//!
//! A story lives in `tests/fixtures/stories/<name>/`: `story.json` (title, snapshots in the
//! order they are added, gold events) and one text file per snapshot. Temporal expressions in
//! the texts are marked `{phrase|VALUE}` or `{phrase|VALUE|TYPE}` so the event pipeline can be
//! scored on its own, with perfect timexes; [`Snapshot::text`] is the plain article a user
//! would add, for scoring with the real tagger.

#![allow(dead_code)] // Each test binary uses part of it.

use serde::Deserialize;
use std::path::{Path, PathBuf};
use storyline_core::timex::{Timex, TimexKind};

#[derive(Debug, Deserialize)]
pub struct StoryFile {
    pub title: String,
    pub snapshots: Vec<SnapshotMeta>,
    pub events: Vec<GoldEvent>,
    /// Output events that are right not to be gold ones (background told with a date that is no
    /// happening of the story, say): matched like gold events, they count neither way.
    #[serde(default)]
    pub ignore: Vec<Ignore>,
}

/// An output event the scorer neither credits nor counts as spurious.
#[derive(Debug, Clone, Deserialize)]
pub struct Ignore {
    /// The date as the output has it; any date when absent.
    #[serde(default)]
    pub date: Option<String>,
    pub keywords: Vec<String>,
    /// Why it is no gold event.
    pub why: String,
}

#[derive(Debug, Deserialize)]
pub struct SnapshotMeta {
    pub file: String,
    pub outlet: String,
    pub url: String,
    pub published: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldEvent {
    pub date: String,
    pub keywords: Vec<String>,
    pub status: String,
}

pub struct Snapshot {
    pub meta: SnapshotMeta,
    /// The plain text, markup removed.
    pub text: String,
    /// The marked temporal expressions, as byte ranges of `text`.
    pub timexes: Vec<Timex>,
}

pub struct Story {
    pub name: String,
    pub dir: PathBuf,
    pub title: String,
    pub snapshots: Vec<Snapshot>,
    pub gold: Vec<GoldEvent>,
    pub ignore: Vec<Ignore>,
}

pub fn stories_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/stories")
}

/// Every story in the fixtures, by name.
pub fn load_all() -> Vec<Story> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(stories_dir())
        .expect("stories dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.join("story.json").exists())
        .collect();
    dirs.sort();
    dirs.iter().map(|d| load(d)).collect()
}

pub fn load(dir: &Path) -> Story {
    let raw = std::fs::read_to_string(dir.join("story.json")).expect("story.json");
    let file: StoryFile = serde_json::from_str(&raw).expect("story.json parses");
    let snapshots = file
        .snapshots
        .into_iter()
        .map(|meta| {
            let marked = std::fs::read_to_string(dir.join(&meta.file)).expect("snapshot file");
            let (text, timexes) = unmark(&marked);
            Snapshot {
                meta,
                text,
                timexes,
            }
        })
        .collect();
    Story {
        name: dir.file_name().unwrap().to_string_lossy().into_owned(),
        dir: dir.to_path_buf(),
        title: file.title,
        snapshots,
        gold: file.events,
        ignore: file.ignore,
    }
}

/// Strips `{phrase|VALUE[|TYPE]}` markup, returning the text and the timexes it marked.
pub fn unmark(marked: &str) -> (String, Vec<Timex>) {
    let mut text = String::with_capacity(marked.len());
    let mut timexes = Vec::new();
    let mut rest = marked;
    while let Some(open) = rest.find('{') {
        text.push_str(&rest[..open]);
        let close = rest[open..].find('}').expect("unclosed {") + open;
        let inner = &rest[open + 1..close];
        let mut parts = inner.split('|');
        let phrase = parts.next().unwrap();
        let value = parts
            .next()
            .unwrap_or_else(|| panic!("no value in {{{inner}}}"));
        let kind = match parts.next() {
            Some("SET") => TimexKind::Set,
            Some("DURATION") => TimexKind::Duration,
            Some("TIME") => TimexKind::Time,
            Some("DATE") => TimexKind::Date,
            Some(other) => panic!("unknown timex type {other}"),
            None if value.starts_with('P') => TimexKind::Duration,
            None if value.contains('T') && value.contains(':') => TimexKind::Time,
            None => TimexKind::Date,
        };
        let start = text.len();
        text.push_str(phrase);
        timexes.push(Timex {
            start,
            end: text.len(),
            kind,
            value: value.to_string(),
            modifier: None,
            anchor: None,
        });
        rest = &rest[close + 1..];
    }
    text.push_str(rest);
    (text, timexes)
}

/// One event of a built timeline, as the scorer sees it.
#[derive(Debug, Clone)]
pub struct OutEvent {
    pub date: String,
    pub status: String,
    pub text: String,
    pub sentences: Vec<String>,
    pub snapshots: usize,
}

/// Prints a story's events when `STORYLINE_SHOW_EVENTS` is set (for tuning by eye).
pub fn show_events(story: &str, out: &[OutEvent]) {
    if std::env::var_os("STORYLINE_SHOW_EVENTS").is_none() {
        return;
    }
    let sources = std::env::var("STORYLINE_SHOW_EVENTS").is_ok_and(|v| v == "sources");
    println!("== {story}");
    for e in out {
        println!(
            "  {:<17} {:<22} [{}] {}",
            e.date, e.status, e.snapshots, e.text
        );
        if sources {
            for s in &e.sentences {
                println!("        <- {s}");
            }
        }
    }
}

/// Figures for one story (or a sum of stories).
#[derive(Debug, Default, Clone)]
pub struct Score {
    pub gold: usize,
    pub found: usize,
    /// Gold events matched by more than one output event.
    pub duplicated: usize,
    /// Found gold events whose status is right.
    pub status_right: usize,
    pub misses: Vec<String>,
    /// Output events.
    pub output: usize,
    /// Output events on the ignore list.
    pub ignored: usize,
    /// Output events that match neither a gold event nor the ignore list.
    pub spurious: usize,
}

impl Score {
    pub fn recall(&self) -> f64 {
        self.found as f64 / self.gold.max(1) as f64
    }

    /// Share of the output events (the ignored ones aside) that match a gold event.
    pub fn precision(&self) -> f64 {
        let judged = self.output - self.ignored;
        (judged - self.spurious) as f64 / judged.max(1) as f64
    }

    pub fn add(&mut self, other: &Score) {
        self.gold += other.gold;
        self.found += other.found;
        self.duplicated += other.duplicated;
        self.status_right += other.status_right;
        self.output += other.output;
        self.ignored += other.ignored;
        self.spurious += other.spurious;
        self.misses.extend(other.misses.iter().cloned());
    }
}

/// Whether `out` is the gold event: the same date at the same precision, and every key word in
/// the event's text or one of its source sentences (case-insensitive).
pub fn matches(gold: &GoldEvent, out: &OutEvent) -> bool {
    if gold.date != out.date {
        return false;
    }
    let hay: Vec<String> = std::iter::once(&out.text)
        .chain(&out.sentences)
        .map(|s| s.to_lowercase())
        .collect();
    gold.keywords.iter().all(|k| {
        let k = k.to_lowercase();
        hay.iter().any(|h| h.contains(&k))
    })
}

/// Whether `out` is the ignored event: its date if one is given, and every key word.
pub fn ignores(ig: &Ignore, out: &OutEvent) -> bool {
    let gold = GoldEvent {
        date: ig.date.clone().unwrap_or_else(|| out.date.clone()),
        keywords: ig.keywords.clone(),
        status: String::new(),
    };
    matches(&gold, out)
}

pub fn score(story: &Story, out: &[OutEvent]) -> Score {
    let (name, gold) = (story.name.as_str(), story.gold.as_slice());
    let mut s = score_gold(name, gold, out);
    s.output = out.len();
    for o in out {
        if gold.iter().any(|g| matches(g, o)) {
            continue;
        }
        if story.ignore.iter().any(|i| ignores(i, o)) {
            s.ignored += 1;
        } else {
            s.spurious += 1;
            s.misses.push(format!(
                "{name}: spurious {} {} {:?}",
                o.date, o.status, o.text
            ));
        }
    }
    s
}

pub fn score_gold(story: &str, gold: &[GoldEvent], out: &[OutEvent]) -> Score {
    let mut s = Score {
        gold: gold.len(),
        ..Score::default()
    };
    for g in gold {
        let hits: Vec<&OutEvent> = out.iter().filter(|o| matches(g, o)).collect();
        match hits.as_slice() {
            [] => s.misses.push(format!(
                "{story}: missed {} {:?} ({})",
                g.date, g.keywords, g.status
            )),
            [one] => {
                s.found += 1;
                if one.status == g.status {
                    s.status_right += 1;
                } else {
                    s.misses.push(format!(
                        "{story}: status of {} {:?} is {}, want {}",
                        g.date, g.keywords, one.status, g.status
                    ));
                }
            }
            many => {
                s.found += 1;
                s.duplicated += 1;
                if many.iter().all(|o| o.status == g.status) {
                    s.status_right += 1;
                }
                s.misses.push(format!(
                    "{story}: {} {:?} is {} events: {:?}",
                    g.date,
                    g.keywords,
                    many.len(),
                    many.iter().map(|o| &o.text).collect::<Vec<_>>()
                ));
            }
        }
    }
    s
}

/// Prints a table of figures and returns the total.
pub fn report(label: &str, rows: &[(String, Score)]) -> Score {
    let mut total = Score::default();
    println!("{label}");
    println!(
        "{:<22} {:>5} {:>6} {:>7} {:>6} {:>7} {:>5} {:>5} {:>9}",
        "story", "gold", "found", "recall", "dups", "status", "out", "ign", "precision"
    );
    for (name, s) in rows {
        println!(
            "{:<22} {:>5} {:>6} {:>7.3} {:>6} {:>4}/{:<3} {:>5} {:>5} {:>9.3}",
            name,
            s.gold,
            s.found,
            s.recall(),
            s.duplicated,
            s.status_right,
            s.found,
            s.output,
            s.ignored,
            s.precision()
        );
        total.add(s);
    }
    println!(
        "{:<22} {:>5} {:>6} {:>7.3} {:>6} {:>4}/{:<3} {:>5} {:>5} {:>9.3}",
        "TOTAL",
        total.gold,
        total.found,
        total.recall(),
        total.duplicated,
        total.status_right,
        total.found,
        total.output,
        total.ignored,
        total.precision()
    );
    for m in &total.misses {
        println!("  - {m}");
    }
    total
}
