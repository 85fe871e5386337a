//! `add --url` without a file: fetch, extract, metadata, identity.

use crate::site::{fixture, Page, Site};
use crate::support::Db;
use crate::{run, text_of};

struct Layout {
    page: &'static str,
    title: &'static str,
    outlet: &'static str,
    published: Option<&'static str>,
    /// Sentences of the article that must be in the text.
    keep: &'static [&'static str],
    /// Page furniture that must not be.
    drop: &'static [&'static str],
}

const LAYOUTS: &[Layout] = &[
    Layout {
        page: "nav.html",
        title: "Harbour bridge closed after storm damage",
        outlet: "The Coast Post",
        published: Some("2026-03-09T07:30:00+01:00"),
        keep: &[
            "The harbour bridge was closed to all traffic on Monday morning",
            "was last repaired in 2019.",
        ],
        drop: &[
            "Puzzles and crosswords",
            "Privacy policy",
            "All rights reserved",
            "Search the Coast Post",
        ],
    },
    Layout {
        page: "ads.html",
        title: "Ferry strike called off",
        outlet: "Harbour Times",
        published: Some("2026-03-10T16:45:00Z"),
        keep: &[
            "Ferry workers have called off the strike planned for Thursday",
            "tickets bought for alternative routes would be refunded.",
        ],
        drop: &[
            "Winter boots",
            "mortgage rates",
            "Learn a language",
            "Cheap flights",
        ],
    },
    Layout {
        page: "comments.html",
        title: "Council approves new sea wall",
        outlet: "Bay Gazette",
        published: Some("2026-02-20T11:00:00Z"),
        keep: &[
            "The council voted on Thursday to build a new sea wall",
            "three new pumping stations.",
        ],
        drop: &[
            "seaview_sam",
            "dredge the river",
            "Join the discussion",
            "beach access",
        ],
    },
    Layout {
        page: "related.html",
        title: "Power restored to island villages",
        outlet: "127.0.0.1",
        published: Some("2026-03-11T09:15:00+02:00"),
        keep: &[
            "Electricity was restored to the last of the island villages",
            "Schools on the island will reopen on Wednesday",
        ],
        drop: &[
            "Related stories",
            "Ferry services suspended",
            "Ten best walks",
            "Council tax to rise",
        ],
    },
    Layout {
        page: "liveblog.html",
        title: "Live: storm Ingrid reaches the coast",
        outlet: "The Coast Post",
        published: Some("2026-03-08T06:00:00Z"),
        keep: &[
            "Police have closed the harbour bridge in both directions",
            "suspended all coastal services until at least 18:00",
            "All schools in the coastal district will stay closed on Monday",
        ],
        drop: &["© The Coast Post"],
    },
    Layout {
        page: "paywall.html",
        title: "Inside the plan to rebuild the old pier",
        outlet: "Bay Gazette",
        published: Some("2026-03-01T05:00:00Z"),
        keep: &["The old pier has stood empty since the fire of 2021."],
        drop: &["Subscribe now", "This article is for subscribers", "Log in"],
    },
    Layout {
        page: "inline.html",
        title: "Fishing fleet stays in port for a third day",
        outlet: "North Shore Daily",
        published: Some("2026-03-10T05:40:00Z"),
        keep: &[
            "The fishing fleet stayed in port for a third day on Tuesday",
            "after two dinghies sank in the marina on Monday night.",
            "Forecasters expect the wind to ease on Wednesday evening.",
        ],
        drop: &[
            "Share on Facebook",
            "Read more",
            "Sign up for our free newsletter",
            "cookies",
        ],
    },
    Layout {
        page: "broken.html",
        title: "Lighthouse keeper retires after forty years",
        outlet: "127.0.0.1",
        published: None,
        keep: &[
            "retired on Friday after forty years of service",
            "A farewell party is planned at the village hall on Saturday.",
        ],
        drop: &[],
    },
];

