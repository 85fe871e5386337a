//! `cargo run --release --example bench_scale -- [--sizes 100,1000] [--words 1000]`: how
//! adding, reading and searching grow with the size of a story.

mod common;

use std::time::Instant;

use storyline_core::api::{AddSnapshot, Storyline, TimelineFilter};

use clap::Parser as _;
use common::{bench_paragraphs, bench_text};

/// Story sizes to measure (figures printed, nothing asserted).
#[derive(clap::Parser)]
struct Args {
    /// Story sizes to measure, in snapshots, smallest first (each builds on the one before).
    #[arg(long, value_delimiter = ',', default_values_t = [100, 1000])]
    sizes: Vec<usize>,
    /// Words per snapshot.
    #[arg(long, default_value_t = 1000)]
    words: usize,
}

/// One size's figures.
struct Figures {
    n: usize,
    add_median: f64,
    add_p95: f64,
    add_cpu: f64,
    timeline: f64,
    events: usize,
    search: f64,
    db_bytes: u64,
    peak_rss_kb: u64,
}

fn percentile(v: &[f64], p: f64) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(|a, b| a.total_cmp(b));
    v[((v.len() - 1) as f64 * p).round() as usize]
}

/// The process's peak resident set (VmHWM), in KB; 0 where /proc has none.
fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// CPU time this thread has used, in ms (wall time on a busy machine also counts the waits for
/// a core); 0 where it cannot be read.
fn thread_cpu_ms() -> f64 {
    #[cfg(unix)]
    {
        let mut t = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: clock_gettime writes one timespec, which `t` is.
        if unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) } == 0 {
            return t.tv_sec as f64 * 1e3 + t.tv_nsec as f64 / 1e6;
        }
    }
    0.0
}

fn file_size(path: &std::path::Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let mut sizes = args.sizes.clone();
    sizes.sort_unstable();
    sizes.dedup();
    anyhow::ensure!(
        sizes.first().is_some_and(|&n| n > 0),
        "give sizes above zero"
    );
    let paragraphs = bench_paragraphs();
    let dir = std::env::temp_dir().join(format!("storyline-bench-scale-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let db = dir.join("bench.db");
    let result = (|| -> anyhow::Result<Vec<Figures>> {
        let mut sl = Storyline::open(&db)?;
        let base = chrono::DateTime::parse_from_rfc3339("2025-01-06T08:00:00+01:00")?;
        let now = base.to_utc() + chrono::Duration::days(4000);
        let story = "scale story";
        let mut latencies = Vec::new();
        let mut cpu = Vec::new();
        let mut out = Vec::new();
        for &n in &sizes {
            while latencies.len() < n {
                let i = latencies.len();
                let text = bench_text(&paragraphs, i, args.words);
                let mut req = AddSnapshot::new(story, text.into_bytes());
                // Five versions per article, a new article every five snapshots.
                req.url = Some(format!("https://scale.example/{}", i / 5));
                req.published = Some((base + chrono::Duration::hours(3 * i as i64)).to_rfc3339());
                let (t, c) = (Instant::now(), thread_cpu_ms());
                sl.add_snapshot(req, now)?;
                latencies.push(t.elapsed().as_secs_f64() * 1e3);
                cpu.push(thread_cpu_ms() - c);
            }
            // The adds that brought the story to this size: the last tenth (at least 20).
            let from = n - (n / 10).max(20).min(n);
            let window = &latencies[from..n];
            let (mut reads, mut searches) = (Vec::new(), Vec::new());
            let mut events = 0;
            for _ in 0..5 {
                let t = Instant::now();
                events = sl.timeline(story, &TimelineFilter::default())?.events.len();
                reads.push(t.elapsed().as_secs_f64() * 1e3);
                let t = Instant::now();
                sl.search("bridge closed", None)?;
                searches.push(t.elapsed().as_secs_f64() * 1e3);
            }
            let wal = db.with_extension("db-wal");
            out.push(Figures {
                n,
                add_median: percentile(window, 0.5),
                add_p95: percentile(window, 0.95),
                add_cpu: percentile(&cpu[from..n], 0.5),
                timeline: percentile(&reads, 0.5),
                events,
                search: percentile(&searches, 0.5),
                db_bytes: file_size(&db) + file_size(&wal),
                peak_rss_kb: peak_rss_kb(),
            });
        }
        Ok(out)
    })();
    let _ = std::fs::remove_dir_all(&dir);
    let figures = result?;
    println!(
        "bench-scale: one story, {} words per snapshot; add latency (wall, and CPU of this \
         thread) over the last tenth of the adds to each size; timeline and search medians of 5",
        args.words
    );
    println!(
        "{:>7}  {:>10}  {:>10}  {:>10}  {:>12}  {:>7}  {:>10}  {:>9}  {:>9}",
        "N", "add med", "add p95", "add CPU", "timeline", "events", "search", "DB MB", "peak RSS"
    );
    for f in &figures {
        println!(
            "{:>7}  {:>7.2} ms  {:>7.2} ms  {:>7.2} ms  {:>9.2} ms  {:>7}  {:>7.2} ms  {:>9.1}  {:>6} MB",
            f.n,
            f.add_median,
            f.add_p95,
            f.add_cpu,
            f.timeline,
            f.events,
            f.search,
            f.db_bytes as f64 / 1e6,
            f.peak_rss_kb / 1024
        );
    }
    for w in figures.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        let r = |x: f64, y: f64| if x > 0.0 { y / x } else { f64::NAN };
        println!(
            "growth {} -> {} ({:.0}x the snapshots): add median {:.2}x, p95 {:.2}x, CPU {:.2}x, \
             timeline {:.2}x, search {:.2}x, DB {:.2}x, peak RSS {:.2}x",
            a.n,
            b.n,
            b.n as f64 / a.n as f64,
            r(a.add_median, b.add_median),
            r(a.add_p95, b.add_p95),
            r(a.add_cpu, b.add_cpu),
            r(a.timeline, b.timeline),
            r(a.search, b.search),
            r(a.db_bytes as f64, b.db_bytes as f64),
            r(a.peak_rss_kb as f64, b.peak_rss_kb as f64)
        );
    }
    println!(
        "goals: add < 20 ms at every N; timeline < 100 ms at N = 1,000; growth no faster than N"
    );
    Ok(())
}
