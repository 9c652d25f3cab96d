// Many random streams stored word by word (structure of arrays), for drawing one uniform from each of a range
// of them at once, SIMD across the streams: stream i gives exactly the numbers the RandomStream it was built
// from gives, draw for draw (xoshiro256** and RandomStream::uniform's 53 bits). Indices are not checked.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>
#include "core/random_stream.hpp"

namespace arbiter::core {

class RandomStreamLanes {
 public:
  explicit RandomStreamLanes(const std::vector<RandomStream>& streams);
  std::size_t size() const { return s0_.size(); }
  // out[i] = the next uniform() in [0, 1) of stream first + i, for i < n.
  void uniforms(std::size_t first, std::size_t n, double* out);

 private:
  std::vector<std::uint64_t> s0_, s1_, s2_, s3_;  // word w of stream i in s<w>_[i]
};

}  // namespace arbiter::core
