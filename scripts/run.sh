#!/usr/bin/env bash
# Interim "run the app": builds the CLI and shows the bundled demo story in a scratch database
# (the desktop app replaces this). Pass --db PATH to use another database.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
bash scripts/install.d/10-rust.sh >/dev/null
cargo build --release --quiet
bin=target/release/storyline
db="${1:-}"
if [ "$db" = "--db" ]; then db="$2"; else db="$(mktemp -d)/storyline.db"; fi
export STORYLINE_DB="$db"
echo "database: $db"
if ! "$bin" snapshots "Storm Orla: Callan Bridge closure" >/dev/null 2>&1; then
    "$bin" demo
fi
echo; echo "\$ storyline stories";   "$bin" stories
echo; echo "\$ storyline snapshots 'Storm Orla: Callan Bridge closure'"
"$bin" snapshots "Storm Orla: Callan Bridge closure"
first=$("$bin" --json snapshots "Storm Orla: Callan Bridge closure" | python3 -c 'import json,sys; s=json.load(sys.stdin); print(next(x["id"] for x in s if x["version"]==2))')
echo; echo "\$ storyline diff $first"; "$bin" diff "$first"
echo; echo "\$ storyline search cracks"; "$bin" search cracks
echo
echo "Try more: STORYLINE_DB=$db $bin --help"
