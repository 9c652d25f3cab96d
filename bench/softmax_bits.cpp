// Prints a hash of the bits of core::softmax and core::log_sum_exp (float) on every size path: the tail
// only (37), three passes (1000), the mid-size blocks (131072), the online two passes (300003), streamed
// stores (2^21 + 5) and a streamed batch of rows. Built portable and native, the two outputs must be equal
// (docs/performance.md): the check that the run-time AVX2 copies give the native build's bits.
//   softmax_bits
#include <cstdint>
#include <cstdio>
#include <cstring>

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

}  // namespace

int main() {
  using namespace arbiter::core;
  for (Eigen::Index n : {Eigen::Index(37), Eigen::Index(1000), Eigen::Index(131072), Eigen::Index(300003),
                         (Eigen::Index(1) << 21) + 5}) {
    RandomStream rng(5, static_cast<std::uint64_t>(n));
    Eigen::VectorXf x(n);
    for (Eigen::Index i = 0; i < n; ++i) x[i] = static_cast<float>(rng.normal(0.0, 5.0));
    for (float T : {0.7f, 1.0f}) {
      const Eigen::VectorXf p = softmax<float>(x, T);
      const float z = log_sum_exp<float>(x, T);
      std::printf("n=%ld T=%.1f softmax %016llx log-sum-exp %016llx\n", static_cast<long>(n), static_cast<double>(T),
                  static_cast<unsigned long long>(fnv1a(p.data(), n)), static_cast<unsigned long long>(fnv1a(&z, 1)));
    }
  }
  RandomStream rng(6, 0);
  Batch<float> b(2100, 1003);
  for (Eigen::Index i = 0; i < b.size(); ++i) b.data()[i] = static_cast<float>(rng.normal(0.0, 4.0));
  const Batch<float> o = softmax_rows<float>(b);
  std::printf("rows 2100x1003 softmax %016llx\n", static_cast<unsigned long long>(fnv1a(o.data(), o.size())));
  return 0;
}
