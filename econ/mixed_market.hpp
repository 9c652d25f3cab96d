// The tastes of a market's consumers as a finite mixture: a mixed logit (R simulated draws of the price and
// attribute coefficients, each of weight 1/R) or a latent-class logit (C classes, each with its coefficients,
// weighted by the class shares). Each row of the mixture is one logit consumer, so shares, elasticities,
// surplus and pricing (econ/logit_demand.hpp and what builds on it) are the weighted means over the same draws.
// Random coefficient k's underlying value is mean_k + sd_k z (z the standard draw of its distribution), turned
// into the coefficient by econ/random_coefficients.hpp's to_coefficient (mean the log-mean for lognormal ones).
// Draws come from one "person" of econ/simulation_draws.hpp with the given seed, on one thread: the same at any
// thread count. mixture_tastes throws core::ArgumentError naming "random[i]" (an index out of range, sd < 0),
// "classes" (shares not summing to 1, wrong sizes) or "draws".
#pragma once
#include <string>
#include <vector>
#include <Eigen/Core>

#include "econ/random_coefficients.hpp"
#include "econ/simulation_draws.hpp"

namespace arbiter::econ {

// Coefficient indices: 0 is price, 1 + a attribute a.
struct RandomTaste {
  int coefficient = 0;
  Distribution distribution = Distribution::normal;
  double sd = 0.0;  // >= 0
};

struct LatentClassTastes {
  std::vector<std::string> names;
  Eigen::VectorXd shares;        // C, non-negative, summing to 1
  Eigen::MatrixXd coefficients;  // C x (1 + attributes), price first
};

struct TasteMixture {
  std::vector<RandomTaste> random;  // a mixed logit when non-empty
  DrawOptions draws;
  LatentClassTastes classes;        // a latent-class logit when it names classes
  bool mixed_logit() const { return !random.empty(); }
  bool latent_class() const { return !classes.names.empty(); }
  bool empty() const { return !mixed_logit() && !latent_class(); }
};

// The mixture's consumers: coefficients (rows x (1 + attributes), price first) and their weights (summing to 1).
struct MixtureConsumers {
  Eigen::MatrixXd coefficients;
  Eigen::VectorXd weight;
};

// `means`: 1 + attributes coefficients (price first): the fixed values, and the means of the random ones.
MixtureConsumers mixture_tastes(const TasteMixture& mixture, const Eigen::VectorXd& means);

// Every draw's (or class's) price coefficient < 0: throws core::ArgumentError ("random price" for a random
// price coefficient, "class CLASS price" for a latent class, else "price") naming the first draw or class
// whose price coefficient is not negative (a normal or uniform price coefficient reaches positive values:
// neg_lognormal keeps every draw negative).
void check_price_coefficients(const TasteMixture& mixture, const MixtureConsumers& consumers);

}  // namespace arbiter::econ
