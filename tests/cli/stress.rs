//! Hostile input and hard stops (issue 15): pathological texts add in bounded memory, the
//! database survives a SIGKILL anywhere inside an add.

use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};

use crate::support::{Db, NOW};

/// Address space allowed to the child: the events step once needed 3.3 GB for 100 KB of dates.
const MEMORY_LIMIT: u64 = 768 * 1024 * 1024;

/// `storyline --db <db> add --story P --published … -` with `text` on stdin, under
/// [`MEMORY_LIMIT`] of address space.
fn add_limited(db: &Db, text: &str) -> std::process::Output {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("storyline"));
    cmd.env_remove("STORYLINE_DB")
        .env("STORYLINE_NOW", NOW)
        .args(["--db"])
        .arg(&db.path)
        .args([
            "--json",
            "add",
            "--story",
            "P",
            "--published",
            "2026-03-10T09:00:00Z",
            "-",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // SAFETY: setrlimit is async-signal-safe; nothing else runs between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            let lim = libc::rlimit {
                rlim_cur: MEMORY_LIMIT,
                rlim_max: MEMORY_LIMIT,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = cmd.spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let text = text.to_owned();
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        stdin.write_all(text.as_bytes()).unwrap();
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

fn events(db: &Db) -> (i64, i64) {
    let conn = rusqlite::Connection::open(&db.path).unwrap();
    conn.query_row(
        "SELECT (SELECT count(*) FROM event), (SELECT count(*) FROM event_source)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .unwrap()
}

#[test]
fn an_endless_sentence_of_dates_adds_within_the_memory_limit() {
    let db = Db::new();
    let mut text = String::new();
    let mut i = 0;
    while text.len() < 100_000 {
        text.push_str(&format!("{}, ", 1990 + i % 40));
        i += 1;
    }
    let out = add_limited(&db, &text);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (events, sources) = events(&db);
    assert!(events > 0 && sources >= events, "{events} {sources}");
}

#[test]
fn one_sentence_repeated_adds_within_the_memory_limit_as_one_event() {
    let db = Db::new();
    let out = add_limited(&db, &"The bridge closed on Monday. ".repeat(5_000));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(events(&db), (1, 5_000));
}

/// The probe's bypass of the HTML depth guard (135-210 s before): refused at once, nothing stored.
#[test]
fn end_tags_that_close_nothing_are_refused_as_too_deep() {
    let db = Db::new();
    let html = "<div></span>".repeat(100_000);
    let err = db.fail_in(
        &["add", "--story", "P", "--format", "html", "-"],
        html.as_bytes(),
    );
    assert!(err.contains("nested"), "{err}");
    assert!(!db.path.exists() || db.counts() == (0, 0, 0));
}

/// A title or outlet with escape sequences is stored exactly and printed without them
/// (it could retitle or clear the terminal).
#[test]
fn escape_sequences_never_reach_the_terminal() {
    let db = Db::new();
    let title = "Bridge \u{1b}]0;pwned\u{7}closed\u{1b}[2J\u{9b}31m";
    let outlet = "\u{1b}[31mCoast \rPost";
    db.add(
        "Storm",
        &[
            "--title",
            title,
            "--outlet",
            outlet,
            "--published",
            "2026-03-10",
        ],
        "The bridge closed on Monday after the storm.",
    );
    for args in [
        &["snapshots", "Storm"][..],
        &["search", "bridge"],
        &["show", "1"],
        &["timeline", "Storm"],
        &["stories"],
    ] {
        let out = db.text(args);
        assert!(
            !out.chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t'),
            "{args:?}: {out:?}"
        );
    }
    let out = db.text(&["snapshots", "Storm"]);
    assert!(out.contains("Bridge closed"), "{out}");
    assert!(out.contains("Coast Post"), "{out}");
    // Stored exactly: JSON shows what was given.
    let v = db.json(&["show", "1"]);
    assert_eq!(v["title"], title);
    assert_eq!(v["outlet"], outlet);
}

/// Exports are data: the Markdown title is escaped, CSV cells cannot start a formula.
#[test]
fn exports_escape_titles_and_neutralise_formulas() {
    let db = Db::new();
    db.add(
        "*Storm* [site](http://evil.example) <img src=x>",
        &["--published", "2026-03-10"],
        "=HYPERLINK(\"http://evil.example\") the bridge closed on Monday after the storm.",
    );
    let md = db.text(&["export", "1", "--format", "md"]);
    let title = md.lines().next().unwrap();
    assert_eq!(
        title,
        "# \\*Storm\\* \\[site\\](http://evil.example) \\<img src=x\\>"
    );
    let csv = db.text(&["export", "1", "--format", "csv"]);
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let texts: Vec<String> = rows.records().map(|r| r.unwrap()[4].to_string()).collect();
    assert!(!texts.is_empty());
    for t in &texts {
        assert!(!t.starts_with(['=', '+', '-', '@']), "{t}");
    }
    assert!(
        texts.iter().any(|t| t.starts_with("'=HYPERLINK")),
        "{texts:?}"
    );
}
