// A utility specification for conditional and nested logit: which alternative-specific constants, generic,
// alternative-specific and individual-level coefficients enter, starting values, fixed parameters and nests.
// Parameter names: "asc.ALT", "VAR" (generic), "VAR.ALT" (specific or individual), "iv.NEST" (nest log-sum).
// Plain data; build_design (design.hpp) checks it against the data.
#pragma once
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace arbiter::econ {

// A variable and the alternatives it enters (empty: every alternative that is identified; for `individual`
// that means every alternative but the reference).
using VariableAlternatives = std::pair<std::string, std::vector<std::string>>;

enum class NestForm {
  rum,       // RUM-consistent: utilities divided by the nest's log-sum parameter inside the nest
  unscaled,  // Greene / mlogit unscaled = TRUE: utilities not divided; lambda multiplies the inclusive value
};

struct Nest {
  std::string name;                       // parameter "iv.NAME"
  std::vector<std::string> alternatives;  // each alternative belongs to at most one nest
};

struct ModelSpec {
  bool constants = true;
  std::string reference;                  // constant fixed at 0; empty: the first alternative. "none": no
                                          // reference (every alternative gets a constant; unidentified)
  std::vector<std::string> generic;
  std::vector<VariableAlternatives> specific;
  std::vector<VariableAlternatives> individual;
  std::map<std::string, double> start;    // starting values by parameter name (default 0; iv.* 1)
  std::map<std::string, double> fixed;    // parameters held at the given value
  std::vector<Nest> nests;                // empty: conditional logit; alternatives in no nest form their own
  NestForm nest_form = NestForm::rum;
};

}  // namespace arbiter::econ
