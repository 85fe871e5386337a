use crate::support::{keys, Db};

#[test]
fn stories_lists_counts_and_empty_db_says_what_to_do() {
    let db = Db::new();
    let text = db.text(&["stories"]);
    assert!(text.contains("no stories yet"), "{text}");
    assert_eq!(db.json(&["stories"]), serde_json::json!([]));
    db.add(
        "Storm",
        &["--url", "https://a.example/1", "--published", "2026-03-09"],
        "a",
    );
    db.add(
        "Storm",
        &["--url", "https://a.example/1", "--published", "2026-03-10"],
        "b",
    );
    db.add("Bridge", &[], "c");
    let v = db.json(&["stories"]);
    assert_eq!(v.as_array().unwrap().len(), 2);
    assert_eq!(
        keys(&v[0]),
        [
            "articles",
            "created_at",
            "first_published",
            "id",
            "last_published",
            "snapshots",
            "title"
        ]
    );
    assert_eq!(v[0]["title"], "Storm");
    assert_eq!(v[0]["articles"], 1);
    assert_eq!(v[0]["snapshots"], 2);
    assert_eq!(v[0]["first_published"], "2026-03-09T00:00:00Z");
    assert_eq!(v[0]["last_published"], "2026-03-10T00:00:00Z");
    let text = db.text(&["stories"]);
    assert!(text.starts_with("ID"), "{text}");
    assert!(text.contains("Storm") && text.contains("Bridge"));
}

#[test]
fn snapshots_by_title_or_id_in_publication_order() {
    let db = Db::new();
    let late = db.add("Storm", &["--published", "2026-03-10T10:00:00Z"], "late");
    let early = db.add(
        "Storm",
        &["--published", "2026-03-10T11:00:00+03:00"],
        "early",
    );
    let by_title = db.json(&["snapshots", "storm"]);
    let story_id = late["story_id"].to_string();
    let by_id = db.json(&["snapshots", &story_id]);
    assert_eq!(by_title, by_id);
    let ids: Vec<_> = by_title
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].clone())
        .collect();
    assert_eq!(
        ids,
        [early["snapshot_id"].clone(), late["snapshot_id"].clone()]
    );
    assert_eq!(
        keys(&by_title[0]),
        [
            "article_id",
            "captured_at",
            "id",
            "outlet",
            "published_assumed",
            "published_at",
            "sha256",
            "story_id",
            "title",
            "url",
            "version",
            "word_count"
        ]
    );
    let text = db.text(&["snapshots", "Storm"]);
    assert!(text.contains("2026-03-10 11:00 +03:00"), "{text}");
}

#[test]
fn show_prints_text_and_fields() {
    let db = Db::new();
    let r = db.add(
        "Storm",
        &[
            "--url",
            "https://www.coastpost.example/x",
            "--title",
            "Storm hits",
        ],
        "Body line one.\n\nBody line two.",
    );
    let id = r["snapshot_id"].to_string();
    let s = db.json(&["show", &id]);
    assert_eq!(s["text"], "Body line one.\n\nBody line two.");
    assert_eq!(s["title"], "Storm hits");
    assert_eq!(s["outlet"], "coastpost.example");
    assert_eq!(s["url"], "https://www.coastpost.example/x");
    assert_eq!(s["word_count"], 6);
    assert_eq!(s["story_title"], "Storm");
    assert_eq!(s["sha256"].as_str().unwrap().len(), 64);
    let text = db.text(&["show", &id]);
    assert!(text.starts_with("Storm hits\n"), "{text}");
    assert!(text.ends_with("Body line two.\n"), "{text}");
}

#[test]
fn new_and_rename_story() {
    let db = Db::new();
    let s = db.json(&["new-story", "Bridge closure"]);
    assert_eq!(s["title"], "Bridge closure");
    let err = db.fail(&["new-story", "bridge closure"]);
    assert!(err.contains("already exists"), "{err}");
    let r = db.json(&["rename-story", "Bridge closure", "Callan Bridge closure"]);
    assert_eq!(r["id"], s["id"]);
    assert_eq!(db.json(&["stories"])[0]["title"], "Callan Bridge closure");
}
