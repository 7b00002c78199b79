#!/bin/sh
# Regenerates the form fixtures from sources/: each HTML table (rowspan/colspan become merged cells) is converted by
# LibreOffice into .xlsx (and the national layout also into .xls); the CSV sources are re-encoded as GB18030 and as
# UTF-8 with a byte-order mark, as Chinese Excel saves them.
set -eu
cd "$(dirname "$0")"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
office() { soffice -env:UserInstallation="file://$profile" --headless --infilter="HTML (StarCalc)" "$@" >/dev/null 2>&1; }

office --convert-to xlsx --outdir . sources/*.html
office --convert-to xls --outdir . sources/statistics-national.html

iconv -f UTF-8 -t GB18030 sources/statistics-gbk.csv > statistics-gbk.csv
{ printf '\357\273\277'; cat sources/statistics-utf8-bom.csv; } > statistics-utf8-bom.csv
{ printf '\357\273\277'; cat sources/featured-city-list-of-county-picks.csv; } > featured-city-list-of-county-picks.csv
ls -1 *.xlsx *.xls *.csv | wc -l
