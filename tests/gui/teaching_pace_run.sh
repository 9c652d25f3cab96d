#!/bin/sh
# The teaching pace on the clock: runs a lesson in arbiter-gui at the normal pace (no --speed) under xvfb-run
# with --exit-when-done, and checks the wall time from the run's first step to its end is the pace's 40 s
# within 20 % (32 to 48 s). With BUSY > 0, that many busy processes (`yes > /dev/null`) load the machine for
# the whole run and are ended after it: the pace is wall time, not frames (a software renderer under load
# draws slowly).
# usage: teaching_pace_run.sh XVFB_RUN ARBITER_GUI CONFIG BUSY
set -u
xvfb=$1 gui=$2 config=$3 busy=$4
pids=""
stop_busy() { for p in $pids; do kill "$p" 2>/dev/null; done; }
trap stop_busy EXIT INT TERM
i=0
while [ "$i" -lt "$busy" ]; do
  yes > /dev/null &
  pids="$pids $!"
  i=$((i + 1))
done
out=$("$xvfb" -a -s "-screen 0 1280x800x24" "$gui" "$config" --size 1024x768 --exit-when-done)
rc=$?
stop_busy
echo "$out"
[ "$rc" -eq 0 ] || { echo "arbiter-gui exited with status $rc"; exit 1; }
seconds=$(echo "$out" | sed -n 's/.*, \([0-9.]*\) s from the first step to the end (pace normal).*/\1/p')
[ -n "$seconds" ] || { echo "no run time at the normal pace in the output"; exit 1; }
if awk -v s="$seconds" 'BEGIN { exit !(s >= 32 && s <= 48) }'; then
  echo "normal pace: $seconds s (40 s +- 20 %) with $busy busy process(es)"
else
  echo "normal pace: $seconds s, outside 32 to 48 s (40 s +- 20 %) with $busy busy process(es)"
  exit 1
fi
