#!/usr/bin/env bash
# The cost of the checks that need other data after a load (docs/benchmarks.md, "Reporting progress and data quality"),
# on a national warehouse that scripts/bench-dashboard.sh built (--data FOLDER), started and reachable through
# scripts/psql.sh (SCIENCEWEEK_DATA=FOLDER). Each round times, in this order: the first version's full recheck (031's
# refresh_findings(), installed for the run as old_refresh_findings()), today's full recheck refresh_findings(), and
# the refresh after one county's load, refresh_findings(year, array[county]). It rewrites data_finding: use a copy.
#   SCIENCEWEEK_DATA=/tmp/quality-bench scripts/bench-findings.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
psql() { scripts/psql.sh -v ON_ERROR_STOP=1 -q "$@"; }
# 031's functions under old_ names (their bodies call each other by name).
sed -n '/^set check_function_bodies/,$p' warehouse/Sql/031_findings.sql \
    | sed -e 's/\bregion_parts_sum\b/old_region_parts_sum/g' -e 's/\bfinding_candidates\b/old_finding_candidates/g' \
          -e 's/\brecord_findings\b/old_record_findings/g' -e 's/\brefresh_findings\b/old_refresh_findings/g' \
          -e 's/create function/create or replace function/' \
    | psql
read -r year county < <(psql -At -F ' ' -c "
    select max(s.year), min(u.unit_code) from dim_submission s join dim_reporting_unit u using (reporting_unit_key)
    join dim_region r using (region_key) where r.level = 'county' and u.unit_kind = 'government'
      and s.year = (select max(year) from dim_submission)")
echo "national warehouse: $(psql -At -c 'select count(*) from current_statistics_form') current statistics forms; incremental: $year, $county"
for round in $(seq "$rounds"); do
    for call in "old_refresh_findings()" "refresh_findings()" "refresh_findings($year, array['$county'])"; do
        start=$(date +%s.%N)
        psql -c "select $call" > /dev/null
        printf 'round %s  %-45s %6.2f s\n' "$round" "$call" "$(echo "$(date +%s.%N) - $start" | bc)"
    done
done
psql -c "drop function old_refresh_findings(); drop function old_record_findings(bigint); drop function old_finding_candidates(bigint); drop function old_region_parts_sum(integer);"