#[test]
fn extracts_the_article_from_each_layout() {
    let site = Site::start();
    let db = Db::new();
    for l in LAYOUTS {
        let r = run(
            &db,
            &[
                "add",
                "--story",
                "Coast",
                "--url",
                &site.url(&format!("/{}", l.page)),
            ],
        );
        assert_eq!(r["unchanged"], false, "{}", l.page);
        assert_eq!(r["title"], l.title, "{}", l.page);
        assert_eq!(r["outlet"], l.outlet, "{}", l.page);
        match l.published {
            Some(p) => {
                assert_eq!(r["published_at"], p, "{}", l.page);
                assert_eq!(r["published_assumed"], false, "{}", l.page);
            }
            None => assert_eq!(r["published_assumed"], true, "{}", l.page),
        }
        let text = text_of(&db, &r);
        for k in l.keep {
            assert!(text.contains(k), "{}: missing {k:?} in\n{text}", l.page);
        }
        for d in l.drop {
            assert!(
                !text.contains(d),
                "{}: kept furniture {d:?} in\n{text}",
                l.page
            );
        }
        // Paragraphs stay paragraphs.
        assert!(
            text.contains("\n\n") || l.page == "paywall.html",
            "{}: {text}",
            l.page
        );
    }
    // The raw HTML is kept with the snapshot, so extraction can be redone.
    let first = run(&db, &["snapshots", "Coast"]);
    assert_eq!(first.as_array().unwrap().len(), LAYOUTS.len());
    let shown = run(&db, &["show", &first[0]["id"].to_string()]);
    assert_eq!(shown["has_html"], true);
    let conn = rusqlite::Connection::open(&db.path).unwrap();
    let (plain, z): (Option<String>, Vec<u8>) = conn
        .query_row(
            "SELECT raw_html, raw_html_z FROM snapshot WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(plain.is_none());
    assert!(
        !z.is_empty() && z.len() < fixture("nav.html").len(),
        "stored compressed"
    );
}

#[test]
fn charset_from_header_or_meta() {
    let site = Site::start();
    // The same windows-1252 bytes, once declared by the header, once by a meta tag only.
    let body = fixture("cp1252.html");
    let at = body.windows(6).position(|w| w == b"<head>").unwrap() + 6;
    let mut with_meta = body[..at].to_vec();
    with_meta.extend_from_slice(b"<meta charset=\"windows-1252\">");
    with_meta.extend_from_slice(&body[at..]);
    site.put("/meta1252.html", Page::typed("text/html", with_meta));
    let db = Db::new();
    for path in ["/cp1252.html", "/meta1252.html"] {
        let r = run(&db, &["add", "--story", "Cafe", "--url", &site.url(path)]);
        let text = text_of(&db, &r);
        assert!(text.contains("harbour café say"), "{path}: {text}");
        assert!(
            text.contains("\u{201c}tens of thousands\u{201d}"),
            "{path}: {text}"
        );
        assert_eq!(r["title"], "Café owners count the cost");
    }
}

#[test]
fn published_flag_wins_and_overrides_apply() {
    let site = Site::start();
    let db = Db::new();
    let r = run(
        &db,
        &[
            "add",
            "--story",
            "Coast",
            "--url",
            &site.url("/nav.html"),
            "--published",
            "2026-03-09 10:00",
            "--title",
            "Bridge shut",
            "--outlet",
            "CP",
        ],
    );
    assert_eq!(r["published_at"], "2026-03-09T10:00:00Z");
    assert_eq!(r["title"], "Bridge shut");
    assert_eq!(r["outlet"], "CP");
    // A bad --published is refused before anything is fetched.
    let before = site.hits("/ads.html");
    let e = crate::fail(
        &db,
        &[
            "add",
            "--story",
            "Coast",
            "--url",
            &site.url("/ads.html"),
            "--published",
            "soon",
        ],
    );
    assert!(e.contains("cannot read the publication time"), "{e}");
    assert_eq!(site.hits("/ads.html"), before);
}

#[test]
fn html_file_gets_the_page_metadata() {
    let db = Db::new();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ferry.html");
    std::fs::write(&file, fixture("ads.html")).unwrap();
    let r = run(&db, &["add", "--story", "Ferry", file.to_str().unwrap()]);
    let shown = run(&db, &["show", &r["snapshot_id"].to_string()]);
    assert_eq!(shown["published_at"], "2026-03-10T16:45:00Z");
    assert_eq!(shown["published_assumed"], false);
    assert_eq!(shown["outlet"], "Harbour Times");
    assert_eq!(shown["title"], "Ferry strike called off");
    // The same page pasted on stdin, with a --published flag: the flag wins.
    let r = db.add(
        "Ferry2",
        &["--published", "2026-03-11"],
        std::str::from_utf8(&fixture("ads.html")).unwrap(),
    );
    let shown = run(&db, &["show", &r["snapshot_id"].to_string()]);
    // A date without a time is stored as the publication day.
    assert_eq!(shown["published_at"], "2026-03-11");
    // A page with a canonical link: the file is that article.
    std::fs::write(&file, fixture("liveblog.html")).unwrap();
    run(&db, &["add", "--story", "Ferry", file.to_str().unwrap()]);
    let conn = rusqlite::Connection::open(&db.path).unwrap();
    let urls: i64 = conn
        .query_row(
            "SELECT count(*) FROM article WHERE url = 'https://coastpost.example/live/storm-ingrid'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(urls, 1);
}

#[test]
fn identity_canonical_and_tracking_parameters() {
    let site = Site::start();
    let db = Db::new();
    let a = run(
        &db,
        &[
            "add",
            "--story",
            "Coast",
            "--url",
            &site.url("/nav.html?utm_source=x&fbclid=abc"),
        ],
    );
    let b = run(
        &db,
        &[
            "add",
            "--story",
            "Coast",
            "--url",
            &site.url("/nav.html?gclid=1"),
        ],
    );
    assert_eq!(a["article_url"], site.url("/nav.html"));
    assert_eq!(b["unchanged"], true);
    assert_eq!(b["article_id"], a["article_id"]);
    // Two different URLs with one canonical link are one article: the second fetch of the
    // same text is unchanged, a changed text its version 2.
    let live = String::from_utf8(fixture("liveblog.html")).unwrap();
    site.put("/live-a", Page::html(live.clone()));
    site.put("/live-b?ref=home", Page::html(live.clone()));
    let x = run(
        &db,
        &["add", "--story", "Coast", "--url", &site.url("/live-a")],
    );
    assert_eq!(
        x["article_url"],
        "https://coastpost.example/live/storm-ingrid"
    );
    let shown = run(&db, &["show", &x["snapshot_id"].to_string()]);
    assert_eq!(shown["modified_at"], "2026-03-08T12:10:00Z");
    site.put(
        "/live-b",
        Page::html(live.replace("Nobody was hurt", "Two people were hurt")),
    );
    let y = run(
        &db,
        &["add", "--story", "Coast", "--url", &site.url("/live-b")],
    );
    assert_eq!(y["article_id"], x["article_id"]);
    assert_eq!(y["version"], 2);
    assert_eq!(y["words_before"], x["words_after"]);
}

#[test]
fn gzip_and_brotli_bodies_are_decoded() {
    use std::io::Write;
    let site = Site::start();
    let html = fixture("comments.html");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&html).unwrap();
    site.put(
        "/gz",
        Page::html(gz.finish().unwrap()).with_header("Content-Encoding", "gzip"),
    );
    let mut br = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut br, 4096, 5, 22);
        w.write_all(&html).unwrap();
    }
    site.put("/br", Page::html(br).with_header("Content-Encoding", "br"));
    let db = Db::new();
    for path in ["/gz", "/br"] {
        let r = run(
            &db,
            &[
                "add",
                "--story",
                &format!("Wall {path}"),
                "--url",
                &site.url(path),
            ],
        );
        assert_eq!(r["title"], "Council approves new sea wall", "{path}");
        assert!(
            text_of(&db, &r).contains("three new pumping stations"),
            "{path}"
        );
    }
}
