//! A timeline in the formats people publish or import it in: JSON (the `timeline --json`
//! document with the story's `figures`), Markdown (with a Figures section), CSV, TimelineJS 3
//! JSON (Knight Lab), iCalendar (expected events), and the figures as CSV (one row per value).

use chrono::{Datelike, NaiveDate, Timelike, Utc};
use icalendar::{Calendar, Component, EventLike};
use serde_json::{json, Value};

use super::timeline::ExportFormat;
use crate::error::{Error, Result};
use crate::events::date::{EventDate, Granularity};
use crate::figures::{Figure, FigureValue};
use crate::model::{Timeline, TimelineEvent};

/// Renders `timeline` (and the story's `figures`) in `format`.
pub fn render(timeline: &Timeline, figures: &[Figure], format: ExportFormat) -> Result<String> {
    match format {
        ExportFormat::Json => {
            let mut doc = serde_json::to_value(timeline).map_err(json_err)?;
            if let Value::Object(m) = &mut doc {
                m.insert(
                    "figures".into(),
                    serde_json::to_value(figures).map_err(json_err)?,
                );
            }
            Ok(pretty(&doc))
        }
        ExportFormat::Markdown => Ok(markdown(timeline, figures)),
        ExportFormat::Csv => csv(timeline),
        ExportFormat::TimelineJs => Ok(pretty(&timelinejs(timeline))),
        ExportFormat::Ics => Ok(ics(timeline)),
        ExportFormat::FiguresCsv => figures_csv(figures),
    }
}

/// How many items an export in `format` holds: every event, except in iCalendar, which holds
/// the dated expected and postponed ones, and the figures CSV, which holds values. Front ends
/// say so when it is none.
pub fn item_count(timeline: &Timeline, figures: &[Figure], format: ExportFormat) -> usize {
    match format {
        ExportFormat::Ics => timeline.events.iter().filter(|e| in_calendar(e)).count(),
        ExportFormat::FiguresCsv => figures.iter().map(|f| f.values.len()).sum(),
        _ => timeline.events.len(),
    }
}

/// Whether an event goes into the iCalendar export.
fn in_calendar(e: &TimelineEvent) -> bool {
    matches!(e.status.as_str(), "expected" | "postponed") && EventDate::parse(&e.date).is_some()
}

fn json_err(e: serde_json::Error) -> Error {
    Error::BadFilter(format!("cannot write JSON: {e}"))
}

fn pretty(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}

/// How a status reads in prose.
pub fn status_label(status: &str) -> &'static str {
    match status {
        "happened" => "happened",
        "expected" => "expected",
        "expected_then_happened" => "announced, then happened",
        "cancelled" => "cancelled",
        "postponed" => "postponed",
        _ => "unknown",
    }
}

/// The part of day a stored date gives ("morning" for `2025-12-01TMO`), if any.
pub fn part_of_day(value: &str) -> Option<&'static str> {
    EventDate::parse(value)?.part_of_day()
}

/// A date as people write it: "1 December 2025", "December 2025", "1960s", "week of ...".
pub fn human_date(value: &str) -> String {
    let Some(d) = EventDate::parse(value) else {
        return value.to_string();
    };
    let start = d.start();
    match d.granularity() {
        Granularity::Decade => format!("{}s", start.year()),
        Granularity::Year => format!("{}", start.year()),
        Granularity::Half => format!("{} half of {}", ord_half(start.month()), start.year()),
        Granularity::Quarter => format!("Q{} {}", (start.month() - 1) / 3 + 1, start.year()),
        // Winter spans two years (2026-WI is December 2025 to February 2026): name both, so
        // it reads right under 2025, the year a timeline files it under (its start).
        Granularity::Season if d.value().ends_with("-WI") => format!(
            "{} {}–{:02}",
            season(d.value()),
            start.year(),
            (start.year() + 1) % 100
        ),
        Granularity::Season => format!("{} {}", season(d.value()), start.year()),
        Granularity::Month => start.format("%B %Y").to_string(),
        Granularity::Week if value.ends_with("-WE") => {
            format!("weekend of {}", start.format("%-d %B %Y"))
        }
        Granularity::Week => format!("week of {}", start.format("%-d %B %Y")),
        Granularity::Day => match d.part_of_day() {
            Some(part) => format!("{}, {part}", start.format("%-d %B %Y")),
            None => start.format("%-d %B %Y").to_string(),
        },
        Granularity::Time => start.format("%-d %B %Y, %H:%M").to_string(),
    }
}

fn ord_half(month: u32) -> &'static str {
    if month <= 6 {
        "first"
    } else {
        "second"
    }
}

fn season(value: &str) -> &'static str {
    match value.rsplit('-').next() {
        Some("SP") => "spring",
        Some("SU") => "summer",
        Some("FA") => "autumn",
        _ => "winter",
    }
}

fn source_count(e: &TimelineEvent) -> usize {
    let mut ids: Vec<i64> = e.sources.iter().map(|s| s.snapshot_id).collect();
    ids.sort_unstable();
    ids.dedup();
    ids.len()
}

