#!/usr/bin/env bash
# Fuzzing: cargo-fuzz (libFuzzer), for a short run of the fuzz targets in 15-fuzz.
set -euo pipefail
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked --version 0.13.2
cargo fuzz --version
