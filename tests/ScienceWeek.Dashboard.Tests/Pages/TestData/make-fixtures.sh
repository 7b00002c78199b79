#!/bin/sh
# Regenerates the dashboard's form fixtures: each HTML table in sources/ (rowspan/colspan become merged cells) is
# converted by LibreOffice into the .xlsx an office would send. The numbers are the ones the page tests expect.
set -eu
cd "$(dirname "$0")"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
mkdir -p forms
soffice -env:UserInstallation="file://$profile" --headless --infilter="HTML (StarCalc)" --convert-to xlsx --outdir forms sources/*.html >/dev/null 2>&1
ls -1 forms/*.xlsx | wc -l
