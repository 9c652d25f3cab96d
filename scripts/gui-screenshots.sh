#!/usr/bin/env bash
# Regenerates the README's and docs/'s screenshots of arbiter-gui (docs/images/*.png) under xvfb-run, each at a
# fixed size, frame count and speed (steps per frame, not the wall-clock teaching pace), so that the same
# build draws the same lesson state.
#   scripts/gui-screenshots.sh [BUILD_DIR] [--only REGEX]   (default build dir: build; REGEX filters image names)
# Needs arbiter-gui built in BUILD_DIR (cmake --build BUILD_DIR --target arbiter-gui) and xvfb-run. Exit 2
# when either is missing, 1 when a screenshot fails (its arbiter-gui output is printed).
set -euo pipefail
cd "$(dirname "$0")/.."
build=build only="."
while [[ $# -gt 0 ]]; do
  case "$1" in
    --only) only="$2"; shift 2 ;;
    -h|--help) sed -n 2,7p "$0"; exit 0 ;;
    *) build="$1"; shift ;;
  esac
done
gui="$build/gui/arbiter-gui"
[[ -x "$gui" ]] || { echo "gui-screenshots: $gui not found: build it (cmake --build $build --target arbiter-gui)" >&2; exit 2; }
command -v xvfb-run >/dev/null || { echo "gui-screenshots: xvfb-run not found (apt-get install xvfb)" >&2; exit 2; }

c=configs/classroom
# NAME  CONFIG  SIZE  FRAMES  SPEED  [extra arbiter-gui arguments]
shots=(
  "softmax_lab               $c/01_softmax_temperature.json      1280x800  30  1"
  "bandit_lab                $c/03_bandit_exploration.json       1280x800  150 2"
  "policy_gradient_gridworld $c/05_pg_gridworld.json             1280x800  150 2"
  "policy_gradient_cartpole  $c/06_pg_cartpole.json              1280x800  400 1"
  "market_lab                $c/08_market_pricing.json           1280x800  30  1"
  "physics_ising             $c/09_physics_ising.json            1280x800  60  4"
  "physics_schottky          $c/10_physics_schottky.json         1280x800  30  1"
  "experiment_lab            configs/econ/travelmode_clogit.json 1280x800  30  1"
  "classifier_lab            $c/19_ml_classifier.json            1920x1080 300 1000"
  "class_mode                $c/09_physics_ising.json            1024x768  200 2 --presentation --class"
  "class_mode_lesson4        $c/04_pg_short_corridor.json        1024x768  150 1 --presentation --class"
  "high_contrast             $c/03_bandit_exploration.json       1024x768  150 2 --presentation --class --high-contrast"
)
# Scripted (--script, the rest of the line): NAME  CONFIG  SIZE  FRAMES  SPEED  SCRIPT
scripted=(
  "ghost_previous_run $c/04_pg_short_corridor.json 1024x768 170 1000 1 pause-at 600; 110 key r; 111 pause-at 250; 112 key space"
)
failed=0
for shot in "${scripted[@]}"; do
  read -r name config size frames speed script <<<"$shot"
  [[ "$name" =~ $only ]] || continue
  out=docs/images/$name.png
  if log=$(xvfb-run -a -s "-screen 0 1920x1200x24" "$gui" "$config" --size "$size" --frames "$frames" \
             --speed "$speed" --screenshot "$out" --script "$script" 2>&1); then
    echo "gui-screenshots: $out ($config, $size, $frames frames at $speed steps/frame, script \"$script\")"
  else
    echo "$log" >&2
    echo "gui-screenshots: $out failed" >&2
    failed=1
  fi
done
for shot in "${shots[@]}"; do
  read -r name config size frames speed extra <<<"$shot"
  [[ "$name" =~ $only ]] || continue
  out=docs/images/$name.png
  # shellcheck disable=SC2086  # extra holds several arguments
  if log=$(xvfb-run -a -s "-screen 0 1920x1200x24" "$gui" "$config" --size "$size" --frames "$frames" \
             --speed "$speed" --screenshot "$out" $extra 2>&1); then
    echo "gui-screenshots: $out ($config, $size, $frames frames at $speed steps/frame${extra:+, $extra})"
  else
    echo "$log" >&2
    echo "gui-screenshots: $out failed" >&2
    failed=1
  fi
done
exit $failed
