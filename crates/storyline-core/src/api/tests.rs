use super::*;

fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn now() -> DateTime<Utc> {
    t("2026-03-10T12:00:00Z")
}

fn add(sl: &mut Storyline, story: &str, url: Option<&str>, text: &str) -> Result<AddResult> {
    let mut req = AddSnapshot::new(story, text);
    req.url = url.map(str::to_owned);
    sl.add_snapshot(req, now())
}

#[test]
fn same_url_makes_versions_and_identical_text_is_unchanged() {
    let mut sl = Storyline::open_in_memory().unwrap();
    let a = add(
        &mut sl,
        "Storm",
        Some("https://a.example/s?utm_source=x"),
        "one two",
    )
    .unwrap();
    assert_eq!((a.version, a.unchanged), (1, false));
    let b = add(
        &mut sl,
        "Storm",
        Some("https://a.example/s#frag"),
        "one two three",
    )
    .unwrap();
    assert_eq!(
        (b.version, b.unchanged, b.article_id),
        (2, false, a.article_id)
    );
    assert_ne!(b.snapshot_id, a.snapshot_id);
    let c = add(
        &mut sl,
        "Storm",
        Some("https://a.example/s"),
        "one two three\n",
    )
    .unwrap();
    assert!(c.unchanged);
    assert_eq!((c.snapshot_id, c.version), (b.snapshot_id, 2));
    assert_eq!(sl.row_counts().unwrap(), (1, 1, 2));
    // An older version's text again is as unchanged as the latest's: nothing stored.
    let d = add(&mut sl, "Storm", Some("https://a.example/s"), "one two").unwrap();
    assert!(d.unchanged);
    assert_eq!((d.snapshot_id, d.version), (a.snapshot_id, 1));
    assert_eq!(sl.row_counts().unwrap(), (1, 1, 2));
}

fn add_published(
    sl: &mut Storyline,
    url: Option<&str>,
    text: &str,
    published: &str,
) -> Result<AddResult> {
    let mut req = AddSnapshot::new("Storm", text);
    req.url = url.map(str::to_owned);
    req.published = Some(published.to_owned());
    sl.add_snapshot(req, now())
}

#[test]
fn versions_follow_publication_time_and_old_texts_are_unchanged() {
    let mut sl = Storyline::open_in_memory().unwrap();
    let url = Some("https://a.example/s");
    let v1 = add_published(&mut sl, url, "one", "2026-03-09T08:00:00Z").unwrap();
    let v2 = add_published(&mut sl, url, "one two three", "2026-03-09T20:00:00Z").unwrap();
    // A text published between the two, added last, is version 2; the later one becomes 3.
    let mid = add_published(&mut sl, url, "one two", "2026-03-09T12:00:00Z").unwrap();
    assert_eq!((mid.version, mid.unchanged), (2, false));
    let versions: Vec<(i64, i64)> = sl
        .snapshots("Storm")
        .unwrap()
        .iter()
        .map(|s| (s.id, s.version))
        .collect();
    assert_eq!(
        versions,
        [
            (v1.snapshot_id, 1),
            (mid.snapshot_id, 2),
            (v2.snapshot_id, 3)
        ]
    );
    // `diff` with one argument compares with the version published just before.
    assert_eq!(sl.diff(v2.snapshot_id, None).unwrap().from, mid.snapshot_id);
    assert_eq!(sl.diff(mid.snapshot_id, None).unwrap().from, v1.snapshot_id);
    // The first, unchanged text re-added later (with another date): nothing stored.
    let again = add_published(&mut sl, url, "one", "2026-03-10T09:00:00Z").unwrap();
    assert!(again.unchanged);
    assert_eq!(again.snapshot_id, v1.snapshot_id);
    assert_eq!(sl.snapshots("Storm").unwrap().len(), 3);
    // Pasted text (no URL) too: an older version's text is found, not stored again.
    let p1 = add_published(&mut sl, None, "pasted first", "2026-03-09T08:00:00Z").unwrap();
    let mut req = AddSnapshot::new("Storm", "pasted second");
    req.version_of = Some(p1.snapshot_id);
    let p2 = sl.add_snapshot(req, now()).unwrap();
    assert_eq!(p2.version, 2);
    let p3 = add_published(&mut sl, None, "pasted first", "2026-03-11T08:00:00Z").unwrap();
    assert!(p3.unchanged);
    assert_eq!(p3.snapshot_id, p1.snapshot_id);
}

