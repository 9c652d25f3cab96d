// ml/active_learning and kind ml.active_learning: the entropy gradient against finite differences, the
// synthesised query on the decision boundary (entropy log 2 for two classes), the fit at a stationary point,
// the sector rule, learning curves (active beats random), reproducibility and bad configs.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "core/config_error.hpp"
#include "core/input_error.hpp"
#include "core/softmax_derivatives.hpp"
#include "experiments/config_loader.hpp"
#include "ml/active_learning.hpp"

using namespace arbiter;
using json = nlohmann::json;
using Batch = core::Batch<double>;

namespace {

experiments::Results run(const experiments::LoadedConfig& cfg) {
  auto exp = experiments::make_experiment(cfg, 1);
  while (!exp->done()) exp->step();
  const auto obs = exp->observables();
  CHECK(obs.grids.size() == 2);
  return exp->finish();
}

std::string config_error_path(json cfg) {
  cfg["kind"] = "ml.active_learning";
  try {
    run(experiments::resolve_config(std::move(cfg), "bad.json", "."));
  } catch (const core::ConfigError& e) {
    return e.json_path();
  }
  return "(no ConfigError)";
}

ml::LinearSoftmax fitted(int classes, const ml::SectorRule& rule, int n, std::uint64_t seed, int steps = 300) {
  core::RandomStream rng(seed);
  Batch X(n, 2);
  Eigen::VectorXi y(n);
  for (int i = 0; i < n; ++i) {
    X(i, 0) = rng.uniform(-1.0, 1.0);
    X(i, 1) = rng.uniform(-1.0, 1.0);
    y[i] = rule.label(X.row(i).transpose());
  }
  ml::LinearSoftmax m(classes, {1e-2, steps, 1.0});
  m.fit(X, y);
  return m;
}

}  // namespace

TEST_CASE("active learning: the sector rule labels by angle around the centre", "[ml][active_learning]") {
  ml::SectorRule rule{3, Eigen::Vector2d::Zero()};
  CHECK(rule.label({1.0, 0.0}) == 0);
  CHECK(rule.label({std::cos(2 * M_PI / 3), std::sin(2 * M_PI / 3)}) == 1);
  CHECK(rule.label({std::cos(4 * M_PI / 3), std::sin(4 * M_PI / 3)}) == 2);
  ml::SectorRule shifted{2, Eigen::Vector2d(0.5, 0.0)};
  CHECK(shifted.label({0.6, 0.3}) == 0);
  CHECK(shifted.label({0.4, 0.3}) == 1);
}

TEST_CASE("active learning: the input gradient of the entropy matches finite differences", "[ml][active_learning]") {
  const ml::SectorRule rule{3, Eigen::Vector2d(0.2, -0.1)};
  const ml::LinearSoftmax m = fitted(3, rule, 30, 5);
  for (const Eigen::Vector2d& x : {Eigen::Vector2d(0.3, 0.4), Eigen::Vector2d(-0.7, 0.1), Eigen::Vector2d(0.0, -0.9)}) {
    const Eigen::Vector2d g = m.entropy_gradient(x);
    const double h = 1e-6;
    for (int i = 0; i < 2; ++i) {
      Eigen::Vector2d up = x, down = x;
      up[i] += h;
      down[i] -= h;
      CHECK(g[i] == Approx((m.entropy(up) - m.entropy(down)) / (2 * h)).margin(1e-8));
    }
  }
}

TEST_CASE("active learning: the fit reaches a stationary point of the penalised cross-entropy", "[ml][active_learning]") {
  const ml::SectorRule rule{3, Eigen::Vector2d(0.2, -0.1)};
  core::RandomStream rng(8);
  Batch X(40, 2);
  Eigen::VectorXi y(40);
  for (int i = 0; i < 40; ++i) {
    X(i, 0) = rng.uniform(-1.0, 1.0);
    X(i, 1) = rng.uniform(-1.0, 1.0);
    y[i] = rule.label(X.row(i).transpose());
  }
  ml::LinearSoftmax m(3, {1e-2, 20000, 1.0});
  m.fit(X, y);
  Batch A(40, 3);
  A.leftCols(2) = X;
  A.col(2).setOnes();
  const Batch z = A * m.weights().transpose();
  const Eigen::MatrixXd grad = core::cross_entropy_gradient_rows<double>(z, y).transpose() * A + 1e-2 * m.weights();
  CHECK(grad.cwiseAbs().maxCoeff() < 1e-9);
  int right = 0;
  for (int i = 0; i < 40; ++i) right += m.predict(X.row(i).transpose()) == y[i];
  CHECK(right >= 38);  // the penalty may give up a point or two near a boundary
}

TEST_CASE("active learning: the synthesised query sits on the boundary (entropy log 2 for two classes)",
          "[ml][active_learning]") {
  const ml::SectorRule rule{2, Eigen::Vector2d(0.1, 0.0)};
  const ml::LinearSoftmax m = fitted(2, rule, 20, 9);
  core::RandomStream rng(10);
  const Eigen::Vector2d x = ml::synthesise_query(m, {5, 200, 0.5}, rng);
  CHECK(m.entropy(x) == Approx(std::log(2.0)).margin(1e-9));
  CHECK(x.cwiseAbs().maxCoeff() <= 1.0);
  CHECK_THROWS_AS(ml::query_strategy("greedy"), core::ArgumentError);
  CHECK_THROWS_AS(ml::LinearSoftmax(2, {0.0, 10, 1.0}), core::ArgumentError);
}

TEST_CASE("configs/ml/active_learning.json: uncertainty and synthesis beat random, same start, reproducible",
          "[ml][active_learning]") {
  const std::string file = std::string(ARBITER_SOURCE_DIR) + "/configs/ml/active_learning.json";
  const auto r = run(experiments::load_config(file, {"/runs=40", "/budget=20", "/test_points=1000"}));
  const json& f = r.summary["final_accuracy"];
  const double random = f["random"]["accuracy"].get<double>();
  CHECK(f["uncertainty"]["accuracy"].get<double>() > random + 0.01);
  CHECK(f["synthesis"]["accuracy"].get<double>() > random + 0.01);
  CHECK(f["uncertainty"]["accuracy"].get<double>() > 0.9);
  // Round 0 is the same first labels for every strategy.
  const auto& rows = r.results.rows();
  REQUIRE(rows.size() == 3 * 18);
  CHECK(std::get<double>(rows[0][2]) == std::get<double>(rows[18][2]));
  CHECK(std::get<double>(rows[0][2]) == std::get<double>(rows[36][2]));
  const auto again = run(experiments::load_config(file, {"/runs=40", "/budget=20", "/test_points=1000"}));
  CHECK(again.results.to_csv() == r.results.to_csv());
}

TEST_CASE("ml.active_learning: bad input is a ConfigError at its JSON path", "[ml][active_learning]") {
  CHECK(config_error_path({{"budget", 3}, {"initial_labels", 3}}) == "/budget");
  CHECK(config_error_path({{"strategies", {"random", "greedy"}}}) == "/strategies/1");
  CHECK(config_error_path({{"classes", 1}}) == "/classes");
  CHECK(config_error_path({{"centre", {0.0, 0.0, 0.0}}}) == "/centre");
  CHECK(config_error_path({{"classifier", {{"l2", 0.0}}}}) == "/classifier/l2");
  CHECK(config_error_path({{"pool", 5}, {"budget", 30}}) == "/pool");
}
