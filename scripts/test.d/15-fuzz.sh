#!/usr/bin/env bash
# A short fuzzing run of the whole add pipeline and of the tagger (libFuzzer; the sanitizer
# flags need RUSTC_BOOTSTRAP on the stable toolchain). Longer runs by hand:
#   cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run pipeline -- -max_total_time=1800
# A crash fails the step and leaves its input in fuzz/artifacts/<target>/.
set -euo pipefail
cd "$(dirname "$0")/../../fuzz"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export RUSTC_BOOTSTRAP=1
SECONDS_EACH="${STORYLINE_FUZZ_SECONDS:-30}"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
for target in pipeline tag; do
    echo "== fuzz $target for ${SECONDS_EACH} s"
    if ! cargo fuzz run "$target" -- -max_total_time="$SECONDS_EACH" -rss_limit_mb=4096 \
        -max_len=4096 >"$log" 2>&1; then
        tail -60 "$log"
        echo "fuzz $target failed (a crash leaves its input in fuzz/artifacts/$target/)" >&2
        exit 1
    fi
    grep -E '^#[0-9]+ +DONE|^Done' "$log" | tail -2
done
