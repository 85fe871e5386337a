//! `cargo run --release --example bench_events -- [--snapshots 200] [--words 1000] [--runs 20]`:
//! adding a snapshot to a long story and reading its timeline, against adding one to an empty
//! story (the same-run baseline).

mod common;

use clap::Parser as _;
use common::{bench_paragraphs, bench_text};
use storyline_core::api::TimelineFilter;

/// Adding a snapshot to a long story and reading its timeline (figures printed, nothing
/// asserted).
#[derive(clap::Parser)]
struct BenchArgs {
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

fn main() -> anyhow::Result<()> {
    let args = BenchArgs::parse();
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

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}
