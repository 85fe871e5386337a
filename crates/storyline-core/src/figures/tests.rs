use chrono::NaiveDate;

use super::words::{self, WORDS};
use super::*;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").expect("example date")
}

fn show(f: &FigureMention) -> String {
    let v = |x: f64| {
        if x.fract() == 0.0 {
            format!("{}", x as i64)
        } else {
            format!("{x}")
        }
    };
    let value = match f.high {
        Some(h) => format!("{}-{}", v(f.value), v(h)),
        None => v(f.value),
    };
    format!(
        "{} / {} / {} / {}",
        f.measure,
        f.unit,
        f.qualifier.as_str(),
        value
    )
}

/// Every `example:` line of the figure word files.
#[test]
fn figure_examples() {
    let mut bad = Vec::new();
    assert!(WORDS.examples.len() >= 10);
    for (file, ex) in &WORDS.examples {
        let parts: Vec<&str> = ex.text.split(" | ").collect();
        let [sentence, published, want] = parts.as_slice() else {
            bad.push(format!(
                "{file}:{}: needs `SENTENCE | DATE | FIGURES`",
                ex.line
            ));
            continue;
        };
        let got: Vec<String> = extract(sentence, day(published)).iter().map(show).collect();
        let want: Vec<String> = if want.trim() == "-" {
            Vec::new()
        } else {
            want.split(" ; ").map(|w| w.trim().to_string()).collect()
        };
        if got != want {
            bad.push(format!(
                "{file}:{}: {sentence:?}\n  want {want:?}\n  got  {got:?}",
                ex.line
            ));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn word_files_load_and_bad_lines_name_file_and_line() {
    words::load().expect("shipped files load");
    let e = crate::timex::lexicon::parse("measures.txt", "killed measure dead").unwrap_err();
    assert_eq!(e.to_string(), "measures.txt:1: expected `key => value`");
}

#[test]
fn offsets_point_at_the_figure_and_its_sentence() {
    let text = "Storm hits coast.\nThe storm killed at least 40 people. Roads closed.";
    let f = extract(text, day("2025-08-04"));
    assert_eq!(f.len(), 1);
    assert_eq!(&text[f[0].start..f[0].end], "at least 40 people");
    assert_eq!(
        &text[f[0].sentence_start..f[0].sentence_end],
        "The storm killed at least 40 people."
    );
}

#[test]
fn an_earlier_years_figure_has_its_era() {
    let f = extract(
        "Last year's storm killed 12 people; this one has killed three.",
        day("2025-08-04"),
    );
    assert_eq!(f.len(), 2, "{:?}", f.iter().map(show).collect::<Vec<_>>());
    assert_eq!(f[0].era.as_deref(), Some("2024"));
    assert_eq!(f[1].era, None);
}

fn snap(id: i64, at: &str, outlet: &str, text: &str) -> SnapshotFigures {
    let published = day(&at[..10]);
    SnapshotFigures {
        snapshot_id: id,
        published_at: at.into(),
        outlet: Some(outlet.into()),
        text: text.into(),
        figures: extract(text, published),
    }
}

#[test]
fn series_follow_updates_and_flag_falls_and_disagreements() {
    let snaps = [
        snap(
            3,
            "2025-08-05T09:00:00Z",
            "Wire",
            "The death toll rose to seven.",
        ),
        snap(
            1,
            "2025-08-04T09:00:00Z",
            "Wire",
            "The flood killed four people.",
        ),
        snap(
            2,
            "2025-08-04T10:00:00Z",
            "Gazette",
            "Five people died in the flood.",
        ),
        snap(
            4,
            "2025-08-06T09:00:00Z",
            "Gazette",
            "Six people have died, officials said.",
        ),
        snap(
            5,
            "2025-08-07T09:00:00Z",
            "Wire",
            "Officials revised the toll: six people died, not seven.",
        ),
    ];
    let figs = series(&snaps);
    let dead = figs
        .iter()
        .find(|f| f.measure == "dead")
        .expect("a dead series");
    let values: Vec<(i64, f64, ValueChange)> = dead
        .values
        .iter()
        .map(|v| (v.snapshot_id, v.value, v.change))
        .collect();
    assert_eq!(
        values,
        [
            (1, 4.0, ValueChange::First),
            (2, 5.0, ValueChange::Differs),
            (3, 7.0, ValueChange::Up),
            (4, 6.0, ValueChange::Conflict),
            (5, 6.0, ValueChange::Same),
        ]
    );
    assert!(dead.discrepancy);
    assert_eq!(dead.label, "dead");
    let ch = changes_in(&figs, 3);
    assert_eq!(ch.len(), 1);
    assert_eq!(ch[0].before.as_ref().map(|b| b.value), Some(5.0));
    assert!(changes_in(&figs, 5).is_empty());
}

#[test]
fn a_lower_value_with_a_correction_word_is_a_correction() {
    let snaps = [
        snap(
            1,
            "2025-08-04T09:00:00Z",
            "Wire",
            "The fire burned 9,800 hectares.",
        ),
        snap(
            2,
            "2025-08-05T09:00:00Z",
            "Wire",
            "Officials corrected the figure: the fire burned 8,900 hectares.",
        ),
    ];
    let figs = series(&snaps);
    assert_eq!(figs[0].label, "burned (hectares)");
    assert_eq!(figs[0].values[1].change, ValueChange::Correction);
    assert!(!figs[0].discrepancy);
}

#[test]
fn figures_about_different_things_stay_apart() {
    let snaps = [
        snap(
            1,
            "2025-08-04T09:00:00Z",
            "Wire",
            "The collapse killed three people. Last year's storm killed 12 people.",
        ),
        snap(
            2,
            "2025-08-05T09:00:00Z",
            "Wire",
            "The collapse has killed five people; 20 were injured.",
        ),
    ];
    let figs = series(&snaps);
    let labels: Vec<&str> = figs.iter().map(|f| f.label.as_str()).collect();
    assert_eq!(labels, ["dead", "dead, 2024", "injured"]);
    assert!(!figs[0].discrepancy);
    assert_eq!(figs[0].values.len(), 2);
}

#[test]
fn json_numbers_are_integers_when_whole() {
    let snaps = [snap(
        1,
        "2025-08-04T09:00:00Z",
        "Wire",
        "About 2.5 million customers were without power; 4 were hurt.",
    )];
    let v = serde_json::to_value(series(&snaps)).unwrap();
    assert_eq!(v[0]["values"][0]["value"], serde_json::json!(2500000));
    assert_eq!(v[0]["values"][0]["qualifier"], "about");
}
