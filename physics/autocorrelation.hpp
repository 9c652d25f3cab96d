// Error analysis of a correlated Monte Carlo time series (one value per sweep): the autocorrelation function
// rho(t), the integrated autocorrelation time tau_int = 1/2 + sum_{t=1}^{W} rho(t) with Sokal's automatic
// window (the smallest W with W >= c tau_int(W)), the bias of binned error bars when the bins are not much
// longer than tau_int (and the factor that removes it), and the binning (blocking) analysis: the naive
// standard error of the mean of bins of growing size, which plateaus at the true error
// sqrt(2 tau_int Var / n). Units: sweeps.
#pragma once
#include <cstddef>
#include <vector>

namespace arbiter::physics {

struct AutocorrelationTime {
  double tau_int = 0.5;      // 1/2 for an uncorrelated (or constant) series
  std::size_t window = 0;    // W
  bool reliable = true;      // false when the window condition failed before W = n / 4 (series too short)
};

// rho(t) = C(t) / C(0) for t = 0 .. min(max_lag, n - 1), C(t) the autocovariance averaged over the n - t
// pairs at lag t. A constant series (or n < 4) gives rho(0) = 1 and zeros. Throws std::invalid_argument for an
// empty series.
std::vector<double> autocorrelation_function(const std::vector<double>& x, std::size_t max_lag);

// Sokal's window on rho(0 .. n/4). Throws std::invalid_argument for an empty series or c <= 0.
AutocorrelationTime integrated_autocorrelation_time(const std::vector<double>& x, double c = 6.0);

// g(m) = m Var(mean of m consecutive samples) / Var(x) = 1 + 2 sum_{t=1}^{m-1} (1 - t/m) rho(t), with rho
// taken as 0 beyond `window` (g -> 2 tau_int for m >> tau_int). Throws std::invalid_argument for m = 0.
double block_variance_factor(const std::vector<double>& rho, std::size_t window, std::size_t m);

// The naive variance of the mean of `bins` bin means of length b (what a binned or jackknife error squares)
// has expectation Var(mean of n = bins b samples) (bins g(b) / g(n) - 1) / (bins - 1): bins of a few tau_int
// miss the correlations across bin edges (about tau_exp / b of the variance). This returns the inverse, the
// factor that makes the binned variance unbiased, from the series' rho and Sokal window (c); 1 for an
// uncorrelated or constant series. Throws std::invalid_argument for bins < 2, bin_size = 0, a series shorter
// than bins x bin_size, or c <= 0.
double binning_bias_correction(const std::vector<double>& x, std::size_t bin_size, std::size_t bins, double c = 6.0);

// Standard error of the mean from sqrt(2 tau_int Var(x) / n).
double correlated_standard_error(const std::vector<double>& x, double tau_int);

struct BinningLevel {
  std::size_t bin_size = 1;
  std::size_t bins = 0;
  double standard_error = 0.0;  // naive error of the mean from the bin means
};
// Levels with bin sizes 1, 2, 4, ... while at least min_bins bins remain.
std::vector<BinningLevel> binning_analysis(const std::vector<double>& x, std::size_t min_bins = 32);

}  // namespace arbiter::physics
