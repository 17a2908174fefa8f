#!/usr/bin/env bash
# Builds the release site into target/site and the server into target/release/server —
# what `cargo leptos build --release` does, with the tools setup.sh installs and
# without cargo-leptos itself (building it from source costs ~25 min on 2 cores):
#   the server by plain cargo, the `frontend` crate for wasm32 in the
#   `wasm-release` profile, wasm-bindgen at the Cargo.lock version, binaryen's
#   wasm-opt -Oz, Tailwind CSS, and `public/` copied in.
# `.cargo/config.toml` sets LEPTOS_OUTPUT_NAME, so the page asks for pkg/cotiza.{js,wasm,css}.
#
#   ./scripts/build-site.sh                # server and site
#   ./scripts/build-site.sh --bundle-only  # the site only: scripts/test.sh runs the server
#                                          # binary `cargo test --release` built (features differ)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
log() { printf '\033[1mbuild>\033[0m %s\n' "$*"; }

site=target/site
pkg="$site/pkg"
next="$site/pkg.next"

if [ "${1:-}" != "--bundle-only" ]; then
  log "server (release)"
  cargo build --release -p server
fi
log "browser bundle (wasm32, wasm-release profile)"
cargo build -p frontend --lib --target wasm32-unknown-unknown --profile wasm-release
rm -rf "$next" && mkdir -p "$next"
wasm-bindgen --target web --no-typescript --out-dir "$next" --out-name cotiza \
  target/wasm32-unknown-unknown/wasm-release/frontend.wasm
log "wasm-opt -Oz"
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
  "$next/cotiza_bg.wasm" -o "$next/cotiza.wasm"
rm "$next/cotiza_bg.wasm"
log "Tailwind CSS"
tailwindcss --input style/tailwind.css --output "$next/cotiza.css" --minify
mkdir -p "$site"
cp -r public/. "$site/"
# The new bundle replaces the old one in one step: a running server never
# serves a half-written pkg/.
rm -rf "$pkg" && mv "$next" "$pkg"
log "site ready: $site ($(du -sh "$pkg" | cut -f1) in pkg/), server: target/release/server"
