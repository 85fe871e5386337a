#!/usr/bin/env bash
# Rust part: formatting, lints (warnings are errors), then every test of the default members
# (the core's unit and property tests, the CLI's black-box tests).
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

cargo fmt --all -- --check
cargo clippy --all-targets -- -D warnings
cargo test
