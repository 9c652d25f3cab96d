// Reproduces the published conditional-logit and nested-logit tables on Greene's TravelMode data
// (/work/shared/data/README.md: Greene 2003 Table 21.11, as reproduced by R's mlogit).
#include <catch2/catch.hpp>
#include <cmath>
#include <map>

#include "econ/design.hpp"
#include "econ/estimation.hpp"
#include "travelmode_helpers.hpp"

using namespace arbiter::econ;

namespace {

const ParameterEstimate& find(const EstimationResult& r, const std::string& name) {
  for (const auto& p : r.parameters)
    if (p.name == name) return p;
  FAIL("no parameter " << name);
  return r.parameters.front();
}

// |a - b| within half a unit of the last printed digit (printed with `decimals` decimals).
void check_printed(double value, double published, int decimals, const std::string& what) {
  INFO(what << ": got " << value << ", published " << published);
  CHECK(std::abs(value - published) <= 0.5 * std::pow(10.0, -decimals) + 1e-12);
}

}  // namespace

TEST_CASE("TravelMode conditional logit reproduces Greene Table 21.11 (estimates, SEs, robust SEs, LL)") {
  const ChoiceData data = load_choice_data(test::travelmode_path(), test::travelmode_columns());
  REQUIRE(data.n_situations() == 210);
  REQUIRE(data.n_rows() == 840);
  const Design d = build_design(data, test::travelmode_spec());
  const EstimationResult r = estimate_conditional_logit(d);
  REQUIRE(r.converged);
  REQUIRE(r.parameters.size() == 6);
  CHECK(r.parameters[0].name == "asc.air");
  CHECK(r.parameters[5].name == "income.air");
  const std::map<std::string, std::pair<double, double>> published = {
      {"asc.air", {5.207433, 0.779055}}, {"asc.train", {3.869036, 0.443127}}, {"asc.bus", {3.163190, 0.450266}},
      {"gcost", {-0.015501, 0.004408}},  {"wait", {-0.096125, 0.010440}},      {"income.air", {0.013287, 0.010262}}};
  for (const auto& [name, est_se] : published) {
    const auto& p = find(r, name);
    check_printed(p.estimate, est_se.first, 6, name + " estimate");
    check_printed(p.std_error, est_se.second, 6, name + " std. error");
    CHECK(p.t_value == Approx(p.estimate / p.std_error));
  }
  // Robust (sandwich) standard errors, printed to 5 significant digits.
  const std::map<std::string, double> robust = {{"asc.air", 0.97882},  {"asc.train", 0.51746}, {"asc.bus", 0.54626},
                                                {"gcost", 0.0049476}, {"wait", 0.015060},     {"income.air", 0.0092734}};
  for (const auto& [name, se] : robust) {
    INFO(name << " robust SE " << find(r, name).robust_std_error << " vs " << se);
    CHECK(find(r, name).robust_std_error == Approx(se).epsilon(5e-5));
  }
  check_printed(r.log_likelihood, -199.128, 3, "log-likelihood");
  check_printed(r.null_log_likelihood, -291.122, 3, "equal-shares log-likelihood");
  CHECK(r.null_log_likelihood == Approx(210 * std::log(0.25)));
  check_printed(r.constants_log_likelihood, -283.759, 3, "constants-only log-likelihood");
  check_printed(r.rho_squared, 0.29825, 5, "McFadden R^2");
  check_printed(2.0 * (r.log_likelihood - r.constants_log_likelihood), 169.26, 2, "LR chi^2");
  CHECK(r.aic == Approx(-2.0 * r.log_likelihood + 12.0));
  CHECK(r.bic == Approx(-2.0 * r.log_likelihood + 6.0 * std::log(210.0)));
  CHECK(find(r, "gcost").p_value == Approx(normal_p_value(find(r, "gcost").t_value)));
}

TEST_CASE("TravelMode unscaled nested logit reproduces Greene Table 21.11 (nested column)") {
  const ChoiceData data = load_choice_data(test::travelmode_path(), test::travelmode_columns());
  ModelSpec spec = test::travelmode_spec();
  spec.nests = {{"fly", {"air"}}, {"ground", {"train", "bus", "car"}}};
  spec.nest_form = NestForm::unscaled;
  const Design d = build_design(data, spec);
  const NestStructure ns = build_nests(d, spec);
  const EstimationResult r = estimate_nested_logit(d, ns);
  REQUIRE(r.converged);
  const std::map<std::string, double> published = {
      {"asc.air", 6.042373}, {"asc.train", 5.064620}, {"asc.bus", 4.096325}, {"wait", -0.112618},
      {"gcost", -0.031588},  {"income.air", 0.026162}, {"iv.fly", 0.586009},  {"iv.ground", 0.388962}};
  for (const auto& [name, est] : published) check_printed(find(r, name).estimate, est, 6, name);
  check_printed(r.log_likelihood, -193.66, 2, "log-likelihood");
  CHECK(r.warnings.empty());
  for (const auto& p : r.parameters) {
    CHECK(std::isfinite(p.std_error));
    CHECK(std::isfinite(p.robust_std_error));
  }
}
