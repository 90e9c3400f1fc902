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
#
# Needs: cargo, node, Debian's chromium and wfrench (apt-get install -y
# chromium wfrench); playwright-core is installed in tests/search-browser.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES="${SIZES:-1000 10000}"
RUNS="${RUNS:-5}"
WORK="${WORK:-target/search-bench}"
mkdir -p "$WORK"

cargo build --release --quiet
(cd tests/search-browser && npm install --no-audit --no-fund --silent)

for n in $SIZES; do
  site="$WORK/site-$n"
  echo "== $n articles" >&2
  node benches/search/gen-site.mjs "$site" "$n"
  start=$(date +%s.%N)
  ./target/release/dossier build --root "$site" >/dev/null
  end=$(date +%s.%N)
  echo "build: $(echo "$end - $start" | bc) s" >&2
  node benches/search/sizes.mjs "$site/public" "$n" | tee "$WORK/sizes-$n.json"
  node benches/search/query-time.mjs "$site/public" "$RUNS" | tee "$WORK/query-$n.json"
done