#[test]
fn pasted_text_makes_articles_and_version_of_links_them() {
    let mut sl = Storyline::open_in_memory().unwrap();
    let a = add(&mut sl, "Storm", None, "first text").unwrap();
    let b = add(&mut sl, "Storm", None, "other text").unwrap();
    assert_ne!(a.article_id, b.article_id);
    let again = add(&mut sl, "Storm", None, "first text").unwrap();
    assert!(again.unchanged);
    assert_eq!(again.snapshot_id, a.snapshot_id);

    let mut req = AddSnapshot::new("Storm", "first text, updated");
    req.version_of = Some(a.snapshot_id);
    let v2 = sl.add_snapshot(req, now()).unwrap();
    assert_eq!((v2.article_id, v2.version), (a.article_id, 2));

    // The story may be left out with version_of, and must match if given.
    let mut req = AddSnapshot::new("Storm", "first text, updated again");
    req.story = None;
    req.version_of = Some(a.snapshot_id);
    assert_eq!(sl.add_snapshot(req, now()).unwrap().version, 3);
    sl.create_story("Bridge", now()).unwrap();
    let mut req = AddSnapshot::new("Bridge", "x y");
    req.version_of = Some(a.snapshot_id);
    assert!(matches!(
        sl.add_snapshot(req, now()),
        Err(Error::StoryMismatch { .. })
    ));
    let mut req = AddSnapshot::new("Storm", "x y");
    req.version_of = Some(999);
    assert!(matches!(
        sl.add_snapshot(req, now()),
        Err(Error::SnapshotNotFound(999))
    ));
}

#[test]
fn version_of_with_a_different_url_is_refused() {
    let mut sl = Storyline::open_in_memory().unwrap();
    let a = add(&mut sl, "Storm", Some("https://a.example/1"), "text").unwrap();
    let mut req = AddSnapshot::new("Storm", "text 2");
    req.version_of = Some(a.snapshot_id);
    req.url = Some("https://a.example/2".into());
    assert!(matches!(
        sl.add_snapshot(req, now()),
        Err(Error::UrlMismatch { .. })
    ));
}

#[test]
fn published_defaults_and_fields() {
    let mut sl = Storyline::open_in_memory().unwrap();
    let mut req = AddSnapshot::new("Storm", "Storm nears the coast\n\nMore text.");
    req.url = Some("https://www.coastpost.example/storm".into());
    let a = sl.add_snapshot(req, now()).unwrap();
    let s = sl.snapshot(a.snapshot_id).unwrap();
    assert_eq!(s.info.title, "Storm nears the coast");
    assert_eq!(s.info.outlet.as_deref(), Some("coastpost.example"));
    assert!(s.info.published_assumed);
    assert_eq!(s.info.published_at, "2026-03-10T12:00:00Z");
    assert_eq!(s.info.captured_at, "2026-03-10T12:00:00Z");
    assert_eq!(s.info.word_count, 6);
    assert_eq!(s.story_title, "Storm");
    assert!(!s.has_html);

    let mut req = AddSnapshot::new("Storm", "<p>Later</p><p>Text</p>");
    req.published = Some("2026-03-09T07:30:00-05:00".into());
    req.title = Some("Given title".into());
    req.outlet = Some("Coast Post".into());
    req.format = InputFormat::Html;
    let b = sl.add_snapshot(req, now()).unwrap();
    let s = sl.snapshot(b.snapshot_id).unwrap();
    assert_eq!(s.text, "Later\n\nText");
    assert!(s.has_html);
    assert_eq!(
        sl.snapshot_html(b.snapshot_id).unwrap().as_deref(),
        Some("<p>Later</p><p>Text</p>")
    );
    assert_eq!(s.info.published_at, "2026-03-09T07:30:00-05:00");
    assert!(!s.info.published_assumed);
    // Listing is by publication instant: 12:30Z on the 9th comes before the 10th.
    let list = sl.snapshots("Storm").unwrap();
    assert_eq!(list[0].id, b.snapshot_id);
    assert_eq!(list[1].id, a.snapshot_id);

    // A date-only publication is stored and handed out as the date alone, and its events are
    // dated against it.
    let mut req = AddSnapshot::new("Storm", "The bridge closed on Monday.");
    req.published = Some("2026-03-04".into());
    let c = sl.add_snapshot(req, now()).unwrap();
    let s = sl.snapshot(c.snapshot_id).unwrap();
    assert_eq!(s.info.published_at, "2026-03-04");
    assert!(!s.info.published_assumed);
    assert_eq!(sl.snapshots("Storm").unwrap()[0].id, c.snapshot_id);
    let t = sl.timeline("Storm", &TimelineFilter::default()).unwrap();
    assert!(
        t.events.iter().any(|e| e.date == "2026-03-02"),
        "{:?}",
        t.events
    );
}

