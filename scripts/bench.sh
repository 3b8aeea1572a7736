#!/usr/bin/env bash
# Runs the benchmarks of BENCHMARKS.md and prints their figures:
#   1. criterion, natively: events processed per second on the benchmark workload
#      (crates/engine/benches/engine.rs), without and with message records, and KeyState::merge;
#   2. the same workload, same program (bench/wasm), built natively and for wasm32-wasip1 and run
#      under Node's WASI; checks that both targets processed the same events with the same trace
#      hash, and prints the wasm/native ratio.
#
# Usage: scripts/bench.sh [--no-criterion] [--runs N]
#   --no-criterion  skip part 1 (part 2 alone takes about a minute once built)
#   --runs N        timed runs per mode in part 2 (default 10; the median is reported)
# Installs the wasm32-wasip1 target if it is missing. Needs Node.js 20 or later.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

criterion=1
runs=10
while [ $# -gt 0 ]; do
  case $1 in
    --no-criterion) criterion=0 ;;
    --runs) runs=${2:?--runs needs a number}; shift ;;
    *) echo "bench.sh: unknown argument $1 (see the top of scripts/bench.sh)" >&2; exit 2 ;;
  esac
  shift
done

say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
command -v node >/dev/null || { echo "bench.sh: node is missing (Node.js 20 or later)" >&2; exit 1; }
if ! rustup target list --installed | grep -qx wasm32-wasip1; then
  say "adding the wasm32-wasip1 target"
  rustup target add wasm32-wasip1
fi

# Prints one criterion figure: group/bench, elements per second, median time per iteration.
criterion_figure() {
  node -e '
    const fs = require("fs");
    const dir = "target/criterion/" + process.argv[1] + "/new/";
    const est = JSON.parse(fs.readFileSync(dir + "estimates.json"));
    const bench = JSON.parse(fs.readFileSync(dir + "benchmark.json"));
    const ns = est.median.point_estimate;
    const n = bench.throughput ? Object.values(bench.throughput)[0] : 1;
    const time = ns >= 1e6 ? (ns / 1e6).toFixed(2) + " ms" : ns.toFixed(1) + " ns";
    console.log(`criterion ${process.argv[1].padEnd(36)} ${(n / ns * 1e9).toFixed(0).padStart(10)} per s` +
      `   (median ${time} per iteration of ${n})`);
  ' "$1"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'),"\
  "$(rustc --version), node $(node --version), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- crates/engine || echo ' (crates/engine has uncommitted changes)')"

if [ "$criterion" = 1 ]; then
  say "criterion (native): cargo bench -p quorumscope-engine --bench engine"
  cargo bench -p quorumscope-engine --bench engine
fi

say "harness: cargo build --release (native and wasm32-wasip1) in bench/wasm"
(
  cd bench/wasm
  cargo build --release --quiet --target-dir ../../target/bench-wasm
  cargo build --release --quiet --target-dir ../../target/bench-wasm --target wasm32-wasip1
)
native_out=$(target/bench-wasm/release/engine-bench --runs "$runs")
wasm_out=$(node --no-warnings bench/wasm/run.mjs \
  target/bench-wasm/wasm32-wasip1/release/engine-bench.wasm --runs "$runs")
printf '%s\n%s\n' "$native_out" "$wasm_out"

say "figures"
if [ "$criterion" = 1 ]; then
  for b in simulate/5_nodes_random_rw simulate/5_nodes_random_rw_recorded \
    scaling/ops/500 scaling/ops/2000 scaling/ops/8000 keystate/merge_dvv; do
    criterion_figure "$b"
  done
fi
NATIVE="$native_out" WASM="$wasm_out" node -e '
  const parse = (s) => s.trim().split("\n").map((l) => JSON.parse(l));
  const native = parse(process.env.NATIVE), wasm = parse(process.env.WASM);
  let ok = true;
  for (const n of native) {
    const w = wasm.find((x) => x.mode === n.mode);
    const same = w && w.events === n.events && w.trace_hash === n.trace_hash;
    ok = ok && same;
    console.log(
      `harness ${n.mode.padEnd(8)} events ${n.events}, trace_hash native ${n.trace_hash} wasm ${w && w.trace_hash}` +
      ` (${same ? "identical" : "DIFFERENT"})`);
    console.log(
      `        events/s median of ${n.runs}: native ${n.events_per_s}, wasm ${w.events_per_s},` +
      ` wasm takes ${(n.events_per_s / w.events_per_s).toFixed(2)}x native;` +
      ` best: native ${n.events_per_s_best}, wasm ${w.events_per_s_best}` +
      ` (${(n.events_per_s_best / w.events_per_s_best).toFixed(2)}x)`);
  }
  if (!ok) { console.error("bench.sh: native and wasm runs differ: the engine is not deterministic across targets"); process.exit(1); }
'
