//! The bad-input table: each input gets a clear one-line error, a non-zero exit code, and leaves
//! the database file exactly as it was (row counts before and after).

use crate::support::Db;

/// (what, args after `add --story Storm`, stdin, words the error must contain)
type Case = (
    &'static str,
    Vec<&'static str>,
    Vec<u8>,
    &'static [&'static str],
);

fn cases() -> Vec<Case> {
    let huge = "word ".repeat(5 * 1024 * 1024 / 5 + 1).into_bytes();
    vec![
        ("empty", vec![], b"".to_vec(), &["empty"]),
        (
            "whitespace only",
            vec![],
            b" \n\t\r\n  ".to_vec(),
            &["empty"],
        ),
        ("over 5 MB", vec![], huge, &["too large", "limit"]),
        (
            "NUL byte",
            vec![],
            b"text\0more".to_vec(),
            &["binary", "byte 4"],
        ),
        (
            "PNG header",
            vec![],
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(),
            &["binary"],
        ),
        (
            "invalid UTF-8",
            vec![],
            b"caf\xe9 au lait".to_vec(),
            &["UTF-8", "offset 3"],
        ),
        (
            "control bytes",
            vec![],
            b"ok\x1b[31m red".to_vec(),
            &["binary"],
        ),
        (
            "HTML without text",
            vec!["--format", "html"],
            b"<html><head><script>x()</script></head><body></body></html>".to_vec(),
            &["no readable text"],
        ),
        (
            "HTML nested 10,000 deep",
            vec![],
            format!("<!DOCTYPE html>{}", "<div>".repeat(10_000)).into_bytes(),
            &["nested more than 512 elements deep"],
        ),
        (
            "unparseable --published",
            vec!["--published", "last Tuesday"],
            b"ok".to_vec(),
            &["cannot read the publication time", "RFC 3339"],
        ),
        (
            "impossible date",
            vec!["--published", "2026-02-30"],
            b"ok".to_vec(),
            &["cannot read the publication time"],
        ),
        (
            "year 999",
            vec!["--published", "0999-05-01"],
            b"ok".to_vec(),
            &["999", "1000–2999"],
        ),
        (
            "year 3000",
            vec!["--published", "3000-01-01T00:00:00Z"],
            b"ok".to_vec(),
            &["3000", "1000–2999"],
        ),
        (
            "five-digit year",
            vec!["--published", "20260-01-01"],
            b"ok".to_vec(),
            &["20260", "1000–2999"],
        ),
        (
            "unknown --version-of",
            vec!["--version-of", "9999"],
            b"ok".to_vec(),
            &["no snapshot 9999"],
        ),
        (
            "non-http URL",
            vec!["--url", "file:///etc/passwd"],
            b"ok".to_vec(),
            &["not a usable article URL"],
        ),
    ]
}

#[test]
fn bad_input_is_refused_and_stores_nothing() {
    let db = Db::new();
    db.add("Storm", &["--url", "https://a.example/1"], "seed text");
    let before = db.counts();
    for (what, extra, stdin, words) in cases() {
        let mut args = vec!["add", "--story", "New story"];
        args.extend(extra.iter().copied());
        args.push("-");
        let err = db.fail_in(&args, &stdin);
        for w in words {
            assert!(err.contains(w), "{what}: {err:?} lacks {w:?}");
        }
        assert_eq!(db.counts(), before, "{what} changed the database");
    }
    // Not even the story was created.
    assert!(db.fail(&["snapshots", "New story"]).contains("no story"));
}

#[test]
fn unknown_ids_and_stories() {
    let db = Db::new();
    db.add("Storm", &[], "seed");
    let before = db.counts();
    for (args, want) in [
        (vec!["show", "42"], "no snapshot 42"),
        (vec!["snapshots", "Nope"], "no story \"Nope\""),
        (vec!["snapshots", "77"], "no story \"77\""),
        (vec!["diff", "42"], "no snapshot 42"),
        (vec!["rm-snapshot", "42", "--yes"], "no snapshot 42"),
        (vec!["rm-story", "Nope", "--yes"], "no story"),
        (vec!["rename-story", "Nope", "New"], "no story"),
    ] {
        let err = db.fail(&args);
        assert!(err.contains(want), "{args:?}: {err}");
    }
    assert_eq!(db.counts(), before);
}

#[test]
fn other_bad_input() {
    let db = Db::new();
    let a = db.add("Storm", &["--url", "https://a.example/1"], "seed");
    db.json(&["new-story", "Bridge"]);
    let before = db.counts();
    let id = a["snapshot_id"].to_string();
    let missing = db.dir.path().join("missing.txt");
    for (args, stdin, want) in [
        (vec!["add", "-"], "ok", "say which story"),
        (vec!["add", "--story", "123", "-"], "ok", "only digits"),
        (
            vec!["add", "--story", "Bridge", "--version-of", &id, "-"],
            "ok",
            "belongs to story",
        ),
        (
            vec![
                "add",
                "--version-of",
                &id,
                "--url",
                "https://a.example/2",
                "-",
            ],
            "ok",
            "not https://a.example/2",
        ),
        (
            vec!["add", "--story", "Storm", missing.to_str().unwrap()],
            "",
            "cannot read",
        ),
        (vec!["new-story", "   "], "", "empty"),
        (
            vec!["rename-story", "Storm", "bridge"],
            "",
            "already exists",
        ),
    ] {
        let err = db.fail_in(&args, stdin.as_bytes());
        assert!(err.contains(want), "{args:?}: {err}");
    }
    assert_eq!(db.counts(), before);
}

#[test]
fn a_database_from_a_newer_storyline_is_refused() {
    let db = Db::new();
    db.add("Storm", &[], "seed");
    let conn = rusqlite::Connection::open(&db.path).unwrap();
    conn.pragma_update(None, "user_version", 999).unwrap();
    drop(conn);
    let err = db.fail(&["stories"]);
    assert!(
        err.contains("schema version 999") && err.contains("update Storyline"),
        "{err}"
    );
}
