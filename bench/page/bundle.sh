#!/usr/bin/env bash
# The page's bundle: raw and gzipped (gzip -9) sizes of dist/*.wasm, *.js and *.css, and the
# gzipped total against the budget of issue 3 (250 KB = 250,000 bytes). Reads an existing
# dist/ (scripts/bench-page.sh builds it first). Exits 1 if the total is over budget.
set -euo pipefail
dist=${1:-dist}
budget=250000
shopt -s nullglob
files=("$dist"/*.wasm "$dist"/*.js "$dist"/*.css)
[ ${#files[@]} -gt 0 ] || { echo "no wasm, js or css in $dist: build first (trunk build --release)" >&2; exit 2; }
total_raw=0 total_gz=0
printf '%-48s %10s %10s\n' file bytes gzipped
for f in "${files[@]}"; do
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -n -c "$f" | wc -c)
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
  printf '%-48s %10d %10d\n' "$(basename "$f")" "$raw" "$gz"
done
printf '%-48s %10d %10d\n' total "$total_raw" "$total_gz"
awk -v gz="$total_gz" -v b="$budget" 'BEGIN { printf "gzipped total: %.1f KB of a %d KB budget (KB = 1000 bytes)\n", gz / 1000, b / 1000 }'
if [ "$total_gz" -gt "$budget" ]; then
  echo "OVER BUDGET by $((total_gz - budget)) bytes"
  exit 1
fi
