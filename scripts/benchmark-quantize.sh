#!/usr/bin/env bash
# Measures what `quantize` buys and costs, float and int8 side by side in one run:
#   1. accuracy on real data: the UCI handwritten digits shipped by Debian's python3-sklearn (1797 8x8 images,
#      10 classes), rendered to class folders; train, then quantize (float and int8 accuracy on the validation
#      split, and their label agreement); an s8s8 model and a percentile-calibrated one are made too, for the
#      u8s8/s8s8 and min-max/percentile comparisons;
#   2. the yardstick: a bare ONNX Runtime session's images/s on each backbone (scripts/backbone-rate.cs),
#      with the operators ONNX Runtime fuses each graph into;
#   3. predict end to end over N generated files with each zip: images/s and peak RSS.
#
# Usage: scripts/benchmark-quantize.sh [N files] [seconds per raw-rate model]   (default: 1000 30)
# Env:   DIGITS_PER_CLASS=K renders only K digits per class (a smoke run); default all 1797.
# Needs: the .NET SDK, npm (first run fetches ResNet-50), GNU time, Debian's python3-sklearn, -numpy and -pil.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
files=${1:-1000}
seconds=${2:-30}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# shellcheck source=lib/build-tools.sh
source "$repo/scripts/lib/build-tools.sh"

/usr/bin/python3 - "$work/digits" "${DIGITS_PER_CLASS:-0}" <<'PY'
import gzip, os, sys
import numpy as np
from PIL import Image
root, per_class = sys.argv[1], int(sys.argv[2])
with gzip.open("/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz", "rt") as f:
    rows = np.loadtxt(f, delimiter=",")
seen = {}
for i, row in enumerate(rows):
    label = int(row[-1])
    if per_class and seen.get(label, 0) >= per_class:
        continue
    seen[label] = seen.get(label, 0) + 1
    folder = os.path.join(root, str(label))
    os.makedirs(folder, exist_ok=True)
    # 0-16 ink to a dark digit on white, 8x8 scaled to 64x64 with smoothing (the tool resizes to 224 itself).
    pixels = (255 - row[:-1].reshape(8, 8) * 255 / 16).astype(np.uint8)
    Image.fromarray(pixels, "L").resize((64, 64), Image.BICUBIC).save(os.path.join(folder, f"{i:04d}.png"))
print(f"digits: {sum(seen.values())} images in {len(seen)} classes", file=sys.stderr)
PY

machine_line
dotnet "$cli" train --data "$work/digits" --output "$work/fp32.zip" --unfreeze none --quiet >"$work/train.txt" 2>/dev/null
echo "== accuracy on the digits' validation split (u8s8, the default) =="
dotnet "$cli" quantize --model "$work/fp32.zip" --data "$work/digits" --output "$work/int8.zip" --quiet 2>/dev/null \
  || echo "(quantize exited $?: the accuracy gate failed; int8 figures below are missing)"
echo "== s8s8 (int8 activations), written whatever its accuracy, for the speed comparison =="
dotnet "$cli" quantize --model "$work/fp32.zip" --data "$work/digits" --output "$work/int8-s8s8.zip" \
  --activations S8 --max-accuracy-drop 1 --quiet 2>/dev/null
echo "== u8s8 with percentile calibration, written whatever its accuracy, for the min-max/percentile comparison =="
dotnet "$cli" quantize --model "$work/fp32.zip" --data "$work/digits" --output "$work/int8-percentile.zip" \
  --calibration Percentile --max-accuracy-drop 1 --quiet 2>/dev/null

echo "== bare ONNX Runtime session, batch 1, default options ($(nproc) threads) =="
models=("$work/fp32.zip")
[ -f "$work/int8.zip" ] && models+=("$work/int8.zip")
models+=("$work/int8-s8s8.zip")
dotnet run "$repo/scripts/backbone-rate.cs" -- "$seconds" "${models[@]}"

echo "== predict end to end over $files generated files =="
data="$work/predict"
dotnet "$gen" --output "$data" --classes circle,square,triangle --per-class $(( (files + 2) / 3 )) \
  --min-size 200 --max-size 400 --seed "$files" >/dev/null
find "$data" -mindepth 2 -type f -exec mv -t "$data" {} +
count=$(find "$data" -maxdepth 1 -type f | wc -l)
printf '%-14s %8s %10s %10s %14s\n' model images seconds 'images/s' peak_rss_mib
for model in "${models[@]}"; do
  name=$(basename "$model" .zip)
  start=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$work/rss-$name" \
    dotnet "$cli" predict --model "$model" --input "$data" --output "$work/p-$name.csv" --quiet 2>/dev/null || true
  end=$(date +%s.%N)
  python3 -c "import sys; m,n,s,e,r=sys.argv[1],int(sys.argv[2]),float(sys.argv[3]),float(sys.argv[4]),int(open(sys.argv[5]).read().split()[-1]); print(f'{m:<14} {n:8d} {e-s:10.1f} {n/(e-s):10.1f} {r/1024:14.0f}')" \
    "$name" "$count" "$start" "$end" "$work/rss-$name"
done
