// Class imbalance: the seeded cut keeps ceil(fraction n_c) of each chosen class, the metrics read a confusion
// matrix as defined, the logit adjustment subtracts tau log pi, and kind ml.imbalance on a Fashion-MNIST subset
// shows balanced class weights recovering the recall of classes cut to 1%.
#include <catch2/catch.hpp>

#include <cmath>

#include "core/config_error.hpp"
#include "core/input_error.hpp"
#include "experiments/config_loader.hpp"
#include "ml/class_imbalance.hpp"

using namespace arbiter;
using json = nlohmann::json;

TEST_CASE("cut_classes keeps ceil(fraction n_c) of each chosen class, seeded", "[ml][imbalance]") {
  ml::LabelledData d;
  d.classes = 3;
  d.x.resize(1, 300);
  for (int j = 0; j < 300; ++j) {
    d.x(0, j) = static_cast<float>(j);
    d.y.push_back(j % 3);
  }
  core::RandomStream a(1, 0), b(1, 0);
  const ml::LabelledData cut = ml::cut_classes(d, {1, 2}, 0.05, a);
  CHECK(cut.class_counts() == std::vector<std::size_t>{100, 5, 5});
  CHECK(ml::cut_classes(d, {1, 2}, 0.05, b).x == cut.x);
  core::RandomStream c(1, 0);
  CHECK(ml::cut_classes(d, {2}, 0.001, c).class_counts() == std::vector<std::size_t>{100, 100, 1});
  CHECK_THROWS_AS(ml::cut_classes(d, {3}, 0.5, c), core::ArgumentError);
  CHECK_THROWS_AS(ml::cut_classes(d, {0}, 0.0, c), core::ArgumentError);
}

TEST_CASE("Imbalance metrics from a confusion matrix, the logit adjustment", "[ml][imbalance]") {
  // true 0: 8 right, 2 as 1; true 1: 1 right, 3 as 0; true 2: 6 right.
  const std::vector<std::vector<long>> m = {{8, 2, 0}, {3, 1, 0}, {0, 0, 6}};
  const ml::ImbalanceMetrics x = ml::imbalance_metrics(m, {1});
  CHECK(x.accuracy == Approx(15.0 / 20.0));
  CHECK(x.recall == std::vector<double>{0.8, 0.25, 1.0});
  CHECK(x.balanced_accuracy == Approx((0.8 + 0.25 + 1.0) / 3));
  CHECK(x.chosen_recall == Approx(0.25));

  Eigen::MatrixXf z(3, 2);
  z << 2, 0, 1, 0, 0, 0;
  const Eigen::MatrixXf adj = ml::adjust_logits(z, {0.5, 0.25, 0.25});
  CHECK(adj(0, 0) == Approx(2 - std::log(0.5)));
  CHECK(adj(1, 1) == Approx(-std::log(0.25)));
  CHECK(ml::confusion_matrix(z, {0, 1}) == std::vector<std::vector<long>>{{1, 0, 0}, {1, 0, 0}, {0, 0, 0}});
  CHECK(ml::confusion_matrix(adj, {0, 1}) == std::vector<std::vector<long>>{{1, 0, 0}, {0, 1, 0}, {0, 0, 0}});
}

TEST_CASE("ml.imbalance: balanced class weights recover the recall of classes cut to 1%", "[ml][imbalance]") {
  json cfg = {{"kind", "ml.imbalance"},
              {"seed", 2},
              {"data", {{"train_subset", 10000}, {"test_subset", 1000}}},
              {"model", {{"type", "softmax"}}},
              {"training", {{"epochs", 3}}},
              {"imbalance", {{"classes", {3, 8}}, {"fraction", 0.01}, {"seeds", 2}}}};
  auto exp = experiments::make_experiment(experiments::resolve_config(cfg, "t.json", "."), 1);
  while (!exp->done()) exp->step();
  const auto r = exp->finish();
  CHECK(r.results.size() == 6);
  const double plain = r.summary["unweighted"]["chosen_recall"].get<double>();
  const double weighted = r.summary["balanced_weights"]["chosen_recall"].get<double>();
  CHECK(plain < 0.1);     // about 10 examples of each: never predicted
  CHECK(weighted > 0.5);  // measured 0.70
  CHECK(r.summary["balanced_weights"]["balanced_accuracy"].get<double>() >
        r.summary["unweighted"]["balanced_accuracy"].get<double>() + 0.05);
  CHECK(r.summary["balanced_weights"]["chosen_recall_ci95"].get<double>() > 0.0);

  cfg["imbalance"]["classes"] = {3, 10};
  try {
    experiments::make_experiment(experiments::resolve_config(cfg, "t.json", "."), 1);
    FAIL("no error");
  } catch (const core::ConfigError& e) {
    CHECK(e.json_path() == "/imbalance/classes/1");
  }
}
