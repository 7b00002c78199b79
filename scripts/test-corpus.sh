#!/usr/bin/env bash
# Runs the tests that read the external robustness corpus (ExcelDataReader's 367 real-world spreadsheets), which is
# not part of the repository: scripts/test-corpus.sh [CORPUS_FOLDER], by default ../shared/corpus/exceldatareader
# beside the clone. Fails when the corpus is missing. Expects ./test.sh (or dotnet build) to have built the solution.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh

corpus=${1:-${SCIENCEWEEK_CORPUS:-$PWD/../shared/corpus/exceldatareader}}
count=$({ find "$corpus" -type f 2>/dev/null || true; } | wc -l)
if [ "$count" -lt 300 ]; then
    echo "The robustness corpus is missing: $corpus holds $count files, expected the 367 of ExcelDataReader's test data." >&2
    exit 1
fi
export SCIENCEWEEK_CORPUS
SCIENCEWEEK_CORPUS=$(cd "$corpus" && pwd)
say "Testing against the robustness corpus in $SCIENCEWEEK_CORPUS ($count files)"
run_test_suites "Category=ExternalCorpus"
