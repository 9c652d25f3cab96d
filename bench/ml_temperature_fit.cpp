// Temperature fitting (ml/temperature_scaling) on 10,000 x 10 logits: the goal is under a millisecond.
// Prints the median and best wall time of many fits (each from T = 1, on overconfident logits whose best T is
// about 2.5), and the Newton steps taken. Usage: ml_temperature_fit [examples] [classes] [repeats]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "core/random_stream.hpp"
#include "ml/temperature_scaling.hpp"

int main(int argc, char** argv) {
  using namespace arbiter;
  const int n = argc > 1 ? std::atoi(argv[1]) : 10000;
  const int k = argc > 2 ? std::atoi(argv[2]) : 10;
  const int repeats = argc > 3 ? std::atoi(argv[3]) : 200;
  core::RandomStream rng(2017);
  core::Batch<double> z(n, k);
  Eigen::VectorXi y(n);
  for (int i = 0; i < n; ++i) {
    const int look = static_cast<int>(rng.uniform_int(static_cast<std::uint64_t>(k)));
    for (int j = 0; j < k; ++j) z(i, j) = 2.5 * ((j == look ? 4.0 : 0.0) + rng.normal());
    y[i] = rng.uniform() < 0.85 ? look : static_cast<int>(rng.uniform_int(static_cast<std::uint64_t>(k)));
  }
  std::vector<double> ms;
  ml::TemperatureFit fit;
  for (int r = 0; r < repeats; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    fit = ml::fit_temperature(z, y);
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  std::printf("fit_temperature on %d x %d logits: T = %.6f, %d Newton steps, NLL %.5f at T = 1, %.5f at T\n", n, k,
              fit.temperature, fit.iterations, ml::temperature_objective(z, y, 1.0).nll, fit.nll);
  std::printf("wall time over %d fits: median %.3f ms, best %.3f ms (goal: under 1 ms)\n", repeats,
              ms[ms.size() / 2], ms.front());
  return 0;
}
