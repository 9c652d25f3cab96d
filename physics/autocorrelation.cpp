#include "physics/autocorrelation.hpp"

#include <cmath>
#include <complex>
#include <stdexcept>
#include <unsupported/Eigen/FFT>

namespace arbiter::physics {

AutocorrelationTime integrated_autocorrelation_time(const std::vector<double>& x, double c) {
  if (x.empty()) throw std::invalid_argument("integrated_autocorrelation_time: empty series");
  if (!(c > 0.0)) throw std::invalid_argument("integrated_autocorrelation_time: c must be > 0");
  const std::size_t n = x.size();
  double mean = 0.0;
  for (const double v : x) mean += v;
  mean /= static_cast<double>(n);
  std::vector<double> d(n);
  double c0 = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    d[i] = x[i] - mean;
    c0 += d[i] * d[i];
  }
  c0 /= static_cast<double>(n);
  AutocorrelationTime out;
  if (!(c0 > 0.0) || n < 4) return out;
  // Autocovariances of every lag at once: the inverse FFT of |FFT(d padded to 2n)|^2.
  std::size_t m = 1;
  while (m < 2 * n) m *= 2;
  std::vector<double> padded(m, 0.0);
  for (std::size_t i = 0; i < n; ++i) padded[i] = d[i];
  Eigen::FFT<double> fft;
  std::vector<std::complex<double>> spectrum;
  fft.fwd(spectrum, padded);
  for (auto& z : spectrum) z = std::complex<double>(std::norm(z), 0.0);
  std::vector<double> acov;
  fft.inv(acov, spectrum);
  double tau = 0.5;
  const std::size_t w_max = n / 4;
  for (std::size_t t = 1; t <= w_max; ++t) {
    const double ct = acov[t] / static_cast<double>(n - t);
    tau += ct / c0;
    if (static_cast<double>(t) >= c * tau) {
      out.tau_int = tau < 0.5 ? 0.5 : tau;
      out.window = t;
      return out;
    }
  }
  out.tau_int = tau < 0.5 ? 0.5 : tau;
  out.window = w_max;
  out.reliable = false;
  return out;
}

double correlated_standard_error(const std::vector<double>& x, double tau_int) {
  const std::size_t n = x.size();
  if (n < 2) return 0.0;
  double mean = 0.0;
  for (const double v : x) mean += v;
  mean /= static_cast<double>(n);
  double ss = 0.0;
  for (const double v : x) ss += (v - mean) * (v - mean);
  const double var = ss / static_cast<double>(n - 1);
  return std::sqrt(2.0 * tau_int * var / static_cast<double>(n));
}

std::vector<BinningLevel> binning_analysis(const std::vector<double>& x, std::size_t min_bins) {
  std::vector<BinningLevel> levels;
  if (min_bins < 2) min_bins = 2;
  std::vector<double> bins = x;
  std::size_t size = 1;
  while (bins.size() >= min_bins) {
    const std::size_t m = bins.size();
    double mean = 0.0;
    for (const double v : bins) mean += v;
    mean /= static_cast<double>(m);
    double ss = 0.0;
    for (const double v : bins) ss += (v - mean) * (v - mean);
    levels.push_back({size, m, std::sqrt(ss / static_cast<double>(m - 1) / static_cast<double>(m))});
    std::vector<double> next(m / 2);
    for (std::size_t i = 0; i < next.size(); ++i) next[i] = 0.5 * (bins[2 * i] + bins[2 * i + 1]);
    bins.swap(next);
    size *= 2;
  }
  return levels;
}

}  // namespace arbiter::physics
