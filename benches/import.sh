#!/usr/bin/env bash
# Measures `dossier import --stdout` on one-line inputs of 1 MB and 10 MB
# (the issue asks that a 10 MB line must not hang). Linear time shows as a
# ratio near 10 between the two runs, measured in the same session.
# Needs hyperfine (apt-get install hyperfine). Run from the repository root.
set -euo pipefail
cargo build --release --quiet
bin=target/release/dossier
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
sentence='Les jihadistes utilisent des logiciels de cryptage, voir https://example.org/a_b?x=1 et www.exemple.fr, pour « échapper » à la surveillance des autorités (...) ; dit-il. '
python3 - "$dir" "$sentence" <<'PY'
import sys
d, s = sys.argv[1], sys.argv[2]
for mb in (1, 10):
    n = mb * 1024 * 1024 // len(s.encode()) + 1
    open(f"{d}/line-{mb}mb.txt", "w").write(s * n)
PY
hyperfine --warmup 1 --export-markdown "$dir/report.md" \
  -n 1MB "$bin import --stdout $dir/line-1mb.txt" \
  -n 10MB "$bin import --stdout $dir/line-10mb.txt" >/dev/null
cat "$dir/report.md"
