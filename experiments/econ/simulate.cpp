// Kind "econ.simulate": simulates a population of choice situations from a utility specification with known
// coefficients (taste heterogeneity through individual variables), draws each choice exactly (the core
// Gumbel-max or softmax sampler), writes the long-format data (choices.csv), and optionally estimates the
// conditional logit with the project's estimator, one Newton iteration per step, and reports recovered vs
// true coefficients (recovery.csv), with willingness to pay and its delta-method standard error. With /random
// some coefficients are random tastes (a mixed logit: one draw per person, sd.COEF in /coefficients) and with
// /situations_per_person each person answers several situations (a panel; choices.csv gains a person column),
// a data set for econ.estimate's mixed logit; with /classes each person belongs to a latent class whose
// coefficients they use (a data set for econ.estimate's latent-class logit). The recovery fit is a conditional
// logit, so /estimate must be false with either. This file holds the kind's schema, its reading (the checks across keys, each a ConfigError naming
// the JSON path), the experiment and the registration; the simulation itself is econ/choice_simulation.hpp.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "core/config_error.hpp"
#include "core/softmax.hpp"
#include "core/table.hpp"
#include "econ/choice_simulation.hpp"
#include "econ/design.hpp"
#include "econ/estimation.hpp"
#include "econ/willingness_to_pay.hpp"
#include "experiments/econ/mixed_logit_keys.hpp"
#include "experiments/econ/open_objects.hpp"
#include "experiments/registry.hpp"

