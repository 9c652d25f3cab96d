// The lattice experiment's runs over sizes and temperatures: building them, stepping them in slices (or the
// exact rows one size per step), and live temperature changes.
#include "experiments/physics/lattice_experiment.hpp"

#include <algorithm>
#include <cmath>
#include "core/parallel_for.hpp"

namespace arbiter::experiments::physics_lab {

using json = nlohmann::json;

namespace {

// Spin updates per run per step: about 10 ms of work per run (live: about 0.3 ms, a few sweeps).
constexpr std::int64_t kUpdatesPerSlice = std::int64_t{1} << 21;
constexpr std::int64_t kLiveUpdatesPerSlice = std::int64_t{1} << 16;

}  // namespace

const std::vector<std::string>& lattice_result_columns() {
  static const std::vector<std::string> cols{"L",      "T",        "e_per_spin", "e_err",   "c_per_spin",
                                             "c_err",  "abs_m_per_spin", "abs_m_err", "chi_per_spin",
                                             "chi_err", "binder",  "binder_err", "tau_int"};
  return cols;
}

LatticeExperiment::LatticeExperiment(LatticeSpec spec, const RunContext& ctx)
    : spec_(std::move(spec)), ctx_(ctx), endless_(spec_.live && ctx.slice_seconds <= 0.0) {
  try {
    model_ = physics::make_lattice_model(spec_.model);
  } catch (const core::ArgumentError& e) {
    throw lattice_config_error(e);
  }
  if (spec_.algorithm == "exact") return;
  const auto sampler = physics::parse_sampler(spec_.algorithm);
  std::size_t index = 0;
  for (const int L : spec_.sizes) {
    for (const double T : spec_.temperatures) {
      auto run = std::make_unique<LatticeRun>();
      run->L = L;
      run->T = T;
      run->rng = core::RandomStream(ctx_.seed, index++);
      run->lattice = model_->make_lattice(L, T, sampler);
      runs_.push_back(std::move(run));
    }
  }
}

LatticeExperiment::~LatticeExperiment() = default;

void LatticeExperiment::step_exact() {
  if (exact_next_size_ >= spec_.sizes.size()) return;
  try {
    const auto rows = model_->exact_rows(spec_.sizes[exact_next_size_], spec_.temperatures);
    exact_rows_.insert(exact_rows_.end(), rows.begin(), rows.end());
  } catch (const core::ArgumentError& e) {
    throw lattice_config_error(e);
  }
  ++exact_next_size_;
}

void LatticeExperiment::step() {
  if (done()) return;
  if (spec_.algorithm == "exact") {
    step_exact();
    return;
  }
  // The next up-to-`threads` unfinished runs, round-robin, each advanced by a bounded number of sweeps.
  const int threads = ctx_.threads > 0 ? ctx_.threads : core::default_thread_count();
  std::vector<LatticeRun*> batch;
  for (std::size_t k = 0; k < runs_.size() && static_cast<int>(batch.size()) < std::max(1, threads); ++k) {
    const std::size_t i = (cursor_ + k) % runs_.size();
    if (!runs_[i]->finished) {
      batch.push_back(runs_[i].get());
      last_run_ = i;
    }
  }
  cursor_ = (last_run_ + 1) % runs_.size();
  core::parallel_for(batch.size(), threads, [&](std::size_t b) {
    LatticeRun& r = *batch[b];
    const std::int64_t chunk =
        std::max<std::int64_t>(1, (endless_ ? kLiveUpdatesPerSlice : kUpdatesPerSlice) / r.lattice->sites());
    r.advance(chunk, spec_.thermalization_sweeps, spec_.measurement_sweeps, endless_);
  }, ctx_.cancel);
}

bool LatticeExperiment::done() const {
  if (spec_.algorithm == "exact") return exact_next_size_ >= spec_.sizes.size();
  if (endless_) return ctx_.cancel != nullptr && ctx_.cancel->load();
  for (const auto& r : runs_)
    if (!r->finished) return false;
  return true;
}

double LatticeExperiment::progress() const {
  if (spec_.algorithm == "exact")
    return spec_.sizes.empty() ? 1.0 : static_cast<double>(exact_next_size_) / static_cast<double>(spec_.sizes.size());
  const double target = static_cast<double>(spec_.thermalization_sweeps + spec_.measurement_sweeps);
  double sum = 0.0;
  for (const auto& r : runs_) sum += std::min(1.0, static_cast<double>(r->sweeps) / target);
  return runs_.empty() ? 1.0 : sum / static_cast<double>(runs_.size());
}

std::int64_t LatticeExperiment::sweeps_done() const {
  std::int64_t s = 0;
  for (const auto& r : runs_) s += r->total_sweeps;
  return s;
}

double LatticeExperiment::temperature() const {
  return runs_.empty() ? spec_.temperatures.front() : runs_.front()->T;
}

bool LatticeExperiment::apply_live(const json& config) {
  if (!endless_) return false;
  if (config.value("kind", "physics." + spec_.model.name) != "physics." + spec_.model.name) return false;
  if (config.contains("seed") && config["seed"].is_number_unsigned() && config["seed"].get<std::uint64_t>() != ctx_.seed)
    return false;
  physics::LatticeModelSpec model = spec_.model;
  LatticeSpec next;
  try {
    if (config.contains("q")) model.q = config.at("q").get<int>();
    if (config.contains("dimensions")) model.dimensions = config.at("dimensions").get<int>();
    next = read_lattice_spec(config, model);
  } catch (const std::exception&) {
    return false;
  }
  const LatticeSpec& now = spec_;
  const bool same_rest = next.model.name == now.model.name && next.model.q == now.model.q &&
                         next.model.dimensions == now.model.dimensions && next.model.J == now.model.J &&
                         next.model.h == now.model.h && next.sizes == now.sizes && next.algorithm == now.algorithm &&
                         next.thermalization_sweeps == now.thermalization_sweeps &&
                         next.measurement_sweeps == now.measurement_sweeps && next.live == now.live;
  if (!same_rest || next.temperatures.size() != 1) return false;
  if (next.temperatures.front() != temperature()) set_temperature(next.temperatures.front());
  return true;
}

void LatticeExperiment::set_temperature(double T) {
  LatticeRun& r = *runs_.front();
  if (r.e.size() >= 16) {
    const physics::ThermalAverages a = r.recent_averages(spec_.measurement_sweeps);
    const auto same = std::find_if(visited_.begin(), visited_.end(), [&](const auto& v) { return v.T == r.T; });
    if (same != visited_.end()) *same = a;
    else visited_.push_back(a);
  }
  live_now_samples_ = 0;
  r.restart_at(T);
  spec_.temperatures = {T};
}

}  // namespace arbiter::experiments::physics_lab
