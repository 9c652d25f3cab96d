// Train's Electricity panel (tests/data/electricity_long.csv: 361 people, 4308 situations, 4 alternatives) as
// mixed-logit data with the six attributes pf, cl, loc, wk, tod, seas, and its first n people: the mixed-logit
// tests' one way to load it.
#pragma once
#include <string>
#include <vector>

#include "econ/choice_data.hpp"
#include "econ/mixed_logit.hpp"

namespace arbiter::test_econ {

inline const std::vector<std::string> kElectricityVariables = {"pf", "cl", "loc", "wk", "tod", "seas"};

inline const econ::MixedLogitData& electricity_panel() {
  static const econ::MixedLogitData data = [] {
    econ::ChoiceColumns cols;
    cols.situation = "chid";
    cols.alternative = "alt";
    cols.choice = "choice";
    auto vars = kElectricityVariables;
    vars.push_back("id");
    const auto d = econ::load_choice_data(std::string(ARBITER_TEST_DATA) + "/electricity_long.csv", cols, vars);
    return econ::mixed_logit_data(d, kElectricityVariables, "id");
  }();
  return data;
}

// The first `people` people of a panel.
inline econ::MixedLogitData first_people(const econ::MixedLogitData& d, std::size_t people) {
  econ::MixedLogitData out;
  const auto S = d.person_offsets[people];
  out.x = d.x.topRows(d.offsets[static_cast<std::size_t>(S)]);
  out.offsets.assign(d.offsets.begin(), d.offsets.begin() + S + 1);
  out.chosen_row.assign(d.chosen_row.begin(), d.chosen_row.begin() + S);
  out.person_offsets.assign(d.person_offsets.begin(), d.person_offsets.begin() + static_cast<long>(people) + 1);
  return out;
}

}  // namespace arbiter::test_econ
