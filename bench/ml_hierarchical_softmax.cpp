// Hierarchical against flat softmax at V = 1e5 and 1e6 (Zipf s = 1, hidden dimension d = 16, one thread): time
// per probability (log p(k | h) for a class drawn from the frequencies) and per SGD training step, and the
// measured time ratio against the operation ratio V d / (L d) = V / L (L: the Huffman tree's expected path
// length, about log2 V). docs/ml/hierarchical_softmax.md quotes its output.
//   ml_hierarchical_softmax [seconds per timing, default 0.5]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "core/random_stream.hpp"
#include "ml/hierarchical_softmax.hpp"
#include "ml/huffman.hpp"

namespace {

using Clock = std::chrono::steady_clock;

template <class F> double seconds_per_call(F&& f, double budget) {
  const auto start = Clock::now();
  long calls = 0;
  double elapsed = 0;
  do {
    f(calls++);
    elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  } while (calls < 3 || elapsed < budget);
  return elapsed / static_cast<double>(calls);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace arbiter;
  const double budget = argc > 1 ? std::atof(argv[1]) : 0.5;
  const int d = 16;
  std::printf("%9s %8s %8s | %12s %12s %8s | %12s %12s %8s | %9s\n", "V", "L bits", "log2 V", "flat prob s",
              "hier prob s", "ratio", "flat step s", "hier step s", "ratio", "V / L");
  double sink = 0;
  for (int v : {100000, 1000000}) {
    const auto f = ml::zipf_frequencies(v, 1.0);
    const ml::HuffmanTree tree(f);
    core::RandomStream rng(1, static_cast<std::uint64_t>(v));
    Eigen::VectorXd h(d);
    for (int i = 0; i < d; ++i) h[i] = rng.normal();
    std::vector<double> cdf(f.size());
    double acc = 0;
    for (std::size_t k = 0; k < f.size(); ++k) cdf[k] = acc += f[k];
    std::vector<int> classes(1024);
    for (int& k : classes)
      k = static_cast<int>(std::min<std::size_t>(std::lower_bound(cdf.begin(), cdf.end(), rng.uniform() * acc) - cdf.begin(),
                                                 f.size() - 1));
    Eigen::VectorXd grad;
    double hp, hs, fp, fs;
    {
      ml::HierarchicalSoftmax layer(tree, d, 0.1, rng);
      hp = seconds_per_call([&](long i) { sink += layer.log_probability(classes[static_cast<std::size_t>(i % 1024)], h); }, budget);
      hs = seconds_per_call([&](long i) { sink += layer.train_step(classes[static_cast<std::size_t>(i % 1024)], h, 1e-6, grad); }, budget);
    }
    {
      ml::FlatSoftmax layer(v, d, 0.1, rng);
      fp = seconds_per_call([&](long i) { sink += layer.log_probability(classes[static_cast<std::size_t>(i % 1024)], h); }, budget);
      fs = seconds_per_call([&](long i) { sink += layer.train_step(classes[static_cast<std::size_t>(i % 1024)], h, 1e-6, grad); }, budget);
    }
    const double l = tree.expected_path_length();
    std::printf("%9d %8.3f %8.3f | %12.3e %12.3e %8.0f | %12.3e %12.3e %8.0f | %9.0f\n", v, l, std::log2(v), fp, hp,
                fp / hp, fs, hs, fs / hs, v / l);
  }
  std::printf("(checksum %.3g)\n", sink);
  return 0;
}
