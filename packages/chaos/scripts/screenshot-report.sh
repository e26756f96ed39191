#!/usr/bin/env bash
# Screenshots a report.html with headless Chromium, to check the report the way a reader sees it.
# Usage: screenshot-report.sh <report.html> <out.png> [WIDTH,HEIGHT]   (default 1400,2000)
set -euo pipefail

if [ "$#" -lt 2 ]; then
  echo "usage: $0 <report.html> <out.png> [WIDTH,HEIGHT]" >&2
  exit 2
fi
report=$1
out=$2
size=${3:-1400,2000}

if [ ! -f "$report" ]; then
  echo "no such report: $report" >&2
  exit 2
fi

browser=""
for candidate in chromium chromium-browser google-chrome google-chrome-stable; do
  if command -v "$candidate" >/dev/null 2>&1; then
    browser=$candidate
    break
  fi
done
if [ -z "$browser" ]; then
  echo "chromium is not installed: install it (Debian/Ubuntu: sudo apt-get install -y chromium) and run again" >&2
  exit 127
fi

# Chromium wants absolute paths for both the page URL and the screenshot file.
report_abs=$(cd "$(dirname "$report")" && pwd)/$(basename "$report")
out_dir=$(mkdir -p "$(dirname "$out")" && cd "$(dirname "$out")" && pwd)
out_abs=$out_dir/$(basename "$out")
rm -f "$out_abs"

# Chromium logs harmless D-Bus and GPU noise on headless machines; keep it out of the way unless it fails.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
  --screenshot="$out_abs" --window-size="$size" "file://$report_abs" >"$log" 2>&1 || [ ! -s "$out_abs" ]; then
  cat "$log" >&2
  echo "chromium did not write $out_abs" >&2
  exit 1
fi
echo "$out_abs"
