//! `storyline timeline`, `changes` and `export` on real database files.

// The CLI tests' helpers; this binary uses only some of them.
#[allow(dead_code)]
#[path = "cli/support.rs"]
mod support;

mod events_gold;

use serde_json::Value;
use support::{keys, Db};

/// A database holding the harbor-bridge gold story, added through the CLI.
fn harbor() -> (Db, events_gold::Story) {
    let db = Db::new();
    let story = events_gold::load(&events_gold::stories_dir().join("harbor-bridge"));
    for s in &story.snapshots {
        db.add(
            &story.title,
            &[
                "--url",
                &s.meta.url,
                "--outlet",
                &s.meta.outlet,
                "--published",
                &s.meta.published,
            ],
            &s.text,
        );
    }
    (db, story)
}

fn events(v: &Value) -> &Vec<Value> {
    v["events"].as_array().expect("events array")
}

#[test]
fn timeline_json_has_the_documented_shape_and_order() {
    let (db, story) = harbor();
    let t = db.json(&["timeline", &story.title]);
    assert_eq!(keys(&t), ["events", "seen_snapshot", "story"]);
    assert_eq!(t["seen_snapshot"], Value::Null);
    assert_eq!(t["story"]["title"], story.title.as_str());
    let evs = events(&t);
    assert!(evs.len() >= 10, "{}", evs.len());
    for e in evs {
        assert_eq!(
            keys(e),
            [
                "date",
                "date_basis",
                "end",
                "first_seen_snapshot",
                "granularity",
                "history",
                "id",
                "key",
                "new",
                "sources",
                "start",
                "status",
                "text"
            ]
        );
        // Nothing is marked seen: nothing is flagged new.
        assert_eq!(e["new"], false);
        let sources = e["sources"].as_array().unwrap();
        assert!(!sources.is_empty());
        for s in sources {
            assert_eq!(
                keys(s),
                [
                    "date_basis",
                    "end",
                    "published_at",
                    "sentence",
                    "snapshot_id",
                    "start"
                ]
            );
            // The offsets point at the sentence in the snapshot's text.
            let shown = db.json(&["show", &s["snapshot_id"].to_string()]);
            let text = shown["text"].as_str().unwrap();
            let (a, b) = (s["start"].as_u64().unwrap(), s["end"].as_u64().unwrap());
            assert_eq!(
                &text[a as usize..b as usize],
                s["sentence"].as_str().unwrap()
            );
        }
        assert!(!e["history"].as_array().unwrap().is_empty());
    }
    // Chronological, vaguer dates before the days inside them.
    let dates: Vec<&str> = evs.iter().map(|e| e["date"].as_str().unwrap()).collect();
    let pos = |d: &str| {
        dates
            .iter()
            // A day may carry its part of day ("2025-11-10TEV").
            .position(|x| {
                *x == d
                    || x.strip_prefix(d).is_some_and(|rest| {
                        rest.len() == 3 && rest.bytes().skip(1).all(|b| b.is_ascii_uppercase())
                    })
            })
            .unwrap_or_else(|| panic!("{d}"))
    };
    assert!(pos("1968") < pos("2023"));
    assert!(pos("2025-03") < pos("2025-11-10"));
    assert!(pos("2025-11-10") < pos("2025-11-12T10:00"));
    assert!(pos("2025-11-20") < pos("2025-12"));
}

