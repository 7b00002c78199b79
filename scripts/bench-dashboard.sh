#!/usr/bin/env bash
# The dashboard benchmark (docs/benchmarks.md, "Dashboard"): publishes the dashboard in Release, builds a
# national-scale warehouse in a throwaway PostgreSQL cluster under /tmp, measures every page and the API on
# loopback and prints Markdown tables. Extra arguments go to the bench tool, e.g.
#   scripts/bench-dashboard.sh --requests 500 --seconds 10 --clients 32 --page / --page /compare --out /tmp/bench.md
set -euo pipefail
cd "$(dirname "$0")/.."
publish="$(mktemp -d /tmp/scienceweek-dashboard-publish.XXXXXX)"
trap 'rm -rf "$publish"' EXIT
dotnet publish dashboard -c Release -o "$publish" --nologo -v quiet
dotnet run -c Release --project tests/ScienceWeek.Dashboard.Bench -- --dashboard "$publish/ScienceWeek.Dashboard.dll" "$@"
