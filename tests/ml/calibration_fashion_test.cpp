// ml.calibration's `classifier` input on a fixed subset of Fashion-MNIST (6,000 training images, 2,000 test, an MLP
// trained long enough on them to be overconfident): the logits it writes are the classifier's own (the same
// bytes as an ml.classifier run of that config and seed), calibrating that file as `logits` gives the same
// numbers, the argmax does not move, T > 1; the /classifier node is ml.classifier's declaration; bad input.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "experiments/config_loader.hpp"
#include "experiments/registry.hpp"
#include "ml_kind_run.hpp"

using namespace arbiter;
using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

json small_classifier() {
  return {{"data",
           {{"train_subset", 6000}, {"test_subset", 2000}, {"validation", 0.3}, {"grouping", "fashion_families"}}},
          {"model", {{"type", "mlp"}, {"hidden", {64}}}},
          {"optimizer", {{"name", "adam"}, {"learning_rate", 0.003}, {"weight_decay", 0}}},
          {"training", {{"epochs", 20}, {"batch_size", 50}}}};
}

json small_calibration() {
  return {{"kind", "ml.calibration"}, {"seed", 7}, {"classifier", small_classifier()}, {"curve", json::array({1, 2})}};
}

double argmax_agreement(const core::Table& logits, double temperature) {
  // The fraction of rows whose largest z / T is the largest z (ties count as agreement only when identical).
  const std::size_t z0 = test_ml::column_of(logits, "z0");
  std::size_t same = 0;
  for (const auto& row : logits.rows()) {
    std::size_t best = z0, best_scaled = z0;
    for (std::size_t c = z0; c < row.size(); ++c) {
      if (std::get<double>(row[c]) > std::get<double>(row[best])) best = c;
      if (std::get<double>(row[c]) / temperature > std::get<double>(row[best_scaled]) / temperature) best_scaled = c;
    }
    same += best == best_scaled;
  }
  return static_cast<double>(same) / static_cast<double>(logits.size());
}

}  // namespace

TEST_CASE("ml.calibration trains its classifier: the classifier's own logits, T > 1, the argmax unchanged",
          "[ml][calibration_fashion]") {
  const experiments::Results r = test_ml::run_config(small_calibration());
  json alone = small_classifier();
  alone["kind"] = "ml.classifier";
  alone["seed"] = 7;
  const experiments::Results c = test_ml::run_config(alone);

  // The trained run's logits.csv and curve.csv, written beside the calibration's, are the classifier's bytes.
  REQUIRE(r.tables.count("logits.csv") == 1);
  REQUIRE(r.tables.count("curve.csv") == 1);
  CHECK(r.tables.at("logits.csv").to_csv() == c.tables.at("logits.csv").to_csv());
  CHECK(r.tables.at("curve.csv").to_csv() == c.tables.at("curve.csv").to_csv());
  CHECK(r.tables.at("logits.csv").size() == 1800 + 2000);  // 30% of 6,000 held out, 2,000 test
  CHECK(r.summary["classifier"]["test_accuracy"] == c.summary["test_accuracy"]);

  const json& s = r.summary;
  const double T = s["temperature"].get<double>();
  CHECK(T > 1.3);  // measured 1.653: trained long on 4,200 images with no weight decay, the MLP is overconfident
  CHECK(s["fit"]["converged"].get<bool>());
  CHECK(s["accuracy_after"].get<double>() == s["accuracy_before"].get<double>());
  CHECK(s["accuracy_before"].get<double>() == c.summary["test_accuracy"].get<double>());
  CHECK(argmax_agreement(r.tables.at("logits.csv"), T) == 1.0);
  CHECK(s["test"]["before"]["mean_confidence"].get<double>() > s["accuracy_before"].get<double>() + 0.03);
  CHECK(s["ece_after"].get<double>() < s["ece_before"].get<double>() / 2.5);  // measured 0.0657 -> 0.0136
  CHECK(s["nll_after"].get<double>() < s["nll_before"].get<double>());
  CHECK(s["groups"].contains("tops"));
  CHECK(s["groups"].contains("shoes"));

  // The written logits.csv, calibrated as a file, gives the same bytes.
  const fs::path dir = fs::temp_directory_path() / "arbiter_calibration_fashion_test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  {
    std::ofstream out(dir / "logits.csv", std::ios::binary);
    out << r.tables.at("logits.csv").to_csv();
  }
  json from_file = small_calibration();
  from_file.erase("classifier");
  from_file["logits"] = (dir / "logits.csv").string();
  const experiments::Results f = test_ml::run_config(from_file);
  CHECK(f.results.to_csv() == r.results.to_csv());
  for (const char* t : {"reliability.csv", "histogram.csv", "groups.csv", "temperature_curve.csv"})
    CHECK(f.tables.at(t).to_csv() == r.tables.at(t).to_csv());
  fs::remove_all(dir);
}

TEST_CASE("ml.calibration's /classifier is ml.classifier's declaration: the same keys and defaults",
          "[ml][calibration_fashion]") {
  const json calibration =
      experiments::resolve_config({{"kind", "ml.calibration"}, {"classifier", json::object()}}, "t.json", ".").resolved;
  json classifier = experiments::resolve_config({{"kind", "ml.classifier"}}, "t.json", ".").resolved;
  classifier.erase("kind");
  classifier.erase("seed");
  CHECK(calibration["classifier"] == classifier);
  CHECK_FALSE(experiments::resolve_config({{"kind", "ml.calibration"}, {"logits", "x.csv"}}, "t.json", ".")
                  .resolved.contains("classifier"));
}

TEST_CASE("ml.calibration bad input: both inputs, neither, a bad classifier key (its full JSON path), nothing written",
          "[ml][calibration_fashion]") {
  json both = small_calibration();
  both["logits"] = "logits.csv";
  CHECK(test_ml::bad_config_path(both) == "/classifier");
  json neither = small_calibration();
  neither.erase("classifier");
  CHECK(test_ml::bad_config_path(neither) == "/logits");

  json misspelt = small_calibration();
  misspelt["classifier"]["optimizer"]["learning_rat"] = 0.1;
  CHECK(test_ml::bad_config_path(misspelt) == "/classifier/optimizer/learning_rat");
  json range = small_calibration();
  range["classifier"]["training"]["epochs"] = 0;
  CHECK(test_ml::bad_config_path(range) == "/classifier/training/epochs");
  json across = small_calibration();  // checked by ml.classifier when it is built
  across["classifier"]["data"]["classes"] = 5;
  CHECK(test_ml::bad_config_path(across) == "/classifier/data/grouping");
  json missing = small_calibration();
  missing["classifier"]["data"]["path"] = "/nonexistent/fashion";
  CHECK(test_ml::bad_config_path(missing) == "/classifier/data");
  json column = small_calibration();
  column["group_column"] = "colour";
  CHECK(test_ml::bad_config_path(column) == "/group_column");

  try {
    experiments::make_experiment(experiments::resolve_config(both, "bad.json", "."), 1);
    FAIL("no error");
  } catch (const core::ConfigError& e) {
    CHECK(std::string(e.what()) ==
          "bad.json: /classifier: expected either /logits (a logits CSV) or /classifier (an ml.classifier config to "
          "train), exactly one, got both");
  }
}
