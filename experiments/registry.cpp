#include "experiments/registry.hpp"

#include <stdexcept>

#include "core/config_error.hpp"

namespace arbiter::experiments {

void Registry::add(ExperimentKind kind) {
  for (const auto& k : kinds_)
    if (k.name == kind.name) throw std::logic_error("experiment kind registered twice: " + kind.name);
  kinds_.push_back(std::move(kind));
}

const ExperimentKind& Registry::find(const std::string& name) const {
  for (const auto& k : kinds_)
    if (k.name == name) return k;
  std::string expected = "one of ";
  for (std::size_t i = 0; i < kinds_.size(); ++i) expected += (i ? ", \"" : "\"") + kinds_[i].name + "\"";
  expected += " (see `arbiter list`)";
  throw core::ConfigError("", "/kind", expected, "\"" + name + "\"");
}

}  // namespace arbiter::experiments
