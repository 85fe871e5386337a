//! `storyline timeline`, `storyline changes` and `storyline export`.

use std::io::IsTerminal as _;
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
    /// Replace FILE if it exists, without asking.
    #[arg(long, visible_alias = "yes")]
    force: bool,
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
    let (doc, n) = sl.export_counted(&args.story, format)?;
    if n == 0 {
        // An empty calendar or table is easy to take for a failed export: say why.
        let what = if format == ExportFormat::Ics {
            "no expected or postponed events with a date (a calendar holds only those)"
        } else {
            "no dated events"
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
        let Some(d) = EventDate::parse(&e.date) else {
            continue;
        };
        let y = d.start().year();
        if year != Some(y) {
            out.push_str(&format!("\n{y}\n"));
            year = Some(y);
            month = None;
            last_label = None;
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
        // Events of one day (or one time) share its label: print it once.
        let label = short_date(e, &d);
        let shown = if last_label.as_deref() == Some(label.as_str()) {
            String::new()
        } else {
            label.clone()
        };
        last_label = Some(label);
        out.push_str(&format!(
            "{indent}{:<3}{:<24} {}  [{}]  #{}\n",
            mark(&e.status),
            shown,
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
        G::Day => match d.part_of_day() {
            Some(part) => format!("{}, {part}", d.start().format("%a %-d")),
            None => d.start().format("%a %-d").to_string(),
        },
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

#[derive(clap::Args)]
pub struct BenchArgs {
    /// Snapshots in the story before the measured ones are added.
    #[arg(long, default_value_t = 200)]
    snapshots: usize,
    /// Words per snapshot.
    #[arg(long, default_value_t = 1000)]
    words: usize,
    /// Measured adds (each followed by a timeline read); medians are printed.
    #[arg(long, default_value_t = 20)]
    runs: usize,
}

/// Article paragraphs to build benchmark snapshots from: the gold stories, markup removed.
const PROSE: &[&str] = &[
    include_str!("../tests/fixtures/stories/harbor-bridge/01-courier.txt"),
    include_str!("../tests/fixtures/stories/harbor-bridge/03-wpel.txt"),
    include_str!("../tests/fixtures/stories/harbor-bridge/04-courier.txt"),
    include_str!("../tests/fixtures/stories/norvale-leak/01-herald.txt"),
    include_str!("../tests/fixtures/stories/norvale-leak/02-radio.txt"),
    include_str!("../tests/fixtures/stories/norvale-leak/04-wire.txt"),
    include_str!("../tests/fixtures/stories/caldera-recount/01-sentinel.txt"),
    include_str!("../tests/fixtures/stories/caldera-recount/02-kcal.txt"),
    include_str!("../tests/fixtures/stories/caldera-recount/04-press.txt"),
];

/// `{phrase|VALUE}` → `phrase`.
fn unmark(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('}').map_or(rest.len(), |c| c + open);
        let inner = &rest[open + 1..close];
        out.push_str(inner.split('|').next().unwrap_or(""));
        rest = rest.get(close + 1..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// Snapshot `i` of the benchmark story: about `words` words of news prose, paragraphs taken
/// in a rotating order so that no two snapshots are the same.
pub(crate) fn bench_text(paragraphs: &[String], i: usize, words: usize) -> String {
    let mut out = format!("Benchmark update {i}\n\n");
    let mut n = 0;
    let mut k = i * 7;
    while n < words {
        let p = &paragraphs[k % paragraphs.len()];
        n += p.split_whitespace().count();
        out.push_str(p);
        out.push_str("\n\n");
        k += 1 + i % 5;
    }
    out
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

/// The paragraphs benchmark snapshots are made of (the gold stories' prose).
pub(crate) fn bench_paragraphs() -> Vec<String> {
    PROSE
        .iter()
        .flat_map(|f| {
            unmark(f)
                .split("\n\n")
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .filter(|p| p.split_whitespace().count() > 12)
        .collect()
}

/// `storyline bench-events`: adding a snapshot to a long story and reading its timeline.
pub fn bench(args: BenchArgs) -> anyhow::Result<()> {
    use std::time::Instant;
    use storyline_core::api::{AddSnapshot, Storyline};

    let paragraphs = bench_paragraphs();
    let dir = std::env::temp_dir().join(format!("storyline-bench-events-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let db = dir.join("bench.db");
    let result = (|| -> anyhow::Result<()> {
        let mut sl = Storyline::open(&db)?;
        let base = chrono::DateTime::parse_from_rfc3339("2025-01-06T08:00:00+01:00")?;
        let now = base.to_utc() + chrono::Duration::days(400);
        let add = |sl: &mut Storyline, story: &str, i: usize| -> anyhow::Result<f64> {
            let text = bench_text(&paragraphs, i, args.words);
            let mut req = AddSnapshot::new(story, text.into_bytes());
            req.url = Some(format!("https://bench.example/{story}/{i}").replace(' ', "-"));
            req.published = Some((base + chrono::Duration::hours(6 * i as i64)).to_rfc3339());
            let t = Instant::now();
            let r = sl.add_snapshot(req, now)?;
            anyhow::ensure!(!r.unchanged, "benchmark snapshot {i} was unchanged");
            Ok(t.elapsed().as_secs_f64() * 1e3)
        };

        // Baseline: the same kind of snapshot added to an empty story, and its parts.
        let sample = bench_text(&paragraphs, args.snapshots, args.words);
        let dct = base.date_naive();
        // Warm up: the tagger compiles its rules on first use.
        storyline_core::timex::tag("On Monday.", dct);
        let (mut tags, mut extracts) = (Vec::new(), Vec::new());
        let (mut timexes, mut mentions) = (Vec::new(), Vec::new());
        for _ in 0..args.runs.max(1) {
            let t = Instant::now();
            timexes = storyline_core::timex::tag(&sample, dct);
            tags.push(t.elapsed().as_secs_f64() * 1e3);
            let t = Instant::now();
            mentions = storyline_core::events::extract(&sample, base, &timexes);
            extracts.push(t.elapsed().as_secs_f64() * 1e3);
        }
        let (tag_ms, extract_ms) = (median(tags), median(extracts));
        let mut empty = Vec::new();
        for r in 0..args.runs {
            empty.push(add(&mut sl, &format!("empty {r}"), args.snapshots + r)?);
        }
        let empty_ms = median(empty);

        let story = "bench story";
        let t = Instant::now();
        for i in 0..args.snapshots {
            add(&mut sl, story, i)?;
        }
        let build_s = t.elapsed().as_secs_f64();
        let (mut adds, mut reads) = (Vec::new(), Vec::new());
        let mut events = 0;
        for r in 0..args.runs {
            adds.push(add(&mut sl, story, args.snapshots + r)?);
            let t = Instant::now();
            let tl = sl.timeline(story, &TimelineFilter::default())?;
            reads.push(t.elapsed().as_secs_f64() * 1e3);
            events = tl.events.len();
        }
        let (add_ms, read_ms) = (median(adds), median(reads));
        println!(
            "bench-events: {} words per snapshot, medians of {} runs",
            args.words, args.runs
        );
        println!(
            "  tag one snapshot (timex::tag)          {tag_ms:>9.2} ms  ({} timexes)",
            timexes.len()
        );
        println!(
            "  extract its events                     {extract_ms:>9.2} ms  ({} mentions)",
            mentions.len()
        );
        println!("  add it to an empty story (baseline)    {empty_ms:>9.2} ms");
        println!(
            "  build a {}-snapshot story              {:>9.2} s   ({:.2} ms per snapshot)",
            args.snapshots,
            build_s,
            build_s * 1e3 / args.snapshots as f64
        );
        println!(
            "  add one to the {}-snapshot story       {add_ms:>9.2} ms  ({:.2}x the baseline)",
            args.snapshots,
            add_ms / empty_ms
        );
        println!("  read its timeline ({events} events)      {read_ms:>9.2} ms");
        println!(
            "  add + read                             {:>9.2} ms  (goal < 20 ms)",
            add_ms + read_ms
        );
        Ok(())
    })();
    let _ = std::fs::remove_dir_all(&dir);
    result
}
