//! `follow`, `sources`, `refresh`, `unfollow` and `follow-feed`.

use serde_json::Value;

use crate::site::{fixture, Page, Site};
use crate::support::Db;
use crate::{fail, run};

fn snapshot_count(db: &Db) -> i64 {
    db.counts().2
}

fn live() -> String {
    String::from_utf8(fixture("liveblog.html")).unwrap()
}

fn source<'a>(list: &'a Value, url: &str) -> &'a Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|s| s["url"] == url)
        .unwrap_or_else(|| panic!("no source {url} in {list}"))
}

#[test]
fn follow_then_refresh_stores_only_real_changes() {
    let site = Site::start();
    site.put("/live", Page::html(live()));
    let db = Db::new();
    let url = site.url("/live");
    let f = run(&db, &["follow", &url, "--story", "Storm"]);
    assert_eq!(f["added"]["version"], 1);
    assert_eq!(f["source"]["kind"], "page");
    assert_eq!(snapshot_count(&db), 1);

    // Same page: fetched, nothing stored.
    let r = run(&db, &["refresh"]);
    assert_eq!(r["checked"], 1);
    assert_eq!(r["sources"][0]["status"], "unchanged");
    assert_eq!(snapshot_count(&db), 1);

    // Only the "updated" stamp, a timestamp line, spacing and an ad changed: cosmetic.
    let cosmetic = live()
        .replace("Updated 12:10", "Updated 12:55")
        .replace(
            "<p class=\"stamp\">10:45</p>",
            "<p class=\"stamp\">10:46</p>",
        )
        .replace(
            "Nobody was hurt, officers said.",
            "Nobody   was hurt,\n officers said.",
        )
        .replace(
            "<div class=\"live-updates\">",
            "<div class=\"live-updates\"><div class=\"ad-slot\"><p>Buy a raincoat today</p></div>",
        );
    site.put("/live", Page::html(cosmetic.clone()));
    let r = run(&db, &["refresh", "--story", "Storm"]);
    assert_eq!(r["sources"][0]["status"], "unchanged", "{r}");
    assert_eq!(snapshot_count(&db), 1);

    // A new update with news in it: version 2, and what it changed.
    let changed = cosmetic.replace(
        "<article class=\"update\"><p class=\"stamp\">Updated 12:55</p>",
        "<article class=\"update\"><p class=\"stamp\">13:20</p><h2>Bridge to reopen</h2>\
         <p>Engineers said the harbour bridge will reopen on Tuesday after the lorry is removed.</p></article>\
         <article class=\"update\"><p class=\"stamp\">Updated 12:55</p>",
    );
    site.put("/live", Page::html(changed));
    let r = run(&db, &["refresh"]);
    let o = &r["sources"][0];
    assert_eq!(o["status"], "changed", "{r}");
    let added = &o["added"][0];
    assert_eq!(added["version"], 2);
    assert!(added["words_after"].as_i64() > added["words_before"].as_i64());
    assert!(
        added["changes"]["diff"]["inserted_words"].as_i64().unwrap() > 5,
        "{added}"
    );
    assert!(
        added["changes"]["added"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["text"].as_str().unwrap().contains("reopen")),
        "{added}"
    );
    assert_eq!(snapshot_count(&db), 2);
    // The text report says it too.
    site.put(
        "/live",
        Page::html(
            live()
                .replace("Schools closed", "Schools shut for a week")
                .replace("stay closed on Monday", "stay closed all week"),
        ),
    );
    let out = db
        .cmd()
        .env("STORYLINE_FETCH_TIMEOUT_MS", crate::TIMEOUT_MS)
        .arg("refresh")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("added snapshot 3 (version 3"), "{text}");
    assert!(text.contains("words:"), "{text}");
    assert!(text.contains("1 checked, 1 changed, 0 failed"), "{text}");

    let list = run(&db, &["sources", "--story", "Storm"]);
    let s = source(&list, &url);
    assert_eq!(s["last_fetched"], crate::support::NOW);
    assert_eq!(s["last_changed"], crate::support::NOW);
    assert_eq!(s["last_error"], Value::Null);
    assert_eq!(s["count"], 3);
    // Published 2026-03-08 06:00, "now" is 2026-03-12 09:00: four days old, checked every
    // 6 hours.
    assert_eq!(s["next_due"], "2026-03-12T15:00:00Z");
    // --due: nothing is due yet, so nothing is fetched.
    let hits = site.hits("/live");
    let r = run(&db, &["refresh", "--due"]);
    assert_eq!(r["checked"], 0);
    assert_eq!(site.hits("/live"), hits);

    // A set interval; unfollow keeps the articles.
    let f = run(&db, &["follow", &url, "--story", "Storm", "--every", "45m"]);
    assert_eq!(f["source"]["interval_mins"], 45);
    assert_eq!(f["source"]["next_due"], "2026-03-12T09:45:00Z");
    run(&db, &["unfollow", &url]);
    assert_eq!(run(&db, &["sources"]), serde_json::json!([]));
    assert_eq!(snapshot_count(&db), 3);
    let e = fail(&db, &["unfollow", &url]);
    assert!(e.contains("no followed source"), "{e}");
}

