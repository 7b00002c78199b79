#!/usr/bin/env bash
# The upload benchmark (docs/benchmarks.md, "Upload to report"): publishes the ETL and the dashboard in Release, starts
# the dashboard on a throwaway data folder (its own PostgreSQL cluster, reference data, no forms), makes a county uploader
# and a nation-wide viewer with `users add`/`users token`, and then, in the same run:
#   1. baseline: `check` of the same forms, all in one process (per-file time) and one file per process;
#   2. uploads: N county forms (copies of a LibreOffice-made form, each with its own activities count, so each is a new
#      version that supersedes the one before and refreshes the marts) posted one at a time with curl: time to the report;
#   3. after each answer, GET /api/v1/values as the viewer: the time until the uploaded number is in the API.
# Usage: scripts/bench-upload.sh [UPLOADS]   (default 200)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh
uploads=${1:-200}
work="$(mktemp -d /tmp/scienceweek-upload-bench.XXXXXX)"
export SCIENCEWEEK_DATA="$work/data"
dashboard_pid=""
cleanup() {
    [ -n "$dashboard_pid" ] && kill "$dashboard_pid" 2>/dev/null && wait "$dashboard_pid" 2>/dev/null || true
    stop_cluster "$SCIENCEWEEK_DATA" || true
    rm -rf "$work"
}
trap cleanup EXIT

dotnet publish etl -c Release -o "$work/etl" --nologo -v quiet
dotnet publish dashboard -c Release -o "$work/dashboard" --nologo -v quiet
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
(cd "$work/dashboard" && ASPNETCORE_URLS="http://127.0.0.1:$port" exec dotnet ScienceWeek.Dashboard.dll >"$work/dashboard.log" 2>&1) &
dashboard_pid=$!
for _ in $(seq 1 240); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && break
    kill -0 "$dashboard_pid" 2>/dev/null || { cat "$work/dashboard.log" >&2; exit 1; }
    sleep 0.5
done
etl() { dotnet "$work/etl/ScienceWeek.Etl.dll" "$@"; }
etl users add bench-clerk --role uploader --region 620102 >/dev/null
etl users add bench-viewer --role viewer --region 000000 >/dev/null
clerk=$(etl users token bench-clerk | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
viewer=$(etl users token bench-viewer | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')

python3 - "$work" "$port" "$clerk" "$viewer" "$uploads" <<'EOF'
import json, os, statistics, subprocess, sys, time, zipfile
work, port, clerk, viewer, count = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
source = "tests/ScienceWeek.Etl.Tests/TestData/loading/chengguan-2024-v1.xlsx"
forms = os.path.join(work, "forms")
os.makedirs(forms)
paths = []
with zipfile.ZipFile(source) as original:
    entries = [(item.filename, original.read(item)) for item in original.infolist()]
for i in range(count):
    path = os.path.join(forms, f"城关区2024年科技活动周统计表-{i:03}.xlsx")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as copy:
        for name, data in entries:
            if name == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<v>186</v>", f"<v>{1000 + i}</v>".encode())
            copy.writestr(name, data)
    paths.append(path)

def pct(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]

etl = ["dotnet", os.path.join(work, "etl", "ScienceWeek.Etl.dll")]
started = time.perf_counter()
subprocess.run(etl + ["check", *paths], check=True, stdout=subprocess.DEVNULL)
check_all = time.perf_counter() - started
single = []
for path in paths[:10]:
    started = time.perf_counter()
    subprocess.run(etl + ["check", path], check=True, stdout=subprocess.DEVNULL)
    single.append(time.perf_counter() - started)

base = f"http://127.0.0.1:{port}"
report, visible, outcomes = [], [], {}
for i, path in enumerate(paths):
    started = time.perf_counter()
    answer = subprocess.run(["curl", "-sS", "-H", f"Authorization: Bearer {clerk}", "-F", f"file=@{path}", base + "/api/v1/submissions"],
                            check=True, capture_output=True).stdout
    report.append(time.perf_counter() - started)
    line = json.loads(answer)[0]
    outcomes[line["load"]] = outcomes.get(line["load"], 0) + 1
    values = subprocess.run(["curl", "-sS", "-H", f"Authorization: Bearer {viewer}",
                             base + "/api/v1/values?measures=activities&regions=620102&years=2024"], check=True, capture_output=True).stdout
    seen = [r["value"] for r in json.loads(values)["rows"]]
    if seen != [1000 + i]:
        sys.exit(f"upload {i}: the API answered {seen}, not {1000 + i}")
    visible.append(time.perf_counter() - started)

per_file = check_all / count
print(f"outcomes: {outcomes}")
print(f"| uploads | check, one process, per file | check, one file per process (p50 of 10) | upload to report p50 / p95 | in the API p50 / p95 | report p50 / check per file | report p50 / check one process |")
print(f"|---:|---:|---:|---:|---:|---:|---:|")
print(f"| {count} | {per_file * 1000:.0f} ms | {statistics.median(single) * 1000:.0f} ms | {pct(report, 50) * 1000:.0f} / {pct(report, 95) * 1000:.0f} ms | "
      f"{pct(visible, 50) * 1000:.0f} / {pct(visible, 95) * 1000:.0f} ms | {pct(report, 50) / per_file:.1f}× | {pct(report, 50) / statistics.median(single):.2f}× |")
EOF