fn markdown(t: &Timeline, figures: &[Figure]) -> String {
    let mut out = format!("# {}\n", md_escape(&t.story.title));
    let mut year = None;
    for e in &t.events {
        let y = e.date.get(..4).map(str::to_string);
        if y != year {
            out.push_str(&format!("\n## {}\n\n", y.as_deref().unwrap_or("?")));
            year = y;
        }
        let n = source_count(e);
        out.push_str(&format!(
            "- **{}** — {} _({}; {} source{})_\n",
            human_date(&e.date),
            md_escape(&e.text),
            status_label(e.status.as_str()),
            n,
            if n == 1 { "" } else { "s" }
        ));
    }
    if !figures.is_empty() {
        out.push_str("\n## Figures\n\n");
        for f in figures {
            let path: Vec<String> = f
                .values
                .iter()
                .map(|v| {
                    format!(
                        "{} ({}, {})",
                        FigureValue::written(v),
                        md_escape(v.outlet.as_deref().unwrap_or("unknown outlet")),
                        v.published_at.get(..10).unwrap_or(&v.published_at)
                    )
                })
                .collect();
            out.push_str(&format!(
                "- **{}**: {}{}\n",
                md_escape(&f.label),
                path.join(" → "),
                if f.discrepancy {
                    " _(discrepancy: a value fell or outlets disagree)_"
                } else {
                    ""
                }
            ));
        }
    }
    out
}

/// Article text and titles are data: keep them from turning into Markdown links, emphasis,
/// HTML, entities or new blocks (a line break becomes a space).
fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '!' | '&' | '~'
        ) {
            out.push('\\');
        }
        out.push(if c == '\n' || c == '\r' { ' ' } else { c });
    }
    out
}

/// A CSV cell that a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`,
/// tab or carriage return) gets a leading `'`, as the OWASP guidance on CSV injection says.
fn csv_cell(s: String) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s
    }
}

fn csv(t: &Timeline) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = [
        "id",
        "date",
        "granularity",
        "status",
        "text",
        "first_seen_snapshot",
        "sources",
        "snapshot_ids",
    ];
    let io = |e: csv::Error| Error::BadFilter(format!("cannot write CSV: {e}"));
    w.write_record(header).map_err(io)?;
    for e in &t.events {
        let ids: Vec<String> = e
            .sources
            .iter()
            .map(|s| s.snapshot_id.to_string())
            .collect();
        w.write_record(
            [
                e.id.to_string(),
                e.date.clone(),
                e.granularity.as_str().to_string(),
                e.status.as_str().to_string(),
                e.text.clone(),
                e.first_seen_snapshot.to_string(),
                source_count(e).to_string(),
                ids.join(" "),
            ]
            .map(csv_cell),
        )
        .map_err(io)?;
    }
    finish_csv(w)
}

/// A TimelineJS 3 date object at the event's precision.
// `o` is a JSON object built just above: indexing it inserts a key and cannot panic.
#[allow(clippy::indexing_slicing)]
fn tljs_date(d: &EventDate) -> Value {
    let s = d.start();
    let mut o = json!({"year": s.year()});
    if d.granularity() >= Granularity::Month || d.granularity() == Granularity::Season {
        o["month"] = json!(s.month());
    }
    if d.granularity() >= Granularity::Week {
        o["day"] = json!(s.day());
    }
    if d.granularity() == Granularity::Time {
        o["hour"] = json!(s.hour());
        o["minute"] = json!(s.minute());
    }
    if !matches!(
        d.granularity(),
        Granularity::Year | Granularity::Month | Granularity::Day | Granularity::Time
    ) {
        // TimelineJS has no weeks, quarters or decades: show the words.
        o["display_date"] = json!(human_date(d.value()));
    }
    o
}

/// TimelineJS 3 JSON: <https://timeline.knightlab.com/docs/json-format.html>.
/// TimelineJS renders `text` fields as HTML, so article text is HTML-escaped.
fn timelinejs(t: &Timeline) -> Value {
    let events: Vec<Value> = t
        .events
        .iter()
        .filter_map(|e| {
            let d = EventDate::parse(&e.date)?;
            let n = source_count(e);
            let sources: Vec<String> = e
                .sources
                .iter()
                .map(|s| format!("<li>{}</li>", html_escape(&s.sentence)))
                .collect();
            Some(json!({
                "unique_id": format!("event-{}", e.id),
                "start_date": tljs_date(&d),
                "group": status_label(e.status.as_str()),
                "text": {
                    "headline": html_escape(&e.text),
                    "text": format!(
                        "<p>{} · {} source{}</p><ul>{}</ul>",
                        status_label(e.status.as_str()),
                        n,
                        if n == 1 { "" } else { "s" },
                        sources.join("")
                    ),
                },
            }))
        })
        .collect();
    json!({
        "title": {"text": {"headline": html_escape(&t.story.title), "text": "Timeline built by Storyline"}},
        "events": events,
    })
}

fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Expected (and postponed) events as an iCalendar file: a timed event for a date with a
/// time, an all-day span for the rest (a month is a month-long all-day event).
fn ics(t: &Timeline) -> String {
    let mut cal = Calendar::new();
    cal.name(&t.story.title);
    for e in &t.events {
        if !matches!(e.status.as_str(), "expected" | "postponed") {
            continue;
        }
        let Some(d) = EventDate::parse(&e.date) else {
            continue;
        };
        let mut ev = icalendar::Event::new();
        ev.uid(&format!("storyline-event-{}@storyline", e.id))
            .summary(&e.text)
            .description(&format!(
                "{} ({}), from {} source(s) in the story \"{}\".",
                status_label(e.status.as_str()),
                human_date(&e.date),
                source_count(e),
                t.story.title
            ));
        // DTSTAMP: when this information was last changed, not the clock, so the export is
        // reproducible.
        let stamp = e
            .history
            .last()
            .and_then(|h| chrono::DateTime::parse_from_rfc3339(&h.published_at).ok())
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default();
        ev.timestamp(stamp);
        if d.granularity() == Granularity::Time {
            // Floating local time, as the article gave it.
            ev.starts(d.start())
                .ends(d.start() + chrono::Duration::hours(1));
        } else {
            let first: NaiveDate = d.start().date();
            let after: NaiveDate = d.end().date();
            // DTEND of an all-day event is exclusive: the day after the span.
            ev.starts(first).ends(after);
        }
        if e.status == crate::events::Status::Postponed {
            ev.status(icalendar::EventStatus::Tentative);
        }
        cal.push(ev.done());
    }
    cal.done().to_string()
}

/// One row per figure value, series after series, values in publication order.
fn figures_csv(figures: &[Figure]) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let io = |e: csv::Error| Error::BadFilter(format!("cannot write CSV: {e}"));
    w.write_record([
        "label",
        "measure",
        "unit",
        "era",
        "event_id",
        "value",
        "high",
        "qualifier",
        "change",
        "discrepancy",
        "published_at",
        "outlet",
        "snapshot_id",
        "text",
        "sentence",
    ])
    .map_err(io)?;
    for f in figures {
        for v in &f.values {
            let num = plain_number;
            w.write_record(
                [
                    f.label.clone(),
                    f.measure.clone(),
                    f.unit.clone(),
                    f.era.clone().unwrap_or_default(),
                    f.event_id.map(|e| e.to_string()).unwrap_or_default(),
                    num(v.value),
                    v.high.map(num).unwrap_or_default(),
                    v.qualifier.as_str().to_string(),
                    serde_json::to_value(v.change)
                        .ok()
                        .and_then(|c| c.as_str().map(str::to_string))
                        .unwrap_or_default(),
                    f.discrepancy.to_string(),
                    v.published_at.clone(),
                    v.outlet.clone().unwrap_or_default(),
                    v.snapshot_id.to_string(),
                    v.text.clone(),
                    v.sentence.clone(),
                ]
                .map(csv_cell),
            )
            .map_err(io)?;
        }
    }
    finish_csv(w)
}

/// The bytes a CSV writer wrote, as text.
fn finish_csv(w: csv::Writer<Vec<u8>>) -> Result<String> {
    let bytes = w
        .into_inner()
        .map_err(|e| Error::BadFilter(format!("cannot write CSV: {e}")))?;
    Ok(String::from_utf8(bytes).expect("CSV of UTF-8 fields is UTF-8"))
}

/// A number as written in prose and CSV: whole numbers without a decimal point ("9", not "9.0").
fn plain_number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_dates() {
        assert_eq!(human_date("2025-12-01"), "1 December 2025");
        assert_eq!(human_date("2025-12"), "December 2025");
        assert_eq!(human_date("196"), "1960s");
        assert_eq!(human_date("2026-WI"), "winter 2025–26");
        assert_eq!(human_date("2026-SU"), "summer 2026");
        assert_eq!(human_date("2025-12-01TMO"), "1 December 2025, morning");
        assert_eq!(human_date("2026-Q2"), "Q2 2026");
        assert_eq!(human_date("2026-03-09T23:40"), "9 March 2026, 23:40");
        assert_eq!(human_date("2025-W49"), "week of 1 December 2025");
        assert_eq!(human_date("PAST_REF"), "PAST_REF");
    }

    #[test]
    fn markdown_escapes_markup() {
        assert_eq!(
            md_escape("<b>*x*</b> [a](b)"),
            "\\<b\\>\\*x\\*\\</b\\> \\[a\\](b)"
        );
        assert_eq!(md_escape("a &lt; b\n# c"), "a \\&lt; b \\# c");
    }

    #[test]
    fn csv_cells_that_start_a_formula_are_neutralised() {
        for (cell, want) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+1+1", "'+1+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("The bridge = closed", "The bridge = closed"),
            ("2026-03-09", "2026-03-09"),
        ] {
            assert_eq!(csv_cell(cell.to_string()), want);
        }
    }
}