#[test]
fn conditional_requests_use_the_etag() {
    let site = Site::start();
    site.put(
        "/etag",
        Page::html(fixture("nav.html")).with_header("ETag", "\"v1\""),
    );
    let db = Db::new();
    run(&db, &["follow", &site.url("/etag"), "--story", "Bridge"]);
    let r = run(&db, &["refresh"]);
    assert_eq!(r["sources"][0]["status"], "not_modified", "{r}");
    assert_eq!(site.not_modified(), 1);
    // A new ETag and a new text: fetched in full, version 2.
    let v2 = String::from_utf8(fixture("nav.html"))
        .unwrap()
        .replace("three days", "two weeks");
    site.put("/etag", Page::html(v2).with_header("ETag", "\"v2\""));
    let r = run(&db, &["refresh"]);
    assert_eq!(r["sources"][0]["status"], "changed", "{r}");
    assert_eq!(r["sources"][0]["added"][0]["version"], 2);
}

#[test]
fn feeds_add_matching_items_once() {
    let site = Site::start();
    let db = Db::new();
    let feed = site.url("/feed.xml");
    let f = run(
        &db,
        &[
            "follow-feed",
            &feed,
            "--story",
            "Coast",
            "--match",
            "bridge, cafe",
        ],
    );
    assert_eq!(f["feed_items"], 4);
    assert_eq!(f["feed_matching"], 3);
    assert_eq!(snapshot_count(&db), 0, "items are taken on refresh");

    let r = run(&db, &["refresh"]);
    let o = &r["sources"][0];
    assert_eq!(o["kind"], "feed");
    assert_eq!(o["status"], "changed");
    let titles: Vec<&str> = o["added"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles.len(), 2, "{o}");
    assert!(titles.contains(&"Harbour bridge closed after storm damage"));
    assert!(
        titles.contains(&"Ferry strike called off"),
        "matched on its summary"
    );
    // The item whose page is missing is reported and stored on the feed, and tried again.
    assert_eq!(o["item_errors"].as_array().unwrap().len(), 1, "{o}");
    assert!(o["item_errors"][0]["url"]
        .as_str()
        .unwrap()
        .ends_with("/missing-page.html"));
    assert_eq!(snapshot_count(&db), 2);
    let list = run(&db, &["sources", "--story", "Coast"]);
    assert_eq!(source(&list, &feed)["last_error_kind"], "http_status");
    assert_eq!(source(&list, &feed)["count"], 2);
    // The items' pages are followed from now on.
    assert_eq!(source(&list, &site.url("/ads.html"))["kind"], "page");

    // Refreshing again adds nothing new from the feed (the pages themselves are unchanged).
    let r = run(&db, &["refresh"]);
    assert_eq!(r["changed"], 0, "{r}");
    assert_eq!(snapshot_count(&db), 2);
    assert_eq!(
        site.hits("/missing-page.html"),
        2,
        "the failed item is tried again"
    );

    // Atom and JSON Feed are read too.
    let atom = run(
        &db,
        &[
            "follow-feed",
            &site.url("/feed.atom"),
            "--story",
            "Island",
            "--match",
            "villages",
        ],
    );
    assert_eq!(
        (atom["feed_items"].as_i64(), atom["feed_matching"].as_i64()),
        (Some(2), Some(1))
    );
    let json = run(
        &db,
        &["follow-feed", &site.url("/feed.json"), "--story", "Island"],
    );
    assert_eq!(
        (json["feed_items"].as_i64(), json["feed_matching"].as_i64()),
        (Some(2), Some(2))
    );
    let r = run(&db, &["refresh", "--story", "Island"]);
    let added: usize = r["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["added"].as_array().unwrap().len())
        .sum();
    assert_eq!(added, 3, "{r}");
}
