#!/usr/bin/env bash
# Installs what a fresh machine lacks to build, serve and test quorumscope, and fetches the
# crates so that Trunk can build offline. Idempotent and quick (a few seconds) when everything
# is already there. Versions are pinned here, in Cargo.lock, Trunk.toml and package-lock.json.
#
# Set QS_SKIP_BROWSER=1 to skip Chromium and ChromeDriver (only needed by the browser tests).
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132
# wasm-bindgen-cli must be exactly the wasm-bindgen version Cargo.lock resolves.
WASM_BINDGEN_VERSION=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock 2>/dev/null | sed -n 's/^version = "\(.*\)"/\1/p' || true)
WASM_BINDGEN_VERSION=${WASM_BINDGEN_VERSION:-0.2.130}

export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

say() { printf 'setup: %s\n' "$*" >&2; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

command -v cargo >/dev/null || die "cargo is missing: install Rust with rustup (https://rustup.rs) first"
command -v rustup >/dev/null || die "rustup is missing: the wasm32 target is added with rustup"
command -v npm >/dev/null || die "npm is missing: install Node.js 20 or later first"

installed_components=$(rustup component list --installed)
for component in rustfmt clippy; do
  if ! grep -q "^$component" <<<"$installed_components"; then
    say "adding the $component component"
    rustup component add "$component"
  fi
done

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! command -v trunk >/dev/null || ! trunk --version | grep -q " $TRUNK_VERSION\$"; then
  say "installing trunk $TRUNK_VERSION (about 10 minutes, once)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

if ! command -v wasm-bindgen >/dev/null || ! command -v wasm-bindgen-test-runner >/dev/null \
  || ! wasm-bindgen --version | grep -q " $WASM_BINDGEN_VERSION\$"; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 3 minutes, once)"
  # Not --locked: its lock file wants a crate version the registry mirror lacks.
  cargo install --force wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if [ "${QS_SKIP_BROWSER:-0}" != 1 ]; then
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    say "installing chromium and chromedriver from Debian (about a minute, once)"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
fi

# wasm-opt (binaryen from npm; Debian's is too old for current rustc output), terser (the
# release build minifies wasm-bindgen's JS with it: scripts/minify-glue.mjs) and Playwright,
# pinned by package-lock.json. Never download Playwright's own browsers: it uses Debian's.
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/@playwright/test ] \
  || [ ! -d node_modules/terser ] \
  || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages (binaryen, playwright, terser)"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
fi
wasm-opt --version | grep -q "version_$BINARYEN_VERSION" \
  || die "node_modules/.bin/wasm-opt is not binaryen $BINARYEN_VERSION (Trunk.toml pins it): run npm ci"

# Trunk builds with cargo --offline (Trunk.toml), so every crate must be here already.
cargo fetch --quiet
