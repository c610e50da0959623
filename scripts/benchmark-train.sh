#!/usr/bin/env bash
# Measures `train` on generated datasets of several sizes: featurization images/s, end-to-end time against
# featurization alone, and peak resident memory (GNU time's maximum RSS). Not a test: figures go in the README.
#
# Usage: scripts/benchmark-train.sh [N ...]      (default: 200 1000)
# Needs: the .NET SDK, npm (first run fetches ResNet-50), GNU time (/usr/bin/time, Debian package 'time').
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
sizes=("$@")
[ $# -eq 0 ] && sizes=(200 1000)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# shellcheck source=lib/build-tools.sh
source "$repo/scripts/lib/build-tools.sh"

# Warm the backbone cache so the first measured run does not include the download and conversion.
dotnet "$gen" --output "$work/warm" --classes circle,square --per-class 2 >/dev/null
dotnet "$cli" train --data "$work/warm" --output "$work/warm.zip" --unfreeze none --quiet >/dev/null 2>&1

machine_line
printf '%8s %14s %14s %12s %8s %14s\n' images featurize_s 'images/s' train_s ratio peak_rss_mib
for n in "${sizes[@]}"; do
  per_class=$(( (n + 2) / 3 ))
  data="$work/data-$n"
  # Photo-like sizes (200-400 px JPEG/PNG) so decoding costs what it costs on real data.
  dotnet "$gen" --output "$data" --classes circle,square,triangle --per-class "$per_class" \
    --min-size 200 --max-size 400 --seed "$n" >/dev/null
  /usr/bin/time -f '%M' -o "$work/rss-$n" \
    dotnet "$cli" train --data "$data" --output "$work/model-$n.zip" --unfreeze none --json --quiet > "$work/result-$n.json" 2>/dev/null
  python3 - "$work/result-$n.json" "$work/rss-$n" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
rss_kib = int(open(sys.argv[2]).read().split()[-1])
n = r["manifest"]["dataset"]["images"] + r["manifest"]["dataset"]["skipped"]
ips = r["featurizationImagesPerSecond"]
feat = n / ips
total = r["elapsedSeconds"]
print(f'{n:8d} {feat:14.1f} {ips:14.1f} {total:12.1f} {total / feat:8.2f} {rss_kib / 1024:14.0f}')
PY
done
