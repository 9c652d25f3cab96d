// Temperature scaling and calibration metrics (ml/temperature_scaling, ml/calibration_metrics,
// ml/calibration_groups): the fitted T against an analytic minimiser and a fine grid, the Newton derivatives
// against finite differences and the core's cross-entropy gradient, ECE / MCE on hand-computed examples,
// per-group numbers, and the identity mean NLL = mean entropy at the fitted T.
#include <catch2/catch.hpp>

#include <cmath>

#include "core/input_error.hpp"
#include "core/random_stream.hpp"
#include "core/softmax.hpp"
#include "core/softmax_derivatives.hpp"
#include "ml/calibration_groups.hpp"
#include "ml/calibration_metrics.hpp"
#include "ml/temperature_scaling.hpp"

using namespace arbiter;

namespace {

// n examples of k classes: logits scale * (3 e_c + N(0, 1)), label drawn near c (overconfident when scale > 1).
struct Constructed {
  core::Batch<double> logits;
  Eigen::VectorXi labels;
};
Constructed constructed(int n, int k, double scale, std::uint64_t seed) {
  core::RandomStream rng(seed);
  Constructed c{core::Batch<double>(n, k), Eigen::VectorXi(n)};
  for (int i = 0; i < n; ++i) {
    const int look = static_cast<int>(rng.uniform_int(static_cast<std::uint64_t>(k)));
    for (int j = 0; j < k; ++j) c.logits(i, j) = scale * ((j == look ? 3.0 : 0.0) + rng.normal());
    c.labels[i] = rng.uniform() < 0.7 ? look : static_cast<int>(rng.uniform_int(static_cast<std::uint64_t>(k)));
  }
  return c;
}

// Two-class logits (log(c / (1 - c)), 0): the top-class confidence is c (c >= 1/2).
core::Batch<double> with_confidences(const std::vector<double>& c) {
  core::Batch<double> z(static_cast<Eigen::Index>(c.size()), 2);
  for (std::size_t i = 0; i < c.size(); ++i) z.row(static_cast<Eigen::Index>(i)) << std::log(c[i] / (1.0 - c[i])), 0.0;
  return z;
}

}  // namespace

TEST_CASE("temperature scaling: two classes, one logit gap c, a fraction q of class 0: T = c / logit(q)",
          "[ml][calibration]") {
  // NLL(T) = -q log s(c / T) - (1 - q) log s(-c / T) is least where s(c / T) = q.
  const double c = 4.0;
  core::Batch<double> z(10, 2);
  Eigen::VectorXi y(10);
  for (int i = 0; i < 10; ++i) {
    z.row(i) << c, 0.0;
    y[i] = i < 8 ? 0 : 1;
  }
  const ml::TemperatureFit fit = ml::fit_temperature(z, y);
  CHECK(fit.temperature == Approx(c / std::log(0.8 / 0.2)).epsilon(1e-12));
  CHECK_FALSE(fit.at_bound);
  CHECK(fit.converged);
  CHECK(fit.nll == Approx(-(0.8 * std::log(0.8) + 0.2 * std::log(0.2))).epsilon(1e-12));
  CHECK(fit.nll < ml::temperature_objective(z, y, 1.0).nll);
}

TEST_CASE("temperature scaling: the fitted T is the minimiser a fine grid finds", "[ml][calibration]") {
  for (const double scale : {0.5, 1.0, 3.0}) {
    const Constructed d = constructed(400, 6, scale, 7);
    const ml::TemperatureFit fit = ml::fit_temperature(d.logits, d.labels);
    // A grid of 4001 points in log T over [0.05, 20]: spacing 0.0015 in log T.
    double best_t = 0.0, best = INFINITY;
    for (int g = 0; g <= 4000; ++g) {
      const double T = 0.05 * std::pow(400.0, g / 4000.0);
      const double nll = ml::temperature_objective(d.logits, d.labels, T).nll;
      if (nll < best) {
        best = nll;
        best_t = T;
      }
    }
    CHECK(std::abs(std::log(fit.temperature / best_t)) < 0.0015);
    CHECK(fit.nll <= best + 1e-14);
    CHECK(std::abs(ml::temperature_objective(d.logits, d.labels, fit.temperature).d_nll_d_log_t) < 1e-12);
    CHECK(std::abs(fit.gradient) < 1e-6);
  }
}

