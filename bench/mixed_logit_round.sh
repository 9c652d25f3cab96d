#!/usr/bin/env bash
# One measuring round of the mixed-logit fit against the numpy peer (../shared/peers/mxl_numpy.py), back to back
# so the load is about the same for both: for each case, the peer (start means 0, sds 0.1, scipy BFGS, no std.
# errors), then Arbiter's bench on 1 thread and on every core from the same start (--zero-start). One line per
# run: the fit's wall and CPU seconds, iterations, final log-likelihood and peak memory, and the ratio peer /
# Arbiter of the fit's wall time. The load average is printed first and last.
# Usage (from the repository root): bench/mixed_logit_round.sh [BENCH=build/bench/mixed_logit_fit] [PEERS=../shared/peers]
#   cases: artificial at 100, 500, 1000, 1500 Halton draws; electricity (panel) at 600.
set -euo pipefail
bench=${1:-build/bench/mixed_logit_fit}
peers=${2:-../shared/peers}
load() { cut -d' ' -f1-3 /proc/loadavg; }
echo "load average $(load)"
for c in "artificial 100" "artificial 500" "artificial 1000" "artificial 1500" "electricity 600"; do
  read -r data draws <<<"$c"
  panel=()
  [[ $data == electricity ]] && panel=(--panel)
  peer=$(/usr/bin/python3 "$peers/mxl_numpy.py" "$data" --draws "$draws" "${panel[@]}" --se none)
  pw=$(sed -n 's/^estimation: wall \([0-9.]*\)s.*/\1/p' <<<"$peer")
  pc=$(sed -n 's/^estimation: wall [0-9.]*s  cpu \([0-9.]*\)s.*/\1/p' <<<"$peer")
  pll=$(sed -n 's/^SLL \(-[0-9.]*\).*/\1/p' <<<"$peer")
  pmem=$(sed -n 's/^peak memory (ru_maxrss) \([0-9.]*\) MB.*/\1/p' <<<"$peer")
  printf '%-11s R=%-4s numpy peer:       fit %6.3f s wall, %6.3f CPU-s, LL %s, peak %s MB\n' "$data" "$draws" "$pw" "$pc" "$pll" "$pmem"
  for threads in 1 0; do
    out=$("$bench" "$data" --draws "$draws" --threads "$threads" --zero-start)
    aw=$(sed -n 's/.*fit \([0-9.]*\), se.*/\1/p' <<<"$out")
    ac=$(sed -n 's/.*start, fit and se \([0-9.]*\)).*/\1/p' <<<"$out")
    all=$(sed -n 's/^  LL \(-[0-9.]*\).*/\1/p' <<<"$out")
    amem=$(sed -n 's/^  peak memory \([0-9]*\) MB.*/\1/p' <<<"$out")
    its=$(sed -n 's/.*iterations \([0-9]*\).*/\1/p' <<<"$out" | head -1)
    share=$(sed -n 's/.*core softmax \([0-9]*%\).*/\1/p' <<<"$out")
    awk -v d="$data" -v r="$draws" -v t="$threads" -v w="$aw" -v c="$ac" -v l="$all" -v m="$amem" -v i="$its" -v s="$share" -v p="$pw" \
      'BEGIN { printf "%-11s R=%-4s arbiter threads %s: fit %6.3f s wall, %6.3f CPU-s, LL %s, peak %s MB, %s iterations, core softmax %s; peer / arbiter %.1fx wall\n", d, r, t, w, c, l, m, i, s, p / w }'
  done
done
echo "load average $(load)"
