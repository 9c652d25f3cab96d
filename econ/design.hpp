// The design of a conditional-logit model: one row of regressors per (situation, alternative) row of the
// data, with the situation structure, chosen rows, availability, and the parameter names, starting values
// and fixed flags from a ModelSpec. build_design throws core::ArgumentError naming the ModelSpec field
// ("generic[0]", "specific[VAR]", "start[NAME]", "spec", ...) for a variable that is not in the data or a
// malformed specification, UnknownAlternativeError for an alternative that is not in the data, and
// IdentificationError for an unidentified model, naming the parameters involved: a constant for every
// alternative, collinear regressors, a regressor that never varies within situations; before that check,
// DataError for a cell whose magnitude swamps its column (econ/extreme_cells.hpp).
#pragma once
#include <cstdint>
#include <string>
#include <vector>
#include <Eigen/Core>
#include "core/eigen_types.hpp"
#include "econ/choice_data.hpp"
#include "econ/model_spec.hpp"

namespace arbiter::econ {

// A model the data cannot identify: "unidentified model: ..." naming the parameters (exit status 2).
class IdentificationError : public core::InputError {
 public:
  using core::InputError::InputError;
};

// An alternative named by the specification field `argument` ("reference", "specific[VAR][0]") that appears
// in no situation of the data.
class UnknownAlternativeError : public DataError {
 public:
  UnknownAlternativeError(const ChoiceData& data, const std::string& alternative, const std::string& argument);
  const std::string& argument() const { return argument_; }
  // The same error, saying the alternative was named at `place` (e.g. the JSON path the argument came from).
  UnknownAlternativeError named_at(const std::string& place) const;

 private:
  UnknownAlternativeError(const std::string& file, const std::string& column, const std::string& alternative,
                          const std::string& named_at, const std::string& alternatives);
  std::string file_, column_, alternative_, argument_, alternatives_;
};

struct Design {
  std::vector<std::string> names;          // regressor (beta) names, one per column of x
  core::Batch<double> x;                   // n_rows x K, row-major
  std::vector<std::int64_t> offsets;       // as ChoiceData::offsets
  std::vector<std::int64_t> chosen_row;    // as ChoiceData::chosen_row
  std::vector<std::uint8_t> available;     // per row (empty: all available)
  std::vector<std::int32_t> alternative;   // per row
  std::vector<std::string> alternatives;   // alternative names
  Eigen::VectorXd start;                   // K starting values
  std::vector<bool> fixed;                 // K flags: held at start
  std::string reference;                   // reference alternative ("" if none)
  // The conditional-logit kernel's layout: each row's regressors minus those of its situation's chosen row,
  // column-major (n_rows x K). Filled by build_design; a design built by hand may leave it empty. The
  // estimator uses it only when it matches x and chosen_row (ClogitData checks a sample of situations and
  // otherwise computes its own); rebuild it (chosen_differences) after changing x or chosen_row.
  Eigen::MatrixXd differences;

  std::size_t n_situations() const { return chosen_row.size(); }
  std::size_t n_rows() const { return static_cast<std::size_t>(x.rows()); }
  int k() const { return static_cast<int>(x.cols()); }
  int n_free() const;
  bool is_available(std::size_t row) const { return available.empty() || available[row] != 0; }
};

// Builds the design (with its differences); also runs check_identification. Throws as described above.
Design build_design(const ChoiceData& data, const ModelSpec& spec);

// x_j - x_chosen(s) for every row j of situation s, column-major (threads <= 0: every core).
Eigen::MatrixXd chosen_differences(const Design& design, int threads = 0);

// Throws IdentificationError naming the parameters when the free regressors are not identified from within-situation
// variation (a regressor that never varies within a situation; a set of collinear regressors).
void check_identification(const Design& design);

}  // namespace arbiter::econ
