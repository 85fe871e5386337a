//! Figures for the store, diff and search on generated articles, each next to a baseline
//! measured in the same run on the same text:
//!
//! ```sh
//! cargo run --release -p storyline-core --example bench_foundation
//! ```
//!
//! Prints figures only; no thresholds (timings on a shared machine are not test material).

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use storyline_core::api::{AddSnapshot, Storyline};
use storyline_core::{diff, ingest};

/// A small deterministic generator, so every run measures the same text.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

const WORDS: &[&str] = &[
    "storm",
    "bridge",
    "council",
    "Monday",
    "the",
    "a",
    "closed",
    "engineers",
    "cracks",
    "ferry",
    "wind",
    "harbour",
    "and",
    "of",
    "to",
    "said",
    "on",
    "will",
    "reopen",
    "police",
    "warning",
    "Tuesday",
    "repairs",
    "traffic",
    "coast",
    "river",
    "inspection",
    "drivers",
    "diversion",
];

fn article(rng: &mut Lcg, paragraphs: usize) -> Vec<String> {
    (0..paragraphs)
        .map(|_| {
            let n = 40 + rng.next() as usize % 40;
            let mut p: Vec<&str> = (0..n)
                .map(|_| WORDS[rng.next() as usize % WORDS.len()])
                .collect();
            p.push("end.");
            p.join(" ")
        })
        .collect()
}

fn edit(rng: &mut Lcg, paras: &[String], every: usize) -> String {
    let mut out = paras.to_vec();
    for i in (0..out.len()).step_by(every) {
        out[i] = article(rng, 1).remove(0);
    }
    out.join("\n\n")
}

fn time<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let t = Instant::now();
    let v = f();
    (v, t.elapsed())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let now: DateTime<Utc> = DateTime::parse_from_rfc3339("2026-03-12T09:00:00Z")
        .unwrap()
        .to_utc();
    let dir = tempfile::tempdir().unwrap();
    let mut sl = Storyline::open(dir.path().join("bench.db")).unwrap();
    let mut rng = Lcg(42);

    // 1. add: 500 typical articles (~3 KB) into a real file, one transaction each.
    let texts: Vec<String> = (0..500)
        .map(|_| article(&mut rng, 8).join("\n\n"))
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let (_, base) = time(|| {
        for t in &texts {
            let c = ingest::read_content(t.as_bytes(), ingest::InputFormat::Text).unwrap();
            std::hint::black_box(ingest::sha256_hex(&c.text));
        }
    });
    let (_, add) = time(|| {
        for (i, t) in texts.iter().enumerate() {
            let mut req = AddSnapshot::new(format!("Story {}", i % 10), t.as_str());
            req.url = Some(format!("https://news.example/{}", i % 100));
            sl.add_snapshot(req, now).unwrap();
        }
    });
    println!(
        "add      {} articles, {:.1} MB: {:.2} ms each; {:.1}x the baseline (checking + hashing the same text, {:.3} ms each)",
        texts.len(),
        bytes as f64 / 1e6,
        ms(add) / texts.len() as f64,
        add.as_secs_f64() / base.as_secs_f64(),
        ms(base) / texts.len() as f64
    );

    // 2. search over those 500 articles.
    let (hits, search) = time(|| {
        (0..20)
            .map(|_| sl.search("cracks inspection", None).unwrap().len())
            .sum::<usize>()
    });
    println!(
        "search   500 articles, 2 words, {} hits per query: {:.2} ms per query",
        hits / 20,
        ms(search) / 20.0
    );

    // 3. diff of two versions: typical (~25 KB) and huge (~3 MB), a tenth of the paragraphs
    //    rewritten. Baseline: diffing the text with itself.
    for (label, paras) in [("25 KB", 50), ("3 MB", 8000)] {
        let a = article(&mut rng, paras);
        let old = a.join("\n\n");
        let new = edit(&mut rng, &a, 10);
        let (_, same) = time(|| diff::diff_words(&old, &old));
        let (d, changed) = time(|| diff::diff_words(&old, &new));
        println!(
            "diff     {label} ({} words): {:.1} ms, {} ops; {:.1}x the baseline (the text against itself, {:.1} ms)",
            ingest::word_count(&old),
            ms(changed),
            d.ops.len(),
            changed.as_secs_f64() / same.as_secs_f64(),
            ms(same)
        );
    }

    // 4. search with a huge article full of matches (FTS5's snippet() took ~30 s here).
    let huge = article(&mut rng, 8000).join("\n\n");
    sl.add_snapshot(AddSnapshot::new("Huge", huge.as_str()), now)
        .unwrap();
    let (n, t) = time(|| sl.search("cracks ferry", Some("Huge")).unwrap().len());
    println!(
        "search   one {:.1} MB article full of matches: {:.1} ms ({n} hit)",
        huge.len() as f64 / 1e6,
        ms(t)
    );
}
