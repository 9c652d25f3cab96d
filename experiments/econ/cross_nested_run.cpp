#include "experiments/econ/cross_nested_run.hpp"

#include <cstdio>

#include "experiments/econ/choice_data_keys.hpp"

namespace arbiter::experiments {
namespace {

class CrossNestedModel : public BfgsModelRun::Model {
 public:
  CrossNestedModel(const econ::Design& design, const econ::CrossNestSpec& spec, int threads)
      : model_(with_model_paths([&] { return econ::CrossNestedLogit(design, spec, threads); })) {}

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
  }

 private:
  econ::CrossNestedLogit model_;
};

}  // namespace

std::unique_ptr<BfgsModelRun::Model> make_cross_nested_model(const econ::Design& design, const econ::CrossNestSpec& spec,
                                                             int threads) {
  return std::make_unique<CrossNestedModel>(design, spec, threads);
}

}  // namespace arbiter::experiments
