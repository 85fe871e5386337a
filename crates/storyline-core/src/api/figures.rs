//! `figures` and `figure_changes`: a story's numbers as series, and what one snapshot changed.
//! Figures are read from the stored texts when asked (a read, no table of its own), so every
//! snapshot, also one added by an older version, counts.

use chrono::{DateTime, NaiveDate};
use serde::Serialize;

use super::Storyline;
use crate::error::{Error, Result};
use crate::figures::{self, Figure, FigureChange, SnapshotFigures};
use crate::model::Story;
use crate::store::{figures as rows, queries};

/// A story's figures, for `storyline figures STORY --json`.
#[derive(Debug, Clone, Serialize)]
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

fn published_day(s: &str) -> NaiveDate {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.date_naive())
        .or_else(|_| NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d"))
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
                figures: figures::extract(&s.text, published_day(&s.published_at)),
                snapshot_id: s.id,
                published_at: s.published_at,
                outlet: s.outlet,
                text: s.text,
            })
            .collect();
        let mut series = figures::series(&snaps);
        for f in &mut series {
            // The event most of its values' sentences told, if any.
            let mut votes: Vec<(i64, usize)> = Vec::new();
            for v in &f.values {
                let sentence = snaps
                    .iter()
                    .find(|s| s.snapshot_id == v.snapshot_id)
                    .and_then(|s| s.figures.iter().find(|m| m.start == v.start))
                    .map(|m| (m.sentence_start, m.sentence_end));
                let Some((a, b)) = sentence else { continue };
                if let Some(id) = rows::event_at(conn, v.snapshot_id, a, b)? {
                    match votes.iter_mut().find(|(e, _)| *e == id) {
                        Some((_, n)) => *n += 1,
                        None => votes.push((id, 1)),
                    }
                }
            }
            f.event_id = votes.iter().max_by_key(|(_, n)| *n).map(|(e, _)| *e);
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
