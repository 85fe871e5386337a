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

/// Runs `storyline --db DB args` on a pseudo-terminal (util-linux `script`), typing `answer`.
fn on_a_terminal(db: &Db, args: &str, answer: &str) -> std::process::Output {
    let bin = assert_cmd::cargo::cargo_bin("storyline");
    let cmd = format!("{} --db {} {args}", bin.display(), db.path.display());
    std::process::Command::new("sh")
        .arg("-c")
        // The pause lets the prompt appear before the answer is typed.
        .arg(format!(
            "(sleep 1; echo {answer}) | script -qec '{cmd}' /dev/null"
        ))
        .output()
        .unwrap()
}

#[test]
fn rm_asks_on_a_terminal() {
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: util-linux `script` is not installed");
        return;
    }
    let db = Db::new();
    let a = db.add("Storm", &[], "text");
    let out = on_a_terminal(&db, "rm-story Storm", "n");
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains("[y/N]"), "{shown}");
    assert!(!out.status.success());
    assert_eq!(db.counts(), (1, 1, 1));
    let out = on_a_terminal(&db, &format!("rm-snapshot {}", a["snapshot_id"]), "y");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(db.counts(), (1, 0, 0));
}
