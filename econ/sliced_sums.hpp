// A PartialSums (partial_sums.hpp) that lets an estimation driver compute one evaluation of the mixed logit in
// slices of its chunks, over several calls, with the bits of a single call: each call computes the chunks of its
// slice and keeps their rows; the last slice's call fills in the rows kept before, so the kernel adds every
// chunk's partials in chunk order as one call would. Only in-process: wrapping another PartialSums (MPI ranks,
// whose share() is collective), it passes every call through and never slices. Not thread-safe: one
// evaluation at a time.
#pragma once
#include <cstddef>
#include <limits>
#include <memory>
#include <vector>

#include "econ/partial_sums.hpp"

namespace arbiter::econ {

class SlicedSums : public PartialSums {
 public:
  explicit SlicedSums(std::shared_ptr<const PartialSums> inner = nullptr) : inner_(std::move(inner)) {}
  // Whether evaluations may be sliced (false when wrapping another PartialSums).
  bool slices() const { return !inner_; }
  // The next call computes chunks [first, last) (last = the number of chunks: the evaluation's last slice);
  // whole() goes back to one call per evaluation.
  void set_slice(std::size_t first, std::size_t last) const {
    first_ = first;
    last_ = last;
  }
  void whole() const { set_slice(0, std::numeric_limits<std::size_t>::max()); }

  bool computes(std::size_t chunk, std::size_t chunks) const override;
  // Every chunk (a slice is only ever a part of one evaluation), or what the wrapped PartialSums holds.
  bool holds(std::size_t chunk, std::size_t chunks) const override { return !inner_ || inner_->holds(chunk, chunks); }
  void share(std::vector<double>& partials, std::size_t chunks, std::size_t width) const override;

 private:
  std::shared_ptr<const PartialSums> inner_;
  mutable std::size_t first_ = 0, last_ = std::numeric_limits<std::size_t>::max();
  mutable std::vector<double> kept_;  // the rows of the slices computed so far
};

}  // namespace arbiter::econ