#[test]
fn bad_input_stores_nothing() {
    let mut sl = Storyline::open_in_memory().unwrap();
    add(&mut sl, "Storm", None, "seed").unwrap();
    let before = sl.row_counts().unwrap();
    let cases: Vec<(AddSnapshot, &str)> = vec![
        (AddSnapshot::new("New story", ""), "empty_text"),
        (AddSnapshot::new("New story", " \n\t "), "empty_text"),
        (AddSnapshot::new("New story", b"a\0b".to_vec()), "binary"),
        (
            AddSnapshot::new("New story", b"a\xffb".to_vec()),
            "invalid_utf8",
        ),
        (
            AddSnapshot {
                published: Some("next Tuesday".into()),
                ..AddSnapshot::new("New story", "ok text")
            },
            "bad_date",
        ),
        (
            AddSnapshot {
                published: Some("3026-01-01".into()),
                ..AddSnapshot::new("New story", "ok text")
            },
            "date_out_of_range",
        ),
        (
            AddSnapshot {
                url: Some("mailto:x@example.com".into()),
                ..AddSnapshot::new("New story", "ok text")
            },
            "bad_url",
        ),
        (AddSnapshot::new("   ", "ok text"), "story_missing"),
        (AddSnapshot::new("12345", "ok text"), "bad_title"),
    ];
    for (req, kind) in cases {
        let err = sl.add_snapshot(req, now()).unwrap_err();
        assert_eq!(err.kind(), kind, "{err}");
        assert_eq!(sl.row_counts().unwrap(), before, "{kind}");
    }
}

#[test]
fn stories_create_rename_delete() {
    let mut sl = Storyline::open_in_memory().unwrap();
    let s = sl.create_story("Bridge closure", now()).unwrap();
    assert!(matches!(
        sl.create_story("bridge CLOSURE", now()),
        Err(Error::StoryExists(_))
    ));
    add(&mut sl, "Bridge closure", None, "text one").unwrap();
    add(&mut sl, &s.id.to_string(), None, "text two").unwrap();
    let list = sl.stories().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!((list[0].articles, list[0].snapshots), (2, 2));
    let r = sl
        .rename_story("bridge closure", "Harbour bridge closure")
        .unwrap();
    assert_eq!(r.id, s.id);
    assert_eq!(
        sl.story(&s.id.to_string()).unwrap().title,
        "Harbour bridge closure"
    );
    assert!(matches!(sl.story("nope"), Err(Error::StoryNotFound(_))));
    let d = sl.delete_story("Harbour bridge closure").unwrap();
    assert_eq!((d.articles, d.snapshots), (2, 2));
    assert_eq!(sl.row_counts().unwrap(), (0, 0, 0));
}

#[test]
fn delete_snapshot_removes_empty_article() {
    let mut sl = Storyline::open_in_memory().unwrap();
    let a = add(&mut sl, "Storm", Some("https://a.example/1"), "v1").unwrap();
    let b = add(&mut sl, "Storm", Some("https://a.example/1"), "v2").unwrap();
    let d = sl.delete_snapshot(b.snapshot_id).unwrap();
    assert!(!d.article_removed);
    let d = sl.delete_snapshot(a.snapshot_id).unwrap();
    assert!(d.article_removed);
    assert_eq!(sl.row_counts().unwrap(), (1, 0, 0));
    assert!(matches!(
        sl.delete_snapshot(a.snapshot_id),
        Err(Error::SnapshotNotFound(_))
    ));
}

