use serde_json::Value;

use crate::support::{keys, Db};

fn side(d: &Value, changed: &str) -> String {
    d["ops"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["op"] == "equal" || o["op"] == changed)
        .map(|o| o["text"].as_str().unwrap())
        .collect()
}

#[test]
fn diff_json_rebuilds_both_texts() {
    let db = Db::new();
    let a_text =
        "The bridge will stay closed until at least Wednesday.\n\nSchools are closed today.";
    let b_text = "The bridge will stay closed until Friday at the earliest.\n\nSchools are closed today and will reopen tomorrow.";
    let a = db.add("Storm", &["--url", "https://a.example/1"], a_text);
    let b = db.add("Storm", &["--url", "https://a.example/1"], b_text);
    let (ai, bi) = (a["snapshot_id"].to_string(), b["snapshot_id"].to_string());
    let d = db.json(&["diff", &ai, &bi]);
    assert_eq!(keys(&d), ["from", "ops", "stats", "to"]);
    assert_eq!(d["from"], a["snapshot_id"]);
    assert_eq!(d["to"], b["snapshot_id"]);
    assert_eq!(side(&d, "delete"), a_text);
    assert_eq!(side(&d, "insert"), b_text);
    let ops = d["ops"].as_array().unwrap();
    for pair in ops.windows(2) {
        assert_ne!(pair[0]["op"], pair[1]["op"], "adjacent ops not merged");
    }
    assert_eq!(
        keys(&d["stats"]),
        ["deleted_words", "inserted_words", "unchanged_words"]
    );
    assert!(d["stats"]["inserted_words"].as_u64().unwrap() >= 7);
    // One argument: against the previous version of its article.
    assert_eq!(db.json(&["diff", &bi]), d);
    // Reversed, inserts and deletes swap.
    let r = db.json(&["diff", &bi, &ai]);
    assert_eq!(side(&r, "delete"), b_text);
    assert_eq!(side(&r, "insert"), a_text);
}

#[test]
fn diff_text_marks_changes() {
    let db = Db::new();
    db.add(
        "Storm",
        &["--url", "https://a.example/1"],
        "Closed until Wednesday.",
    );
    let b = db.add(
        "Storm",
        &["--url", "https://a.example/1"],
        "Closed until Friday.",
    );
    let out = db.text(&["diff", &b["snapshot_id"].to_string()]);
    assert!(out.contains("[-Wednesday.-]{+Friday.+}"), "{out}");
}

#[test]
fn diff_errors() {
    let db = Db::new();
    let a = db.add("Storm", &[], "only version");
    let err = db.fail(&["diff", &a["snapshot_id"].to_string()]);
    assert!(
        err.contains("first version") && err.contains("second snapshot id"),
        "{err}"
    );
    let err = db.fail(&["diff", "404", &a["snapshot_id"].to_string()]);
    assert!(err.contains("no snapshot 404"), "{err}");
}

#[test]
fn diff_is_compact_unless_full() {
    let db = Db::new();
    let paras: Vec<String> = (1..=8)
        .map(|i| format!("Paragraph {i} says nothing new."))
        .collect();
    let a_text = paras.join("\n\n");
    let mut changed = paras.clone();
    changed[4] = "Paragraph 5 says the bridge reopens Friday.".into();
    let b_text = changed.join("\n\n");
    db.add("Storm", &["--url", "https://a.example/1"], &a_text);
    let b = db.add("Storm", &["--url", "https://a.example/1"], &b_text);
    let id = b["snapshot_id"].to_string();
    let out = db.text(&["diff", &id]);
    // The change, one paragraph of context each side, and the skipped ones counted.
    assert!(out.contains("{+the bridge reopens Friday.+}"), "{out}");
    assert!(
        out.contains("Paragraph 4 says") && out.contains("Paragraph 6 says"),
        "{out}"
    );
    for far in [
        "Paragraph 1 ",
        "Paragraph 3 ",
        "Paragraph 7 ",
        "Paragraph 8 ",
    ] {
        assert!(!out.contains(far), "{far} shown in {out}");
    }
    assert!(out.contains("[… 3 unchanged paragraphs …]"), "{out}");
    assert!(out.contains("[… 2 unchanged paragraphs …]"), "{out}");
    let full = db.text(&["diff", &id, "--full"]);
    for i in 1..=8 {
        assert!(full.contains(&format!("Paragraph {i} ")), "{full}");
    }
    // JSON keeps every op whatever the mode.
    assert_eq!(side(&db.json(&["diff", &id]), "insert"), b_text);
}
