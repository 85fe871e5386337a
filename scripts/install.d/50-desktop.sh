#!/usr/bin/env bash
# The desktop app's build and test needs: WebKitGTK and the Tauri build dependencies, Xvfb and
# Debian's WebKitWebDriver (apt), and tauri-driver (cargo). Installs only what is missing.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

apt_install libwebkit2gtk-4.1-dev build-essential curl wget file libssl-dev libxdo-dev \
    libayatana-appindicator3-dev librsvg2-dev pkg-config xvfb xauth webkit2gtk-driver python3

# tauri-driver speaks WebDriver for the app and hands the session to WebKitWebDriver.
if ! command -v tauri-driver >/dev/null; then
    echo "installing tauri-driver (about a minute)"
    cargo install tauri-driver --locked
fi
