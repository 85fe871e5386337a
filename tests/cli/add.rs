use crate::support::{fixture, keys, Db, NOW};

#[test]
fn add_prints_the_documented_json() {
    let db = Db::new();
    let r = db.add("Storm", &[], "The storm reached the coast on Monday.");
    assert_eq!(
        keys(&r),
        [
            "article_id",
            "snapshot_id",
            "story_id",
            "unchanged",
            "version"
        ]
    );
    assert_eq!(r["version"], 1);
    assert_eq!(r["unchanged"], false);
    assert_eq!(db.counts(), (1, 1, 1));
}

#[test]
fn same_url_makes_versions_and_same_text_is_unchanged() {
    let db = Db::new();
    let url = "https://news.example/storm?id=7&utm_source=feed#top";
    let a = db.add("Storm", &["--url", url], "Version one.");
    let b = db.add(
        "Storm",
        &["--url", "https://news.example/storm?id=7"],
        "Version two.",
    );
    assert_eq!(b["article_id"], a["article_id"]);
    assert_eq!(b["version"], 2);
    let c = db.add("Storm", &["--url", url], "Version two.\n");
    assert_eq!(c["unchanged"], true);
    assert_eq!(c["snapshot_id"], b["snapshot_id"]);
    assert_eq!(c["version"], 2);
    assert_eq!(db.counts(), (1, 1, 2));
    // Another story with the same URL is another article.
    let d = db.add("Other", &["--url", url], "Version two.");
    assert_ne!(d["article_id"], a["article_id"]);
    assert_eq!(d["version"], 1);
}

#[test]
fn version_of_links_pasted_text() {
    let db = Db::new();
    let a = db.add("Storm", &[], "Pasted first.");
    let id = a["snapshot_id"].to_string();
    let b = db.json_in(&["add", "--version-of", &id, "-"], b"Pasted second.");
    assert_eq!(b["article_id"], a["article_id"]);
    assert_eq!(b["version"], 2);
    assert_eq!(b["story_id"], a["story_id"]);
    // Without --version-of, new pasted text is a new article.
    let c = db.add("Storm", &[], "Pasted third.");
    assert_ne!(c["article_id"], a["article_id"]);
}

#[test]
fn reads_a_file_and_html_by_extension() {
    let db = Db::new();
    let html = fixture("03-harbourtimes-cracks-found.html");
    let r = db.json(&["add", "--story", "Storm", html.to_str().unwrap()]);
    let id = r["snapshot_id"].to_string();
    let s = db.json(&["show", &id]);
    let text = s["text"].as_str().unwrap();
    assert!(text.starts_with("Cracks found on Callan Bridge after storm\n\nBy Ewan Reid"));
    assert!(text.contains("\n\nThe ferry between Port Callan"), "{text}");
    assert!(!text.contains('<') && !text.contains("analytics") && !text.contains("Most read"));
    assert_eq!(s["has_html"], true);
    assert_eq!(s["title"], "Cracks found on Callan Bridge after storm");
    // The raw HTML is kept.
    let raw = db.json(&["show", &id, "--html"]);
    assert_eq!(
        raw["html"].as_str().unwrap(),
        std::fs::read_to_string(&html).unwrap()
    );
    // --format text keeps markup as text.
    let r = db.json(&[
        "add",
        "--story",
        "Storm",
        "--format",
        "text",
        html.to_str().unwrap(),
    ]);
    let s = db.json(&["show", &r["snapshot_id"].to_string()]);
    assert!(s["text"].as_str().unwrap().starts_with("<!DOCTYPE html>"));
    assert_eq!(s["has_html"], false);
}

