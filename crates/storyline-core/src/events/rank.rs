//! Key events: how widely an event is told, so that a long story can be shown as the few days a
//! journalist would put on its timeline (`timeline --key N`).

use super::merge::{Change, Derived};
use std::collections::HashSet;

/// One telling of an event, as ranking needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Telling<'a> {
    pub snapshot_id: i64,
    /// The outlet that published the snapshot (empty if unknown).
    pub outlet: &'a str,
    /// Byte offset of the telling's sentence in the snapshot text.
    pub start: usize,
}

/// A sentence that starts within this many bytes of the article's start is in its lead (the
/// headline and first paragraph), where news puts what matters most.
pub const LEAD_BYTES: usize = 300;

/// How widely an event is told: distinct snapshots, distinct outlets (weighing more: one
/// outlet's updates repeat themselves), snapshots that tell it in their lead, and a plan
/// confirmed or a date refined by later reports. Higher is more key; an event told once in the
/// body of one article scores 3.
pub fn key_score(derived: &Derived, tellings: &[Telling<'_>]) -> f64 {
    let followed = derived
        .history
        .iter()
        .filter(|h| matches!(h.change, Change::Confirmed | Change::Redated))
        .count();
    score(tellings, followed)
}

/// [`key_score`] from the tellings and the number of history steps that confirmed the event or
/// refined its date (as a timeline read has them).
pub fn score(tellings: &[Telling<'_>], followed: usize) -> f64 {
    let snapshots: HashSet<i64> = tellings.iter().map(|t| t.snapshot_id).collect();
    let outlets: HashSet<&str> = tellings
        .iter()
        .map(|t| t.outlet.trim())
        .filter(|o| !o.is_empty())
        .collect();
    let leads: HashSet<i64> = tellings
        .iter()
        .filter(|t| t.start < LEAD_BYTES)
        .map(|t| t.snapshot_id)
        .collect();
    let followed = followed.min(2);
    snapshots.len() as f64
        + 2.0 * outlets.len().max(1) as f64
        + 1.5 * leads.len() as f64
        + followed as f64
}

/// The indexes of the `n` most key events, given each event's [`key_score`], in their
/// original (timeline) order; ties go to the earlier event.
pub fn key_events(scores: &[f64], n: usize) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..scores.len()).collect();
    idx.sort_by(|&a, &b| {
        let (sa, sb) = (scores.get(a), scores.get(b));
        sb.partial_cmp(&sa)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.cmp(&b))
    });
    idx.truncate(n);
    idx.sort_unstable();
    idx
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::{extract::Mention, EventDate, MentionStatus, Merger};
    use chrono::DateTime;

    fn event(statuses: &[(i64, MentionStatus, &str)]) -> Derived {
        let mut m = Merger::new();
        for (snap, status, date) in statuses {
            let text = "The envoy met the president in Tallis.";
            m.add(
                *snap,
                DateTime::parse_from_rfc3339(&format!("2026-03-0{snap}T08:00:00Z")).unwrap(),
                vec![Mention {
                    date_basis: Default::default(),
                    date: EventDate::parse(date).unwrap(),
                    status: *status,
                    text: text.into(),
                    sentence: text.into(),
                    start: 0,
                    end: text.len(),
                }],
            );
        }
        assert_eq!(m.events.len(), 1);
        m.events[0].derived.clone()
    }

    #[test]
    fn wider_telling_ranks_higher() {
        use MentionStatus::*;
        let once = event(&[(1, Happened, "2026-03-05")]);
        let body = |s| Telling {
            snapshot_id: s,
            outlet: "Wire",
            start: 900,
        };
        let one = key_score(&once, &[body(1)]);
        assert_eq!(one, 3.0);
        // Two outlets beat one outlet's two updates.
        let updates = key_score(&once, &[body(1), body(2)]);
        let outlets = key_score(
            &once,
            &[
                body(1),
                Telling {
                    snapshot_id: 2,
                    outlet: "Gazette",
                    start: 900,
                },
            ],
        );
        assert!(
            outlets > updates && updates > one,
            "{one} {updates} {outlets}"
        );
        // A lead counts, and so does a plan confirmed.
        let lead = key_score(
            &once,
            &[Telling {
                start: 0,
                ..body(1)
            }],
        );
        assert!(lead > one);
        let confirmed = event(&[(1, Expected, "2026-03-05"), (6, Happened, "2026-03-05")]);
        assert!(key_score(&confirmed, &[body(1), body(6)]) > updates);
    }

    #[test]
    fn key_events_keeps_timeline_order() {
        assert_eq!(key_events(&[3.0, 9.0, 4.5, 9.0, 1.0], 3), [1, 2, 3]);
        assert_eq!(key_events(&[3.0], 5), [0]);
        assert!(key_events(&[], 2).is_empty());
    }
}
