#!/usr/bin/env bash
# Opens psql on the embedded warehouse of the data folder (SCIENCEWEEK_DATA or .data/). Extra arguments go to psql,
# e.g. scripts/psql.sh -c '\d+ fact_statistics_value'
set -euo pipefail
cd "$(dirname "$0")/.."
data=${SCIENCEWEEK_DATA:-$PWD/.data}
if [ ! -f "$data/postgres.port" ]; then
    echo "No embedded warehouse in $data yet: start it with ./run.sh" >&2
    exit 1
fi
PGPASSWORD=$(cat "$data/postgres.password") exec psql -h 127.0.0.1 -p "$(cat "$data/postgres.port")" -U postgres -d scienceweek "$@"
