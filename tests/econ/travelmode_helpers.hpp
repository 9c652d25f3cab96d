// Shared set-up for the econ_estimate tests: Greene's TravelMode data (tests/data) and its published model.
#pragma once
#include <string>
#include "econ/choice_data.hpp"
#include "econ/model_spec.hpp"

namespace arbiter::econ::test {

inline ChoiceColumns travelmode_columns() {
  ChoiceColumns c;
  c.situation = "individual";
  c.alternative = "mode";
  c.choice = "choice";
  return c;
}

inline std::string travelmode_path() { return std::string(ARBITER_TEST_DATA) + "/TravelMode.csv"; }

// Greene (2003) Table 21.11: constants (car reference), generic gcost and wait, income x 1[air].
inline ModelSpec travelmode_spec() {
  ModelSpec s;
  s.constants = true;
  s.reference = "car";
  s.generic = {"gcost", "wait"};
  s.individual = {{"income", {"air"}}};
  return s;
}

}  // namespace arbiter::econ::test
