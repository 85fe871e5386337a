#!/usr/bin/env bash
# Events: the gold-story scores with their tables printed (recall, duplicates, statuses; the
# tests fail under their floors), then the add-snapshot/read-timeline benchmark (printed, never
# asserted). The same tests also run, quietly, in 10-rust's `cargo test`.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

cargo test --test events_pipeline --test events_stories -- --nocapture
cargo build --release --bin storyline
cargo run --quiet --release --example bench_events
