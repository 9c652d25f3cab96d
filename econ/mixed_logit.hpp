// The simulated log-likelihood of a mixed logit on long-format data, with its analytic gradient:
//   SLL = sum_u log( (1/R) sum_r prod_{t in u} P_t(chosen | beta_ur) ),
// where a unit u is a person (panel: the person's draws are held across their situations) or a situation
// (cross-section), and beta_ur are the unit's coefficient draws (random_coefficients.hpp). The gradient is the
// posterior-weighted score: w_ur = L_ur / sum_r L_ur times d log L_ur / d theta. Probabilities are the core's
// batched softmax over each situation's alternatives (softmax_few_rows: all R draws at once, the alternatives in
// rows); the utilities and the gradient's sums over the draws are mixed_logit_kernels.hpp's loops, and double
// evaluations read the float copy of simulated draws when every random coefficient is linear in its draw
// (normal, uniform, triangular; quadrature nodes stay double; the published log-likelihoods still agree to
// 1e-6). Products are kept in
// linear space while no draw's likelihood falls below 1e-290, else the unit is redone in logs (core
// log-sum-exp and softmax over draws). Units are processed in fixed chunks of kChunkUnits on
// core::parallel_for; a PartialSums (partial_sums.hpp; default: every chunk in this process) says which chunks
// this process computes and shares their partials, and the chunk partials are added in chunk order, so results
// are bit-identical at any thread count (threads <= 0: every core) and however the chunks are split (MPI ranks).
// The model keeps only the simulation draws of the chunks its PartialSums holds (an MPI rank: its block), the
// same numbers as those rows of the draws of everyone; the conditional means are split and shared like the sums.
// Throws core::ArgumentError for a wrong-sized theta or inconsistent data, std::domain_error (from the core
// softmax) for a non-finite utility, here or in a chunk another process computed, and what share() throws.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>
#include <Eigen/Core>

#include "core/eigen_types.hpp"
#include "econ/choice_data.hpp"
#include "econ/partial_sums.hpp"
#include "econ/random_coefficients.hpp"
#include "econ/simulation_draws.hpp"

namespace arbiter::econ {

// The regressors of each (situation, alternative) row, one column per coefficient (in the order of the
// RandomCoefficients), with the situation structure and, for panels, each person's situations.
struct MixedLogitData {
  core::Batch<double> x;                      // rows x K
  std::vector<std::int64_t> offsets;          // situation s: rows [offsets[s], offsets[s + 1]); S + 1 entries
  std::vector<std::int64_t> chosen_row;       // per situation
  std::vector<std::uint8_t> available;        // per row, 1 = available (empty: all)
  std::vector<std::int64_t> person_offsets;   // person n: situations [person_offsets[n], person_offsets[n + 1])
                                              // (empty: each situation its own person)
  std::size_t n_situations() const { return chosen_row.size(); }
  std::size_t n_people() const { return person_offsets.empty() ? n_situations() : person_offsets.size() - 1; }
};

// From loaded choice data: `variables` are the attribute columns, in coefficient order; `individual` (empty:
// none) is the column of person ids, whose situations must be contiguous. Throws core::ArgumentError naming
// "variables" or "individual" for a column the data lacks, and core::DataError (naming the file and line) for
// a person whose situations are not contiguous.
MixedLogitData mixed_logit_data(const ChoiceData& data, const std::vector<std::string>& variables,
                                const std::string& individual = "");

struct SimulatedLogLikelihood {
  double value = 0.0;
  Eigen::VectorXd gradient;     // when asked for
  Eigen::MatrixXd unit_scores;  // units x parameters, d log L_u / d theta, when asked for (rows sum to the gradient)
};

// Seconds spent (summed over threads) in each part of an evaluation, when asked for.
struct MixedLogitProfile {
  double coefficients = 0.0, utilities = 0.0, softmax = 0.0, weights = 0.0, gradient = 0.0;
  long evaluations = 0;
};

class MixedLogit {
 public:
  // Units per chunk of the sums: fixed, so the order of every addition is fixed.
  static constexpr std::size_t kChunkUnits = 8;

  // panel: draws per person (needs data.person_offsets); otherwise per situation (people then only cluster).
  // sums: how evaluate() splits and combines the chunks (null: all in this process).
  MixedLogit(const MixedLogitData& data, RandomCoefficients coefficients, const DrawOptions& draws, bool panel,
             int threads = 0, std::shared_ptr<const PartialSums> sums = nullptr);

