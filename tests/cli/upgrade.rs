//! Database files written by earlier releases open, upgrade and read the same.

use std::path::Path;

use crate::support::Db;

/// Written by storyline 0.1.0 (schema version 3): the demo story and a two-event story.
const V3: &str = "tests/fixtures/db/storyline-0.1.0-v3.db";

#[test]
fn a_database_from_0_1_0_upgrades_and_reads_the_same() {
    let db = Db::new();
    std::fs::create_dir_all(db.path.parent().unwrap()).unwrap();
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join(V3), &db.path).unwrap();
    let stories = db.json(&["stories"]);
    let counts: Vec<(String, i64)> = stories
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["title"].as_str().unwrap().to_owned(),
                s["snapshots"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        counts,
        [
            ("Storm Orla: Callan Bridge closure".to_owned(), 4),
            ("Ferry strike".to_owned(), 1)
        ]
    );
    // The events 0.1.0 derived are kept.
    let t = db.json(&["timeline", "1"]);
    assert_eq!(t["events"].as_array().unwrap().len(), 17);
    let t = db.json(&["timeline", "Ferry strike"]);
    let got: Vec<(&str, &str)> = t["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["date"].as_str().unwrap(), e["text"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            ("2026-03-09", "Ferry crews walked out over pay."),
            ("2026-03-13", "Talks will resume.")
        ]
    );
    // It takes new snapshots, which merge with the old events.
    db.add(
        "Ferry strike",
        &["--published", "2026-03-11T09:00:00Z"],
        "Ferry crews walked out over pay on Monday, the union said.",
    );
    let t = db.json(&["timeline", "Ferry strike"]);
    assert_eq!(t["events"][0]["sources"].as_array().unwrap().len(), 2);
    let conn = rusqlite::Connection::open(&db.path).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert!(version >= 3);
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
}
