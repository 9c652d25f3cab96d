// The cross-nested logit (econ/cross_nested.hpp): its analytic gradient against central differences, its
// probabilities against Bierlaire's (2006) closed form written out independently, and with every alternative
// in one nest the RUM nested logit's log-likelihood, gradient and estimates on Greene's TravelMode data.
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <string>

#include "econ/bfgs_estimation.hpp"
#include "econ/cross_nested.hpp"
#include "econ/design.hpp"
#include "econ/estimation.hpp"
#include "econ/nested_logit.hpp"
#include "tests/econ/travelmode_helpers.hpp"

using namespace arbiter::econ;

namespace {

ChoiceData travelmode() { return load_choice_data(test::travelmode_path(), test::travelmode_columns()); }

// ground = {train, bus, car}, fast = {air, car}: car in both nests.
CrossNestSpec overlapping() {
  CrossNestSpec s;
  s.nests = {{"ground", {"train", "bus", "car"}}, {"fast", {"air", "car"}}};
  return s;
}

Eigen::VectorXd some_theta(const CrossNestedLogit& m, int k) {
  Eigen::VectorXd t = Eigen::VectorXd::Zero(m.n_parameters());
  const double beta[] = {4.5, 3.8, 3.1, -0.012, -0.09, 0.02};
  for (int i = 0; i < k; ++i) t[i] = beta[i];
  t[k] = 0.55;      // iv.ground
  t[k + 1] = 0.8;   // iv.fast
  t[k + 2] = 0.7;   // gamma of car in fast (car's reference: ground)
  return t;
}

}  // namespace

TEST_CASE("cross-nested logit: the analytic gradient equals central differences (car in two nests)") {
  const ModelSpec spec = test::travelmode_spec();
  const Design d = build_design(travelmode(), spec);
  const CrossNestedLogit m(d, overlapping());
  REQUIRE(m.n_parameters() == d.k() + 3);
  CHECK(m.names().back() == "gamma.car.fast");
  const Eigen::VectorXd t = some_theta(m, d.k());
  const ScoredLikelihood at = m.evaluate(t, true);
  REQUIRE(std::isfinite(at.value));
  CHECK((at.unit_scores.colwise().sum().transpose() - at.gradient).cwiseAbs().maxCoeff() < 1e-9);
  for (int i = 0; i < m.n_parameters(); ++i) {
    const double h = 1e-6 * std::max(1.0, std::abs(t[i]));
    Eigen::VectorXd up = t, down = t;
    up[i] += h;
    down[i] -= h;
    const double fd = (m.evaluate(up).value - m.evaluate(down).value) / (2.0 * h);
    INFO(m.names()[static_cast<std::size_t>(i)] << ": analytic " << at.gradient[i] << ", central difference " << fd);
    CHECK(at.gradient[i] == Approx(fd).epsilon(1e-6).margin(1e-6));
  }
}

TEST_CASE("cross-nested logit: the chosen probability is Bierlaire's sum over nests, written out directly") {
  const ModelSpec spec = test::travelmode_spec();
  const Design d = build_design(travelmode(), spec);
  const CrossNestedLogit m(d, overlapping());
  const int k = d.k();
  const Eigen::VectorXd t = some_theta(m, k);
  const Eigen::MatrixXd alpha = m.allocations(t);
  const int car = static_cast<int>(std::find(d.alternatives.begin(), d.alternatives.end(), "car") - d.alternatives.begin());
  // car's allocations: ground 1 / (1 + e^0.7), fast e^0.7 / (1 + e^0.7).
  CHECK(alpha(car, 0) == Approx(1.0 / (1.0 + std::exp(0.7))).epsilon(1e-14));
  CHECK(alpha(car, 1) == Approx(std::exp(0.7) / (1.0 + std::exp(0.7))).epsilon(1e-14));
  CHECK(alpha.rowwise().sum().isApprox(Eigen::VectorXd::Ones(alpha.rows()), 1e-14));
  double ll = 0.0;
  const double lambda[] = {t[k], t[k + 1]};
  for (std::size_t s = 0; s < d.n_situations(); ++s) {
    double S[2] = {0.0, 0.0};
    std::vector<double> v;
    for (auto r = d.offsets[s]; r < d.offsets[s + 1]; ++r) {
      v.push_back(d.x.row(r).dot(t.head(k)));
      for (int n = 0; n < 2; ++n) S[n] += std::pow(alpha(d.alternative[static_cast<std::size_t>(r)], n) * std::exp(v.back()), 1.0 / lambda[n]);
    }
    const double denom = std::pow(S[0], lambda[0]) + std::pow(S[1], lambda[1]);
    const auto c = d.chosen_row[s];
    const double vc = v[static_cast<std::size_t>(c - d.offsets[s])];
    double p = 0.0;
    for (int n = 0; n < 2; ++n)
      p += std::pow(alpha(d.alternative[static_cast<std::size_t>(c)], n) * std::exp(vc), 1.0 / lambda[n]) *
           std::pow(S[n], lambda[n] - 1.0) / denom;
    ll += std::log(p);
  }
  CHECK(m.evaluate(t).value == Approx(ll).epsilon(1e-12));
}

