#!/usr/bin/env bash
# Sets up a fresh machine (idempotent), builds the release site and server,
# and starts Cotiza on the embedded default: SQLite under ./data, local-disk
# storage, in-process worker, demo organisation seeded on the first start.
# Any variable of `target/release/server --help` may be set before calling.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/build-site.sh
export DATA_DIR="${DATA_DIR:-$PWD/data}"
echo "Cotiza: http://${LEPTOS_SITE_ADDR:-127.0.0.1:3000}  (demo wizard: /q/demo; stop with Ctrl-C)"
exec ./target/release/server