#[test]
fn announced_then_held_event_keeps_its_history() {
    let (db, story) = harbor();
    let t = db.json(&["timeline", &story.title]);
    let conf = events(&t)
        .iter()
        .find(|e| e["date"] == "2025-11-12T10:00")
        .expect("news conference event");
    assert_eq!(conf["status"], "expected_then_happened");
    let changes: Vec<&str> = conf["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["change"].as_str().unwrap())
        .collect();
    assert_eq!(changes[0], "announced");
    assert!(changes.contains(&"confirmed"), "{changes:?}");
    // Announced by the first snapshot, confirmed by the WPEL article (snapshot 3).
    assert_eq!(conf["first_seen_snapshot"], 1);
    let confirmed = conf["history"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["change"] == "confirmed")
        .unwrap();
    assert_eq!(confirmed["snapshot_id"], 3);
}

#[test]
fn filters_by_status_dates_and_since() {
    let (db, story) = harbor();
    let all = db.json(&["timeline", &story.title]);
    let n = events(&all).len();

    let expected = db.json(&["timeline", &story.title, "--status", "expected"]);
    assert!(!events(&expected).is_empty());
    assert!(events(&expected).iter().all(|e| e["status"] == "expected"));

    let nov = db.json(&[
        "timeline",
        &story.title,
        "--from",
        "2025-11",
        "--to",
        "2025-11-12",
    ]);
    let nov = events(&nov);
    assert!(!nov.is_empty() && nov.len() < n);
    for e in nov {
        let d = e["date"].as_str().unwrap();
        assert!(("2025-11"..="2025-11-12T23:59").contains(&d), "{d}");
    }

    // Since snapshot 3: only what snapshot 4 (the postponement article) changed.
    let since = db.json(&["timeline", &story.title, "--since", "3"]);
    let since = events(&since);
    assert!(!since.is_empty() && since.len() < n);
    for e in since {
        let by4 = e["history"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["snapshot_id"] == 4);
        assert!(by4, "{e}");
    }
    assert!(since.iter().any(|e| e["status"] == "postponed"));

    // "Seen" is stored: `--new` after `seen STORY 3` is `--since 3`, and the events it keeps
    // are the ones flagged `new` in the whole timeline.
    let marked = db.json(&["seen", &story.title, "3"]);
    assert_eq!(marked["snapshot_id"], 3);
    let new = db.json(&["timeline", &story.title, "--new"]);
    let ids = |v: &Vec<Value>| v.iter().map(|e| e["id"].clone()).collect::<Vec<_>>();
    assert_eq!(ids(events(&new)), ids(since));
    let all = db.json(&["timeline", &story.title]);
    assert_eq!(all["seen_snapshot"], 3);
    let flagged: Vec<Value> = events(&all)
        .iter()
        .filter(|e| e["new"] == true)
        .cloned()
        .collect();
    assert_eq!(ids(&flagged), ids(since));
    // With no snapshot given, the latest is marked: nothing is new.
    db.json(&["seen", &story.title]);
    assert!(events(&db.json(&["timeline", &story.title, "--new"])).is_empty());
    // A snapshot of another story (or none) is refused.
    let e = db.fail(&["seen", &story.title, "999"]);
    assert!(e.contains("999"), "{e}");

    let human = db.text(&["timeline", &story.title]);
    assert!(human.contains("2025\n"), "{human}");
    assert!(human.contains("  November\n"), "{human}");
    assert!(human.contains("↷"), "{human}");
    assert!(human.contains("4 sources"), "{human}");
}

#[test]
fn changes_lists_what_a_snapshot_did() {
    let (db, _story) = harbor();
    // Snapshot 2 is the updated version of snapshot 1's article (same URL).
    let c = db.json(&["changes", "2"]);
    assert_eq!(
        keys(&c),
        [
            "added",
            "confirmed",
            "contradicted",
            "diff",
            "figures",
            "published_at",
            "redated",
            "snapshot_id",
            "story_id"
        ]
    );
    assert_eq!(c["diff"]["from"], 1);
    assert!(c["diff"]["inserted_words"].as_u64().unwrap() > 0);
    // Snapshot 3 confirms the news conference that snapshot 1 announced.
    let c3 = db.json(&["changes", "3"]);
    let confirmed = c3["confirmed"].as_array().unwrap();
    assert!(
        confirmed.iter().any(|e| e["date"] == "2025-11-12T10:00"),
        "{c3}"
    );
    assert!(c3["diff"].is_null());
    // Snapshot 4 postpones the council session.
    let c4 = db.json(&["changes", "4"]);
    let moved = c4["contradicted"].as_array().unwrap();
    assert!(moved.iter().any(|e| e["status"] == "postponed"), "{c4}");
    let text = db.text(&["changes", "4"]);
    assert!(text.contains("postponed"), "{text}");
}

#[test]
fn exports_in_every_format() {
    let (db, story) = harbor();
    let n = events(&db.json(&["timeline", &story.title])).len();

    let json = db.text(&["export", &story.title, "--format", "json"]);
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(events(&v).len(), n);

    let csv = db.text(&["export", &story.title, "--format", "csv"]);
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(
        r.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "id",
            "date",
            "granularity",
            "status",
            "text",
            "first_seen_snapshot",
            "sources",
            "snapshot_ids"
        ]
    );
    assert_eq!(r.records().count(), n);

    let md = db.text(&["export", &story.title, "--format", "md"]);
    assert!(md.starts_with(&format!("# {}\n", story.title)), "{md}");
    // One line per event, before the figures section (a line per series).
    let timeline_part = md.split("\n## Figures\n").next().unwrap_or_default();
    assert_eq!(
        timeline_part
            .lines()
            .filter(|l| l.starts_with("- **"))
            .count(),
        n
    );

    let tl = db.text(&["export", &story.title, "--format", "timelinejs"]);
    let v: Value = serde_json::from_str(&tl).unwrap();
    assert!(v["title"]["text"]["headline"].is_string());
    let tl_events = events(&v);
    assert_eq!(tl_events.len(), n);
    for e in tl_events {
        assert!(e["start_date"]["year"].is_number(), "{e}");
        assert!(e["text"]["headline"].is_string());
    }

    let out = db.dir.path().join("expected.ics");
    db.text(&[
        "export",
        &story.title,
        "--format",
        "ics",
        "--output",
        out.to_str().unwrap(),
    ]);
    let ics = std::fs::read_to_string(&out).unwrap();
    let expected = events(&db.json(&["timeline", &story.title]))
        .iter()
        .filter(|e| e["status"] == "expected" || e["status"] == "postponed")
        .count();
    assert!(expected > 0);
    assert!(ics.starts_with("BEGIN:VCALENDAR"), "{ics}");
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), expected, "{ics}");
    // Reproducible: no clock in DTSTAMP.
    let again = db.text(&["export", &story.title, "--format", "ics"]);
    assert_eq!(again, ics);
}

