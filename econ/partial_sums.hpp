// How an evaluation's chunk partial sums are combined (the mixed logit's simulated log-likelihood, gradient and
// unit scores are sums over fixed chunks of units). A PartialSums says which chunks this process computes and
// then makes every chunk's partials available here; the caller adds them in chunk order, so the sum has the
// same bits whoever computed which chunk. The default computes every chunk in-process and shares nothing; an
// MPI one (apps/) gives each rank a block of chunks and all-gathers the rows. share() may throw (another rank
// failed): the evaluation then throws the same.
#pragma once
#include <cstddef>
#include <vector>

namespace arbiter::econ {

class PartialSums {
 public:
  virtual ~PartialSums() = default;
  // Whether this process computes chunk `chunk` of `chunks`.
  virtual bool computes(std::size_t chunk, std::size_t chunks) const {
    (void)chunk;
    (void)chunks;
    return true;
  }
  // partials: chunks rows of `width` doubles, row-major; the rows this process computes are filled. On return
  // every row holds its chunk's partials.
  virtual void share(std::vector<double>& partials, std::size_t chunks, std::size_t width) const {
    (void)partials;
    (void)chunks;
    (void)width;
  }
};

}  // namespace arbiter::econ
