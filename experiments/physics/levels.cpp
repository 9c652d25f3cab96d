// Kind "physics.levels": a discrete-level system in the canonical ensemble (a list of levels with
// degeneracies, or a built-in family: two-level/Schottky, truncated harmonic oscillator, Einstein solid,
// spin-J paramagnet) over a temperature grid. results.csv has one row per temperature:
//   T, Z, log_z, F, U, S, C_v, M, U_closed_form, C_v_closed_form, M_closed_form, pop_0 .. pop_{n-1}
// (k_B = 1; extensive quantities for the whole system; pop_i is the probability of level i of one copy, in
// the order listed in summary.json "levels"; closed-form columns are NaN for a plain level list).
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <optional>

#include "core/config_error.hpp"
#include "core/config_schema.hpp"
#include "core/table.hpp"
#include "experiments/registry.hpp"
#include "physics/argument_names.hpp"
#include "physics/level_families.hpp"
#include "physics/levels.hpp"

namespace arbiter::experiments {
namespace {

// Energies, fields, moments and quanta are at most this in magnitude, temperatures at least its inverse:
// beyond, E / T and its square overflow a double and Z, U and C_v could not be computed.
constexpr double kMaxScale = 1e100;
constexpr double kMinTemperature = 1e-100;

using json = nlohmann::json;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct LevelsSetup {
  std::string family;
  json cfg;
  std::vector<double> temperatures;
  double temperature = 1.0;
};

// The JSON path of each argument the family's builder takes (an indexed "energies[3]" -> "/levels/energies/3").
core::ConfigError levels_config_error(const std::string& family, const core::ArgumentError& e) {
  namespace arg = physics::arg;
  static const std::map<std::string, std::map<std::string, std::string>> by_family{
      {"levels",
       {{arg::energies, "/levels/energies"}, {arg::degeneracies, "/levels/degeneracies"}, {arg::labels, "/levels/labels"}}},
      {"two_level",
       {{arg::gap, "/two_level/gap"},
        {arg::ground_degeneracy, "/two_level/ground_degeneracy"},
        {arg::excited_degeneracy, "/two_level/excited_degeneracy"}}},
      {"harmonic_oscillator", {{arg::hbar_omega, "/oscillator/hbar_omega"}, {arg::oscillator_levels, "/oscillator/levels"}}},
      {"einstein_solid",
       {{arg::oscillators, "/einstein/oscillators"},
        {arg::hbar_omega, "/oscillator/hbar_omega"},
        {arg::max_quanta, "/einstein/max_quanta"}}},
      {"paramagnet",
       {{arg::spin, "/paramagnet/spin"},
        {arg::moment, "/paramagnet/moment"},
        {arg::magnetic_field, "/paramagnet/field"},
        {arg::spins, "/paramagnet/spins"}}}};
  std::string name = e.argument(), index;
  if (const auto open = name.find('['); open != std::string::npos && name.back() == ']') {
    index = "/" + name.substr(open + 1, name.size() - open - 2);
    name = name.substr(0, open);
  }
  if (name == arg::temperature) return core::ConfigError("/temperatures" + index, e);
  const auto family_paths = by_family.find(family);
  if (family_paths != by_family.end())
    if (const auto it = family_paths->second.find(name); it != family_paths->second.end())
      return core::ConfigError(it->second + index, e);
  return core::ConfigError(e.what());
}

physics::LevelSystem build_system(const LevelsSetup& s) {
  const json& c = s.cfg;
  if (s.family == "two_level")
    return physics::two_level_system(c["two_level"]["gap"].get<double>(),
                                     c["two_level"]["ground_degeneracy"].get<double>(),
                                     c["two_level"]["excited_degeneracy"].get<double>());
  if (s.family == "harmonic_oscillator")
    return physics::harmonic_oscillator(c["oscillator"]["hbar_omega"].get<double>(),
                                        c["oscillator"]["levels"].get<int>());
  if (s.family == "einstein_solid")
    return physics::einstein_solid(c["einstein"]["oscillators"].get<int>(),
                                   c["oscillator"]["hbar_omega"].get<double>(),
                                   c["einstein"]["max_quanta"].get<int>());
  if (s.family == "paramagnet")
    return physics::paramagnet(c["paramagnet"]["spin"].get<double>(), c["paramagnet"]["moment"].get<double>(),
                               c["paramagnet"]["field"].get<double>(), c["paramagnet"]["spins"].get<int>());
  return physics::LevelSystem(c["levels"]["energies"].get<std::vector<double>>(),
                              c["levels"]["degeneracies"].get<std::vector<double>>(), {},
                              c["levels"]["labels"].get<std::vector<std::string>>());
}

// The family's closed form at T (untruncated), or nothing for a plain level list.
std::optional<physics::ClosedFormThermo> closed_form(const LevelsSetup& s, double T) {
  const json& c = s.cfg;
  if (s.family == "two_level")
    return physics::two_level_closed_form(c["two_level"]["gap"].get<double>(),
                                          c["two_level"]["ground_degeneracy"].get<double>(),
                                          c["two_level"]["excited_degeneracy"].get<double>(), T);
  if (s.family == "harmonic_oscillator")
    return physics::harmonic_oscillator_closed_form(c["oscillator"]["hbar_omega"].get<double>(), T);
  if (s.family == "einstein_solid")
    return physics::einstein_solid_closed_form(c["einstein"]["oscillators"].get<int>(),
                                               c["oscillator"]["hbar_omega"].get<double>(), T);
  if (s.family == "paramagnet")
    return physics::paramagnet_closed_form(c["paramagnet"]["spin"].get<double>(),
                                           c["paramagnet"]["moment"].get<double>(),
                                           c["paramagnet"]["field"].get<double>(),
                                           c["paramagnet"]["spins"].get<int>(), T);
  return std::nullopt;
}

std::string fixed(double x) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.6g", x);
  return buf;
}

class LevelsSweep final : public Experiment {
 public:
  explicit LevelsSweep(LevelsSetup s) : s_(std::move(s)), system_(build_system(s_)) {
    rows_.reserve(s_.temperatures.size());
    schottky_ = lowest_gap();
  }

