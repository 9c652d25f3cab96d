#!/bin/bash
# The layering rules of docs (DESIGN.md "Layers", the developers' guide) as greps; run from the repository root.
# Usage: check_architecture.sh RULE, one of
#   includes       gui/ and apps/ include only the experiments headers allowed below
#   gui_casts      gui/ never dynamic_casts (a lab speaks to an Experiment through its contract)
#   domain_errors  physics/ econ/ agents/ envs/ ml/ never name core::ConfigError (they throw errors naming the
#                  argument; the kind that read the config maps argument to JSON path)
#   kind_list      there is no central list of kinds (experiments/all_kinds.cpp): kinds register themselves
# Exit status 0 when the rule holds, 1 with the offending lines when it does not, 2 for a bad usage.
set -u

# Headers of experiments/ that the thin front ends may include, and why.
gui_allowed=(
  experiments/experiment.hpp     # the contract: step, observables, apply_live, finish
  experiments/registry.hpp       # the kinds and their schemas (controls, `arbiter list`)
  experiments/config_loader.hpp  # config file -> validated LoadedConfig -> Experiment
)
apps_allowed=(
  "${gui_allowed[@]}"
  experiments/runner.hpp         # `arbiter run` / `sweep`: run to the end and write results atomically
  experiments/sweep_plan.hpp     # `arbiter sweep`: expand and validate the plan
  experiments/sweep_run.hpp      # `arbiter sweep`: run the plan's runs
  experiments/sweep_threads.hpp  # `arbiter sweep`: the runs on a thread pool
  experiments/sweep_folder.hpp   # `arbiter sweep`: the sweep's output folder (resume, index)
  experiments/sweep_report.hpp   # `arbiter report`: a sweep folder's table
  experiments/distributed_sums.hpp  # `arbiter run` under mpirun: the ranks' all-gather of chunk sums
)

# disallowed_includes DIR ALLOWED...: prints every #include "experiments/..." in DIR not in ALLOWED.
disallowed_includes() {
  local dir=$1; shift
  local pattern
  pattern=$(printf '%s\n' "$@" | sed 's/\./\\./g; s/.*/#include "&"/' | paste -sd'|')
  grep -rn '#include "experiments/' "$dir" | grep -Ev "$pattern"
}

case "${1:-}" in
  includes)
    bad=$( { disallowed_includes gui "${gui_allowed[@]}"; disallowed_includes apps "${apps_allowed[@]}"; } )
    if [ -n "$bad" ]; then
      echo "gui/ and apps/ may include only these experiments headers (see tests/arch/check_architecture.sh):"
      echo "  gui: ${gui_allowed[*]}"
      echo "  apps: ${apps_allowed[*]}"
      echo "found:"; echo "$bad"; exit 1
    fi ;;
  gui_casts)
    bad=$(grep -rn dynamic_cast gui)
    if [ -n "$bad" ]; then
      echo "gui/ must not dynamic_cast (reach an experiment through the Experiment contract: observables, apply_live):"
      echo "$bad"; exit 1
    fi ;;
  domain_errors)
    bad=$(grep -rln ConfigError physics econ agents envs ml)
    if [ -n "$bad" ]; then
      echo "domain modules must not name ConfigError (throw core::ArgumentError / InputError naming the argument;" \
           "the kind maps it to the JSON path):"
      echo "$bad"; exit 1
    fi ;;
  kind_list)
    if [ -e experiments/all_kinds.cpp ]; then
      echo "experiments/all_kinds.cpp is back: kinds register themselves in their own files (RegisterKind)"; exit 1
    fi ;;
  *)
    echo "usage: $0 includes|gui_casts|domain_errors|kind_list" >&2; exit 2 ;;
esac
echo "ok: $1"
