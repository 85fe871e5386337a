#!/usr/bin/env bash
# The desktop shell: clippy on its crate, a build of the UI and the app, then the WebDriver smoke
# test that drives the real window under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

# The app embeds ui/dist at compile time, so the UI is built first (again only if its sources
# changed since the last build).
bash scripts/build-ui.sh

cargo clippy -p storyline-desktop --all-targets -- -D warnings
cargo build -p storyline-desktop
python3 src-tauri/tests/desktop_smoke.py
