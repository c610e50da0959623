#!/usr/bin/env bash
# The checks CI runs before the tests: the formatter (the .editorconfig's whitespace rules, with no changes to make)
# and a build of every C# script under scripts/, which no project references, so nothing else would notice them rot.
#   scripts/lint.sh         check
#   scripts/lint.sh --fix   apply the formatter's changes
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = "--fix" ]; then
  exec dotnet format whitespace MlPipeline.sln
fi
if [ $# -gt 0 ]; then
  echo "usage: scripts/lint.sh [--fix]" >&2
  exit 2
fi

dotnet format whitespace MlPipeline.sln --verify-no-changes || {
  echo "The formatter has changes to make: run scripts/lint.sh --fix and commit them." >&2
  exit 1
}

while IFS= read -r script; do
  echo "Building $script" >&2
  dotnet build "$script" -nologo -v:q
done < <(find scripts -name '*.cs' -not -path '*/node_modules/*' | sort)
