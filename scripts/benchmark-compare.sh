#!/usr/bin/env bash
# Measures `evaluate --baseline` against two separate `evaluate` runs on the same held-out folder: the paired run
# decodes each image once and runs both backbones, so it should cost less than the two runs together (the
# decoding and one model load are saved; the two ResNet-50 passes remain). Also prints the comparison's figures
# for a model trained on a tenth of the data against one trained on all of it.
#
# Usage: scripts/benchmark-compare.sh [N]      (N held-out images, default 600)
# Needs: the .NET SDK, npm (first run fetches ResNet-50).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-600}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# shellcheck source=lib/build-tools.sh
source "$repo/scripts/lib/build-tools.sh"

classes=circle,cross,ring,square,stripes,triangle
dotnet "$gen" --output "$work/full" --classes "$classes" --per-class 20 --seed 1 >/dev/null
dotnet "$gen" --output "$work/tenth" --classes "$classes" --per-class 2 --seed 1 >/dev/null
dotnet "$gen" --output "$work/holdout" --classes "$classes" --per-class $(( (n + 5) / 6 )) \
  --min-size 200 --max-size 400 --seed 2 >/dev/null
dotnet "$cli" train --data "$work/full" --output "$work/full.zip" --unfreeze none --quiet >/dev/null 2>&1
dotnet "$cli" train --data "$work/tenth" --output "$work/tenth.zip" --unfreeze none --quiet >/dev/null 2>&1

seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N); python3 -c "print(f'{$e-$s:.1f}')"; }

machine_line
count=$(find "$work/holdout" -type f | wc -l)
alone_candidate=$(seconds dotnet "$cli" evaluate --model "$work/tenth.zip" --data "$work/holdout" --quiet)
alone_baseline=$(seconds dotnet "$cli" evaluate --model "$work/full.zip" --data "$work/holdout" --quiet)
paired=$(seconds dotnet "$cli" evaluate --model "$work/tenth.zip" --baseline "$work/full.zip" --data "$work/holdout" \
  --report "$work/report" --quiet)
echo "held-out images: $count"
echo "evaluate candidate alone: ${alone_candidate} s; baseline alone: ${alone_baseline} s; both: $(python3 -c "print(f'{$alone_candidate+$alone_baseline:.1f}')") s"
echo "evaluate --baseline (paired, one decode): ${paired} s"
python3 - "$work/report/metrics.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
c = m["comparison"]
print(f"candidate (tenth) accuracy {m['metrics']['microAccuracy']:.4f}, baseline (full) {c['baselineReport']['microAccuracy']:.4f}")
print(f"McNemar: fixed {c['mcNemar']['fixed']}, broken {c['mcNemar']['broken']}, p = {c['mcNemar']['pValue']:.3g}")
for g in m["gates"]:
    print(f"gate {g['name']}: {'PASS' if g['passed'] else 'FAIL'} ({g['actual']:.4f})")
PY
