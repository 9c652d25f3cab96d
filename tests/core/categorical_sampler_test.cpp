#include <catch2/catch.hpp>

#include <vector>

#include "core/categorical_sampler.hpp"
#include "core/softmax.hpp"

using namespace arbiter::core;

namespace {

// Pearson chi-square statistic of counts against probabilities.
double chi_square(const std::vector<int>& counts, const Eigen::VectorXd& p, int n) {
  double chi2 = 0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    const double e = n * p[static_cast<Eigen::Index>(i)];
    if (e > 0) chi2 += (counts[i] - e) * (counts[i] - e) / e;
  }
  return chi2;
}

}  // namespace

// With 5 categories (4 degrees of freedom) the 99.9% chi-square quantile is 18.47.
TEST_CASE("inverse-CDF and Gumbel-max draws follow the softmax distribution", "[core][sampler]") {
  Eigen::VectorXd x(5);
  x << 1.0, 0.0, -0.5, 2.0, 0.3;
  const double T = 0.8;
  const Eigen::VectorXd p = softmax<double>(x, T);
  const int n = 200000;
  std::vector<int> inv(5, 0), gum(5, 0);
  RandomStream a(42, 0), b(42, 1);
  for (int k = 0; k < n; ++k) {
    ++inv[static_cast<std::size_t>(sample_softmax<double>(x, a, T))];
    ++gum[static_cast<std::size_t>(sample_gumbel_max<double>(x, b, T))];
  }
  CHECK(chi_square(inv, p, n) < 18.47);
  CHECK(chi_square(gum, p, n) < 18.47);
  // And a wrong distribution is detected by the same statistic (the test can fail).
  Eigen::VectorXd wrong = softmax<double>(x, 1.0);
  CHECK(chi_square(gum, wrong, n) > 100.0);
}

TEST_CASE("zero-probability and masked entries are never drawn", "[core][sampler]") {
  Eigen::VectorXd p(4);
  p << 0.0, 0.5, 0.0, 0.5;
  Eigen::VectorXd x(4);
  x << 5.0, 0.0, 1.0, 0.0;
  Mask m(4);
  m << false, true, false, true;
  RandomStream rng(7);
  for (int k = 0; k < 10000; ++k) {
    const int i = sample_inverse_cdf<double>(p, rng);
    CHECK((i == 1 || i == 3));
    const int j = sample_gumbel_max<double>(x, m, rng);
    CHECK((j == 1 || j == 3));
  }
  CHECK_THROWS_AS(sample_inverse_cdf<double>(Eigen::VectorXd::Zero(3), rng), std::domain_error);
}
