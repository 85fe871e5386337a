use crate::support::{fixture, Db};

/// The manifest (tests/fixtures/demo/demo.json), read from disk as a user would.
fn manifest() -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(fixture("demo.json")).unwrap()).unwrap()
}

#[test]
fn demo_loads_the_manifest() {
    let db = Db::new();
    let m = manifest();
    let d = db.json(&["demo"]);
    assert_eq!(d["story"], m["story"]);
    let snaps = d["snapshots"].as_array().unwrap();
    assert_eq!(snaps.len(), m["snapshots"].as_array().unwrap().len());
    let versions: Vec<i64> = snaps
        .iter()
        .map(|s| s["version"].as_i64().unwrap())
        .collect();
    assert_eq!(versions, [1, 2, 1, 1]);
    let list = db.json(&["snapshots", m["story"].as_str().unwrap()]);
    for (s, e) in list
        .as_array()
        .unwrap()
        .iter()
        .zip(m["snapshots"].as_array().unwrap())
    {
        assert_eq!(s["outlet"], e["outlet"]);
        assert_eq!(s["published_assumed"], false);
    }
    // Loading twice is refused; another name works.
    let err = db.fail(&["demo"]);
    assert!(err.contains("already exists"), "{err}");
    db.json(&["demo", "--story", "Demo copy"]);
    assert_eq!(db.counts(), (2, 6, 8));
}

#[test]
fn demo_files_added_by_hand_match_the_built_in_demo() {
    let built_in = Db::new();
    built_in.json(&["demo"]);
    let by_hand = Db::new();
    let m = manifest();
    for e in m["snapshots"].as_array().unwrap() {
        let file = fixture(e["file"].as_str().unwrap());
        by_hand.json(&[
            "add",
            "--story",
            m["story"].as_str().unwrap(),
            "--url",
            e["url"].as_str().unwrap(),
            "--outlet",
            e["outlet"].as_str().unwrap(),
            "--published",
            e["published"].as_str().unwrap(),
            file.to_str().unwrap(),
        ]);
    }
    let story = m["story"].as_str().unwrap();
    assert_eq!(
        built_in.json(&["snapshots", story]),
        by_hand.json(&["snapshots", story])
    );
}
