#!/usr/bin/env bash
# Builds the page's wasm as the release build ships it, but with function names kept and v0
# symbol names (concrete generic types), then runs bench/page/families.py on it:
#
#   bench/page/families.sh 'btree=alloc::collections::btree' 'serde=serde' ...
#   bench/page/families.sh --group 'alloc::collections::btree' 30
#
# Uses its own target directory (target/families), so the normal build is not rebuilt.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$PWD/node_modules/.bin:$PATH"
tgt=target/families
out=$tgt/an
mkdir -p "$out"
RUSTFLAGS="-C symbol-mangling-version=v0" CARGO_TARGET_DIR=$tgt \
  cargo build -q --offline --profile web-release --target wasm32-unknown-unknown --bin quorumscope
wasm-bindgen --keep-debug --target web --out-dir "$out" "$tgt/wasm32-unknown-unknown/web-release/quorumscope.wasm"
wasm-opt -Oz -g "$out/quorumscope_bg.wasm" -o "$out/named.wasm" --enable-bulk-memory \
  --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
  --enable-reference-types --enable-multivalue
python3 bench/page/families.py "$out/named.wasm" "$@"
