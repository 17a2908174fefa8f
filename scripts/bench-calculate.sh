#!/usr/bin/env bash
# Load test of POST /api/v1/quotations/calculate on the embedded default (SQLite).
# Starts the release server on a fresh data dir, loads it with wrk from another
# process for DURATION seconds, prints requests/s and latency percentiles.
# Target (2 cores, wrk on the same machine): >= 5,000 req/s with p99 <= 10 ms.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${DURATION:-15}"
CONNECTIONS="${CONNECTIONS:-32}"
PORT="${PORT:-3400}"
[ -x target/release/server ] || { echo "build first: ./scripts/run.sh or cargo leptos build --release" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing: ./scripts/setup.sh installs it" >&2; exit 1; }
data=$(mktemp -d)
DATA_DIR="$data" LEPTOS_SITE_ADDR="127.0.0.1:$PORT" RUST_LOG=warn ./target/release/server &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fsS -X POST -H 'content-type: application/json' --data "$(sed -n '/\[\[/,/\]\]/p' bench/calculate.lua | sed 's/^wrk.body = \[\[//; s/\]\]$//')" \
  "http://127.0.0.1:$PORT/api/v1/quotations/calculate" | head -c 200; echo
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s bench/calculate.lua "http://127.0.0.1:$PORT/api/v1/quotations/calculate" | tee /dev/stderr | grep '^BENCH'
