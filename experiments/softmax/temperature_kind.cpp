// Kind "softmax.temperature": sweeps the temperature T over fixed logits and records the softmax
// probabilities p_i(T) with the partition-function view of the same numbers (log Z, entropy, free energy
// F = -T log Z, mean energy with energies = -logits). The GUI's Softmax lab draws it live.
#include <algorithm>
#include <cmath>
#include <limits>

#include "core/config_error.hpp"
#include "core/ensemble.hpp"
#include "core/softmax.hpp"
#include "core/sparsemax.hpp"
#include "core/table.hpp"
#include "experiments/registry.hpp"

namespace arbiter::experiments {
namespace {

using json = nlohmann::json;

struct Setup {
  Eigen::VectorXd logits;
  core::Mask mask;
  std::vector<std::string> labels;
  std::vector<double> temperatures;
  double temperature = 1.0;
};

// The largest |x / T| the kind computes with: its exponentials and log Z stay far from overflow.
constexpr double kMaxScaledLogit = 1e300;

Setup read_setup(const json& cfg) {
  Setup s;
  const auto logits = cfg["logits"].get<std::vector<double>>();
  s.logits = Eigen::Map<const Eigen::VectorXd>(logits.data(), static_cast<Eigen::Index>(logits.size()));
  const auto n = s.logits.size();
  s.labels = cfg["labels"].get<std::vector<std::string>>();
  if (!s.labels.empty() && static_cast<Eigen::Index>(s.labels.size()) != n)
    throw core::ConfigError("", "/labels", std::to_string(n) + " labels (one per logit) or none",
                            std::to_string(s.labels.size()) + " labels");
  if (s.labels.empty())
    for (Eigen::Index i = 0; i < n; ++i) s.labels.push_back("x" + std::to_string(i + 1));
  const json& mask = cfg["mask"];
  s.mask = core::Mask::Constant(n, true);
  if (!mask.empty()) {
    if (static_cast<Eigen::Index>(mask.size()) != n)
      throw core::ConfigError("", "/mask", std::to_string(n) + " booleans (one per logit) or []",
                              std::to_string(mask.size()) + " entries");
    for (Eigen::Index i = 0; i < n; ++i) s.mask[i] = mask[static_cast<std::size_t>(i)].get<bool>();
    if (!s.mask.any()) throw core::ConfigError("", "/mask", "at least one entry true", "every entry false");
  }
  s.temperatures = core::read_grid(cfg["temperatures"], "/temperatures");
  s.temperature = cfg["temperature"].get<double>();
  // x / T, log Z and the free energy must be finite numbers at every temperature: T >= max |x| / 1e300.
  const double largest = s.logits.cwiseAbs().maxCoeff();
  const double lowest = largest / kMaxScaledLogit;
  const auto refuse_below = [&](double T, const std::string& path) {
    if (!(T >= lowest && T <= kMaxScaledLogit))
      throw core::ConfigError("", path, "a temperature in [" + core::format_double(lowest) +
                              ", 1e300] (at least the largest |logit| / 1e300, so that x / T, log Z and "
                              "F = -T log Z stay finite)",
                              core::format_double(T));
  };
  refuse_below(s.temperature, "/temperature");
  const json& grid = cfg["temperatures"];
  for (std::size_t i = 0; i < s.temperatures.size(); ++i)
    refuse_below(s.temperatures[i], grid.is_array() ? "/temperatures/" + std::to_string(i)
                                                    : (grid["from"].get<double>() <= grid["to"].get<double>()
                                                           ? "/temperatures/from" : "/temperatures/to"));
  return s;
}

// The unmasked logits as an ensemble: energy E_i = -x_i, so beta = 1/T gives p_i = softmax(x / T).
core::Ensemble ensemble_of(const Setup& s) {
  std::vector<double> energies;
  for (Eigen::Index i = 0; i < s.logits.size(); ++i)
    if (s.mask[i]) energies.push_back(-s.logits[i]);
  return core::Ensemble(energies);
}

class TemperatureSweep final : public Experiment {
 public:
  explicit TemperatureSweep(Setup s) : s_(std::move(s)), ensemble_(ensemble_of(s_)) {
    rows_.resize(s_.temperatures.size());
  }