namespace arbiter::experiments {
namespace {

using json = nlohmann::json;
namespace mf = open_objects;

struct SimulateSetup {
  econ::PopulationSpec spec;
  econ::ChoiceDraw draw = econ::ChoiceDraw::gumbel_errors;
  std::string draw_name;
  std::int64_t situations = 0;
  bool estimate = true, write_data = true;
  std::string wtp_cost;
  std::uint64_t seed = 0;
  int threads = 0;
};

// A per-alternative value: a number (every alternative) or {ALT: number} covering every alternative.
Eigen::VectorXd per_alternative(const json& v, const std::string& path, const std::vector<std::string>& alts) {
  const auto J = static_cast<Eigen::Index>(alts.size());
  if (v.is_number()) return Eigen::VectorXd::Constant(J, mf::number(v, path));
  if (!v.is_object())
    throw core::ConfigError("", path, "a number or an object {ALTERNATIVE: number} for every alternative",
                            core::short_json(v));
  Eigen::VectorXd out(J);
  for (Eigen::Index j = 0; j < J; ++j) {
    const std::string& a = alts[static_cast<std::size_t>(j)];
    out[j] = mf::number(mf::required(v, a, path, "a number"), path + "/" + a);
  }
  for (auto it = v.begin(); it != v.end(); ++it)
    if (std::find(alts.begin(), alts.end(), it.key()) == alts.end())
      throw core::ConfigError("", path + "/" + it.key(), "an alternative in /alternatives", "\"" + it.key() + "\"");
  return out;
}

SimulateSetup read_setup(const json& cfg, const RunContext& ctx) {
  SimulateSetup s;
  s.seed = ctx.seed;
  s.threads = ctx.threads;
  s.situations = cfg.at("situations").get<std::int64_t>();
  s.estimate = cfg.at("estimate").get<bool>();
  s.write_data = cfg.at("write_data").get<bool>();
  s.draw_name = cfg.at("draw").get<std::string>();
  s.draw = econ::parse_choice_draw(s.draw_name);
  auto& spec = s.spec;
  spec.alternatives = cfg.at("alternatives").get<std::vector<std::string>>();
  for (std::size_t j = 0; j < spec.alternatives.size(); ++j)
    for (std::size_t k = 0; k < j; ++k)
      if (spec.alternatives[j] == spec.alternatives[k])
        throw core::ConfigError("", "/alternatives/" + std::to_string(j), "distinct names",
                                "\"" + spec.alternatives[j] + "\" twice");
  if (spec.alternatives.size() < 2)
    throw core::ConfigError("", "/alternatives", "at least two alternatives", core::short_json(cfg.at("alternatives")));
  spec.scale = cfg.at("scale").get<double>();
  const json& attrs = cfg.at("attributes");
  for (auto it = attrs.begin(); it != attrs.end(); ++it) {
    const std::string p = "/attributes/" + it.key();
    mf::check_object(it.value(), p, {"mean", "sd"});
    econ::AttributeDistribution d;
    d.name = it.key();
    d.mean = per_alternative(mf::required(it.value(), "mean", p, "a number or {ALT: number}"), p + "/mean",
                             spec.alternatives);
    d.sd = it.value().contains("sd") ? per_alternative(it.value().at("sd"), p + "/sd", spec.alternatives)
                                     : Eigen::VectorXd::Ones(static_cast<Eigen::Index>(spec.alternatives.size()));
    if ((d.sd.array() < 0.0).any()) throw core::ConfigError("", p + "/sd", "standard deviations >= 0", core::short_json(it.value().at("sd")));
    spec.attributes.push_back(std::move(d));
  }
  const json& indiv = cfg.at("individual_variables");
  for (auto it = indiv.begin(); it != indiv.end(); ++it) {
    const std::string p = "/individual_variables/" + it.key();
    mf::check_object(it.value(), p, {"mean", "sd"});
    econ::IndividualDistribution d;
    d.name = it.key();
    d.mean = mf::number_or(it.value(), "mean", p, 0.0);
    d.sd = mf::number_or(it.value(), "sd", p, 1.0);
    if (d.sd < 0.0) throw core::ConfigError("", p + "/sd", "a number >= 0", core::short_json(it.value().at("sd")));
    spec.individual.push_back(std::move(d));
  }
  const json& coef = cfg.at("coefficients");
  if (coef.empty()) throw core::ConfigError("", "/coefficients", "at least one coefficient", "{}");
  const auto random = read_random_coefficients(cfg.value("random", json::object()));
  auto is_random = [&](const std::string& name) {
    return std::any_of(random.begin(), random.end(), [&](const auto& r) { return r.first == name; });
  };
  // Latent classes: COEF.CLASS keys of /coefficients belong to the coefficients /classes/specific names.
  std::vector<std::string> class_names, class_specific;
  if (cfg.contains("classes")) {
    class_names = cfg["classes"]["names"].get<std::vector<std::string>>();
    class_specific = cfg["classes"]["specific"].get<std::vector<std::string>>();
    for (std::size_t i = 0; i < class_names.size(); ++i)
      if (std::find(spec.alternatives.begin(), spec.alternatives.end(), class_names[i]) != spec.alternatives.end())
        throw core::ConfigError("", "/classes/names/" + std::to_string(i),
                                "a name that is not an alternative's (COEF.CLASS would read as COEF.ALT)",
                                "\"" + class_names[i] + "\"");
    try {
      spec.set_classes(class_names, cfg["classes"]["shares"].get<std::vector<double>>());
    } catch (const core::ArgumentError& e) {
      throw core::ConfigError("/classes/" + std::string(e.argument() == "classes" ? "names" : "shares"), e);
    }
  }
  auto is_class_value = [&](const std::string& key) {
    const auto dot = key.rfind('.');
    return dot != std::string::npos &&
           std::find(class_specific.begin(), class_specific.end(), key.substr(0, dot)) != class_specific.end() &&
           std::find(class_names.begin(), class_names.end(), key.substr(dot + 1)) != class_names.end();
  };
  for (auto it = coef.begin(); it != coef.end(); ++it) {
    const std::string p = "/coefficients/" + it.key();
    const double v = mf::number(it.value(), p);
    if (is_class_value(it.key())) continue;
    const auto dot = it.key().rfind('.');
    if (dot != std::string::npos &&
        std::find(class_names.begin(), class_names.end(), it.key().substr(dot + 1)) != class_names.end())
      throw core::ConfigError("", p,
                              "a class value COEF.CLASS of a coefficient listed in /classes/specific (add \"" +
                                  it.key().substr(0, dot) + "\" there)",
                              "\"" + it.key() + "\"");
    if (it.key().rfind("sd.", 0) == 0) {
      if (!is_random(it.key().substr(3)))
        throw core::ConfigError("", p, "a spread sd.COEF of a coefficient named in /random", "\"" + it.key() + "\"");
      if (v < 0.0) throw core::ConfigError("", p, "a spread >= 0", core::short_json(it.value()));
      continue;
    }
    try {
      spec.add_term(it.key(), v);
    } catch (const core::ArgumentError& e) {
      throw core::ConfigError(p, e);
    }
  }
  for (const auto& [name, dist] : random) {
    const std::string p = "/random/" + name;
    if (!coef.contains(name) || name.rfind("sd.", 0) == 0)
      throw core::ConfigError("", p, "a coefficient given in /coefficients (not a spread)", "\"" + name + "\"");
    if (!coef.contains("sd." + name))
      throw core::ConfigError("", "/coefficients", "the spread \"sd." + name + "\" of the random coefficient " + name,
                              "no sd." + name);
    try {
      spec.make_random(name, dist, coef.at("sd." + name).get<double>());
    } catch (const core::ArgumentError& e) {
      throw core::ConfigError(p, e);
    }
  }
  for (std::size_t i = 0; i < class_specific.size(); ++i) {
    const std::string& name = class_specific[i];
    const std::string p = "/classes/specific/" + std::to_string(i);
    if (coef.contains(name))
      throw core::ConfigError("", "/coefficients/" + name,
                              "no shared value for a class-specific coefficient (give " + name + "." + class_names[0] +
                                  ", ... instead)",
                              core::short_json(coef.at(name)));
    std::vector<double> values;
    for (const std::string& c : class_names) {
      if (!coef.contains(name + "." + c))
        throw core::ConfigError("", "/coefficients", "the value \"" + name + "." + c + "\" of " + name + " in class " + c,
                                "no " + name + "." + c);
      values.push_back(coef.at(name + "." + c).get<double>());
    }
    try {
      spec.add_term(name, values.front());
      spec.make_class_specific(name, values);
    } catch (const core::ArgumentError& e) {
      throw core::ConfigError(p, e);
    }
  }
  spec.situations_per_person = cfg.value("situations_per_person", std::int64_t{1});
  if (spec.situations_per_person > 1)
    for (const char* group : {"attributes", "individual_variables"})
      if (cfg.at(group).contains("person"))
        throw core::ConfigError("", std::string("/") + group + "/person",
                                "another name (choices.csv's person column holds the person id)", "\"person\"");
  if (s.estimate && spec.has_random())
    throw core::ConfigError("", "/estimate",
                            "false with /random (the recovery fit is a conditional logit: estimate the mixed logit "
                            "with econ.estimate on choices.csv)",
                            "true");
  if (s.estimate && spec.has_classes())
    throw core::ConfigError("", "/estimate",
                            "false with /classes (the recovery fit is a conditional logit: estimate the latent-class "
                            "logit with econ.estimate on choices.csv)",
                            "true");
  s.wtp_cost = cfg.at("wtp_cost").get<std::string>();
  if (!s.wtp_cost.empty()) {
    const bool generic = std::any_of(spec.terms.begin(), spec.terms.end(), [&](const econ::UtilityTerm& t) {
      return t.kind == econ::TermKind::generic && t.parameter == s.wtp_cost;
    });
    if (!generic) throw core::ConfigError("", "/wtp_cost", "a generic attribute with a coefficient", "\"" + s.wtp_cost + "\"");
  }
  if (s.estimate) {
    // Identification is a property of the specification: check it on a small sample before anything runs.
    const auto probe = econ::simulate_situations(spec, s.seed, 0, std::min<std::int64_t>(s.situations, 200), s.draw);
    try {
      econ::build_design(econ::to_choice_data(spec, {probe}), spec.model_spec());
    } catch (const core::InputError& e) {
      throw core::ConfigError("", "/coefficients", "an identified conditional-logit specification", e.what());
    }
  }
  return s;
}

std::string fmt(double x, const char* f = "%.4f") {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, x);
  return buf;
}

class SimulateExperiment final : public Experiment {
 public:
  explicit SimulateExperiment(SimulateSetup s) : s_(std::move(s)) {}

