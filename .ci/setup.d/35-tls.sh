#!/usr/bin/env bash
# TLS tests (io.jasyncio.tls): Debian's openssl CLI (s_server, s_client, test certificates) and
# /usr/bin/python3 with its ssl module (CPython asyncio peers). Nothing to start: tests start them.
set -euo pipefail
. "$(dirname "$0")/00-apt.sh"
need openssl python3
