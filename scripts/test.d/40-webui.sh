#!/usr/bin/env bash
# The web UI: type check, unit tests (Vitest), production build, then end-to-end tests in Debian's
# Chromium against a real `storyline serve` on a temporary database. Screenshots: test-artifacts/.
set -euo pipefail
cd "$(dirname "$0")/../.."

echo "== webui: type check, unit tests, build"
(cd ui && npm run --silent typecheck && npx vitest run && npx vite build --logLevel warn)

echo "== webui: storyline binary"
cargo build --quiet --bin storyline

echo "== webui: end-to-end in Chromium"
(cd ui && node --test --test-reporter=spec e2e/)
