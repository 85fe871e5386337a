use crate::support::Db;

#[test]
fn search_finds_snippets_and_filters_by_story() {
    let db = Db::new();
    db.json(&["demo"]);
    db.add(
        "Other story",
        &[],
        "A bridge in another town, also cracked.",
    );
    let all = db.json(&["search", "bridge"]);
    let hits = all.as_array().unwrap();
    assert_eq!(hits.len(), 5);
    for h in hits {
        for k in [
            "snapshot_id",
            "story_id",
            "story_title",
            "title",
            "snippet",
            "published_at",
        ] {
            assert!(!h[k].is_null(), "{k} missing in {h}");
        }
    }
    let only = db.json(&["search", "bridge", "--story", "Other story"]);
    assert_eq!(only.as_array().unwrap().len(), 1);
    // All words must match, case-insensitively, across title and text.
    let both = db.json(&["search", "CRACKS", "anchors"]);
    let ids: Vec<i64> = both
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["snapshot_id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids.len(), 2, "{both}");
    assert!(both[0]["snippet"].as_str().unwrap().contains('«'));
    // Prefix search.
    assert_eq!(db.json(&["search", "hospit*"]).as_array().unwrap().len(), 1);
    // FTS syntax is only text.
    assert_eq!(
        db.json(&["search", "\"bridge", "NEAR("])
            .as_array()
            .unwrap()
            .len(),
        0
    );
    let text = db.text(&["search", "ferry"]);
    assert!(text.contains("«ferry»"), "{text}");
    assert_eq!(db.text(&["search", "zeppelin"]).trim(), "no matches");
}

#[test]
fn search_errors() {
    let db = Db::new();
    db.add("Storm", &[], "text");
    let err = db.fail(&["search", "\""]);
    assert!(err.contains("search query is empty"), "{err}");
    let err = db.fail(&["search", "text", "--story", "Nope"]);
    assert!(err.contains("no story \"Nope\""), "{err}");
}
