// Simulation draws: Halton draws are mlogit's and xlogit's construction (radical inverse built level by level,
// first 100 dropped, person n taking elements n R .. n R + R - 1); the inverse normal CDF agrees with Boost.Math;
// MLHS puts one draw in each of R strata; antithetic draws mirror; seeded draws do not depend on threads; the
// draws of a range of people (an MPI rank's block) are those rows of everyone's, bit for bit.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <utility>
#include <vector>
#include <boost/math/distributions/normal.hpp>

#include "core/input_error.hpp"
#include "econ/simulation_draws.hpp"

using namespace arbiter::econ;

TEST_CASE("the radical inverse is mlogit's level-by-level Halton sequence, bit for bit", "[mixed_logit][draws]") {
  for (int p : {2, 3, 5, 7, 11, 13}) {
    // h_0 = 0; level t appends h + i / p^t for i = 1 .. p - 1 over the sequence so far.
    std::vector<double> seq = {0.0};
    double step = 1.0;
    while (seq.size() < 5000) {
      step *= p;
      const std::size_t have = seq.size();
      for (int i = 1; i < p; ++i)
        for (std::size_t j = 0; j < have; ++j) seq.push_back(seq[j] + i / step);
    }
    for (std::size_t n = 0; n < 5000; ++n) REQUIRE(radical_inverse(n, p) == seq[n]);
  }
  CHECK(radical_inverse(100, 2) == 0.1484375);  // 100 = 1100100b -> 0.0010011b
  CHECK(radical_inverse(5, 3) == Approx(7.0 / 9.0).epsilon(1e-15));
}

TEST_CASE("person n's Halton draws are elements 100 + n R .. of the sequence through Phi^-1", "[mixed_logit][draws]") {
  DrawOptions o;
  o.draws = 7;
  const auto d = make_simulation_draws(5, {StandardDraw::normal, StandardDraw::uniform, StandardDraw::triangular}, o, 2);
  for (std::size_t n = 0; n < 5; ++n)
    for (std::size_t r = 0; r < 7; ++r) {
      const auto i = 100 + n * 7 + r;
      CHECK(d.row(n, 0)[r] == inverse_normal_cdf(radical_inverse(i, 2)));
      CHECK(d.row(n, 1)[r] == 2.0 * radical_inverse(i, 3) - 1.0);
      CHECK(d.row(n, 2)[r] == triangular_quantile(radical_inverse(i, 5)));
    }
}

TEST_CASE("the inverse normal CDF agrees with Boost.Math to 1e-15 relative", "[mixed_logit][draws]") {
  const boost::math::normal_distribution<double> N;
  std::vector<double> us = {1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 0.01, 0.02425, 0.0749, 0.075, 0.3, 0.5, 0.5 + 1e-9, 0.7,
                            0.925, 0.99, 1 - 1e-9, 1 - 1e-15};
  for (int i = 1; i < 1000; ++i) us.push_back(i / 1000.0);
  for (double u : us) {
    const double q = boost::math::quantile(N, u);
    CHECK(inverse_normal_cdf(u) == Approx(q).epsilon(4e-15).margin(1e-300));
  }
  CHECK(inverse_normal_cdf(0.5) == 0.0);
  CHECK(std::isinf(inverse_normal_cdf(0.0)));
}

TEST_CASE("the triangular quantile inverts the triangular CDF on [-1, 1]", "[mixed_logit][draws]") {
  for (double t : {-0.9, -0.5, -0.1, 0.0, 0.3, 0.8}) {
    const double F = t < 0 ? 0.5 * (t + 1) * (t + 1) : 1 - 0.5 * (1 - t) * (1 - t);
    CHECK(triangular_quantile(F) == Approx(t).margin(1e-12));
  }
}

