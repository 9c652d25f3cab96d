// What the Taste lab draws, from econ.estimate's observables: preset 20's mixed logit gives each random
// coefficient's population density (integrating to 1, with the fitted mean, sd and share above 0) and the
// histogram of the people's conditional means (one count per person, the counts of individual.csv's column),
// the same for the willingness to pay; a latent-class fit gives class shares summing to 1 and each class's
// coefficients as estimates.csv has them. The densities of taste_distribution.hpp against closed forms.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "experiments/config_loader.hpp"
#include "experiments/econ/taste_distribution.hpp"

using namespace arbiter::experiments;
using json = nlohmann::json;
using arbiter::econ::Distribution;

namespace {

const std::string kClassroom = std::string(ARBITER_SOURCE_DIR) + "/configs/classroom";
const std::string kPreset = kClassroom + "/20_econ_taste_heterogeneity.json";

struct Run {
  Observables obs;
  Results results;
};

Run run(const json& c) {
  auto exp = make_experiment(resolve_config(c, kPreset, kClassroom), 2);
  while (!exp->done()) exp->step();
  return {exp->observables(), exp->finish()};
}

const Plot& plot(const Observables& o, const std::string& id) {
  for (const auto& p : o.plots)
    if (p.id == id) return p;
  FAIL("no plot " << id);
  throw;
}
const Bars& bars(const Observables& o, const std::string& id) {
  for (const auto& b : o.bars)
    if (b.id == id) return b;
  FAIL("no bars " << id);
  throw;
}
double number(const Observables& o, const std::string& id) {
  for (const auto& n : o.numbers)
    if (n.id == id) return n.value;
  FAIL("no number " << id);
  return 0.0;
}

double trapezoid(const Series& s) {
  double sum = 0.0;
  for (std::size_t i = 1; i < s.x.size(); ++i) sum += 0.5 * (s.y[i] + s.y[i - 1]) * (s.x[i] - s.x[i - 1]);
  return sum;
}
double total(const std::vector<double>& v) {
  double sum = 0.0;
  for (double x : v) sum += x;
  return sum;
}
double estimate(const Results& r, const std::string& name) { return r.summary.at("estimates").at(name).get<double>(); }

// A column of individual.csv.
std::vector<double> column(const Results& r, const std::string& name) {
  const auto& t = r.tables.at("individual.csv");
  std::size_t c = 0;
  while (t.columns()[c] != name) ++c;
  std::vector<double> v;
  for (const auto& row : t.rows()) v.push_back(std::get<double>(row[c]));
  return v;
}

// The counts of `values` in the bins of a view's histogram, recounted here from the step series' edges.
std::vector<double> recount(const Plot& p, const std::vector<double>& values) {
  const Series& steps = p.series.back();
  std::vector<double> edges;
  for (std::size_t i = 1; i + 1 < steps.x.size(); i += 2) edges.push_back(steps.x[i]);
  edges.push_back(steps.x[steps.x.size() - 2]);
  std::vector<double> counts(edges.size() - 1, 0.0);
  for (double x : values) {
    std::size_t k = 0;
    while (k + 1 < counts.size() && x >= edges[k + 1]) ++k;
    counts[k] += 1.0;
  }
  return counts;
}

}  // namespace

