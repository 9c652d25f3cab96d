// A read-prefetch hint for the long loops of the softmax kernels (internal to core/): fetch the kBytes from
// p + kPrefetchAhead bytes on into the cache. The address is formed as an integer, as it may lie past the
// end of the array; a prefetch never faults. No vector code, so both exp_kernels.hpp and the AVX2 copies
// in exp_kernels_avx2.cpp share it.
#pragma once
#include <cstddef>
#include <cstdint>

namespace arbiter::core::kernels {

constexpr std::size_t kPrefetchAhead = 4096;

template <std::size_t kBytes> inline void prefetch_ahead(const void* p) {
  const std::uintptr_t at = reinterpret_cast<std::uintptr_t>(p) + kPrefetchAhead;
  for (std::size_t b = 0; b < kBytes; b += 64) __builtin_prefetch(reinterpret_cast<const void*>(at + b), 0, 3);
}

}  // namespace arbiter::core::kernels
