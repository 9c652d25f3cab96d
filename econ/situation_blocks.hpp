// Fixed blocks of consecutive choice situations for parallel sums: the block boundaries depend only on the
// number of situations (never on the thread count), and the caller adds block results in block order, so
// parallel log-likelihoods are bit-identical whatever the number of threads.
#pragma once
#include <algorithm>
#include <cstddef>
#include <utility>

namespace arbiter::econ {

struct SituationBlocks {
  std::size_t n_situations = 0, count = 0;
  explicit SituationBlocks(std::size_t situations)
      : n_situations(situations), count(situations == 0 ? 0 : std::min<std::size_t>(64, (situations + 511) / 512)) {}
  // Situations [first, second) of block b.
  std::pair<std::size_t, std::size_t> range(std::size_t b) const {
    return {n_situations * b / count, n_situations * (b + 1) / count};
  }
};

}  // namespace arbiter::econ
