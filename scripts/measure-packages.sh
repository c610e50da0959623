#!/usr/bin/env bash
# Packs the tool as the README says and prints each package's size, and the natives in this machine's package.
# Usage: scripts/measure-packages.sh
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
dotnet pack "$repo/src/MlPipeline.Cli" -c Release -o "$out" -v quiet -nologo >/dev/null
for f in "$out"/*.nupkg; do
  printf '%-40s %8.1f MB\n' "$(basename "$f")" "$(python3 -c "import os,sys; print(os.path.getsize(sys.argv[1]) / 1e6)" "$f")"
done
echo "natives in the linux-x64 package:"
unzip -l "$out"/MlPipeline.linux-x64.*.nupkg | awk '/\.so/ {printf "  %-70s %6.1f MB\n", $4, $1 / 1e6}'
