#!/usr/bin/env bash
# Measures `serve` under bounded load on loopback: a tiny model, one 224x224 PNG posted to /predict by a fixed
# number of workers (scripts/load-serve.cs) for a fixed time; reports req/s, p50/p95/p99 latency, and the
# server's resident memory before and after the load (and its peak), then stops it with SIGTERM.
#
# Usage: scripts/benchmark-serve.sh [seconds=30] [concurrency=4] [max-concurrency=server default]
# Env:   INT8=1 serves the model's int8 quantization instead of the float model.
# Needs: the .NET SDK, npm (first run fetches ResNet-50), curl.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-30}
concurrency=${2:-4}
slots=${3:-}
port=${PORT:-5077}
work=$(mktemp -d)
server=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# shellcheck source=lib/build-tools.sh
source "$repo/scripts/lib/build-tools.sh"

dotnet "$gen" --output "$work/train" --classes circle,square --per-class 5 --min-size 48 --max-size 96 >/dev/null
dotnet "$cli" train --data "$work/train" --output "$work/model.zip" --unfreeze none --quiet >/dev/null 2>&1
if [ "${INT8:-0}" = 1 ]; then
  # Speed only: the gate is opened wide because 2 validation images cannot measure an accuracy drop.
  dotnet "$cli" quantize --model "$work/model.zip" --data "$work/train" --output "$work/int8.zip" \
    --calibration-images 8 --max-accuracy-drop 1 --quiet >/dev/null 2>&1
  mv "$work/int8.zip" "$work/model.zip"
fi
dotnet "$gen" --output "$work/probe" --classes circle --per-class 1 --min-size 224 --max-size 224 --formats png --seed 7 >/dev/null
image=$(find "$work/probe" -name '*.png' | head -n1)

rss() { awk -v key="$2" '$1 == key":" {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }

dotnet "$cli" serve --model "$work/model.zip" --urls "http://127.0.0.1:$port" ${slots:+--max-concurrency "$slots"} >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 120); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break
  sleep 0.5
done
curl -fs "http://127.0.0.1:$port/healthz" >/dev/null || { cat "$work/serve.log"; exit 1; }

machine_line
echo "server: ${INT8:+int8, }--max-concurrency ${slots:-default}; load: $concurrency workers for $seconds s, $(stat -c %s "$image")-byte 224x224 PNG"
echo "server RSS before load: $(rss "$server" VmRSS) MiB"
dotnet run --file "$repo/scripts/load-serve.cs" -- "http://127.0.0.1:$port/" "$image" "$seconds" "$concurrency"
echo "server RSS after load: $(rss "$server" VmRSS) MiB (peak $(rss "$server" VmHWM) MiB)"

kill -TERM "$server"
status=0
wait "$server" || status=$?
server=
echo "server stopped on SIGTERM with exit code $status: $(tail -n1 "$work/serve.log")"
