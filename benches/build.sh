#!/usr/bin/env bash
# Build benchmark (issue 3, "Speed"): times `dossier build` (release) on
# synthetic dossiers of N articles, against the floor measured in the same
# run: `cp -r` of the same content directory. For reference it also times
# `cp -r` of the build's own output, what writing it alone costs.
#
#   bash benches/build.sh            # N = 1000 and 10000
#   bash benches/build.sh 200 2000   # other sizes
#   RUNS=20 bash benches/build.sh    # more timed runs per command
#
# Needs hyperfine (apt-get install -y hyperfine), GNU time (/usr/bin/time)
# and python3. Reports the median wall time (hyperfine), the peak memory
# (`/usr/bin/time -v`, maximum resident set size) and the ratios to the
# floor. Run it on a quiet machine: check `uptime` first.
set -euo pipefail

cd "$(dirname "$0")/.."
REPO=$(pwd)
SIZES=("${@:-1000 10000}")
# shellcheck disable=SC2206
SIZES=(${SIZES[*]})
RUNS=${RUNS:-10}
WORK=${BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/dossier-bench.XXXXXX")}
trap 'rm -rf "$WORK"' EXIT

for tool in hyperfine python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done

echo "load before the run: $(uptime)"
cargo build --release --quiet
BIN="$REPO/target/release/dossier"

# Peak resident memory (MB) and CPU time (user + system, s) of one run of
# a command. CPU time does not depend on what else the machine is doing,
# so it is the figure to compare when the load is not quiet.
peak_mb_cpu() {
  /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F: '
    /Maximum resident set size/ { mb = $2 / 1024 }
    /User time/ { cpu += $2 } /System time/ { cpu += $2 }
    END { printf "%.1f %.2f\n", mb, cpu }'
}

printf '\n%-7s %-14s %10s %10s %12s %10s %8s\n' N command "median s" "x floor" "peak MB" "x floor" "cpu s"
for n in "${SIZES[@]}"; do
  site="$WORK/site-$n"
  python3 "$REPO/benches/gen_site.py" "$n" "$site" --seed 42
  cp -r "$REPO/themes" "$site/themes"
  out="$WORK/out-$n"
  copy="$WORK/copy-$n"
  json="$WORK/times-$n.json"

  # Each timed run starts without an output, so both commands create a
  # fresh tree; the deletion is not timed.
  hyperfine --style none --warmup 1 --runs "$RUNS" --export-json "$json" \
    --prepare "rm -rf '$out' '$copy'" \
    -n build "'$BIN' build --root '$site' --output-dir '$out'" \
    -n "cp -r" "cp -r '$site/content' '$copy'" >/dev/null 2>&1

  rm -rf "$out" "$copy"
  read -r build_mb build_cpu < <(peak_mb_cpu "$BIN" build --root "$site" --output-dir "$out")
  rm -rf "$copy"
  read -r cp_mb cp_cpu < <(peak_mb_cpu cp -r "$site/content" "$copy")
  files=$(find "$out" -type f | wc -l)
  # A second reference: copying what the build writes (its 26,000 files
  # and 500 MB at 10,000 articles, against the content's 10,000), which
  # no build of this output can beat.
  out_json="$WORK/out-copy-$n.json"
  hyperfine --style none --warmup 1 --runs "$RUNS" --export-json "$out_json" \
    --prepare "rm -rf '$copy'" \
    -n "cp -r output" "cp -r '$out' '$copy'" >/dev/null 2>&1
  rm -rf "$copy"

  python3 - "$json" "$n" "$build_mb" "$cp_mb" "$files" "$build_cpu" "$cp_cpu" "$out_json" <<'EOF'
import json, sys
path, n, files = sys.argv[1], int(sys.argv[2]), sys.argv[5]
build_mb, cp_mb, build_cpu, cp_cpu = map(float, (sys.argv[3], sys.argv[4], sys.argv[6], sys.argv[7]))
res = {r["command"]: r for r in json.load(open(path))["results"]}
res.update({r["command"]: r for r in json.load(open(sys.argv[8]))["results"]})
b, c, o = res["build"]["median"], res["cp -r"]["median"], res["cp -r output"]["median"]
print(f"{n:<7} {'dossier build':<14} {b:10.3f} {b / c:10.1f} {build_mb:12.1f} {build_mb / cp_mb:10.1f} {build_cpu:8.2f}")
print(f"{n:<7} {'cp -r (floor)':<14} {c:10.3f} {1:10.1f} {cp_mb:12.1f} {1:10.1f} {cp_cpu:8.2f}")
print(f"{n:<7} {'cp -r output':<14} {o:10.3f} {o / c:10.1f}")
targets = {1000: (0.3, 48), 10000: (2.9, 370)}
if n in targets:
    t, m = targets[n]
    ok = lambda x: "ok" if x else "MISSED"
    print(f"{'':7} targets: time <= {t} s {ok(b <= t)}, memory <= {m} MB {ok(build_mb <= m)}, "
          f"<= 5x floor {ok(b / c <= 5)}   ({files} files written)")
EOF
done
echo "load after the run: $(uptime)"
