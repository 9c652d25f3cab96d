// Attention forward + backward (float, one thread, d_k = d_v = 64) for sequence lengths 128 .. 4096: ml's
// attention (Eigen matrix products, rows through the core's softmax and its Jacobian-vector product) against a
// plain three-pass implementation (loops for the products; scores, softmax and P V as three separate passes
// over the n x n matrix, each row's softmax from the core) and, in the same run, the PyTorch peer
// bench/peers/attention_torch.py (autograd, one thread). Prints seconds per forward+backward pass, wall-clock
// and CPU time (ml: its thread's; the peer: its process's), and compares CPU times, which on a shared machine
// leave out the time other processes held the core. With --rounds R, the peer and ml each run R times in
// turn and the table gives the best of each with the range of the per-round ratios; --backend caps
// core::gemm's backend.
//   ml_attention [--sizes 128,256,...] [--plain-max N] [--rounds R] [--backend portable|avx2|avx512]
//                [--no-peer] [--peer-blas openblas|system]
// The peer's BLAS: bench/peer_blas.hpp (OpenBLAS when Debian's libopenblas0-pthread is installed).
// Run from the repository root (the peer is found at bench/peers/attention_torch.py).
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "bench/peer_blas.hpp"
#include "core/matrix_product.hpp"
#include "core/random_stream.hpp"
#include "core/softmax.hpp"
#include "core/softmax_derivatives.hpp"
#include "ml/attention.hpp"

namespace {

using arbiter::core::Batch;
using arbiter::core::Vector;
using M = Batch<float>;
constexpr int kD = 64;

M normals(arbiter::core::RandomStream& rng, Eigen::Index r, Eigen::Index c) {
  M m(r, c);
  for (Eigen::Index i = 0; i < r; ++i)
    for (Eigen::Index j = 0; j < c; ++j) m(i, j) = static_cast<float>(rng.normal());
  return m;
}

// The plain version: every product a triple loop, the three passes over the n x n scores kept apart.
void plain_pass(const M& Q, const M& K, const M& V, const M& dO, float scale, M& O, M& dQ, M& dK, M& dV) {
  const Eigen::Index n = Q.rows(), d = Q.cols();
  M S(n, n), P(n, n), dP(n, n), dS(n, n);
  for (Eigen::Index i = 0; i < n; ++i)  // pass 1: scores
    for (Eigen::Index j = 0; j < n; ++j) {
      float s = 0.0f;
      for (Eigen::Index k = 0; k < d; ++k) s += Q(i, k) * K(j, k);
      S(i, j) = s * scale;
    }
  for (Eigen::Index i = 0; i < n; ++i)  // pass 2: the softmax of each row
    P.row(i) = arbiter::core::softmax<float>(S.row(i).transpose()).transpose();
  O.setZero(n, V.cols());  // pass 3: P V
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j)
      for (Eigen::Index k = 0; k < V.cols(); ++k) O(i, k) += P(i, j) * V(j, k);
  dV.setZero(n, V.cols());
  for (Eigen::Index j = 0; j < n; ++j)
    for (Eigen::Index i = 0; i < n; ++i)
      for (Eigen::Index k = 0; k < V.cols(); ++k) dV(j, k) += P(i, j) * dO(i, k);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j) {
      float s = 0.0f;
      for (Eigen::Index k = 0; k < V.cols(); ++k) s += dO(i, k) * V(j, k);
      dP(i, j) = s;
    }
  for (Eigen::Index i = 0; i < n; ++i)
    dS.row(i) = arbiter::core::softmax_jvp<float>(P.row(i).transpose(), dP.row(i).transpose()).transpose();
  dQ.setZero(n, d);
  dK.setZero(n, d);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j)
      for (Eigen::Index k = 0; k < d; ++k) {
        dQ(i, k) += dS(i, j) * K(j, k) * scale;
        dK(j, k) += dS(i, j) * Q(i, k) * scale;
      }
}

// Seconds per call, the best of `repeats` timed runs of at least min_seconds each: wall-clock and this
// thread's CPU time (on a shared machine the CPU time leaves out the time other processes held the core).
struct Seconds {
  double wall = 1e300, cpu = 1e300;
};

double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

template <class F> Seconds best_seconds(F&& f, double min_seconds = 0.3, int repeats = 3) {
  f();
  Seconds best;
  for (int r = 0; r < repeats; ++r) {
    int count = 0;
    const auto t0 = std::chrono::steady_clock::now();
    const double c0 = thread_cpu_seconds();
    double dt = 0.0;
    do {
      f();
      ++count;
      dt = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    } while (dt < min_seconds);
    best.wall = std::min(best.wall, dt / count);
    best.cpu = std::min(best.cpu, (thread_cpu_seconds() - c0) / count);
  }
  return best;
}