#[test]
fn diff_between_versions() {
    let mut sl = Storyline::open_in_memory().unwrap();
    let a = add(
        &mut sl,
        "Storm",
        Some("https://a.example/1"),
        "The storm is near.",
    )
    .unwrap();
    let b = add(
        &mut sl,
        "Storm",
        Some("https://a.example/1"),
        "The storm has landed.",
    )
    .unwrap();
    let d = sl.diff(b.snapshot_id, None).unwrap();
    assert_eq!((d.from, d.to), (a.snapshot_id, b.snapshot_id));
    let old: String = d
        .ops
        .iter()
        .filter(|o| o.op != diff::OpKind::Insert)
        .map(|o| o.text.as_str())
        .collect();
    assert_eq!(old, "The storm is near.");
    assert!(matches!(
        sl.diff(a.snapshot_id, None),
        Err(Error::NoPreviousVersion(_))
    ));
    let explicit = sl.diff(a.snapshot_id, Some(b.snapshot_id)).unwrap();
    assert_eq!(explicit, d);
    assert!(matches!(
        sl.diff(a.snapshot_id, Some(77)),
        Err(Error::SnapshotNotFound(77))
    ));
}

#[test]
fn search_ranks_the_exact_phrase_first() {
    let mut sl = Storyline::open_in_memory().unwrap();
    // Both words, often and apart (BM25 alone would rank it first)...
    let scattered = add(
        &mut sl,
        "Storm",
        None,
        "Bridge news: the bridge is shut. Engineers say traffic reopens later, once the bridge \
         cables hold and the bridge inspectors agree; the bridge opening waits on them.",
    )
    .unwrap();
    // ...and the two words as the phrase typed.
    let exact = add(
        &mut sl,
        "Storm",
        None,
        "Officials said the council met today. The bridge reopens on Friday, they added, after          a long week of storms along the coast.",
    )
    .unwrap();
    let hits = sl.search("bridge reopens", None).unwrap();
    let ids: Vec<i64> = hits.iter().map(|h| h.snapshot_id).collect();
    assert_eq!(ids, [exact.snapshot_id, scattered.snapshot_id]);
    // Without the phrase ranking the scattered one would lead: the test can fail.
    assert!(
        hits[1].rank < hits[0].rank,
        "{:?}",
        hits.iter().map(|h| h.rank).collect::<Vec<_>>()
    );
    // The prefix form too.
    let hits = sl.search("bridge reop*", None).unwrap();
    assert_eq!(hits[0].snapshot_id, exact.snapshot_id);
}

#[test]
fn search_finds_and_escapes() {
    let mut sl = Storyline::open_in_memory().unwrap();
    add(
        &mut sl,
        "Storm",
        None,
        "The harbour wall was breached on Monday.",
    )
    .unwrap();
    add(
        &mut sl,
        "Bridge",
        None,
        "The bridge stays closed; the harbour is calm.",
    )
    .unwrap();
    let hits = sl.search("harbour", None).unwrap();
    assert_eq!(hits.len(), 2);
    let hits = sl.search("harbour", Some("Storm")).unwrap();
    assert_eq!(hits.len(), 1);
    assert!(hits[0].snippet.contains("«harbour»"), "{}", hits[0].snippet);
    assert!(hits[0]
        .snippet_parts
        .iter()
        .any(|p| p.hit && p.text == "harbour"));
    assert_eq!(sl.search("breach*", None).unwrap().len(), 1);
    // FTS syntax in user input is just text, never an error.
    assert_eq!(sl.search("\"harbour AND -wall:", None).unwrap().len(), 0);
    assert!(sl.search("harbour\"", None).unwrap().len() == 2);
    assert!(matches!(sl.search("  \" ", None), Err(Error::EmptyQuery)));
    assert!(matches!(
        sl.search("x", Some("nope")),
        Err(Error::StoryNotFound(_))
    ));
}

#[test]
fn add_snapshot_json_roundtrip() {
    let req: AddSnapshot =
        serde_json::from_str(r#"{"story": "Storm", "content": "text", "format": "html"}"#).unwrap();
    assert_eq!(req.content, b"text");
    assert_eq!(req.format, InputFormat::Html);
    let res = AddResult {
        snapshot_id: 1,
        story_id: 2,
        article_id: 3,
        version: 1,
        unchanged: false,
    };
    let v = serde_json::to_value(res).unwrap();
    let mut keys: Vec<_> = v.as_object().unwrap().keys().cloned().collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "article_id",
            "snapshot_id",
            "story_id",
            "unchanged",
            "version"
        ]
    );
}

