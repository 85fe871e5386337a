#!/usr/bin/env bash
# The desktop app's build and test needs: WebKitGTK and the Tauri build dependencies, Xvfb and
# Debian's WebKitWebDriver (apt), and tauri-driver (cargo). Installs only what is missing.
set -euo pipefail

pkgs=(libwebkit2gtk-4.1-dev build-essential curl wget file libssl-dev libxdo-dev
      libayatana-appindicator3-dev librsvg2-dev pkg-config xvfb xauth webkit2gtk-driver python3)
missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    echo "desktop: installing ${missing[*]}"
    sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=900 install -y \
        --no-install-recommends "${missing[@]}"
fi

# tauri-driver speaks WebDriver for the app and hands the session to WebKitWebDriver.
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
if ! command -v tauri-driver >/dev/null; then
    echo "desktop: installing tauri-driver (about a minute)"
    cargo install tauri-driver --locked
fi
