// Simulated choices: explicit Gumbel errors and the core samplers draw from the same distribution (the
// softmax), and the conditional-logit estimator recovers the true coefficients within their standard errors.
#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <boost/math/distributions/chi_squared.hpp>
#include "core/input_error.hpp"
#include "core/softmax.hpp"
#include "core/table.hpp"
#include "econ/choice_simulation.hpp"
#include "econ/design.hpp"
#include "econ/estimation.hpp"

using namespace arbiter;

namespace {

double chi_square_critical(int df, double p = 0.999) {
  return boost::math::quantile(boost::math::chi_squared(df), p);
}

std::vector<long> draw_counts(const Eigen::VectorXd& v, econ::ChoiceDraw method, double T, std::uint64_t stream,
                              long n) {
  std::vector<long> counts(static_cast<std::size_t>(v.size()), 0);
  core::RandomStream rng(2026, stream);
  for (long i = 0; i < n; ++i) ++counts[static_cast<std::size_t>(econ::draw_choice(v, method, T, rng))];
  return counts;
}

econ::PopulationSpec travel_spec() {
  econ::PopulationSpec s;
  s.alternatives = {"car", "bus", "train"};
  s.attributes = {{"cost", Eigen::Vector3d(30, 12, 22), Eigen::Vector3d(8, 8, 8)},
                  {"time", Eigen::Vector3d(25, 50, 35), Eigen::Vector3d(10, 10, 10)}};
  s.individual = {{"income", 50.0, 15.0}};
  s.add_term("asc.bus", -0.4);
  s.add_term("asc.train", 0.3);
  s.add_term("cost", -0.08);
  s.add_term("time", -0.04);
  s.add_term("income.bus", -0.015);
  s.add_term("income.train", 0.01);
  return s;
}

}  // namespace

TEST_CASE("Gumbel errors, core Gumbel-max and core softmax samplers agree with the softmax (chi-square)",
          "[econ_market]") {
  const Eigen::Vector4d v(1.0, 0.2, -0.5, 0.7);
  const long n = 60000;
  for (double T : {1.0, 0.5}) {
    const Eigen::VectorXd p = core::softmax<double>(v, T);
    const std::array<econ::ChoiceDraw, 3> methods = {econ::ChoiceDraw::gumbel_errors, econ::ChoiceDraw::core_gumbel_max,
                                                     econ::ChoiceDraw::core_softmax};
    std::vector<std::vector<long>> counts;
    for (std::size_t m = 0; m < methods.size(); ++m) {
      counts.push_back(draw_counts(v, methods[m], T, m + (T == 1.0 ? 0 : 10), n));
      double chi2 = 0.0;
      for (int j = 0; j < 4; ++j) {
        const double expected = n * p[j];
        chi2 += std::pow(static_cast<double>(counts[m][static_cast<std::size_t>(j)]) - expected, 2) / expected;
      }
      INFO("method " << m << " T " << T << " chi2 " << chi2);
      CHECK(chi2 < chi_square_critical(3));
    }
    // Two-sample chi-square (equal sample sizes) between explicit Gumbel errors and each core sampler.
    for (std::size_t m = 1; m < methods.size(); ++m) {
      double chi2 = 0.0;
      for (std::size_t j = 0; j < 4; ++j) {
        const double a = static_cast<double>(counts[0][j]), b = static_cast<double>(counts[m][j]);
        chi2 += (a - b) * (a - b) / (a + b);
      }
      INFO("gumbel_errors vs method " << m << " T " << T << " chi2 " << chi2);
      CHECK(chi2 < chi_square_critical(3));
    }
  }
}

