#!/usr/bin/env bash
# Search benchmark: generates dossiers of 1,000 and 10,000 articles
# (benches/search/gen-site.mjs), builds them with the release binary, then
# reports the index size, raw and gzipped, per article (baseline: the
# article pages of the same site), and the time to the first result in
# headless Chromium from file:// and over HTTP (baseline: the load of the
# search page without a query, same run).
#
#   bash benches/search.sh              # SIZES="1000 10000" RUNS=5 by default
#   SIZES=1000 RUNS=3 bash benches/search.sh
#   BASELINE=/path/to/old/dossier PROFILE=1 bash benches/search.sh
#
# With BASELINE (another release binary of dossier), each site is also
# built by both binaries, in turn: CPU time (user + system, which does not
# depend on the machine's load) and peak memory of each, and their ratio.
# With PROFILE=1 as well, perf samples each build with call graphs and
# reports the share of CPU samples whose stack (inlined frames included)
# is in the search module, so the index build's own cost is compared
# (needs perf; slow at 10,000 articles).
#
# Needs: cargo, node, Debian's chromium and wfrench (apt-get install -y
# chromium wfrench); playwright-core is installed in tests/browser.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES="${SIZES:-1000 10000}"
RUNS="${RUNS:-5}"
WORK="${WORK:-target/search-bench}"
mkdir -p "$WORK"

cargo build --release --quiet
[ -d tests/browser/node_modules/playwright-core ] ||
  (cd tests/browser && npm install --no-audit --no-fund --silent)

# Share of perf samples spent in the search module: a sample counts if a
# frame of its stack, inlined ones included, is in `dossier::search` (or
# is one of its functions inlined into rayon's).
search_share() {
  perf script -i "$1" 2>/dev/null | python3 -c '
import sys
names = ("dossier::search::", "count_chunk", "count_stems", "index_documents",
         "doc_text", "write_stem_json", "doc_chunk", "term_shard", "render_data")
total = hit = 0
frames = []
def flush():
    global total, hit
    if frames:
        total += 1
        hit += any(n in f for f in frames for n in names)
for line in sys.stdin:
    if not line.strip():
        flush(); frames = []
    elif line[0] in "\t ":
        frames.append(line.strip().split(" ", 1)[-1])
flush()
print(f"{hit} {total}")'
}

# Builds a site with this binary and the baseline; prints CPU time, peak
# memory and, with PROFILE=1, the search module's share of CPU samples,
# then the ratios (this binary / baseline).
build_cost() {
  local site=$1 n=$2 bin out cpu mb hit total
  local -a figures=()
  for bin in ./target/release/dossier "$BASELINE"; do
    out="$WORK/cost-out"
    rm -rf "$out"
    read -r cpu mb < <(/usr/bin/time -f "%U %S %M" "$bin" build --root "$site" \
      --output-dir "$out" 2>&1 >/dev/null | tail -1 | awk '{print $1 + $2, $3 / 1024}')
    hit=0 total=0
    if [ "${PROFILE:-}" = 1 ]; then
      rm -rf "$out"
      perf record -q -F 500 --call-graph dwarf,24576 -o "$WORK/perf.data" \
        "$bin" build --root "$site" --output-dir "$out" >/dev/null 2>&1
      read -r hit total < <(search_share "$WORK/perf.data")
      rm -f "$WORK/perf.data"
    fi
    echo "$n $bin: cpu ${cpu} s, peak ${mb} MB, search ${hit} of ${total} samples" >&2
    figures+=("$cpu" "$mb" "$hit")
  done
  rm -rf "$out"
  awk -v n="$n" -v c1="${figures[0]}" -v m1="${figures[1]}" -v h1="${figures[2]}" \
    -v c0="${figures[3]}" -v m0="${figures[4]}" -v h0="${figures[5]}" 'BEGIN {
      printf "%s articles, this / baseline: cpu %.2f, peak %.2f", n, c1 / c0, m1 / m0
      if (h0 > 0 && h1 > 0) printf ", search cpu %.2f (baseline / this %.1fx)", h1 / h0, h0 / h1
      printf "\n" }' | tee -a "$WORK/cost-$n.txt"
}

for n in $SIZES; do
  site="$WORK/site-$n"
  echo "== $n articles" >&2
  node benches/search/gen-site.mjs "$site" "$n"
  start=$(date +%s.%N)
  ./target/release/dossier build --root "$site" >/dev/null
  end=$(date +%s.%N)
  echo "build: $(echo "$end - $start" | bc) s" >&2
  node benches/search/sizes.mjs "$site/public" "$n" | tee "$WORK/sizes-$n.json"
  if [ -n "${BASELINE:-}" ]; then
    build_cost "$site" "$n"
  fi
  node benches/search/query-time.mjs "$site/public" "$RUNS" | tee "$WORK/query-$n.json"
done
