#!/usr/bin/env bash
# The web UI's tools: Node.js (20.19+, for Vite 8), the UI's npm packages, and Debian's Chromium
# for the browser tests. Idempotent: installs only what is missing or out of date.
set -euo pipefail
cd "$(dirname "$0")/../.."

. scripts/lib.sh

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "40-webui: installing Node.js and npm"
  apt_install nodejs npm
fi
if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'; then
  echo "40-webui: Node.js $(node --version) is too old for Vite 8: install Node.js 20.19 or newer" >&2
  exit 1
fi

# Debian's Chromium for the browser tests (playwright-core drives it; no browser download).
apt_install chromium

# npm ci only when node_modules is missing or older than the lock file.
if [ ! -f ui/node_modules/.package-lock.json ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  echo "40-webui: npm ci in ui/"
  (cd ui && npm ci --no-audit --no-fund --loglevel=error)
fi
