// How an evaluation's chunk partial sums are combined (the mixed logit's simulated log-likelihood, gradient and
// unit scores are sums over fixed chunks of units). A PartialSums says which chunks this process computes and
// then makes every chunk's partials available here; the caller adds them in chunk order, so the sum has the
// same bits whoever computed which chunk. The model keeps its units' data (their simulation draws) only for the
// chunks this process holds. The default computes and holds every chunk in-process and shares nothing; an MPI
// one (apps/) gives each rank a block of chunks and all-gathers the rows. share() may throw (another rank
// failed): the evaluation then throws the same.
#pragma once
#include <cstddef>
#include <vector>

namespace arbiter::econ {

class PartialSums {
 public:
  virtual ~PartialSums() = default;
  // Whether this process computes chunk `chunk` of `chunks`.
  virtual bool computes([[maybe_unused]] std::size_t chunk, [[maybe_unused]] std::size_t chunks) const { return true; }
  // Whether this process keeps chunk `chunk`'s data (its units' draws): every chunk it will ever compute. Asked
  // once, when the model is built; the model keeps the span from the first held chunk to the last.
  virtual bool holds(std::size_t chunk, std::size_t chunks) const { return computes(chunk, chunks); }
  // partials: chunks rows of `width` doubles, row-major; the rows this process computes are filled. On return
  // every row holds its chunk's partials.
  virtual void share([[maybe_unused]] std::vector<double>& partials, [[maybe_unused]] std::size_t chunks,
                     [[maybe_unused]] std::size_t width) const {}
};

}  // namespace arbiter::econ
