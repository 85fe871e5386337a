//! Runs every `example:` line of the rule files under `resources/en/`: each names a sentence,
//! a document date and exactly the timexes the tagger must find in it.

use chrono::NaiveDate;
use storyline_timex::Tagger;

#[test]
fn every_rule_file_example_holds() {
    let tagger = Tagger::global();
    let examples = tagger.examples();
    assert!(
        examples.len() > 100,
        "only {} examples loaded",
        examples.len()
    );
    let mut failures = Vec::new();
    for ex in examples {
        let dct = NaiveDate::parse_from_str(&ex.dct, "%Y-%m-%d")
            .unwrap_or_else(|e| panic!("{}:{}: bad DCT {}: {e}", ex.file, ex.line, ex.dct));
        let tags = tagger.tag(&ex.sentence, dct);
        // A stated mod must match (`-` = none); an example without one does not check it.
        for (t, m) in tags.iter().zip(&ex.mods) {
            if let Some(m) = m {
                let got = t.modifier.as_deref().unwrap_or("-");
                if got != m {
                    failures.push(format!(
                        "{}:{}: {:?}: mod {got}, expected {m}",
                        ex.file, ex.line, ex.sentence
                    ));
                }
            }
        }
        let got: Vec<(String, String, String)> = tags
            .into_iter()
            .map(|t| {
                (
                    ex.sentence[t.start..t.end].to_string(),
                    t.kind.as_str().to_string(),
                    t.value,
                )
            })
            .collect();
        if got != ex.expected {
            failures.push(format!(
                "{}:{}: {:?} @ {}\n    expected {:?}\n    got      {:?}",
                ex.file, ex.line, ex.sentence, ex.dct, ex.expected, got
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} examples fail:\n{}",
        failures.len(),
        examples.len(),
        failures.join("\n")
    );
}

/// Rule regexes compile on first use; this compiles all of them, so a rule too large for the
/// regex engine or a broken context check fails here with its file and line.
#[test]
fn every_rule_regex_compiles() {
    let tagger = Tagger::new().expect("rule files load");
    if let Err(e) = tagger.compile_all() {
        panic!("{e}");
    }
    assert!(
        tagger.rules_always_run() * 10 < tagger.rule_count(),
        "{} of {} rules have no literal prefix and run on every chunk",
        tagger.rules_always_run(),
        tagger.rule_count()
    );
}