TEST_CASE("MLHS draws hit every stratum once, antithetic draws mirror, seeded draws ignore the thread count",
          "[mixed_logit][draws]") {
  DrawOptions o;
  o.method = DrawMethod::mlhs;
  o.draws = 50;
  o.seed = 42;
  const auto one = make_simulation_draws(300, {StandardDraw::uniform, StandardDraw::uniform}, o, 1);
  const auto two = make_simulation_draws(300, {StandardDraw::uniform, StandardDraw::uniform}, o, 2);
  CHECK(one.values == two.values);
  for (std::size_t n : {0u, 17u, 299u})
    for (std::size_t d = 0; d < 2; ++d) {
      std::vector<int> hits(50, 0);
      for (std::size_t r = 0; r < 50; ++r) ++hits[static_cast<std::size_t>((one.row(n, d)[r] + 1.0) / 2.0 * 50)];
      CHECK(std::all_of(hits.begin(), hits.end(), [](int h) { return h == 1; }));
    }
  o.method = DrawMethod::pseudo;
  o.antithetic = true;
  const auto p1 = make_simulation_draws(100, {StandardDraw::normal}, o, 1);
  const auto p3 = make_simulation_draws(100, {StandardDraw::normal}, o, 3);
  CHECK(p1.values == p3.values);
  for (std::size_t r = 0; r < 25; ++r) CHECK(p1.row(7, 0)[r] == Approx(-p1.row(7, 0)[25 + r]).margin(1e-12));
  // Pseudo-random normals: mean near 0 and variance near 1 over 100 x 50 draws.
  double m = 0, v = 0;
  for (double x : make_simulation_draws(100, {StandardDraw::normal}, [] { DrawOptions q; q.method = DrawMethod::pseudo; q.draws = 50; return q; }(), 2).values) {
    m += x;
    v += x * x;
  }
  CHECK(std::abs(m / 5000) < 0.05);
  CHECK(std::abs(v / 5000 - 1) < 0.06);
}

TEST_CASE("the draws of people first to last - 1 are exactly those rows of everyone's draws, for every method",
          "[mixed_logit][draws]") {
  const std::vector<StandardDraw> three = {StandardDraw::normal, StandardDraw::uniform, StandardDraw::triangular};
  for (const DrawMethod method : {DrawMethod::halton, DrawMethod::mlhs, DrawMethod::pseudo, DrawMethod::quadrature})
    for (const bool antithetic : {false, true}) {
      if (method == DrawMethod::quadrature && antithetic) continue;
      DrawOptions o;
      o.method = method;
      o.draws = 12;
      o.antithetic = antithetic;
      o.seed = 2026;
      const auto dims = method == DrawMethod::quadrature ? std::vector<StandardDraw>{StandardDraw::normal} : three;
      const auto all = make_simulation_draws(150, dims, o, 2);
      REQUIRE(all.first_person == 0);
      for (const auto& [first, last] : std::vector<std::pair<std::size_t, std::size_t>>{{0, 150}, {0, 8}, {64, 65},
                                                                                          {37, 150}, {90, 90}, {1, 129}})
        for (const int threads : {1, 3}) {
          INFO("method " << static_cast<int>(method) << (antithetic ? " antithetic" : "") << ", people [" << first
                         << ", " << last << "), " << threads << " threads");
          const auto part = make_simulation_draws(first, last, dims, o, threads);
          CHECK(part.first_person == first);
          CHECK(part.people == last - first);
          REQUIRE(part.values.size() == (last - first) * dims.size() * 12);
          CHECK(part.weights == all.weights);
          bool same = true;
          for (std::size_t n = first; n < last; ++n)
            for (std::size_t d = 0; d < dims.size(); ++d)
              same = same && std::memcmp(part.row(n, d), all.row(n, d), 12 * sizeof(double)) == 0;
          CHECK(same);
        }
    }
  DrawOptions o;
  CHECK_THROWS_AS(make_simulation_draws(5, 4, three, o), arbiter::core::ArgumentError);
}
