#include "experiments/econ/latent_class_run.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/table.hpp"
#include "econ/latent_class.hpp"
#include "econ/mixed_logit.hpp"
#include "experiments/econ/wtp_report.hpp"

namespace arbiter::experiments {
namespace {

class LatentClassModel : public BfgsModelRun::Model {
 public:
  LatentClassModel(const econ::Design& design, const econ::ChoiceData& data, const LatentClassSetup& setup, int threads)
      : panel_(setup.panel), starts_(setup.starts), wtp_cost_(setup.wtp_cost), wtp_attributes_(setup.wtp_attributes) {
    std::vector<std::int64_t> units;
    if (setup.panel) {
      units = econ::mixed_logit_data(data, {}, setup.individual).person_offsets;
      const auto& id = data.column(setup.individual);
      for (std::size_t n = 0; n + 1 < units.size(); ++n)
        ids_.push_back(core::format_double(id[static_cast<std::size_t>(data.offsets[static_cast<std::size_t>(units[n])])]));
    } else {
      ids_ = data.situation_ids;
    }
    Eigen::MatrixXd membership =
        with_latent_class_paths([&] { return econ::unit_variables(data, setup.spec.membership, units); });
    model_ = with_latent_class_paths(
        [&] { return std::make_unique<econ::LatentClassLogit>(design, setup.spec, units, std::move(membership), threads); });
  }

  std::string description() const override {
    return "latent-class logit (" + std::to_string(model_->n_classes()) + " classes" +
           (panel_ ? ", membership per person, " + std::to_string(model_->n_units()) + " people" : std::string()) + ")";
  }
  const std::vector<std::string>& names() const override { return model_->names(); }
  const std::vector<bool>& fixed() const override { return model_->fixed(); }
  econ::ScoredLikelihood evaluate(const Eigen::VectorXd& theta, bool scores) const override {
    return model_->evaluate(theta, scores);
  }
  // Latent-class likelihoods have local maxima: start i spreads the class-specific values around the conditional
  // logit's by 1, 0.5, 2, 0.25, 4, ... (2^(+-ceil(i/2))) times (0.5 |b| + se); one start when there is one class.
  std::vector<Eigen::VectorXd> starts(const econ::EstimationResult& clogit) const override {
    Eigen::VectorXd se(clogit.theta.size());
    for (Eigen::Index k = 0; k < se.size(); ++k) se[k] = clogit.parameters[static_cast<std::size_t>(k)].std_error;
    std::vector<Eigen::VectorXd> out;
    for (int i = 0; i < starts_; ++i) {
      const int power = (i + 1) / 2;
      const double spread = i % 2 == 1 ? std::ldexp(1.0, -power) : std::ldexp(1.0, power);
      out.push_back(model_->start(clogit.theta, se, spread));
      if (model_->n_classes() == 1) break;
    }
    return out;
  }

  void write_extra(const econ::BfgsEstimate& fit, Results& r) const override {
    const auto& classes = model_->spec().classes;
    const Eigen::MatrixXd post = model_->posteriors(fit.theta), prior = model_->priors(fit.theta);
    std::vector<std::string> cols{panel_ ? "person" : "situation"};
    for (const auto& c : classes) cols.push_back(c);
    core::Table ind(cols);
    for (Eigen::Index u = 0; u < post.rows(); ++u) {
      std::vector<core::Cell> row{ids_[static_cast<std::size_t>(u)]};
      for (Eigen::Index c = 0; c < post.cols(); ++c) row.emplace_back(post(u, c));
      ind.add_row(std::move(row));
    }
    r.tables["individual.csv"] = ind;
    nlohmann::json shares = nlohmann::json::object();
    std::string line = "Class shares (mean membership probability):";
    for (std::size_t c = 0; c < classes.size(); ++c) {
      const double share = prior.col(static_cast<Eigen::Index>(c)).mean();
      shares[classes[c]] = share;
      char buf[96];
      std::snprintf(buf, sizeof buf, " %s %.4f", classes[c].c_str(), share);
      line += buf;
    }
    r.summary["class_shares"] = shares;
    r.summary["n_classes"] = model_->n_classes();
    if (panel_) r.summary["n_people"] = static_cast<std::int64_t>(model_->n_units());
    r.report += line + "\n";
    write_class_wtp(fit, r);
  }

