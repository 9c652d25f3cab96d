// How the benchmarks start a Python peer that uses Debian's python3-torch, whose matrix products go through
// libblas.so.3: the reference BLAS unless another is chosen (about 20x slower for a 128 x 784 x 256 product).
// "openblas" (the default when Debian's libopenblas0-pthread is installed) runs the peer on OpenBLAS with a
// given thread count; "system" on whatever libblas.so.3 is. docs/performance.md says which the figures used.
#pragma once
#include <cstdio>
#include <filesystem>
#include <string>

namespace arbiter::bench {

inline const char* const kOpenBlasDir = "/usr/lib/x86_64-linux-gnu/openblas-pthread";

inline std::string default_peer_blas() {
  return std::filesystem::exists(std::string(kOpenBlasDir) + "/libblas.so.3") ? "openblas" : "system";
}

inline bool valid_peer_blas(const std::string& choice) { return choice == "openblas" || choice == "system"; }

// The environment to put before the peer's command line ("" for the system BLAS).
inline std::string peer_blas_env(const std::string& choice, int threads) {
  if (choice != "openblas") return "";
  return "LD_LIBRARY_PATH=" + std::string(kOpenBlasDir) + " OPENBLAS_NUM_THREADS=" + std::to_string(threads) + " ";
}

// Printed beside peer figures taken on the system BLAS.
inline void warn_if_reference_blas(const std::string& choice) {
  if (choice == "system")
    std::printf("note: the peer ran on the system libblas.so.3 (on Debian the reference BLAS unless another is "
                "chosen, about 20x slower than OpenBLAS); install libopenblas0-pthread for a fair comparison\n");
}

}  // namespace arbiter::bench