TEST_CASE("cross-nested logit with every alternative in one nest is the RUM nested logit (TravelMode)") {
  ModelSpec spec = test::travelmode_spec();
  const Design d = build_design(travelmode(), spec);
  CrossNestSpec cn;
  cn.nests = {{"fly", {"air"}}, {"ground", {"train", "bus", "car"}}};
  cn.fixed = {{"iv.fly", 1.0}};
  const CrossNestedLogit m(d, cn);
  REQUIRE(m.n_parameters() == d.k() + 2);  // no allocation parameters
  ModelSpec nested = spec;
  nested.nests = cn.nests;
  nested.fixed = cn.fixed;
  const Design dn = build_design(travelmode(), nested);
  const NestStructure ns = build_nests(dn, nested);

  Eigen::VectorXd t(d.k() + 2);
  t << 2.6, 2.5, 2.1, -0.015, -0.06, 0.015, 1.0, 0.52;
  const auto reference = nested_log_likelihood(dn, ns, t, Derivatives::gradient);
  const auto cross = m.evaluate(t);
  CHECK(cross.value == Approx(reference.value).epsilon(1e-13));
  CHECK((cross.gradient - reference.gradient).cwiseAbs().maxCoeff() < 1e-9);

  const EstimationResult nl = estimate_nested_logit(dn, ns);
  REQUIRE(nl.converged);
  const EstimationResult mnl = estimate_conditional_logit(d);
  const BfgsEstimate fit = estimate_by_bfgs(
      [&](const Eigen::VectorXd& x, bool scores) { return m.evaluate(x, scores); }, m.start(mnl.theta), m.fixed(),
      m.names());
  REQUIRE(fit.converged);
  CHECK(fit.log_likelihood == Approx(-194.9439394393).epsilon(1e-11));
  for (int i = 0; i < m.n_parameters(); ++i) {
    INFO(m.names()[static_cast<std::size_t>(i)] << ": " << fit.theta[i] << " vs nested logit " << nl.theta[i]);
    CHECK(fit.theta[i] == Approx(nl.theta[i]).epsilon(1e-4).margin(1e-6));
    if (m.fixed()[static_cast<std::size_t>(i)]) continue;
    CHECK(fit.std_error[i] == Approx(nl.parameters[static_cast<std::size_t>(i)].std_error).epsilon(1e-3));
    CHECK(fit.robust_std_error[i] == Approx(nl.parameters[static_cast<std::size_t>(i)].robust_std_error).epsilon(1e-3));
  }
}

TEST_CASE("cross-nested logit: reported allocations with delta-method derivatives, fixed ones as given") {
  const ModelSpec spec = test::travelmode_spec();
  const Design d = build_design(travelmode(), spec);
  CrossNestSpec cn = overlapping();
  const CrossNestedLogit m(d, cn);
  const Eigen::VectorXd t = some_theta(m, d.k());
  const auto r = m.reported(t);
  // beta (6), iv (2), then alpha by alternative (data order air, train, bus, car) and nest.
  REQUIRE(r.names.size() == 6 + 2 + 5);
  CHECK(r.names[8] == "alpha.air.fast");
  CHECK(r.fixed[8]);
  CHECK(r.values[8] == 1.0);
  CHECK(r.names[11] == "alpha.car.ground");
  CHECK(r.names[12] == "alpha.car.fast");
  CHECK(r.values[11] + r.values[12] == Approx(1.0).epsilon(1e-15));
  const double e = std::exp(0.7), a = e / (1 + e);
  CHECK(r.jacobian(12, m.n_parameters() - 1) == Approx(a * (1 - a)).epsilon(1e-14));
  CHECK(r.jacobian(11, m.n_parameters() - 1) == Approx(-a * (1 - a)).epsilon(1e-14));

  cn.fixed = {{"alpha.car.fast", 0.25}};
  const CrossNestedLogit held(d, cn);
  REQUIRE(held.n_parameters() == d.k() + 2);
  const Eigen::MatrixXd alpha = held.allocations(held.start(Eigen::VectorXd::Zero(d.k())));
  CHECK(alpha(3, 1) == Approx(0.25).epsilon(1e-15));
  CHECK(alpha(3, 0) == Approx(0.75).epsilon(1e-15));
}

TEST_CASE("cross-nested logit: bad specifications name the argument") {
  const ModelSpec spec = test::travelmode_spec();
  const Design d = build_design(travelmode(), spec);
  auto message = [&](const CrossNestSpec& cn) {
    try {
      CrossNestedLogit m(d, cn);
    } catch (const arbiter::core::ArgumentError& e) {
      return e.argument() + ": " + e.what();
    }
    return std::string("no error");
  };
  CrossNestSpec none;
  none.nests = {{"ground", {"train", "bus", "car"}}};
  CHECK_THAT(message(none), Catch::Contains("cross_nests:") && Catch::Contains("\"air\" in none"));
  CrossNestSpec outside = overlapping();
  outside.fixed = {{"alpha.car.fast", 1.5}};
  CHECK_THAT(message(outside), Catch::Contains("fixed[alpha.car.fast]") && Catch::Contains("in [0, 1]"));
  CrossNestSpec sums = overlapping();
  sums.fixed = {{"alpha.car.fast", 0.5}, {"alpha.car.ground", 0.4}};
  CHECK_THAT(message(sums), Catch::Contains("summing to 1"));
  CrossNestSpec unknown = overlapping();
  unknown.start = {{"alpha.air.ground", 0.5}};
  CHECK_THAT(message(unknown), Catch::Contains("start[alpha.air.ground]"));
}
