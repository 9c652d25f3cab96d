// The population distribution of a random taste coefficient b = T(mean + sd v) (econ::Distribution: v standard
// normal, uniform or triangular on [-1, 1]; T the identity, exp or -exp) and of the willingness to pay
// W = -A / C it implies, as numbers a live view draws: densities on a grid, moments, a central range, and the
// histogram of people's conditional means over the same axis. A negative sd is read as |sd| (the spread's sign
// is not identified); sd = 0 or a fixed coefficient is a point mass (no density). Nothing here throws.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "econ/random_coefficients.hpp"
#include "experiments/experiment.hpp"

namespace arbiter::experiments {

struct TasteDistribution {
  econ::Distribution distribution = econ::Distribution::fixed;
  double mean = 0.0, sd = 0.0;  // of the underlying mean + sd v

  bool point_mass() const;
  // The density of b (per unit of b) at `b`.
  double density(double b) const;
  // E[b], sd(b) and P(b > 0) in the population.
  double population_mean() const;
  double population_sd() const;
  double share_positive() const;
  // The central 99.8% of b: [lo, hi] (lo == hi for a point mass).
  std::pair<double, double> central_range() const;
};

// The density of W = -A / C at w for independent A and C (either may be a point mass, not both; a point-mass
// C must be nonzero).
double wtp_density(const TasteDistribution& attribute, const TasteDistribution& cost, double w);
// The central range of W when C keeps one sign (its central range does not contain 0): the extremes of
// -A / C over the corners of A's and C's central ranges; nullopt when C may be 0.
std::optional<std::pair<double, double>> wtp_central_range(const TasteDistribution& attribute,
                                                           const TasteDistribution& cost);

// A histogram of `values` (finite ones) over [lo, hi) in `bins` equal bins; values outside go to the end bins,
// so the counts sum to the number of finite values.
struct Histogram {
  double lo = 0.0, width = 1.0;
  std::vector<double> counts;
};
Histogram histogram(const std::vector<double>& values, double lo, double hi, int bins);

// What a view of one taste (a coefficient or a WTP) shows: a plot with the population density (when given)
// and the histogram of the people's conditional means drawn as a density (count / (people x bin width), a step
// line), over one axis that holds both; and the histogram's counts as bars (labels: bin centres).
struct TasteView {
  Plot plot;
  Bars counts;
};
// `density`: the population density at a point (empty: none); `range`: its central range (empty: none).
TasteView taste_view(const std::string& id, const std::string& title, const std::string& x_label,
                     const std::vector<double>& people, const std::function<double(double)>& density,
                     std::optional<std::pair<double, double>> range, const std::string& density_name);

}  // namespace arbiter::experiments
