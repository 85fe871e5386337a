#!/usr/bin/env bash
# The temporal tagger's score check runs the shared TempEval-3 scorer, a Python 3 script
# (standard library only).
set -euo pipefail
if ! command -v python3 >/dev/null 2>&1; then
    apt-get update
    apt-get -o DPkg::Lock::Timeout=900 install -y --no-install-recommends python3
fi
