use crate::support::Db;

#[test]
fn rm_without_a_terminal_needs_yes() {
    let db = Db::new();
    let a = db.add("Storm", &[], "text");
    let id = a["snapshot_id"].to_string();
    let err = db.fail(&["rm-story", "Storm"]);
    assert!(err.contains("--yes"), "{err}");
    let err = db.fail(&["rm-snapshot", &id]);
    assert!(err.contains("--yes"), "{err}");
    assert_eq!(db.counts(), (1, 1, 1));
}

#[test]
fn rm_snapshot_then_story() {
    let db = Db::new();
    let a = db.add("Storm", &["--url", "https://a.example/1"], "one");
    let b = db.add("Storm", &["--url", "https://a.example/1"], "two");
    db.add("Storm", &[], "three");
    let d = db.json(&["rm-snapshot", &b["snapshot_id"].to_string(), "--yes"]);
    assert_eq!(d["article_removed"], false);
    assert_eq!(db.counts(), (1, 2, 2));
    // The next version continues after the highest remaining one.
    let c = db.add("Storm", &["--url", "https://a.example/1"], "two again");
    assert_eq!(c["version"], 2);
    let d = db.json(&["rm-snapshot", &a["snapshot_id"].to_string(), "-y"]);
    assert_eq!(d["article_removed"], false);
    let d = db.json(&["rm-story", "Storm", "--yes"]);
    assert_eq!(d["snapshots"], 2);
    assert_eq!(db.counts(), (0, 0, 0));
    // Deleted text is gone from the index too.
    assert_eq!(db.json(&["search", "three"]), serde_json::json!([]));
    let err = db.fail(&["rm-story", "Storm", "--yes"]);
    assert!(err.contains("no story"), "{err}");
}