TEST_CASE("a simulated population is reproducible by situation and its shares match the model", "[econ_market]") {
  const auto spec = travel_spec();
  const auto whole = econ::simulate_situations(spec, 11, 0, 300, econ::ChoiceDraw::core_softmax);
  const auto tail = econ::simulate_situations(spec, 11, 200, 100, econ::ChoiceDraw::core_softmax);
  for (int s = 0; s < 100; ++s) {
    CHECK(tail.chosen[static_cast<std::size_t>(s)] == whole.chosen[static_cast<std::size_t>(200 + s)]);
    CHECK(tail.individual(s, 0) == whole.individual(200 + s, 0));
  }
  // Same attributes whatever the draw method (the choice has its own substream).
  const auto other = econ::simulate_situations(spec, 11, 0, 300, econ::ChoiceDraw::gumbel_errors);
  CHECK(other.attributes == whole.attributes);

  const long n = 20000;
  const auto big = econ::simulate_situations(spec, 12, 0, n, econ::ChoiceDraw::gumbel_errors);
  const core::Batch<double> p = core::softmax_rows<double>(core::Batch<double>(big.utility));
  const Eigen::VectorXd expected = p.colwise().sum().transpose();
  std::vector<double> observed(3, 0.0);
  for (int c : big.chosen) observed[static_cast<std::size_t>(c)] += 1.0;
  double chi2 = 0.0;
  for (int j = 0; j < 3; ++j) chi2 += std::pow(observed[static_cast<std::size_t>(j)] - expected[j], 2) / expected[j];
  CHECK(chi2 < chi_square_critical(2));

  const auto data = econ::to_choice_data(spec, {big});
  CHECK(data.n_situations() == static_cast<std::size_t>(n));
  CHECK(data.columns == std::vector<std::string>{"cost", "time", "income"});
  CHECK(data.alternatives[static_cast<std::size_t>(data.alternative[static_cast<std::size_t>(data.chosen_row[5])])] ==
        spec.alternatives[static_cast<std::size_t>(big.chosen[5])]);
}

TEST_CASE("the specification names parameters as the estimator does and rejects unknown names", "[econ_market]") {
  auto spec = travel_spec();
  const auto m = spec.model_spec();
  CHECK(m.constants);
  CHECK(m.reference == "car");
  CHECK(m.generic == std::vector<std::string>{"cost", "time"});
  REQUIRE(m.individual.size() == 1);
  CHECK(m.individual[0].first == "income");
  CHECK(m.individual[0].second == std::vector<std::string>{"bus", "train"});
  CHECK_THROWS_AS(spec.add_term("speed", 1.0), arbiter::core::ArgumentError);
  CHECK_THROWS_AS(spec.add_term("income.plane", 1.0), arbiter::core::ArgumentError);
  CHECK_THROWS_AS(spec.add_term("cost", 1.0), arbiter::core::ArgumentError);  // twice
}

TEST_CASE("estimation recovers the true coefficients within their standard errors on several seeds",
          "[econ_market]") {
  auto spec = travel_spec();
  const auto truth = spec.identified_coefficients();
  std::vector<double> z;
  const std::array<econ::ChoiceDraw, 3> methods = {econ::ChoiceDraw::gumbel_errors, econ::ChoiceDraw::core_gumbel_max,
                                                   econ::ChoiceDraw::core_softmax};
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    const auto sim = econ::simulate_situations(spec, seed, 0, 3000, methods[seed % 3]);
    const econ::Design design = econ::build_design(econ::to_choice_data(spec, {sim}), spec.model_spec());
    const auto fit = econ::estimate_conditional_logit(design);
    REQUIRE(fit.converged);
    for (const auto& p : fit.parameters) {
      if (p.fixed) continue;
      REQUIRE(truth.count(p.name) == 1);
      const double zi = (p.estimate - truth.at(p.name)) / p.std_error;
      INFO("seed " << seed << " " << p.name << " estimate " << p.estimate << " true " << truth.at(p.name)
                   << " se " << p.std_error);
      CHECK(std::abs(zi) < 3.5);
      z.push_back(zi);
    }
  }
  REQUIRE(z.size() == 36);
  // The standardised errors behave like N(0, 1) draws: mean square near 1, mean near 0.
  double ms = 0.0, mean = 0.0;
  for (double x : z) {
    ms += x * x / static_cast<double>(z.size());
    mean += x / static_cast<double>(z.size());
  }
  CHECK(ms > 0.3);
  CHECK(ms < 2.0);
  CHECK(std::abs(mean) < 3.0 / std::sqrt(36.0));

  // A larger scale (temperature) divides the recoverable coefficients.
  spec.scale = 2.0;
  const auto sim = econ::simulate_situations(spec, 42, 0, 4000, econ::ChoiceDraw::gumbel_errors);
  const auto fit = econ::estimate_conditional_logit(econ::build_design(econ::to_choice_data(spec, {sim}), spec.model_spec()));
  for (const auto& p : fit.parameters)
    if (!p.fixed) CHECK(std::abs(p.estimate - spec.identified_coefficients().at(p.name)) < 3.5 * p.std_error);
}