TEST_CASE("temperature scaling: overconfident logits (scale 3) give T near 3 - and T = 1 data keep T near 1",
          "[ml][calibration]") {
  // Labels drawn from softmax(l), logits s * l: the population minimiser is T = s.
  core::RandomStream rng(11);
  const int n = 20000, k = 5;
  core::Batch<double> l(n, k);
  Eigen::VectorXi y(n);
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < k; ++j) l(i, j) = 2.0 * rng.normal();
    const Eigen::VectorXd p = core::softmax<double>(l.row(i).transpose());
    double u = rng.uniform(), acc = 0.0;
    y[i] = k - 1;
    for (int j = 0; j < k; ++j)
      if ((acc += p[j]) > u) {
        y[i] = j;
        break;
      }
  }
  CHECK(ml::fit_temperature(l, y).temperature == Approx(1.0).margin(0.03));
  const core::Batch<double> z = 3.0 * l;
  CHECK(ml::fit_temperature(z, y).temperature == Approx(3.0).margin(0.09));
}

TEST_CASE("temperature scaling: dNLL/dlogT and d2NLL/dlogT2 against finite differences and the core's gradient",
          "[ml][calibration]") {
  const Constructed d = constructed(300, 4, 2.0, 3);
  for (const double T : {0.3, 1.0, 2.5, 9.0}) {
    const ml::TemperatureObjective at = ml::temperature_objective(d.logits, d.labels, T);
    const double h = 1e-4;
    const auto f = [&](double u) { return ml::temperature_objective(d.logits, d.labels, std::exp(u)); };
    const double u = std::log(T);
    const double fd1 = (f(u + h).nll - f(u - h).nll) / (2 * h);
    const double fd2 = (f(u + h).d_nll_d_log_t - f(u - h).d_nll_d_log_t) / (2 * h);
    CHECK(at.d_nll_d_log_t == Approx(fd1).epsilon(1e-6).margin(1e-9));
    CHECK(at.d2_nll_d_log_t2 == Approx(fd2).epsilon(1e-6).margin(1e-9));
    // Chain rule through the core: (p - e_y) . ds/du with s = z / T and ds/du = -s.
    double chain = 0.0, nll = 0.0;
    for (Eigen::Index i = 0; i < d.logits.rows(); ++i) {
      const Eigen::VectorXd s = d.logits.row(i).transpose() / T;
      chain += core::cross_entropy_gradient<double>(s, d.labels[i]).dot(-s);
      nll += core::cross_entropy<double>(s, d.labels[i]);
    }
    CHECK(at.d_nll_d_log_t == Approx(chain / 300.0).epsilon(1e-12));
    CHECK(at.nll == Approx(nll / 300.0).epsilon(1e-12));
  }
}

TEST_CASE("temperature scaling: at the fitted T the mean NLL equals the mean predictive entropy", "[ml][calibration]") {
  // dNLL/dlogT = mean(s_y - E_p[s]) = 0 there, and NLL - H = mean(E_p[s] - s_y).
  const Constructed d = constructed(500, 10, 2.5, 5);
  const ml::TemperatureFit fit = ml::fit_temperature(d.logits, d.labels);
  const ml::CalibrationReport r = ml::calibration_report(d.logits, d.labels, fit.temperature);
  CHECK(r.nll == Approx(r.mean_entropy).epsilon(1e-9));
  CHECK(r.nll == Approx(fit.nll).epsilon(1e-12));
}

TEST_CASE("temperature scaling: logits that separate the labels perfectly stop at the smallest T", "[ml][calibration]") {
  core::Batch<double> z(2, 2);
  z << 1.0, 0.0, 0.0, 1.0;
  const Eigen::VectorXi y = (Eigen::VectorXi(2) << 0, 1).finished();
  const ml::TemperatureFit fit = ml::fit_temperature(z, y);
  // NLL(T) = log(1 + exp(-1 / T)) falls to 0 as T -> 0: exactly 0 in doubles once 1 / T > 745.
  CHECK_FALSE(fit.converged);
  CHECK(fit.temperature < 1.0 / 30);
  CHECK(fit.nll < 1e-12);
}

