// econ.estimate's latent-class and cross-nested logits: fits the conditional logit for the start (one Newton
// iteration per step), then maximises the model's likelihood by BFGS from each of the model's starts, one BFGS
// iteration per step (econ::BfgsEstimation), keeps the best fit (its Hessian a column per step) and writes estimates.csv (parameter, estimate, std_error (Hessian), robust_std_error (sandwich; by person for a
// panel), t_value, p_value), results.csv (the log-likelihood at the conditional logit, the start and the
// optimum), summary.json and the printed table, plus what the model adds (Model::write_extra). The design must
// outlive the run.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "econ/bfgs_estimation.hpp"
#include "econ/design.hpp"
#include "econ/estimation.hpp"
#include "experiments/experiment.hpp"

namespace arbiter::experiments {

class BfgsModelRun {
 public:
  // What the run needs of a model.
  class Model {
   public:
    virtual ~Model() = default;
    virtual std::string description() const = 0;
    virtual const std::vector<std::string>& names() const = 0;
    virtual const std::vector<bool>& fixed() const = 0;
    virtual econ::ScoredLikelihood evaluate(const Eigen::VectorXd& theta, bool unit_scores) const = 0;
    // The starting points (the fit from each is kept when it is the best; the first breaks ties).
    virtual std::vector<Eigen::VectorXd> starts(const econ::EstimationResult& clogit) const = 0;
    // The reported parameters (default: the internal ones) with their estimate, standard errors, t and p.
    virtual std::vector<econ::ParameterEstimate> report(const econ::BfgsEstimate& fit) const;
    // Extra tables and summary entries.
    virtual void write_extra(const econ::BfgsEstimate&, Results&) const {}
    // Extra observables of the fit, for a live view.
    virtual void add_observables(const econ::BfgsEstimate&, Observables&) const {}
  };

  BfgsModelRun(const econ::Design& design, std::unique_ptr<Model> model, const econ::EstimationOptions& options);
  ~BfgsModelRun();
  void step();
  bool done() const { return fitted_; }
  double progress() const;
  void add_observables(Observables& o) const;
  void write(Results& r) const;

  // Parameters from internal estimates and covariances (what report() does by default).
  static std::vector<econ::ParameterEstimate> parameters(const std::vector<std::string>& names,
                                                         const std::vector<bool>& fixed, const Eigen::VectorXd& values,
                                                         const Eigen::MatrixXd& covariance,
                                                         const Eigen::MatrixXd& robust_covariance);

 private:
  const econ::Design* design_;
  std::unique_ptr<Model> model_;
  econ::EstimationOptions options_;
  void finish_fit();

  std::unique_ptr<econ::LogitEstimation> clogit_;
  econ::EstimationResult clogit_result_;
  std::vector<Eigen::VectorXd> starts_;   // the model's starts, once the conditional logit is fitted
  bool starts_ready_ = false;
  std::size_t next_start_ = 0;            // starts fitted so far
  std::shared_ptr<econ::BfgsEstimation> current_, best_;  // the fit in progress and the best finished one
  bool fitted_ = false;
  econ::BfgsEstimate fit_;
  std::vector<double> start_optima_;  // the log-likelihood reached from each start
};

}  // namespace arbiter::experiments
