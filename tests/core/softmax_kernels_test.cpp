// The SIMD paths behind softmax and log-sum-exp (core/exp_kernels.hpp): the float and double exponentials'
// accuracy, exact zeros far below the maximum, and the long-input online normaliser, against references.
#include <catch2/catch.hpp>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "core/exp_kernels.hpp"
#include "core/exp_kernels_avx2.hpp"
#include "core/random_stream.hpp"
#include "core/softmax.hpp"

using namespace arbiter::core;

namespace {

// Reference softmax in long double.
std::vector<long double> reference(const Eigen::VectorXf& x, double T) {
  long double m = -INFINITY, z = 0;
  for (Eigen::Index i = 0; i < x.size(); ++i) m = std::max<long double>(m, x[i]);
  std::vector<long double> p(static_cast<std::size_t>(x.size()));
  for (Eigen::Index i = 0; i < x.size(); ++i) z += (p[static_cast<std::size_t>(i)] = std::exp((x[i] - m) / T));
  for (auto& v : p) v /= z;
  return p;
}

// The largest relative error of p against the reference over the entries whose reference exceeds `floor`.
double worst_relative_error(const Eigen::Ref<const Eigen::VectorXf>& p, const std::vector<long double>& ref,
                            long double floor = 1e-30L) {
  double worst = 0;
  for (Eigen::Index i = 0; i < p.size(); ++i) {
    const long double r = ref[static_cast<std::size_t>(i)];
    if (r > floor) worst = std::max(worst, static_cast<double>(std::fabs(p[i] - r) / r));
  }
  return worst;
}

// Longer than the cached three-pass path of core/softmax.cpp (up to 1 << 17 entries): the online two-pass
// path, with a ragged tail.
constexpr Eigen::Index kLong = 300003;

Eigen::VectorXf normal_logits(Eigen::Index n, double sd, std::uint64_t seed) {
  RandomStream rng(seed, 0);
  Eigen::VectorXf x(n);
  for (Eigen::Index i = 0; i < n; ++i) x[i] = static_cast<float>(rng.normal(0.0, sd));
  return x;
}

// The float loops run either as Eigen packets or, in a build without AVX2 where the processor has it, as
// the AVX2 copies of exp_kernels_avx2.cpp; the tests below run each path in turn. Restores the default.
struct KernelPath {
  explicit KernelPath(bool avx2) { kernels::avx2::allow(avx2); }
  ~KernelPath() { kernels::avx2::allow(true); }
  KernelPath(const KernelPath&) = delete;
  KernelPath& operator=(const KernelPath&) = delete;
};

// a b + c rounded once (fused, as _mm256_fmadd_pd) or twice (as Eigen's SSE2 pmadd).
double madd(double a, double b, double c, bool fused) {
  if (fused) return std::fma(a, b, c);
  volatile double ab = a * b;  // kept apart, so no build contracts it
  return ab + c;
}

// Packets<double>::packet_exp for one lane, written out: e^t, 0 below log(smallest normal).
double exp_reference(double t, bool fused) {
  const double shifter = 0x1.8p52;
  const double k = madd(t, 1.4426950408889634, shifter, fused);
  const double n = k - shifter;
  double r = madd(n, -6.93147180369123816490e-01, t, fused);
  r = madd(n, -1.90821492927058770002e-10, r, fused);
  double q = 1.0 / 479001600.0;
  for (const double c : {1.0 / 39916800.0, 1.0 / 3628800.0, 1.0 / 362880.0, 1.0 / 40320.0, 1.0 / 5040.0, 1.0 / 720.0,
                         1.0 / 120.0, 1.0 / 24.0, 1.0 / 6.0, 0.5, 1.0, 1.0})
    q = madd(q, r, c, fused);
  const std::int64_t bits = ((std::bit_cast<std::int64_t>(k) - std::bit_cast<std::int64_t>(shifter)) + 1023) << 52;
  return t < std::log(std::numeric_limits<double>::min()) ? 0.0 : q * std::bit_cast<double>(bits);
}

// Whether the double loops now running fuse their multiply-adds: the AVX2 copies and a native FMA build do.
bool fused_double_path() {
#if defined(__FMA__)
  return true;
#else
  return kernels::avx2::enabled();
#endif
}

bool same_bits(double a, double b) { return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b); }

}  // namespace

