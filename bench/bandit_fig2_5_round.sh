#!/usr/bin/env bash
# One measuring round of Figure 2.5 against numpy, run back to back so the load is about the same for all:
# numpy, then each bench binary on 1 thread and on every core (threads 0; best of REPEATS), then numpy again; one line each with
# the wall and CPU seconds (all threads, and the calling thread's: a floor under the wall time on an idle
# machine) and the ratios numpy / Arbiter (the mean of the two numpy runs; numpy's wall or CPU time against
# Arbiter's wall, CPU or calling thread's CPU). The machine's load average is printed first and last.
# Usage (from the repository root): bench/bandit_fig2_5_round.sh [REPEATS=5] BENCH_BINARY...
#   e.g. bench/bandit_fig2_5_round.sh 5 build/bench/bandit_fig2_5 build-native/bench/bandit_fig2_5
set -euo pipefail
repeats=${1:-5}
shift || true
config=configs/rl/bandit_fig2_5.json
load() { cut -d' ' -f1-3 /proc/loadavg; }
numpy() { /usr/bin/python3 bench/bandit_fig2_5_numpy.py | sed -n 's/.*: \([0-9.]*\) s wall, \([0-9.]*\) s CPU.*/\1 \2/p'; }
echo "load average $(load)"
read -r nw1 nc1 < <(numpy)
lines=()
for exe in "$@"; do
  for threads in 1 0; do  # 0: every core
    out=$("$exe" "$config" "$threads" "$repeats" | grep 'best')
    wall=$(sed -n 's/.*best \([0-9.]*\) s wall.*/\1/p' <<<"$out")
    cpu=$(sed -n 's/.*best \([0-9.]*\) s CPU.*/\1/p' <<<"$out")
    main=$(sed -n 's/.*calling thread \([0-9.]*\) s.*/\1/p' <<<"$out")
    lines+=("$exe $threads $wall $cpu $main")
  done
done
read -r nw2 nc2 < <(numpy)
echo "numpy: $nw1 / $nw2 s wall, $nc1 / $nc2 s CPU"
for l in "${lines[@]}"; do
  read -r exe threads wall cpu main <<<"$l"
  awk -v e="$exe" -v t="$threads" -v w="$wall" -v c="$cpu" -v m="$main" -v a="$nw1" -v b="$nw2" -v x="$nc1" -v y="$nc2" \
    'BEGIN { printf "%s, threads %s: best %.3f s wall, %.3f s CPU (calling thread %.3f s); numpy / this: %.1fx wall, %.1fx CPU, %.1fx calling thread\n",
             e, t, w, c, m, (a + b) / 2 / w, (x + y) / 2 / c, (x + y) / 2 / m }'
done
echo "load average $(load)"
