#!/usr/bin/env bash
# The page's benchmarks (BENCHMARKS.md, "Page and bundle"):
#   1. bundle: release build, then raw and gzipped sizes of dist/*.wasm + *.js + *.css
#      (bench/page/bundle.sh; limit 300 KB gzipped, aim 250 KB), and what families of functions cost in
#      the gzipped wasm (bench/page/families.sh; QS_BENCH_NO_FAMILIES=1 skips it);
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
if [ "${QS_BENCH_NO_FAMILIES:-0}" != 1 ]; then
  echo
  echo "==> where the gzipped wasm goes (bench/page/families.sh: a named build in target/families)"
  bench/page/families.sh 'engine=quorumscope_engine' 'page components=quorumscope::components' \
    'page state, layout=quorumscope::(state|layout|scenarios)' 'yew=^<?yew::' 'serde, serde_json=serde' \
    'BTreeMap, BTreeSet=alloc::collections::btree' 'slice sorts=core::slice::sort' \
    'core::fmt=core::fmt' 'drop glue=drop_in_place'
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
