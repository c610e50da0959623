#!/usr/bin/env bash
# Measures `predict` over generated folders: images/s (compare with train's featurization images/s from
# benchmark-train.sh, which is the backbone alone) and peak resident memory, to show it stays flat with N.
#
# Usage: scripts/benchmark-predict.sh [N ...]      (default: 1000 5000)
# Needs: the .NET SDK, npm (first run fetches ResNet-50), GNU time (/usr/bin/time).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
sizes=("$@")
[ $# -eq 0 ] && sizes=(1000 5000)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# shellcheck source=lib/build-tools.sh
source "$repo/scripts/lib/build-tools.sh"

dotnet "$gen" --output "$work/train" --classes circle,square,triangle --per-class 10 >/dev/null
dotnet "$cli" train --data "$work/train" --output "$work/model.zip" --unfreeze none --quiet >/dev/null 2>&1

machine_line
printf '%8s %10s %10s %14s\n' images seconds 'images/s' peak_rss_mib
for n in "${sizes[@]}"; do
  data="$work/data-$n"
  dotnet "$gen" --output "$data" --classes circle,square,triangle --per-class $(( (n + 2) / 3 )) \
    --min-size 200 --max-size 400 --seed "$n" >/dev/null
  find "$data" -mindepth 2 -type f -exec mv -t "$data" {} +
  count=$(find "$data" -maxdepth 1 -type f | wc -l)
  start=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$work/rss-$n" \
    dotnet "$cli" predict --model "$work/model.zip" --input "$data" --output "$work/p-$n.csv" --quiet 2>/dev/null
  end=$(date +%s.%N)
  python3 -c "import sys; n,s,e,r=int(sys.argv[1]),float(sys.argv[2]),float(sys.argv[3]),int(open(sys.argv[4]).read().split()[-1]); print(f'{n:8d} {e-s:10.1f} {n/(e-s):10.1f} {r/1024:14.0f}')" \
    "$count" "$start" "$end" "$work/rss-$n"
done
