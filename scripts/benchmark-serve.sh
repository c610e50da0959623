#!/usr/bin/env bash
# Measures `serve` under bounded load on loopback: a tiny model, one 224x224 PNG posted to /predict by a fixed
# number of workers (scripts/load-serve.cs) for a fixed time; reports req/s and p50/p95/p99 latency for each
# server configuration in turn: the defaults (metrics and a request line per request), --no-metrics, --quiet, both,
# and the defaults while SIGHUP reloads the model every 2 s. The first two run twice, interleaved, because on a
# shared machine the spread between runs of one configuration is the figure the others must be read against.
# Last, GET /healthz with and without metrics and logging: no inference, so their own cost per request shows.
# Each server's resident memory after its load (and its peak) is shown, and each is stopped with SIGTERM.
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
# A SIGHUP ignored on entry (as under nohup) stays ignored in serve, which then never reloads on it.
if (($(printf '%d' "0x$(awk '/^SigIgn:/ {print $2}' /proc/$$/status)") & 1)); then
  echo "SIGHUP is ignored in this shell (nohup?), so serve would ignore it too: run without nohup (e.g. under setsid)." >&2
  exit 2
fi
work=$(mktemp -d)
server=
get=
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

machine_line
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "server: ${INT8:+int8, }--max-concurrency ${slots:-default}; load: $concurrency workers for $seconds s, $(stat -c %s "$image")-byte 224x224 PNG"

# run NAME RELOAD FLAGS...: one server, loaded for $seconds; with RELOAD=1, SIGHUP every 2 s while the load runs.
run() {
  local name=$1 reload=$2 reloader= result status=0
  shift 2
  dotnet "$cli" serve --model "$work/model.zip" --urls "http://127.0.0.1:$port" ${slots:+--max-concurrency "$slots"} "$@" >"$work/serve.log" 2>&1 &
  server=$!
  for _ in $(seq 120); do
    curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break
    sleep 0.5
  done
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null || { cat "$work/serve.log"; exit 1; }
  if [ "$reload" = 1 ]; then
    : >"$work/hups"
    (sleep 3; while kill -HUP "$server"; do echo >>"$work/hups"; sleep 2; done) 2>/dev/null &
    reloader=$!
  fi
  result=$(dotnet run --file "$repo/scripts/load-serve.cs" -- "http://127.0.0.1:$port/" "$image" "$seconds" "$concurrency" ${get:+"$get"}) || true
  [ -n "$reloader" ] && kill "$reloader" 2>/dev/null
  local during
  during=$(grep -c 'Model reloaded' "$work/serve.log" || true)
  echo "$name: $result; RSS $(rss "$server" VmRSS) MiB (peak $(rss "$server" VmHWM) MiB)"
  kill -TERM "$server"
  wait "$server" || status=$?
  server=
  [ "$status" = 0 ] || { echo "$name: server exited with $status: $(tail -n3 "$work/serve.log")"; exit 1; }
  # Reloads requested while one runs are coalesced into the next; the stop waits for the one under way.
  [ "$reload" = 1 ] && echo "  $(wc -l <"$work/hups") SIGHUPs sent during the load; reloads done during it: $during," \
    "by the stop: $(grep -c 'Model reloaded' "$work/serve.log" || true), refused: $(grep -c 'refused' "$work/serve.log" || true);" \
    "loading and checks took $(grep -o 'took over after [0-9.]* ms' "$work/serve.log" | cut -d' ' -f4 | paste -sd, -) ms"
  return 0
}

run "defaults (metrics, request log)" 0
run "--no-metrics --quiet" 0 --no-metrics --quiet
run "--no-metrics" 0 --no-metrics
run "--quiet" 0 --quiet
run "defaults again" 0
run "--no-metrics --quiet again" 0 --no-metrics --quiet
run "defaults, SIGHUP reload every 2 s" 1
# GET /healthz scores nothing, so the request log's and the metrics' own cost per request shows there.
get=healthz run "GET /healthz, defaults" 0
get=healthz run "GET /healthz, --no-metrics --quiet" 0 --no-metrics --quiet
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
