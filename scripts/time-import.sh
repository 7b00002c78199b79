#!/usr/bin/env bash
# Times one `import` of a folder of forms into a running warehouse, as docs/benchmarks.md ("ETL import") measures its
# parts: copies a warehouse data folder (never changed itself), starts its embedded server, runs the published ETL's
# import under /usr/bin/time, prints the import's summary and wall, CPU and peak memory, and stops the server.
#
#   scripts/time-import.sh WAREHOUSE FORMS [RUNS]
#
# WAREHOUSE: a data folder with a stopped embedded cluster, for example an empty migrated one:
#   SCIENCEWEEK_DATA=/tmp/empty-warehouse dotnet artifacts/etl/ScienceWeek.Etl.dll migrate
# FORMS: a folder of forms, for example the one `bench --forms 3000 --keep` leaves behind.
# ETL: the program to time (default artifacts/etl/ScienceWeek.Etl.dll, from `dotnet publish etl -c Release -o artifacts/etl`).
# The copies stay under ${TMPDIR:-/tmp}/scienceweek-time-import-*/ until you delete them: deleting thousands of files makes
# creating files slow for minutes on ext4, which would slow the next run's archiving.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh

warehouse=${1:?usage: scripts/time-import.sh WAREHOUSE FORMS [RUNS]}
forms=${2:?usage: scripts/time-import.sh WAREHOUSE FORMS [RUNS]}
runs=${3:-1}
etl=$(readlink -f "${ETL:-artifacts/etl/ScienceWeek.Etl.dll}")
[ -f "$warehouse/postgres.port" ] || { echo "No embedded warehouse in $warehouse" >&2; exit 1; }
[ -f "$etl" ] || { echo "No ETL program at $etl: dotnet publish etl -c Release -o artifacts/etl" >&2; exit 1; }
[ -L "$warehouse/postgres" ] && { echo "The cluster of $warehouse lives elsewhere ($(readlink "$warehouse/postgres")): copy a data folder that holds its own" >&2; exit 1; }
[ -f "$warehouse/postgres/cluster/postmaster.pid" ] && { echo "The server of $warehouse is running: stop it first" >&2; exit 1; }
pgctl=$(pg_ctl_path)

as_server_user() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

for run in $(seq 1 "$runs"); do
    copy=$(mktemp -d "${TMPDIR:-/tmp}/scienceweek-time-import-XXXXXX")
    cp -a "$warehouse/." "$copy/"
    rm -f "$copy/postgres.lock"
    [ "$(id -u)" -eq 0 ] && chown -R postgres "$copy/postgres" && chmod 755 "$copy"
    as_server_user "$pgctl" start -D "$copy/postgres/cluster" -l "$copy/postgres/server.log" -w \
        -o "-p $(cat "$copy/postgres.port") -c listen_addresses=127.0.0.1 -k $copy/postgres" >/dev/null
    SCIENCEWEEK_DATA=$copy /usr/bin/time -f "wall %e s, user %U s, sys %S s, peak memory %M KB" \
        dotnet "$etl" import "$forms" >"$copy/import.jsonl" 2>"$copy/import.err" || true
    echo "run $run ($(date -u +%H:%M:%S) UTC, load $(cut -d' ' -f1 /proc/loadavg)): $(grep -E '^import:' "$copy/import.err" | sed 's/; ledger.*//')"
    echo "    $(tail -n 1 "$copy/import.err")"
    stop_cluster "$copy"
done