  void step() override {
    if (done()) return;
    if (simulated_ < s_.situations) {
      const std::int64_t n = std::min<std::int64_t>(kBlock, s_.situations - simulated_);
      try {
        blocks_.push_back(econ::simulate_situations(s_.spec, s_.seed, simulated_, n, s_.draw));
      } catch (const std::domain_error& e) {
        if (!s_.spec.has_random()) throw;
        // A lognormal taste exp(mean + sd z) overflows for a large enough draw.
        throw core::RunError(std::string("a simulated utility is not finite (") + e.what() +
                             "): lower /coefficients/sd.* of the lognormal tastes in /random, or the coefficients");
      }
      simulated_ += n;
      return;
    }
    if (s_.estimate && !estimation_) {
      design_ = econ::build_design(econ::to_choice_data(s_.spec, blocks_), s_.spec.model_spec());
      econ::EstimationOptions opt;
      opt.threads = s_.threads;
      estimation_ = std::make_unique<econ::LogitEstimation>(design_, opt);
      return;
    }
    if (estimation_ && !estimated_) {
      estimation_->step();  // one Newton iteration
      if (estimation_->done()) {
        fit_ = estimation_->result();
        estimated_ = true;
      }
    }
  }
  bool done() const override { return simulated_ >= s_.situations && (!s_.estimate || estimated_); }
  double progress() const override {
    const double total = static_cast<double>(s_.situations) + (s_.estimate ? 0.1 * s_.situations : 0.0);
    const double fitted = estimated_ ? 1.0 : estimation_ ? 0.5 + 0.5 * estimation_->progress() : 0.0;
    return std::min(1.0, (static_cast<double>(simulated_) + fitted * 0.1 * s_.situations) / total);
  }

