// The mixed logit reproduces the published panel mixed logits on Train's Electricity data (xlogit's README
// at 600 Halton draws; mlogit's Elec.mxl .. Elec.mxl5 at 100) at their printed estimates; its analytic
// gradient agrees with central differences for every distribution; its numbers do not depend on the thread
// count; estimation from its own start reaches mlogit's optimum with the reference standard errors.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <fstream>
#include <string>
#include <vector>
#include <Eigen/LU>
#include <nlohmann/json.hpp>

#include "core/input_error.hpp"
#include "core/softmax.hpp"
#include "econ/choice_data.hpp"
#include "econ/mixed_logit.hpp"
#include "econ/mixed_logit_estimation.hpp"
#include "tests/econ/electricity_panel.hpp"

using namespace arbiter::econ;

namespace {

const auto& kVars = arbiter::test_econ::kElectricityVariables;

const MixedLogitData& electricity() { return arbiter::test_econ::electricity_panel(); }

nlohmann::json published(const std::string& file) {
  std::ifstream in(std::string(ARBITER_TEST_DATA) + "/" + file);
  return nlohmann::json::parse(in);
}

// The published values in the model's parameter order (mlogit's "chol.A:B" is "chol.A.B" here).
Eigen::VectorXd theta_of(const nlohmann::json& j, const RandomCoefficients& rc) {
  Eigen::VectorXd theta(rc.n_parameters());
  for (int p = 0; p < rc.n_parameters(); ++p) {
    std::string name = rc.parameter_names()[static_cast<std::size_t>(p)];
    if (name.rfind("chol.", 0) == 0) name[name.find('.', 5)] = ':';
    theta[p] = j.at("parameters").at(name).at("value").get<double>();
  }
  return theta;
}

std::vector<CoefficientSpec> all(Distribution d) {
  std::vector<CoefficientSpec> s;
  for (const auto& v : kVars) s.push_back({v, d, false});
  return s;
}

DrawOptions halton(int R) {
  DrawOptions o;
  o.draws = R;
  return o;
}

// The first `people` people of the Electricity panel.
MixedLogitData head(const MixedLogitData& d, std::size_t people) { return arbiter::test_econ::first_people(d, people); }

Eigen::VectorXd fd_gradient(const MixedLogit& m, const Eigen::VectorXd& theta) {
  Eigen::VectorXd g(theta.size());
  for (Eigen::Index i = 0; i < theta.size(); ++i) {
    const double h = 1e-5 * std::max(1.0, std::abs(theta[i]));
    Eigen::VectorXd up = theta, down = theta;
    up[i] += h;
    down[i] -= h;
    g[i] = (m.evaluate(up, false).value - m.evaluate(down, false).value) / (2 * h);
  }
  return g;
}

}  // namespace

TEST_CASE("simulated LL at xlogit's README estimates (600 Halton draws) is xlogit's -3888.413414", "[mixed_logit]") {
  const RandomCoefficients rc(all(Distribution::normal));
  const MixedLogit m(electricity(), rc, halton(600), true);
  const auto j = published("xlogit_readme_electricity_R600.json");
  const double ll = m.evaluate(theta_of(j, rc), false).value;
  CHECK(ll == Approx(-3888.413414).margin(1e-6));
  CHECK(ll == Approx(j["independent_check"]["simulated_ll_at_printed_values"].get<double>()).margin(1e-8));
}