TEST_CASE("float softmax is accurate to a few ulp of its arguments on every size path", "[core][softmax][kernels]") {
  const bool avx2 = GENERATE(true, false);
  const KernelPath path(avx2);
  INFO("AVX2 copies allowed: " << avx2 << ", running: " << kernels::avx2::enabled());
  // 37: scalar tail only; 1000: cached three-pass path; 100003: cached, blocks stored against the running
  // maximum and rescaled; kLong: online two-pass path.
  for (Eigen::Index n : {Eigen::Index(37), Eigen::Index(1000), Eigen::Index(100003), kLong}) {
    for (double T : {0.3, 1.0, 7.0}) {
      const Eigen::VectorXf x = normal_logits(n, 5.0, static_cast<std::uint64_t>(n));
      const Eigen::VectorXf p = softmax<float>(x, static_cast<float>(T));
      const auto ref = reference(x, T);
      INFO("n = " << n << ", T = " << T);
      // Arguments reach |x - max| / T ~ 100 here; float rounding of them alone costs ~1e-5 relative.
      CHECK(worst_relative_error(p, ref) < 2e-5);
      CHECK(p.cast<double>().sum() == Approx(1.0).epsilon(1e-5));
      const float lse = log_sum_exp<float>(x, static_cast<float>(T));
      long double z = 0, m = x.maxCoeff();
      for (Eigen::Index i = 0; i < n; ++i) z += std::exp((x[i] - m) / T);
      CHECK(lse == Approx(static_cast<double>(m / T + std::log(z))).epsilon(1e-6));
    }
  }
}

TEST_CASE("the double exponential is within 2 ulp of std::exp from log(smallest normal) to 0",
          "[core][softmax][kernels]") {
  const KernelPath path(GENERATE(true, false));
  using K = kernels::Packets<double>;
  RandomStream rng(21, 0);
  std::vector<double> x;
  for (int i = 0; i < 200000; ++i) x.push_back(i % 2 ? rng.uniform(K::lowest(), 0.0) : rng.uniform(-1.0, 0.0));
  x.insert(x.end(), {0.0, -0x1p-1074, -0.5 * std::log(2.0), K::lowest(), -1e-300, 7.0 /* a ragged tail */});
  std::vector<double> y = x;
  K::exp_inplace(y.data(), static_cast<Eigen::Index>(y.size()));
  double worst = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double e = std::exp(x[i]);
    worst = std::max(worst, std::abs(y[i] - e) / (std::nextafter(e, INFINITY) - e));
  }
  CHECK(worst <= 2.0);
  CHECK(y[x.size() - 6] == 1.0);  // exp(0) exactly
  // Below the smallest normal: exactly 0 (also -inf); NaN propagates.
  std::vector<double> edge = {std::nextafter(K::lowest(), -INFINITY), -800.0, -std::numeric_limits<double>::infinity(),
                              std::numeric_limits<double>::quiet_NaN()};
  K::exp_inplace(edge.data(), 4);
  CHECK(edge[0] == 0.0);
  CHECK(edge[1] == 0.0);
  CHECK(edge[2] == 0.0);
  CHECK(std::isnan(edge[3]));
}

