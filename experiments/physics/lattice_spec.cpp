// Reading physics.ising / physics.potts configs: the shared schema keys, the cross-key checks, and the map
// from physics arguments to JSON paths.
#include "experiments/physics/lattice_spec.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include "core/table.hpp"
#include "experiments/physics/lattice_experiment.hpp"
#include "physics/argument_names.hpp"

namespace arbiter::experiments::physics_lab {

using json = nlohmann::json;
using core::ConfigError;
using core::short_json;

void declare_lattice_schema(core::Schema& s) {
  s.integer("/L", 16, "linear size: L x L sites (a chain of L sites for dimensions = 1)").at_least(2).at_most(4096);
  s.add("/sizes", core::ParamType::integer_list, json::array(),
        "several sizes for a finite-size sweep (one run per size and temperature); empty: just L")
      .at_least(2)
      .at_most(4096);
  s.number("/J", 1.0, "nearest-neighbour coupling J (energies in units of J; > 0 ferromagnetic)");
  s.number("/h", 0.0, "external field h");
  s.add("/temperatures", core::ParamType::any, json{{"from", 1.5}, {"to", 3.5}, {"points", 11}},
        "temperatures T > 0 (k_B = 1): a list, or {\"from\": a, \"to\": b, \"points\": n}")
      .validate_with([](const json& v, const std::string& path) { core::check_grid(v, path, 0.0); })
      .live_control();
  s.string("/algorithm", "metropolis",
           "metropolis, heat_bath (Glauber), wolff (cluster; h = 0) or exact (enumeration, exact chain, Kaufman's "
           "torus or transfer matrix; zero errors, NaN where a method has no magnetisation)")
      .one_of({"metropolis", "heat_bath", "wolff", "exact"});
  s.integer("/thermalization_sweeps", 1000, "sweeps discarded before measuring").at_least(0).at_most(1e8);
  s.integer("/measurement_sweeps", 10000,
            "sweeps measured (one sample of e and m per sweep; a Wolff sweep is a fixed number of clusters, about "
            "N flipped spins)")
      .at_least(16)
      .at_most(2e6);
  s.boolean("/live", false,
            "GUI live mode: one lattice at one temperature that can be changed while it runs (no end in the GUI; "
            "arbiter run stops after the sweeps)");
}

RunCost lattice_cost(const json& cfg) {
  std::vector<double> sizes;
  for (const json& L : cfg.at("sizes")) sizes.push_back(L.get<double>());
  if (sizes.empty()) sizes.push_back(cfg.at("L").get<double>());
  const double dimensions = cfg.value("dimensions", 2);
  const double temperatures = static_cast<double>(core::grid_size(cfg.at("temperatures")));
  const double measured = cfg.at("measurement_sweeps").get<double>();
  const double sweeps = cfg.at("thermalization_sweeps").get<double>() + measured;
  const bool exact = cfg.at("algorithm").get<std::string>() == "exact";
  RunCost c;
  c.keys = "/L, /sizes, /temperatures, /thermalization_sweeps, /measurement_sweeps";
  for (double L : sizes) {
    const double spins = dimensions == 1 ? L : L * L;
    // The lattice and a cluster stack per worker; a series of e and m per measured sweep and run.
    c.bytes = std::max(c.bytes, 32.0 * spins);
    c.bytes += temperatures * (exact ? 1024.0 : 32.0 * measured + 1024.0);
    if (!exact) c.seconds += temperatures * spins * sweeps * 20e-9;  // about 20 ns a spin update
  }
  return c;
}

core::ConfigError lattice_config_error(const core::ArgumentError& e) {
  static const std::map<std::string, std::string> paths{
      {physics::arg::lattice_size, "/L"},  {physics::arg::coupling, "/J"},
      {physics::arg::field, "/h"},         {physics::arg::temperature, "/temperatures"},
      {physics::arg::states, "/q"},        {"dimensions", "/dimensions"}};
  const auto it = paths.find(e.argument());
  return it != paths.end() ? ConfigError(it->second, e) : ConfigError(e.what());
}

namespace {

// The largest |E| / T the kinds compute with: Boltzmann weights, energies summed over the lattice and their
// squares (the specific heat) stay finite numbers.
constexpr double kMaxEnergyOverT = 1e150;

// The whole lattice's largest energy over the lowest temperature must stay below kMaxEnergyOverT; the
// refusal names /J or /h (whichever is larger) with the largest value that would do.
void check_energy_scale(const LatticeSpec& s) {
  const double dims = s.model.dimensions == 1 ? 1.0 : 2.0;
  double spins = 0.0;
  for (int L : s.sizes) spins = std::max(spins, dims == 1.0 ? double(L) : double(L) * double(L));
  const double t_min = *std::min_element(s.temperatures.begin(), s.temperatures.end());
  const double coupling = 2.0 * dims * std::fabs(s.model.J), field = 2.0 * std::fabs(s.model.h);
  const double scale = (coupling + field) * spins / t_min;
  if (scale <= kMaxEnergyOverT) return;
  const bool j = coupling >= field;
  const double limit = kMaxEnergyOverT * t_min / (spins * (j ? 2.0 * dims : 2.0)) / 2.0;
  throw ConfigError("", j ? "/J" : "/h",
                    std::string(j ? "a coupling" : "a field") + " with |" + (j ? "J" : "h") + "| <= " +
                        core::format_double(limit) + " (energies over the lowest temperature stay finite)",
                    short_json(j ? s.model.J : s.model.h));
}

}  // namespace

LatticeSpec read_lattice_spec(const json& cfg, const physics::LatticeModelSpec& model) {
  LatticeSpec s;
  s.model = model;
  s.model.J = cfg.at("J").get<double>();
  s.model.h = cfg.at("h").get<double>();
  s.temperatures = core::read_grid(cfg.at("temperatures"), "/temperatures");
  s.algorithm = cfg.at("algorithm").get<std::string>();
  s.thermalization_sweeps = cfg.at("thermalization_sweeps").get<std::int64_t>();
  s.measurement_sweeps = cfg.at("measurement_sweeps").get<std::int64_t>();
  s.live = cfg.at("live").get<bool>();
  s.sizes = cfg.at("sizes").get<std::vector<int>>();
  if (s.sizes.empty()) s.sizes = {cfg.at("L").get<int>()};

  std::unique_ptr<const physics::LatticeModel> m;
  try {
    m = physics::make_lattice_model(s.model);
  } catch (const core::ArgumentError& e) {
    throw lattice_config_error(e);
  }
  for (std::size_t i = 0; i < s.temperatures.size(); ++i)
    if (!(s.temperatures[i] > 0.0) || !std::isfinite(s.temperatures[i]))
      throw ConfigError("", "/temperatures/" + std::to_string(i), "a temperature > 0",
                        short_json(s.temperatures[i]));
  if (s.algorithm == "wolff") {
    if (s.model.h != 0.0)
      throw ConfigError("", "/h", "0 with the wolff algorithm (use metropolis or heat_bath in a field)",
                        short_json(s.model.h));
    if (!m->wolff_coupling_ok())
      throw ConfigError("", "/J", m->wolff_coupling() + " with the wolff algorithm", short_json(s.model.J));
  }
  if (s.live) {
    if (s.algorithm == "exact") throw ConfigError("", "/algorithm", "a Monte Carlo algorithm in live mode", "\"exact\"");
    if (s.temperatures.size() != 1)
      throw ConfigError("", "/temperatures", "exactly one temperature in live mode",
                        std::to_string(s.temperatures.size()) + " temperatures");
    if (s.sizes.size() != 1)
      throw ConfigError("", "/sizes", "at most one size in live mode", std::to_string(s.sizes.size()) + " sizes");
  }
  // One run per size and temperature, each built before the first sweep: a sweep over sizes has a few.
  constexpr std::size_t kMaxSizes = 64;
  if (s.sizes.size() > kMaxSizes)
    throw ConfigError("", "/sizes", "at most " + std::to_string(kMaxSizes) + " sizes",
                      std::to_string(s.sizes.size()) + " sizes");
  const std::string size_path = cfg.at("sizes").empty() ? "/L" : "/sizes";
  for (std::size_t i = 0; i < s.sizes.size(); ++i) {
    const int L = s.sizes[i];
    const std::string path = size_path == "/L" ? size_path : size_path + "/" + std::to_string(i);
    if (L < 2) throw ConfigError("", path, "an integer >= 2", std::to_string(L));
    if (s.algorithm == "exact" && m->exact_method(L) == physics::ExactMethod::none)
      throw ConfigError("", path, m->exact_limit(), std::to_string(L));
  }
  check_energy_scale(s);
  return s;
}

std::unique_ptr<Experiment> make_lattice_experiment(const json& cfg, const RunContext& ctx,
                                                    const physics::LatticeModelSpec& model) {
  return std::make_unique<LatticeExperiment>(read_lattice_spec(cfg, model), ctx);
}

}  // namespace arbiter::experiments::physics_lab
