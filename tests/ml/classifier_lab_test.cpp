// What the Classifier lab draws, through the Experiment contract only: ml.classifier trains in slices (the
// curves grow an epoch at a time while step() returns), the validation confusion as counts and as fractions
// of the row (and the recall, balanced accuracy and rare-class recall made from it), twelve test images with
// probabilities equal to the softmax of the logits the run writes, the /imbalance cut (counts, balanced
// weights of the cut split) and the lesson's claim: unweighted, the cut classes are never predicted; balanced
// weights bring them back. Bad /imbalance input: the JSON path, nothing written.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "experiments/config_loader.hpp"
#include "tests/ml/ml_kind_run.hpp"

using namespace arbiter;
using json = nlohmann::json;

namespace {

const std::string kPreset = "configs/classroom/19_ml_classifier.json";

const experiments::Grid& grid_of(const experiments::Observables& o, const std::string& id) {
  for (const auto& g : o.grids)
    if (g.id == id) return g;
  FAIL("no grid " << id);
  return o.grids.front();
}

const experiments::Bars& bars_of(const experiments::Observables& o, const std::string& id) {
  for (const auto& b : o.bars)
    if (b.id == id) return b;
  FAIL("no bars " << id);
  return o.bars.front();
}

const experiments::Number* number_of(const experiments::Observables& o, const std::string& id) {
  for (const auto& n : o.numbers)
    if (n.id == id) return &n;
  return nullptr;
}

double cell(const core::Cell& c) {
  if (const auto* d = std::get_if<double>(&c)) return *d;
  if (const auto* i = std::get_if<std::int64_t>(&c)) return static_cast<double>(*i);
  FAIL("not a number");
  return 0.0;
}

std::unique_ptr<experiments::Experiment> preset(const std::vector<std::string>& overrides = {}) {
  return experiments::make_experiment(experiments::load_config(kPreset, overrides), 1);
}

}  // namespace

TEST_CASE("Classifier lab: ml.classifier trains in slices and its curves grow one point per finished epoch",
          "[ml][classifier][lab]") {
  auto exp = preset({"/training/epochs=3"});
  int steps = 0;
  std::size_t points = 0;
  while (!exp->done()) {
    exp->step();
    ++steps;
    const auto o = exp->observables();
    const auto* epoch = number_of(o, "epoch");
    REQUIRE(epoch != nullptr);
    REQUIRE(o.plots.size() == 2);
    for (const auto& s : o.plots[0].series) CHECK(s.x.size() == static_cast<std::size_t>(epoch->value));
    CHECK(o.plots[1].series.size() == 3);  // training, validation and, with a cut, validation balanced
    for (const auto& s : o.plots[1].series) CHECK(s.y.size() == static_cast<std::size_t>(epoch->value));
    CHECK(o.plots[1].series[1].y.size() >= points);
    points = o.plots[1].series[1].y.size();
  }
  CHECK(points == 3);
  // 38 minibatches of 64 an epoch: a live slice (5 ms) cannot hold three epochs of the MLP on one core in
  // one call, and the experiment returned between them.
  CHECK(steps > 1);
}

TEST_CASE("Classifier lab: the confusion as counts and as row fractions, recall, balanced and rare-class recall",
          "[ml][classifier][lab]") {
  auto exp = preset({"/training/epochs=2"});
  while (!exp->done()) exp->step();
  const auto o = exp->observables();
  const auto& counts = grid_of(o, "confusion_counts");
  const auto& fraction = grid_of(o, "confusion");
  const auto& recall = bars_of(o, "recall");
  REQUIRE(counts.rows == 10);
  REQUIRE(counts.cols == 10);
  REQUIRE(fraction.values.size() == 100);
  REQUIRE(recall.labels.size() == 10);
  CHECK(recall.labels[3] == "Dress");
  CHECK(recall.labels[8] == "Bag");
  double total = 0.0, correct = 0.0, recall_sum = 0.0;
  float largest = 0.0f;
  for (int t = 0; t < 10; ++t) {
    double row = 0.0;
    for (int p = 0; p < 10; ++p) row += counts.values[static_cast<std::size_t>(t * 10 + p)];
    REQUIRE(row > 0.0);
    for (int p = 0; p < 10; ++p) {
      const float c = counts.values[static_cast<std::size_t>(t * 10 + p)];
      CHECK(c == std::floor(c));
      largest = std::max(largest, c);
      CHECK(fraction.values[static_cast<std::size_t>(t * 10 + p)] == Approx(c / row).epsilon(1e-6));
    }
    const double r = counts.values[static_cast<std::size_t>(t * 11)] / row;
    CHECK(recall.groups[0].values[static_cast<std::size_t>(t)] == Approx(r));
    recall_sum += r;
    total += row;
    correct += counts.values[static_cast<std::size_t>(t * 11)];
  }
  CHECK(total == 1000.0);  // 25% of the 4000-image subset, held out whole (the cut is of the training split)
  CHECK(counts.hi == largest);
  CHECK(number_of(o, "validation_accuracy")->value == Approx(correct / total));
  CHECK(number_of(o, "validation_balanced_accuracy")->value == Approx(recall_sum / 10.0));
  const auto& r = recall.groups[0].values;
  CHECK(number_of(o, "cut_recall")->value == Approx((r[3] + r[8]) / 2.0));
  CHECK(number_of(o, "train_examples")->value == 2412.0);
}

