#!/usr/bin/env bash
# Runs per second of one sweep on 1 and 2 threads and on 1, 2 and 3 MPI ranks (docs/scaling.md), and checks
# that every variant wrote the same results.csv and summary.json.
#   bench/sweep_scaling.sh [BUILD=build] [CONFIG=configs/sweeps/bandit_alpha.json] [extra arbiter args...]
set -euo pipefail
build=${1:-build}
config=${2:-configs/sweeps/bandit_alpha.json}
shift $(( $# > 2 ? 2 : $# )) || true
arbiter="$build/arbiter"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
runs=$("$arbiter" sweep "$config" --dry-run "$@" | head -1 | sed -E 's/.*= ([0-9]+) runs.*/\1/')
# measure NAME "LAUNCHER" "ARBITER OPTIONS"
measure() {
  local name=$1 launcher=$2 opts=$3 t0 t1 s
  t0=$(date +%s.%N)
  $launcher "$arbiter" sweep "$config" --out "$work/$name" -q $opts "${extra[@]}" > /dev/null
  t1=$(date +%s.%N)
  s=$(echo "$t1 - $t0" | bc -l)
  printf "%-14s %8.2f s  %8.2f runs/s\n" "$name" "$s" "$(echo "$runs / $s" | bc -l)"
  if [[ -f "$work/threads-1/results.csv" ]]; then
    cmp -s "$work/threads-1/results.csv" "$work/$name/results.csv" &&
      cmp -s "$work/threads-1/summary.json" "$work/$name/summary.json" ||
      { echo "$name: files differ from the 1-thread run" >&2; exit 1; }
  fi
}
extra=("$@")
mpi="mpirun --oversubscribe --allow-run-as-root"
echo "sweep $config: $runs runs"
measure threads-1 "" "-j 1"
measure threads-2 "" "-j 2"
measure mpi-ranks-1 "$mpi -n 1" "-j 1"
measure mpi-ranks-2 "$mpi -n 2" ""
measure mpi-ranks-3 "$mpi -n 3" ""
echo "all variants wrote identical results.csv and summary.json"
