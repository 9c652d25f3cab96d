#include "experiments/registry.hpp"

#include <algorithm>
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

namespace {

std::vector<ExperimentKind (*)()>& registrations() {
  static std::vector<ExperimentKind (*)()> makers;
  return makers;
}

}  // namespace

RegisterKind::RegisterKind(ExperimentKind (*make)()) { registrations().push_back(make); }

const Registry& registry() {
  static const Registry instance = [] {
    std::vector<ExperimentKind> kinds;
    for (auto* make : registrations()) kinds.push_back(make());
    std::sort(kinds.begin(), kinds.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    Registry r;
    for (auto& k : kinds) r.add(std::move(k));
    return r;
  }();
  return instance;
}

}  // namespace arbiter::experiments
