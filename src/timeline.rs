//! `storyline timeline`, `storyline changes` and `storyline export`.

use std::io::IsTerminal as _;
use std::path::PathBuf;

use anyhow::Context as _;
use chrono::{Datelike, NaiveDate};
use storyline_core::api::export::{human_date, part_of_day};
use storyline_core::api::{
    Change, ExportFormat, Granularity as G, SnapshotChanges, Timeline, TimelineEvent,
    TimelineFilter,
};

use crate::output::Ctx;

#[derive(clap::Args)]
pub struct Args {
    /// Story title or id.
    story: String,
    /// Only events with this status.
    #[arg(long, value_parser = ["happened", "expected", "expected_then_happened", "cancelled", "postponed"])]
    status: Option<String>,
    /// Only events on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// Only events on or before this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    to: Option<String>,
    /// Only what snapshots added after this one changed ("what's new since I last looked").
    #[arg(long, value_name = "SNAPSHOT_ID", conflicts_with = "new")]
    since: Option<i64>,
    /// Only what changed since the snapshot last marked seen (`storyline seen`; the browser
    /// and the app mark it when they show the timeline). Everything, when none is marked.
    #[arg(long)]
    new: bool,
    /// Only the N key events: the most widely told (distinct snapshots and outlets, tellings in
    /// a lead, confirmations), in timeline order.
    #[arg(long, value_name = "N")]
    key: Option<usize>,
}

#[derive(clap::Args)]
pub struct SeenArgs {
    /// Story title or id.
    story: String,
    /// The snapshot seen up to (default: the story's latest).
    snapshot: Option<i64>,
}

#[derive(clap::Args)]
pub struct ChangesArgs {
    /// The snapshot whose changes to show.
    snapshot: i64,
}

#[derive(clap::Args)]
pub struct ExportArgs {
    /// Story title or id.
    story: String,
    /// json, md, csv, timelinejs (TimelineJS 3), ics (expected events, for a calendar) or
    /// figures-csv (the story's figures, one row per value). json and md include the figures.
    #[arg(long, short, default_value = "json")]
    format: String,
    /// Write to this file instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Replace FILE if it exists, without asking.
    #[arg(long, visible_alias = "yes")]
    force: bool,
}

pub fn timeline(ctx: &Ctx, args: Args) -> anyhow::Result<()> {
    let sl = ctx.open()?;
    let filter = TimelineFilter {
        status: args.status,
        from: args.from,
        to: args.to,
        since: args.since,
        new: args.new,
        key: args.key,
    };
    let t = sl.timeline(&args.story, &filter)?;
    ctx.emit(&t, human)
}

pub fn changes(ctx: &Ctx, args: ChangesArgs) -> anyhow::Result<()> {
    let sl = ctx.open()?;
    let c = sl.changes(args.snapshot)?;
    ctx.emit(&c, human_changes)
}

pub fn export(ctx: &Ctx, args: ExportArgs) -> anyhow::Result<()> {
    let format = ExportFormat::parse(&args.format)?;
    let sl = ctx.open()?;
    let (doc, n) = sl.export_counted(&args.story, format)?;
    if n == 0 {
        // An empty calendar or table is easy to take for a failed export: say why.
        let what = match format {
            ExportFormat::Ics => {
                "no expected or postponed events with a date (a calendar holds only those)"
            }
            ExportFormat::FiguresCsv => "no figures",
            _ => "no dated events",
        };
        eprintln!("note: nothing to export: the story has {what}");
    }
    match args.output {
        Some(path) => {
            crate::output::confirm_overwrite(&path, args.force)?;
            std::fs::write(&path, doc)
                .with_context(|| format!("cannot write {}", path.display()))?
        }
        // A file gets the export exactly; a terminal gets it without escape sequences.
        None if std::io::stdout().is_terminal() => print!("{}", crate::output::terminal_safe(&doc)),
        None => print!("{doc}"),
    }
    Ok(())
}

/// `storyline seen STORY [SNAPSHOT]`: marks the story seen up to a snapshot (by default its
/// latest), the mark `timeline --new`, the browser and the app all count "new" from.
pub fn seen(ctx: &Ctx, args: SeenArgs) -> anyhow::Result<()> {
    let mut sl = ctx.open()?;
    let snapshot = match args.snapshot {
        Some(id) => id,
        None => sl
            .snapshots(&args.story)?
            .iter()
            .map(|s| s.id)
            .max()
            .ok_or_else(|| {
                anyhow::anyhow!("story {:?} has no snapshots to mark seen", args.story)
            })?,
    };
    let story_id = sl.mark_seen(&args.story, snapshot)?;
    let out = serde_json::json!({"story_id": story_id, "snapshot_id": snapshot});
    ctx.emit(&out, |_| {
        format!("Story {story_id} seen up to snapshot {snapshot}.\n")
    })
}

/// The mark shown before an event.
fn mark(status: &str) -> &'static str {
    match status {
        "happened" => "✓",
        "expected" => "…",
        "expected_then_happened" => "✓!",
        "cancelled" => "✗",
        "postponed" => "↷",
        _ => "?",
    }
}

