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
        total.precision() >= 0.90,
        "precision {:.3}",
        total.precision()
    );
    // One known wrong status, in the held-out kelmar-dock-strike: its Thursday hearing is
    // postponed only by an undated clause of the later report ("after the labor court
    // postponed its hearing"), which no rule links to the hearing yet.
    assert!(
        total.found - total.status_right <= 1,
        "statuses {}/{}",
        total.status_right,
        total.found
    );
}

/// Issue 12's seed case, on a story written like the seed report: the happenings it tells
/// without a date are events placed by the publication (`date_basis` publication), with the
/// status their tense and plan cues give, and the plan told on 2 Dec is confirmed by the later
/// report of the meeting.
#[test]
fn seed_like_story_tells_its_undated_happenings() {
    use storyline_core::events::{DateBasis, MentionStatus};
    let story = events_gold::load(&events_gold::stories_dir().join("marenia-talks"));
    let snap = &story.snapshots[0];
    let published = DateTime::parse_from_rfc3339(&snap.meta.published).unwrap();
    let mentions = extract(&snap.text, published, &snap.timexes);
    let find = |words: &str| {
        mentions
            .iter()
            .find(|m| m.text.contains(words))
            .unwrap_or_else(|| panic!("no mention with {words:?}"))
    };
    for (words, status) in [
        ("held talks in Florida", MentionStatus::Happened),
        ("met European leaders in Paris", MentionStatus::Happened),
        (
            "resigned after anti-corruption investigators raided",
            MentionStatus::Happened,
        ),
        ("ministers were also dismissed", MentionStatus::Happened),
        (
            "is scheduled to meet Durovian President",
            MentionStatus::Expected,
        ),
    ] {
        let m = find(words);
        assert_eq!(m.status, status, "{}", m.text);
        assert_eq!(m.date_basis, DateBasis::Publication, "{}", m.text);
        assert_eq!(m.date.value(), "2025-12-02", "{}", m.text);
    }
    // The actor stays in the entry; a dated happening keeps its text basis.
    assert!(find("resigned")
        .text
        .starts_with("His chief of staff, Teodor Lask,"));
    assert_eq!(find("missile strike").date_basis, DateBasis::Text);
    // Opinions, quotes and states make none.
    for words in [
        "wants a just peace",
        "remains unchanged",
        "gap between",
        "learned to live",
    ] {
        assert!(
            !mentions.iter().any(|m| m.sentence.contains(words)),
            "{words}"
        );
    }
    let out = build(&story);
    let meeting = out
        .iter()
        .find(|e| e.sentences.iter().any(|s| s.contains("scheduled to meet")))
        .unwrap();
    assert_eq!(meeting.status, "expected_then_happened");
    assert_eq!(meeting.snapshots, 2);
}
