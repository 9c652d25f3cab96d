#include "experiments/econ/cross_nested_run.hpp"

#include <cstdio>
#include <utility>

#include "experiments/econ/choice_data_keys.hpp"
#include "experiments/econ/wtp_report.hpp"

namespace arbiter::experiments {
namespace {

class CrossNestedModel : public BfgsModelRun::Model {
 public:
  CrossNestedModel(const econ::Design& design, const econ::CrossNestSpec& spec, int threads, std::string wtp_cost,
                   std::vector<std::string> wtp_attributes)
      : model_(with_model_paths([&] { return econ::CrossNestedLogit(design, spec, threads); })),
        wtp_cost_(std::move(wtp_cost)),
        wtp_attributes_(std::move(wtp_attributes)) {}

  std::string description() const override {
    return "cross-nested logit (" + std::to_string(model_.n_nests()) + " nests, generalised nested form)";
  }
  const std::vector<std::string>& names() const override { return model_.names(); }
  const std::vector<bool>& fixed() const override { return model_.fixed(); }
  econ::ScoredLikelihood evaluate(const Eigen::VectorXd& theta, bool scores) const override {
    return model_.evaluate(theta, scores);
  }
  std::vector<Eigen::VectorXd> starts(const econ::EstimationResult& clogit) const override {
    return {model_.start(clogit.theta)};
  }

  std::vector<econ::ParameterEstimate> report(const econ::BfgsEstimate& fit) const override {
    const auto rep = model_.reported(fit.theta);
    if (!fit.warnings.empty())
      return BfgsModelRun::parameters(rep.names, rep.fixed, rep.values, Eigen::MatrixXd(), Eigen::MatrixXd());
    const Eigen::MatrixXd& J = rep.jacobian;
    return BfgsModelRun::parameters(rep.names, rep.fixed, rep.values, J * fit.covariance * J.transpose(),
                                    J * fit.robust_covariance * J.transpose());
  }

  void write_extra(const econ::BfgsEstimate& fit, Results& r) const override {
    const auto rep = model_.reported(fit.theta);
    nlohmann::json alloc = nlohmann::json::object();
    for (Eigen::Index i = 0; i < rep.values.size(); ++i) {
      const std::string& name = rep.names[static_cast<std::size_t>(i)];
      if (name.rfind("alpha.", 0) == 0) alloc[name] = rep.values[i];
      if (name.rfind("iv.", 0) == 0 && !(rep.values[i] > 0.0 && rep.values[i] <= 1.0)) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.6g", rep.values[i]);
        const std::string w = name + " = " + buf + " is outside (0, 1]: the cross-nested logit is inconsistent with utility maximisation";
        r.summary["warnings"].push_back(w);
        r.report += "Warning: " + w + "\n";
      }
    }
    r.summary["allocations"] = alloc;
    if (wtp_cost_.empty()) return;
    std::vector<WtpRow> rows;
    for (const auto& a : wtp_attributes_)
      rows.push_back(coefficient_ratio_wtp(model_.names(), fit.theta, fit.covariance, fit.robust_covariance,
                                           {a, wtp_cost_, "", 0.0, 0.0, 0.0}));
    write_wtp(r, "\nWillingness to pay (-coefficient / " + wtp_cost_ + "; delta-method standard errors):\n", rows);
  }

 private:
  econ::CrossNestedLogit model_;
  std::string wtp_cost_;
  std::vector<std::string> wtp_attributes_;
};

}  // namespace

std::unique_ptr<BfgsModelRun::Model> make_cross_nested_model(const econ::Design& design, const econ::CrossNestSpec& spec,
                                                             int threads, std::string wtp_cost,
                                                             std::vector<std::string> wtp_attributes) {
  return std::make_unique<CrossNestedModel>(design, spec, threads, std::move(wtp_cost), std::move(wtp_attributes));
}

}  // namespace arbiter::experiments
