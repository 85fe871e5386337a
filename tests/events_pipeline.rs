//! Scores the event pipeline on the gold stories with the marked (perfect) temporal
//! expressions, so that event extraction, status and merging are measured on their own.
//! `cargo test --test events_pipeline -- --nocapture` prints the figures.

mod events_gold;

use chrono::DateTime;
use events_gold::{load_all, report, score, show_events, OutEvent};
use storyline_core::events::{extract, Merger};

fn build(story: &events_gold::Story) -> Vec<OutEvent> {
    let mut merger = Merger::new();
    for (i, snap) in story.snapshots.iter().enumerate() {
        let published = DateTime::parse_from_rfc3339(&snap.meta.published).expect("published");
        let mentions = extract(&snap.text, published, &snap.timexes);
        merger.add(i as i64 + 1, published, mentions);
    }
    merger
        .timeline()
        .into_iter()
        .map(|e| OutEvent {
            date: e.derived.date.value().to_string(),
            status: e.derived.status.as_str().to_string(),
            text: e.derived.text.clone(),
            sentences: e
                .sources
                .iter()
                .map(|s| s.mention.sentence.to_string())
                .collect(),
            snapshots: {
                let mut ids: Vec<i64> = e.sources.iter().map(|s| s.snapshot_id).collect();
                ids.dedup();
                ids.len()
            },
        })
        .collect()
}

#[test]
fn gold_stories_with_marked_timexes() {
    let stories = load_all();
    assert!(stories.len() >= 3, "at least three gold stories");
    let mut rows = Vec::new();
    for story in &stories {
        let out = build(story);
        show_events(&story.name, &out);
        rows.push((story.name.clone(), score(story, &out)));
    }
    let total = report("event pipeline, marked timexes", &rows);
    assert!(
        total.recall() >= 0.95,
        "recall {:.3} < 0.95",
        total.recall()
    );
    assert_eq!(total.duplicated, 0, "duplicated events");
    // Precision: every output event matches a gold event or the story's ignore list. The floor
    // is the figure reached, so a new spurious event fails here (docs/events.md has the record).
    assert!(
        total.precision() >= 0.93,
        "precision {:.3}",
        total.precision()
    );
    assert_eq!(total.status_right, total.found, "statuses");
}
