#!/usr/bin/env bash
# Regenerates data/sample, the small committed dataset for trying the CLI: 3 shape classes x 30
# images, seed 42, alternating jpg/png. The output is deterministic, so rerunning this should
# leave git with nothing to commit.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
output="$repo_root/data/sample"
max_bytes=$((2 * 1024 * 1024))

rm -rf "$output"
dotnet run --project "$repo_root/tools/MlPipeline.ImageGen" -- \
  --output "$output" \
  --classes circle,square,triangle \
  --per-class 30 \
  --seed 42 \
  --formats jpg,png

# Apparent size, not du's block count: the budget is about what git stores.
total_bytes=$(find "$output" -type f -exec cat {} + | wc -c | tr -d ' ')
if ((total_bytes > max_bytes)); then
  echo "data/sample is $total_bytes bytes, over the $max_bytes-byte budget" >&2
  exit 1
fi
echo "data/sample: $total_bytes bytes ($(du -sh "$output" | cut -f1) on disk)"
