#!/usr/bin/env bash
# Measures `predict` end to end against the yardstick of a bare ONNX Runtime session, for the float model and its
# int8 quantization, in one run on one machine:
#   1. the raw rate: a bare session's images/s on each zip's backbone (scripts/backbone-rate.cs, batch 1);
#   2. start-up: predict on one file with an empty scoring cache (the zip is read through ML.NET once) and again
#      with the cache filled (backbone and head read from it);
#   3. predict over N generated files (200-400 px JPEG/PNG) with each zip: wall time of the whole command, start-up
#      included, images/s, and peak RSS, which should stay flat as N grows.
#
# Usage: scripts/benchmark-predict.sh [N ...]      (default: 1000 5000)
# Env:   RAW_SECONDS=s per raw-rate model (default 20).
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
dotnet "$cli" train --data "$work/train" --output "$work/fp32.zip" --unfreeze none --quiet >/dev/null 2>&1
# Speed only: the gate is opened wide because 6 validation images cannot measure an accuracy drop.
dotnet "$cli" quantize --model "$work/fp32.zip" --data "$work/train" --output "$work/int8.zip" \
  --calibration-images 24 --max-accuracy-drop 1 --quiet >/dev/null 2>&1

machine_line
echo "== raw rate: a bare ONNX Runtime session, batch 1, default options =="
dotnet run -c Release --file "$repo/scripts/backbone-rate.cs" -- "${RAW_SECONDS:-20}" "$work/fp32.zip" "$work/int8.zip" 2>/dev/null

timed() { # rss-file command...: runs the command, prints its wall seconds
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$1" "${@:2}" >/dev/null 2>&1
  end=$(date +%s.%N)
  python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$start" "$end"
}

# Each model gets its own, initially empty cache folder (predict needs nothing else from the cache).
echo "== start-up: predict on one file =="
one=$(find "$work/train" -type f | head -n1)
for model in fp32 int8; do
  cold=$(MLPIPELINE_CACHE="$work/cache-$model" timed "$work/rss" dotnet "$cli" predict --model "$work/$model.zip" --input "$one" --quiet)
  warm=$(MLPIPELINE_CACHE="$work/cache-$model" timed "$work/rss" dotnet "$cli" predict --model "$work/$model.zip" --input "$one" --quiet)
  echo "$model: ${cold} s with an empty scoring cache, ${warm} s with it filled"
done

echo "== predict over N files (warm scoring cache) =="
printf '%6s %8s %10s %10s %14s\n' model images seconds 'images/s' peak_rss_mib
for n in "${sizes[@]}"; do
  data="$work/data-$n"
  dotnet "$gen" --output "$data" --classes circle,square,triangle --per-class $(( (n + 2) / 3 )) \
    --min-size 200 --max-size 400 --seed "$n" >/dev/null
  find "$data" -mindepth 2 -type f -exec mv -t "$data" {} +
  count=$(find "$data" -maxdepth 1 -type f | wc -l)
  for model in fp32 int8; do
    seconds=$(MLPIPELINE_CACHE="$work/cache-$model" timed "$work/rss" \
      dotnet "$cli" predict --model "$work/$model.zip" --input "$data" --output "$work/p-$model-$n.csv" --quiet)
    python3 -c "import sys; m,n,s,r=sys.argv[1],int(sys.argv[2]),float(sys.argv[3]),int(open(sys.argv[4]).read().split()[-1]); print(f'{m:>6} {n:8d} {s:10.1f} {n/s:10.1f} {r/1024:14.0f}')" \
      "$model" "$count" "$seconds" "$work/rss"
  done
  rm -rf "$data"
done
