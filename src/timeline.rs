//! `storyline timeline`, `storyline changes` and `storyline export`.

use std::path::PathBuf;

use anyhow::Context as _;
use chrono::Datelike;
use storyline_core::api::{ExportFormat, SnapshotChanges, Timeline, TimelineEvent, TimelineFilter};
use storyline_core::events::export::human_date;
use storyline_core::events::EventDate;

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
    #[arg(long, value_name = "SNAPSHOT_ID")]
    since: Option<i64>,
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
    /// json, md, csv, timelinejs (TimelineJS 3) or ics (expected events, for a calendar).
    #[arg(long, short, default_value = "json")]
    format: String,
    /// Write to this file instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn timeline(ctx: &Ctx, args: Args) -> anyhow::Result<()> {
    let mut sl = ctx.open()?;
    // Databases from before events existed: extract their snapshots' events once.
    sl.refresh_events(Some(&args.story))?;
    let filter = TimelineFilter {
        status: args.status,
        from: args.from,
        to: args.to,
        since: args.since,
    };
    let t = sl.timeline(&args.story, &filter)?;
    ctx.emit(&t, human)
}

pub fn changes(ctx: &Ctx, args: ChangesArgs) -> anyhow::Result<()> {
    let mut sl = ctx.open()?;
    sl.refresh_events(None)?;
    let c = sl.changes(args.snapshot)?;
    ctx.emit(&c, human_changes)
}

pub fn export(ctx: &Ctx, args: ExportArgs) -> anyhow::Result<()> {
    let format = ExportFormat::parse(&args.format)?;
    let mut sl = ctx.open()?;
    sl.refresh_events(Some(&args.story))?;
    let doc = sl.export(&args.story, format)?;
    match args.output {
        Some(path) => std::fs::write(&path, doc)
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => print!("{doc}"),
    }
    Ok(())
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
    for e in &t.events {
        let Some(d) = EventDate::parse(&e.date) else {
            continue;
        };
        let y = d.start().year();
        if year != Some(y) {
            out.push_str(&format!("\n{y}\n"));
            year = Some(y);
            month = None;
        }
        let fine = d.granularity() >= storyline_core::events::Granularity::Month
            && d.granularity() != storyline_core::events::Granularity::Week
            || d.granularity() == storyline_core::events::Granularity::Week
                && d.start().month() == (d.end() - chrono::Duration::seconds(1)).month();
        if fine {
            let m = (y, d.start().month());
            if month != Some(m) {
                out.push_str(&format!("  {}\n", d.start().format("%B")));
                month = Some(m);
            }
        } else {
            month = None;
        }
        let indent = if fine { "    " } else { "  " };
        out.push_str(&format!(
            "{indent}{:<3}{:<24} {}  [{}]  #{}\n",
            mark(&e.status),
            short_date(e, &d),
            e.text,
            sources_label(e),
            e.id
        ));
    }
    out.push_str(&format!("\n{LEGEND}\n"));
    out
}

fn short_date(e: &TimelineEvent, d: &EventDate) -> String {
    use storyline_core::events::Granularity as G;
    match d.granularity() {
        G::Day => d.start().format("%a %-d").to_string(),
        G::Time => d.start().format("%a %-d, %H:%M").to_string(),
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
        c.snapshot_id, c.published_at
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
                mark(&e.status),
                human_date(&e.date),
                e.text,
                e.id
            ));
            if let Some(detail) = &e.detail {
                let label = if e.change == "redated" {
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
    match &c.diff {
        Some(d) => out.push_str(&format!(
            "\nagainst snapshot {} (previous version): +{} −{} words, {} unchanged\n",
            d.from, d.inserted_words, d.deleted_words, d.unchanged_words
        )),
        None => out.push_str("\nfirst version of its article: no earlier text to compare\n"),
    }
    out
}
