#!/usr/bin/env bash
# Installs everything Cotiza needs on a fresh Debian 12 machine with rustc 1.95.
# Idempotent: each step is skipped when its tool is already there at the right version.
# No step downloads a prebuilt binary: only crates.io, Debian and npm packages.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\033[1msetup>\033[0m %s\n' "$*"; }

apt_packages=(clang libclang-dev pkg-config ffmpeg chromium wrk
  libavcodec-dev libavformat-dev libavutil-dev libswscale-dev libavfilter-dev
  libavdevice-dev libswresample-dev)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# wasm-bindgen-cli must match the wasm-bindgen in Cargo.lock exactly.
wb=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/"/,"",$3); print $3; exit}' Cargo.lock 2>/dev/null || true)
wb=${wb:-0.2.130}
if ! wasm-bindgen --version 2>/dev/null | grep -q "$wb"; then
  log "cargo install wasm-bindgen-cli $wb"
  CARGO_RESOLVER_INCOMPATIBLE_RUST_VERSIONS=fallback cargo install wasm-bindgen-cli --version "=$wb"
fi

if [ ! -x node_modules/.bin/tailwindcss ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "npm install (tailwind, binaryen, playwright, axe-core)"
  # `npm ci` refuses this lock file: the registry only serves the linux-x64
  # optional binaries, so the lock lists the others without entries. `npm
  # install` installs exactly the locked versions and leaves the lock as is.
  npm install --no-audit --no-fund
fi
# moto's S3 server (PyPI) for crates/blob/tests/s3.rs: the S3 backend is tested against it.
MOTO_VERSION=5.2.1
if ! python3 -c "import moto, sys; sys.exit(moto.__version__ != '$MOTO_VERSION')" 2>/dev/null \
   || ! python3 -c 'import flask, flask_cors' 2>/dev/null; then
  log "pip install moto[server]==$MOTO_VERSION"
  # pyenv/venv Pythons take plain pip; a system Python wants --user.
  python3 -m pip install --quiet "moto[server]==$MOTO_VERSION" \
    || python3 -m pip install --quiet --user "moto[server]==$MOTO_VERSION"
fi
log "ready"
