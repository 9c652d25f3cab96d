// core::softmax_segments (added for the conditional-logit kernel: one vectorised exponential pass over many
// short choice sets) agrees with core::softmax and core::log_sum_exp segment by segment, including masked
// (-inf) entries, temperatures and huge logits, and rejects what softmax rejects.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "core/random_stream.hpp"
#include "core/softmax.hpp"

using namespace arbiter;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Ragged segments of lengths 1..13, logits N(0, scale^2), every fifth entry -inf (never a whole segment).
struct Segments {
  std::vector<std::int64_t> offsets{100};  // offsets need not start at 0
  Eigen::VectorXd x;
};

Segments make_segments(double scale, std::uint64_t seed) {
  core::RandomStream rng(seed);
  Segments s;
  std::vector<double> values;
  for (int i = 0; i < 300; ++i) {
    const int len = 1 + i % 13;
    for (int j = 0; j < len; ++j) values.push_back(j > 0 && (i + j) % 5 == 0 ? -kInf : scale * rng.normal());
    s.offsets.push_back(s.offsets.back() + len);
  }
  s.x = Eigen::Map<Eigen::VectorXd>(values.data(), static_cast<Eigen::Index>(values.size()));
  return s;
}

}  // namespace

TEST_CASE("softmax_segments equals softmax and log_sum_exp per segment") {
  for (double scale : {1.0, 30.0, 1e6}) {
    for (double T : {1.0, 0.25, 7.0}) {
      const Segments s = make_segments(scale, 3);
      const auto n_seg = static_cast<Eigen::Index>(s.offsets.size() - 1);
      Eigen::VectorXd p(s.x.size()), log_z(n_seg);
      core::softmax_segments<double>(s.x, s.offsets.data(), n_seg, p, T, log_z.data());
      for (Eigen::Index i = 0; i < n_seg; ++i) {
        const Eigen::Index b = s.offsets[static_cast<std::size_t>(i)] - 100;
        const Eigen::Index len = s.offsets[static_cast<std::size_t>(i) + 1] - s.offsets[static_cast<std::size_t>(i)];
        const Eigen::VectorXd seg = s.x.segment(b, len);
        const Eigen::VectorXd ref = core::softmax<double>(seg, T);
        INFO("scale " << scale << " T " << T << " segment " << i);
        CHECK((p.segment(b, len) - ref).cwiseAbs().maxCoeff() <= 1e-15);
        CHECK(p.segment(b, len).sum() == Approx(1.0).epsilon(1e-14));
        CHECK(log_z[i] == Approx(core::log_sum_exp<double>(seg, T)).epsilon(1e-14));
        for (Eigen::Index j = 0; j < len; ++j)
          if (seg[j] == -kInf) CHECK(p[b + j] == 0.0);
      }
    }
  }
}

TEST_CASE("softmax_segments: infinite temperature is uniform over the live entries, float works") {
  const std::vector<std::int64_t> off = {0, 3, 4};
  Eigen::VectorXd x(4), p(4);
  x << 1.0, -kInf, 5.0, 2.0;
  core::softmax_segments<double>(x, off.data(), 2, p, kInf);
  CHECK(p[0] == 0.5);
  CHECK(p[1] == 0.0);
  CHECK(p[2] == 0.5);
  CHECK(p[3] == 1.0);
  Eigen::VectorXf xf(4), pf(4);
  xf << 1.0f, 0.0f, -1.0f, 3.0f;
  core::softmax_segments<float>(xf, off.data(), 2, pf);
  CHECK(pf.head(3).sum() == Approx(1.0f));
  CHECK(pf[0] == Approx(std::exp(1.0f) / (std::exp(1.0f) + 1.0f + std::exp(-1.0f))));
}

TEST_CASE("softmax_segments rejects what softmax rejects") {
  std::vector<std::int64_t> off = {0, 2, 4};
  Eigen::VectorXd x(4), p(4);
  x << 1.0, 2.0, -kInf, -kInf;
  CHECK_THROWS_AS(core::softmax_segments<double>(x, off.data(), 2, p), std::domain_error);  // all -inf
  x << 1.0, std::nan(""), 0.0, 0.0;
  CHECK_THROWS_AS(core::softmax_segments<double>(x, off.data(), 2, p), std::domain_error);
  x << 1.0, kInf, 0.0, 0.0;
  CHECK_THROWS_AS(core::softmax_segments<double>(x, off.data(), 2, p), std::domain_error);
  x << 1.0, 2.0, 0.0, 0.0;
  CHECK_THROWS_AS(core::softmax_segments<double>(x, off.data(), 2, p, 0.0), std::invalid_argument);
  off = {0, 2, 2, 4};
  CHECK_THROWS_AS(core::softmax_segments<double>(x, off.data(), 3, p), std::invalid_argument);  // empty
  off = {0, 2, 5};
  CHECK_THROWS_AS(core::softmax_segments<double>(x, off.data(), 2, p), std::invalid_argument);  // short
}
