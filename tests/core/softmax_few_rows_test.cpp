// core::softmax_few_rows (few outcomes, many distributions, one pass in packets) against softmax_columns and a
// scalar softmax of each column, on every kernel path (the AVX-512 and AVX2 copies and the Eigen packets), in
// place and with the columns ragged against the packet width; and its errors.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>

#include "core/exp_kernels_avx2.hpp"
#include "core/lane_kernels_avx512.hpp"
#include "core/random_stream.hpp"
#include "core/softmax.hpp"
#include "core/softmax_few_rows.hpp"

using namespace arbiter::core;

namespace {

struct KernelPath {
  explicit KernelPath(bool avx2) { kernels::avx2::allow(avx2); }
  ~KernelPath() { kernels::avx2::allow(true); }
};

// The AVX-512 copies on or off (AVX2 or the Eigen packets below them, as KernelPath says).
struct Avx512Path {
  explicit Avx512Path(bool on) { kernels::avx512::allow(on); }
  ~Avx512Path() { kernels::avx512::allow(true); }
};

Batch<double> random_logits(Eigen::Index k, Eigen::Index n, double sd, std::uint64_t seed) {
  RandomStream rng(seed, 0);
  Batch<double> x(k, n);
  for (Eigen::Index j = 0; j < k; ++j)
    for (Eigen::Index c = 0; c < n; ++c) x(j, c) = rng.normal(0.0, sd);
  return x;
}

template <class S> Batch<S> few_rows(const Batch<S>& x) {
  Batch<S> p(x.rows(), x.cols());
  softmax_few_rows<S>(x.data(), x.cols(), p.data(), p.cols(), x.rows(), x.cols());
  return p;
}

// The largest distance in ulp between two arrays of positive or zero numbers.
template <class S> double max_ulp(const Batch<S>& a, const Batch<S>& b) {
  double worst = 0.0;
  for (Eigen::Index i = 0; i < a.size(); ++i) {
    const S x = a.data()[i], y = b.data()[i];
    const S scale = std::max(std::abs(x), std::abs(y));
    if (scale < std::numeric_limits<S>::min()) {
      if (x != y) worst = std::max(worst, 1e9);
      continue;
    }
    worst = std::max(worst, static_cast<double>(std::abs(x - y) / (scale * std::numeric_limits<S>::epsilon())));
  }
  return worst;
}

}  // namespace

TEST_CASE("softmax_few_rows gives each column softmax_columns' double bits and a scalar softmax's values",
          "[core][softmax][few_rows]") {
  for (bool avx2 : {true, false}) {
    KernelPath path(avx2);
    for (Eigen::Index k = 1; k <= kFewRowsMax; ++k)
      for (Eigen::Index n : {1, 3, 4, 7, 8, 13, 64, 1500}) {
        const Batch<double> x = random_logits(k, n, 30.0, static_cast<std::uint64_t>(100 * k + n));
        Batch<double> p = few_rows<double>(x);
        Batch<double> q(k, n);
        softmax_columns<double>(x, q);
        CHECK((p.array() == q.array()).all());
        Batch<double> scalar(k, n);
        for (Eigen::Index c = 0; c < n; ++c) {
          const double m = x.col(c).maxCoeff();
          const Eigen::VectorXd e = (x.col(c).array() - m).exp().matrix();
          scalar.col(c) = e / e.sum();
        }
        for (Eigen::Index i = 0; i < p.size(); ++i)  // e^(x - m) underflows differently below 1e-308
          if (scalar.data()[i] < 1e-300) scalar.data()[i] = p.data()[i] = 0.0;
        CHECK(max_ulp<double>(p, scalar) < 8.0);
        CHECK((p.colwise().sum().array() - 1.0).abs().maxCoeff() < 1e-15);
      }
  }
}

TEST_CASE("softmax_few_rows in float: softmax_columns' bits on the Eigen packets, within 4 ulp on the AVX2 copy",
          "[core][softmax][few_rows]") {
  for (Eigen::Index k : {2, 3, 5, 8})
    for (Eigen::Index n : {5, 9, 16, 1499}) {
      const Batch<float> x = random_logits(k, n, 8.0, static_cast<std::uint64_t>(7 * k + n)).cast<float>();
      Batch<float> q(k, n);
      softmax_columns<float>(x, q);
      {
        KernelPath path(false);
        CHECK((few_rows<float>(x).array() == q.array()).all());
      }
      const Batch<float> p = few_rows<float>(x);
      Batch<float> pz = p, qz = q;  // relative ulp of the tiny tails says nothing
      for (Eigen::Index i = 0; i < p.size(); ++i)
        if (q.data()[i] < 1e-30f) pz.data()[i] = qz.data()[i] = 0.0f;
      CHECK(max_ulp<float>(pz, qz) <= 4.0);
      CHECK((p.cast<double>().colwise().sum().array() - 1.0).abs().maxCoeff() < 1e-6);
    }
}

TEST_CASE("softmax_few_rows in place, -inf logits and strided rows", "[core][softmax][few_rows]") {
  const Eigen::Index k = 3, n = 11;
  Batch<double> x = random_logits(k, n, 2.0, 5);
  x(1, 4) = -std::numeric_limits<double>::infinity();
  Batch<double> expected(k, n);
  softmax_columns<double>(x, expected);
  CHECK(expected(1, 4) == 0.0);
  Batch<double> y = x;
  softmax_few_rows<double>(y.data(), n, y.data(), n, k, n);
  CHECK((y.array() == expected.array()).all());
  // Rows 2 and 0 of a wider array, read with its stride: the middle block of columns 3..9.
  Batch<double> wide = random_logits(4, 20, 3.0, 6), out(2, 7);
  softmax_few_rows<double>(wide.data() + 3, 2 * 20, out.data(), 7, 2, 7);
  Batch<double> block(2, 7);
  block.row(0) = wide.row(0).segment(3, 7);
  block.row(1) = wide.row(2).segment(3, 7);
  Batch<double> block_p(2, 7);
  softmax_columns<double>(block, block_p);
  CHECK((out.array() == block_p.array()).all());
}

