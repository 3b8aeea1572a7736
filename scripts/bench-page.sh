#!/usr/bin/env bash
# The page's benchmarks (BENCHMARKS.md, "Page and bundle"):
#   1. bundle: release build, then raw and gzipped sizes of dist/*.wasm + *.js + *.css
#      (bench/page/bundle.sh; budget 250 KB gzipped), and the wasm's code per crate
#      (bench/page/wasm_by_crate.py);
#   2. load and animation: serves dist/ on 127.0.0.1 and runs bench/page/run.mjs in Debian's
#      Chromium through Playwright (navigation to first interactive frame; frame times with
#      9 nodes and ~200 messages in flight for 10 s).
# Figures only, no pass/fail on times. Run scripts/setup.sh first on a fresh machine.
#
#   scripts/bench-page.sh                 build, then everything
#   QS_BENCH_NO_BUILD=1 scripts/bench-page.sh   use the dist/ that is there
#   PORT=8392 SECONDS_=10 LOADS=10 scripts/bench-page.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

port=${PORT:-8392}
dist=${QS_BENCH_DIST:-dist}

if [ "${QS_BENCH_NO_BUILD:-0}" != 1 ]; then
  echo "==> trunk build --release"
  trunk build --release
fi

echo
echo "==> bundle (bench/page/bundle.sh $dist)"
bundle_status=0
bench/page/bundle.sh "$dist" || bundle_status=$?
cargo_wasm=${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/web-release/quorumscope.wasm
if [ -f "$cargo_wasm" ]; then
  echo
  echo "==> where the wasm goes (bench/page/wasm_by_crate.py, before wasm-bindgen and wasm-opt)"
  /usr/bin/python3 bench/page/wasm_by_crate.py --top 12 "$cargo_wasm"
fi

echo
echo "==> load and animation (bench/page/run.mjs, Chromium $(/usr/bin/chromium --version 2>/dev/null | awk '{print $2}'))"
/usr/bin/python3 -m http.server "$port" --bind 127.0.0.1 --directory "$dist" >/dev/null 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  curl -sf "http://127.0.0.1:$port/index.html" >/dev/null && break
  sleep 0.1
done
node bench/page/run.mjs --base "http://127.0.0.1:$port" --seconds "${SECONDS_:-10}" --loads "${LOADS:-10}"
exit "$bundle_status"
