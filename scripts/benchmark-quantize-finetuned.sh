#!/usr/bin/env bash
# quantize on fine-tuned models of real data: for each Fashion-MNIST subset (scripts/render-fashion-mnist.py, 100
# training and 50 test images per class, one seed each), train with the defaults (linear probe, then last-stage
# fine-tuning), then quantize it several ways, each written whatever its accuracy (--max-accuracy-drop 1):
#   minmax, entropy: every activation quantized (--keep-float 0), min-max or entropy ranges;
#   default: quantize's defaults (when all-quantized fails the gate, the sensitivity pass keeps the most sensitive
#            activations in float);
# and print, per model: quantize's validation accuracy (float and int8), evaluate's accuracy on the subset's test
# images, and a bare ONNX Runtime session's images/s on the backbone (scripts/backbone-rate.cs) with its ratio to
# the float one measured in the same run.
#
# Usage: scripts/benchmark-quantize-finetuned.sh [seeds...]   (default: 1 2)
# Env:   RATE_SECONDS=S seconds of the raw-rate loop per model (default 20)
# Needs: the .NET SDK, npm (first run fetches ResNet-50), Debian's dataset-fashion-mnist, python3.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
[ $# -gt 0 ] || set -- 1 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# shellcheck source=lib/build-tools.sh
source "$repo/scripts/lib/build-tools.sh"
machine_line
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

accuracy() { python3 -c 'import json,sys; print("%.3f" % json.load(open(sys.argv[1]))["metrics"]["microAccuracy"])' "$1"; }
validation() {
  python3 -c 'import json,sys; q=json.load(open(sys.argv[1]))["quantization"]; print("%.3f %.3f" % (q["floatAccuracy"], q["quantizedAccuracy"]))' "$1"
}

for seed in "$@"; do
  data="$work/fashion-$seed"
  python3 "$repo/scripts/render-fashion-mnist.py" "$data" --per-class 100 --test-per-class 50 --seed "$seed" --size 28 >/dev/null
  dotnet "$cli" train --data "$data/train" --output "$work/fp32-$seed.zip" --quiet >/dev/null 2>&1
  dotnet "$cli" evaluate --model "$work/fp32-$seed.zip" --data "$data/test" --json --quiet >"$work/fp32-$seed.test.json" 2>/dev/null
  models=("$work/fp32-$seed.zip")
  for variant in minmax entropy default; do
    case $variant in
      minmax) args=(--calibration MinMax --keep-float 0) ;;
      entropy) args=(--calibration Entropy --keep-float 0) ;;
      default) args=() ;;
    esac
    out="$work/$variant-$seed"
    dotnet "$cli" quantize --model "$work/fp32-$seed.zip" --data "$data/train" --output "$out.zip" \
      --max-accuracy-drop 1 --json --quiet "${args[@]}" >"$out.json" 2>/dev/null
    dotnet "$cli" evaluate --model "$out.zip" --data "$data/test" --json --quiet >"$out.test.json" 2>/dev/null
    models+=("$out.zip")
  done

  echo "== seed $seed: accuracy (validation: quantize's split of the training folder; test: the subset's test images) =="
  printf '%-10s %14s %12s %10s %10s  %s\n' model val_float val_int8 test_float test_int8 kept_float
  for variant in minmax entropy default; do
    out="$work/$variant-$seed"
    kept=$(python3 -c 'import json,sys; print(", ".join(k["tensor"] for k in json.load(open(sys.argv[1]))["keptFloat"]) or "-")' "$out.json")
    read -r vf vq <<<"$(validation "$out.json")"
    printf '%-10s %14s %12s %10s %10s  %s\n' "$variant" "$vf" "$vq" "$(accuracy "$work/fp32-$seed.test.json")" "$(accuracy "$out.test.json")" "$kept"
  done
  echo "== seed $seed: bare ONNX Runtime session, batch 1 ($(nproc) threads) =="
  dotnet run "$repo/scripts/backbone-rate.cs" -- "${RATE_SECONDS:-20}" "${models[@]}"
done