TEST_CASE("simulated LL at mlogit's Elec.mxl .. Elec.mxl5 estimates (100 Halton draws) is theirs", "[mixed_logit]") {
  SECTION("Elec.mxl: six normal coefficients") {
    const RandomCoefficients rc(all(Distribution::normal));
    const auto j = published("mlogit_electricity_Elec_mxl.json");
    const double ll = MixedLogit(electricity(), rc, halton(100), true).evaluate(theta_of(j, rc), false).value;
    CHECK(ll == Approx(-3952.49).margin(5e-3));
    CHECK(ll == Approx(j["independent_check"]["simulated_ll_at_printed_values"].get<double>()).margin(1e-7));
  }
  SECTION("Elec.mxl2: price fixed") {
    auto spec = all(Distribution::normal);
    spec[0].distribution = Distribution::fixed;
    const RandomCoefficients rc(spec);
    const auto j = published("mlogit_electricity_Elec_mxl2.json");
    const double ll = MixedLogit(electricity(), rc, halton(100), true).evaluate(theta_of(j, rc), false).value;
    CHECK(ll == Approx(-3961.7).margin(0.05));
    CHECK(ll == Approx(j["independent_check"]["simulated_ll_at_printed_values"].get<double>()).margin(1e-7));
  }
  SECTION("Elec.mxl3: price fixed, wk uniform") {
    auto spec = all(Distribution::normal);
    spec[0].distribution = Distribution::fixed;
    spec[3].distribution = Distribution::uniform;
    const RandomCoefficients rc(spec);
    const auto j = published("mlogit_electricity_Elec_mxl3.json");
    const double ll = MixedLogit(electricity(), rc, halton(100), true).evaluate(theta_of(j, rc), false).value;
    CHECK(ll == Approx(-3956.7).margin(0.05));
    CHECK(ll == Approx(j["independent_check"]["simulated_ll_at_printed_values"].get<double>()).margin(1e-7));
  }
  // mlogit's opposite = c("tod", "seas"): those columns negated, their coefficients lognormal.
  MixedLogitData negated = electricity();
  negated.x.col(4) *= -1.0;
  negated.x.col(5) *= -1.0;
  SECTION("Elec.mxl4: wk uniform, tod and seas lognormal") {
    auto spec = all(Distribution::normal);
    spec[0].distribution = Distribution::fixed;
    spec[3].distribution = Distribution::uniform;
    spec[4].distribution = spec[5].distribution = Distribution::lognormal;
    const RandomCoefficients rc(spec);
    const auto j = published("mlogit_electricity_Elec_mxl4.json");
    const double ll = MixedLogit(negated, rc, halton(100), true).evaluate(theta_of(j, rc), false).value;
    CHECK(ll == Approx(-3976.5).margin(0.05));
    CHECK(ll == Approx(j["independent_check"]["simulated_ll_at_printed_values"].get<double>()).margin(1e-7));
  }
  SECTION("Elec.mxl5: the five correlated (wk normal, as mlogit treats it), tod and seas lognormal") {
    auto spec = all(Distribution::normal);
    spec[0].distribution = Distribution::fixed;
    spec[4].distribution = spec[5].distribution = Distribution::lognormal;
    for (int k = 1; k < 6; ++k) spec[static_cast<std::size_t>(k)].correlated = true;
    const RandomCoefficients rc(spec);
    REQUIRE(rc.parameter_names()[6] == "chol.cl.cl");
    REQUIRE(rc.parameter_names()[7] == "chol.cl.loc");
    REQUIRE(rc.parameter_names()[8] == "chol.loc.loc");
    const auto j = published("mlogit_electricity_Elec_mxl5.json");
    const double ll = MixedLogit(negated, rc, halton(100), true).evaluate(theta_of(j, rc), false).value;
    CHECK(ll == Approx(-3851.4).margin(0.05));
    CHECK(ll == Approx(j["independent_check"]["simulated_ll_at_printed_values"].get<double>()).margin(1e-7));
    // The printed correlations (cor.mlogit) from the Cholesky factor.
    const auto implied = implied_covariance(rc, theta_of(j, rc), Eigen::MatrixXd());
    REQUIRE(implied.size() == 15);
    CHECK(implied[5].name == "cor.cl.loc");
    CHECK(implied[5].value == Approx(0.2856).margin(1e-4));
    CHECK(implied[9].name == "cor.loc.wk");
    CHECK(implied[9].value == Approx(0.8816).margin(1e-4));
    CHECK(implied[14].name == "cor.tod.seas");
    CHECK(implied[14].value == Approx(0.5045).margin(1e-4));
  }
}

