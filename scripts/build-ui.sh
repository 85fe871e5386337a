#!/usr/bin/env bash
# Builds ui/dist (installing the UI's npm packages if missing) unless it is newer than every
# source file of the UI. Used by the desktop test, the run command and the benchmark.
set -euo pipefail
cd "$(dirname "$0")/../ui"

if [ -f dist/index.html ] && [ -z "$(find . -path ./node_modules -prune -o -path ./dist -prune -o \
        -type f -newer dist/index.html -print -quit)" ]; then
    exit 0
fi
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund
fi
npm run build
touch dist/index.html  # the freshness mark above