#[test]
fn version_of_gives_a_pasted_article_its_url_unless_unchanged() {
    let mut sl = Storyline::open_in_memory().unwrap();
    let a = add(&mut sl, "Storm", None, "pasted").unwrap();
    let mut req = AddSnapshot::new("Storm", "pasted");
    req.version_of = Some(a.snapshot_id);
    req.url = Some("https://a.example/1".into());
    assert!(sl.add_snapshot(req.clone(), now()).unwrap().unchanged);
    // Unchanged stored nothing, not even the URL: the URL still names no article.
    let b = add(&mut sl, "Storm", Some("https://a.example/1"), "other").unwrap();
    assert_ne!(b.article_id, a.article_id);
    sl.delete_snapshot(b.snapshot_id).unwrap();
    req.content = b"pasted, now from the web".to_vec();
    let c = sl.add_snapshot(req, now()).unwrap();
    assert_eq!((c.article_id, c.version), (a.article_id, 2));
    let d = add(&mut sl, "Storm", Some("https://a.example/1#x"), "third").unwrap();
    assert_eq!((d.article_id, d.version), (a.article_id, 3));
}

#[test]
fn a_panic_inside_a_write_rolls_back_and_leaves_the_store_usable() {
    let mut sl = Storyline::open_in_memory().unwrap();
    let r = guard(|| {
        sl.store.write(|tx| -> Result<()> {
            tx.execute(
                "INSERT INTO story (title, created_at) VALUES ('Half', '2026-03-10T12:00:00Z')",
                [],
            )?;
            panic!("boom in the middle of a write")
        })
    });
    match r {
        Err(Error::Internal(m)) => assert_eq!(m, "boom in the middle of a write"),
        other => panic!("expected an internal error, got {other:?}"),
    }
    assert!(
        sl.stories().unwrap().is_empty(),
        "the write was not rolled back"
    );
    add(&mut sl, "Storm", None, "The bridge closed on Monday.").unwrap();
    assert_eq!(sl.stories().unwrap().len(), 1);
}

#[test]
fn a_date_before_a_semicolon_or_dash_adds() {
    // Regression: a date followed by "; " or " — " in one sentence panicked in the events step
    // and the snapshot was lost.
    let mut sl = Storyline::open_in_memory().unwrap();
    for text in [
        "On Monday the flood receded; he left.",
        "The envoy flew to Paris on Tuesday, alongside the minister — the former mayor — and left.",
        "Talks ended on Friday — no deal; a new round is set for Monday; both sides agreed.",
    ] {
        let r = add(&mut sl, "Flood", None, text).unwrap();
        assert!(r.snapshot_id > 0);
    }
}

/// The app reaches backup and story bundles through dispatch, like every other command.
#[test]
fn dispatch_exports_imports_and_backs_up() {
    use super::dispatch::dispatch;
    use serde_json::json;
    let mut sl = Storyline::open_in_memory().unwrap();
    add(
        &mut sl,
        "Storm",
        Some("https://a.example/1"),
        "The bridge closed on Monday.",
    )
    .unwrap();
    let bundle = dispatch(&mut sl, "export_story", json!({"story": "Storm"}), now()).unwrap();
    assert_eq!(
        bundle["articles"][0]["snapshots"][0]["text"],
        "The bridge closed on Monday."
    );
    let done = dispatch(
        &mut sl,
        "import_story",
        json!({"bundle": bundle, "title": "Storm again"}),
        now(),
    )
    .unwrap();
    assert_eq!(done["snapshots"], 1);
    let again = dispatch(
        &mut sl,
        "export_story",
        json!({"story": "Storm again"}),
        now(),
    )
    .unwrap();
    assert_eq!(again["articles"], bundle["articles"]);
    let err = dispatch(
        &mut sl,
        "import_story",
        json!({"bundle": {"format": "x"}}),
        now(),
    )
    .unwrap_err();
    assert_eq!(err.kind(), "bad_args");
    let err = dispatch(&mut sl, "backup", json!({"path": "relative.db"}), now()).unwrap_err();
    assert_eq!(err.kind(), "bad_args");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.db");
    let b = dispatch(&mut sl, "backup", json!({"path": path}), now()).unwrap();
    assert!(b["bytes"].as_u64().unwrap() > 0);
    let err = dispatch(&mut sl, "backup", json!({"path": path}), now()).unwrap_err();
    assert_eq!(err.kind(), "io");
}