  void step() override {
    // About 256 temperatures of a few logits, fewer when there are many logits (a slice stays short).
    const std::size_t per_slice =
        std::max<std::size_t>(1, (std::size_t{1} << 12) / static_cast<std::size_t>(s_.logits.size() + 16));
    for (std::size_t k = 0; k < per_slice && next_ < rows_.size(); ++k, ++next_) {
      const double T = s_.temperatures[next_];
      rows_[next_] = evaluate(T);
    }
  }
  bool done() const override { return next_ >= rows_.size(); }
  double progress() const override {
    return rows_.empty() ? 1.0 : static_cast<double>(next_) / static_cast<double>(rows_.size());
  }

  Observables observables() const override {
    Observables o;
    const Point now = evaluate(s_.temperature);
    Bars bars;
    bars.id = "distributions";
    bars.title = "Distributions at T = " + core::format_double(s_.temperature);
    bars.labels = s_.labels;
    bars.groups = {{"softmax", to_vector(now.p)}, {"sparsemax", to_vector(now.sparse)},
                   {"sigmoid", to_vector(now.sigmoid)}};
    bars.y_max = 1.0;
    o.bars.push_back(std::move(bars));

    Plot curve;
    curve.id = "p_of_T";
    curve.title = "Softmax probabilities p_i(T)";
    curve.x_label = "temperature T";
    curve.y_label = "probability";
    curve.log_x = true;
    curve.x_markers = {s_.temperature};
    for (Eigen::Index i = 0; i < s_.logits.size(); ++i) {
      Series series;
      series.name = s_.labels[static_cast<std::size_t>(i)];
      for (std::size_t k = 0; k < next_; ++k) {
        series.x.push_back(s_.temperatures[k]);
        series.y.push_back(rows_[k].p[i]);
      }
      curve.series.push_back(std::move(series));
    }
    o.plots.push_back(std::move(curve));

    Plot thermo;
    thermo.id = "entropy_of_T";
    thermo.title = "Entropy H(T) (nats)";
    thermo.x_label = "temperature T";
    thermo.y_label = "entropy";
    thermo.log_x = true;
    thermo.x_markers = {s_.temperature};
    Series h{"entropy", {}, {}, {}};
    for (std::size_t k = 0; k < next_; ++k) {
      h.x.push_back(s_.temperatures[k]);
      h.y.push_back(rows_[k].thermo.entropy);
    }
    thermo.series.push_back(std::move(h));
    o.plots.push_back(std::move(thermo));

    const double max_entropy = std::log(static_cast<double>(ensemble_.size()));
    const double free_energy = -s_.temperature * now.thermo.log_z;
    o.numbers = {{"temperature", "temperature T", s_.temperature, core::format_double(s_.temperature)},
                 {"entropy", "entropy H (nats)", now.thermo.entropy, fixed(now.thermo.entropy), "nats"},
                 {"max_entropy", "max entropy log n", max_entropy, fixed(max_entropy), "nats"},
                 {"log_z", "log Z", now.thermo.log_z, fixed(now.thermo.log_z)},
                 {"free_energy", "free energy F = -T log Z", free_energy, fixed(free_energy)},
                 {"largest_probability", "largest probability", now.p.maxCoeff(), fixed(now.p.maxCoeff())}};
    return o;
  }

  Results finish() override {
    Results r;
    r.results = core::Table({"T", "quantity", "alternative", "value"});
    for (std::size_t k = 0; k < next_; ++k) {
      const double T = s_.temperatures[k];
      const Point& pt = rows_[k];
      for (Eigen::Index i = 0; i < s_.logits.size(); ++i)
        r.results.add_row({T, std::string("probability"), s_.labels[static_cast<std::size_t>(i)], pt.p[i]});
      for (Eigen::Index i = 0; i < s_.logits.size(); ++i)
        r.results.add_row({T, std::string("sparsemax"), s_.labels[static_cast<std::size_t>(i)], pt.sparse[i]});
      r.results.add_row({T, std::string("log_z"), std::string(), pt.thermo.log_z});
      r.results.add_row({T, std::string("entropy"), std::string(), pt.thermo.entropy});
      r.results.add_row({T, std::string("free_energy"), std::string(), pt.thermo.free_energy});
      r.results.add_row({T, std::string("mean_energy"), std::string(), pt.thermo.mean_energy});
    }
    const Point now = evaluate(s_.temperature);
    json probs = json::object();
    for (Eigen::Index i = 0; i < s_.logits.size(); ++i) probs[s_.labels[static_cast<std::size_t>(i)]] = now.p[i];
    r.summary = {{"temperature", s_.temperature},
                 {"probabilities", probs},
                 {"entropy", now.thermo.entropy},
                 {"log_z", now.thermo.log_z},
                 {"free_energy", now.thermo.free_energy},
                 {"temperatures_evaluated", next_}};
    return r;
  }