std::map<int, Seconds> run_peer(const std::vector<int>& sizes, const std::string& blas) {
  std::string cmd = arbiter::bench::peer_blas_env(blas, 1) + "/usr/bin/python3 bench/peers/attention_torch.py";
  for (int n : sizes) cmd += " " + std::to_string(n);
  std::map<int, Seconds> out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  int n = 0;
  Seconds s;
  while (std::fscanf(p, "%d %lf %lf", &n, &s.wall, &s.cpu) == 3) out[n] = s;
  pclose(p);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int> sizes = {128, 256, 512, 1024, 2048, 4096};
  int plain_max = 1024, rounds = 1;
  bool peer = true;
  std::string blas = arbiter::bench::default_peer_blas();
  for (int a = 1; a < argc; ++a) {
    if (!std::strcmp(argv[a], "--sizes") && a + 1 < argc) {
      sizes.clear();
      for (char* t = std::strtok(argv[++a], ","); t; t = std::strtok(nullptr, ",")) sizes.push_back(std::atoi(t));
    } else if (!std::strcmp(argv[a], "--plain-max") && a + 1 < argc) {
      plain_max = std::atoi(argv[++a]);
    } else if (!std::strcmp(argv[a], "--rounds") && a + 1 < argc) {
      rounds = std::max(1, std::atoi(argv[++a]));
    } else if (!std::strcmp(argv[a], "--backend") && a + 1 < argc) {
      const std::string b = argv[++a];
      arbiter::core::limit_matrix_product_backend(b == "portable" ? arbiter::core::MatrixProductBackend::portable
                                                  : b == "avx2"   ? arbiter::core::MatrixProductBackend::avx2
                                                                  : arbiter::core::MatrixProductBackend::avx512);
    } else if (!std::strcmp(argv[a], "--no-peer")) {
      peer = false;
    } else if (!std::strcmp(argv[a], "--peer-blas") && a + 1 < argc && arbiter::bench::valid_peer_blas(argv[a + 1])) {
      blas = argv[++a];
    } else {
      std::fprintf(stderr, "usage: ml_attention [--sizes 128,256,...] [--plain-max N] [--rounds R] "
                           "[--backend portable|avx2|avx512] [--no-peer] [--peer-blas openblas|system]\n");
      return 2;
    }
  }
  std::printf("ml matrix products: %s\n",
              arbiter::core::matrix_product_backend_name(arbiter::core::matrix_product_backend()).c_str());
  if (peer) std::printf("peer BLAS: %s\n", blas.c_str());
  if (peer) arbiter::bench::warn_if_reference_blas(blas);
  std::map<int, Seconds> torch, ours;
  std::map<int, double> plain, diff, ratio_lo, ratio_hi;
  for (int round = 1; round <= rounds; ++round) {
    const std::map<int, Seconds> t = peer ? run_peer(sizes, blas) : std::map<int, Seconds>{};
    for (int n : sizes) {
      arbiter::core::RandomStream rng(20261206, static_cast<std::uint64_t>(n));
      const M Q = normals(rng, n, kD), K = normals(rng, n, kD), V = normals(rng, n, kD), dO = normals(rng, n, kD);
      const float scale = static_cast<float>(arbiter::ml::attention_scale(kD));
      arbiter::ml::AttentionGradients<float> g;
      M O;
      const Seconds s = best_seconds([&] {
        const auto f = arbiter::ml::attention_forward<float>(Q, K, V, scale);
        g = arbiter::ml::attention_backward<float>(Q, K, V, f, dO, scale);
        O = f.output;
      });
      ours[n] = {std::min(ours[n].wall, s.wall), std::min(ours[n].cpu, s.cpu)};
      if (round == 1) {
        plain[n] = diff[n] = NAN;
        if (n <= plain_max) {
          M pO, dQ, dK, dV;
          plain[n] = best_seconds([&] { plain_pass(Q, K, V, dO, scale, pO, dQ, dK, dV); }, 0.3, 1).cpu;
          diff[n] = std::max({(pO - O).cwiseAbs().maxCoeff(), (dQ - g.dQ).cwiseAbs().maxCoeff(),
                              (dK - g.dK).cwiseAbs().maxCoeff(), (dV - g.dV).cwiseAbs().maxCoeff()});
        }
      }
      const auto found = t.find(n);
      const Seconds tt = found == t.end() ? Seconds{NAN, NAN} : found->second;
      torch[n] = {std::min(torch[n].wall, tt.wall), std::min(torch[n].cpu, tt.cpu)};
      if (std::isnan(tt.cpu)) torch[n] = tt;
      const double r = tt.cpu / s.cpu;
      ratio_lo[n] = round == 1 ? r : std::min(ratio_lo[n], r);
      ratio_hi[n] = round == 1 ? r : std::max(ratio_hi[n], r);
      if (rounds > 1)
        std::printf("round %d: n %d ml %.6g s (cpu %.6g s) pytorch %.6g s (cpu %.6g s)\n", round, n, s.wall, s.cpu,
                    tt.wall, tt.cpu);
    }
  }
  std::printf("%6s %12s %12s %12s %12s %12s %12s %18s %12s\n", "n", "ml (s)", "ml cpu (s)", "plain cpu", "pytorch (s)",
              "pytorch cpu", "torch / ml", "rounds' torch / ml", "max |diff|");
  for (int n : sizes) {
    std::printf("%6d %12.6g %12.6g %12.6g %12.6g %12.6g %12.3g %8.3g - %-8.3g %12.3g\n", n, ours[n].wall, ours[n].cpu,
                plain[n], torch[n].wall, torch[n].cpu, torch[n].cpu / ours[n].cpu, ratio_lo[n], ratio_hi[n], diff[n]);
    std::fflush(stdout);
  }
  return 0;
}