TEST_CASE("the analytic gradient of the simulated LL matches central differences for every distribution",
          "[mixed_logit]") {
  const MixedLogitData small = head(electricity(), 40);
  auto spec = all(Distribution::normal);
  SECTION("normal, panel") {}
  SECTION("fixed, uniform, triangular, lognormal, neg_lognormal") {
    spec[0].distribution = Distribution::fixed;
    spec[1].distribution = Distribution::neg_lognormal;
    spec[2].distribution = Distribution::triangular;
    spec[3].distribution = Distribution::uniform;
    spec[4].distribution = Distribution::lognormal;
  }
  SECTION("correlated normal and lognormal") {
    spec[4].distribution = Distribution::lognormal;
    spec[1].correlated = spec[2].correlated = spec[4].correlated = true;
  }
  const RandomCoefficients rc(spec);
  for (bool panel : {true, false}) {
    const MixedLogit m(small, rc, halton(50), panel);
    Eigen::VectorXd theta(rc.n_parameters());
    for (int p = 0; p < theta.size(); ++p) theta[p] = 0.3 * std::sin(1.0 + p) - (p < 6 ? 0.2 : -0.1);
    const auto e = m.evaluate(theta, true, true);
    const Eigen::VectorXd fd = fd_gradient(m, theta);
    for (Eigen::Index p = 0; p < theta.size(); ++p) CHECK(e.gradient[p] == Approx(fd[p]).margin(2e-5).epsilon(1e-6));
    // Unit scores sum to the gradient.
    CHECK((e.unit_scores.colwise().sum().transpose() - e.gradient).cwiseAbs().maxCoeff() < 1e-9);
  }
}

TEST_CASE("the simulated LL and gradient are bit-identical at any thread count", "[mixed_logit]") {
  auto spec = all(Distribution::normal);
  spec[4].distribution = Distribution::lognormal;
  const RandomCoefficients rc(spec);
  MixedLogitData negated = electricity();
  negated.x.col(4) *= -1.0;
  const MixedLogit m(negated, rc, halton(64), true, 3);
  Eigen::VectorXd theta = Eigen::VectorXd::Constant(rc.n_parameters(), 0.2);
  const auto one = m.evaluate(theta, true, false, 1);
  for (int threads : {2, 3, 7}) {
    const auto t = m.evaluate(theta, true, false, threads);
    CHECK(t.value == one.value);
    CHECK(t.gradient == one.gradient);
  }
}

TEST_CASE("a unit whose likelihood underflows in every draw is computed in logs", "[mixed_logit]") {
  // Huge coefficients push each situation's chosen probability far below 1e-300 for some people.
  const MixedLogitData small = head(electricity(), 5);
  const RandomCoefficients rc(all(Distribution::normal));
  const MixedLogit m(small, rc, halton(20), true);
  Eigen::VectorXd theta = Eigen::VectorXd::Zero(rc.n_parameters());
  theta.head(6) << 40, -40, 40, -40, 40, -40;
  const auto e = m.evaluate(theta, true);
  REQUIRE(std::isfinite(e.value));
  CHECK(e.value < -700);
  CHECK(e.gradient.allFinite());
  const Eigen::VectorXd fd = fd_gradient(m, theta);
  for (Eigen::Index p = 0; p < 6; ++p) CHECK(e.gradient[p] == Approx(fd[p]).epsilon(1e-5));
}