  Observables observables() const override {
    Observables o;
    const auto [observed, expected] = shares();
    Bars b{"shares", "Choice shares: simulated vs model probabilities", s_.spec.alternatives, {}, 0.0};
    b.groups.push_back({"simulated", observed});
    b.groups.push_back({"model", expected});
    o.bars.push_back(std::move(b));
    o.numbers.push_back({"situations", "situations simulated", static_cast<double>(simulated_), std::to_string(simulated_)});
    if (estimated_) {
      Bars r{"recovery", "Coefficients: true vs estimated", {}, {}, 0.0};
      BarGroup truth{"true", {}}, est{"estimate", {}};
      const auto truths = s_.spec.identified_coefficients();
      for (const auto& p : fit_.parameters) {
        if (p.fixed) continue;
        r.labels.push_back(p.name);
        truth.values.push_back(truths.count(p.name) ? truths.at(p.name) : 0.0);
        est.values.push_back(p.estimate);
      }
      r.groups = {truth, est};
      o.bars.push_back(std::move(r));
      o.numbers.push_back({"log_likelihood", "log-likelihood", fit_.log_likelihood, fmt(fit_.log_likelihood, "%.3f")});
      o.numbers.push_back({"max_abs_z", "max |estimate - true| / std. error", max_abs_z(), fmt(max_abs_z())});
    }
    return o;
  }