  // "class_shares" (bars: the mean membership probability of each class, summing to 1; numbers class_share.CLASS),
  // "class_coefficients" (bars: each coefficient's value in each class, a shared one the same in all) and with
  // /wtp/cost "class_wtp" (each class's -b_attribute / b_cost).
  void add_observables(const econ::BfgsEstimate& fit, Observables& o) const override {
    const auto& classes = model_->spec().classes;
    const Eigen::MatrixXd prior = model_->priors(fit.theta);
    Bars shares{"class_shares", "Class shares (mean membership probability)", classes, {{"share", {}}}, 1.0};
    for (std::size_t c = 0; c < classes.size(); ++c) {
      const double share = prior.col(static_cast<Eigen::Index>(c)).mean();
      shares.groups[0].values.push_back(share);
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * share);
      o.numbers.push_back({"class_share." + classes[c], "share of class " + classes[c], share, buf});
    }
    o.bars.push_back(std::move(shares));
    Bars coefficients{"class_coefficients", "Coefficients in each class (utility per unit)", coefficient_names(), {}, 0.0};
    for (const auto& c : classes) {
      BarGroup g{"class " + c, {}};
      for (const auto& k : coefficients.labels) g.values.push_back(value_in_class(fit, k, c));
      coefficients.groups.push_back(std::move(g));
    }
    o.bars.push_back(std::move(coefficients));
    if (wtp_cost_.empty()) return;
    Bars wtp{"class_wtp", "Willingness to pay in each class (units of " + wtp_cost_ + " per unit)", wtp_attributes_, {}, 0.0};
    for (const auto& c : classes) {
      BarGroup g{"class " + c, {}};
      const double cost = value_in_class(fit, wtp_cost_, c);
      for (const auto& a : wtp_attributes_) g.values.push_back(cost != 0.0 ? -value_in_class(fit, a, c) / cost : 0.0);
      wtp.groups.push_back(std::move(g));
    }
    o.bars.push_back(std::move(wtp));
  }

 private:
  bool specific(const std::string& coef) const {
    const auto& sp = model_->spec().specific;
    return std::find(sp.begin(), sp.end(), coef) != sp.end();
  }
  // The utility coefficients in the order of the parameters (a class-specific one once), without the membership
  // parameters (class.*).
  std::vector<std::string> coefficient_names() const {
    std::vector<std::string> out;
    for (const auto& n : model_->names()) {
      if (n.rfind("class.", 0) == 0) continue;
      std::string base = n;
      for (const auto& s : model_->spec().specific)
        for (const auto& c : model_->spec().classes)
          if (n == s + "." + c) base = s;
      if (std::find(out.begin(), out.end(), base) == out.end()) out.push_back(base);
    }
    return out;
  }
  double value_in_class(const econ::BfgsEstimate& fit, const std::string& coef, const std::string& c) const {
    const auto& names = model_->names();
    const std::string name = specific(coef) ? coef + "." + c : coef;
    const auto i = std::find(names.begin(), names.end(), name) - names.begin();
    return i < static_cast<long>(names.size()) ? fit.theta[i] : 0.0;
  }

  // Each class's -b_attribute / b_cost (COEF.CLASS for a class-specific coefficient, else the shared COEF),
  // with delta-method standard errors from the Hessian and the sandwich covariance.
  void write_class_wtp(const econ::BfgsEstimate& fit, Results& r) const {
    if (wtp_cost_.empty()) return;
    const auto& spec = model_->spec();
    const auto& names = model_->names();
    auto in_class = [&](const std::string& coef, const std::string& c) {
      const bool specific = std::find(spec.specific.begin(), spec.specific.end(), coef) != spec.specific.end();
      return specific ? coef + "." + c : coef;
    };
    std::vector<WtpRow> rows;
    for (const auto& c : spec.classes)
      for (const auto& a : wtp_attributes_)
        rows.push_back(coefficient_ratio_wtp(names, fit.theta, fit.covariance, fit.robust_covariance,
                                             {a, wtp_cost_, c, 0.0, 0.0, 0.0}, in_class(a, c), in_class(wtp_cost_, c)));
    write_wtp(r,
              "\nWillingness to pay by class (-coefficient / " + wtp_cost_ +
                  " within each class; delta-method standard errors):\n",
              rows);
  }

  bool panel_;
  int starts_;
  std::string wtp_cost_;
  std::vector<std::string> wtp_attributes_;
  std::vector<std::string> ids_;
  std::unique_ptr<econ::LatentClassLogit> model_;
};

}  // namespace

std::unique_ptr<BfgsModelRun::Model> make_latent_class_model(const econ::Design& design, const econ::ChoiceData& data,
                                                             const LatentClassSetup& setup, int threads) {
  return std::make_unique<LatentClassModel>(design, data, setup, threads);
}

}  // namespace arbiter::experiments
