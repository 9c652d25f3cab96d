// Prints a hash of the bits of core::softmax and core::log_sum_exp (float) on every size path: the tail
// only (37), three passes (1000), the mid-size blocks (131072), the online two passes (300003), streamed
// stores (2^21 + 5) and a streamed batch of rows; then of the double loops the bandit runs: softmax_columns
// (the double exponential), softmax_segments, sample_inverse_cdf_columns and the polar method's logarithm,
// one at a time and many at once. Built portable and native, the two outputs must be equal
// (docs/performance.md): the check that the run-time AVX2 copies give the native build's bits.
//   softmax_bits
#include <cstdint>
#include <cstdio>
#include <cstring>

#include <vector>

#include "core/categorical_batch.hpp"
#include "core/random_stream.hpp"
#include "core/softmax.hpp"

namespace {

std::uint64_t fnv1a(const float* p, Eigen::Index n) {
  std::uint64_t h = 1469598103934665603ull;
  for (Eigen::Index i = 0; i < n; ++i) {
    std::uint32_t b;
    std::memcpy(&b, p + i, sizeof b);
    h = (h ^ b) * 1099511628211ull;
  }
  return h;
}

std::uint64_t fnv1a(const double* p, Eigen::Index n) {
  std::uint64_t h = 1469598103934665603ull;
  for (Eigen::Index i = 0; i < n; ++i) {
    std::uint64_t b;
    std::memcpy(&b, p + i, sizeof b);
    h = (h ^ b) * 1099511628211ull;
  }
  return h;
}

// Inputs in [-half, half) from uniforms by a subtraction and a product: no multiply-add a native build could
// fuse (its normal() draws do differ from a portable build's: it fuses u u + v v and mean + sd u f).
float logit(arbiter::core::RandomStream& rng, double half) {
  return static_cast<float>((rng.uniform() - 0.5) * (2.0 * half));
}

void print(const char* what, std::uint64_t h) { std::printf("%s %016llx\n", what, static_cast<unsigned long long>(h)); }

}  // namespace

int main() {
  using namespace arbiter::core;
  for (Eigen::Index n : {Eigen::Index(37), Eigen::Index(1000), Eigen::Index(131072), Eigen::Index(300003),
                         (Eigen::Index(1) << 21) + 5}) {
    RandomStream rng(5, static_cast<std::uint64_t>(n));
    Eigen::VectorXf x(n);
    for (Eigen::Index i = 0; i < n; ++i) x[i] = logit(rng, 15.0);
    for (float T : {0.7f, 1.0f}) {
      const Eigen::VectorXf p = softmax<float>(x, T);
      const float z = log_sum_exp<float>(x, T);
      std::printf("n=%ld T=%.1f softmax %016llx log-sum-exp %016llx\n", static_cast<long>(n), static_cast<double>(T),
                  static_cast<unsigned long long>(fnv1a(p.data(), n)), static_cast<unsigned long long>(fnv1a(&z, 1)));
    }
  }
  RandomStream rng(6, 0);
  Batch<float> b(2100, 1003);
  for (Eigen::Index i = 0; i < b.size(); ++i) b.data()[i] = logit(rng, 12.0);
  const Batch<float> o = softmax_rows<float>(b);
  std::printf("rows 2100x1003 softmax %016llx\n", static_cast<unsigned long long>(fnv1a(o.data(), o.size())));

  // Double: 10 arms x 4003 runs (a ragged end), logits from uniforms only.
  RandomStream gen(7, 0);
  Batch<double> h(10, 4003), p(10, 4003);
  for (Eigen::Index i = 0; i < h.size(); ++i) h.data()[i] = (gen.uniform() - 0.5) * 40.0;
  for (double T : {1.0, 0.7}) {
    softmax_columns<double>(h, p, T);
    std::printf("double T=%.1f ", T);
    print("softmax_columns 10x4003", fnv1a(p.data(), p.size()));
  }
  std::vector<std::int64_t> offsets = {0};
  while (offsets.back() < h.size()) offsets.push_back(std::min<std::int64_t>(h.size(), offsets.back() + 7 + offsets.size() % 13));
  Vector<double> flat = Eigen::Map<const Vector<double>>(h.data(), h.size()), seg(h.size());
  softmax_segments<double>(flat, offsets.data(), static_cast<Eigen::Index>(offsets.size()) - 1, seg);
  print("double softmax_segments", fnv1a(seg.data(), seg.size()));
  std::vector<double> u(4003);
  std::vector<int> draws(4003);
  for (double& x : u) x = gen.uniform();
  softmax_columns<double>(h, p, 3.0);
  sample_inverse_cdf_columns<double>(p, u.data(), draws.data());
  std::vector<double> drawn(draws.begin(), draws.end());
  print("double sample_inverse_cdf_columns", fnv1a(drawn.data(), static_cast<Eigen::Index>(drawn.size())));
  // The polar method's logarithm (RandomStream::normal and ::normals take it of s = u^2 + v^2 in (0, 1)).
  std::vector<double> s(200003), one(200003);
  for (double& x : s) x = gen.uniform_open();
  for (std::size_t i = 0; i < s.size(); ++i) one[i] = detail::polar_log(s[i]);
  detail::logs_inplace(s.data(), s.size());
  print("double polar_log x 200003", fnv1a(one.data(), static_cast<Eigen::Index>(one.size())));
  print("double logs_inplace x 200003", fnv1a(s.data(), static_cast<Eigen::Index>(s.size())));
  return 0;
}
