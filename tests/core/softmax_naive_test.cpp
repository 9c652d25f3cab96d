// core/softmax_naive (the unshifted softmax, for teaching) and core/softmax_half (the core's softmax in
// float16): the overflow and underflow limits are log of the largest finite and of half the smallest
// subnormal value of each type, the naive softmax is right below them and NaN past them, the shifted one is finite
// everywhere.
#include <catch2/catch.hpp>

#include <cfloat>
#include <cmath>
#include <limits>

#include "core/softmax.hpp"
#include "core/softmax_half.hpp"
#include "core/softmax_naive.hpp"
#include "core/softmax_reference.hpp"

using namespace arbiter::core;
using half = Eigen::half;

TEST_CASE("naive softmax: overflow limits are log(max) rounded down to the type", "[core][softmax_naive]") {
  const double l64 = naive_softmax_overflow_limit<double>(), l32 = naive_softmax_overflow_limit<float>(),
               l16 = naive_softmax_overflow_limit<half>();
  CHECK(l64 == Approx(std::log(DBL_MAX)).epsilon(1e-15));  // 709.782712893384
  CHECK(l64 <= std::log(DBL_MAX));
  CHECK(l32 == Approx(std::log(static_cast<double>(FLT_MAX))).margin(1e-5));  // 88.7228
  CHECK(std::isfinite(std::exp(static_cast<float>(l32))));
  CHECK(std::isinf(std::exp(std::nextafter(static_cast<float>(l32), 100.0f))));
  // float16: 65504 is the largest half, exp rounds to inf from 65520 on; 11.0859375 = 11 + 11/128 is the
  // largest half whose exp stays below (exp(11.09375) = 65737).
  CHECK(l16 == 11.0859375);
  CHECK(l16 < std::log(65504.0));
  CHECK(std::log(65504.0) - l16 < 1.0 / 128);
}

TEST_CASE("naive softmax: underflow limits are log of half the smallest subnormal", "[core][softmax_naive]") {
  // exp(c) rounds up to the smallest subnormal from half of it on; below that it is 0 and 0 / 0 is NaN.
  CHECK(naive_softmax_underflow_limit<double>() == Approx(std::log(4.9406564584124654e-324) - std::log(2.0)).margin(1e-3));
  CHECK(naive_softmax_underflow_limit<float>() == Approx(std::log(1.4012984643e-45) - std::log(2.0)).margin(1e-4));
  CHECK(naive_softmax_underflow_limit<half>() == Approx(std::log(5.9604644775390625e-8) - std::log(2.0)).margin(1.0 / 64));
}

TEST_CASE("naive softmax: right inside the limits, NaN past them, where the core's is finite", "[core][softmax_naive]") {
  Eigen::VectorXd x(4);
  x << 1.5, -0.25, 3.0, 0.0;
  CHECK((naive_softmax<double>(x) - softmax<double>(x)).cwiseAbs().maxCoeff() < 1e-15);
  CHECK(naive_log_sum_exp<double>(x) == Approx(log_sum_exp<double>(x)).epsilon(1e-15));
  Eigen::VectorXd big(2);
  big << 710.0, 0.0;
  CHECK(std::isnan(naive_softmax<double>(big)[0]));
  CHECK(std::isinf(naive_log_sum_exp<double>(big)));
  CHECK(softmax<double>(big)[0] == 1.0);
  CHECK(log_sum_exp<double>(big) == 710.0);
  Eigen::VectorXf f(2);
  f << 89.0f, 88.0f;
  CHECK(std::isnan(naive_softmax<float>(f)[0]));
  CHECK(softmax<float>(f)[0] == Approx(1.0 / (1.0 + std::exp(-1.0))).epsilon(1e-6));
  Eigen::VectorXd tiny = Eigen::VectorXd::Constant(3, -800.0);  // 0 / 0
  CHECK(std::isnan(naive_softmax<double>(tiny)[0]));
  CHECK(softmax<double>(tiny)[0] == Approx(1.0 / 3.0).epsilon(1e-15));
}

TEST_CASE("float16: the shifted softmax is finite at any half logit, the naive one is not", "[core][softmax_naive]") {
  Vector<half> x(3);
  x << half(12.0f), half(11.0f), half(-3.0f);
  const Vector<half> naive = naive_softmax<half>(x), stable = softmax<half>(x);
  CHECK(std::isnan(static_cast<double>(naive[0])));
  Eigen::VectorXd xd(3);
  xd << 12.0, 11.0, -3.0;
  const Eigen::VectorXd exact = softmax<double>(xd);
  double sum = 0.0;
  for (int i = 0; i < 3; ++i) {
    CHECK(static_cast<double>(stable[i]) == Approx(exact[i]).margin(1e-3));
    sum += static_cast<double>(stable[i]);
  }
  CHECK(sum == Approx(1.0).margin(2e-3));
  Vector<half> huge(3);
  huge << half(60000.0f), half(0.0f), half(-60000.0f);
  const Vector<half> p = softmax<half>(huge);
  CHECK(static_cast<double>(p[0]) == 1.0);
  CHECK(static_cast<double>(p[2]) == 0.0);
  Vector<half> two(2);
  two << half(11.5f), half(11.5f);
  CHECK(static_cast<double>(log_sum_exp<half>(two)) == Approx(11.5 + std::log(2.0)).margin(8e-3));
  CHECK(std::isinf(static_cast<double>(naive_log_sum_exp<half>(two))));
  CHECK_THROWS_AS(softmax<half>(x, half(0.0f)), std::invalid_argument);
  Vector<half> bad(1);
  bad << half(std::numeric_limits<float>::quiet_NaN());
  CHECK_THROWS_AS(softmax<half>(bad), std::domain_error);
}

TEST_CASE("reference softmax: long double agrees with the double softmax and keeps its shift exact",
          "[core][softmax_naive]") {
  const std::vector<double> x = {1.5, -0.25, 3.0, 0.0};
  const ReferenceSoftmax r = reference_softmax(x);
  Eigen::VectorXd xd = Eigen::Map<const Eigen::VectorXd>(x.data(), 4);
  const Eigen::VectorXd p = softmax<double>(xd);
  long double sum = 0.0L;
  for (int i = 0; i < 4; ++i) {
    CHECK(static_cast<double>(r.probabilities[static_cast<std::size_t>(i)]) == Approx(p[i]).epsilon(1e-15));
    sum += r.probabilities[static_cast<std::size_t>(i)];
  }
  CHECK(static_cast<double>(sum - 1.0L) == Approx(0.0).margin(1e-18));
  CHECK(static_cast<double>(r.log_z) == Approx(log_sum_exp<double>(xd)).epsilon(1e-15));
  const ReferenceSoftmax shifted = reference_softmax({1001.5, 999.75, 1003.0, 1000.0});
  CHECK(static_cast<double>(shifted.log_z - r.log_z) == 1000.0);
  CHECK_THROWS_AS(reference_softmax({}), std::invalid_argument);
  CHECK_THROWS_AS(reference_softmax({0.0, std::numeric_limits<double>::infinity()}), std::domain_error);
}