TEST_CASE("calibration metrics: ECE and MCE of four hand-made examples", "[ml][calibration]") {
  // Confidences 0.9 (right), 0.9 (wrong), 0.6 (right), 0.6 (wrong); labels 0 = the top class.
  const core::Batch<double> z = with_confidences({0.9, 0.9, 0.6, 0.6});
  const Eigen::VectorXi y = (Eigen::VectorXi(4) << 0, 1, 0, 1).finished();
  const ml::CalibrationReport r = ml::calibration_report(z, y, 1.0, 15);
  // Two non-empty bins, each accuracy 0.5: ECE = (2/4)|0.5 - 0.9| + (2/4)|0.5 - 0.6| = 0.25, MCE = 0.4.
  CHECK(r.ece == Approx(0.25).epsilon(1e-12));
  CHECK(r.mce == Approx(0.4).epsilon(1e-12));
  CHECK(r.equal_width[13].count == 2);  // 0.9 in (13/15, 14/15]
  CHECK(r.equal_width[8].count == 2);   // 0.6 in (8/15, 9/15]
  CHECK(r.accuracy == 0.5);
  // Brier: right at c gives 2 (1 - c)^2, wrong at c gives 2 c^2.
  CHECK(r.brier == Approx((2 * 0.01 + 2 * 0.81 + 2 * 0.16 + 2 * 0.36) / 4).epsilon(1e-12));
  CHECK(r.nll == Approx(-(std::log(0.9) + std::log(0.1) + std::log(0.6) + std::log(0.4)) / 4).epsilon(1e-12));
  // Equal mass, two bins: the same two pairs; four bins: one example each, ECE = mean |correct - c|.
  const ml::ScoredExamples s = ml::score_examples(z, y, 1.0);
  CHECK(ml::expected_calibration_error(ml::equal_mass_bins(s, 2)) == Approx(0.25).epsilon(1e-12));
  CHECK(ml::expected_calibration_error(ml::equal_mass_bins(s, 4)) == Approx((0.1 + 0.9 + 0.4 + 0.6) / 4).epsilon(1e-12));
  CHECK(ml::maximum_calibration_error(ml::equal_mass_bins(s, 4)) == Approx(0.9).epsilon(1e-12));
}

TEST_CASE("calibration metrics: a confidence on a bin edge belongs to the bin below (Guo et al.)", "[ml][calibration]") {
  const core::Batch<double> z = with_confidences({0.5, 0.75, 1.0 - 1e-12});
  const Eigen::VectorXi y = Eigen::VectorXi::Zero(3);
  const auto bins = ml::equal_width_bins(ml::score_examples(z, y, 1.0), 4);
  CHECK(bins[1].count == 1);  // 0.5 in (0.25, 0.5]
  CHECK(bins[2].count == 1);  // 0.75 in (0.5, 0.75]
  CHECK(bins[3].count == 1);
  CHECK(bins[0].count == 0);
  CHECK(bins[3].upper == 1.0);
}

TEST_CASE("calibration metrics: scaling by T leaves every prediction, hence the accuracy, unchanged",
          "[ml][calibration]") {
  const Constructed d = constructed(2000, 10, 4.0, 9);
  const ml::TemperatureFit fit = ml::fit_temperature(d.logits, d.labels);
  const core::Batch<double> p1 = core::softmax_rows<double>(d.logits, 1.0);
  const core::Batch<double> pt = core::softmax_rows<double>(d.logits, fit.temperature);
  for (Eigen::Index i = 0; i < d.logits.rows(); ++i) {
    Eigen::Index a = 0, b = 0;
    p1.row(i).maxCoeff(&a);
    pt.row(i).maxCoeff(&b);
    REQUIRE(a == b);
  }
  const ml::CalibrationReport before = ml::calibration_report(d.logits, d.labels, 1.0);
  const ml::CalibrationReport after = ml::calibration_report(d.logits, d.labels, fit.temperature);
  CHECK(before.accuracy == after.accuracy);
  CHECK(after.nll < before.nll);
  CHECK(after.ece < before.ece);
}

