// The cross-nested logit in the generalised nested form (Bierlaire 2006; Biogeme's logcnl, Apollo's apollo_cnl):
// an alternative may belong to several nests with allocations alpha_jm in [0, 1] summing to 1 over its nests;
// with lambda_m the nest's log-sum parameter "iv.NEST" (the nested logit's RUM normalisation, mu_m = 1 / lambda_m),
//   P(j) = sum_m [ (alpha_jm e^{V_j})^{1/lambda_m} / S_m ] S_m^{lambda_m} / sum_n S_n^{lambda_n},
//   S_m = sum_{l in m} (alpha_lm e^{V_l})^{1/lambda_m},
// all through the core log-sum-exp and softmax. With every alternative in one nest it is the RUM nested logit.
// Parameters theta = (beta [design order], lambda [nest order], gamma): an alternative's free allocations are
// (1 - its fixed ones) times a core softmax over gamma (the first free nest the reference, gamma 0); an
// alternative in one nest, or with one free allocation, has no gamma. Reported parameters replace gamma by every
// alpha.ALT.NEST (alternatives in data order, nests in order), with delta-method covariances. The log-likelihood
// has an analytic gradient; lambda <= 0 gives -infinity. Situations are summed in fixed blocks in block order
// (bit-identical at any thread count). The constructor throws core::ArgumentError naming the argument:
// "cross_nests[NEST]" (an empty nest, an alternative the data lacks or listed twice), "cross_nests" (an
// alternative in no nest), "start[NAME]" / "fixed[NAME]" (a name that is no iv.NEST or alpha.ALT.NEST; an
// allocation outside [0, 1]; fixed allocations of an alternative that do not leave room for its free ones or
// do not sum to 1), and IdentificationError for a free iv of a nest with one alternative.
#pragma once
#include <map>
#include <string>
#include <vector>
#include <Eigen/Core>

#include "econ/bfgs_estimation.hpp"
#include "econ/design.hpp"
#include "econ/model_spec.hpp"

namespace arbiter::econ {

struct CrossNestSpec {
  std::vector<Nest> nests;              // alternatives may appear in several nests
  std::map<std::string, double> start;  // iv.NEST (default 1), alpha.ALT.NEST (default: equal shares)
  std::map<std::string, double> fixed;  // iv.NEST, alpha.ALT.NEST held at a value
};

class CrossNestedLogit {
 public:
  // The design must outlive it.
  CrossNestedLogit(const Design& design, const CrossNestSpec& spec, int threads = 0);

  // The internal parameters (beta, iv.NEST, gamma.ALT.NEST) and which are fixed.
  const std::vector<std::string>& names() const { return names_; }
  const std::vector<bool>& fixed() const { return fixed_; }
  int n_parameters() const { return static_cast<int>(names_.size()); }
  int n_nests() const { return static_cast<int>(nest_names_.size()); }
  // Start: beta as given (design order), iv.NEST and allocations from the spec.
  Eigen::VectorXd start(const Eigen::VectorXd& beta) const;

  ScoredLikelihood evaluate(const Eigen::VectorXd& theta, bool unit_scores = false) const;
  // J x M allocations alpha (0 where an alternative is not in a nest).
  Eigen::MatrixXd allocations(const Eigen::VectorXd& theta) const;

  // The reported parameters: beta, iv.NEST, then alpha.ALT.NEST.
  struct Reported {
    std::vector<std::string> names;
    std::vector<bool> fixed;  // held fixed, or determined by the others (an alternative's only free allocation)
    Eigen::VectorXd values;
    Eigen::MatrixXd jacobian;  // d reported / d theta
  };
  Reported reported(const Eigen::VectorXd& theta) const;

 private:
  struct Membership {
    int nest = 0;
    bool free = false;
    double value = 0.0;  // fixed allocation
    int gamma = -1;      // parameter index of its gamma (-1: the reference or none)
    std::string name;    // alpha.ALT.NEST
  };
  struct Situation;
  void fill_log_alpha(const Eigen::VectorXd& theta, Eigen::MatrixXd& log_alpha, Eigen::MatrixXd& share,
                      Eigen::MatrixXd* alpha = nullptr) const;
  double situation(const Eigen::VectorXd& theta, const Eigen::MatrixXd& log_alpha, std::size_t s, Situation& w,
                   bool gradient) const;

  const Design* design_;
  int threads_;
  std::vector<std::string> nest_names_;
  std::vector<std::vector<Membership>> members_;  // per alternative
  std::vector<double> free_scale_;                // per alternative: 1 - its fixed allocations
  std::vector<std::string> names_;
  std::vector<bool> fixed_;
  Eigen::VectorXd start_;
};

}  // namespace arbiter::econ
