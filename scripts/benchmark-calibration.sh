#!/usr/bin/env bash
# Measures temperature scaling on real data: for each dataset (a folder with train/ and test/, e.g. rendered by
# scripts/render-fashion-mnist.py or scripts/render-digits.py), trains with the default options, then reports the
# fitted temperature with its validation NLL/ECE before and after (from the manifest), and on the test images the
# accuracy, mean confidence, ECE (15 bins) and Brier score with and without the temperature. Without it means
# softmax(T * log p) of the calibrated probabilities p, which is exactly the head's own softmax(z).
# Not a test: figures go in docs/benchmarks.md.
#
# Usage: scripts/benchmark-calibration.sh DATASET [DATASET ...] [-- extra train options]
# Needs: the .NET SDK, python3 (standard library only, for the test-set figures).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
datasets=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do datasets+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# shellcheck source=lib/build-tools.sh
source "$repo/scripts/lib/build-tools.sh"
machine_line
echo "date: $(date -u +%FT%TZ), load average: $(cut -d' ' -f1-3 /proc/loadavg), train options: ${*:-(defaults)}"
for data in "${datasets[@]}"; do
  name=$(basename "$data")
  start=$(date +%s)
  dotnet "$cli" train --data "$data/train" --output "$work/$name.zip" --quiet "$@" > /dev/null
  train_s=$(( $(date +%s) - start ))
  dotnet "$cli" predict --model "$work/$name.zip" --input "$data/test" --recursive --top-k 10 --output "$work/$name.jsonl" --quiet > /dev/null
  python3 - "$work/$name.zip" "$work/$name.jsonl" "$name" "$train_s" <<'PY'
import json, math, sys, zipfile
model, rows, name, train_s = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
manifest = json.loads(zipfile.ZipFile(model).read("MlPipeline/manifest.json"))
classes = manifest["classes"]
cal = manifest.get("calibration")
t = cal["temperature"] if cal else 1.0
def metrics(vectors, labels):
    n, bins = len(labels), [[0, 0.0, 0] for _ in range(15)]
    brier = conf = right = 0.0
    for p, y in zip(vectors, labels):
        best = max(range(len(p)), key=lambda c: (p[c], -c))
        brier += sum((p[c] - (c == y)) ** 2 for c in range(len(p)))
        k = min(max(math.ceil(p[best] * 15) - 1, 0), 14)
        bins[k][0] += 1; bins[k][1] += p[best]; bins[k][2] += best == y
        conf += p[best]; right += best == y
    ece = sum(abs(b[2] / b[0] - b[1] / b[0]) * b[0] / n for b in bins if b[0])
    nll = -sum(math.log(max(p[y], 1e-300)) for p, y in zip(vectors, labels)) / n
    return right / n, conf / n, ece, brier / n, nll
def uncalibrated(p):
    z = [t * math.log(max(v, 1e-45)) for v in p]
    m = max(z); e = [math.exp(v - m) for v in z]; s = sum(e)
    return [v / s for v in e]
vectors, labels = [], []
for line in open(rows):
    r = json.loads(line)
    if "error" in r and r["error"]:
        continue
    scores = {c["label"]: c["probability"] for c in r["top"]}
    vectors.append([scores[c] for c in classes]); labels.append(classes.index(r["path"].split("/")[0]))
if cal:
    print(f'{name}: T = {t:.3f} on {cal["validationImages"]} validation images, validation NLL {cal["negativeLogLikelihoodBefore"]:.4f} -> {cal["negativeLogLikelihoodAfter"]:.4f}, ECE {cal["expectedCalibrationErrorBefore"]:.4f} -> {cal["expectedCalibrationErrorAfter"]:.4f}; train {train_s} s')
else:
    print(f'{name}: no temperature fitted; train {train_s} s')
print(f'  test ({len(labels)} images)  accuracy  confidence     ECE   Brier     NLL')
for label, vs in (("without T", [uncalibrated(p) for p in vectors]), ("with T", vectors)):
    a, c, e, b, l = metrics(vs, labels)
    print(f'  {label:18} {a:9.4f} {c:11.4f} {e:7.4f} {b:7.4f} {l:7.4f}')
PY
done