TEST_CASE("the double exponential and softmax_columns give, bit for bit, the exponential written out lane by lane",
          "[core][softmax][kernels]") {
  // The AVX2 copies of a portable build fuse as a native build does: both give the fused reference's bits,
  // the portable build's Eigen (SSE2) loops the unfused one's.
  const KernelPath path(GENERATE(true, false));
  const bool fused = fused_double_path();
  INFO("AVX2 copies running: " << kernels::avx2::enabled() << ", fused: " << fused);
  using K = kernels::Packets<double>;
  RandomStream rng(23, 0);
  std::vector<double> x;
  for (int i = 0; i < 100003; ++i) x.push_back(i % 2 ? rng.uniform(K::lowest() - 5.0, 0.0) : rng.uniform(-3.0, 0.0));
  x.insert(x.end(), {0.0, -0x1p-1074, K::lowest(), std::nextafter(K::lowest(), -INFINITY), -0.5 * std::log(2.0)});
  std::vector<double> y = x;
  K::exp_inplace(y.data(), static_cast<Eigen::Index>(y.size()));
  std::size_t differ = 0;
  for (std::size_t i = 0; i < x.size(); ++i) differ += same_bits(y[i], exp_reference(x[i], fused)) ? 0 : 1;
  CHECK(differ == 0);
  // And the fused and unfused references do differ on some arguments, so the check above can tell them apart.
  std::size_t apart = 0;
  for (std::size_t i = 0; i < x.size(); ++i) apart += same_bits(exp_reference(x[i], true), exp_reference(x[i], false)) ? 0 : 1;
  CHECK(apart > 100);

  // softmax_columns: (x - max) / T through the same exponential, the sums in entry order, then 1 / sum.
  for (const Eigen::Index n : {Eigen::Index(1), Eigen::Index(3), Eigen::Index(37), Eigen::Index(130)}) {
    const Eigen::Index k = 10;
    Batch<double> h(k, n), p(k, n);
    for (Eigen::Index i = 0; i < h.size(); ++i) h.data()[i] = rng.normal(0.0, 3.0);
    const double T = 0.7, inv = 1.0 / T;
    softmax_columns<double>(h, p, T);
    for (Eigen::Index c = 0; c < n; ++c) {
      const double m = h.col(c).maxCoeff();
      double e[k], sum = 0.0;
      for (Eigen::Index j = 0; j < k; ++j) sum += (e[j] = exp_reference((h(j, c) - m) * inv, fused));
      const double scale = 1.0 / sum;
      for (Eigen::Index j = 0; j < k; ++j) {
        INFO("n = " << n << ", column " << c << ", entry " << j);
        CHECK(same_bits(p(j, c), e[j] * scale));
      }
    }
  }
  // A NaN (wherever it sits in its column) or +inf is named by its column on both paths; -inf entries give 0.
  Batch<double> h = Batch<double>::Zero(4, 11), p(4, 11);
  h(0, 2) = -std::numeric_limits<double>::infinity();
  softmax_columns<double>(h, p, 1.0);
  CHECK(p(0, 2) == 0.0);
  CHECK(p(1, 2) == 1.0 / 3.0);
  h(3, 9) = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_WITH(softmax_columns<double>(h, p, 1.0), Catch::Contains("column 9"));
  h(3, 9) = 0.0;
  h(1, 5) = std::numeric_limits<double>::infinity();
  CHECK_THROWS_WITH(softmax_columns<double>(h, p, 1.0), Catch::Contains("column 5"));
}

TEST_CASE("entries far below the maximum get exactly zero on every path", "[core][softmax][kernels]") {
  const KernelPath path(GENERATE(true, false));
  // 100 or 200 above the rest: every other entry is exp(-100) or exp(-200) below the maximum, under the
  // smallest normal float (and exp(-1000) for double). 70001 entries take the cached path that
  // rescales blocks; there the early blocks lie 100 below the maximum and are recomputed against it.
  for (Eigen::Index n : {Eigen::Index(9), Eigen::Index(4096), Eigen::Index(70001)})
  for (float spike : {200.0f, 100.0f}) {
    INFO("n = " << n << ", spike = " << spike);
    Eigen::VectorXf x = Eigen::VectorXf::Zero(n);
    x[n / 2] = spike;
    x[n - 1] = -std::numeric_limits<float>::infinity();
    const Eigen::VectorXf p = softmax<float>(x);
    CHECK(p[n / 2] == 1.0f);
    CHECK((p.array() == 0.0f).count() == n - 1);
    Eigen::VectorXd xd = x.cast<double>() * (1000.0 / spike);
    const Eigen::VectorXd pd = softmax<double>(xd);
    CHECK(pd[n / 2] == 1.0);
    CHECK((pd.array() == 0.0).count() == n - 1);
  }
}

