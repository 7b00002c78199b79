#!/usr/bin/env bash
# Makes the attachment fixtures with Debian's ffmpeg and LibreOffice (apt-get install ffmpeg libreoffice-calc-nogui):
# real files as cameras, phones and offices make them, small enough to keep in the repository.
set -euo pipefail
cd "$(dirname "$0")"
# A video of 2 minutes 50 seconds (under the limit of 3:00) and one of 3 minutes 20 seconds, 1 frame a second.
ffmpeg -v error -y -f lavfi -i color=c=navy:s=64x36:r=1 -t 170 -c:v libx264 -pix_fmt yuv420p -movflags +faststart video-2m50s.mp4
ffmpeg -v error -y -f lavfi -i color=c=green:s=64x36:r=1 -t 200 -c:v libx264 -pix_fmt yuv420p video-3m20s.mp4
ffmpeg -v error -y -f lavfi -i color=c=maroon:s=64x36:r=1 -t 30 -c:v libx264 -pix_fmt yuv420p video-30s.mov
# Photos of an event.
ffmpeg -v error -y -f lavfi -i testsrc=s=320x240 -frames:v 1 photo-event.jpg
ffmpeg -v error -y -f lavfi -i testsrc2=s=320x240 -frames:v 1 photo-stage.png
# The 总结报告 as a PDF, from its HTML source.
soffice --headless --infilter="calc_HTML_WebQuery" --convert-to pdf --outdir . sources/summary-report.html >/dev/null
