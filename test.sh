#!/usr/bin/env bash
# Runs every test: installs what the tests need (as root through apt-get), builds, and runs the xunit suites
# against a throwaway PostgreSQL cluster and Debian's Chromium that the tests start themselves.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/common.sh

require_dotnet
ensure_packages has_postgres_server:postgresql "test -x /usr/bin/chromium:chromium" \
    "test -d /usr/share/fonts/opentype/noto:fonts-noto-cjk" "command -v pdffonts:poppler-utils" "command -v npm:npm" "command -v docker-compose:docker-compose"

# Clusters of an earlier test run that was killed before it could clean up. A folder is named
# scienceweek-test-PID-…; the cluster of a test process that still runs (another ./test.sh) is left alone.
for folder in "${TMPDIR:-/tmp}"/scienceweek-test-*; do
    [ -d "$folder" ] || continue
    owner=$(basename "$folder" | cut -d- -f3)
    if [[ "$owner" =~ ^[0-9]+$ ]] && kill -0 "$owner" 2>/dev/null; then
        continue
    fi
    stop_cluster "$folder"
    rm -rf "$folder"
done

say "Checking docker-compose.yml"
docker-compose -f docker-compose.yml config -q

say "Building"
dotnet build ScienceWeek.sln --nologo -v quiet -clp:ErrorsOnly

say "Testing"
# The external robustness corpus is not part of the repository: scripts/test-corpus.sh runs those tests (.ci/run calls it).
run_test_suites "Category!=ExternalCorpus"