TEST_CASE("estimation from the conditional-logit start reaches mlogit's Elec.mxl optimum with its std errors",
          "[mixed_logit][estimation]") {
  const RandomCoefficients rc(all(Distribution::normal));
  const MixedLogit m(electricity(), rc, halton(100), true);
  const auto fit = estimate_mixed_logit(m);
  const auto j = published("mlogit_electricity_Elec_mxl.json");
  const auto& ref = j["independent_check"]["reoptimised_from_printed"];
  // The published optimum (-3952.49) or a better one (-3932.66 exists).
  CHECK(fit.converged);
  CHECK(fit.log_likelihood >= -3952.4878);
  INFO("LL " << fit.log_likelihood);
  if (std::abs(fit.log_likelihood - ref["final_ll"].get<double>()) < 1e-5) {
    for (int p = 0; p < rc.n_parameters(); ++p) {
      const auto& r = ref["parameters"][rc.parameter_names()[static_cast<std::size_t>(p)]];
      CHECK(fit.theta[p] == Approx(r["value"].get<double>()).margin(1e-4));
      CHECK(fit.std_error[p] == Approx(r["std_err_hessian"].get<double>()).epsilon(2e-3));
      CHECK(fit.bhhh_std_error[p] == Approx(r["std_err_bhhh"].get<double>()).epsilon(1e-3));
      CHECK(fit.robust_std_error[p] == Approx(r["robust_std_err"].get<double>()).epsilon(2e-3));
      // A panel's likelihood unit is the person: clustering by person is the robust sandwich.
      CHECK(fit.clustered_std_error[p] == Approx(fit.robust_std_error[p]).epsilon(1e-12));
    }
  }
  SECTION("starting in single precision ends at the same double-precision optimum") {
    MixedLogitOptions o;
    o.single_precision_gradient = 1.0;
    o.standard_errors = false;
    const auto fast = estimate_mixed_logit(m, o);
    CHECK(fast.converged);
    // Converged means the gradient tolerance on the double-precision likelihood.
    CHECK(fast.gradient.cwiseAbs().maxCoeff() <= 1e-5);
    // The BHHH refresh in single precision leaves few double-precision evaluations (15 here; 34 with BFGS's
    // curvature from the start, against 45 for the double-precision fit).
    CHECK(fast.evaluations - fast.single_evaluations <= fit.evaluations / 2);
    CHECK(fast.log_likelihood == Approx(fit.log_likelihood).margin(1e-6));
    CHECK((fast.theta - fit.theta).cwiseAbs().maxCoeff() < 1e-3);
  }
}

TEST_CASE("bad arguments name what is wrong", "[mixed_logit]") {
  using arbiter::core::ArgumentError;
  CHECK_THROWS_AS(RandomCoefficients({{"a", Distribution::normal, false}, {"a", Distribution::fixed, false}}), ArgumentError);
  CHECK_THROWS_WITH(RandomCoefficients({{"a", Distribution::uniform, true}}), Catch::Contains("coefficient a"));
  CHECK_THROWS_WITH(parse_distribution("gamma"), Catch::Contains("normal, lognormal"));
  const MixedLogitData small = head(electricity(), 3);
  MixedLogitData cross = small;
  cross.person_offsets.clear();
  CHECK_THROWS_WITH(MixedLogit(cross, RandomCoefficients(all(Distribution::normal)), halton(10), true),
                    Catch::Contains("panel"));
  CHECK_THROWS_WITH(MixedLogit(small, RandomCoefficients(all(Distribution::normal)), halton(0), true),
                    Catch::Contains("draws"));
  DrawOptions odd = halton(5);
  odd.antithetic = true;
  CHECK_THROWS_WITH(MixedLogit(small, RandomCoefficients(all(Distribution::normal)), odd, true), Catch::Contains("even"));
  const MixedLogit m(small, RandomCoefficients(all(Distribution::normal)), halton(4), true);
  CHECK_THROWS_WITH(m.evaluate(Eigen::VectorXd::Zero(3), false), Catch::Contains("theta"));
}

TEST_CASE("a person whose situations are not contiguous is a data error naming file and line", "[mixed_logit]") {
  ChoiceColumns cols;
  const auto d = parse_choice_csv(
      "situation,alternative,choice,id,x\n1,a,1,1,0.5\n1,b,0,1,1.0\n2,a,0,2,0.3\n2,b,1,2,0.1\n3,a,1,1,0.2\n3,b,0,1,0.4\n",
      "panel.csv", cols, {"id", "x"});
  CHECK_NOTHROW(mixed_logit_data(d, {"x"}));
  CHECK_THROWS_AS(mixed_logit_data(d, {"x"}, "id"), arbiter::core::DataError);
  CHECK_THROWS_WITH(mixed_logit_data(d, {"x"}, "id"), Catch::Contains("panel.csv: line 6") && Catch::Contains("not contiguous"));
  CHECK_THROWS_WITH(mixed_logit_data(d, {"y"}, "id"), Catch::Contains("variables"));
  CHECK_THROWS_WITH(mixed_logit_data(d, {"x"}, "person"), Catch::Contains("individual"));
}