TEST_CASE("simulated choices written as CSV load back and estimate to the same numbers", "[econ_market]") {
  const auto spec = travel_spec();
  const auto sim = econ::simulate_situations(spec, 21, 0, 2000, econ::ChoiceDraw::gumbel_errors);
  const econ::ChoiceData direct = econ::to_choice_data(spec, {sim});
  // The same table econ.simulate writes to choices.csv.
  arbiter::core::Table t({"situation", "alternative", "choice", "cost", "time", "income"});
  for (std::size_t s = 0; s < direct.n_situations(); ++s)
    for (auto r = direct.offsets[s]; r < direct.offsets[s + 1]; ++r) {
      const auto row = static_cast<std::size_t>(r);
      t.add_row({direct.situation_ids[s], direct.alternatives[static_cast<std::size_t>(direct.alternative[row])],
                 std::int64_t{r == direct.chosen_row[s] ? 1 : 0}, direct.values[0][row], direct.values[1][row],
                 direct.values[2][row]});
    }
  econ::ChoiceColumns cols;
  cols.situation = "situation";
  cols.alternative = "alternative";
  cols.choice = "choice";
  const econ::ChoiceData loaded = econ::parse_choice_csv(t.to_csv(), "choices.csv", cols);
  REQUIRE(loaded.n_rows() == direct.n_rows());
  CHECK(loaded.values == direct.values);  // doubles round-trip exactly through the CSV writer
  CHECK(loaded.chosen_row == direct.chosen_row);
  const auto a = econ::estimate_conditional_logit(econ::build_design(direct, spec.model_spec()));
  const auto b = econ::estimate_conditional_logit(econ::build_design(loaded, spec.model_spec()));
  CHECK(a.log_likelihood == b.log_likelihood);
  CHECK(a.theta == b.theta);
}

TEST_CASE("random tastes: one draw per person held across their situations, any block split, the stated moments",
          "[econ][simulation]") {
  econ::PopulationSpec spec;
  spec.alternatives = {"a", "b"};
  econ::AttributeDistribution price{"price", Eigen::Vector2d(2.0, 2.0), Eigen::Vector2d(1.0, 1.0)};
  spec.attributes.push_back(price);
  spec.add_term("asc.b", 0.5);
  spec.add_term("price", -0.2);
  spec.make_random("asc.b", econ::Distribution::normal, 1.5);
  spec.make_random("price", econ::Distribution::lognormal, 0.4);
  spec.situations_per_person = 4;
  REQUIRE(spec.has_random());
  const auto whole = econ::simulate_situations(spec, 11, 0, 40, econ::ChoiceDraw::gumbel_errors);
  // V_b - V_a = asc.b + price_person (x_b - x_a): the taste pair of each person solves two of their rows.
  std::vector<std::array<double, 2>> tastes;
  for (std::int64_t s = 0; s < 40; ++s) {
    const double dx = whole.attributes(2 * s + 1, 0) - whole.attributes(2 * s, 0);
    const double dv = whole.utility(s, 1) - whole.utility(s, 0);
    CHECK(whole.person[static_cast<std::size_t>(s)] == s / 4);
    if (s % 4 == 0) {
      const double dx2 = whole.attributes(2 * s + 3, 0) - whole.attributes(2 * s + 2, 0);
      const double dv2 = whole.utility(s + 1, 1) - whole.utility(s + 1, 0);
      const double b = (dv - dv2) / (dx - dx2);
      tastes.push_back({dv - b * dx, b});
      CHECK(b > 0.0);  // lognormal
    }
    const auto& t = tastes.back();
    CHECK(dv == Approx(t[0] + t[1] * dx).epsilon(1e-9));
  }
  CHECK(tastes[0][0] != tastes[1][0]);
  // Blocks split inside a person draw the same tastes and choices.
  const auto head = econ::simulate_situations(spec, 11, 0, 13, econ::ChoiceDraw::gumbel_errors);
  const auto tail = econ::simulate_situations(spec, 11, 13, 27, econ::ChoiceDraw::gumbel_errors);
  CHECK(head.utility == whole.utility.topRows(13));
  CHECK(tail.utility == whole.utility.bottomRows(27));
  // The person column of the long-format data is 1-based.
  const auto data = econ::to_choice_data(spec, {whole});
  CHECK(data.column("person")[0] == 1.0);
  CHECK(data.column("person")[2 * 39] == 10.0);
  // Moments over 20000 people (one situation each): asc.b ~ N(0.5, 1.5), log(price) ~ N(-0.2, 0.4).
  spec.situations_per_person = 1;
  const auto many = econ::simulate_situations(spec, 12, 0, 20000, econ::ChoiceDraw::gumbel_errors);
  double m = 0.0, m2 = 0.0;
  for (std::int64_t s = 0; s < 20000; ++s) {
    const double dx = many.attributes(2 * s + 1, 0) - many.attributes(2 * s, 0);
    const double asc = many.utility(s, 1) - many.utility(s, 0) - (many.utility(s, 0) / many.attributes(2 * s, 0)) * dx;
    m += asc / 20000.0;
    m2 += asc * asc / 20000.0;
  }
  CHECK(m == Approx(0.5).margin(4.0 * 1.5 / std::sqrt(20000.0)));
  CHECK(std::sqrt(m2 - m * m) == Approx(1.5).epsilon(0.03));
  const auto truth = spec.identified_coefficients();
  CHECK(truth.at("sd.asc.b") == 1.5);
  CHECK(truth.at("price") == -0.2);
  CHECK(truth.at("sd.price") == 0.4);
  CHECK_THROWS_AS(spec.make_random("speed", econ::Distribution::normal, 1.0), core::ArgumentError);
  CHECK_THROWS_AS(spec.make_random("price", econ::Distribution::normal, -1.0), core::ArgumentError);
}

