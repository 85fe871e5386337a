# Shared helpers for scripts/install.d/*.sh (source it: `. "$(dirname "$0")/../lib.sh"`).

# apt_install PKG...: installs the Debian packages that are not installed yet. Runs
# `apt-get update` only when something is missing, and at most once per test run.
apt_install() {
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    ((${#missing[@]})) || return 0
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    if [ -z "${STORYLINE_APT_UPDATED:-}" ]; then
        $sudo apt-get update -q
        export STORYLINE_APT_UPDATED=1
    fi
    echo "installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=900 install -y \
        --no-install-recommends "${missing[@]}"
}
