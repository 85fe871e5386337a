//! The gold stories end to end: plain article text added through the API to a real database
//! file, dates found by the real temporal tagger, events merged by the store, the timeline read
//! back and scored. `cargo test --test events_stories -- --nocapture` prints the figures.

mod events_gold;

use chrono::{DateTime, Utc};
use events_gold::{load_all, report, score, show_events, OutEvent, Story};
use storyline_core::api::{AddSnapshot, Storyline, TimelineFilter};

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-06-01T00:00:00Z")
        .unwrap()
        .to_utc()
}

/// Adds the story's snapshots in order and returns its timeline as the scorer sees it.
pub fn build(sl: &mut Storyline, story: &Story) -> Vec<OutEvent> {
    for snap in &story.snapshots {
        let mut req = AddSnapshot::new(story.title.clone(), snap.text.clone().into_bytes());
        req.url = Some(snap.meta.url.clone());
        req.outlet = Some(snap.meta.outlet.clone());
        req.published = Some(snap.meta.published.clone());
        let added = sl.add_snapshot(req, now()).expect("add snapshot");
        assert!(!added.unchanged, "{}: {}", story.name, snap.meta.file);
    }
    let t = sl
        .timeline(&story.title, &TimelineFilter::default())
        .expect("timeline");
    t.events
        .into_iter()
        .map(|e| OutEvent {
            snapshots: e.sources.len(),
            sentences: e.sources.into_iter().map(|s| s.sentence).collect(),
            // The gold dates have no part of day ("2025-11-10TEV" is the day 2025-11-10).
            date: storyline_core::events::EventDate::parse(&e.date)
                .map_or(e.date, |d| d.value().to_string()),
            status: e.status.as_str().to_string(),
            text: e.text,
        })
        .collect()
}

#[test]
fn gold_stories_with_the_real_tagger() {
    let dir = tempfile::tempdir().unwrap();
    let mut sl = Storyline::open(dir.path().join("stories.db")).unwrap();
    let mut rows = Vec::new();
    for story in load_all() {
        let out = build(&mut sl, &story);
        show_events(&story.name, &out);
        rows.push((story.name.clone(), score(&story, &out)));
    }
    let total = report("gold stories, real tagger, through the store", &rows);
    assert_eq!(total.duplicated, 0, "duplicated events");
    // Precision: every output event matches a gold event or the story's ignore list. The floor
    // is the figure reached, so a new spurious event fails here (docs/events.md has the record).
    assert!(
        total.precision() >= 0.86,
        "precision {:.3}",
        total.precision()
    );
    // The bar (recall >= 0.95, statuses right) with the real tagger: a tagger change
    // that misreads a gold date fails here. docs/events.md lists earlier misses.
    assert!(total.recall() >= 0.95, "recall {:.3}", total.recall());
    // One known wrong status, in the held-out kelmar-dock-strike: its Thursday hearing is
    // postponed only by an undated clause of the later report ("after the labor court
    // postponed its hearing"), which no rule links to the hearing yet. Through the store, the
    // mediator's appointment also joins an earlier plan: the store does not keep a mention's
    // date basis yet, so two publication-dated mentions look like one date to the merge.
    assert!(
        total.found - total.status_right <= 2,
        "statuses {}/{}",
        total.status_right,
        total.found
    );
}
