// The streams' words side by side: one xoshiro256** step per stream, 8 streams per AVX-512 packet where a
// portable build's processor has it (lane_kernels_avx512.cpp), else a loop the compiler may vectorise.
#include "core/random_stream_lanes.hpp"

#include "core/lane_kernels_avx512.hpp"

namespace arbiter::core {

RandomStreamLanes::RandomStreamLanes(const std::vector<RandomStream>& streams) {
  for (auto* w : {&s0_, &s1_, &s2_, &s3_}) w->reserve(streams.size());
  for (const RandomStream& r : streams) {
    s0_.push_back(r.s_[0]);
    s1_.push_back(r.s_[1]);
    s2_.push_back(r.s_[2]);
    s3_.push_back(r.s_[3]);
  }
}

void RandomStreamLanes::uniforms(std::size_t first, std::size_t n, double* out) {
  std::uint64_t *a = s0_.data() + first, *b = s1_.data() + first, *c = s2_.data() + first, *d = s3_.data() + first;
  std::size_t i = 0;
  if (kernels::avx512::enabled()) i = static_cast<std::size_t>(
      kernels::avx512::uniforms(a, b, c, d, static_cast<std::ptrdiff_t>(n), out));
  for (; i < n; ++i) {  // RandomStream::next_u64 and uniform, written on the words
    const std::uint64_t x = b[i] * 5, result = ((x << 7) | (x >> 57)) * 9;
    const std::uint64_t t = b[i] << 17;
    c[i] ^= a[i];
    d[i] ^= b[i];
    b[i] ^= c[i];
    a[i] ^= d[i];
    c[i] ^= t;
    d[i] = (d[i] << 45) | (d[i] >> 19);
    out[i] = static_cast<double>(result >> 11) * 0x1.0p-53;
  }
}

}  // namespace arbiter::core
