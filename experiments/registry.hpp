// The registry of experiment kinds. Each kind declares its name, a one-line description and its config
// schema once; the runner, `arbiter list`, summary.json and the GUI all read that declaration. Kinds are
// registered centrally in all_kinds.cpp (one register_* call per module's experiments).
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

// The registry with every kind in Arbiter registered.
const Registry& registry();

}  // namespace arbiter::experiments
