#!/usr/bin/env bash
# Shared helper for the area scripts: `need PKG...` installs the packages that are missing.
# Sourced, not run, by the others (it is also harmless to run).
need() {
    local missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ ! -f /tmp/.jasyncio-apt-updated ]; then
        apt-get update -qq && touch /tmp/.jasyncio-apt-updated
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}