TEST_CASE("clustered standard errors sum scores by person, and a singular Hessian names its parameters",
          "[mixed_logit][estimation]") {
  // Cross-sectional draws (one set per situation) on panel data: the sandwich clustered by person differs
  // from the per-situation one, and equals H^-1 (C'C) H^-1 with C the per-person sums of the unit scores.
  const MixedLogitData small = head(electricity(), 60);
  std::vector<CoefficientSpec> spec = all(Distribution::fixed);
  spec[1].distribution = Distribution::normal;
  const RandomCoefficients rc(spec);
  const MixedLogit m(small, rc, halton(30), false);
  MixedLogitOptions o;
  o.max_iterations = 300;
  const auto fit = estimate_mixed_logit(m, o);
  REQUIRE(fit.converged);
  const auto e = m.evaluate(fit.theta, true, true);
  Eigen::MatrixXd C = Eigen::MatrixXd::Zero(60, rc.n_parameters());
  for (Eigen::Index u = 0; u < e.unit_scores.rows(); ++u) C.row(m.unit_person()[static_cast<std::size_t>(u)]) += e.unit_scores.row(u);
  const Eigen::MatrixXd Hinv = (-fit.hessian).inverse();
  const Eigen::MatrixXd clustered = Hinv * C.transpose() * C * Hinv;
  for (int p = 0; p < rc.n_parameters(); ++p) {
    CHECK(fit.clustered_std_error[p] == Approx(std::sqrt(clustered(p, p))).epsilon(1e-9));
    CHECK(fit.clustered_std_error[p] != Approx(fit.robust_std_error[p]).epsilon(1e-3));
  }
  // pf entered twice: the Hessian is singular along pf - pf2.
  MixedLogitData twice = small;
  twice.x.conservativeResize(Eigen::NoChange, 7);
  twice.x.col(6) = twice.x.col(0);
  spec.push_back({"pf2", Distribution::fixed, false});
  const MixedLogit collinear(twice, RandomCoefficients(spec), halton(30), false);
  const auto bad = estimate_mixed_logit(collinear, o);
  REQUIRE(bad.warnings.size() == 1);
  CHECK_THAT(bad.warnings[0], Catch::Contains("singular") && Catch::Contains("pf") && Catch::Contains("pf2") &&
                                  !Catch::Contains("loc"));
  CHECK(std::isnan(bad.std_error[0]));
}

TEST_CASE("implied standard deviations and correlations of a Cholesky factor carry delta-method errors",
          "[mixed_logit]") {
  // L = [[0.6, 0], [0.3, 0.4]]: sd_a = 0.6, sd_b = 0.5, cor = 0.3 * 0.6 / (0.6 * 0.5) = 0.6. With
  // Var(L_ij) = 0.01 each, the gradient of sd_a is (1, 0, 0) and of sd_b (0, 0.6, 0.8): both errors 0.1.
  const RandomCoefficients rc({{"a", Distribution::normal, true}, {"b", Distribution::normal, true}});
  REQUIRE(rc.parameter_names() == std::vector<std::string>{"a", "b", "chol.a.a", "chol.a.b", "chol.b.b"});
  Eigen::VectorXd theta(5);
  theta << 0.0, 0.0, 0.6, 0.3, 0.4;
  const auto implied = implied_covariance(rc, theta, 0.01 * Eigen::MatrixXd::Identity(5, 5));
  REQUIRE(implied.size() == 3);
  CHECK(implied[0].value == Approx(0.6));
  CHECK(implied[0].std_error == Approx(0.1).epsilon(1e-6));
  CHECK(implied[1].value == Approx(0.5));
  CHECK(implied[1].std_error == Approx(0.1).epsilon(1e-6));
  CHECK(implied[2].name == "cor.a.b");
  CHECK(implied[2].value == Approx(0.6));
  // d cor / d (L11, L21, L22) = (0, 0.4^2 / 0.5^3, -0.3 * 0.4 / 0.5^3) = (0, 1.28, -0.96): error 0.16.
  CHECK(implied[2].std_error == Approx(0.16).epsilon(1e-5));
}

