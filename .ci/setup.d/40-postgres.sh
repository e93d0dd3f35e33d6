#!/usr/bin/env bash
# jasyncio-core's database tests and the db-service example: a real PostgreSQL on 127.0.0.1.
# Installs Debian's postgresql when missing, starts the first cluster if none runs (and leaves it
# running for the tests: it stops nothing), and creates the test role and database. Idempotent.
# The tests read JASYNCIO_PG_HOST/PORT/DB/USER/PASSWORD (or -Djasyncio.pg.*), defaults below.
set -euo pipefail
source "$(dirname "$0")/00-apt.sh"
need postgresql

PG_USER="${JASYNCIO_PG_USER:-jasyncio}"
PG_PASSWORD="${JASYNCIO_PG_PASSWORD:-jasyncio}"
PG_DB="${JASYNCIO_PG_DB:-jasyncio_test}"

if ! pg_lsclusters -h | awk '$4 == "online" { found = 1 } END { exit !found }'; then
    if [ -z "$(pg_lsclusters -h)" ]; then
        ver=$(ls /usr/lib/postgresql | sort -n | tail -1)
        pg_createcluster "$ver" main
    fi
    read -r ver name _ < <(pg_lsclusters -h | head -1)
    echo "starting PostgreSQL cluster $ver/$name"
    pg_ctlcluster "$ver" "$name" start
fi
read -r ver name port _ < <(pg_lsclusters -h | awk '$4 == "online"' | head -1)
echo "PostgreSQL $ver/$name online on port $port"

psql_admin() { su postgres -c "psql -p $port -v ON_ERROR_STOP=1 -qAtX $*"; }
if [ "$(psql_admin "-c \"SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER'\"")" != 1 ]; then
    psql_admin "-c \"CREATE ROLE $PG_USER LOGIN PASSWORD '$PG_PASSWORD'\""
fi
if [ "$(psql_admin "-c \"SELECT 1 FROM pg_database WHERE datname = '$PG_DB'\"")" != 1 ]; then
    psql_admin "-c \"CREATE DATABASE $PG_DB OWNER $PG_USER\""
fi
echo "role $PG_USER and database $PG_DB ready on 127.0.0.1:$port"
