// An estimation whose evaluations are too large for one step computes each a slice of chunks per step
// (econ::SlicedSums, MixedLogitEstimation with options.slices): every step does at most one slice, and the
// estimates, standard errors and counts are those of the unsliced estimation to the last bit.
#include <catch2/catch.hpp>
#include <cstring>
#include <memory>

#include "econ/mixed_logit.hpp"
#include "econ/mixed_logit_estimation.hpp"
#include "econ/sliced_sums.hpp"
#include "tests/econ/electricity_panel.hpp"

using namespace arbiter::econ;

namespace {

RandomCoefficients normal_tastes() {
  std::vector<CoefficientSpec> s;
  for (const auto& v : arbiter::test_econ::kElectricityVariables)
    s.push_back({v, v == "pf" ? Distribution::fixed : Distribution::normal, false});
  return RandomCoefficients(s);
}

bool same_bits(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() &&
         std::memcmp(a.data(), b.data(), static_cast<std::size_t>(a.size()) * sizeof(double)) == 0;
}

// Counts the evaluate() calls of the model it is given to (each call asks computes() for chunk 0 first).
class CountingSlices : public SlicedSums {
 public:
  bool computes(std::size_t chunk, std::size_t chunks) const override {
    if (chunk == 0) ++calls;
    return SlicedSums::computes(chunk, chunks);
  }
  mutable long calls = 0;
};

}  // namespace

TEST_CASE("a sliced mixed-logit estimation computes a slice per step and gives the unsliced estimates to the bit",
          "[mixed_logit][slices]") {
  const auto data = arbiter::test_econ::first_people(arbiter::test_econ::electricity_panel(), 40);  // 5 chunks
  DrawOptions draws;
  draws.draws = 20;
  for (double single : {0.0, 1.0}) {
    INFO("single-precision gradient " << single);
    MixedLogitOptions o;
    o.threads = 1;
    o.gradient_tolerance = 1e-4;
    o.starts = 2;
    o.single_precision_gradient = single;
    const MixedLogit whole(data, normal_tastes(), draws, true, 1);
    o.start = whole.coefficients().start(Eigen::VectorXd::Zero(whole.coefficients().n_coefficients()), 0.1);
    const auto ref = estimate_mixed_logit(whole, o);
    REQUIRE(ref.iterations > 5);

    auto slices = std::make_shared<CountingSlices>();
    const MixedLogit sliced(data, normal_tastes(), draws, true, 1, slices);
    REQUIRE(sliced.n_chunks() == 5);
    o.slices = slices;
    o.slice_work = 1.0;  // one chunk per slice
    MixedLogitEstimation e(sliced, o);
    long steps = 0, most = 0;
    while (!e.done()) {
      const long before = slices->calls;
      e.step();
      ++steps;
      most = std::max(most, slices->calls - before);
    }
    const auto& got = e.result();
    CHECK(most == 1);  // never more than one slice (one evaluate call) in a step
    CHECK(steps >= 5 * ref.evaluations);
    CHECK(got.iterations == ref.iterations);
    CHECK(got.evaluations == ref.evaluations);
    CHECK(got.single_evaluations == ref.single_evaluations);
    CHECK(std::memcmp(&got.log_likelihood, &ref.log_likelihood, sizeof(double)) == 0);
    CHECK(std::memcmp(&got.start_log_likelihood, &ref.start_log_likelihood, sizeof(double)) == 0);
    CHECK(got.start_log_likelihoods == ref.start_log_likelihoods);
    CHECK(same_bits(got.theta, ref.theta));
    CHECK(same_bits(got.hessian, ref.hessian));
    CHECK(same_bits(got.covariance, ref.covariance));
    CHECK(same_bits(got.clustered_covariance, ref.clustered_covariance));
    CHECK(same_bits(got.bhhh_covariance, ref.bhhh_covariance));
  }
}

TEST_CASE("wrapping another PartialSums (MPI ranks), SlicedSums never slices", "[mixed_logit][slices]") {
  const SlicedSums alone, wrapped(std::make_shared<PartialSums>());
  CHECK(alone.slices());
  CHECK_FALSE(wrapped.slices());
  wrapped.set_slice(1, 2);
  CHECK(wrapped.computes(0, 5));  // the inner one decides
  alone.set_slice(1, 2);
  CHECK_FALSE(alone.computes(0, 5));
  CHECK(alone.computes(1, 5));
  CHECK_FALSE(alone.computes(2, 5));
}
