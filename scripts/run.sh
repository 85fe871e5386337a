#!/usr/bin/env bash
# Runs Storyline, the desktop app. On a fresh Debian/Ubuntu machine it first installs what is
# missing (WebKitGTK and build tools from apt, the UI's npm packages), builds the UI and the app
# (release), then opens the window on your database: ~/.local/share/storyline/storyline.db (the
# same file the `storyline` CLI uses), or STORYLINE_DB, or `--db PATH`. A new database starts
# with the demo story.
#
#   scripts/run.sh [--db PATH]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

while (($#)); do
    case "$1" in
        --db) [ $# -ge 2 ] || { echo "--db needs a PATH" >&2; exit 2; }
              STORYLINE_DB="$(realpath -m "$2")"; export STORYLINE_DB; shift ;;
        -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown argument $1 (usage: scripts/run.sh [--db PATH])" >&2; exit 2 ;;
    esac
    shift
done

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "Storyline is a desktop app and needs a graphical session (no DISPLAY or WAYLAND_DISPLAY)." >&2
    echo "Without one, use the CLI (cargo run -- --help) or 'storyline serve' and a browser." >&2
    exit 1
fi

bash scripts/install.d/10-rust.sh >/dev/null
apt_install libwebkit2gtk-4.1-dev build-essential curl wget file libssl-dev libxdo-dev \
    libayatana-appindicator3-dev librsvg2-dev pkg-config
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    apt_install nodejs npm
fi
if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'; then
    echo "Node.js $(node --version) is too old to build the UI (Vite 8): install Node.js 20.19 or newer" >&2
    exit 1
fi
bash scripts/build-ui.sh
echo "building the app (the first build takes a few minutes)..."
cargo build --release -p storyline-desktop
echo "database: ${STORYLINE_DB:-the platform data directory (storyline/storyline.db)}"
exec target/release/storyline-desktop