TEST_CASE("latent classes: one class per person from the shares, its coefficients in all their situations",
          "[econ][simulation]") {
  econ::PopulationSpec spec;
  spec.alternatives = {"a", "b"};
  spec.attributes.push_back({"price", Eigen::Vector2d(2.0, 2.0), Eigen::Vector2d(1.0, 1.0)});
  spec.add_term("asc.b", 0.5);
  spec.set_classes({"low", "high"}, {0.3, 0.7});
  spec.add_term("price", -0.1);
  spec.make_class_specific("price", {-0.1, -2.0});
  spec.situations_per_person = 3;
  REQUIRE(spec.has_classes());
  REQUIRE_FALSE(spec.has_random());
  const std::int64_t people = 20000;
  const auto sims = econ::simulate_situations(spec, 5, 0, 3 * people, econ::ChoiceDraw::gumbel_errors);
  // V_b - V_a = 0.5 + price_class (x_b - x_a): every situation's price coefficient is its class's.
  std::int64_t high = 0;
  for (std::int64_t s = 0; s < 3 * people; ++s) {
    const int c = sims.latent_class[static_cast<std::size_t>(s)];
    if (c != sims.latent_class[static_cast<std::size_t>(s - s % 3)]) FAIL("class not held at situation " << s);
    const double dx = sims.attributes(2 * s + 1, 0) - sims.attributes(2 * s, 0);
    const double b = c == 0 ? -0.1 : -2.0;
    if (std::abs(sims.utility(s, 1) - sims.utility(s, 0) - (0.5 + b * dx)) > 1e-12) FAIL("situation " << s);
    if (s % 3 == 0) high += c;
  }
  // The share of class "high": 0.7 within four binomial standard errors.
  CHECK(static_cast<double>(high) / people == Approx(0.7).margin(4.0 * std::sqrt(0.21 / people)));
  // A block that starts inside a person draws the same class.
  const auto tail = econ::simulate_situations(spec, 5, 4, 5, econ::ChoiceDraw::gumbel_errors);
  CHECK(tail.utility == sims.utility.middleRows(4, 5));
  const auto truth = spec.identified_coefficients();
  CHECK(truth.at("price.low") == -0.1);
  CHECK(truth.at("price.high") == -2.0);
  CHECK(truth.at("class.high") == Approx(std::log(0.7 / 0.3)).epsilon(1e-15));
  CHECK(truth.count("price") == 0);
  CHECK_THROWS_AS(spec.make_class_specific("price", {1.0}), core::ArgumentError);
  CHECK_THROWS_AS(spec.make_class_specific("speed", {1.0, 2.0}), core::ArgumentError);
  CHECK_THROWS_AS(spec.make_random("price", econ::Distribution::normal, 1.0), core::ArgumentError);
  CHECK_THROWS_AS(spec.set_classes({"x", "x"}, {0.5, 0.5}), core::ArgumentError);
  CHECK_THROWS_AS(spec.set_classes({"x", "y"}, {0.5, 0.6}), core::ArgumentError);
  CHECK_THROWS_AS(spec.set_classes({"x"}, {1.0}), core::ArgumentError);
}