  const RandomCoefficients& coefficients() const { return coefficients_; }
  int n_parameters() const { return coefficients_.n_parameters(); }
  std::size_t n_units() const { return unit_situations_.size() - 1; }
  std::size_t n_situations() const { return layout_.situation_rows.size() - 1; }
  std::size_t n_chunks() const { return (n_units() + kChunkUnits - 1) / kChunkUnits; }
  int draws() const { return static_cast<int>(draws_.draws); }
  // The units whose draws this process keeps: [first_held_unit(), first_held_unit() + held_units()).
  std::size_t first_held_unit() const { return draws_.first_person; }
  std::size_t held_units() const { return draws_.people; }
  // The units [first, last) a model of `units` units keeps the draws of under `sums` (null: all of them): from
  // the first chunk sums holds to the last ({0, 0} when it holds none).
  static std::pair<std::size_t, std::size_t> held_span(std::size_t units, const PartialSums* sums);
  bool panel() const { return panel_; }
  // Per unit: the person it belongs to (its cluster for clustered standard errors).
  const std::vector<std::int64_t>& unit_person() const { return unit_person_; }
  // The same data with every coefficient fixed and one draw: the conditional logit (with the same PartialSums).
  MixedLogit conditional_logit() const;

  // Each unit's conditional mean of every random coefficient given its choices (units x dimensions, in
  // dimension order): sum_r w_ur beta_ur with the posterior weights w_ur = L_ur / sum_r L_ur (Train 2009,
  // ch. 11), computed in logs. Bit-identical at any thread count; each process computes the chunks its
  // PartialSums gives it and shares them (collective under MPI: every rank calls it; not between the slices of
  // a sliced evaluation).
  Eigen::MatrixXd conditional_means(const Eigen::VectorXd& theta, int threads = 0) const;
  // Each unit's conditional mean of the willingness to pay -beta_attribute / beta_cost (coefficient indices;
  // one column per attribute), with the same weights. Throws core::ArgumentError naming "cost" or
  // "attributes" for an index out of range.
  Eigen::MatrixXd conditional_wtp(const Eigen::VectorXd& theta, int cost, const std::vector<int>& attributes,
                                  int threads = 0) const;

  SimulatedLogLikelihood evaluate(const Eigen::VectorXd& theta, bool gradient, bool unit_scores = false,
                                  int threads = 0, MixedLogitProfile* profile = nullptr) const;
  // The same with single-precision draws, utilities and probabilities (sums still in double): about twice as
  // fast, with relative errors near 1e-6 in the value and gradient; for an optimiser's first iterations.
  SimulatedLogLikelihood evaluate_single(const Eigen::VectorXd& theta, bool gradient, int threads = 0,
                                         MixedLogitProfile* profile = nullptr) const;

 private:
  // The data as the kernel reads it: each situation's available rows with the chosen row first, as
  // differences x - x_chosen, and every person's situations.
  struct Layout {
    std::vector<std::int64_t> situation_rows;  // situation s: rows [.[s], .[s + 1])
    RowMajorMatrix dx;                          // rows x K
    std::vector<std::int64_t> person_offsets;   // person n: situations [.[n], .[n + 1])
  };
  MixedLogit(Layout layout, RandomCoefficients coefficients, const DrawOptions& draws, bool panel, int threads,
             std::shared_ptr<const PartialSums> sums);
  static Layout make_layout(const MixedLogitData& data, int n_coefficients);
  void prepare(const DrawOptions& draws, int threads);  // units, regressor splits and draws
  // Unit u's coefficient draws (K x R, fixed rows constant) and posterior weights over its draws (R).
  void posterior(const Eigen::VectorXd& theta, std::size_t u, RowMajorMatrix& beta, Eigen::VectorXd& w) const;
  // units x columns: unit(full, w, row) fills each unit's row from its posterior, on this process's chunks;
  // the other chunks' rows come from the PartialSums.
  Eigen::MatrixXd posterior_means(const Eigen::VectorXd& theta, std::size_t columns, int threads,
                                  const std::function<void(const RowMajorMatrix&, const Eigen::VectorXd&, double*)>&
                                      unit) const;
  // Throws std::logic_error when chunk `chunk`'s draws are not held here.
  void check_held(std::size_t chunk) const;
  template <class S>
  SimulatedLogLikelihood evaluate_as(const Eigen::VectorXd& theta, bool gradient, bool unit_scores, int threads,
                                     MixedLogitProfile* profile) const;

  Layout layout_;
  RandomCoefficients coefficients_;
  SimulationDraws draws_;                      // the held chunks' units only (all of them in one process)
  std::vector<float> draws_single_;            // draws_ rounded to float, for evaluate_single
  Eigen::VectorXd draw_scale_, log_draw_scale_;  // quadrature: R w_r per draw and its log (empty: equal weights)
  bool panel_ = false;
  std::vector<std::int64_t> unit_situations_;  // unit u: situations [.[u], .[u + 1])
  std::vector<std::int64_t> unit_person_;
  RowMajorMatrix dx_random_;                   // rows x D: the columns of the random coefficients
  std::shared_ptr<const PartialSums> sums_;    // null: every chunk here
  // The utilities' parts that do not depend on the draws (dx beta and the random regressors times their
  // spreads, every row) at the last parameters, kept for the other calls of an evaluation computed in parts
  // (slices, or a rank's share) so that each call does not compute them for every row again.
  struct UtilityCache;
  std::shared_ptr<UtilityCache> utility_cache_;
};

}  // namespace arbiter::econ
