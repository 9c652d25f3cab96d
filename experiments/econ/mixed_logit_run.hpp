// econ.estimate's mixed logit: builds econ::MixedLogit from the design (one coefficient per design column,
// random as /model/random and /model/correlated say), fits the conditional logit for the start (one Newton
// iteration per step) unless /estimation/start is "given", then maximises the simulated likelihood one BFGS
// iteration (and one start) per step (econ::MixedLogitEstimation; an evaluation too large for one step a slice of
// people per step, through econ::SlicedSums; the standard errors and the conditional means in the last steps) and writes estimates.csv (mlogit's sd.COEF / chol.A.B names, the four kinds of
// standard error), individual.csv (each person's conditional mean of every random coefficient and, with
// /wtp/cost, of each willingness to pay -b_attribute / b_cost), results.csv
// (the optimum reached from each start), with /wtp/cost wtp.csv (the ratio of the population means
// -E[b_attribute] / E[b_cost], with delta-method standard errors; with a random cost still the ratio of means,
// which the report says), summary.json and the printed table. The constructor throws
// ConfigError naming the JSON path (a random or correlated coefficient the model lacks, a spread in
// /model/start or /model/fixed the model lacks, /simulation/draws too many for the memory) and core::DataError naming file and line (a person whose
// situations are not contiguous). The design must outlive the run; the data only the constructor.
#pragma once
#include <atomic>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "econ/choice_data.hpp"
#include "econ/design.hpp"
#include "econ/estimation.hpp"
#include "econ/mixed_logit.hpp"
#include "econ/mixed_logit_estimation.hpp"
#include "econ/partial_sums.hpp"
#include "experiments/econ/mixed_logit_keys.hpp"
#include "experiments/econ/taste_distribution.hpp"
#include "experiments/experiment.hpp"

namespace arbiter::experiments {

class MixedLogitRun {
 public:
  MixedLogitRun(const econ::Design& design, const econ::ChoiceData& data, MixedLogitSetup setup,
                const econ::EstimationOptions& clogit_options, const RunContext& ctx);
  ~MixedLogitRun();
  void step();
  bool done() const { return fitted_; }
  double progress() const;
  void add_observables(Observables& o) const;
  void write(Results& r) const;

 private:
  // Refuses (ConfigError naming /simulation/draws, exit 2) draws that would not fit in the available memory.
  void check_draws_memory(const econ::RandomCoefficients& rc, std::size_t units) const;
  // The start (the conditional logit's means or /model/start) and the estimation, stepped an iteration at a time.
  void start_fit();
  // The estimates, then each unit's conditional means.
  void finish_fit();
  // The observables (beside add_observables): the log-likelihood by iteration (the conditional-logit start as
  // it runs, then the mixed logit's start and optimum); each random coefficient's population density with the
  // histogram of the people's conditional means ("taste.COEF" plot, "taste.COEF.counts" bars, population mean,
  // sd, share above 0 and the sd of the people's means as numbers); with /wtp/cost the same for each
  // willingness to pay ("wtp.ATTR").
  void add_fit_observables(Observables& o) const;
  void add_taste_observables(Observables& o) const;
  // Coefficient k's fitted distribution (its underlying mean and sd; a fixed one: a point mass at its value).
  TasteDistribution taste_distribution(int coefficient) const;
  // wtp.csv and summary.json's willingness_to_pay: -E[b_attribute] / E[b_cost] with delta-method errors.
  void write_willingness_to_pay(Results& r) const;

  MixedLogitSetup setup_;
  const econ::Design* design_;
  std::unique_ptr<econ::MixedLogit> model_;
  econ::MixedLogitOptions options_;
  std::unique_ptr<econ::LogitEstimation> clogit_;
  econ::EstimationResult clogit_result_;
  bool clogit_done_ = false, fitted_ = false;
  std::vector<std::pair<int, double>> iterates_;  // the first start's (iteration, simulated LL) while fitting
  std::unique_ptr<econ::MixedLogitEstimation> estimation_;
  econ::MixedLogitEstimate fit_;
  Eigen::MatrixXd conditional_means_;         // units x random coefficients
  Eigen::MatrixXd conditional_wtp_;           // units x wtp attributes
  std::vector<std::string> unit_ids_;         // person ids (panel) or situation ids
  std::vector<std::string> unit_person_ids_;  // cross-section with an individual column: each unit's person
  double null_log_likelihood_ = 0.0;
};

}  // namespace arbiter::experiments
