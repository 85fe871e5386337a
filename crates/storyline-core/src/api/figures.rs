//! `figures` and `figure_changes`: a story's numbers as series, and what one snapshot changed.
//! Figures are read from the stored texts when asked (a read, no table of its own), so every
//! snapshot, also one added by an older version, counts.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use serde::Serialize;

use super::Storyline;
use crate::error::{Error, Result};
use crate::figures::{self, Figure, FigureChange, FigureMention, SnapshotFigures};
use crate::model::Story;
use crate::store::{figures as rows, queries};

/// A story's figures, for `storyline figures STORY --json`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct StoryFigures {
    pub story: Story,
    pub figures: Vec<Figure>,
}

/// What one snapshot changed in its story's figures.
#[derive(Debug, Clone, Serialize)]
pub struct SnapshotFigureChanges {
    pub snapshot_id: i64,
    pub story: Story,
    pub figures: Vec<FigureChange>,
}

/// Figures per snapshot, keyed by id and text hash (an id SQLite reuses after a delete never
/// returns another text's figures).
#[derive(Default)]
pub(crate) struct Cache(Mutex<HashMap<CacheKey, Arc<Vec<FigureMention>>>>);

/// (snapshot id, SHA-256 of its text).
type CacheKey = (i64, String);

impl std::fmt::Debug for Cache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("figures::Cache")
    }
}

impl Cache {
    fn get(&self, s: &rows::SnapshotText) -> Arc<Vec<FigureMention>> {
        let key = (s.id, s.sha256.clone());
        let hit = self.0.lock().ok().and_then(|m| m.get(&key).cloned());
        hit.unwrap_or_else(|| {
            let found = Arc::new(figures::extract(&s.text, published_day(&s.published_at)));
            if let Ok(mut m) = self.0.lock() {
                m.insert(key, found.clone());
            }
            found
        })
    }
}

fn published_day(s: &str) -> NaiveDate {
    crate::ingest::parse_stored_published(s)
        .map(|t| t.date_naive())
        .unwrap_or_default()
}

impl Storyline {
    /// The story's figures: one series per measure, values in publication order.
    pub fn figures(&self, story: &str) -> Result<StoryFigures> {
        let conn = self.store().conn();
        let story = queries::story(conn, story)?;
        let snaps: Vec<SnapshotFigures> = rows::story_texts(conn, story.id)?
            .into_iter()
            .map(|s| SnapshotFigures {
                figures: self.figure_cache.get(&s).as_ref().clone(),
                snapshot_id: s.id,
                published_at: s.published_at,
                outlet: s.outlet,
                text: s.text,
            })
            .collect();
        let mut series = figures::series(&snaps);
        // Each figure's sentence, by (snapshot, figure start): one pass, not a search per value.
        let sentence_of: HashMap<(i64, usize), (usize, usize)> = snaps
            .iter()
            .flat_map(|s| {
                s.figures
                    .iter()
                    .map(|m| ((s.snapshot_id, m.start), (m.sentence_start, m.sentence_end)))
            })
            .collect();
        for f in &mut series {
            // The event most of its values' sentences told, if any.
            let mut votes: Vec<(i64, usize)> = Vec::new();
            for v in &f.values {
                let Some(&(a, b)) = sentence_of.get(&(v.snapshot_id, v.start)) else {
                    continue;
                };
                if let Some(id) = rows::event_at(conn, v.snapshot_id, a, b)? {
                    match votes.iter_mut().find(|(e, _)| *e == id) {
                        Some((_, n)) => *n += 1,
                        None => votes.push((id, 1)),
                    }
                }
            }
            // Most votes; on a tie the event told first (the figure's first statement).
            let best = votes.iter().map(|(_, n)| *n).max();
            f.event_id = votes
                .iter()
                .find(|(_, n)| Some(*n) == best)
                .map(|(e, _)| *e);
        }
        Ok(StoryFigures {
            story,
            figures: series,
        })
    }

    /// The figures `snapshot_id` stated first or changed (an update, a fall, a correction).
    pub fn figure_changes(&self, snapshot_id: i64) -> Result<SnapshotFigureChanges> {
        let conn = self.store().conn();
        let info = queries::snapshot_info(conn, snapshot_id)?;
        let story = queries::story_by_id(conn, info.story_id)?
            .ok_or(Error::SnapshotNotFound(snapshot_id))?;
        let all = self.figures(&story.id.to_string())?;
        Ok(SnapshotFigureChanges {
            snapshot_id,
            figures: figures::changes_in(&all.figures, snapshot_id),
            story,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::api::{AddSnapshot, Storyline};

    fn now() -> chrono::DateTime<chrono::Utc> {
        chrono::DateTime::parse_from_rfc3339("2025-08-08T00:00:00Z")
            .unwrap()
            .to_utc()
    }

    fn add(sl: &mut Storyline, text: &str, published: &str) -> i64 {
        let mut req = AddSnapshot::new("Flood", text);
        req.published = Some(published.into());
        sl.add_snapshot(req, now()).unwrap().snapshot_id
    }

    #[test]
    fn cached_figures_follow_deletes_and_adds() {
        let mut sl = Storyline::open_in_memory().unwrap();
        add(
            &mut sl,
            "The flood killed four people.",
            "2025-08-04T09:00:00Z",
        );
        let second = add(
            &mut sl,
            "The flood killed six people.",
            "2025-08-05T09:00:00Z",
        );
        let values = |sl: &Storyline| -> Vec<f64> {
            sl.figures("Flood").unwrap().figures[0]
                .values
                .iter()
                .map(|v| v.value)
                .collect()
        };
        assert_eq!(values(&sl), [4.0, 6.0]);
        assert_eq!(values(&sl), [4.0, 6.0], "read again, from the cache");
        sl.delete_snapshot(second).unwrap();
        let again = add(
            &mut sl,
            "The flood killed nine people.",
            "2025-08-05T09:00:00Z",
        );
        assert_eq!(values(&sl), [4.0, 9.0]);
        let changes = sl.figure_changes(again).unwrap();
        assert_eq!(changes.figures.len(), 1);
        assert_eq!(
            changes.figures[0].before.as_ref().map(|b| b.value),
            Some(4.0)
        );
    }
}
