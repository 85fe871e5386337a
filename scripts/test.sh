#!/usr/bin/env bash
# The one test command. Installs whatever is missing (scripts/install.d/*.sh), then runs every
# part's tests (scripts/test.d/*.sh), each in sorted order, stopping at the first failure.
# Works on a fresh Debian/Ubuntu machine as root (or with sudo); `.ci/run` calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

results=()
current=""
started=$SECONDS

summary() {
    local status=$?
    echo
    echo "== test.sh summary ($((SECONDS - started)) s)"
    local r
    for r in "${results[@]}"; do echo "   $r"; done
    if [ "$status" -ne 0 ] && [ -n "$current" ]; then
        echo "   FAILED  $current (exit $status)"
        echo "== test.sh: FAILED at $current"
    elif [ "$status" -eq 0 ]; then
        echo "== test.sh: all ${#results[@]} steps OK"
    fi
}
trap summary EXIT

run_step() {
    local script=$1 t0=$SECONDS
    current=$script
    echo
    echo "== $script"
    bash "$script"
    results+=("ok      $script ($((SECONDS - t0)) s)")
    current=""
}

shopt -s nullglob
for s in scripts/install.d/*.sh; do run_step "$s"; done
for s in scripts/test.d/*.sh; do run_step "$s"; done