 private:
  struct Point {
    Eigen::VectorXd p, sparse, sigmoid;
    core::Thermodynamics thermo{};
  };

  // Masked entries stay exactly 0 in every distribution shown.
  Point evaluate(double T) const {
    Point pt;
    pt.p = core::masked_softmax<double>(s_.logits, s_.mask, T);
    Eigen::VectorXd live(ensemble_.size());
    for (Eigen::Index i = 0, j = 0; i < s_.logits.size(); ++i)
      if (s_.mask[i]) live[j++] = s_.logits[i];
    const Eigen::VectorXd sparse_live = core::sparsemax<double>(live, T);
    pt.sparse = Eigen::VectorXd::Zero(s_.logits.size());
    pt.sigmoid = core::sigmoid<double>(s_.logits, T);
    for (Eigen::Index i = 0, j = 0; i < s_.logits.size(); ++i) {
      if (s_.mask[i]) pt.sparse[i] = sparse_live[j++];
      else pt.sigmoid[i] = 0.0;
    }
    pt.thermo = ensemble_.thermodynamics(1.0 / T);
    return pt;
  }

  static std::vector<double> to_vector(const Eigen::VectorXd& v) { return {v.data(), v.data() + v.size()}; }
  static std::string fixed(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4f", x);
    return buf;
  }

  Setup s_;
  core::Ensemble ensemble_;
  std::vector<Point> rows_;
  std::size_t next_ = 0;
};

ExperimentKind temperature_kind() {
  ExperimentKind k;
  k.name = "softmax.temperature";
  k.description = "Softmax of fixed logits across a temperature grid: p_i(T), entropy, log Z, free energy";
  k.quick = {};  // every config of this kind runs in milliseconds as it is
  k.schema.add("/logits", core::ParamType::number_list, json::array({2.0, 1.0, 0.5, 0.0, -1.0}),
               "the logits (scores) x_i")
      .nonempty()
      .at_least(-1e300)
      .at_most(1e300);
  k.schema.add("/labels", core::ParamType::string_list, json::array(), "a name per logit (default x1, x2, ...)");
  k.schema.add("/mask", core::ParamType::any, json::array(), "one boolean per logit: false masks it out ([] = none)")
      .validate_with([](const json& v, const std::string& path) {
        if (!v.is_array()) throw core::ConfigError("", path, "a list of true/false", core::short_json(v));
        for (std::size_t i = 0; i < v.size(); ++i)
          if (!v[i].is_boolean())
            throw core::ConfigError("", path + "/" + std::to_string(i), "true or false", core::short_json(v[i]));
      });
  k.schema.number("/temperature", 1.0, "the temperature T shown in detail (the GUI's slider)")
      .greater_than(0)
      .log()
      .live_control();
  k.schema.add("/temperatures", core::ParamType::any,
               json{{"from", 0.05}, {"to", 20.0}, {"points", 80}, {"log", true}},
               "temperature grid: a list, or {\"from\", \"to\", \"points\", \"log\"}")
      .validate_with([](const json& v, const std::string& path) { core::check_grid(v, path, 0.0); });
  k.cost = [](const json& cfg) {
    // Rows per temperature: a probability and a sparsemax row per logit and four thermodynamic rows, each
    // held as a table row and then as CSV text.
    const double rows = static_cast<double>(core::grid_size(cfg.at("temperatures"))) *
                        (2.0 * static_cast<double>(cfg.at("logits").size()) + 4.0);
    RunCost c;
    c.bytes = rows * 600.0;
    c.seconds = rows * 200e-9;
    c.keys = "/temperatures, /logits";
    return c;
  };
  k.make = [](const json& cfg, const RunContext&) -> std::unique_ptr<Experiment> {
    return std::make_unique<TemperatureSweep>(read_setup(cfg));
  };
  return k;
}

const RegisterKind registered{temperature_kind};

}  // namespace

}  // namespace arbiter::experiments
