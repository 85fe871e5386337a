//! Golden tests: news-style sentences with their document dates (`timex_golden.txt`), tagged
//! and rendered one line per timex; insta pins the output in `src/snapshots/`.
//! After a rule change, review the diff with `cargo insta review`.

use std::fmt::Write;

use chrono::NaiveDate;
use storyline_timex::tag;

const CORPUS: &str = include_str!("timex_golden.txt");

fn render() -> String {
    let mut out = String::new();
    for line in CORPUS
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
    {
        let (dct, sentence) = line.split_once(" | ").expect("`DCT | sentence`");
        let dct = NaiveDate::parse_from_str(dct, "%Y-%m-%d").expect("DCT is YYYY-MM-DD");
        writeln!(out, "{} {}", dct.format("%Y-%m-%d %a"), sentence).unwrap();
        for t in tag(sentence, dct) {
            let m = t.modifier.map(|m| format!(" mod={m}")).unwrap_or_default();
            writeln!(
                out,
                "    [{}] {} {}{m}",
                &sentence[t.start..t.end],
                t.kind.as_str(),
                t.value
            )
            .unwrap();
        }
    }
    out
}

#[test]
fn news_sentences() {
    insta::with_settings!({snapshot_path => "../src/snapshots", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("news_sentences", render());
    });
}
