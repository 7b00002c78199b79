# Shared by run.sh and test.sh: installing what is missing, and the embedded cluster's location.
# shellcheck shell=bash

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# ensure_packages CHECK:PACKAGE ...  installs each Debian PACKAGE whose CHECK command fails.
ensure_packages() {
    local missing=() pair check package
    for pair in "$@"; do
        check=${pair%%:*}; package=${pair#*:}
        eval "$check" >/dev/null 2>&1 || missing+=("$package")
    done
    ((${#missing[@]})) || return 0
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
        say "Installing ${missing[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
        echo "Missing: ${missing[*]}. Install them with:" >&2
        echo "    sudo apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
}

has_postgres_server() { command -v pg_ctl || ls /usr/lib/postgresql/*/bin/pg_ctl; }

pg_ctl_path() {
    command -v pg_ctl 2>/dev/null || ls -d /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | sort -V | tail -n 1
}

require_dotnet() {
    if ! command -v dotnet >/dev/null || ! dotnet --list-sdks | grep -q '^10\.'; then
        echo "The .NET 10 SDK is required (https://learn.microsoft.com/dotnet/core/install/linux-debian)." >&2
        exit 1
    fi
}

# stop_cluster DATA_FOLDER: stops the embedded PostgreSQL server of a data folder if it still runs.
stop_cluster() {
    # postgres may be a link to the server's folder kept in the postgres user's home (see EmbeddedCluster).
    local cluster pgctl
    cluster=$(readlink -f "$1/postgres/cluster" 2>/dev/null) || return 0
    [ -f "$cluster/postmaster.pid" ] || return 0
    pgctl=$(pg_ctl_path)
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$pgctl" stop -D "$cluster" -m fast -w >/dev/null 2>&1 || true
    else
        "$pgctl" stop -D "$cluster" -m fast -w >/dev/null 2>&1 || true
    fi
}

# run_test_suites FILTER: runs the solution's xunit projects (already built) whose tests match FILTER, and ends with
# one line "tests: N passed, N failed, N skipped". Returns dotnet test's exit code.
run_test_suites() {
    local results status=0 passed failed skipped
    results=$(mktemp -d)
    dotnet test ScienceWeek.sln --no-build --nologo --blame-hang-timeout 10m --filter "$1" \
        --logger "trx" --results-directory "$results" 2>&1 | tee "$results/output.txt" || status=$?
    passed=$(grep -ohE 'Passed: +[0-9]+' "$results/output.txt" | awk '{s += $2} END {print s + 0}')
    failed=$(grep -ohE 'Failed: +[0-9]+' "$results/output.txt" | awk '{s += $2} END {print s + 0}')
    skipped=$(grep -ohE 'Skipped: +[0-9]+' "$results/output.txt" | awk '{s += $2} END {print s + 0}')
    echo "tests: $passed passed, $failed failed, $skipped skipped"
    return "$status"
}
