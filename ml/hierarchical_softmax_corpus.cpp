// The conditional distributions come from core's softmax; draws from core's inverse-CDF tables (the sampler's
// draws in O(log V)).
#include "ml/hierarchical_softmax_corpus.hpp"

#include <cmath>
#include <string>

#include "core/input_error.hpp"
#include "core/softmax.hpp"
#include "core/softmax_derivatives.hpp"
#include "core/table.hpp"

namespace arbiter::ml {

ContextWordSource::ContextWordSource(const std::vector<double>& frequencies, int contexts, double signal,
                                     core::RandomStream& rng) {
  if (contexts < 1) throw core::ArgumentError("contexts", "at least 1", std::to_string(contexts));
  if (!(signal >= 0.0) || !std::isfinite(signal))
    throw core::ArgumentError("signal", "a finite number >= 0", core::format_double(signal));
  if (frequencies.size() < 2)
    throw core::ArgumentError("frequencies", "at least two classes", std::to_string(frequencies.size()));
  const auto v = static_cast<Eigen::Index>(frequencies.size());
  conditional_.resize(contexts, v);
  Eigen::VectorXd logits(v);
  for (int c = 0; c < contexts; ++c) {
    for (Eigen::Index w = 0; w < v; ++w)
      logits[w] = std::log(frequencies[static_cast<std::size_t>(w)]) + signal * rng.normal();
    conditional_.row(c) = core::softmax<double>(logits).transpose();
  }
  for (int c = 0; c < contexts; ++c) tables_.emplace_back(Eigen::VectorXd(conditional_.row(c).transpose()));
}

std::vector<ContextWord> ContextWordSource::draw(int n, core::RandomStream& rng) const {
  std::vector<ContextWord> out(static_cast<std::size_t>(std::max(n, 0)));
  for (auto& cw : out) {
    cw.context = static_cast<int>(rng.uniform_int(static_cast<std::uint64_t>(contexts())));
    cw.word = tables_[static_cast<std::size_t>(cw.context)].draw(rng);  // sample_inverse_cdf's draw, O(log V)
  }
  return out;
}

double ContextWordSource::conditional_entropy() const {
  double h = 0.0;
  for (Eigen::Index c = 0; c < conditional_.rows(); ++c) {
    const Eigen::VectorXd row = conditional_.row(c).transpose();
    h += core::entropy<double>(row);
  }
  return h / static_cast<double>(conditional_.rows());
}

}  // namespace arbiter::ml
