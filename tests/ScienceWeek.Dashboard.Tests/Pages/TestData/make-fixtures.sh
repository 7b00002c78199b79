#!/bin/sh
# Regenerates the dashboard's form fixtures: each HTML table in sources/ (rowspan/colspan become merged cells) is
# converted by LibreOffice into the .xlsx an office would send. The numbers are the ones the page tests expect.
set -eu
cd "$(dirname "$0")"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
# The data-quality fixtures (../../Quality/TestData: a funding value in 元 in the 万元 field, a city form below its
# districts' sum) are converted the same way into their own forms/ folder, so the page tests' warehouse does not load them.
for folder in . ../../Quality/TestData; do
    mkdir -p "$folder/forms"
    soffice -env:UserInstallation="file://$profile" --headless --infilter="HTML (StarCalc)" --convert-to xlsx --outdir "$folder/forms" "$folder"/sources/*.html >/dev/null 2>&1
    ls -1 "$folder"/forms/*.xlsx | wc -l
done