TEST_CASE("long runs of -inf (masked entries) give exact zeros on every path", "[core][softmax][kernels]") {
  const KernelPath path(GENERATE(true, false));
  for (Eigen::Index n : {Eigen::Index(1000), Eigen::Index(50000), kLong}) {
    Eigen::VectorXf x = normal_logits(n, 2.0, 15);
    const float inf = std::numeric_limits<float>::infinity();
    for (Eigen::Index i = 0; i < n / 5; ++i) x[i] = -inf;               // leading blocks all -inf
    for (Eigen::Index i = n / 2; i < n / 2 + n / 5; ++i) x[i] = -inf;  // and whole blocks after live ones
    const Eigen::VectorXf p = softmax<float>(x);
    const auto ref = reference(x, 1.0);
    INFO("n = " << n);
    CHECK((p.array() == 0.0f).count() >= 2 * (n / 5));
    CHECK(worst_relative_error(p, ref) < 2e-5);
    CHECK(p.cast<double>().sum() == Approx(1.0).epsilon(1e-5));
    x[n / 2 + 7] = std::numeric_limits<float>::quiet_NaN();
    CHECK_THROWS_WITH(softmax<float>(x), Catch::Contains("logit " + std::to_string(n / 2 + 7) + " is NaN"));
  }
}

TEST_CASE("the online normaliser handles a late maximum far above the early ones", "[core][softmax][kernels]") {
  // The first blocks hold small logits; a block past the middle holds one `spike` above them. At 80, exp(80)
  // overflows a float sum taken relative to the early maximum, so that block is redone relative to its own
  // maximum (and, in the cached path, the early blocks are recomputed against it); at 30 the early blocks
  // keep their exponentials and are rescaled by exp(-26) or so.
  const KernelPath path(GENERATE(true, false));
  for (Eigen::Index n : {Eigen::Index(100003), kLong})
    for (float spike : {80.0f, 30.0f}) {
      Eigen::VectorXf x = normal_logits(n, 1.0, 3);
      const Eigen::Index at = n / 2 + 1;
      x[at] = spike;
      x[at + 1] = spike - 1.0f;
      const Eigen::VectorXf p = softmax<float>(x);
      const auto ref = reference(x, 1.0);
      INFO("n = " << n << ", spike = " << spike);
      CHECK(worst_relative_error(p, ref, 1e-36L) < 2e-5);
      CHECK(p[at] == Approx(static_cast<double>(ref[static_cast<std::size_t>(at)])).epsilon(1e-6));
      CHECK(p.cast<double>().sum() == Approx(1.0).epsilon(1e-5));
      CHECK(log_sum_exp<float>(x) == Approx(static_cast<double>(spike) + std::log1p(std::exp(-1.0))).epsilon(1e-6));
    }
}

TEST_CASE("NaN or +inf anywhere in a long input is reported with its index", "[core][softmax][kernels]") {
  const KernelPath path(GENERATE(true, false));
  const Eigen::Index n = kLong;
  for (Eigen::Index where : {Eigen::Index(0), Eigen::Index(4100), n - 1}) {
    Eigen::VectorXf x = normal_logits(n, 1.0, 4);
    x[where] = std::numeric_limits<float>::quiet_NaN();
    CHECK_THROWS_WITH(softmax<float>(x), Catch::Contains("logit " + std::to_string(where) + " is NaN"));
    CHECK_THROWS_WITH(log_sum_exp<float>(x), Catch::Contains("logit " + std::to_string(where) + " is NaN"));
    x[where] = std::numeric_limits<float>::infinity();
    CHECK_THROWS_WITH(softmax<float>(x), Catch::Contains("logit " + std::to_string(where) + " is infinite"));
  }
  // A NaN in a block that is otherwise all -inf is still found.
  Eigen::VectorXf x = Eigen::VectorXf::Constant(n, -std::numeric_limits<float>::infinity());
  x[n - 5] = 1.0f;
  x[10] = std::numeric_limits<float>::quiet_NaN();
  CHECK_THROWS_WITH(log_sum_exp<float>(x), Catch::Contains("logit 10 is NaN"));
  Eigen::VectorXf dead = Eigen::VectorXf::Constant(n, -std::numeric_limits<float>::infinity());
  CHECK_THROWS_WITH(softmax<float>(dead), Catch::Contains("every logit is -inf"));
}

