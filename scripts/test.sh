#!/usr/bin/env bash
# Sets up a fresh machine (idempotent) and runs every test:
#   1. Rust unit and integration tests, storage and API against SQLite AND PostgreSQL
#   2. the release site (scripts/build-site.sh): the browser bundle builds the
#      pricing crate for wasm32, as it runs in the browser
#   3. the end-to-end tests in headless Chromium
# PostgreSQL: TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/test).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH"
export TEST_POSTGRES_URL="${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
step() { printf '\n\033[1mtest> %s\033[0m\n' "$*"; }

step "PostgreSQL at $TEST_POSTGRES_URL"
if ! pg_isready -q -d "$TEST_POSTGRES_URL" 2>/dev/null; then
  # The machine's cluster may just be stopped; start it when we can.
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  fi
  for _ in $(seq 1 30); do pg_isready -q -d "$TEST_POSTGRES_URL" && break; sleep 1; done
fi
pg_isready -d "$TEST_POSTGRES_URL"
# Databases left by an interrupted earlier run (each test drops its own when it ends).
for db in $(psql "$TEST_POSTGRES_URL" -Atc "SELECT datname FROM pg_database WHERE datname LIKE 'cotiza\_test\_%'"); do
  psql "$TEST_POSTGRES_URL" -qc "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" || true
done

step "Rust tests (SQLite and PostgreSQL), the browser bundle built meanwhile"
cargo test --release --workspace --exclude frontend --no-run
# The tests mostly wait on databases and servers: the wasm bundle and the CSS
# (scripts/build-site.sh) are built alongside (another profile, so another lock).
# The server binary is the one `cargo test --release` just built (its integration
# tests run it); `cargo build -p server` would recompile most of the tree, as
# dev-dependencies unify other features into a workspace test build.
mkdir -p target
./scripts/build-site.sh --bundle-only > target/build-site.log 2>&1 &
site=$!
tests=0
cargo test --release --workspace --exclude frontend --no-fail-fast || tests=$?
site_status=0
wait "$site" || site_status=$?
step "release site (wasm bundle + Tailwind)"
cat target/build-site.log
[ "$tests" -eq 0 ] || { echo "Rust tests failed" >&2; exit "$tests"; }
[ "$site_status" -eq 0 ] || { echo "the site build failed" >&2; exit "$site_status"; }

step "end-to-end tests in headless Chromium (JS on and off, phone and desktop)"
npx playwright test --config end2end/playwright.config.ts
