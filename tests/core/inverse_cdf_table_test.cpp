// InverseCdfTable: the same draws as sample_inverse_cdf on the same stream (zeros, ties, round-off totals,
// thousands of classes), and the same errors.
#include <catch2/catch.hpp>

#include <stdexcept>

#include "core/categorical_sampler.hpp"
#include "core/inverse_cdf_table.hpp"
#include "core/softmax.hpp"

using namespace arbiter::core;

namespace {

void check_same_draws(const Eigen::VectorXd& p, int draws, std::uint64_t seed) {
  const InverseCdfTable table(p);
  RandomStream a(seed, 0), b(seed, 0);
  for (int i = 0; i < draws; ++i) {
    const int expected = sample_inverse_cdf<double>(p, a);
    REQUIRE(table.draw(b) == expected);
  }
}

}  // namespace

TEST_CASE("InverseCdfTable draws exactly what sample_inverse_cdf draws on the same stream", "[core][sampling]") {
  Eigen::VectorXd zeros(6);
  zeros << 0.0, 0.3, 0.0, 0.0, 0.7, 0.0;  // leading, inner and trailing zeros: never drawn
  check_same_draws(zeros, 20000, 1);
  Eigen::VectorXd unnormalised(4);
  unnormalised << 1e-300, 2.0, 2.0, 5e-17;  // a total of about 4 and entries at the edge of round-off
  check_same_draws(unnormalised, 20000, 2);
  Eigen::VectorXd one(1);
  one << 0.25;
  check_same_draws(one, 100, 3);
  RandomStream logits_rng(7, 0);
  Eigen::VectorXd logits(5000);
  for (Eigen::Index i = 0; i < logits.size(); ++i) logits[i] = 3.0 * logits_rng.normal();
  check_same_draws(softmax<double>(logits), 50000, 4);
  const InverseCdfTable t(zeros);
  CHECK(t.size() == 6);
}

TEST_CASE("InverseCdfTable refuses what sample_inverse_cdf refuses", "[core][sampling]") {
  CHECK_THROWS_AS(InverseCdfTable(Eigen::VectorXd()), std::invalid_argument);
  CHECK_THROWS_AS(InverseCdfTable(Eigen::VectorXd::Zero(3)), std::domain_error);
  Eigen::VectorXd negative(2);
  negative << 0.5, -0.1;
  CHECK_THROWS_WITH(InverseCdfTable(negative), "InverseCdfTable: probability 1 is negative or NaN");
}
