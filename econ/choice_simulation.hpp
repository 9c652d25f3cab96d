// Simulated choice situations from a utility specification with known coefficients. Each situation draws
// its individual variables (normal) and each alternative's attributes (normal, per-alternative mean and sd),
// forms V_j = sum of the terms "asc.ALT", "ATTR" (generic), "ATTR.ALT" (specific) and "VAR.ALT" (individual
// variable x alternative dummy: taste heterogeneity), and draws the choice exactly at utility scale T:
// argmax_j V_j + T * Gumbel (explicit random utility, which is the core Gumbel-max sampler: "gumbel_errors"
// and "core_gumbel_max" are one draw) or the core softmax sampler (both have P(j) = softmax(V / T)_j).
// Situation s draws from RandomStream(seed, s), so blocks can be simulated in any order or split. Random tastes
// (a mixed logit): a term made random takes one draw per person, beta = mean + sd z for a normal, uniform or
// triangular z on [-1, 1], exp(mean + sd z) for lognormal, -exp(mean + sd z) for neg_lognormal (the
// parametrisation econ.estimate's /model/random estimates); person n answers situations
// [n T_p, (n + 1) T_p) (T_p = situations_per_person, the last person possibly fewer) and draws their tastes
// from RandomStream(seed, n T_p).substream(2), so a person's tastes are held across their situations. Latent
// classes: each person's class is drawn from the class shares with RandomStream(seed, n T_p).substream(3), and
// a class-specific term takes that class's coefficient in all of the person's situations. add_term
// throws core::ArgumentError("parameter", ...) for an unknown or repeated parameter name, make_random
// core::ArgumentError naming the parameter for one that is not a term, a fixed distribution or an sd < 0.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>
#include <Eigen/Core>
#include "core/random_stream.hpp"
#include "econ/choice_data.hpp"
#include "econ/model_spec.hpp"
#include "econ/random_coefficients.hpp"

namespace arbiter::econ {

struct AttributeDistribution {
  std::string name;
  Eigen::VectorXd mean, sd;  // one per alternative
};
struct IndividualDistribution {
  std::string name;
  double mean = 0.0, sd = 1.0;
};
enum class TermKind { constant, generic, specific, individual };
struct UtilityTerm {
  std::string parameter;
  TermKind kind = TermKind::constant;
  int variable = -1;     // attribute or individual-variable index (-1 for a constant)
  int alternative = -1;  // -1 for a generic term
  double value = 0.0;        // the coefficient; for a random term its mean (log-mean for (neg_)lognormal)
  Distribution distribution = Distribution::fixed;
  double sd = 0.0;           // a random term's spread
  std::vector<double> class_values;  // a class-specific term's coefficient per latent class (empty: shared)
};

struct PopulationSpec {
  std::vector<std::string> alternatives;
  std::vector<AttributeDistribution> attributes;
  std::vector<IndividualDistribution> individual;
  std::vector<UtilityTerm> terms;
  double scale = 1.0;  // T: the Gumbel scale of the unobserved utility
  std::int64_t situations_per_person = 1;
  std::vector<std::string> classes;  // latent classes (empty: none); each person belongs to one
  std::vector<double> class_shares;  // their population shares, > 0, summing to 1

  // Adds a term from its parameter name; throws core::ArgumentError naming what was expected.
  void add_term(const std::string& parameter, double value);
  // Makes an added term random with spread sd >= 0 (one draw per person).
  void make_random(const std::string& parameter, Distribution distribution, double sd);
  bool has_random() const;
  // Latent classes: names (at least two, distinct) and shares (> 0, summing to 1 within 1e-9); throws
  // core::ArgumentError naming "classes" or "shares".
  void set_classes(std::vector<std::string> names, std::vector<double> shares);
  // Makes an added, non-random term class-specific: one coefficient per class (in set_classes' order).
  void make_class_specific(const std::string& parameter, std::vector<double> values);
  bool has_classes() const { return !classes.empty(); }
  // The coefficients as recoverable by estimation (value / scale; for a random term its mean and "sd.NAME":
  // mean / scale and sd / scale, or mean - log(scale) and sd for a (neg_)lognormal one; for a class-specific
  // term "NAME.CLASS" per class; with classes the membership constants "class.CLASS" = log(share / first
  // class's share) for every class but the first), by parameter name.
  std::map<std::string, double> identified_coefficients() const;
  // The estimable specification with these terms: constants with the first alternative lacking one as the
  // reference (others lacking one fixed at 0), generic, specific and individual lists.
  ModelSpec model_spec() const;
};

enum class ChoiceDraw { gumbel_errors, core_gumbel_max, core_softmax };
ChoiceDraw parse_choice_draw(const std::string& name);  // "gumbel_errors" | "core_gumbel_max" | "core_softmax"

// One exact draw from P(j) = softmax(v / T)_j.
int draw_choice(const Eigen::VectorXd& v, ChoiceDraw method, double T, core::RandomStream& rng);

struct SimulatedSituations {
  std::int64_t first = 0;        // index of the first situation
  Eigen::MatrixXd individual;    // S x (individual variables)
  Eigen::MatrixXd attributes;    // (S * J) x (attributes): row s * J + j
  Eigen::MatrixXd utility;       // S x J systematic utilities V
  std::vector<int> chosen;       // S
  std::vector<std::int64_t> person;  // S: each situation's person (0-based)
  std::vector<int> latent_class;     // S: the person's latent class (empty without classes)
  std::int64_t size() const { return static_cast<std::int64_t>(chosen.size()); }
};

SimulatedSituations simulate_situations(const PopulationSpec& spec, std::uint64_t seed, std::int64_t first,
                                        std::int64_t count, ChoiceDraw method);
// Long-format choice data (columns: the attributes, then the individual variables, then "person", the
// 1-based person id, when situations_per_person > 1) from simulated blocks in order; situation ids are "1", ...
ChoiceData to_choice_data(const PopulationSpec& spec, const std::vector<SimulatedSituations>& blocks);

}  // namespace arbiter::econ
