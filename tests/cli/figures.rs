//! Issue 13: a story's figures, scored on gold stories through the real CLI and database file.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

use crate::support::Db;

#[derive(Deserialize)]
struct GoldStory {
    title: String,
    snapshots: Vec<GoldSnapshot>,
    figures: Vec<GoldSeries>,
    #[serde(default)]
    ignore: Vec<String>,
}

#[derive(Deserialize)]
struct GoldSnapshot {
    file: String,
    outlet: String,
    published: String,
}

#[derive(Deserialize)]
struct GoldSeries {
    measure: String,
    unit: String,
    #[serde(default)]
    era: Option<String>,
    values: Vec<(String, f64)>,
    #[serde(default)]
    discrepancy: Option<bool>,
}

#[derive(Default, Clone, Copy)]
struct Score {
    series: usize,
    found: usize,
    exact: usize,
    gold_values: usize,
    right_values: usize,
    false_joins: usize,
    discrepancy_right: usize,
    discrepancy_gold: usize,
    spurious: usize,
}

impl std::ops::AddAssign for Score {
    fn add_assign(&mut self, o: Score) {
        self.series += o.series;
        self.found += o.found;
        self.exact += o.exact;
        self.gold_values += o.gold_values;
        self.right_values += o.right_values;
        self.false_joins += o.false_joins;
        self.discrepancy_right += o.discrepancy_right;
        self.discrepancy_gold += o.discrepancy_gold;
        self.spurious += o.spurious;
    }
}

fn story_dirs(root: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    dirs.retain(|d| d.join("story.json").is_file());
    dirs.sort();
    dirs
}

/// Adds a gold story with the CLI and scores `figures --json` against its gold series.
fn score(dir: &Path) -> (Score, Vec<String>) {
    let gold: GoldStory =
        serde_json::from_str(&std::fs::read_to_string(dir.join("story.json")).unwrap()).unwrap();
    let db = Db::new();
    let mut file_of = std::collections::HashMap::new();
    for s in &gold.snapshots {
        let path = dir.join(&s.file);
        let added = db.json(&[
            "add",
            "--story",
            &gold.title,
            "--outlet",
            &s.outlet,
            "--published",
            &s.published,
            path.to_str().unwrap(),
        ]);
        file_of.insert(added["snapshot_id"].as_i64().unwrap(), s.file.clone());
    }
    let out = db.json(&["figures", &gold.title]);
    let series: Vec<&Value> = out["figures"].as_array().unwrap().iter().collect();
    let values_of = |s: &Value| -> Vec<(String, f64)> {
        s["values"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| {
                let id = v["snapshot_id"].as_i64().unwrap();
                (file_of[&id].clone(), v["value"].as_f64().unwrap())
            })
            .collect()
    };
    let mut sc = Score {
        series: gold.figures.len(),
        ..Score::default()
    };
    let mut notes = Vec::new();
    let mut matched = vec![false; series.len()];
    for g in &gold.figures {
        sc.gold_values += g.values.len();
        let hit = series.iter().position(|s| {
            s["measure"] == g.measure.as_str()
                && s["unit"] == g.unit.as_str()
                && s["era"].as_str() == g.era.as_deref()
        });
        let Some(k) = hit else {
            notes.push(format!("missed {} ({}) {:?}", g.measure, g.unit, g.era));
            continue;
        };
        matched[k] = true;
        sc.found += 1;
        let got = values_of(series[k]);
        sc.right_values += g.values.iter().filter(|v| got.contains(v)).count();
        let extra: Vec<_> = got.iter().filter(|v| !g.values.contains(v)).collect();
        sc.false_joins += extra.len();
        if got == g.values {
            sc.exact += 1;
        } else {
            notes.push(format!(
                "{} ({}): want {:?}, got {:?}",
                g.measure, g.unit, g.values, got
            ));
        }
        if let Some(d) = g.discrepancy {
            sc.discrepancy_gold += 1;
            if series[k]["discrepancy"].as_bool() == Some(d) {
                sc.discrepancy_right += 1;
            } else {
                notes.push(format!(
                    "{} ({}): discrepancy should be {d}",
                    g.measure, g.unit
                ));
            }
        }
    }
    for (k, s) in series.iter().enumerate() {
        let measure = s["measure"].as_str().unwrap_or_default();
        if !matched[k] && !gold.ignore.iter().any(|i| i == measure) {
            sc.spurious += 1;
            notes.push(format!("spurious {} {:?}", s["label"], values_of(s)));
        }
    }
    (sc, notes)
}

