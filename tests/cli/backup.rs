//! `backup`, `export-story` and `import-story`.

use serde_json::Value;

use crate::support::Db;

fn timeline_rows(v: &Value) -> Vec<(String, String, String, usize)> {
    v["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["date"].as_str().unwrap().to_owned(),
                e["status"].as_str().unwrap().to_owned(),
                e["text"].as_str().unwrap().to_owned(),
                e["sources"].as_array().unwrap().len(),
            )
        })
        .collect()
}

#[test]
fn backup_writes_a_whole_consistent_copy_and_never_overwrites() {
    let db = Db::new();
    db.json(&["demo"]);
    let target = db.dir.path().join("copy.db");
    let target_s = target.to_str().unwrap();
    let out = db.json(&["backup", target_s]);
    assert_eq!(out["path"], target_s);
    assert!(out["bytes"].as_u64().unwrap() > 0);
    let conn = rusqlite::Connection::open(&target).unwrap();
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let n: i64 = conn
        .query_row("SELECT count(*) FROM snapshot", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, db.counts().2);
    // The copy is a working database.
    let copy = Db {
        dir: tempfile::tempdir().unwrap(),
        path: target.clone(),
    };
    assert_eq!(
        timeline_rows(&copy.json(&["timeline", "1"])),
        timeline_rows(&db.json(&["timeline", "1"]))
    );
    let err = db.fail(&["backup", target_s]);
    assert!(err.contains("will not overwrite"), "{err}");
}

#[test]
fn a_story_bundle_round_trips_into_another_database() {
    let a = Db::new();
    a.json(&["demo"]);
    let bundle = a.json(&["export-story", "1"]);
    assert_eq!(bundle["format"], "storyline-story");
    let file = a.dir.path().join("story.json");
    std::fs::write(&file, serde_json::to_vec(&bundle).unwrap()).unwrap();

    let b = Db::new();
    let done = b.json(&["import-story", file.to_str().unwrap()]);
    assert_eq!(done["snapshots"], 4);
    // The same story, texts, raw HTML and versions; the same timeline.
    assert_eq!(b.json(&["export-story", "1"]), bundle);
    assert_eq!(
        timeline_rows(&b.json(&["timeline", "1"])),
        timeline_rows(&a.json(&["timeline", "1"]))
    );
    // Importing it again needs another title; nothing is half-imported.
    let err = a.fail(&["import-story", file.to_str().unwrap()]);
    assert!(err.contains("already"), "{err}");
    assert_eq!(a.counts(), (1, 3, 4));
    let done = a.json(&["import-story", file.to_str().unwrap(), "--title", "Copy"]);
    assert_eq!(done["title"], "Copy");
    assert_eq!(a.counts(), (2, 6, 8));
    // A bundle with a bad snapshot stores nothing.
    let mut broken = bundle.clone();
    broken["articles"][1]["snapshots"][0]["published_at"] = "yesterday".into();
    std::fs::write(&file, serde_json::to_vec(&broken).unwrap()).unwrap();
    let err = b.fail(&["import-story", file.to_str().unwrap(), "--title", "Broken"]);
    assert!(err.contains("published_at"), "{err}");
    assert_eq!(b.counts(), (1, 3, 4));
}
