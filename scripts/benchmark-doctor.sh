#!/usr/bin/env bash
# Measures `doctor` on generated 256 px JPEGs: images/s of the whole command (start-up included) and of the
# checking step alone (doctor's own figure), and peak resident memory. The target is 200 images/s on 2 cores.
#
# Usage: scripts/benchmark-doctor.sh [N ...]      (default: 1000 5000)
# Needs: the .NET SDK, GNU time (/usr/bin/time), Debian's python3 (for the arithmetic).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
sizes=("$@")
[ $# -eq 0 ] && sizes=(1000 5000)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# shellcheck source=lib/build-tools.sh
source "$repo/scripts/lib/build-tools.sh"

machine_line
printf '%8s %10s %12s %14s %14s\n' images seconds 'images/s' 'check img/s' peak_rss_mib
for n in "${sizes[@]}"; do
  data="$work/data-$n"
  dotnet "$gen" --output "$data" --classes circle,square,triangle,cross --per-class $(( (n + 3) / 4 )) \
    --min-size 256 --max-size 256 --formats jpg --seed "$n" >/dev/null
  count=$(find "$data" -type f | wc -l)
  start=$(date +%s.%N)
  code=0
  /usr/bin/time -f '%M' -o "$work/rss-$n" \
    dotnet "$cli" doctor --data "$data" --json --quiet >"$work/report-$n.json" 2>/dev/null || code=$?
  end=$(date +%s.%N)
  # 0 clean or 8 warnings (generated shapes can look alike); anything else is a failure.
  [ "$code" -eq 0 ] || [ "$code" -eq 8 ] || { echo "doctor exited $code" >&2; exit 1; }
  /usr/bin/python3 -c "
import json, sys
n, s, e = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
rss = int(open(sys.argv[4]).read().split()[-1])
check = json.load(open(sys.argv[5]))['imagesPerSecond']
print(f'{n:8d} {e-s:10.1f} {n/(e-s):12.1f} {check:14.1f} {rss/1024:14.0f}')" \
    "$count" "$start" "$end" "$work/rss-$n" "$work/report-$n.json"
done