const LEGEND: &str =
    "✓ happened   … expected   ✓! announced, then happened   ✗ cancelled   ↷ postponed";

/// Grouped by year, then month; days and times inside their month.
fn human(t: &Timeline) -> String {
    let mut out = format!("{} (story {})\n", t.story.title, t.story.id);
    if t.events.is_empty() {
        out.push_str("\nNo dated events (yet).\n");
        return out;
    }
    let mut year: Option<i32> = None;
    let mut month: Option<(i32, u32)> = None;
    let mut last_label: Option<String> = None;
    for e in &t.events {
        // The first and last day the core gives: no front end reads TIMEX3 values again.
        let (Ok(start), Ok(end)) = (
            NaiveDate::parse_from_str(&e.start, "%Y-%m-%d"),
            NaiveDate::parse_from_str(&e.end, "%Y-%m-%d"),
        ) else {
            continue;
        };
        let y = start.year();
        if year != Some(y) {
            out.push_str(&format!("\n{y}\n"));
            year = Some(y);
            month = None;
            last_label = None;
        }
        let fine = e.granularity >= G::Month && e.granularity != G::Week
            || e.granularity == G::Week && start.month() == end.month();
        if fine {
            let m = (y, start.month());
            if month != Some(m) {
                out.push_str(&format!("  {}\n", start.format("%B")));
                month = Some(m);
            }
        } else {
            month = None;
        }
        let indent = if fine { "    " } else { "  " };
        // Events of one day (or one time) share its label: print it once.
        let mut label = short_date(e, start);
        if e.date_basis == storyline_core::model::DateBasis::Publication {
            // Placed by the publication day: say so, so nobody reads it as the day it happened.
            label = match e.status {
                storyline_core::model::Status::Expected => format!("{label} (announced)"),
                _ => format!("{label} (reported)"),
            };
        }
        let shown = if last_label.as_deref() == Some(label.as_str()) {
            String::new()
        } else {
            label.clone()
        };
        last_label = Some(label);
        out.push_str(&format!(
            "{indent}{:<3}{:<24} {}  [{}]  #{}\n",
            mark(e.status.as_str()),
            shown,
            e.text,
            sources_label(e),
            e.id
        ));
    }
    out.push_str(&format!("\n{LEGEND}\n"));
    out
}

fn short_date(e: &TimelineEvent, start: NaiveDate) -> String {
    match e.granularity {
        G::Day => match part_of_day(&e.date) {
            Some(part) => format!("{}, {part}", start.format("%a %-d")),
            None => start.format("%a %-d").to_string(),
        },
        G::Time => format!(
            "{}, {}",
            start.format("%a %-d"),
            e.date.get(11..16).unwrap_or_default()
        ),
        G::Month => "(month)".to_string(),
        _ => human_date(&e.date),
    }
}

fn sources_label(e: &TimelineEvent) -> String {
    let mut ids: Vec<i64> = e.sources.iter().map(|s| s.snapshot_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let n = ids.len();
    format!("{n} source{}", if n == 1 { "" } else { "s" })
}

fn human_changes(c: &SnapshotChanges) -> String {
    let mut out = format!(
        "snapshot {} (published {})\n",
        c.snapshot_id,
        crate::output::when(&c.published_at, false)
    );
    let sections = [
        ("added", &c.added),
        ("confirmed (expected → happened)", &c.confirmed),
        ("re-dated", &c.redated),
        ("contradicted, cancelled or postponed", &c.contradicted),
    ];
    let mut any = false;
    for (name, list) in sections {
        if list.is_empty() {
            continue;
        }
        any = true;
        out.push_str(&format!("\n{name}: {}\n", list.len()));
        for e in list {
            out.push_str(&format!(
                "  {:<3}{:<24} {}  #{}\n",
                mark(e.status.as_str()),
                human_date(&e.date),
                e.text,
                e.id
            ));
            if let Some(detail) = &e.detail {
                let label = if e.change == Change::Redated {
                    "was dated"
                } else {
                    "earlier"
                };
                out.push_str(&format!("       {label}: {detail}\n"));
            }
        }
    }
    if !any {
        out.push_str("\nNo change to the timeline.\n");
    }
    if !c.figures.is_empty() {
        out.push_str(&format!("\nfigures: {}\n", c.figures.len()));
        for f in &c.figures {
            let after = crate::figures::value(&f.after);
            let path = match &f.before {
                Some(b) => format!("{} → {after}", crate::figures::value(b)),
                None => after,
            };
            out.push_str(&format!(
                "  {} {path} ({})  “{}”\n",
                f.label,
                crate::figures::change_word(f.after.change),
                f.after.text
            ));
        }
    }
    match &c.diff {
        Some(d) => out.push_str(&format!(
            "\nagainst snapshot {} (previous version): +{} −{} words, {} unchanged\n",
            d.from, d.inserted_words, d.deleted_words, d.unchanged_words
        )),
        None => out.push_str("\nfirst version of its article: no earlier text to compare\n"),
    }
    out
}
