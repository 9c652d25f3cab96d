// ExperimentSession: config resolution and experiment construction through the experiments runner, and
// time-budgeted stepping.
#include "gui/app/experiment_session.hpp"

#include <algorithm>
#include <chrono>
#include <exception>
#include "core/config_error.hpp"
#include "experiments/registry.hpp"

namespace arbiter::gui {

bool ExperimentSession::configure(const nlohmann::json& config, const std::string& file, const std::string& dir) {
  try {
    experiments::LoadedConfig loaded = experiments::resolve_config(config, file, dir);
    auto experiment = experiments::make_experiment(loaded, 0);
    if (experiment_) ghost_.run_replaced(observables_, steps_ > 0);
    loaded_ = std::move(loaded);
    experiment_ = std::move(experiment);
    steps_ = 0;
    step_ms_ = 0.0;
    error_.clear();
    run_failed_ = false;
    live_changed_ = false;
    stop_at_ = 0;
    at_stop_ = false;
    ++generation_;
    refresh();
    return true;
  } catch (const std::exception& e) {
    error_ = e.what();
    return false;
  }
}

bool ExperimentSession::rebuild() {
  if (loaded_.kind == nullptr) return false;
  return configure(loaded_.resolved, loaded_.file, loaded_.config_dir);
}

namespace {

// The schema parameter that a changed JSON path belongs to (a list's element belongs to the list), or
// nullptr when the schema declares none.
const core::Param* param_of(const core::Schema& schema, nlohmann::json::json_pointer path) {
  for (; !path.empty(); path = path.parent_pointer())
    if (const core::Param* p = schema.find(path.to_string())) return p;
  return nullptr;
}

}  // namespace

ExperimentSession::Change ExperimentSession::change(const nlohmann::json& config) {
  if (!experiment_ || loaded_.kind == nullptr)
    return configure(config, loaded_.file.empty() ? "(gui)" : loaded_.file, loaded_.config_dir) ? Change::rebuilt
                                                                                                 : Change::failed;
  experiments::LoadedConfig loaded;
  try {
    loaded = experiments::resolve_config(config, loaded_.file, loaded_.config_dir);
  } catch (const std::exception& e) {
    error_ = e.what();
    return Change::failed;
  }
  bool live = loaded.kind == loaded_.kind && loaded.seed == loaded_.seed;
  const nlohmann::json diff = nlohmann::json::diff(loaded_.resolved, loaded.resolved);
  if (live && diff.empty()) {
    error_.clear();
    return Change::none;
  }
  for (const auto& op : diff) {
    if (!live) break;
    const core::Param* p = param_of(loaded_.kind->schema, nlohmann::json::json_pointer(op.at("path").get<std::string>()));
    live = p != nullptr && p->live;
  }
  if (live && !run_failed_ && experiment_->apply_live(loaded.resolved)) {
    loaded_ = std::move(loaded);
    live_changed_ = true;
    error_.clear();
    refresh();
    return Change::live;
  }
  return configure(loaded.resolved, loaded_.file, loaded_.config_dir) ? Change::rebuilt : Change::failed;
}

int ExperimentSession::advance(int max_steps, double budget_ms) {
  if (!experiment_ || run_failed_) return 0;
  using clock = std::chrono::steady_clock;
  const auto start = clock::now();
  int done_steps = 0;
  try {
    double elapsed = 0.0;
    while (done_steps < max_steps && !experiment_->done() && !at_stop_) {
      if (done_steps > 0 && elapsed + step_ms_ > budget_ms) break;  // a slice cannot be split: do not start one
      const auto t0 = clock::now();
      const double before = experiment_->progress();
      experiment_->step();
      ++done_steps;
      // At its stop point a step does nothing: the experiment stands there until the point moves.
      if (stop_at_ > 0 && experiment_->progress() == before) at_stop_ = true;
      const auto t1 = clock::now();
      const double dt = std::chrono::duration<double, std::milli>(t1 - t0).count();
      step_ms_ = step_ms_ > 0.0 ? step_ms_ + 0.2 * (dt - step_ms_) : dt;
      elapsed = std::chrono::duration<double, std::milli>(t1 - start).count();
    }
  } catch (const std::exception& e) {
    error_ = std::string("run failed: ") + e.what();
    run_failed_ = true;
  }
  steps_ += done_steps;
  if (done_steps > 0) refresh();
  return done_steps;
}

bool ExperimentSession::stop_at(long long count) {
  if (!experiment_) return false;
  const long long point = std::max(0LL, count);
  const bool taken = experiment_->stop_at(point);
  stop_at_ = taken ? point : 0;
  at_stop_ = false;
  return taken;
}

bool ExperimentSession::done() const { return experiment_ && experiment_->done(); }

double ExperimentSession::progress() const { return experiment_ ? experiment_->progress() : 0.0; }

std::string ExperimentSession::results_csv() {
  if (!experiment_) return {};
  return experiment_->finish().results.to_csv();
}

void ExperimentSession::refresh() {
  try {
    observables_ = experiment_->observables();
  } catch (const std::exception& e) {
    error_ = std::string("observables failed: ") + e.what();
    run_failed_ = true;
  }
}

}  // namespace arbiter::gui