  void step() override {
    constexpr std::size_t kPerSlice = 64;
    for (std::size_t k = 0; k < kPerSlice && rows_.size() < s_.temperatures.size(); ++k) {
      const double T = s_.temperatures[rows_.size()];
      rows_.push_back({system_.at(T), closed_form(s_, T)});
    }
  }
  bool done() const override { return rows_.size() >= s_.temperatures.size(); }
  double progress() const override {
    return s_.temperatures.empty() ? 1.0 : static_cast<double>(rows_.size()) / s_.temperatures.size();
  }

  Observables observables() const override {
    Observables o;
    const physics::LevelThermo now = system_.at(s_.temperature);
    Bars bars;
    bars.id = "populations";
    bars.title = "Level populations at T = " + core::format_double(s_.temperature);
    constexpr std::size_t kMaxBars = 40;
    for (std::size_t i = 0; i < system_.size() && i < kMaxBars; ++i) bars.labels.push_back(system_.labels()[i]);
    bars.groups.push_back({"population", {now.populations.begin(),
                                          now.populations.begin() + static_cast<long>(bars.labels.size())}});
    bars.y_max = 1.0;
    o.bars.push_back(std::move(bars));

    Plot heat;
    heat.id = "heat_capacity";
    heat.title = "Heat capacity C_v(T)";
    heat.x_label = "temperature T";
    heat.y_label = "C_v (k_B = 1)";
    heat.x_markers = {s_.temperature};
    Series levels{"levels (exact sum)", {}, {}, {}}, reference{reference_name(), {}, {}, {}};
    for (const Row& r : rows_) {
      levels.x.push_back(r.thermo.T);
      levels.y.push_back(r.thermo.heat_capacity);
      const double ref = reference_heat_capacity(r);
      if (std::isfinite(ref)) {
        reference.x.push_back(r.thermo.T);
        reference.y.push_back(ref);
      }
    }
    heat.series.push_back(std::move(levels));
    if (!reference.x.empty()) heat.series.push_back(std::move(reference));
    o.plots.push_back(std::move(heat));

    Plot energy;
    energy.id = "energy_entropy";
    energy.title = "Mean energy U(T) and entropy S(T)";
    energy.x_label = "temperature T";
    energy.y_label = "U, S";
    energy.x_markers = {s_.temperature};
    Series u{"U", {}, {}, {}}, entropy{"S", {}, {}, {}};
    for (const Row& r : rows_) {
      u.x.push_back(r.thermo.T);
      u.y.push_back(r.thermo.mean_energy);
      entropy.x.push_back(r.thermo.T);
      entropy.y.push_back(r.thermo.entropy);
    }
    energy.series = {std::move(u), std::move(entropy)};
    o.plots.push_back(std::move(energy));

    if (s_.family == "paramagnet") {
      Plot mag;
      mag.id = "magnetisation";
      mag.title = "Magnetisation M(T) and the Brillouin function";
      mag.x_label = "temperature T";
      mag.y_label = "M";
      mag.x_markers = {s_.temperature};
      Series m{"levels (exact sum)", {}, {}, {}}, b{"Brillouin closed form", {}, {}, {}};
      for (const Row& r : rows_) {
        m.x.push_back(r.thermo.T);
        m.y.push_back(r.thermo.magnetisation);
        b.x.push_back(r.thermo.T);
        b.y.push_back(r.closed->magnetisation);
      }
      mag.series = {std::move(m), std::move(b)};
      o.plots.push_back(std::move(mag));
    }

    o.numbers = {{"temperature", "temperature T", s_.temperature, core::format_double(s_.temperature)},
                 {"z", "Z", now.z, fixed(now.z)},
                 {"log_z", "log Z", now.log_z, fixed(now.log_z)},
                 {"free_energy", "free energy F", now.free_energy, fixed(now.free_energy)},
                 {"mean_energy", "mean energy U", now.mean_energy, fixed(now.mean_energy)},
                 {"entropy", "entropy S", now.entropy, fixed(now.entropy)},
                 {"heat_capacity", "heat capacity C_v", now.heat_capacity, fixed(now.heat_capacity)}};
    if (s_.family == "paramagnet")
      o.numbers.emplace_back("magnetisation", "magnetisation M", now.magnetisation, fixed(now.magnetisation));
    return o;
  }

