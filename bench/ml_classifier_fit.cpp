// Benchmark: train the MLP 784-256-128-10 (ReLU, Adam lr 1e-3, no weight decay, minibatches of 128) on all
// 60,000 Fashion-MNIST training images for E epochs and report the wall and CPU seconds of the training loop
// (data loading excluded), seconds per epoch and the test accuracy. With --peer, runs the PyTorch peer
// (bench/peers/mlp_fashion_torch.py: the same network, batch size, epochs and thread count) in the same run
// and prints both side by side with the ratios; --peer-blas picks the peer's BLAS (bench/peer_blas.hpp).
// --rounds R repeats arbiter then the peer R times and ends with the range of each figure (the machine is
// shared); --backend caps core::gemm's backend (portable, avx2, avx512). Not run by ctest.
// docs/ml/classifier.md has the figures.
// Usage: ml_classifier_fit [--epochs E] [--threads T] [--rounds R] [--backend B] [--peer]
//                          [--peer-blas openblas|system] [--data DIR]
#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "bench/peer_blas.hpp"
#include "core/matrix_product.hpp"
#include "ml/classifier_training.hpp"
#include "ml/labelled_data.hpp"

using namespace arbiter;

namespace {

double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

// CPU seconds of every thread of the process: on a shared machine the figure to compare.
double cpu_now() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

// Reads "key": number from the peer's JSON line.
double field(const std::string& line, const std::string& key) {
  const auto at = line.find("\"" + key + "\":");
  return at == std::string::npos ? -1.0 : std::atof(line.c_str() + at + key.size() + 3);
}

// Reads "key": "text" from the peer's JSON line.
std::string text_field(const std::string& line, const std::string& key) {
  const auto at = line.find("\"" + key + "\": \"");
  if (at == std::string::npos) return "?";
  const auto start = at + key.size() + 5;
  return line.substr(start, line.find('"', start) - start);
}

// The smallest and largest of a figure over the rounds.
struct Range {
  double lo = 1e300, hi = -1e300;
  void add(double x) {
    lo = std::min(lo, x);
    hi = std::max(hi, x);
  }
};

}  // namespace

int main(int argc, char** argv) {
  int epochs = 5, threads = 2, rounds = 1;
  bool peer = false;
  std::string peer_blas = bench::default_peer_blas();
  std::string data = "/usr/share/datasets/fashion-mnist";
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--epochs" && i + 1 < argc) epochs = std::atoi(argv[++i]);
    else if (a == "--threads" && i + 1 < argc) threads = std::atoi(argv[++i]);
    else if (a == "--rounds" && i + 1 < argc) rounds = std::max(1, std::atoi(argv[++i]));
    else if (a == "--backend" && i + 1 < argc) {
      const std::string b = argv[++i];
      core::limit_matrix_product_backend(b == "portable" ? core::MatrixProductBackend::portable
                                         : b == "avx2"   ? core::MatrixProductBackend::avx2
                                                         : core::MatrixProductBackend::avx512);
    } else if (a == "--data" && i + 1 < argc) data = argv[++i];
    else if (a == "--peer") peer = true;
    else if (a == "--peer-blas" && i + 1 < argc && bench::valid_peer_blas(argv[i + 1])) peer_blas = argv[++i];
    else {
      std::fprintf(stderr,
                   "usage: ml_classifier_fit [--epochs E] [--threads T] [--rounds R] [--backend portable|avx2|avx512] "
                   "[--peer] [--peer-blas openblas|system] [--data DIR]\n");
      return 2;
    }
  }
  try {
    const ml::LabelledData train =
        ml::load_idx_pair(data + "/train-images-idx3-ubyte.gz", data + "/train-labels-idx1-ubyte.gz", 10);
    const ml::LabelledData test =
        ml::load_idx_pair(data + "/t10k-images-idx3-ubyte.gz", data + "/t10k-labels-idx1-ubyte.gz", 10);
    ml::ClassifierSpec spec;  // mlp 256-128 relu
    ml::TrainingOptions options;
    options.epochs = epochs;
    options.batch_size = 128;
    options.learning_rate = 1e-3;
    options.threads = threads;
    std::printf("arbiter  matrix products: %s\n",
                core::matrix_product_backend_name(core::matrix_product_backend()).c_str());
    Range a_wall, a_cpu, p_wall, p_cpu, r_wall, r_cpu;
    for (int round = 1; round <= rounds; ++round) {
      ml::ClassifierTrainer trainer(train, spec, options, 1);
      const double wall0 = now(), cpu0 = cpu_now();
      while (!trainer.done()) trainer.train_batch();
      const double wall = now() - wall0, cpu = cpu_now() - cpu0;
      const Eigen::MatrixXf z = trainer.logits(test.x);
      long correct = 0;
      for (Eigen::Index j = 0; j < z.cols(); ++j) {
        Eigen::Index best = 0;
        z.col(j).maxCoeff(&best);
        correct += best == test.y[static_cast<std::size_t>(j)];
      }
      const double acc = static_cast<double>(correct) / static_cast<double>(z.cols());
      std::printf("round %d arbiter  MLP 784-256-128-10, batch 128, %d epochs, %d threads: wall %.2f s, CPU %.2f s "
                  "(%.2f s CPU / epoch), test accuracy %.4f\n",
                  round, epochs, threads, wall, cpu, cpu / epochs, acc);
      a_wall.add(wall);
      a_cpu.add(cpu);
      if (!peer) continue;
      const std::string cmd = bench::peer_blas_env(peer_blas, threads) + "/usr/bin/python3 " +
                              std::string(ARBITER_SOURCE_DIR) + "/bench/peers/mlp_fashion_torch.py --epochs " +
                              std::to_string(epochs) + " --threads " + std::to_string(threads) + " --data " + data;
      std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), pclose);
      std::string line;
      char buf[1024];
      while (pipe && std::fgets(buf, sizeof buf, pipe.get())) line += buf;
      const double pw = field(line, "wall_seconds"), pc = field(line, "cpu_seconds");
      if (pw < 0) {
        std::fprintf(stderr, "the PyTorch peer failed: %s\n", line.c_str());
        return 1;
      }
      std::printf("round %d pytorch  %s: wall %.2f s, CPU %.2f s (%.2f s CPU / epoch), test accuracy %.4f\n", round,
                  "same network, batch, epochs, threads", pw, pc, pc / epochs, field(line, "test_accuracy"));
      if (round == 1) {
        std::printf("pytorch  BLAS: %s\n", text_field(line, "blas").c_str());
        bench::warn_if_reference_blas(peer_blas);
      }
      std::printf("round %d pytorch / arbiter: wall %.2fx, CPU %.2fx\n", round, pw / wall, pc / cpu);
      p_wall.add(pw);
      p_cpu.add(pc);
      r_wall.add(pw / wall);
      r_cpu.add(pc / cpu);
    }
    if (rounds > 1) {
      std::printf("%d rounds: arbiter wall %.2f-%.2f s, CPU %.2f-%.2f s\n", rounds, a_wall.lo, a_wall.hi, a_cpu.lo,
                  a_cpu.hi);
      if (peer)
        std::printf("%d rounds: pytorch wall %.2f-%.2f s, CPU %.2f-%.2f s; pytorch / arbiter wall %.2f-%.2fx, "
                    "CPU %.2f-%.2fx\n",
                    rounds, p_wall.lo, p_wall.hi, p_cpu.lo, p_cpu.hi, r_wall.lo, r_wall.hi, r_cpu.lo, r_cpu.hi);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ml_classifier_fit: %s\n", e.what());
    return 2;
  }
  return 0;
}
