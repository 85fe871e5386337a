//! The fault table: every bad answer is a clear error, stored on the followed source, nothing
//! half-stored, and the other sources are still refreshed.

use crate::site::{closed_port, fixture, Page, Site};
use crate::support::Db;
use crate::{fail, run};

#[test]
fn add_url_faults_are_clear_errors_and_store_nothing() {
    let site = Site::start();
    site.put("/500", Page::status(500));
    site.put(
        "/pdf",
        Page::typed("application/pdf", b"%PDF-1.4 ...".to_vec()),
    );
    site.put(
        "/png",
        Page::typed("image/png", b"\x89PNG\r\n\x1a\n".to_vec()),
    );
    site.put("/loop/a", Page::redirect("/loop/b"));
    site.put("/loop/b", Page::redirect("/loop/a"));
    for i in 0..7 {
        site.put(
            &format!("/hop/{i}"),
            Page::redirect(&format!("/hop/{}", i + 1)),
        );
    }
    site.put(
        "/to-ftp",
        Page::redirect("ftp://127.0.0.1/pub/article.html"),
    );
    site.put("/to-file", Page::redirect("file:///etc/passwd"));
    site.put(
        "/garbage",
        Page::html(b"<html><body><p>\x00\x01\x02\x03 binary</p>".to_vec()),
    );
    let refused = format!("http://127.0.0.1:{}/a", closed_port());
    let db = Db::new();
    run(
        &db,
        &["add", "--story", "Coast", "--url", &site.url("/nav.html")],
    );
    let before = db.counts();
    let cases: Vec<(String, &str)> = vec![
        (site.url("/nowhere"), "HTTP 404"),
        (site.url("/500"), "HTTP 500"),
        (site.url("/slow"), "no answer within"),
        (refused, "connection was refused"),
        (site.url("/loop/a"), "loop"),
        (site.url("/hop/0"), "more than 5 redirects"),
        (site.url("/to-ftp"), "not an http or https address"),
        (site.url("/to-file"), "not an http or https address"),
        (site.url("/huge"), "larger than 10485760 bytes"),
        (
            site.url("/pdf"),
            "is not a web page (it is application/pdf)",
        ),
        (site.url("/png"), "is not a web page (it is image/png)"),
        (site.url("/noarticle.html"), "found no article text"),
        (site.url("/garbage"), "is not a web page"),
        (
            "file:///etc/passwd".into(),
            "only http and https URLs can be fetched",
        ),
        (
            "ftp://127.0.0.1/pub/a.html".into(),
            "only http and https URLs can be fetched",
        ),
        (
            "data:text/html,<p>hi</p>".into(),
            "only http and https URLs can be fetched",
        ),
    ];
    for (url, want) in &cases {
        let e = fail(&db, &["add", "--story", "Coast", "--url", url]);
        assert!(e.contains(want), "{url}: {e}");
        let e = fail(&db, &["follow", url, "--story", "Other"]);
        assert!(e.contains(want), "follow {url}: {e}");
        assert_eq!(db.counts(), before, "{url} stored something");
    }
    assert!(run(&db, &["sources"]).as_array().unwrap().is_empty());
    let e = fail(
        &db,
        &[
            "follow-feed",
            &site.url("/notafeed.txt"),
            "--story",
            "Coast",
        ],
    );
    assert!(e.contains("is not a feed"), "{e}");
}

#[test]
fn refresh_stores_each_error_on_its_source_and_goes_on() {
    let site = Site::start();
    let gone = Site::start();
    let db = Db::new();
    let kinds = [
        ("/p404", "http_status"),
        ("/p500", "http_status"),
        ("/pslow", "fetch_timeout"),
        ("/ploop", "too_many_redirects"),
        ("/phuge", "body_too_large"),
        ("/ppdf", "not_html"),
        ("/pempty", "no_article_text"),
        ("/pftp", "bad_redirect"),
    ];
    for (path, _) in kinds {
        site.put(path, Page::html(fixture("nav.html")));
        run(&db, &["follow", &site.url(path), "--story", "Coast"]);
    }
    gone.put("/page", Page::html(fixture("comments.html")));
    run(&db, &["follow", &gone.url("/page"), "--story", "Coast"]);
    site.put("/good", Page::html(fixture("ads.html")));
    run(&db, &["follow", &site.url("/good"), "--story", "Coast"]);
    site.put(
        "/feed",
        Page::typed("application/rss+xml", fixture("feed.xml")),
    );
    run(
        &db,
        &[
            "follow-feed",
            &site.url("/feed"),
            "--story",
            "Coast",
            "--match",
            "nothing matches this",
        ],
    );
    let before = db.counts();

    // Now everything breaks but one page, which changes.
    site.put("/p404", Page::status(404));
    site.put("/p500", Page::status(500));
    site.put("/pslow", Page::redirect("/slow"));
    site.put("/ploop", Page::redirect("/ploop"));
    site.put("/phuge", Page::redirect("/huge"));
    site.put(
        "/ppdf",
        Page::typed("application/pdf", b"%PDF-1.7".to_vec()),
    );
    site.put("/pempty", Page::html(fixture("noarticle.html")));
    site.put("/pftp", Page::redirect("ftp://127.0.0.1/x"));
    site.put("/feed", Page::typed("text/plain", fixture("notafeed.txt")));
    let changed = String::from_utf8(fixture("ads.html"))
        .unwrap()
        .replace("next week", "on Friday");
    site.put("/good", Page::html(changed));
    drop(gone);

    let r = run(&db, &["refresh"]);
    assert_eq!(r["checked"], 11, "{r}");
    assert_eq!(r["changed"], 1, "{r}");
    assert_eq!(r["failed"], 10, "{r}");
    assert_eq!(
        db.counts().2,
        before.2 + 1,
        "only the good page's new version"
    );
    let list = run(&db, &["sources"]);
    for s in list.as_array().unwrap() {
        let url = s["url"].as_str().unwrap();
        let want = kinds
            .iter()
            .find(|(p, _)| url.ends_with(p))
            .map(|(_, k)| *k)
            .or_else(|| url.ends_with("/feed").then_some("bad_feed"))
            .or_else(|| url.ends_with("/page").then_some("fetch_failed"));
        assert_eq!(s["last_error_kind"].as_str(), want, "{s}");
        if want.is_some() {
            assert!(s["last_error"].as_str().unwrap().contains(':'), "{s}");
        } else {
            assert_eq!(s["last_changed"], crate::support::NOW);
        }
    }
    // The table shows the errors, one line each.
    let out = db.cmd().arg("sources").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("body_too_large") && text.contains("fetch_timeout"),
        "{text}"
    );
    // Fixed: the next refresh clears the error.
    site.put("/p404", Page::html(fixture("nav.html")));
    run(&db, &["refresh"]);
    let list = run(&db, &["sources"]);
    let fixed = list
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["url"].as_str().unwrap().ends_with("/p404"))
        .unwrap();
    assert_eq!(fixed["last_error"], serde_json::Value::Null);
}
