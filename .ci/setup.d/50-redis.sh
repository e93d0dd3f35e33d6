#!/usr/bin/env bash
# redis-jobs (issue 15): its test starts its own redis-server on 127.0.0.1 and stops it after;
# only the binary must be installed.
set -euo pipefail
source "$(dirname "$0")/00-apt.sh"
need redis-server