TEST_CASE("Preset 20's observables: the price coefficient's density and the people's conditional means",
          "[econ][taste]") {
  const Run r = run(read_json_file(kPreset));
  REQUIRE(number(r.obs, "people") == 250.0);
  const Plot& price = plot(r.obs, "taste.price");
  REQUIRE(price.series.size() == 2);
  // The population density (normal) integrates to about 1 over its axis (its central 99.8% and more).
  CHECK(trapezoid(price.series[0]) == Approx(1.0).margin(0.005));
  // The histogram drawn as a density integrates to exactly 1; its counts are one per person, as individual.csv's.
  CHECK(trapezoid(price.series[1]) == Approx(1.0).epsilon(1e-12));
  const Bars& counts = bars(r.obs, "taste.price.counts");
  CHECK(total(counts.groups[0].values) == 250.0);
  CHECK(counts.groups[0].values == recount(price, column(r.results, "price")));
  // The numbers: the fitted mean and sd, Phi(mean / sd) above 0; the people's means narrower (shrinkage).
  const double mean = estimate(r.results, "price"), sd = std::abs(estimate(r.results, "sd.price"));
  CHECK(number(r.obs, "taste.price.mean") == Approx(mean).epsilon(1e-12));
  CHECK(number(r.obs, "taste.price.sd") == Approx(sd).epsilon(1e-12));
  CHECK(number(r.obs, "taste.price.share_positive") == Approx(0.5 * std::erfc(-mean / sd / std::sqrt(2.0))).epsilon(1e-12));
  CHECK(number(r.obs, "taste.price.people_sd") < sd);
  // The density's peak is the normal's 1 / (sd sqrt(2 pi)), to the grid's resolution.
  double peak = 0.0;
  for (double y : price.series[0].y) peak = std::max(peak, y);
  CHECK(peak == Approx(1.0 / (sd * std::sqrt(2.0 * M_PI))).epsilon(2e-3));

  // The willingness to pay for time: one count per person; with a normal price some people's are positive.
  const Plot& wtp = plot(r.obs, "wtp.time");
  CHECK(total(bars(r.obs, "wtp.time.counts").groups[0].values) == 250.0);
  CHECK(bars(r.obs, "wtp.time.counts").groups[0].values == recount(wtp, column(r.results, "wtp.time")));
  CHECK(trapezoid(wtp.series.back()) == Approx(1.0).epsilon(1e-12));
  const auto people = column(r.results, "wtp.time");
  double positive = 0.0;
  for (double w : people) positive += w > 0.0 ? 1.0 : 0.0;
  CHECK(positive > 0.0);
  CHECK(number(r.obs, "wtp.time.people_positive") == Approx(positive / 250.0).epsilon(1e-12));

  // The fit: the conditional-logit start's iterations, then the mixed logit's start and optimum.
  const Plot& fit = plot(r.obs, "fit");
  REQUIRE(fit.series.size() == 2);
  CHECK(fit.series[1].y.back() == Approx(r.results.summary.at("log_likelihood").get<double>()).epsilon(1e-12));
}

TEST_CASE("Preset 20's fit shows the conditional-logit start, then the mixed logit's iterations, as they run",
          "[econ][taste]") {
  auto exp = make_experiment(resolve_config(read_json_file(kPreset), kPreset, kClassroom), 1);
  std::size_t seen = 0, steps = 0, mixed_points = 0;
  while (!exp->done()) {
    exp->step();
    ++steps;
    const Observables o = exp->observables();
    const Plot* fit = nullptr;
    for (const auto& p : o.plots)
      if (p.id == "fit") fit = &p;
    if (exp->done() || fit == nullptr) continue;
    // While fitting: the start's iterations, then the mixed logit's; never fewer points than before, each
    // series rising (BFGS and Newton only take steps that raise the log-likelihood).
    REQUIRE(fit->series.size() <= 2);
    std::size_t points = 0;
    for (const auto& s : fit->series) {
      points += s.x.size();
      for (std::size_t i = 1; i < s.y.size(); ++i) CHECK(s.y[i] >= s.y[i - 1] - 1e-9);
    }
    CHECK(points >= seen);
    seen = points;
    if (fit->series.size() == 2) mixed_points = fit->series[1].x.size();
    CHECK(o.plots.size() == 1);
  }
  CHECK(seen >= 3);
  CHECK(mixed_points >= 3);  // the mixed logit's iterations were shown one by one
  CHECK(steps >= seen + 1);
}

TEST_CASE("Preset 20 with a lognormal price: every WTP of one sign, and its density integrates to 1",
          "[econ][taste]") {
  json c = read_json_file(kPreset);
  c["model"]["random"] = {{"price", "neg_lognormal"}};
  const Run r = run(c);
  CHECK(number(r.obs, "wtp.time.people_positive") == 0.0);
  const Plot& wtp = plot(r.obs, "wtp.time");
  REQUIRE(wtp.series.size() == 2);
  CHECK(trapezoid(wtp.series[0]) == Approx(1.0).margin(0.01));
  for (double w : wtp.series[0].x)  // time fixed and negative, price negative: W = -time / price < 0
    if (w > 0.0) CHECK(wtp_density({Distribution::fixed, estimate(r.results, "time"), 0.0},
                                   {Distribution::neg_lognormal, estimate(r.results, "price"),
                                    estimate(r.results, "sd.price")}, w) == 0.0);
  CHECK(number(r.obs, "taste.price.share_positive") == 0.0);
}

