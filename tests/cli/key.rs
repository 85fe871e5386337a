//! Issue 12: key events (`timeline --key N`) and events placed by their publication day.

use crate::support::Db;

fn texts(v: &serde_json::Value) -> Vec<String> {
    v["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["text"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn key_keeps_the_most_widely_told_events_in_timeline_order() {
    let db = Db::new();
    let lead = "On Monday, a landslide closed the coast road at Pell.";
    db.add(
        "Pell",
        &["--outlet", "Wire", "--published", "2026-03-03T09:00:00Z"],
        &format!("{lead}\n\nOfficials said repairs would take weeks. In 1998 a flood closed the same road for a month, and the council later built a sea wall that cost millions."),
    );
    db.add(
        "Pell",
        &["--outlet", "Gazette", "--published", "2026-03-03T12:00:00Z"],
        lead,
    );
    db.add(
        "Pell",
        &["--outlet", "Herald", "--published", "2026-03-04T08:00:00Z"],
        lead,
    );
    let all = db.json(&["timeline", "Pell"]);
    let n = all["events"].as_array().unwrap().len();
    assert!(n >= 2, "{:?}", texts(&all));
    let scores: Vec<f64> = all["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["key"].as_f64().unwrap())
        .collect();
    assert!(scores.iter().all(|s| *s > 0.0), "{scores:?}");
    let key = db.json(&["timeline", "Pell", "--key", "1"]);
    let kept = texts(&key);
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(
        kept[0].contains("landslide closed the coast road"),
        "{kept:?}"
    );
    // Through the API too, as serve and the app call it.
    let text = db.text(&["timeline", "Pell", "--key", "1"]);
    assert!(text.contains("landslide"), "{text}");
    assert!(!text.contains("1998"), "{text}");
}

#[test]
fn an_undated_report_says_it_is_placed_by_its_publication() {
    let db = Db::new();
    db.add(
        "Talks",
        &["--outlet", "Wire", "--published", "2025-12-02T09:00:00Z"],
        "The chief of staff resigned after investigators raided his home.",
    );
    let t = db.json(&["timeline", "Talks"]);
    let e = &t["events"][0];
    assert_eq!(e["date_basis"], "publication", "{t}");
    assert_eq!(e["date"], "2025-12-02");
    let text = db.text(&["timeline", "Talks"]);
    assert!(text.contains("(reported)"), "{text}");
}
