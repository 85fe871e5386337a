//! Storyline's core: everything that is not a front end.
//!
//! Data flows snapshot → text → timexes → events → timeline. Front ends (the CLI, `serve`, the
//! Tauri shell) call [`api`] only. The core never reads a clock: callers pass the reference time.

pub mod events;
pub mod timex;
