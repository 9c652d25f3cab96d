// core::softmax_columns (one distribution per column, SIMD across columns) against softmax_segments of each
// column, and core::sample_inverse_cdf_columns against core::sample_inverse_cdf on each column.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

#include "core/categorical_batch.hpp"
#include "core/categorical_sampler.hpp"
#include "core/random_stream.hpp"
#include "core/softmax.hpp"

using namespace arbiter::core;

namespace {

Batch<double> random_logits(Eigen::Index k, Eigen::Index n, double sd, std::uint64_t seed) {
  RandomStream rng(seed, 0);
  Batch<double> x(k, n);
  for (Eigen::Index j = 0; j < k; ++j)
    for (Eigen::Index c = 0; c < n; ++c) x(j, c) = rng.normal(0.0, sd);
  return x;
}

// softmax_segments of the columns laid end to end.
Batch<double> by_segments(const Batch<double>& x, double T) {
  const Eigen::Index k = x.rows(), n = x.cols();
  Eigen::VectorXd flat(k * n), p(k * n);
  std::vector<std::int64_t> offsets;
  for (Eigen::Index c = 0; c < n; ++c) {
    offsets.push_back(c * k);
    flat.segment(c * k, k) = x.col(c);
  }
  offsets.push_back(n * k);
  softmax_segments<double>(flat, offsets.data(), n, p, T);
  Batch<double> out(k, n);
  for (Eigen::Index c = 0; c < n; ++c) out.col(c) = p.segment(c * k, k);
  return out;
}

}  // namespace

TEST_CASE("softmax_columns gives each column exactly what softmax_segments gives it", "[core][softmax][columns]") {
  for (Eigen::Index k : {1, 4, 10, 17})
    for (Eigen::Index n : {1, 3, 32, 70}) {  // 70: a chunk of 64 columns and a ragged one
      INFO("k " << k << ", n " << n);
      Batch<double> x = random_logits(k, n, 20.0, static_cast<std::uint64_t>(k * 100 + n));
      if (k > 1) {
        x(0, n - 1) = -std::numeric_limits<double>::infinity();
        x(k - 1, 0) = x.col(0).maxCoeff() - 1e4;  // exp below the smallest normal at every T: exactly 0
      }
      for (double T : {0.3, 1.0, 7.0}) {
        Batch<double> p(k, n);
        softmax_columns<double>(x, p, T);
        const Batch<double> expected = by_segments(x, T);
        CHECK((p.array() == expected.array()).all());
        for (Eigen::Index c = 0; c < n; ++c) CHECK(p.col(c).sum() == Approx(1.0).epsilon(1e-14));
        CHECK((p.col(0) - softmax<double>(x.col(0), T)).cwiseAbs().maxCoeff() < 1e-15);
        if (k > 1) CHECK(p(k - 1, 0) == 0.0);
      }
    }
}

TEST_CASE("softmax_columns: a column's numbers do not depend on the others or on the storage", "[core][softmax][columns]") {
  const Batch<double> x = random_logits(10, 40, 5.0, 3);
  Batch<double> whole(10, 40);
  softmax_columns<double>(x, whole, 0.8);
  // The first 13 columns alone, written into a view of a wider batch (outer stride 40, not 13).
  Batch<double> wide = Batch<double>::Zero(10, 40);
  softmax_columns<double>(x.leftCols(13), wide.leftCols(13), 0.8);
  CHECK((wide.leftCols(13).array() == whole.leftCols(13).array()).all());
  CHECK((wide.rightCols(27).array() == 0.0).all());
  // In place.
  Batch<double> y = x;
  softmax_columns<double>(y, y, 0.8);
  CHECK((y.array() == whole.array()).all());
  // Float agrees with double to float precision.
  Batch<float> pf(10, 40);
  softmax_columns<float>(x.cast<float>(), pf, 0.8f);
  CHECK((pf.cast<double>() - whole).cwiseAbs().maxCoeff() < 1e-6);
}