#[test]
fn article_markup_is_escaped_in_html_and_markdown_exports() {
    let db = Db::new();
    db.add(
        "Escapes",
        &["--published", "2025-12-02T10:00:00Z"],
        "On Monday, protesters carried a sign reading <script>alert(1)</script> outside the hall.",
    );
    let tl = db.text(&["export", "Escapes", "--format", "timelinejs"]);
    assert!(!tl.contains("<script>"), "{tl}");
    assert!(tl.contains("&lt;script&gt;"), "{tl}");
    let md = db.text(&["export", "Escapes", "--format", "md"]);
    assert!(!md.contains("<script>"), "{md}");
}

#[test]
fn bad_requests_fail_cleanly() {
    let (db, story) = harbor();
    let e = db.fail(&["timeline", "No such story"]);
    assert!(e.contains("no story"), "{e}");
    let e = db.fail(&["timeline", &story.title, "--from", "last week"]);
    assert!(e.contains("--from"), "{e}");
    let e = db.fail(&["timeline", &story.title, "--since", "999"]);
    assert!(e.contains("999"), "{e}");
    let e = db.fail(&["changes", "999"]);
    assert!(e.contains("999"), "{e}");
    let e = db.fail(&["export", &story.title, "--format", "pdf"]);
    assert!(e.contains("pdf"), "{e}");
}

#[test]
fn removing_a_snapshot_updates_the_timeline() {
    let (db, story) = harbor();
    let before = db.json(&["timeline", &story.title]);
    let conf = |t: &Value| {
        events(t)
            .iter()
            .find(|e| e["date"] == "2025-11-12T10:00")
            .map(|e| e["status"].as_str().unwrap().to_string())
    };
    assert_eq!(conf(&before).as_deref(), Some("expected_then_happened"));
    db.text(&["rm-snapshot", "3", "--yes"]);
    db.text(&["rm-snapshot", "4", "--yes"]);
    let after = db.json(&["timeline", &story.title]);
    // Without the articles that reported it held, the news conference is only expected.
    assert_eq!(conf(&after).as_deref(), Some("expected"));
    for e in events(&after) {
        for s in e["sources"].as_array().unwrap() {
            let id = s["snapshot_id"].as_i64().unwrap();
            assert!(id == 1 || id == 2, "{e}");
        }
    }
}

