#!/usr/bin/env bash
# Brings up ScienceWeek with sample data: the warehouse (a private PostgreSQL cluster in .data/ unless
# ConnectionStrings__Warehouse is set), the ETL worker and the dashboard. Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/common.sh

port=${SCIENCEWEEK_PORT:-5080}
data=${SCIENCEWEEK_DATA:-$PWD/.data}
export SCIENCEWEEK_DATA=$data

require_dotnet
ensure_packages has_postgres_server:postgresql "command -v npm:npm" "command -v curl:curl"

say "Building (Release)"
dotnet publish etl -c Release -o artifacts/etl --nologo -v quiet
dotnet publish dashboard -c Release -o artifacts/dashboard --nologo -v quiet

mkdir -p "$data"
if [ ! -e "$data/.sample-data-queued" ] && [ -z "${ConnectionStrings__Warehouse:-}" ]; then
    say "Queuing the sample submissions from seed/submissions into the inbox"
    mkdir -p "$data/inbox"
    cp -r seed/submissions/. "$data/inbox/"
    rm -f "$data/inbox/expected.json"
    # cp gives the files modification times in directory order; one common time makes the inbox take them in path
    # order, so a county's corrected version (…（更正）.xlsx) is received after the version it corrects.
    find "$data/inbox" -type f -exec touch -d "2024-07-01 00:00:00" {} +
    touch "$data/.sample-data-queued"
fi

etl_pid=""; dashboard_pid=""
shutdown() {
    trap - INT TERM EXIT
    # Cleanup must finish even when the terminal or a pipe (./run.sh | tee log) is gone.
    set +e
    trap '' PIPE
    say "Stopping" 2>/dev/null
    [ -n "$dashboard_pid" ] && kill -TERM "$dashboard_pid" 2>/dev/null && wait "$dashboard_pid" 2>/dev/null
    [ -n "$etl_pid" ] && kill -TERM "$etl_pid" 2>/dev/null && wait "$etl_pid" 2>/dev/null
    # The process that started the cluster stops it; this covers one that was killed hard.
    [ -z "${ConnectionStrings__Warehouse:-}" ] && stop_cluster "$data"
    exit 0
}
trap shutdown INT TERM EXIT

say "Starting the warehouse and the ETL worker"
# Each program runs from its own folder: its content root (appsettings, wwwroot) is the working directory.
(cd artifacts/etl && exec dotnet ScienceWeek.Etl.dll run) &
etl_pid=$!
# The worker starts the cluster and migrates; the dashboard then joins the running cluster.
for _ in $(seq 1 120); do
    [ -f "$data/postgres.port" ] && [ -f "$data/postgres/cluster/postmaster.pid" ] && break
    kill -0 "$etl_pid" 2>/dev/null || { echo "The ETL worker stopped; see the messages above." >&2; exit 1; }
    sleep 0.5
done

say "Starting the dashboard"
(cd artifacts/dashboard && ASPNETCORE_URLS="http://127.0.0.1:$port" exec dotnet ScienceWeek.Dashboard.dll) &
dashboard_pid=$!
for _ in $(seq 1 240); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && break
    kill -0 "$dashboard_pid" 2>/dev/null || { echo "The dashboard stopped; see the messages above." >&2; exit 1; }
    sleep 0.5
done

# The first admin account: made once, its generated password kept beside the database password.
admin_file="$data/admin-account.json"
if [ ! -s "$admin_file" ]; then
    (umask 077 && dotnet artifacts/etl/ScienceWeek.Etl.dll users add admin --role admin --region 000000 > "$admin_file.new") \
        && mv "$admin_file.new" "$admin_file" \
        && say "Created the admin account: $(cat "$admin_file")   (kept in $admin_file)" \
        || { rm -f "$admin_file.new"; echo "Could not create the admin account (does one named admin exist already?)." >&2; }
else
    say "Admin account: user name and password are kept in $admin_file"
fi

say "ScienceWeek is running: http://127.0.0.1:$port   (Ctrl-C stops it)"
wait
