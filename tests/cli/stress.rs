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
    // Words between the years: a run of bare dates alone makes no event at all.
    while text.len() < 100_000 {
        text.push_str(&format!("the river rose in {}, ", 1990 + i % 40));
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

/// An article of `n` sentences, each a distinct dated happening (many events to write).
fn many_events(n: usize) -> String {
    let months = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let mut out = String::from("Repair log\n\n");
    for i in 0..n {
        out += &format!(
            "On {} {}, {}, crew {i} repaired section {i} of the harbour road. ",
            months[i % 12],
            1 + i % 28,
            1990 + i / 336
        );
    }
    out
}

/// Rows an add leaves: (snapshots, event sources, event_snapshot rows, FTS hits for `word`).
fn footprint(path: &std::path::Path, word: &str) -> (i64, i64, i64, i64) {
    let conn = rusqlite::Connection::open(path).unwrap();
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    conn.query_row(
        "SELECT (SELECT count(*) FROM snapshot), (SELECT count(*) FROM event_source),
                (SELECT count(*) FROM event_snapshot),
                (SELECT count(*) FROM snapshot_fts WHERE snapshot_fts MATCH ?1)",
        [word],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )
    .unwrap()
}

/// SIGKILL during an add: at times spread over a measured add (to past its end), and at once
/// or shortly after the add is seen holding the write lock, so that kills land inside the write
/// transaction. The database always opens, passes integrity_check, and holds either all of the
/// snapshot (row, events, search index) or none of it.
#[test]
fn a_kill_anywhere_in_an_add_leaves_all_or_nothing() {
    use std::time::{Duration, Instant};
    let text = many_events(400);
    let base = Db::new();
    base.add(
        "Road",
        &["--published", "2026-03-09"],
        "Harbour road closed on Monday for repairs.",
    );
    let before = footprint(&base.path, "repaired");
    // Each run starts from a copy of the base database (closed, so one file holds it all).
    let fresh = || {
        let db = Db::new();
        std::fs::create_dir_all(db.path.parent().unwrap()).unwrap();
        std::fs::copy(&base.path, &db.path).unwrap();
        db
    };
    let run = |db: &Db| {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("storyline"))
            .env_remove("STORYLINE_DB")
            .env("STORYLINE_NOW", NOW)
            .arg("--db")
            .arg(&db.path)
            .args(["add", "--story", "Road", "--published", "2026-03-10", "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
        child
    };
    // Measure one add, and what a whole one leaves.
    let db = fresh();
    let t = Instant::now();
    assert!(run(&db).wait().unwrap().success());
    let took = t.elapsed();
    let after = footprint(&db.path, "repaired");
    assert_eq!(
        (before.0 + 1, before.2 + 1, before.3 + 1),
        (after.0, after.2, after.3)
    );
    assert!(after.1 > before.1 + 300, "{after:?}");

    let check = |db: &Db, what: &str| {
        let got = footprint(&db.path, "repaired");
        assert!(
            got == before || got == after,
            "a kill {what} left part of the add: {got:?}"
        );
        got == before
    };
    for at in [0.3, 0.7, 1.05] {
        let db = fresh();
        let mut child = run(&db);
        std::thread::sleep(took.mul_f64(at));
        let _ = child.kill();
        child.wait().unwrap();
        check(&db, &format!("at {at} of {took:?}"));
    }
    // Inside the write transaction: watch for the lock (another connection cannot take it),
    // then strike.
    let mut nothing_after_lock = 0;
    for delay_ms in [0, 0, 10, 40] {
        let db = fresh();
        let watcher = rusqlite::Connection::open(&db.path).unwrap();
        watcher.busy_timeout(Duration::ZERO).unwrap();
        let mut child = run(&db);
        let deadline = Instant::now() + took * 3;
        let mut locked = false;
        while Instant::now() < deadline && !locked {
            match watcher.execute_batch("BEGIN IMMEDIATE; ROLLBACK;") {
                Ok(()) => std::thread::sleep(Duration::from_micros(200)),
                Err(_) => locked = true,
            }
            if child.try_wait().unwrap().is_some() {
                break;
            }
        }
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        child.wait().unwrap();
        drop(watcher);
        if check(&db, &format!("{delay_ms} ms into the write lock")) && locked {
            nothing_after_lock += 1;
        }
    }
    // At least one kill struck while the add held the write lock and before it committed.
    assert!(nothing_after_lock > 0);
}
