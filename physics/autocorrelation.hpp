// Error analysis of a correlated Monte Carlo time series (one value per sweep): the integrated
// autocorrelation time tau_int = 1/2 + sum_{t=1}^{W} rho(t) with Sokal's automatic window (the smallest W
// with W >= c tau_int(W)), and the binning (blocking) analysis: the naive standard error of the mean of bins
// of growing size, which plateaus at the true error sqrt(2 tau_int Var / n). Units: sweeps.
#pragma once
#include <cstddef>
#include <vector>

namespace arbiter::physics {

struct AutocorrelationTime {
  double tau_int = 0.5;      // 1/2 for an uncorrelated (or constant) series
  std::size_t window = 0;    // W
  bool reliable = true;      // false when the window condition failed before W = n / 4 (series too short)
};

// Throws std::invalid_argument for an empty series or c <= 0.
AutocorrelationTime integrated_autocorrelation_time(const std::vector<double>& x, double c = 6.0);

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
