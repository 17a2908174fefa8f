#!/usr/bin/env bash
# Sets up a fresh machine (idempotent) and runs every test:
#   1. Rust unit and integration tests, storage and API against SQLite AND PostgreSQL
#   2. the pricing crate built for wasm32 (it runs in the browser)
#   3. the release build (cargo leptos) and the end-to-end tests in headless Chromium
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

step "Rust tests (SQLite and PostgreSQL)"
cargo test --release --workspace --exclude frontend --no-fail-fast

# After the tests: `cargo test` rebuilds target/release/server, and the
# end-to-end tests must run the binary cargo-leptos built with the site.
step "release build (server + wasm bundle + Tailwind)"
cargo leptos build --release

step "pricing crate for wasm32"
cargo build --release -p domain --target wasm32-unknown-unknown

step "end-to-end tests in headless Chromium (JS on and off, phone and desktop)"
npx playwright test --config end2end/playwright.config.ts
