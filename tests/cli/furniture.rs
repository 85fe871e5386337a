//! Issue 9: real pages never lose an article, and page furniture never becomes an event.

use crate::support::Db;

fn event_texts(db: &Db, story: &str) -> Vec<String> {
    let tl = db.json(&["timeline", story]);
    let mut out = Vec::new();
    let mut stack = vec![&tl];
    // The timeline nests events under years and months; collect every event's `text`.
    while let Some(v) = stack.pop() {
        match v {
            serde_json::Value::Object(m) => {
                if let (Some(t), Some(_)) = (m.get("text"), m.get("status")) {
                    out.push(t.as_str().unwrap_or_default().to_string());
                }
                stack.extend(m.values());
            }
            serde_json::Value::Array(a) => stack.extend(a),
            _ => {}
        }
    }
    out
}

#[test]
fn a_date_before_a_semicolon_adds_and_makes_an_event() {
    let db = Db::new();
    // `json_in` asserts that the add succeeds (it panicked, exit 101, before the fix).
    db.json_in(
        &["add", "--story", "T", "--published", "2010-01-17", "-"],
        b"On Monday the flood receded; he left.\n",
    );
    let texts = event_texts(&db, "T");
    assert_eq!(texts.len(), 1, "{texts:?}");
    assert!(texts[0].contains("flood receded"), "{texts:?}");
}

#[test]
fn pasted_page_furniture_stays_out_of_the_text_and_the_timeline() {
    let db = Db::new();
    let page = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/furniture/pasted-page.txt"),
    )
    .unwrap();
    let added = db.json_in(
        &[
            "add",
            "--story",
            "Flood",
            "--published",
            "2010-03-02T12:00:00Z",
            "-",
        ],
        &page,
    );
    let id = added["snapshot_id"].as_i64().unwrap();
    let shown = db.json(&["show", &id.to_string()]);
    let text = shown["text"].as_str().unwrap();
    for furniture in [
        "Report abuse",
        "RETWEET",
        "Page last updated",
        "Share this story",
        "Copyright",
        "Dam repairs delayed",
    ] {
        assert!(
            !text.contains(furniture),
            "{furniture:?} left in the text:\n{text}"
        );
    }
    assert!(
        text.contains("Floodwater cut off the valley town"),
        "{text}"
    );
    let texts = event_texts(&db, "Flood");
    assert!(!texts.is_empty());
    for t in &texts {
        assert!(
            !t.contains('|') && !t.contains("RETWEET"),
            "furniture event {t:?}"
        );
        // A dateline alone ("Tuesday, March 2, 2010") is not an event.
        assert!(t.split_whitespace().count() >= 3, "date-only event {t:?}");
    }
    // The four happenings of the article: cut off (Monday), moved (Tuesday), shelters
    // (Wednesday), inspection (Friday); the comment's Sunday night is a reader's remark.
    assert_eq!(texts.len(), 4, "{texts:?}");
}

#[test]
fn a_later_clock_time_on_a_date_only_publication_day_is_not_the_future() {
    let db = Db::new();
    db.json_in(
        &["add", "--story", "Fire", "--published", "2025-12-02", "-"],
        b"Fire crews brought the blaze under control at 4 p.m.\n",
    );
    let tl = db.json(&["timeline", "Fire"]).to_string();
    assert!(tl.contains("\"happened\""), "{tl}");
    assert!(!tl.contains("\"expected\""), "{tl}");
}
