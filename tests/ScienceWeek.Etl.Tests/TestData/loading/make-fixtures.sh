#!/bin/sh
# Regenerates the loading fixtures: each HTML table in sources/ (rowspan becomes merged cells) converted by LibreOffice.
set -eu
cd "$(dirname "$0")"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
soffice -env:UserInstallation="file://$profile" --headless --infilter="HTML (StarCalc)" --convert-to xlsx --outdir . sources/*.html >/dev/null 2>&1
ls -1 *.xlsx
