// The latent-class logit (econ/latent_class.hpp): its analytic gradient against central differences, one class
// is the conditional logit, and a simulated two-class panel (core::RandomStream) gives back its parameters
// within their standard errors.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "core/random_stream.hpp"
#include "econ/bfgs_estimation.hpp"
#include "econ/design.hpp"
#include "econ/estimation.hpp"
#include "econ/latent_class.hpp"
#include "tests/econ/travelmode_helpers.hpp"

using namespace arbiter::econ;

namespace {

ChoiceData travelmode() { return load_choice_data(test::travelmode_path(), test::travelmode_columns()); }

BfgsEstimate fit(const LatentClassLogit& m, const Eigen::VectorXd& start) {
  return estimate_by_bfgs([&](const Eigen::VectorXd& x, bool scores) { return m.evaluate(x, scores); }, start, m.fixed(),
                          m.names());
}

int index_of(const std::vector<std::string>& names, const std::string& name) {
  const auto it = std::find(names.begin(), names.end(), name);
  REQUIRE(it != names.end());
  return static_cast<int>(it - names.begin());
}

// A panel of `people` people with `T` situations of three alternatives with attributes x1, x2 ~ N(0, 1); class
// "a" (reference) has b1 = -0.5, class "b" b1 = -2.5; b2 = 1 is shared; P(b) = 1 / (1 + e^-0.4).
struct Panel {
  Design design;
  std::vector<std::int64_t> people;
};

Panel simulate(std::uint64_t seed, int people, int T) {
  arbiter::core::RandomStream rng(seed, 0);
  Panel p;
  Design& d = p.design;
  d.names = {"x1", "x2"};
  d.alternatives = {"one", "two", "three"};
  d.start = Eigen::VectorXd::Zero(2);
  d.fixed = {false, false};
  const int J = 3, rows = people * T * J;
  d.x.resize(rows, 2);
  d.offsets.push_back(0);
  p.people.push_back(0);
  int row = 0;
  for (int n = 0; n < people; ++n) {
    const bool b = rng.uniform() < 1.0 / (1.0 + std::exp(-0.4));
    const double b1 = b ? -2.5 : -0.5, b2 = 1.0;
    for (int t = 0; t < T; ++t) {
      double best = -1e300;
      std::int64_t chosen = row;
      for (int j = 0; j < J; ++j, ++row) {
        d.x(row, 0) = rng.normal();
        d.x(row, 1) = rng.normal();
        d.alternative.push_back(j);
        const double u = b1 * d.x(row, 0) + b2 * d.x(row, 1) + rng.gumbel();
        if (u > best) best = u, chosen = row;
      }
      d.chosen_row.push_back(chosen);
      d.offsets.push_back(row);
    }
    p.people.push_back(static_cast<std::int64_t>(d.chosen_row.size()));
  }
  return p;
}

}  // namespace

TEST_CASE("latent-class logit: the analytic gradient equals central differences (two classes, membership on income)") {
  const ModelSpec spec = test::travelmode_spec();
  const ChoiceData data = travelmode();
  const Design d = build_design(data, spec);
  LatentClassSpec lc;
  lc.classes = {"low", "high"};
  lc.specific = {"gcost", "asc.air"};
  lc.membership = {"size"};
  const LatentClassLogit m(d, lc, {}, unit_variables(data, lc.membership, {}));
  REQUIRE(m.n_parameters() == d.k() + 2 + 2);
  CHECK(m.names()[static_cast<std::size_t>(index_of(m.names(), "gcost.high"))] == "gcost.high");
  CHECK(m.names()[static_cast<std::size_t>(m.n_parameters() - 1)] == "class.high.size");
  Eigen::VectorXd t(m.n_parameters());
  for (int i = 0; i < t.size(); ++i) t[i] = 0.3 * std::sin(1.0 + i);
  t[index_of(m.names(), "gcost.low")] = -0.01;
  t[index_of(m.names(), "gcost.high")] = -0.04;
  const ScoredLikelihood at = m.evaluate(t, true);
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
  // Posteriors are probabilities; the priors are the membership logit.
  const Eigen::MatrixXd post = m.posteriors(t), prior = m.priors(t);
  CHECK(post.rowwise().sum().isApprox(Eigen::VectorXd::Ones(post.rows()), 1e-14));
  const double z = t[index_of(m.names(), "class.high")] + t[index_of(m.names(), "class.high.size")] * data.column("size")[0];
  CHECK(prior(0, 1) == Approx(1.0 / (1.0 + std::exp(-z))).epsilon(1e-14));
}

