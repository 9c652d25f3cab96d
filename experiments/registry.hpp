// The registry of experiment kinds. Each kind declares its name, a one-line description and its config
// schema once; the runner, `arbiter list`, summary.json and the GUI all read that declaration. A kind
// registers itself in its own file (`const RegisterKind registered{make_my_kind};`); there is no central
// list, and the registry lists kinds by name.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>
#include <nlohmann/json.hpp>
#include "core/config_schema.hpp"
#include "experiments/experiment.hpp"

namespace arbiter::experiments {

struct ExperimentKind {
  std::string name;         // "softmax.temperature", "rl.bandit", ...
  std::string description;  // one line for `arbiter list`
  core::Schema schema;
  // Builds the experiment from a resolved config; may throw ConfigError for checks across keys
  // (made before any output is created).
  std::function<std::unique_ptr<Experiment>(const nlohmann::json& config, const RunContext& ctx)> make;
  // Overrides ("/runs=2") that make any config of this kind a short run of the same code paths: the test that
  // runs every shipped config and the config fuzzer apply them.
  std::vector<std::string> quick;
  // Optional: the run's memory and time, estimated from a resolved config before any work (the runner
  // refuses what will not fit in memory and asks --yes for a very long run). Throws nothing.
  std::function<RunCost(const nlohmann::json& config)> cost;
};

class Registry {
 public:
  void add(ExperimentKind kind);  // throws std::logic_error on a duplicate name
  // Throws ConfigError ("/kind: expected one of ...") for an unknown name.
  const ExperimentKind& find(const std::string& name) const;
  const std::vector<ExperimentKind>& kinds() const { return kinds_; }

 private:
  std::vector<ExperimentKind> kinds_;
};

// The registry with every kind in Arbiter registered (built on first use from the registrations below).
const Registry& registry();

// A kind's self-registration, at static initialisation, from the kind's own file. The library holding the
// kinds is linked whole (see experiments/CMakeLists.txt), so no registration is dropped by the linker.
struct RegisterKind {
  explicit RegisterKind(ExperimentKind (*make)());
};

}  // namespace arbiter::experiments