#[test]
fn dates_read_as_people_write_them() {
    let db = Db::new();
    db.add(
        "Dates",
        &["--published", "2026-02-10T09:00:00Z", "--outlet", "Post"],
        "On Monday morning, police closed the harbour road.\n\n\
         Repairs to the sea wall began this winter.",
    );
    let t = db.json(&["timeline", "Dates"]);
    let evs = events(&t);
    let by_text = |w: &str| {
        evs.iter()
            .find(|e| e["text"].as_str().unwrap().contains(w))
            .unwrap_or_else(|| panic!("no event with {w}: {evs:?}"))
    };
    // The part of day travels with the date; the period's first and last day come from the core.
    let monday = by_text("harbour road");
    assert_eq!(monday["date"], "2026-02-09TMO");
    assert_eq!(
        (&monday["start"], &monday["end"]),
        (&"2026-02-09".into(), &"2026-02-09".into())
    );
    let winter = by_text("sea wall");
    assert_eq!(winter["date"], "2026-WI");
    assert_eq!(
        (&winter["start"], &winter["end"]),
        (&"2025-12-01".into(), &"2026-02-28".into())
    );
    let out = db.text(&["timeline", "Dates"]);
    assert!(out.contains("Mon 9, morning"), "{out}");
    // Winter 2026 is filed under 2025 (where it starts) and says which winter it is.
    let y2025 = out.find("\n2025\n").expect("a 2025 heading");
    let w = out
        .find("winter 2025–26")
        .unwrap_or_else(|| panic!("{out}"));
    let y2026 = out.find("\n2026\n").expect("a 2026 heading");
    assert!(y2025 < w && w < y2026, "{out}");
    // A date-only publication shows as the date alone.
    db.add(
        "Dates",
        &["--published", "2026-02-11", "--url", "https://p.example/x"],
        "Another story text.",
    );
    let snaps = db.text(&["snapshots", "Dates"]);
    assert!(snaps.contains("2026-02-11"), "{snaps}");
    assert!(
        !snaps.contains("2026-02-11 00:00") && !snaps.contains("00:00 Z"),
        "{snaps}"
    );
}

#[test]
fn export_says_when_empty_and_never_overwrites_silently() {
    let db = Db::new();
    db.add(
        "Calm",
        &["--published", "2026-03-10T08:00:00Z"],
        "The warehouse fire was put out on Monday.",
    );
    // A calendar of a story with no expected events: a valid, empty file and a word about it.
    let out = db
        .cmd()
        .args(["export", "Calm", "--format", "ics"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("BEGIN:VCALENDAR"));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("nothing to export"), "{err}");
    // Not said when there is something in it.
    let out = db.cmd().args(["export", "Calm"]).output().unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("nothing to export"));

    // -o onto an existing file: refused without a terminal to ask on, the file untouched.
    let path = db.dir.path().join("keep.md");
    std::fs::write(&path, "mine").unwrap();
    let p = path.to_str().unwrap();
    let err = db.fail(&["export", "Calm", "--format", "md", "-o", p]);
    assert!(err.contains("exists") && err.contains("--force"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine");
    db.text(&["export", "Calm", "--format", "md", "-o", p, "--force"]);
    assert!(std::fs::read_to_string(&path)
        .unwrap()
        .starts_with("# Calm"));
    // A new file needs no asking.
    let fresh = db.dir.path().join("new.csv");
    db.text(&[
        "export",
        "Calm",
        "--format",
        "csv",
        "-o",
        fresh.to_str().unwrap(),
    ]);
    assert!(fresh.exists());
}