fn pct(a: usize, b: usize) -> String {
    if b == 0 {
        "-".into()
    } else {
        format!("{:.1}%", 100.0 * a as f64 / b as f64)
    }
}

fn report(set: &str, dirs: &[PathBuf]) -> Score {
    let mut total = Score::default();
    println!("\nfigure gold stories ({set}):");
    println!(
        "{:<16} {:>7} {:>7} {:>8} {:>7} {:>6} {:>6}",
        "story", "found", "exact", "values", "joins", "disc", "spur"
    );
    for d in dirs {
        let (s, notes) = score(d);
        println!(
            "{:<16} {:>3}/{:<3} {:>3}/{:<3} {:>4}/{:<3} {:>7} {:>3}/{:<2} {:>6}",
            d.file_name().unwrap().to_string_lossy(),
            s.found,
            s.series,
            s.exact,
            s.series,
            s.right_values,
            s.gold_values,
            s.false_joins,
            s.discrepancy_right,
            s.discrepancy_gold,
            s.spurious
        );
        for n in notes {
            println!("    {n}");
        }
        total += s;
    }
    println!(
        "{set}: series found {}, values in order {}, values right {}, false joins {}, \
         discrepancy flags right {}, spurious series {}",
        pct(total.found, total.series),
        pct(total.exact, total.series),
        pct(total.right_values, total.gold_values),
        total.false_joins,
        pct(total.discrepancy_right, total.discrepancy_gold),
        total.spurious
    );
    total
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/figures")
}

/// The development stories (the rules were written with them in view).
#[test]
fn figure_gold_stories_dev() {
    let t = report("dev", &story_dirs(&root()));
    assert!(t.series >= 10);
    assert!(t.found * 100 >= t.series * 85, "series found under 85%");
    assert!(
        t.right_values * 100 >= t.gold_values * 80,
        "values right under 80%"
    );
    assert!(t.false_joins <= 2, "false joins: {}", t.false_joins);
}

/// Stories written after the rules were frozen (scored as they are; see docs/figures.md).
#[test]
fn figure_gold_stories_held_out() {
    let dirs = story_dirs(&root().join("held-out"));
    if dirs.is_empty() {
        return;
    }
    let t = report("held-out", &dirs);
    assert!(t.found * 100 >= t.series * 60, "series found under 60%");
}

#[test]
fn figures_text_shows_each_series_path_and_flags_disagreement() {
    let db = Db::new();
    db.add(
        "Flood",
        &["--outlet", "Wire", "--published", "2025-08-04T09:00:00Z"],
        "The flood killed four people on Monday.",
    );
    db.add(
        "Flood",
        &["--outlet", "Gazette", "--published", "2025-08-04T10:00:00Z"],
        "Five people died in the flood, the Gazette has learned.",
    );
    let third = db.add(
        "Flood",
        &["--outlet", "Wire", "--published", "2025-08-05T09:00:00Z"],
        "The death toll rose to seven.",
    );
    let text = db.text(&["figures", "Flood"]);
    assert!(text.contains("dead: 4 → 5 → 7"), "{text}");
    assert!(text.contains("discrepancy"), "{text}");
    assert!(text.contains("DIFFERS"), "{text}");
    let json = db.json(&["figures", "Flood"]);
    let values = json["figures"][0]["values"].as_array().unwrap();
    assert_eq!(values.len(), 3);
    assert_eq!(values[2]["change"], "up");
    assert_eq!(values[2]["sentence"], "The death toll rose to seven.");
    assert_eq!(json["figures"][0]["discrepancy"], true);
    let id = third["snapshot_id"].as_i64().unwrap().to_string();
    let changed = db.text(&["changes", &id]);
    assert!(changed.contains("dead 5 → 7"), "{changed}");
}

#[test]
fn figures_of_an_unknown_story_is_a_clear_error() {
    let db = Db::new();
    db.add("Flood", &[], "Four people died.");
    let e = db.fail(&["figures", "Fire"]);
    assert!(e.contains("Fire"), "{e}");
}

#[test]
fn figure_text_is_terminal_safe() {
    let db = Db::new();
    db.add(
        "Flood",
        &["--outlet", "Wire\u{1b}[31m"],
        "The flood killed four people on Monday.",
    );
    let text = db.text(&["figures", "Flood"]);
    assert!(text.contains("Wire"), "{text:?}");
    assert!(!text.contains('\u{1b}'), "{text:?}");
}
