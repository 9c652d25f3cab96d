#!/usr/bin/env bash
# Runs every shipped config (configs/**/*.json; sweeps with `arbiter sweep`) with the arbiter built from a
# base revision and with the one built from the working tree, and diffs what they write: every CSV (but timing.csv) byte for
# byte, and summary.json without the fields that change from run to run (timings, version, rates).
#   scripts/results-diff.sh [BASE_REV] [--only REGEX]     (default base: HEAD; REGEX filters config paths)
# Exit 0 when every config gives the same files, 1 when any differs (the differing files are listed). Each run
# is limited to RESULTS_DIFF_TIMEOUT seconds (default 300); a config the base cannot finish is reported, not compared.
# The base is built in .results-diff/base (a git worktree, kept between runs); outputs go to .results-diff/.
set -euo pipefail
cd "$(dirname "$0")/.."
base=HEAD only="."
while [[ $# -gt 0 ]]; do
  case "$1" in
    --only) only="$2"; shift 2 ;;
    -h|--help) sed -n 2,7p "$0"; exit 0 ;;
    *) base="$1"; shift ;;
  esac
done
work=.results-diff
mkdir -p "$work"
rev=$(git rev-parse --verify "$base^{commit}")
if [[ ! -d "$work/base" ]]; then git worktree add --detach "$work/base" "$rev" >/dev/null; fi
git -C "$work/base" checkout -q --detach "$rev"
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
for tree in "$work/base" .; do
  cmake -S "$tree" -B "$tree/build-results-diff" -DCMAKE_BUILD_TYPE=Release -DARBITER_GUI=OFF -DARBITER_BENCH=OFF \
    -DBUILD_TESTING=OFF "${launcher[@]}" >/dev/null
  cmake --build "$tree/build-results-diff" -j "$(nproc)" --target arbiter >/dev/null
done

strip_summary() {  # summary.json without the fields that differ between identical runs
  python3 - "$1" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
volatile = {"wall_seconds", "version", "agent_steps_per_second", "started", "finished", "host", "threads",
            "seconds", "rate"}  # and every "*_seconds" and "*_per_second" (timings)
def clean(x):
    if isinstance(x, dict):
        return {k: clean(v) for k, v in x.items()
                if k not in volatile and not k.endswith("_per_second") and not k.endswith("_seconds")}
    if isinstance(x, list):
        return [clean(v) for v in x]
    return x
print(json.dumps(clean(s), indent=1, sort_keys=True))
PY
}

status=0
limit=${RESULTS_DIFF_TIMEOUT:-300}
while IFS= read -r config; do
  name=${config#configs/}; name=${name%.json}
  cmd=run
  grep -q '"sweep"' "$config" && cmd=sweep
  skip=0
  for side in base new; do
    exe=$work/base/build-results-diff/arbiter
    [[ $side == new ]] && exe=./build-results-diff/arbiter
    out=$work/out/$side/$name
    rm -rf "$out"
    mkdir -p "$work/out"
    rc=0
    timeout "$limit" "$exe" "$cmd" "$config" --out "$out" -q --force > "$work/out/$side.$(echo "$name" | tr / _).log" 2>&1 || rc=$?
    if [[ $side == base && $rc -eq 124 ]]; then echo "base did not finish in ${limit} s, not compared: $config"; skip=1; break; fi
    if [[ $rc -ne 0 ]]; then echo "FAILED ($side, exit $rc): $config" >&2; status=1; fi
  done
  [[ $skip == 1 ]] && continue
  a=$work/out/base/$name b=$work/out/new/$name
  same=1
  while IFS= read -r f; do
    rel=${f#"$a"/}
    if [[ ! -f "$b/$rel" ]]; then echo "missing in new: $name/$rel"; same=0; continue; fi
    case "$rel" in
      *timing.csv) ;;  # measured times: the one output a kind documents as varying from run to run
      *summary.json) cmp -s <(strip_summary "$f") <(strip_summary "$b/$rel") || { echo "differs: $name/$rel"; same=0; } ;;
      *) cmp -s "$f" "$b/$rel" || { echo "differs: $name/$rel"; same=0; } ;;
    esac
  done < <(find "$a" -type f \( -name '*.csv' -o -name 'summary.json' \) | sort)
  if [[ $same == 1 ]]; then echo "same: $config"; else status=1; fi
done < <(find configs -name '*.json' | sort | grep -E "$only")
exit $status