#[test]
fn published_is_kept_with_its_zone_or_assumed() {
    let db = Db::new();
    let cases = [
        ("2026-03-10T08:15:00+02:00", "2026-03-10T08:15:00+02:00"),
        ("2026-03-10T08:15:00Z", "2026-03-10T08:15:00Z"),
        // A date alone stays a date: no made-up midnight.
        ("2026-03-09", "2026-03-09"),
        ("2026-03-09 17:45", "2026-03-09T17:45:00Z"),
    ];
    for (i, (given, stored)) in cases.iter().enumerate() {
        let r = db.add("Storm", &["--published", given], &format!("text {i}"));
        let s = db.json(&["show", &r["snapshot_id"].to_string()]);
        assert_eq!(s["published_at"], *stored, "{given}");
        assert_eq!(s["published_assumed"], false);
    }
    let r = db.add("Storm", &[], "no date");
    let s = db.json(&["show", &r["snapshot_id"].to_string()]);
    assert_eq!(s["published_assumed"], true);
    assert_eq!(s["published_at"], NOW);
    assert_eq!(s["captured_at"], NOW);
    // The human output says so.
    let out = db
        .cmd()
        .args(["add", "--story", "Storm", "-"])
        .write_stdin("another undated text")
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("no --published given"), "{stdout}");
}

#[test]
fn json_flag_works_before_and_after_the_subcommand() {
    let db = Db::new();
    db.add("Storm", &[], "text");
    for args in [vec!["--json", "stories"], vec!["stories", "--json"]] {
        let out = db.cmd().args(&args).output().unwrap();
        assert!(out.status.success());
        let v = crate::support::parse_one_json(&out.stdout);
        assert_eq!(v[0]["title"], "Storm");
    }
}

#[test]
fn db_from_env_and_parent_dirs_created() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deep/er/s.db");
    let mut c = assert_cmd::Command::cargo_bin("storyline").unwrap();
    c.env("STORYLINE_DB", &path)
        .args(["add", "--story", "Storm", "-"])
        .write_stdin("text")
        .assert()
        .success();
    assert!(path.exists());
    // WAL mode is on in the file.
    let conn = rusqlite::Connection::open(&path).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn unusable_db_path_says_so_once() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-dir");
    std::fs::write(&file, "x").unwrap();
    let out = assert_cmd::Command::cargo_bin("storyline")
        .unwrap()
        .arg("--db")
        .arg(file.join("s.db"))
        .arg("stories")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("cannot create the database directory"),
        "{err}"
    );
    assert_eq!(err.matches("os error").count(), 1, "{err}");
}

#[test]
fn concurrent_writers_all_succeed() {
    // Separate processes on one file: WAL + IMMEDIATE transactions + a busy timeout serialise them.
    let db = Db::new();
    db.add("Storm", &[], "seed");
    let bin = assert_cmd::cargo::cargo_bin("storyline");
    let children: Vec<_> = (0..6)
        .map(|i| {
            let mut child = std::process::Command::new(&bin)
                .env("STORYLINE_NOW", NOW)
                .arg("--db")
                .arg(&db.path)
                .args(["add", "--story", "Storm", "--url"])
                .arg(format!("https://a.example/{}", i % 2))
                .arg("-")
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            use std::io::Write;
            let mut stdin = child.stdin.take().unwrap();
            stdin.write_all(format!("text {i}").as_bytes()).unwrap();
            drop(stdin);
            child
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(db.counts(), (1, 3, 7));
    // Versions within each article are 1, 2, 3 with no gaps or duplicates.
    let list = db.json(&["snapshots", "Storm"]);
    for article in [2, 3] {
        let mut v: Vec<i64> = list
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["article_id"] == article)
            .map(|s| s["version"].as_i64().unwrap())
            .collect();
        v.sort();
        assert_eq!(v, [1, 2, 3]);
    }
}

#[test]
fn a_file_that_is_not_a_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    std::fs::write(&path, "just some notes, not SQLite ".repeat(100)).unwrap();
    let out = assert_cmd::Command::cargo_bin("storyline")
        .unwrap()
        .arg("--db")
        .arg(&path)
        .arg("stories")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("not a database"), "{err}");
    assert!(std::fs::read_to_string(&path)
        .unwrap()
        .starts_with("just some notes"));
}

// The XDG location; other platforms have their own data dir.
#[cfg(target_os = "linux")]
#[test]
fn default_db_is_in_the_platform_data_dir() {
    let home = tempfile::tempdir().unwrap();
    assert_cmd::Command::cargo_bin("storyline")
        .unwrap()
        .env_remove("STORYLINE_DB")
        .env_remove("XDG_DATA_HOME")
        .env("HOME", home.path())
        .args(["add", "--story", "Storm", "-"])
        .write_stdin("text")
        .assert()
        .success();
    assert!(home
        .path()
        .join(".local/share/storyline/storyline.db")
        .exists());
}
