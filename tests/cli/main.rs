//! Black-box tests of the `storyline` binary on real, temporary database files.
//!
//! One test binary, split by area. Every test gets its own database in its own temp directory,
//! and a fixed `STORYLINE_NOW`, so captured times are known.

mod add;
mod backup;
mod bad_input;
mod demo;
mod diff;
mod figures;
mod furniture;
mod key;
mod rm;
mod search;
mod stories;
mod stress;
mod support;
mod upgrade;
