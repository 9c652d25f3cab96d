// The run's count: a "N / M" number first, then a count of the run's unit by id.
#include "gui/app/run_count.hpp"

#include <cmath>
#include <cstdio>
#include <regex>

namespace arbiter::gui {

namespace {
// The ids kinds give the count of their run's unit (experiments/*: "episodes", "sweeps", ...).
constexpr const char* kCountIds[] = {"episodes", "sweeps", "epoch", "step", "steps", "seeds_done", "runs"};

bool reads_as_total(const std::string& text) {
  static const std::regex total(R"(\s*\d+ / \d+\s*)");
  return std::regex_match(text, total);
}
}  // namespace

const experiments::Number* run_count_number(const experiments::Observables& obs) {
  for (const auto& n : obs.numbers)
    if (reads_as_total(n.text)) return &n;
  for (const char* id : kCountIds)
    for (const auto& n : obs.numbers)
      if (n.id == id && std::isfinite(n.value) && n.value >= 0.0 && n.value == std::floor(n.value)) return &n;
  return nullptr;
}

std::string run_count_text(const experiments::Observables& obs, double progress) {
  const experiments::Number* n = run_count_number(obs);
  if (n == nullptr) return {};
  std::string text = n->label + " " + n->text;
  if (!reads_as_total(n->text) && progress > 0.0 && progress < 1.0) {
    char buf[48];
    std::snprintf(buf, sizeof buf, ", %.*f%% of the run", progress < 0.1 ? 1 : 0, 100.0 * progress);
    text += buf;
  }
  return text;
}

}  // namespace arbiter::gui