TEST_CASE("Classifier lab: twelve test images, one per class first, with the softmax of the run's test logits",
          "[ml][classifier][lab]") {
  auto exp = preset({"/training/epochs=2"});
  while (!exp->done()) exp->step();
  const auto o = exp->observables();
  const auto& images = grid_of(o, "sample_images");
  const auto& probs = bars_of(o, "sample_probabilities");
  CHECK(images.rows == 28);
  CHECK(images.cols == 12 * 28);
  REQUIRE(probs.groups.size() == 12);
  for (int i = 0; i < 12; ++i) {  // each image has ink, every pixel in [0, 1]
    double ink = 0.0;
    for (int r = 0; r < 28; ++r)
      for (int c = 0; c < 28; ++c) {
        const float v = images.values[static_cast<std::size_t>(r * images.cols + i * 28 + c)];
        CHECK(v >= 0.0f);
        CHECK(v <= 1.0f);
        ink += v;
      }
    CHECK(ink > 10.0);
  }
  const experiments::Results res = exp->finish();
  const core::Table& logits = res.tables.at("logits.csv");
  // The test rows of logits.csv in test order; image c (c < 10) is the first test image of class c.
  std::vector<const std::vector<core::Cell>*> test_rows;
  for (const auto& row : logits.rows())
    if (std::get<std::string>(row[0]) == "test") test_rows.push_back(&row);
  REQUIRE(test_rows.size() == 1000);
  std::vector<std::size_t> first(10, test_rows.size());
  for (std::size_t j = 0; j < test_rows.size(); ++j) {
    const auto y = static_cast<std::size_t>(cell((*test_rows[j])[1]));
    if (first[y] == test_rows.size()) first[y] = j;
  }
  for (std::size_t c = 0; c < 10; ++c) {
    INFO("image of class " << c);
    CHECK(probs.groups[c].name == "image " + std::to_string(c + 1) + " (" + probs.labels[c] + ")");
    const auto& row = *test_rows[first[c]];
    double m = -1e300;
    for (std::size_t k = 0; k < 10; ++k) m = std::max(m, cell(row[3 + k]));
    double z = 0.0;
    for (std::size_t k = 0; k < 10; ++k) z += std::exp(cell(row[3 + k]) - m);
    double sum = 0.0;
    for (std::size_t k = 0; k < 10; ++k) {
      CHECK(probs.groups[c].values[k] == Approx(std::exp(cell(row[3 + k]) - m) / z).epsilon(1e-6).margin(1e-9));
      sum += probs.groups[c].values[k];
    }
    CHECK(sum == Approx(1.0).epsilon(1e-12));
  }
}

TEST_CASE("Classifier lab: /imbalance keeps ceil(2%) of dresses and bags, balanced weights are the cut split's",
          "[ml][classifier][lab]") {
  const auto res = test_ml::run_config(experiments::read_json_file(kPreset),
                                       {"/training/epochs=1", "/class_weights=\"balanced\""});
  const auto counts = res.summary["train_class_counts"].get<std::vector<double>>();
  REQUIRE(counts.size() == 10);
  double n = 0.0;
  for (double c : counts) n += c;
  CHECK(n == 2412.0);
  CHECK(res.summary["train_examples"] == 2412);
  CHECK(res.summary["validation_examples"] == 1000);
  // 2% of the 300-odd dresses and bags of the 3000-image training split, rounded up.
  CHECK(counts[3] == 7.0);
  CHECK(counts[8] == 6.0);
  const auto w = res.summary["class_weights"].get<std::vector<double>>();
  for (std::size_t k = 0; k < 10; ++k) CHECK(w[k] == Approx(n / (10.0 * counts[k])));
  CHECK(res.summary["cut_classes"] == json::array({3, 8}));
  CHECK(res.summary["cut_fraction"] == 0.02);
}

TEST_CASE("Classifier lab's lesson: unweighted, dresses and bags are never predicted, balanced weights bring them back",
          "[ml][classifier][lab]") {
  const auto unweighted = test_ml::run_config(experiments::read_json_file(kPreset));
  const auto balanced = test_ml::run_config(experiments::read_json_file(kPreset), {"/class_weights=\"balanced\""});
  const json& u = unweighted.summary;
  const json& b = balanced.summary;
  CHECK(u["test_cut_recall"].get<double>() == 0.0);
  CHECK(b["test_cut_recall"].get<double>() > 0.6);
  // On the balanced test set the weighted model is better overall too (0.645 -> 0.744 for seed 1).
  CHECK(u["test_accuracy"].get<double>() == Approx(0.645).margin(0.02));
  CHECK(b["test_accuracy"].get<double>() > u["test_accuracy"].get<double>() + 0.07);
  CHECK(b["test_balanced_accuracy"].get<double>() > u["test_balanced_accuracy"].get<double>() + 0.07);
  // Unweighted, no test image is predicted a dress or a bag: their columns of the confusion matrix are empty.
  const core::Table& confusion = unweighted.tables.at("confusion.csv");
  double dress = 0.0, bag = 0.0;
  for (const auto& row : confusion.rows()) {
    dress += cell(row[2 + 3]);
    bag += cell(row[2 + 8]);
  }
  CHECK(dress == 0.0);
  CHECK(bag == 0.0);
}

TEST_CASE("Classifier lab: a bad /imbalance names its JSON path and writes nothing", "[ml][classifier][lab]") {
  json cfg = experiments::read_json_file(kPreset);
  cfg["training"]["epochs"] = 1;
  cfg["imbalance"]["classes"] = {3, 10};
  CHECK(test_ml::bad_config_path(cfg) == "/imbalance/classes/1");
  cfg["imbalance"]["classes"] = {3};
  cfg["imbalance"]["fraction"] = 0.0;
  CHECK(test_ml::bad_config_path(cfg) == "/imbalance/fraction");
  cfg["imbalance"]["fraction"] = 0.5;
  cfg["imbalance"]["rare"] = true;
  CHECK(test_ml::bad_config_path(cfg) == "/imbalance/rare");
}
