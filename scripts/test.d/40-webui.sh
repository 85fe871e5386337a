#!/usr/bin/env bash
# The web UI: type check, unit tests (Vitest), production build, then end-to-end tests in Debian's
# Chromium against a real `storyline serve` on a temporary database. Screenshots: test-artifacts/.
set -euo pipefail
cd "$(dirname "$0")/../.."

echo "== webui: type check, unit tests, build"
(cd ui && npm run --silent typecheck && npx vitest run && npx vite build --logLevel warn)

echo "== webui: storyline binary"
cargo build --quiet --bin storyline

# The README's order: 30-events built the release CLI before ui/dist existed. Building it again
# now must embed the UI just built (build.rs watches ui/dist), and `serve` must show it.
echo "== webui: serve from the release build, without --ui-dir"
cargo build --quiet --release --bin storyline
STORYLINE_BIN="$PWD/target/release/storyline" cargo test --quiet --test serve_ui

echo "== webui: end-to-end in Chromium"
(cd ui && node --test --test-reporter=spec e2e/)