TEST_CASE("softmax_columns limits and errors name the column", "[core][softmax][columns]") {
  Batch<double> x(3, 4);
  x << 1.0, 2.0, 0.0, 5.0,
       1.0, 2.0, 0.0, 5.0,
       0.0, 1.0, 0.0, 4.0;
  Batch<double> p(3, 4);
  softmax_columns<double>(x, p, std::numeric_limits<double>::infinity());  // uniform
  CHECK((p.array() == 1.0 / 3.0).all());
  softmax_columns<double>(x, p, 1e-310);  // 1/T overflows: the argmax with ties split
  CHECK(p(0, 0) == 0.5);
  CHECK(p(1, 0) == 0.5);
  CHECK(p(2, 0) == 0.0);
  CHECK(p(0, 2) == Approx(1.0 / 3.0));
  x(1, 2) = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_WITH(softmax_columns<double>(x, p), Catch::Contains("column 2") && Catch::Contains("logit 1 is NaN"));
  x(1, 2) = 0.0;
  x.col(3).setConstant(-std::numeric_limits<double>::infinity());
  CHECK_THROWS_WITH(softmax_columns<double>(x, p), Catch::Contains("column 3") && Catch::Contains("every logit is -inf"));
  x(0, 3) = std::numeric_limits<double>::infinity();
  CHECK_THROWS_WITH(softmax_columns<double>(x, p), Catch::Contains("column 3") && Catch::Contains("infinite"));
  CHECK_THROWS_AS(softmax_columns<double>(x, p, 0.0), std::invalid_argument);
  Batch<double> wrong(3, 3);
  CHECK_THROWS_AS(softmax_columns<double>(x, wrong), std::invalid_argument);
  Batch<double> empty(0, 2), empty_out(0, 2);
  CHECK_THROWS_AS(softmax_columns<double>(empty, empty_out), std::invalid_argument);
}

TEST_CASE("sample_inverse_cdf_columns draws what sample_inverse_cdf draws on each column",
          "[core][sampler][columns]") {
  RandomStream gen(12);
  for (Eigen::Index n : {1, 7, 64, 131}) {  // ragged against the SIMD width and the chunk
    const Eigen::Index k = 9;
    Batch<double> cols(k, n);
    for (Eigen::Index c = 0; c < n; ++c) {
      for (Eigen::Index j = 0; j < k; ++j) cols(j, c) = gen.uniform() < 0.3 ? 0.0 : gen.uniform();
      if (cols.col(c).sum() == 0.0) cols(c % k, c) = 1.0;
      cols.col(c) /= cols.col(c).sum();
    }
    RandomStream a(static_cast<std::uint64_t>(n)), b(static_cast<std::uint64_t>(n));  // the same uniforms
    std::vector<double> u(static_cast<std::size_t>(n));
    for (auto& v : u) v = a.uniform();
    std::vector<int> by_cols(u.size()), expected(u.size());
    sample_inverse_cdf_columns<double>(cols, u.data(), by_cols.data());
    for (Eigen::Index c = 0; c < n; ++c) {
      const Eigen::VectorXd col = cols.col(c);
      expected[static_cast<std::size_t>(c)] = sample_inverse_cdf<double>(col, b);
    }
    CHECK(by_cols == expected);
    for (Eigen::Index c = 0; c < n; ++c) CHECK(cols(by_cols[static_cast<std::size_t>(c)], c) > 0.0);
    std::vector<int> by_float(u.size());
    sample_inverse_cdf_columns<float>(cols.cast<float>(), u.data(), by_float.data());
    int same = 0;
    for (std::size_t c = 0; c < u.size(); ++c) same += by_float[c] == by_cols[c];
    CHECK(same >= static_cast<int>(u.size()) - 1);  // float round-off may move one draw across a boundary
  }
  Batch<double> bad(3, 6);
  bad.setConstant(1.0 / 3.0);
  bad(1, 5) = -0.1;
  const std::vector<double> half(6, 0.5);
  std::vector<int> out(6);
  CHECK_THROWS_WITH(sample_inverse_cdf_columns<double>(bad, half.data(), out.data()),
                    Catch::Contains("column 5") && Catch::Contains("probability 1"));
  bad.col(5).setZero();
  CHECK_THROWS_WITH(sample_inverse_cdf_columns<double>(bad, half.data(), out.data()),
                    Catch::Contains("column 5") && Catch::Contains("every probability is 0"));
  Batch<double> empty(0, 2);
  CHECK_THROWS_AS(sample_inverse_cdf_columns<double>(empty, half.data(), out.data()), std::invalid_argument);
}
