#!/usr/bin/env bash
# Rust part: a C compiler for the bundled SQLite, and cargo with rustfmt and clippy.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

command -v cc >/dev/null || apt_install build-essential
command -v pkg-config >/dev/null || apt_install pkg-config

if ! command -v cargo >/dev/null; then
    echo "cargo is not installed: install Rust (1.80 or newer) with rustup, then run this again" >&2
    exit 1
fi
for component in rustfmt clippy; do
    if ! cargo "${component/rustfmt/fmt}" --version >/dev/null 2>&1; then
        if command -v rustup >/dev/null; then
            rustup component add "$component"
        else
            echo "cargo $component is missing: install the $component component" >&2
            exit 1
        fi
    fi
done
cargo --version