TEST_CASE("float logits of magnitude 1e4 and double of 1e30 stay finite on the long path", "[core][softmax][kernels]") {
  const KernelPath path(GENERATE(true, false));
  const Eigen::Index n = kLong;
  Eigen::VectorXf x = normal_logits(n, 1e4, 5);
  const Eigen::VectorXf p = softmax<float>(x);
  CHECK(p.allFinite());
  CHECK(p.cast<double>().sum() == Approx(1.0).epsilon(1e-5));
  Eigen::VectorXd xd = x.cast<double>() * 1e26;
  const Eigen::VectorXd pd = softmax<double>(xd);
  CHECK(pd.allFinite());
  CHECK(pd.sum() == Approx(1.0).epsilon(1e-12));
  Eigen::Index arg = 0;
  xd.maxCoeff(&arg);
  CHECK(pd[arg] == 1.0);
}

TEST_CASE("streamed stores give exactly the entries of plain ones, wherever the output sits",
          "[core][softmax][kernels]") {
  const KernelPath path(GENERATE(true, false));
  // Every offset of the output from an aligned address, and lengths with every ragged tail.
  const Eigen::VectorXf x = normal_logits(1000, 3.0, 14);
  const Eigen::VectorXd xd = x.cast<double>() * 7.0;
  Eigen::VectorXf plain(1000), streamed_buffer(1016);
  Eigen::VectorXd plain_d(1000), streamed_buffer_d(1016);
  Eigen::Index mismatched = 0;
  for (Eigen::Index offset = 0; offset < 8; ++offset)
    for (Eigen::Index n = 990; n <= 1000; ++n) {
      streamed_buffer.setConstant(-1.0f);
      streamed_buffer_d.setConstant(-1.0);
      kernels::Packets<float>::exp_pass<true>(x.data(), n, 4.0f, 0.7f, plain.data(), 0.25f);
      kernels::Packets<float>::exp_store_streamed(x.data(), n, 4.0f, 0.7f, streamed_buffer.data() + offset, 0.25f);
      kernels::Packets<double>::exp_pass<true>(xd.data(), n, 20.0, 0.3, plain_d.data(), 0.5);
      kernels::Packets<double>::exp_store_streamed(xd.data(), n, 20.0, 0.3, streamed_buffer_d.data() + offset, 0.5);
      kernels::stream_fence();
      mismatched += (plain.head(n).array() != streamed_buffer.segment(offset, n).array()).count();
      mismatched += (plain_d.head(n).array() != streamed_buffer_d.segment(offset, n).array()).count();
      mismatched += (streamed_buffer[offset + n] != -1.0f) + (streamed_buffer_d[offset + n] != -1.0);
      if (offset > 0) mismatched += (streamed_buffer[offset - 1] != -1.0f) + (streamed_buffer_d[offset - 1] != -1.0);
    }
  CHECK(mismatched == 0);
}

TEST_CASE("the AVX2 copies and the Eigen loops agree to rounding", "[core][softmax][kernels]") {
  if (!kernels::avx2::enabled()) WARN("this build or processor has no separate AVX2 copies: one path only");
  for (Eigen::Index n : {Eigen::Index(37), Eigen::Index(1000), kLong}) {
    const Eigen::VectorXf x = normal_logits(n, 5.0, static_cast<std::uint64_t>(n) + 100);
    Eigen::VectorXf p[2];
    float lse[2];
    for (int k = 0; k < 2; ++k) {
      const KernelPath path(k == 0);
      p[k] = softmax<float>(x, 0.8f);
      lse[k] = log_sum_exp<float>(x, 0.8f);
    }
    INFO("n = " << n);
    CHECK(((p[0] - p[1]).array().abs() / p[1].array().max(1e-30f)).maxCoeff() < 2e-6f);
    CHECK(lse[0] == Approx(lse[1]).epsilon(1e-6));
  }
}