  // The shown temperature (/temperature, the live key) changes in place; anything else asks for a rebuild.
  bool apply_live(const json& config) override {
    if (!config.is_object() || !config.contains("temperature") || !config["temperature"].is_number()) return false;
    const double T = config["temperature"].get<double>();
    if (!(T > 0.0) || !std::isfinite(T)) return false;
    json rest = config, now = s_.cfg;
    rest.erase("temperature");
    now.erase("temperature");
    if (rest != now) return false;
    s_.temperature = T;
    s_.cfg["temperature"] = T;
    return true;
  }

  Results finish() override {
    Results r;
    std::vector<std::string> cols = {"T", "Z", "log_z", "F", "U", "S", "C_v", "M",
                                     "U_closed_form", "C_v_closed_form", "M_closed_form"};
    for (std::size_t i = 0; i < system_.size(); ++i) cols.push_back("pop_" + std::to_string(i));
    r.results = core::Table(cols);
    double peak_c = -1.0, peak_t = kNaN, max_closed_gap = 0.0;
    for (const Row& row : rows_) {
      const physics::LevelThermo& t = row.thermo;
      std::vector<double> values = {t.T, t.z, t.log_z, t.free_energy, t.mean_energy, t.entropy,
                                    t.heat_capacity, t.magnetisation, kNaN, kNaN, kNaN};
      if (row.closed) {
        values[8] = row.closed->mean_energy;
        values[9] = row.closed->heat_capacity;
        values[10] = row.closed->magnetisation;
        max_closed_gap = std::max(max_closed_gap, std::abs(row.closed->heat_capacity - t.heat_capacity));
      }
      values.insert(values.end(), t.populations.begin(), t.populations.end());
      // An empty cell: a closed form this family lacks (NaN), or Z past the range of a double (log_z holds it).
      std::vector<core::Cell> cells;
      cells.reserve(values.size());
      for (double v : values)
        if (std::isfinite(v)) cells.emplace_back(std::in_place_type<double>, v);
        else cells.emplace_back(std::in_place_type<std::string>);
      r.results.add_row(std::move(cells));
      if (t.heat_capacity > peak_c) {
        peak_c = t.heat_capacity;
        peak_t = t.T;
      }
    }
    json levels = json::array();
    for (std::size_t i = 0; i < system_.size(); ++i)
      levels.push_back({{"index", i},
                        {"label", system_.labels()[i]},
                        {"energy", system_.energies()[i]},
                        {"degeneracy", system_.degeneracies()[i]},
                        {"moment", system_.moments()[i]}});
    r.summary = {{"family", s_.family},
                 {"levels", levels},
                 {"copies", system_.copies()},
                 {"temperatures_evaluated", rows_.size()},
                 {"heat_capacity_peak", {{"T", peak_t}, {"C_v", peak_c}}}};
    if (rows_.size() > 0 && rows_.front().closed) r.summary["max_abs_C_v_minus_closed_form"] = max_closed_gap;
    if (s_.family == "two_level") {
      const physics::SchottkyPeak p = physics::schottky_peak();
      r.summary["schottky_peak_theory_equal_degeneracies"] = {{"T_over_gap", p.t_over_gap},
                                                              {"C_v", p.heat_capacity}};
    }
    char buf[160];
    std::snprintf(buf, sizeof buf, "%s: %zu levels, %zu temperatures; C_v peak %.5g at T = %.5g\n",
                  s_.family.c_str(), system_.size(), rows_.size(), peak_c, peak_t);
    r.report = buf;
    return r;
  }

