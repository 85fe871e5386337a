#!/usr/bin/env bash
# Browser benchmark of the web UI (prints figures, asserts nothing): a release `storyline serve`
# with a 1,000-snapshot / 5,000-event story and a 10-snapshot baseline, timed in Chromium.
# Extra arguments go to ui/e2e/bench.mjs (--snapshots N --per N --runs N).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.d/40-webui.sh
(cd ui && npx vite build --logLevel warn)
cargo build --release --quiet --bin storyline
cd ui && STORYLINE_BIN=../target/release/storyline node e2e/bench.mjs "$@"