TEST_CASE("per-group calibration: each group's numbers are the report on its own rows, its T is fitted on its own "
          "validation rows, the gap is the spread",
          "[ml][calibration]") {
  // Group "a": logits scaled by 3 (overconfident), group "b": by 1; group "c" has no validation rows.
  const Constructed base = constructed(900, 5, 1.0, 21);
  ml::LogitsSplit validation, test;
  validation.logits = base.logits.topRows(600);
  validation.labels = base.labels.head(600);
  test.logits = base.logits.bottomRows(300);
  test.labels = base.labels.tail(300);
  for (int i = 0; i < 600; ++i) {
    validation.groups.push_back(i % 2 == 0 ? "a" : "b");
    if (i % 2 == 0) validation.logits.row(i) *= 3.0;
  }
  for (int i = 0; i < 300; ++i) {
    test.groups.push_back(i % 3 == 0 ? "a" : i % 3 == 1 ? "b" : "c");
    if (i % 3 == 0) test.logits.row(i) *= 3.0;
  }
  const double global_t = ml::fit_temperature(validation.logits, validation.labels).temperature;
  const ml::GroupCalibrationTable table = ml::calibrate_groups(validation, test, global_t);
  REQUIRE(table.groups.size() == 3);
  CHECK(table.groups[0].group == "a");
  CHECK(table.groups[2].group == "c");
  core::Batch<double> za(300, 5);
  Eigen::VectorXi ya(300);
  for (int i = 0; i < 300; ++i) {
    za.row(i) = validation.logits.row(2 * i);
    ya[i] = validation.labels[2 * i];
  }
  CHECK(table.groups[0].temperature == ml::fit_temperature(za, ya).temperature);
  CHECK(table.groups[0].temperature > 2.0 * table.groups[1].temperature);  // a is overconfident
  CHECK(table.groups[0].validation_examples == 300);
  CHECK(table.groups[0].test_examples == 100);
  CHECK_FALSE(table.groups[2].own_temperature);
  CHECK(table.groups[2].temperature == global_t);
  // Group a's "per_group" report is the plain report on its test rows at its own T.
  core::Batch<double> ta(100, 5);
  Eigen::VectorXi tya(100);
  for (int i = 0; i < 100; ++i) {
    ta.row(i) = test.logits.row(3 * i);
    tya[i] = test.labels[3 * i];
  }
  const ml::CalibrationReport own = ml::calibration_report(ta, tya, table.groups[0].temperature);
  CHECK(table.groups[0].per_group.nll == Approx(own.nll).epsilon(1e-12));
  CHECK(table.groups[0].per_group.ece == Approx(own.ece).epsilon(1e-12));
  CHECK(table.groups[0].per_group.mean_entropy == Approx(own.mean_entropy).epsilon(1e-12));
  const ml::CalibrationReport raw = ml::calibration_report(ta, tya, 1.0);
  CHECK(table.groups[0].before.ece == Approx(raw.ece).epsilon(1e-12));
  double lo = INFINITY, hi = -INFINITY;
  for (const auto& g : table.groups) {
    lo = std::min(lo, g.global.ece);
    hi = std::max(hi, g.global.ece);
  }
  CHECK(table.global.ece == Approx(hi - lo).epsilon(1e-12));
  // One T per group narrows the NLL gap the global T leaves.
  CHECK(table.per_group.nll < table.global.nll);
}

TEST_CASE("temperature scaling: bad arguments name the argument", "[ml][calibration]") {
  core::Batch<double> z(2, 3);
  z.setZero();
  const Eigen::VectorXi bad = (Eigen::VectorXi(2) << 0, 3).finished();
  CHECK_THROWS_AS(ml::fit_temperature(z, bad), core::ArgumentError);
  CHECK_THROWS_AS(ml::fit_temperature(z, Eigen::VectorXi::Zero(3)), core::ArgumentError);
  CHECK_THROWS_AS(ml::temperature_objective(z, Eigen::VectorXi::Zero(2), 0.0), core::ArgumentError);
  CHECK_THROWS_AS(ml::calibration_report(z, Eigen::VectorXi::Zero(2), 1.0, 0), core::ArgumentError);
  try {
    ml::fit_temperature(z, bad);
  } catch (const core::ArgumentError& e) {
    CHECK(e.argument() == "labels");
  }
}