 private:
  struct Row {
    physics::LevelThermo thermo;
    std::optional<physics::ClosedFormThermo> closed;
  };

  // The lowest excitation (gap, degeneracy ratio) of one copy: the Schottky reference for a level list.
  std::optional<std::pair<double, double>> lowest_gap() const {
    const auto& e = system_.energies();
    const auto& g = system_.degeneracies();
    double e0 = e[0];
    for (double x : e) e0 = std::min(e0, x);
    double g0 = 0.0, e1 = INFINITY, g1 = 0.0;
    for (std::size_t i = 0; i < e.size(); ++i) {
      if (e[i] == e0) g0 += g[i];
      else if (e[i] < e1) e1 = e[i];
    }
    if (!std::isfinite(e1)) return std::nullopt;
    for (std::size_t i = 0; i < e.size(); ++i)
      if (e[i] == e1) g1 += g[i];
    return std::make_pair(e1 - e0, g1 / g0);
  }
  std::string reference_name() const {
    if (s_.family == "two_level") return "Schottky closed form";
    if (s_.family != "levels") return "closed form (untruncated)";
    return "Schottky curve of the lowest gap";
  }
  double reference_heat_capacity(const Row& r) const {
    if (r.closed) return r.closed->heat_capacity;
    if (!schottky_) return kNaN;
    return system_.copies() * physics::schottky_heat_capacity(schottky_->first, r.thermo.T, schottky_->second);
  }