TEST_CASE("restarts from perturbed points keep the best optimum and count the starts that reached it",
          "[mixed_logit][estimation]") {
  const RandomCoefficients rc(all(Distribution::normal));
  const MixedLogit m(electricity(), rc, halton(100), true);
  MixedLogitOptions o;
  o.standard_errors = false;
  o.single_precision_gradient = 1.0;
  o.starts = 3;
  o.seed = 11;
  const auto fit = estimate_mixed_logit(m, o);
  REQUIRE(fit.start_log_likelihoods.size() == 3);
  // The default start reaches mlogit's published optimum; the best is at least as good and is the one kept.
  CHECK(fit.start_log_likelihoods[0] == Approx(-3952.487732).margin(1e-5));
  const double best = *std::max_element(fit.start_log_likelihoods.begin(), fit.start_log_likelihoods.end());
  CHECK(fit.log_likelihood == best);
  CHECK(m.evaluate(fit.theta, false).value == Approx(best).margin(1e-9));
  CHECK(fit.starts_at_best >= 1);
  CHECK(fit.converged);
  // The same seed gives the same restarts.
  const auto again = estimate_mixed_logit(m, o);
  CHECK(again.start_log_likelihoods == fit.start_log_likelihoods);
}

TEST_CASE("a person's conditional mean weights each draw by the likelihood of their choices (Bayes' rule)",
          "[mixed_logit]") {
  // The first three people of the Electricity panel at xlogit's estimates, 50 Halton draws: recomputed here
  // from the same draws, each situation's probabilities from the core softmax, weights L_r / sum_r L_r.
  const MixedLogitData small = head(electricity(), 3);
  const RandomCoefficients rc(all(Distribution::normal));
  const int R = 50;
  const MixedLogit m(small, rc, halton(R), true);
  const Eigen::VectorXd theta = theta_of(published("xlogit_readme_electricity_R600.json"), rc);
  const Eigen::MatrixXd means = m.conditional_means(theta, 2);
  REQUIRE(means.rows() == 3);
  REQUIRE(means.cols() == 6);
  const SimulationDraws z = make_simulation_draws(3, rc.standard_draws(), halton(R));
  for (std::size_t n = 0; n < 3; ++n) {
    Eigen::MatrixXd beta(6, R);
    for (int k = 0; k < 6; ++k)
      for (int r = 0; r < R; ++r) beta(k, r) = theta[k] + theta[6 + k] * z.row(n, static_cast<std::size_t>(k))[r];
    Eigen::VectorXd L = Eigen::VectorXd::Ones(R);
    for (auto s = small.person_offsets[n]; s < small.person_offsets[n + 1]; ++s) {
      const auto b = small.offsets[static_cast<std::size_t>(s)], J = small.offsets[static_cast<std::size_t>(s) + 1] - b;
      for (int r = 0; r < R; ++r) {
        const Eigen::VectorXd v = small.x.middleRows(b, J) * beta.col(r);
        L[r] *= arbiter::core::softmax<double>(v)[small.chosen_row[static_cast<std::size_t>(s)] - b];
      }
    }
    const Eigen::VectorXd expected = beta * (L / L.sum());
    for (int k = 0; k < 6; ++k) CHECK(means(static_cast<Eigen::Index>(n), k) == Approx(expected[k]).epsilon(1e-10));
    // Not the population mean: the person's choices moved it.
    CHECK(std::abs(means(static_cast<Eigen::Index>(n), 2) - theta[2]) > 1e-3);
  }
  // With every spread 0 each draw is the mean, whatever the choices.
  Eigen::VectorXd flat = theta;
  flat.tail(6).setZero();
  const Eigen::MatrixXd at_mean = m.conditional_means(flat, 1);
  for (int k = 0; k < 6; ++k)
    for (Eigen::Index n = 0; n < 3; ++n) CHECK(at_mean(n, k) == Approx(theta[k]).epsilon(1e-14));
  CHECK(m.conditional_means(theta, 1) == means);  // thread-invariant
}
