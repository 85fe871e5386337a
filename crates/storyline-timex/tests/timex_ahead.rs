//! The rule DFAs built with the binary (build.rs, src/compiled.rs) tag exactly as rules compiled
//! in the process do, and find the same tense cues.

use chrono::NaiveDate;
use storyline_timex::{Tagger, Timex};

fn texts() -> Vec<(String, NaiveDate)> {
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let mut out = Vec::new();
    for line in include_str!("timex_golden.txt")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
    {
        let (dct, sentence) = line.split_once(" | ").unwrap();
        out.push((sentence.to_string(), day(dct)));
    }
    let examples: Vec<String> = Tagger::global()
        .examples()
        .iter()
        .map(|e| e.sentence.clone())
        .collect();
    out.push((examples.join(" "), day("2013-12-10")));
    // The same sentences run together on lines, and with non-ASCII around them.
    out.push((examples.join("\n"), day("2025-01-05")));
    out.push((examples.join(" — Дом «café» 東京 "), day("2025-12-02")));
    for dir in ["tests/devset3", "tests/devset4"] {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        for f in std::fs::read_dir(dir).unwrap() {
            let path = f.unwrap().path();
            if path.extension().is_some_and(|e| e == "tml") {
                let tml = std::fs::read_to_string(&path).unwrap();
                let text = tml.split("<TEXT>").nth(1).unwrap_or("");
                let text = text.split("</TEXT>").next().unwrap_or("");
                let mut plain = String::new();
                let mut in_tag = false;
                for c in text.chars() {
                    match c {
                        '<' => in_tag = true,
                        '>' => in_tag = false,
                        c if !in_tag => plain.push(c),
                        _ => {}
                    }
                }
                out.push((plain, day("2024-03-15")));
            }
        }
    }
    out
}

#[test]
fn every_rule_comes_with_the_binary() {
    let t = Tagger::global();
    assert_eq!(t.rules_built_ahead(), t.rule_count());
    assert_eq!(Tagger::compiled_here().unwrap().rules_built_ahead(), 0);
}

#[test]
fn dfas_built_ahead_tag_as_rules_compiled_here() {
    let (ahead, here) = (Tagger::global(), Tagger::compiled_here().unwrap());
    let mut n = 0;
    for (text, dct) in texts() {
        let (a, h): (Vec<Timex>, Vec<Timex>) = (ahead.tag(&text, dct), here.tag(&text, dct));
        assert_eq!(a, h, "{text}");
        assert_eq!(ahead.tense_cues(&text), here.tense_cues(&text), "{text}");
        n += a.len();
    }
    assert!(n > 500, "the texts hold timexes ({n})");
}