  LevelsSetup s_;
  physics::LevelSystem system_;
  std::vector<Row> rows_;
  std::optional<std::pair<double, double>> schottky_;
};

ExperimentKind levels_kind() {
  ExperimentKind k;
  k.name = "physics.levels";
  k.description = "Discrete-level system in the canonical ensemble: Z, F, U, S, C_v and populations over T";
  k.quick = {};  // every config of this kind runs in milliseconds as it is
  k.schema.string("/family", "two_level",
                  "levels (the list under /levels), two_level, harmonic_oscillator, einstein_solid or paramagnet")
      .one_of({"levels", "two_level", "harmonic_oscillator", "einstein_solid", "paramagnet"});
  k.schema.add("/levels/energies", core::ParamType::number_list, json::array(),
               "family levels: the energy of each level (k_B = 1), each in [-1e100, 1e100]")
      .validate_with([](const json& v, const std::string& path) {
        for (std::size_t i = 0; i < v.size(); ++i)
          if (std::fabs(v[i].get<double>()) > kMaxScale)
            throw core::ConfigError("", path + "/" + std::to_string(i), "an energy in [-1e100, 1e100]",
                                    core::short_json(v[i]));
      });
  k.schema.add("/levels/degeneracies", core::ParamType::number_list, json::array(),
               "family levels: the degeneracy of each level (> 0; [] = all 1)");
  k.schema.add("/levels/labels", core::ParamType::string_list, json::array(),
               "family levels: a name per level ([] = E0, E1, ...)");
  k.schema.number("/two_level/gap", 1.0, "two_level: the gap Delta between the two levels")
      .at_least(-kMaxScale)
      .at_most(kMaxScale);
  k.schema.number("/two_level/ground_degeneracy", 1.0, "two_level: degeneracy g0 of the lower level").greater_than(0);
  k.schema.number("/two_level/excited_degeneracy", 1.0, "two_level: degeneracy g1 of the upper level")
      .greater_than(0);
  k.schema.number("/oscillator/hbar_omega", 1.0, "harmonic_oscillator, einstein_solid: the quantum hbar omega")
      .greater_than(0)
      .at_most(kMaxScale);
  k.schema.integer("/oscillator/levels", 50, "harmonic_oscillator: levels kept (E_n = hbar omega (n + 1/2))")
      .at_least(1)
      .at_most(100000);
  k.schema.integer("/einstein/oscillators", 3, "einstein_solid: number N of oscillators").at_least(1).at_most(100000);
  k.schema.integer("/einstein/max_quanta", 200, "einstein_solid: total quanta kept (levels q = 0..max)")
      .at_least(0)
      .at_most(100000);
  k.schema.number("/paramagnet/spin", 0.5, "paramagnet: spin J (1/2, 1, 3/2, ...)").greater_than(0).at_most(500);
  k.schema.number("/paramagnet/moment", 1.0, "paramagnet: moment mu of a fully aligned spin")
      .greater_than(0)
      .at_most(kMaxScale);
  k.schema.number("/paramagnet/field", 1.0, "paramagnet: field B (level m has energy -mu B m / J)")
      .at_least(-kMaxScale)
      .at_most(kMaxScale);
  k.schema.integer("/paramagnet/spins", 1, "paramagnet: number of independent spins").at_least(1).at_most(1e9);
  k.schema.add("/temperatures", core::ParamType::any, json{{"from", 0.05}, {"to", 3.0}, {"points", 60}},
               "temperatures T in [1e-100, 1e100]: a list, or {\"from\": a, \"to\": b, \"points\": n} (optional "
               "\"log\": true)")
      .validate_with([](const json& v, const std::string& path) {
        core::check_grid(v, path, kMinTemperature, kMaxScale);
      });
  k.schema.number("/temperature", 0.5, "the temperature whose level populations are shown (the GUI's slider)")
      .greater_than(kMinTemperature)
      .at_most(kMaxScale)
      .log()
      .live_control();
  k.make = [](const json& cfg, const RunContext&) -> std::unique_ptr<Experiment> {
    LevelsSetup s;
    s.family = cfg["family"].get<std::string>();
    s.cfg = cfg;
    s.temperatures = core::read_grid(cfg["temperatures"], "/temperatures");
    s.temperature = cfg["temperature"].get<double>();
    if (s.family == "levels" && cfg["levels"]["energies"].empty())
      throw core::ConfigError("", "/levels/energies", "a non-empty list of energies for family \"levels\"", "[]");
    const std::string family = s.family;
    try {
      return std::make_unique<LevelsSweep>(std::move(s));
    } catch (const core::ArgumentError& e) {
      throw levels_config_error(family, e);
    }
  };
  return k;
}

const RegisterKind registered{levels_kind};

}  // namespace

}  // namespace arbiter::experiments
