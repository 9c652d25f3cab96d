#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "core/running_stats.hpp"

using namespace arbiter::core;

TEST_CASE("Welford's mean and variance match the two-pass formulas", "[core][stats]") {
  const std::vector<double> xs = {1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16};
  RunningStats s;
  for (double x : xs) s.add(x);
  CHECK(s.mean() == Approx(1e9 + 10));
  CHECK(s.variance() == Approx(30.0).epsilon(1e-12));  // catastrophic cancellation would lose this
  CHECK(s.min() == 1e9 + 4);
  CHECK(s.max() == 1e9 + 16);
}

TEST_CASE("merging partial statistics equals adding everything", "[core][stats]") {
  RunningStats all, left, right;
  for (int i = 0; i < 100; ++i) {
    const double x = std::sin(i) * 10 + i * 0.1;
    all.add(x);
    (i < 37 ? left : right).add(x);
  }
  left.merge(right);
  CHECK(left.count() == all.count());
  CHECK(left.mean() == Approx(all.mean()).epsilon(1e-14));
  CHECK(left.variance() == Approx(all.variance()).epsilon(1e-12));
}

TEST_CASE("RunningStats::of a whole array equals adding its values one by one", "[core][stats]") {
  std::vector<double> xs;
  for (int i = 0; i < 37; ++i) xs.push_back(1e9 + std::sin(i) * 10 + i * 0.1);  // large offset: cancellation
  for (std::int64_t n : {0, 1, 2, 3, 5, 8, 37}) {
    INFO("n " << n);
    RunningStats one_by_one;
    for (std::int64_t i = 0; i < n; ++i) one_by_one.add(xs[static_cast<std::size_t>(i)]);
    const RunningStats at_once = RunningStats::of(xs.data(), n);
    CHECK(at_once.count() == n);
    CHECK(at_once.mean() == Approx(one_by_one.mean()).epsilon(1e-15));
    CHECK(at_once.variance() == Approx(one_by_one.variance()).epsilon(1e-6).margin(1e-9));
    CHECK(at_once.min() == one_by_one.min());
    CHECK(at_once.max() == one_by_one.max());
  }
  // The variance of {4, 7, 13, 16} around 1e9 is 30 exactly; blocks merge like added values.
  const std::vector<double> four = {1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16};
  CHECK(RunningStats::of(four.data(), 4).variance() == Approx(30.0).epsilon(1e-12));
  RunningStats merged = RunningStats::of(xs.data(), 20);
  merged.merge(RunningStats::of(xs.data() + 20, 17));
  CHECK(merged.variance() == Approx(RunningStats::of(xs.data(), 37).variance()).epsilon(1e-9));
}

TEST_CASE("95% intervals use Student's t", "[core][stats]") {
  CHECK(student_t_975(1) == Approx(12.7062).epsilon(1e-5));
  CHECK(student_t_975(10) == Approx(2.228139).epsilon(1e-6));
  CHECK(student_t_975(40) == Approx(2.021075).epsilon(1e-6));
  CHECK(student_t_975(1999) == Approx(1.961151).epsilon(1e-6));
  const auto ci = confidence_interval_95(std::vector<double>{2.0, 4.0, 6.0});
  CHECK(ci.mean == 4.0);
  CHECK(ci.half_width == Approx(4.302653 * 2.0 / std::sqrt(3.0)).epsilon(1e-6));
  CHECK(confidence_interval_95(std::vector<double>{5.0}).half_width == 0.0);
}