TEST_CASE("softmax_few_rows errors name the column, in place too", "[core][softmax][few_rows]") {
  for (bool avx2 : {true, false}) {
    KernelPath path(avx2);
    const Eigen::Index k = 3, n = 10;
    Batch<double> x = random_logits(k, n, 1.0, 9);
    x(1, 6) = std::numeric_limits<double>::quiet_NaN();
    Batch<double> p(k, n);
    CHECK_THROWS_WITH(few_rows<double>(x), Catch::Contains("column 6") && Catch::Contains("logit 1 is NaN"));
    x(1, 6) = std::numeric_limits<double>::infinity();
    CHECK_THROWS_WITH(softmax_few_rows<double>(x.data(), n, x.data(), n, k, n),
                      Catch::Contains("column 6") && Catch::Contains("logit 1 is infinite"));
    x(1, 6) = 0.0;
    x.col(9).setConstant(-std::numeric_limits<double>::infinity());
    CHECK_THROWS_WITH(few_rows<double>(x), Catch::Contains("column 9") && Catch::Contains("every logit is -inf"));
    Batch<float> xf = random_logits(2, 5, 1.0, 3).cast<float>();
    xf(0, 4) = std::numeric_limits<float>::quiet_NaN();
    CHECK_THROWS_WITH(few_rows<float>(xf), Catch::Contains("column 4"));
  }
  Batch<double> nine(9, 4), p(9, 4);
  nine.setZero();
  CHECK_THROWS_AS(softmax_few_rows<double>(nine.data(), 4, p.data(), 4, 9, 4), std::invalid_argument);
  CHECK_THROWS_AS(softmax_few_rows<double>(nine.data(), 4, p.data(), 4, 0, 4), std::invalid_argument);
  softmax_few_rows<double>(nine.data(), 4, p.data(), 4, 3, 0);  // no columns: nothing to do
}

TEST_CASE("softmax_few_rows' AVX-512 copy gives the AVX2 copy's bits (double and float) and the portable double bits",
          "[core][softmax][few_rows][avx512]") {
  if (!kernels::avx512::enabled()) WARN("no AVX-512 on this processor (or ARBITER_AVX512=0): AVX2 against itself");
  for (Eigen::Index k = 1; k <= kFewRowsMax; ++k)
    for (Eigen::Index n : {1, 5, 7, 8, 9, 15, 16, 17, 23, 31, 33, 100, 1499, 1501}) {
      const Batch<double> x = random_logits(k, n, 20.0, static_cast<std::uint64_t>(1000 + 31 * k + n));
      const Batch<float> xf = x.cast<float>();
      const Batch<double> wide = few_rows<double>(x);
      const Batch<float> wide_f = few_rows<float>(xf);
      Batch<double> avx2, portable, columns(k, n), portable_columns(k, n);
      Batch<float> avx2_f;
      softmax_columns<double>(x, columns);
      {
        Avx512Path off(false);
        avx2 = few_rows<double>(x);
        avx2_f = few_rows<float>(xf);
        KernelPath eigen(false);  // the portable build's bits: Eigen's SSE2 packets, no fused multiply-adds
        portable = few_rows<double>(x);
        softmax_columns<double>(x, portable_columns);
      }
      CHECK((wide.array() == avx2.array()).all());
      CHECK((wide.array() == columns.array()).all());
      CHECK((portable.array() == portable_columns.array()).all());
      CHECK(max_ulp<double>(wide, portable) < 4.0);
      CHECK((wide_f.array() == avx2_f.array()).all());
      CHECK((wide.colwise().sum().array() - 1.0).abs().maxCoeff() < 1e-15);
      // In place, rows strided inside a wider array: the same bits.
      Batch<double> y(k, n + 3);
      y.leftCols(n) = x;
      softmax_few_rows<double>(y.data(), n + 3, y.data(), n + 3, k, n);
      CHECK((y.leftCols(n).array() == wide.array()).all());
    }
}

TEST_CASE("softmax_few_rows' AVX-512 copy stops at the packet of a bad column, which softmax_columns names",
          "[core][softmax][few_rows][avx512]") {
  for (Eigen::Index bad : {0, 7, 8, 15, 16, 20}) {  // in a full packet and in the masked last one
    const Eigen::Index k = 3, n = 21;
    Batch<double> x = random_logits(k, n, 1.0, 11);
    x(2, bad) = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_WITH(few_rows<double>(x), Catch::Contains("column " + std::to_string(bad)));
    Batch<float> xf = x.cast<float>();
    xf(2, bad) = std::numeric_limits<float>::infinity();
    CHECK_THROWS_WITH(few_rows<float>(xf), Catch::Contains("column " + std::to_string(bad)));
  }
  // A column of -inf logits only, in the masked last packet of floats (16 lanes).
  Batch<float> xf = random_logits(2, 19, 1.0, 12).cast<float>();
  xf.col(18).setConstant(-std::numeric_limits<float>::infinity());
  CHECK_THROWS_WITH(few_rows<float>(xf), Catch::Contains("column 18") && Catch::Contains("every logit is -inf"));
}
