#!/usr/bin/env bash
# Measures doctor's near-duplicate rule, old and new, on real pictures: renders Fashion-MNIST (100 training images per
# class) and the UCI digits (the training part) to class folders, then scripts/near-duplicate-pairs.cs builds true
# pairs (each image and a re-encoded, resized, cropped or brightened copy) and false pairs (two images of one class)
# on those and on data/sample, and prints how many of each the two rules flag.
#
# Usage: scripts/benchmark-near-duplicates.sh
# Needs: the .NET SDK, Debian's python3 with dataset-fashion-mnist and python3-sklearn (for the pictures).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 "$repo/scripts/render-fashion-mnist.py" "$work/fashion" --per-class 100 --test-per-class 0 >/dev/null
python3 "$repo/scripts/render-digits.py" "$work/digits" >/dev/null
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB"
dotnet run "$repo/scripts/near-duplicate-pairs.cs" -- \
  fashion="$work/fashion/train" digits="$work/digits/train" sample="$repo/data/sample"
