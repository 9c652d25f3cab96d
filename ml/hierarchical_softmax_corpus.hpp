// Synthetic (context, word) data for the large-vocabulary models: C contexts, each with its own distribution
// over V words, p(w | c) = softmax_w(log f_w + signal * g_cw) with f the vocabulary's frequencies and
// g_cw ~ N(0, 1) drawn once. Contexts are uniform; words are drawn from p(. | c). Throws core::ArgumentError
// naming "contexts" (< 1) or "signal" (< 0 or not finite).
#pragma once
#include <vector>
#include <Eigen/Dense>

#include "core/inverse_cdf_table.hpp"
#include "core/random_stream.hpp"

namespace arbiter::ml {

struct ContextWord {
  int context = 0, word = 0;
};

class ContextWordSource {
 public:
  ContextWordSource(const std::vector<double>& frequencies, int contexts, double signal, core::RandomStream& rng);

  int contexts() const { return static_cast<int>(conditional_.rows()); }
  int words() const { return static_cast<int>(conditional_.cols()); }
  // n pairs drawn from rng.
  std::vector<ContextWord> draw(int n, core::RandomStream& rng) const;
  // H(W | C) in nats: the smallest mean negative log-likelihood any model can reach.
  double conditional_entropy() const;
  // p(w | c), one row per context.
  const Eigen::MatrixXd& conditional() const { return conditional_; }

 private:
  Eigen::MatrixXd conditional_;
  std::vector<core::InverseCdfTable> tables_;  // per context: its row's cumulative sums, for O(log V) draws
};

}  // namespace arbiter::ml
