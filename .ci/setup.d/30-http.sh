#!/usr/bin/env bash
# jasyncio-http's real peers: curl (HTTP/1.1, 1.0, chunked upload, --compressed), wrk (keep-alive
# load), CPython's aiohttp client and websockets library, run as /usr/bin/python3 by the peer tests.
set -euo pipefail
source "$(dirname "$0")/00-apt.sh"
need curl wrk python3-aiohttp python3-websockets
