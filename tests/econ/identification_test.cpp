// Unidentified models are named with the parameters involved (not a singular-matrix crash); non-convergence
// keeps the last iterate with converged = false; log-sum parameters outside (0, 1] are reported.
#include <catch2/catch.hpp>
#include <string>

#include "core/input_error.hpp"
#include "econ/design.hpp"
#include "econ/estimation.hpp"
#include "econ/nested_logit.hpp"
#include "tests/econ/travelmode_helpers.hpp"

using namespace arbiter::econ;
using arbiter::core::ArgumentError;
using arbiter::core::InputError;

namespace {

ChoiceData travelmode() { return load_choice_data(test::travelmode_path(), test::travelmode_columns()); }

std::string design_error(const ModelSpec& spec) {
  try {
    build_design(travelmode(), spec);
  } catch (const InputError& e) {
    return e.what();
  }
  FAIL("no InputError");
  return "";
}

bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("a constant for every alternative is named as unidentified") {
  ModelSpec spec = test::travelmode_spec();
  spec.reference = "none";
  const std::string m = design_error(spec);
  INFO(m);
  CHECK(has(m, "unidentified"));
  CHECK(has(m, "{asc.air, asc.train, asc.bus, asc.car}"));
  CHECK(has(m, "a constant for every alternative"));
}

TEST_CASE("collinear attributes are named") {
  ModelSpec spec = test::travelmode_spec();
  spec.specific = {{"gcost", {}}};  // gcost.ALT for every alternative, plus generic gcost
  const std::string m = design_error(spec);
  INFO(m);
  CHECK(has(m, "collinear"));
  CHECK(has(m, "gcost, gcost.air, gcost.train, gcost.bus, gcost.car"));
  ModelSpec all_income = test::travelmode_spec();
  all_income.individual = {{"income", {"air", "train", "bus", "car"}}};
  const std::string m2 = design_error(all_income);
  INFO(m2);
  CHECK(has(m2, "income.air, income.train, income.bus, income.car"));
}

TEST_CASE("a variable that never varies within situations is named") {
  ModelSpec spec = test::travelmode_spec();
  spec.generic.push_back("income");
  const std::string m = design_error(spec);
  INFO(m);
  CHECK(has(m, "unidentified model: income never varies within a choice situation"));
}

TEST_CASE("fixed parameters are held and excluded from identification") {
  ModelSpec spec = test::travelmode_spec();
  spec.reference = "none";
  spec.fixed = {{"asc.car", 0.0}};
  const EstimationResult r = estimate_conditional_logit(build_design(travelmode(), spec));
  REQUIRE(r.converged);
  CHECK(r.log_likelihood == Approx(-199.128).margin(5e-4));
  CHECK(r.parameters[3].name == "asc.car");
  CHECK(r.parameters[3].fixed);
  CHECK(r.parameters[3].estimate == 0.0);
  CHECK(r.n_free == 6);
}

TEST_CASE("non-convergence keeps the last iterate with converged false") {
  EstimationOptions o;
  o.max_iterations = 1;
  const EstimationResult r = estimate_conditional_logit(build_design(travelmode(), test::travelmode_spec()), o);
  CHECK_FALSE(r.converged);
  CHECK(r.iterations == 1);
  CHECK(r.log_likelihood > 210 * std::log(0.25));
  CHECK(r.log_likelihood < -199.128);
  REQUIRE_FALSE(r.warnings.empty());
  CHECK(has(r.warnings.back(), "did not converge"));
  for (const auto& p : r.parameters) CHECK(std::isfinite(p.estimate));
}

TEST_CASE("a log-sum parameter at most 0 or above 1 is reported as inconsistent with utility maximisation") {
  ModelSpec spec = test::travelmode_spec();
  spec.nests = {{"fly", {"air"}}, {"ground", {"train", "bus", "car"}}};
  spec.nest_form = NestForm::unscaled;
  spec.fixed = {{"iv.ground", 1.5}};
  const Design d = build_design(travelmode(), spec);
  const EstimationResult r = estimate_nested_logit(d, build_nests(d, spec));
  bool found = false;
  for (const auto& w : r.warnings) found = found || has(w, "iv.ground = 1.5 is outside (0, 1]");
  CHECK(found);
}

TEST_CASE("a free log-sum parameter of a one-alternative nest is unidentified in the RUM form") {
  ModelSpec spec = test::travelmode_spec();
  spec.nests = {{"fly", {"air"}}, {"ground", {"train", "bus", "car"}}};
  spec.nest_form = NestForm::rum;
  const Design d = build_design(travelmode(), spec);
  try {
    build_nests(d, spec);
    FAIL("no error");
  } catch (const IdentificationError& e) {
    CHECK(has(e.what(), "iv.fly"));
  }
}

TEST_CASE("starting values are used: from the optimum Newton stops at once, an unknown name is an error") {
  const ChoiceData data = travelmode();
  const EstimationResult first = estimate_conditional_logit(build_design(data, test::travelmode_spec()));
  ModelSpec spec = test::travelmode_spec();
  for (const auto& p : first.parameters) spec.start[p.name] = p.estimate;
  const EstimationResult again = estimate_conditional_logit(build_design(data, spec));
  REQUIRE(again.converged);
  CHECK(again.iterations == 0);
  CHECK(again.log_likelihood == first.log_likelihood);
  // A far start (gcost at +1, utilities in the hundreds) still converges to the same optimum.
  spec.start = {{"gcost", 1.0}, {"asc.air", -20.0}};
  const EstimationResult far = estimate_conditional_logit(build_design(data, spec));
  REQUIRE(far.converged);
  CHECK(far.log_likelihood == Approx(first.log_likelihood).epsilon(1e-12));
  for (std::size_t i = 0; i < far.parameters.size(); ++i)  // the stopping rule: within ~1e-5 standard errors
    CHECK(std::abs(far.parameters[i].estimate - first.parameters[i].estimate) < 2e-5 * first.parameters[i].std_error);
  spec.start = {{"gcots", 0.1}};
  try {
    build_design(data, spec);
    FAIL("no error");
  } catch (const ArgumentError& e) {
    CHECK(e.argument() == "start[gcots]");
  }
}