  Results finish() override {
    Results r;
    const auto [observed, expected] = shares();
    r.results = core::Table({"alternative", "chosen", "simulated_share", "model_share"});
    const auto counts = chosen_counts();
    for (std::size_t j = 0; j < s_.spec.alternatives.size(); ++j)
      r.results.add_row({s_.spec.alternatives[j], counts[j], observed[j], expected[j]});
    r.summary["situations"] = simulated_;
    r.summary["draw"] = s_.draw_name;
    if (s_.spec.situations_per_person > 1)
      r.summary["people"] = (simulated_ + s_.spec.situations_per_person - 1) / s_.spec.situations_per_person;
    if (s_.spec.has_classes()) {
      std::vector<std::int64_t> people(s_.spec.classes.size(), 0);
      std::int64_t last = -1;
      for (const auto& b : blocks_)
        for (std::size_t i = 0; i < b.person.size(); ++i)
          if (b.person[i] != last) {
            ++people[static_cast<std::size_t>(b.latent_class[i])];
            last = b.person[i];
          }
      for (std::size_t c = 0; c < people.size(); ++c) r.summary["people_per_class"][s_.spec.classes[c]] = people[c];
    }
    if (s_.spec.has_random() || s_.spec.has_classes()) {
      // What econ.estimate's mixed or latent-class logit on choices.csv recovers (means and sd.COEF, or COEF.CLASS
      // and class.CLASS, at the utility scale).
      const auto truths = s_.spec.identified_coefficients();
      for (const auto& [name, value] : truths) r.summary["identified_coefficients"][name] = value;
    }
    for (std::size_t j = 0; j < s_.spec.alternatives.size(); ++j) {
      r.summary["simulated_shares"][s_.spec.alternatives[j]] = observed[j];
      r.summary["model_shares"][s_.spec.alternatives[j]] = expected[j];
    }
    if (s_.write_data && !blocks_.empty()) r.tables["choices.csv"] = choice_table();
    std::ostringstream report;
    if (estimated_) {
      core::Table rec({"parameter", "true_value", "estimate", "std_error", "robust_std_error", "z_vs_true"});
      const auto truths = s_.spec.identified_coefficients();
      for (const auto& p : fit_.parameters) {
        if (p.fixed) continue;
        const double t = truths.count(p.name) ? truths.at(p.name) : 0.0;
        rec.add_row({p.name, t, p.estimate, p.std_error, p.robust_std_error, (p.estimate - t) / p.std_error});
        r.summary["parameters"][p.name] = {{"true", t}, {"estimate", p.estimate}, {"std_error", p.std_error}};
      }
      add_wtp_rows(rec, r.summary);
      r.tables["recovery.csv"] = rec;
      r.summary["log_likelihood"] = fit_.log_likelihood;
      r.summary["converged"] = fit_.converged;
      r.summary["iterations"] = fit_.iterations;
      r.summary["max_abs_z_vs_true"] = max_abs_z();
      report << econ::format_estimation_report(fit_) << "\nRecovered vs true (true = coefficient / scale)\n";
      char line[160];
      std::snprintf(line, sizeof line, "  %-16s %11s %11s %11s %8s\n", "parameter", "true", "estimate", "std.err",
                    "z");
      report << line;
      for (const auto& row : rec.rows()) {
        std::snprintf(line, sizeof line, "  %-16s %11.5f %11.5f %11.5f %8.3f\n", std::get<std::string>(row[0]).c_str(),
                      std::get<double>(row[1]), std::get<double>(row[2]), std::get<double>(row[3]),
                      std::get<double>(row[5]));
        report << line;
      }
    }
    r.report = report.str();
    return r;
  }

 private:
  static constexpr std::int64_t kBlock = 5000;

  std::vector<std::int64_t> chosen_counts() const {
    std::vector<std::int64_t> c(s_.spec.alternatives.size(), 0);
    for (const auto& b : blocks_)
      for (int k : b.chosen) ++c[static_cast<std::size_t>(k)];
    return c;
  }

  std::pair<std::vector<double>, std::vector<double>> shares() const {
    const std::size_t J = s_.spec.alternatives.size();
    std::vector<double> observed(J, 0.0), expected(J, 0.0);
    if (simulated_ == 0) return {observed, expected};
    const auto counts = chosen_counts();
    for (std::size_t j = 0; j < J; ++j) observed[j] = static_cast<double>(counts[j]) / static_cast<double>(simulated_);
    for (const auto& b : blocks_) {
      const core::Batch<double> p = core::softmax_rows<double>(core::Batch<double>(b.utility), s_.spec.scale);
      const Eigen::VectorXd sum = p.colwise().sum().transpose();
      for (std::size_t j = 0; j < J; ++j) expected[j] += sum[static_cast<Eigen::Index>(j)] / static_cast<double>(simulated_);
    }
    return {observed, expected};
  }

