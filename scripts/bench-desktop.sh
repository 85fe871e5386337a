#!/usr/bin/env bash
# Desktop benchmark: time to first paint, idle memory (PSS) and idle CPU of the app with its
# WebKit processes, beside a trivial Tauri window measured the same way in the same run. Prints
# figures, asserts nothing. Usage: scripts/bench-desktop.sh [--release] [--runs N] [--idle SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

profile=debug cargo_flags=() runs=3 bench_flags=()
while (($#)); do
    case "$1" in
        --release) profile=release cargo_flags=(--release) ;;
        --runs) runs="$2"; shift ;;
        --idle) bench_flags+=(--idle "$2"); shift ;;
        *) echo "usage: $0 [--release] [--runs N] [--idle SECONDS]" >&2; exit 2 ;;
    esac
    shift
done

bash scripts/install.d/50-desktop.sh
bash scripts/build-ui.sh
cargo build -p storyline-desktop --bin storyline-desktop --example baseline "${cargo_flags[@]}"
echo "profile: $profile"
python3 src-tauri/tests/bench_desktop.py --runs "$runs" "${bench_flags[@]}" \
    "target/$profile/storyline-desktop" "target/$profile/examples/baseline"
