//! Storyline's core: everything that is not a front end.
//!
//! Data flows snapshot → text → timexes → events → timeline. Front ends (the CLI, `serve`, the
//! Tauri shell) call [`api`] only. The core never reads a clock: callers pass the reference time.
//!
//! ```
//! use storyline_core::api::{AddSnapshot, Storyline};
//! let now = chrono::DateTime::parse_from_rfc3339("2026-03-10T12:00:00Z").unwrap().to_utc();
//! let mut sl = Storyline::open_in_memory().unwrap();
//! let added = sl.add_snapshot(AddSnapshot::new("Storm", "The storm reached the coast."), now).unwrap();
//! assert_eq!(added.version, 1);
//! assert_eq!(sl.snapshots("Storm").unwrap().len(), 1);
//! ```

pub mod api;
pub mod demo;
pub mod diff;
pub mod error;
pub mod events;
pub mod fetch;
pub mod figures;
pub mod furniture;
pub mod ingest;
pub mod model;
pub mod search;
pub mod store;
/// The temporal tagger, its own crate (`storyline-timex`), re-exported where it always was.
pub use storyline_timex as timex;

pub use api::Storyline;
pub use error::{Error, Result};