  double max_abs_z() const {
    const auto truths = s_.spec.identified_coefficients();
    double m = 0.0;
    for (const auto& p : fit_.parameters)
      if (!p.fixed) m = std::max(m, std::abs(p.estimate - (truths.count(p.name) ? truths.at(p.name) : 0.0)) / p.std_error);
    return m;
  }

  void add_wtp_rows(core::Table& rec, json& summary) const {
    if (s_.wtp_cost.empty()) return;
    std::vector<std::string> names;
    for (const auto& p : fit_.parameters) names.push_back(p.name);
    const auto truths = s_.spec.identified_coefficients();
    for (const auto& t : s_.spec.terms) {
      if (t.kind != econ::TermKind::generic || t.parameter == s_.wtp_cost) continue;
      const auto w = econ::willingness_to_pay(names, fit_.theta, fit_.covariance, t.parameter, s_.wtp_cost);
      const auto rw = econ::willingness_to_pay(names, fit_.theta, fit_.robust_covariance, t.parameter, s_.wtp_cost);
      const double truth = -truths.at(t.parameter) / truths.at(s_.wtp_cost);
      rec.add_row({"wtp." + t.parameter, truth, w.value, w.std_error, rw.std_error, (w.value - truth) / w.std_error});
      summary["willingness_to_pay"][t.parameter] = {{"true", truth}, {"estimate", w.value}, {"std_error", w.std_error}};
    }
  }

  core::Table choice_table() const {
    const bool panel = s_.spec.situations_per_person > 1;
    std::vector<std::string> cols = {"situation"};
    if (panel) cols.push_back("person");
    for (const char* c : {"alternative", "choice"}) cols.push_back(c);
    for (const auto& a : s_.spec.attributes) cols.push_back(a.name);
    for (const auto& v : s_.spec.individual) cols.push_back(v.name);
    core::Table t(cols);
    const auto J = static_cast<std::int64_t>(s_.spec.alternatives.size());
    for (const auto& b : blocks_)
      for (std::int64_t s = 0; s < b.size(); ++s)
        for (std::int64_t j = 0; j < J; ++j) {
          std::vector<core::Cell> row = {std::int64_t{b.first + s + 1}};
          if (panel) row.emplace_back(std::int64_t{b.person[static_cast<std::size_t>(s)] + 1});
          row.emplace_back(s_.spec.alternatives[static_cast<std::size_t>(j)]);
          row.emplace_back(std::int64_t{b.chosen[static_cast<std::size_t>(s)] == j ? 1 : 0});
          for (Eigen::Index a = 0; a < b.attributes.cols(); ++a) row.emplace_back(b.attributes(s * J + j, a));
          for (Eigen::Index v = 0; v < b.individual.cols(); ++v) row.emplace_back(b.individual(s, v));
          t.add_row(std::move(row));
        }
    return t;
  }

  SimulateSetup s_;
  std::int64_t simulated_ = 0;
  std::vector<econ::SimulatedSituations> blocks_;
  bool estimated_ = false;
  econ::Design design_;
  std::unique_ptr<econ::LogitEstimation> estimation_;
  econ::EstimationResult fit_;
};

}  // namespace

