// The latent-class logit: C classes, each a conditional logit whose listed ("specific") coefficients take one
// value per class (parameter COEF.CLASS) while the others are shared; class membership is a logit (the core
// softmax) with constants class.CLASS and individual variables class.CLASS.VAR, the first class the reference.
// A unit is a person (panel: the person's situations share a class; their probabilities multiply) or a
// situation. LL = sum_u log sum_c pi_uc prod_{t in u} P_t(chosen | beta_c), computed in logs through the core
// log-sum-exp; the analytic gradient is the posterior-weighted score. Units are summed in fixed blocks added in
// block order, so results are bit-identical at any thread count. The constructor throws core::ArgumentError
// naming the argument: "classes[i]" (no class, or a name used twice), "specific[i]" (a coefficient the design
// lacks, or named twice), "fixed[NAME]" (a name that is no class-specific or membership parameter),
// "membership" (a matrix of the wrong shape), "units" (offsets that do not cover the situations).
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>
#include <Eigen/Core>

#include "econ/bfgs_estimation.hpp"
#include "econ/choice_data.hpp"
#include "econ/design.hpp"

namespace arbiter::econ {

struct LatentClassSpec {
  std::vector<std::string> classes;        // class names, at least one; the first is the membership reference
  std::vector<std::string> specific;       // design coefficients with one value per class
  std::vector<std::string> membership;     // individual variables of the membership logit (names only)
  std::map<std::string, double> fixed;     // COEF.CLASS, class.CLASS or class.CLASS.VAR held at a value
};

class LatentClassLogit {
 public:
  // unit_offsets: unit u has situations [.[u], .[u + 1]) (empty: every situation its own unit); membership:
  // units x spec.membership.size() values (each unit's individual variables). The design must outlive it.
  LatentClassLogit(const Design& design, LatentClassSpec spec, std::vector<std::int64_t> unit_offsets = {},
                   Eigen::MatrixXd membership = {}, int threads = 0);

  const std::vector<std::string>& names() const { return names_; }
  const std::vector<bool>& fixed() const { return fixed_; }
  int n_parameters() const { return static_cast<int>(names_.size()); }
  int n_classes() const { return static_cast<int>(spec_.classes.size()); }
  std::size_t n_units() const { return units_.size() - 1; }
  const LatentClassSpec& spec() const { return spec_; }

  // Starting values from a conditional logit's estimates and standard errors (design order): shared
  // coefficients at the estimate, class c's copy of a specific one at b + spread d_c (0.5 |b| + se) with d_c
  // evenly spaced over [-1, 1], membership parameters 0; fixed parameters at their value.
  Eigen::VectorXd start(const Eigen::VectorXd& clogit, const Eigen::VectorXd& clogit_std_error, double spread = 1.0) const;
  // The K x C coefficients of each class.
  Eigen::MatrixXd class_coefficients(const Eigen::VectorXd& theta) const;
  ScoredLikelihood evaluate(const Eigen::VectorXd& theta, bool unit_scores = false) const;
  // Units x C: the membership probabilities pi_uc, and the posteriors given each unit's choices.
  Eigen::MatrixXd priors(const Eigen::VectorXd& theta) const;
  Eigen::MatrixXd posteriors(const Eigen::VectorXd& theta) const;

 private:
  struct Unit;
  double unit(const Eigen::VectorXd& theta, const Eigen::MatrixXd& betas, std::size_t u, Unit& w, bool gradient) const;

  const Design* design_;
  LatentClassSpec spec_;
  std::vector<std::int64_t> units_;
  Eigen::MatrixXd membership_;
  int threads_;
  std::vector<std::string> names_;
  std::vector<bool> fixed_;
  Eigen::VectorXd fixed_values_;
  std::vector<std::vector<int>> slot_;  // slot_[k][c]: parameter of coefficient k in class c
  int membership_first_ = 0;           // class.CLASS (c >= 1) then its class.CLASS.VAR, class by class
};

// Each unit's membership variables: the value on its first row, which must be the same on all its rows.
// Throws core::ArgumentError "membership[i]" for a column the data lacks or one that varies within a unit.
Eigen::MatrixXd unit_variables(const ChoiceData& data, const std::vector<std::string>& variables,
                               const std::vector<std::int64_t>& unit_offsets);

}  // namespace arbiter::econ
