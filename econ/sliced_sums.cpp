#include "econ/sliced_sums.hpp"

#include <algorithm>

namespace arbiter::econ {

bool SlicedSums::computes(std::size_t chunk, std::size_t chunks) const {
  if (inner_) return inner_->computes(chunk, chunks);
  return chunk >= first_ && chunk < last_;
}

void SlicedSums::share(std::vector<double>& partials, std::size_t chunks, std::size_t width) const {
  if (inner_) return inner_->share(partials, chunks, width);
  const std::size_t first = std::min(first_, chunks), last = std::min(last_, chunks);
  if (first == 0 && last == chunks) return;  // one call: nothing kept
  if (first == 0) kept_.assign(chunks * width, 0.0);
  std::copy(partials.begin() + static_cast<std::ptrdiff_t>(first * width),
            partials.begin() + static_cast<std::ptrdiff_t>(last * width),
            kept_.begin() + static_cast<std::ptrdiff_t>(first * width));
  if (last < chunks) return;
  std::copy(kept_.begin(), kept_.begin() + static_cast<std::ptrdiff_t>(first * width), partials.begin());
  kept_.clear();
  kept_.shrink_to_fit();
}

}  // namespace arbiter::econ
