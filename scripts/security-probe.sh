#!/usr/bin/env bash
# Black-box security probe (issue 17) against the release server on SQLite
# and on PostgreSQL: builds `server`, starts it on a fresh database each time
# (loopback, a free port, the render worker in process, short file links, a
# metrics token), runs scripts/security-probe.py against it and stops it.
# Exits non-zero if any probe failed on either database.
#
#   ./scripts/security-probe.sh                 # both databases
#   BACKENDS=sqlite ./scripts/security-probe.sh # one
#
# PostgreSQL: a fresh database cotiza_probe_<random> is created on
# PROBE_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432) and dropped.
set -euo pipefail
cd "$(dirname "$0")/.."
BACKENDS="${BACKENDS:-sqlite postgres}"
PG_URL="${PROBE_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}"
PG_URL="${PG_URL%/}"

cargo build --release -p server --bin server

work=$(mktemp -d)
server_pid=""
probe_db=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  if [ -n "$probe_db" ]; then psql -q "$PG_URL/postgres" -c "DROP DATABASE IF EXISTS $probe_db WITH (FORCE)" >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# A short video for a 360° upload, so real frames are probed too (skipped without ffmpeg).
video_args=()
if command -v ffmpeg >/dev/null 2>&1 &&
   ffmpeg -loglevel error -f lavfi -i testsrc=size=320x240:rate=10 -t 3 -pix_fmt yuv420p -c:v libx264 "$work/car.mp4" 2>/dev/null; then
  video_args=(--video "$work/car.mp4")
else
  echo "ffmpeg not found: the 360° upload and its frames are not probed" >&2
fi

status=0
for backend in $BACKENDS; do
  data="$work/$backend"
  mkdir -p "$data"
  case "$backend" in
    sqlite) url="sqlite://$data/cotiza.db" ;;
    postgres)
      probe_db="cotiza_probe_$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')"
      psql -q "$PG_URL/postgres" -c "CREATE DATABASE $probe_db" >/dev/null
      url="$PG_URL/$probe_db" ;;
    *) echo "unknown backend $backend" >&2; exit 2 ;;
  esac
  port=$(free_port)
  token=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
  DATABASE_URL="$url" DATA_DIR="$data" LEPTOS_SITE_ADDR="127.0.0.1:$port" METRICS_TOKEN="$token" \
    TRUST_PROXY_HEADERS=false WORKER_IN_PROCESS=true WORKER_BACKOFF_SECONDS=1 VIDEO_LINK_TTL_SECONDS=30 \
    WIZARD_SUBMITS_PER_HOUR_PER_IP=20 RUST_LOG=warn ./target/release/server >"$data/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 300); do curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break; sleep 0.1; done
  started=$(date +%s)
  rc=0
  python3 scripts/security-probe.py --base-url "http://127.0.0.1:$port" --label "$backend" --metrics-token "$token" \
    --wizard-per-ip 20 "${video_args[@]}" --json-out "$work/$backend.json" || rc=$?
  echo "$backend: probe exit $rc in $(( $(date +%s) - started )) s"
  panics=$(grep -c "panicked" "$data/server.log" || true)
  errors=$(grep -c "ERROR" "$data/server.log" || true)
  echo "$backend: server log: $panics panics, $errors ERROR lines"
  [ "$panics" = "0" ] || { grep -m5 -A3 "panicked" "$data/server.log"; rc=1; }
  kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; server_pid=""
  if [ -n "$probe_db" ]; then psql -q "$PG_URL/postgres" -c "DROP DATABASE IF EXISTS $probe_db WITH (FORCE)" >/dev/null; probe_db=""; fi
  [ "$rc" = "0" ] || status=1
done
exit "$status"
