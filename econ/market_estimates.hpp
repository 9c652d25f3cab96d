// A market's coefficients from the estimates.csv econ.estimate writes (columns "parameter" and "estimate"; the
// other columns are ignored): generic coefficients COEF (means; log-means of lognormal ones), spreads sd.COEF,
// product constants asc.PRODUCT, and a latent class: class-specific COEF.CLASS with membership constants
// class.CLASS (the first class, the one without a constant, is the reference; its share comes from the core
// softmax of (0, class.CLASS...)). Throws core::DataError naming the file and line for a file that cannot be
// read, a missing column, a value that is no finite number, membership variables (class.CLASS.VAR: they need each
// consumer's data), or a latent class whose reference class cannot be told.
#pragma once
#include <string>
#include <vector>
#include <Eigen/Core>

namespace arbiter::econ {

struct EstimateEntry {
  std::string name;   // the coefficient (without the sd., asc. or .CLASS part)
  double value = 0.0;
  long line = 0;      // its line in the file
};

struct MarketEstimates {
  std::string file;
  std::vector<EstimateEntry> coefficients, spreads, constants;  // COEF, sd.COEF, asc.PRODUCT
  std::vector<std::string> classes;                             // reference first; empty: no latent class
  Eigen::VectorXd class_shares;                                 // one per class
  // COEF.CLASS: values[c] for class c (every class has one, else DataError).
  struct ClassSpecific {
    std::string name;
    std::vector<double> values;
    long line = 0;
  };
  std::vector<ClassSpecific> class_specific;
};

MarketEstimates read_market_estimates(const std::string& file);

}  // namespace arbiter::econ
