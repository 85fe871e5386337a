//! What the benchmark examples share: snapshots of news prose made from the gold stories.

/// Article paragraphs to build benchmark snapshots from: the gold stories, markup removed.
const PROSE: &[&str] = &[
    include_str!("../../tests/fixtures/stories/harbor-bridge/01-courier.txt"),
    include_str!("../../tests/fixtures/stories/harbor-bridge/03-wpel.txt"),
    include_str!("../../tests/fixtures/stories/harbor-bridge/04-courier.txt"),
    include_str!("../../tests/fixtures/stories/norvale-leak/01-herald.txt"),
    include_str!("../../tests/fixtures/stories/norvale-leak/02-radio.txt"),
    include_str!("../../tests/fixtures/stories/norvale-leak/04-wire.txt"),
    include_str!("../../tests/fixtures/stories/caldera-recount/01-sentinel.txt"),
    include_str!("../../tests/fixtures/stories/caldera-recount/02-kcal.txt"),
    include_str!("../../tests/fixtures/stories/caldera-recount/04-press.txt"),
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
pub fn bench_text(paragraphs: &[String], i: usize, words: usize) -> String {
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

/// The paragraphs benchmark snapshots are made of (the gold stories' prose).
pub fn bench_paragraphs() -> Vec<String> {
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