TEST_CASE("Preset 20 as a latent-class logit: the class shares sum to 1, each class's coefficients",
          "[econ][taste]") {
  json c = read_json_file(kPreset);
  c["model"].erase("random");
  c.erase("simulation");
  c["model"]["classes"] = {{"names", {"a", "b"}}, {"specific", {"price", "time"}}};
  const Run r = run(c);
  const Bars& shares = bars(r.obs, "class_shares");
  REQUIRE(shares.labels == std::vector<std::string>{"a", "b"});
  CHECK(total(shares.groups[0].values) == Approx(1.0).epsilon(1e-12));
  CHECK(shares.groups[0].values[0] == Approx(r.results.summary.at("class_shares").at("a").get<double>()).epsilon(1e-12));
  CHECK(number(r.obs, "class_share.b") == Approx(shares.groups[0].values[1]).epsilon(1e-12));
  const Bars& coef = bars(r.obs, "class_coefficients");
  REQUIRE(coef.labels == std::vector<std::string>{"asc.bus", "asc.train", "price", "time"});
  REQUIRE(coef.groups.size() == 2);
  CHECK(coef.groups[0].values[2] == Approx(estimate(r.results, "price.a")).epsilon(1e-12));
  CHECK(coef.groups[1].values[3] == Approx(estimate(r.results, "time.b")).epsilon(1e-12));
  CHECK(coef.groups[1].values[0] == Approx(estimate(r.results, "asc.bus")).epsilon(1e-12));  // shared
  const Bars& wtp = bars(r.obs, "class_wtp");
  CHECK(wtp.groups[1].values[0] == Approx(-estimate(r.results, "time.b") / estimate(r.results, "price.b")).epsilon(1e-12));
}

TEST_CASE("Taste densities integrate to 1 and match their closed forms", "[econ][taste]") {
  const auto integral = [](const std::function<double(double)>& f, double lo, double hi, double power = 0.0) {
    const int n = 200000;
    const double h = (hi - lo) / n;
    double sum = 0.0;
    for (int i = 0; i <= n; ++i) {
      const double x = lo + h * i;
      sum += (i == 0 || i == n ? 0.5 : 1.0) * f(x) * std::pow(x, power);
    }
    return sum * h;
  };
  for (Distribution d : {Distribution::normal, Distribution::lognormal, Distribution::neg_lognormal,
                         Distribution::uniform, Distribution::triangular}) {
    const TasteDistribution t{d, 0.3, -0.5};  // a negative sd reads as 0.5
    const auto f = [&](double b) { return t.density(b); };
    INFO(arbiter::econ::distribution_name(d));
    CHECK(integral(f, -15.0, 15.0) == Approx(1.0).epsilon(1e-4));
    CHECK(integral(f, -15.0, 15.0, 1.0) == Approx(t.population_mean()).margin(1e-4));
    const double m = t.population_mean();
    CHECK(std::sqrt(integral([&](double b) { return f(b) * (b - m) * (b - m); }, -60.0, 60.0)) ==
          Approx(t.population_sd()).epsilon(1e-3));
    CHECK(integral(f, 0.0, 15.0) == Approx(t.share_positive()).margin(1e-4));
    const auto [lo, hi] = t.central_range();
    CHECK(integral(f, lo, hi) == Approx(0.998).margin(1e-4));
  }
  // W = -A / C, C = -exp(m + s z): with A = a fixed, W = a exp(-m - s z) is lognormal(log a - m, s).
  const TasteDistribution cost{Distribution::neg_lognormal, 0.2, 0.7}, a{Distribution::fixed, 1.5, 0.0};
  const TasteDistribution w{Distribution::lognormal, std::log(1.5) - 0.2, 0.7};
  for (double x : {0.1, 0.7, 1.3, 4.0}) CHECK(wtp_density(a, cost, x) == Approx(w.density(x)).epsilon(1e-12));
  // With A normal (mu, sigma) independent of C: E[W] = mu E[-1 / C] = mu exp(-m + s^2 / 2).
  const TasteDistribution attribute{Distribution::normal, 1.5, 0.8};
  const auto f = [&](double x) { return wtp_density(attribute, cost, x); };
  CHECK(integral(f, -20.0, 40.0) == Approx(1.0).epsilon(1e-4));
  CHECK(integral(f, -20.0, 40.0, 1.0) == Approx(1.5 * std::exp(-0.2 + 0.5 * 0.49)).epsilon(1e-3));
  // With C fixed: W = -A / c is normal (-mu / c, sigma / |c|).
  const TasteDistribution c_fixed{Distribution::fixed, -2.0, 0.0}, scaled{Distribution::normal, 0.75, 0.4};
  for (double x : {-0.5, 0.75, 1.2}) CHECK(wtp_density(attribute, c_fixed, x) == Approx(scaled.density(x)).epsilon(1e-12));
}