TEST_CASE("latent-class logit with one class is the conditional logit (TravelMode, Greene Table 21.11)") {
  const Design d = build_design(travelmode(), test::travelmode_spec());
  const EstimationResult clogit = estimate_conditional_logit(d);
  REQUIRE(clogit.converged);
  LatentClassSpec lc;
  lc.classes = {"all"};
  lc.specific = {"gcost"};
  const LatentClassLogit m(d, lc);
  std::vector<std::string> expected = d.names;
  expected[static_cast<std::size_t>(index_of(d.names, "gcost"))] = "gcost.all";
  REQUIRE(m.names() == expected);
  const ScoredLikelihood at = m.evaluate(clogit.theta, true);
  CHECK(at.value == Approx(clogit.log_likelihood).epsilon(1e-13));
  CHECK(at.gradient.cwiseAbs().maxCoeff() < 1e-6);
  Eigen::VectorXd se(d.k());
  for (int k = 0; k < d.k(); ++k) se[k] = clogit.parameters[static_cast<std::size_t>(k)].std_error;
  const BfgsEstimate f = fit(m, m.start(clogit.theta, se));
  REQUIRE(f.converged);
  CHECK(f.log_likelihood == Approx(clogit.log_likelihood).epsilon(1e-12));
  for (int k = 0; k < d.k(); ++k) {
    INFO(m.names()[static_cast<std::size_t>(k)]);
    CHECK(f.theta[k] == Approx(clogit.theta[k]).epsilon(1e-5));
    CHECK(f.std_error[k] == Approx(clogit.parameters[static_cast<std::size_t>(k)].std_error).epsilon(1e-4));
    CHECK(f.robust_std_error[k] == Approx(clogit.parameters[static_cast<std::size_t>(k)].robust_std_error).epsilon(1e-4));
  }
}

TEST_CASE("latent-class logit: a simulated two-class panel gives back its parameters within standard errors") {
  for (std::uint64_t seed : {11u, 12u, 13u}) {
    const Panel p = simulate(seed, 600, 8);
    LatentClassSpec lc;
    lc.classes = {"a", "b"};
    lc.specific = {"x1"};
    const LatentClassLogit panel(p.design, lc, p.people);
    const EstimationResult clogit = estimate_conditional_logit(p.design);
    Eigen::VectorXd se(2);
    se << clogit.parameters[0].std_error, clogit.parameters[1].std_error;
    const BfgsEstimate f = fit(panel, panel.start(clogit.theta, se));
    REQUIRE(f.converged);
    REQUIRE(panel.names() == std::vector<std::string>{"x1.a", "x1.b", "x2", "class.b"});
    // The classes' labels are arbitrary (the likelihood is the same with a and b swapped and class.b negated):
    // compare with the truth under the labelling the fit chose.
    const bool swapped = f.theta[0] < f.theta[1];
    const double truth[] = {swapped ? -2.5 : -0.5, swapped ? -0.5 : -2.5, 1.0, swapped ? -0.4 : 0.4};
    for (int i = 0; i < 4; ++i) {
      INFO("seed " << seed << ", " << panel.names()[static_cast<std::size_t>(i)] << ": " << f.theta[i] << " (" << f.std_error[i]
                   << ") vs " << truth[i]);
      CHECK(std::abs(f.theta[i] - truth[i]) < 3.0 * f.std_error[i]);
      CHECK(f.std_error[i] < 0.25);
    }
    // Panel membership: each person's posterior is one of the 600 rows; the shares average the priors.
    const Eigen::MatrixXd post = panel.posteriors(f.theta);
    CHECK(post.rows() == 600);
    CHECK(post.col(1).mean() == Approx(panel.priors(f.theta).col(1).mean()).epsilon(0.02));
  }
}

TEST_CASE("latent-class logit: bad specifications name the argument") {
  const ChoiceData data = travelmode();
  const Design d = build_design(data, test::travelmode_spec());
  auto message = [&](const LatentClassSpec& lc) {
    try {
      LatentClassLogit m(d, lc);
    } catch (const arbiter::core::ArgumentError& e) {
      return e.argument() + ": " + e.what();
    }
    return std::string("no error");
  };
  LatentClassSpec twice;
  twice.classes = {"a", "b", "a"};
  CHECK_THAT(message(twice), Catch::Contains("classes[2]") && Catch::Contains("\"a\" twice"));
  LatentClassSpec unknown;
  unknown.classes = {"a", "b"};
  unknown.specific = {"price"};
  CHECK_THAT(message(unknown), Catch::Contains("specific[0]") && Catch::Contains("gcost"));
  LatentClassSpec fixed;
  fixed.classes = {"a", "b"};
  fixed.specific = {"gcost"};
  fixed.fixed = {{"gcost.c", 0.0}};
  CHECK_THAT(message(fixed), Catch::Contains("fixed[gcost.c]") && Catch::Contains("gcost.a"));
  CHECK_THROWS_WITH(unit_variables(data, {"gcost"}, {}), Catch::Contains("constant within each decision maker"));
}
