#!/usr/bin/env bash
# Browser tests: Debian's Chromium, driven headless over the DevTools protocol by
# jasyncio-examples' WebChatBrowserTest (two tabs of the web-chat example).
set -euo pipefail
source "$(dirname "$0")/00-apt.sh"
need chromium