static ExperimentKind econ_simulate_kind() {
  ExperimentKind k;
  k.name = "econ.simulate";
  k.description = "simulate logit choices from known coefficients, write them, and recover them by estimation";
  k.quick = {"/situations=500"};
  auto& s = k.schema;
  s.integer("/situations", 2000, "choice situations (consumers) to simulate").at_least(1).at_most(50000000);
  s.add("/alternatives", core::ParamType::string_list, nullptr, "names of the alternatives").nonempty();
  s.add("/attributes", core::ParamType::object, json::object(),
        "attributes {NAME: {mean: number or {ALT: number}, sd: number or {ALT: number}}} (normal draws)")
      .open = true;
  s.add("/individual_variables", core::ParamType::object, json::object(),
        "individual variables {NAME: {mean, sd}} (normal draws), entering as VAR.ALT coefficients")
      .open = true;
  s.add("/coefficients", core::ParamType::object, nullptr,
        "true coefficients by name: asc.ALT, ATTR (generic), ATTR.ALT (specific), VAR.ALT (individual), and sd.COEF "
        "(the spread of a coefficient in /random)")
      .open = true;
  s.add("/random", core::ParamType::object, json::object(),
        "random tastes (a mixed logit) {COEFFICIENT: normal|lognormal|neg_lognormal|uniform|triangular}: one draw per "
        "person, mean /coefficients/COEF (log-mean if lognormal), spread /coefficients/sd.COEF")
      .optional()
      .validate_with(check_random_coefficients)
      .open = true;
  core::Param& classes = s.object("/classes",
                                   "latent classes (a latent-class logit): each person belongs to one, drawn from the "
                                   "shares and held across their situations; a coefficient in `specific` takes one "
                                   "value per class, /coefficients/COEF.CLASS")
                             .optional();
  classes.add("names", core::ParamType::string_list, nullptr,
              "the class names (the first is econ.estimate's membership reference)")
      .nonempty();
  classes.add("shares", core::ParamType::number_list, nullptr, "each class's population share (> 0, summing to 1)")
      .nonempty();
  classes.add("specific", core::ParamType::string_list, json::array(),
              "coefficients with one value per class (given as /coefficients/COEF.CLASS, with no shared COEF)");
  s.integer("/situations_per_person", 1,
            "situations each person answers (a panel: their random tastes held across them; choices.csv gets a "
            "person column when > 1)")
      .optional()
      .at_least(1)
      .at_most(1000000);
  s.number("/scale", 1.0, "scale T of the Gumbel errors (utilities are divided by T: a temperature)")
      .at_least(1e-100)
      .at_most(1e100);
  s.string("/draw", "gumbel_errors",
           "how choices are drawn (gumbel_errors, core_gumbel_max: the core Gumbel-max sampler; core_softmax: the "
           "inverse CDF of the softmax)")
      .one_of({"gumbel_errors", "core_gumbel_max", "core_softmax"});
  s.boolean("/estimate", true, "estimate the conditional logit and report recovered vs true coefficients");
  s.boolean("/write_data", true, "write the simulated long-format data to choices.csv");
  s.string("/wtp_cost", "", "a generic cost attribute: report willingness to pay for the other generic attributes");
  k.cost = [](const json& cfg) {
    // A long-format row per situation and alternative: its design row (attributes, individual variables,
    // constants) held for the simulation and the estimation, and a choices.csv row; about 30 passes of the
    // likelihood over the rows when estimating.
    const double rows = cfg.at("situations").get<double>() * static_cast<double>(cfg.at("alternatives").size());
    const double columns = static_cast<double>(cfg.at("attributes").size() + cfg.at("individual_variables").size() +
                                               cfg.at("coefficients").size()) + 4.0;
    const bool estimate = cfg.at("estimate").get<bool>(), write = cfg.at("write_data").get<bool>();
    RunCost c;
    c.bytes = rows * (24.0 * columns + 256.0 + (write ? 48.0 * columns + 128.0 : 0.0));
    c.seconds = rows * columns * 50e-9 * (estimate ? 30.0 : 1.0);
    c.keys = "/situations, /alternatives";
    return c;
  };
  k.make = [](const json& cfg, const RunContext& ctx) -> std::unique_ptr<Experiment> {
    return std::make_unique<SimulateExperiment>(read_setup(cfg, ctx));
  };
  return k;
}

namespace {
const RegisterKind registered{econ_simulate_kind};
}  // namespace

}  // namespace arbiter::experiments
