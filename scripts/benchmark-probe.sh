#!/usr/bin/env bash
# Measures the linear probe (`train --unfreeze none`) on real data: seeded Fashion-MNIST subsets of 30 and 100
# training images per class (two seeds each), scored by `evaluate` on each subset's own 500 test images, which
# come from the package's separate test file. Each REV is a git revision (built from `git archive`) or "." for
# the working tree, so a change is compared with the code before it on the same machine, back to back.
#
# Usage: scripts/benchmark-probe.sh REV [REV ...]     e.g. scripts/benchmark-probe.sh main .
#        BENCH_DATA=DIR keeps the rendered subsets between calls (default: a temporary folder).
# Needs: the .NET SDK, the backbone in the cache (any earlier train), Debian's dataset-fashion-mnist.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
[ $# -ge 1 ] || { echo "usage: $0 REV [REV ...]" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
data=${BENCH_DATA:-$work/data}

for per_class in 30 100; do
  for seed in 1 2; do
    subset="$data/fashion-$per_class-s$seed"
    [ -d "$subset/test" ] || python3 "$repo/scripts/render-fashion-mnist.py" "$subset" --per-class "$per_class" --test-per-class 50 --seed "$seed" >/dev/null
  done
done

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u '+%Y-%m-%d %H:%M UTC'), load:$(uptime | sed 's/.*load average://')"
printf '%-10s %9s %4s %9s %9s %9s %8s  %s\n' rev per_class seed val_acc test_acc test_ll train_s head
for rev in "$@"; do
  if [ "$rev" = "." ]; then
    src=$repo
  else
    src="$work/src-$rev"
    mkdir -p "$src"
    git -C "$repo" archive "$rev" | tar -x -C "$src"
  fi
  dotnet build "$src/src/MlPipeline.Cli" -c Release -v quiet -nologo >/dev/null
  cli="$src/src/MlPipeline.Cli/bin/Release/net10.0/mlpipeline.dll"
  for per_class in 30 100; do
    for seed in 1 2; do
      subset="$data/fashion-$per_class-s$seed"
      out="$work/model-$rev-$per_class-$seed.zip"
      dotnet "$cli" train --data "$subset/train" --output "$out" --unfreeze none --json --quiet > "$work/train.json" 2>/dev/null
      dotnet "$cli" evaluate --model "$out" --data "$subset/test" --json > "$work/eval.json" 2>/dev/null
      python3 - "$rev" "$per_class" "$seed" "$work/train.json" "$work/eval.json" <<'PY'
import json, sys
rev, per_class, seed, train, evaluation = sys.argv[1:6]
t, e = json.load(open(train)), json.load(open(evaluation))
head = t["manifest"].get("head") or {}
described = f'{head.get("scaling", "min-max")} L2={head.get("l2", "ML.NET default")}' if head else t["manifest"]["settings"]["trainer"]
print(f'{rev[:10]:<10} {per_class:>9} {seed:>4} {t["metrics"]["microAccuracy"]:9.3f} {e["metrics"]["microAccuracy"]:9.3f} '
      f'{e["metrics"]["logLoss"]:9.3f} {t["elapsedSeconds"]:8.1f}  {described}')
PY
    done
  done
done
