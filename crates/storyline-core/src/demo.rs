//! The bundled demo story (`tests/fixtures/demo/`), built into the binary so that a new user, a
//! test or the UI can load something to look at.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::api::{AddResult, AddSnapshot, Storyline};
use crate::error::{Error, Result};
use crate::ingest::InputFormat;

const MANIFEST: &str = include_str!("../../../tests/fixtures/demo/demo.json");

/// The fixture files, by the name the manifest uses.
const FILES: &[(&str, &str)] = &[
    (
        "01-coastpost-bridge-closed.txt",
        include_str!("../../../tests/fixtures/demo/01-coastpost-bridge-closed.txt"),
    ),
    (
        "02-coastpost-bridge-closed-update.txt",
        include_str!("../../../tests/fixtures/demo/02-coastpost-bridge-closed-update.txt"),
    ),
    (
        "03-harbourtimes-cracks-found.html",
        include_str!("../../../tests/fixtures/demo/03-harbourtimes-cracks-found.html"),
    ),
    (
        "04-coastpost-reopening-date.txt",
        include_str!("../../../tests/fixtures/demo/04-coastpost-reopening-date.txt"),
    ),
];

/// `demo.json`: the story title and its snapshots in publication order.
#[derive(Debug, Clone, Deserialize)]
pub struct Manifest {
    pub story: String,
    pub snapshots: Vec<ManifestEntry>,
}

/// One snapshot of the demo story.
#[derive(Debug, Clone, Deserialize)]
pub struct ManifestEntry {
    pub file: String,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
}

/// What [`Storyline::load_demo`] did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoLoaded {
    pub story_id: i64,
    pub story: String,
    /// One result per snapshot, in manifest order.
    pub snapshots: Vec<AddResult>,
}

/// The parsed manifest.
pub fn manifest() -> Manifest {
    serde_json::from_str(MANIFEST).expect("the bundled demo.json is valid (a test checks it)")
}

/// The text of a fixture file named in the manifest.
pub fn file(name: &str) -> Option<&'static str> {
    FILES.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

impl Storyline {
    /// Adds the demo story's snapshots to a new story titled `story` (else the manifest's
    /// title). A story of that title must not exist yet: re-adding the first version of an
    /// updated article would count as a change and add a version.
    pub fn load_demo(&mut self, story: Option<&str>, now: DateTime<Utc>) -> Result<DemoLoaded> {
        let m = manifest();
        let title = story.map(str::trim).unwrap_or(&m.story).to_owned();
        if let Ok(existing) = self.story(&title) {
            return Err(Error::StoryExists(existing.title));
        }
        let mut results = Vec::new();
        for entry in &m.snapshots {
            let text =
                file(&entry.file).expect("every manifest file is bundled (a test checks it)");
            let req = AddSnapshot {
                story: Some(title.clone()),
                url: entry.url.clone(),
                title: entry.title.clone(),
                outlet: entry.outlet.clone(),
                published: entry.published.clone(),
                format: InputFormat::from_path(std::path::Path::new(&entry.file)),
                ..AddSnapshot::new(title.clone(), text)
            };
            results.push(self.add_snapshot(req, now)?);
        }
        let story = self.story(&title)?;
        Ok(DemoLoaded {
            story_id: story.id,
            story: story.title,
            snapshots: results,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_names_bundled_files() {
        let m = manifest();
        assert_eq!(m.snapshots.len(), FILES.len());
        for e in &m.snapshots {
            assert!(file(&e.file).is_some(), "{} is not bundled", e.file);
        }
    }

    #[test]
    fn loads_with_an_update_and_html_once() {
        let now = DateTime::parse_from_rfc3339("2026-03-12T09:00:00Z")
            .unwrap()
            .to_utc();
        let mut sl = Storyline::open_in_memory().unwrap();
        let d = sl.load_demo(None, now).unwrap();
        let versions: Vec<i64> = d.snapshots.iter().map(|r| r.version).collect();
        assert_eq!(versions, [1, 2, 1, 1]);
        assert_eq!(d.snapshots[0].article_id, d.snapshots[1].article_id);
        let html = sl.snapshot(d.snapshots[2].snapshot_id).unwrap();
        assert!(html.has_html);
        assert!(html
            .text
            .starts_with("Cracks found on Callan Bridge after storm\n\n"));
        assert!(!html.text.contains("analytics") && !html.text.contains("Most read"));
        assert!(d.snapshots.iter().all(|r| !r.unchanged));
        assert!(matches!(
            sl.load_demo(None, now),
            Err(Error::StoryExists(_))
        ));
        assert_eq!(sl.row_counts().unwrap(), (1, 3, 4));
        let other = sl.load_demo(Some("Demo copy"), now).unwrap();
        assert_ne!(other.story_id, d.story_id);
    }
}