TEST_CASE("outputs of 8 MB or more, written by streaming stores, hold the same probabilities",
          "[core][softmax][kernels]") {
  const KernelPath path(GENERATE(true, false));
  // 2^21 + 5 floats (8 MB and a ragged tail): the streamed online path, into an aligned output and into one
  // shifted by a float (its first entries go through the plain stores up to the first aligned packet).
  const Eigen::Index n = (Eigen::Index(1) << 21) + 5;
  const Eigen::VectorXf x = normal_logits(n, 3.0, 11);
  const auto ref = reference(x, 1.0);
  Eigen::VectorXf buffer(n + 1);
  for (float* out : {buffer.data(), buffer.data() + 1}) {
    Eigen::Map<Eigen::VectorXf> p(out, n);
    softmax<float>(x, p);
    CHECK(worst_relative_error(p, ref) < 2e-5);
    CHECK(p.cast<double>().sum() == Approx(1.0).epsilon(1e-5));
  }
  // A batch of 8 MB or more: each row streamed from a scratch row, exactly what the row's own softmax gives
  // (its output is under 8 MB, so written by plain stores), also into a shifted output.
  for (double T : {0.5, 3.0}) {
    const Eigen::Index rows = 2100, cols = 1003;
    const Eigen::VectorXf flat = normal_logits(rows * cols, 4.0, 12);
    const Eigen::Map<const Batch<float>> logits(flat.data(), rows, cols);
    Eigen::VectorXf out_buffer(rows * cols + 1);
    Eigen::Map<Batch<float>> p(out_buffer.data() + 1, rows, cols);
    softmax_rows<float>(logits, p, static_cast<float>(T));
    Eigen::Index mismatched = 0;
    for (Eigen::Index r = 0; r < rows; ++r) {
      const Eigen::VectorXf row = logits.row(r).transpose();
      mismatched += (softmax<float>(row, static_cast<float>(T)).transpose().array() != p.row(r).array()).count();
    }
    CHECK(mismatched == 0);
  }
  // Double: 2^20 + 3 entries (8 MB) on the streamed path.
  const Eigen::VectorXd xd = normal_logits((Eigen::Index(1) << 20) + 3, 30.0, 13).cast<double>();
  const Eigen::VectorXd pd = softmax<double>(xd, 2.0);
  const double m = xd.maxCoeff();
  const double z = (((xd.array() - m) / 2.0).exp()).sum();
  const Eigen::ArrayXd ref_d = ((xd.array() - m) / 2.0).exp() / z;
  CHECK(((pd.array() - ref_d).abs() / ref_d.max(1e-300)).maxCoeff() < 1e-13);
  CHECK(pd.sum() == Approx(1.0).epsilon(1e-12));
}

TEST_CASE("softmax_segments equals the softmax of each segment, with its log Z", "[core][softmax][kernels]") {
  RandomStream rng(9, 0);
  std::vector<std::int64_t> offsets = {100};  // offsets need not start at 0
  for (int s = 0; s < 500; ++s) offsets.push_back(offsets.back() + 1 + static_cast<std::int64_t>(rng.uniform_int(12)));
  const Eigen::Index n = offsets.back() - offsets.front();
  Eigen::VectorXd x(n);
  for (Eigen::Index i = 0; i < n; ++i) x[i] = rng.normal(0.0, 30.0);
  x[3] = -std::numeric_limits<double>::infinity();
  for (double T : {0.5, 1.0, 4.0}) {
    Eigen::VectorXd p(n), log_z(500);
    softmax_segments<double>(x, offsets.data(), 500, p, T, log_z.data());
    for (int s = 0; s < 500; ++s) {
      const Eigen::Index b = offsets[s] - offsets[0], len = offsets[s + 1] - offsets[s];
      const Eigen::VectorXd seg = x.segment(b, len);
      CHECK((p.segment(b, len) - softmax<double>(seg, T)).cwiseAbs().maxCoeff() < 1e-15);
      CHECK(log_z[s] == Approx(log_sum_exp<double>(seg, T)).epsilon(1e-14));
    }
    CHECK(p[3] == 0.0);
  }
  Eigen::VectorXd p(n);
  x[n - 1] = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_WITH(softmax_segments<double>(x, offsets.data(), 500, p), Catch::Contains("is NaN"));
  std::vector<std::int64_t> bad = {0, 2, 2};
  Eigen::VectorXd two(2), out2(2);
  two << 1.0, 2.0;
  CHECK_THROWS_WITH(softmax_segments<double>(two, bad.data(), 2, out2), Catch::Contains("segment 1 is empty"));
}
