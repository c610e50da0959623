#!/usr/bin/env bash
# Fine-tuning on real data: the UCI handwritten digits from Debian's python3-sklearn, rendered by
# scripts/render-digits.py to a fixed train/test split. For each mode it trains, then evaluates on the test
# folder, and prints training images/s (mean over epochs), epochs run, wall time, peak RSS and test accuracy.
# Not a test: figures go in the README.
#
# Usage: scripts/benchmark-finetune.sh [PER_CLASS] [MODES]
#   PER_CLASS  training images per class (default 60; 0 for all ~144)
#   MODES      comma-separated from none,last-stage,last-stage-cached,all (default: all four)
# Needs: the .NET SDK, npm (first run fetches ResNet-50), python3, python3-sklearn (apt), GNU time.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
per_class=${1:-60}
IFS=, read -r -a modes <<< "${2:-none,last-stage,last-stage-cached,all}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# shellcheck source=lib/build-tools.sh
source "$repo/scripts/lib/build-tools.sh"
python3 "$repo/scripts/render-digits.py" "$work/digits" --per-class "$per_class"

machine_line
printf '%-18s %10s %7s %9s %13s %9s\n' mode 'images/s' epochs wall_s peak_rss_mib test_acc
for mode in "${modes[@]}"; do
  case "$mode" in
    none) args=(--unfreeze none) ;;
    last-stage) args=(--unfreeze last-stage) ;;
    last-stage-cached) args=(--unfreeze last-stage --no-augment) ;;
    all) args=(--unfreeze all --epochs 2) ;;
    *) echo "unknown mode $mode" >&2; exit 2 ;;
  esac
  start=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$work/rss-$mode" \
    dotnet "$cli" train --data "$work/digits/train" --output "$work/$mode.zip" "${args[@]}" --json --quiet > "$work/train-$mode.json" 2>/dev/null
  end=$(date +%s.%N)
  dotnet "$cli" evaluate --model "$work/$mode.zip" --data "$work/digits/test" --json > "$work/eval-$mode.json" 2>/dev/null
  python3 - "$mode" "$work/train-$mode.json" "$work/eval-$mode.json" "$work/rss-$mode" "$start" "$end" <<'PY'
import json, sys
mode, train, evaluation, rss, start, end = sys.argv[1:]
t = json.load(open(train))
e = json.load(open(evaluation))
history = (t["manifest"].get("fineTuning") or {}).get("history") or []
ips = sum(h["imagesPerSecond"] for h in history) / len(history) if history else t["featurizationImagesPerSecond"]
accuracy = e["metrics"]["microAccuracy"]
rss_mib = int(open(rss).read().split()[-1]) / 1024
print(f'{mode:<18} {ips:10.1f} {len(history):7d} {float(end) - float(start):9.0f} {rss_mib:13.0f} {accuracy:9.3f}')
PY
done
