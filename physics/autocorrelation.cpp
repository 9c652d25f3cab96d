#include "physics/autocorrelation.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <stdexcept>
#include <unsupported/Eigen/FFT>

namespace arbiter::physics {

std::vector<double> autocorrelation_function(const std::vector<double>& x, std::size_t max_lag) {
  if (x.empty()) throw std::invalid_argument("autocorrelation_function: empty series");
  const std::size_t n = x.size();
  const std::size_t lags = std::min(max_lag, n - 1);
  std::vector<double> rho(lags + 1, 0.0);
  rho[0] = 1.0;
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
  if (!(c0 > 0.0) || n < 4) return rho;
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
  for (std::size_t t = 1; t <= lags; ++t) rho[t] = acov[t] / static_cast<double>(n - t) / c0;
  return rho;
}

namespace {

// Sokal's window on rho(1 .. rho.size() - 1); unreliable if it never closes.
AutocorrelationTime sokal_window(const std::vector<double>& rho, double c) {
  AutocorrelationTime out;
  double tau = 0.5;
  const std::size_t w_max = rho.size() - 1;
  for (std::size_t t = 1; t <= w_max; ++t) {
    tau += rho[t];
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

bool is_constant_or_short(const std::vector<double>& rho) {
  for (std::size_t t = 1; t < rho.size(); ++t)
    if (rho[t] != 0.0) return false;
  return true;
}

}  // namespace

AutocorrelationTime integrated_autocorrelation_time(const std::vector<double>& x, double c) {
  if (x.empty()) throw std::invalid_argument("integrated_autocorrelation_time: empty series");
  if (!(c > 0.0)) throw std::invalid_argument("integrated_autocorrelation_time: c must be > 0");
  const std::size_t n = x.size();
  const auto rho = autocorrelation_function(x, n / 4);
  if (n < 4 || is_constant_or_short(rho)) return AutocorrelationTime{};
  return sokal_window(rho, c);
}

double block_variance_factor(const std::vector<double>& rho, std::size_t window, std::size_t m) {
  if (m == 0) throw std::invalid_argument("block_variance_factor: m must be >= 1");
  const std::size_t last = std::min({window, m - 1, rho.empty() ? std::size_t{0} : rho.size() - 1});
  double g = 1.0;
  for (std::size_t t = 1; t <= last; ++t)
    g += 2.0 * (1.0 - static_cast<double>(t) / static_cast<double>(m)) * rho[t];
  return g;
}

double binning_bias_correction(const std::vector<double>& x, std::size_t bin_size, std::size_t bins, double c) {
  if (bins < 2) throw std::invalid_argument("binning_bias_correction: bins must be >= 2");
  if (bin_size == 0) throw std::invalid_argument("binning_bias_correction: bin_size must be >= 1");
  if (x.size() < bins * bin_size)
    throw std::invalid_argument("binning_bias_correction: series shorter than bins x bin_size");
  if (!(c > 0.0)) throw std::invalid_argument("binning_bias_correction: c must be > 0");
  const auto rho = autocorrelation_function(x, x.size() / 4);
  if (x.size() < 4 || is_constant_or_short(rho)) return 1.0;
  const std::size_t window = sokal_window(rho, c).window;
  const double B = static_cast<double>(bins);
  const double g_bin = block_variance_factor(rho, window, bin_size);
  const double g_all = block_variance_factor(rho, window, bins * bin_size);
  const double expected = B * g_bin / g_all - 1.0;  // (B - 1) x (binned / true) in expectation
  if (!(g_all > 0.0) || !(expected > 0.0)) return 1.0;
  return (B - 1.0) / expected;
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
