//! `storyline figures`: a story's numbers, each followed across snapshots.

use storyline_core::api::{Figure, FigureValue, StoryFigures, ValueChange};

use crate::output::{table, when, Ctx};

#[derive(clap::Args)]
pub struct Args {
    /// Story title or id.
    story: String,
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<()> {
    let sl = ctx.open()?;
    let f = sl.figures(&args.story)?;
    ctx.emit(&f, human)
}

fn human(f: &StoryFigures) -> String {
    if f.figures.is_empty() {
        return format!("{}: no figures found in its snapshots.", f.story.title);
    }
    let mut out = format!("{}: {} figures\n", f.story.title, f.figures.len());
    for fig in &f.figures {
        out.push('\n');
        out.push_str(&heading(fig));
        out.push('\n');
        let rows: Vec<Vec<String>> = fig
            .values
            .iter()
            .map(|v| {
                vec![
                    when(&v.published_at, false),
                    v.outlet.clone().unwrap_or_else(|| "-".into()),
                    value(v),
                    change_word(v.change).into(),
                    format!("#{}", v.snapshot_id),
                    format!("“{}”", v.text),
                ]
            })
            .collect();
        out.push_str(&table(
            &[
                "PUBLISHED",
                "OUTLET",
                "VALUE",
                "CHANGE",
                "SNAPSHOT",
                "AS WRITTEN",
            ],
            &rows,
        ));
    }
    out
}

/// "dead: 4 → 7 → 12 (discrepancy)".
fn heading(fig: &Figure) -> String {
    let path: Vec<String> = fig.values.iter().map(value).collect();
    let mut h = format!("{}: {}", fig.label, path.join(" → "));
    if fig.discrepancy {
        h.push_str("  (discrepancy: a value fell or outlets disagree)");
    }
    h
}

/// A value as a reader writes it (one definition, in the core).
pub fn value(v: &FigureValue) -> String {
    v.written()
}

pub fn change_word(c: ValueChange) -> &'static str {
    match c {
        ValueChange::First => "first",
        ValueChange::Same => "same",
        ValueChange::Up => "up",
        ValueChange::Down => "down",
        ValueChange::Conflict => "FELL",
        ValueChange::Correction => "corrected",
        ValueChange::Differs => "DIFFERS",
        ValueChange::Vague => "vague",
    }
}
