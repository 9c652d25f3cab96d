// Kind "ml.classifier": multinomial logistic regression or an MLP trained by minibatch SGD or Adam on a
// labelled data set (Fashion-MNIST by default), with a seeded validation split, weight decay and optional
// class weights. Writes results.csv (one row per class on the test set: support, precision, recall),
// curve.csv (per epoch: loss, train and validation accuracy, validation NLL), confusion.csv (test: one row
// per true class, counts per predicted class), logits.csv (split validation|test, label, group, z0..z{K-1})
// and summary.json results (test accuracy and NLL, ...). An optional /imbalance cuts chosen classes of the
// training split to a fraction (validation and test stay whole; balanced class weights follow the cut).
// Trains in slices of minibatches; its observables (per-epoch curves, the validation confusion as fractions
// and counts, per-class recall, twelve test images and their predicted probabilities) feed the Classifier lab.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "core/config_error.hpp"
#include "core/random_stream.hpp"
#include "core/table.hpp"
#include "experiments/ml/classifier_setup.hpp"
#include "experiments/ml/divergence_guard.hpp"
#include "experiments/registry.hpp"
#include "ml/class_imbalance.hpp"
#include "ml/classifier_loss.hpp"

namespace arbiter::experiments {
namespace {

using json = nlohmann::json;

// Accuracy, mean NLL, mean confidence and the confusion matrix of logits (K x n) against labels.
struct Evaluation {
  double accuracy = 0.0, nll = 0.0, confidence = 0.0;
  std::vector<std::vector<long>> confusion;  // [true][predicted]
};

Evaluation evaluate(const Eigen::MatrixXf& logits, const std::vector<int>& labels, int classes) {
  Eigen::MatrixXd z = logits.cast<double>(), p;
  Eigen::VectorXd log_z;
  ml::column_softmax<double>(z, p, log_z);
  Evaluation e;
  e.confusion.assign(static_cast<std::size_t>(classes), std::vector<long>(static_cast<std::size_t>(classes), 0));
  long correct = 0;
  for (Eigen::Index j = 0; j < z.cols(); ++j) {
    const int y = labels[static_cast<std::size_t>(j)];
    Eigen::Index best = 0;
    z.col(j).maxCoeff(&best);
    correct += best == y;
    e.nll += log_z[j] - z(y, j);
    e.confidence += p(best, j);
    ++e.confusion[static_cast<std::size_t>(y)][static_cast<std::size_t>(best)];
  }
  const auto n = static_cast<double>(std::max<Eigen::Index>(z.cols(), 1));
  e.accuracy = static_cast<double>(correct) / n;
  e.nll /= n;
  e.confidence /= n;
  return e;
}

struct EpochRow {
  ml::EpochStats stats;
  double validation_accuracy = 0.0, validation_nll = 0.0;
  double balanced_accuracy = 0.0, cut_recall = 0.0;  // validation: mean recall over classes, over the cut ones
};

// Up to n test examples to show: the first example of each class in class order, then the earliest others.
std::vector<std::size_t> sample_indices(const ml::LabelledData& test, std::size_t n) {
  std::vector<std::size_t> picked;
  std::vector<bool> taken(test.size(), false);
  for (int c = 0; c < test.classes && picked.size() < n; ++c)
    for (std::size_t j = 0; j < test.size(); ++j)
      if (test.y[j] == c) {
        picked.push_back(j);
        taken[j] = true;
        break;
      }
  for (std::size_t j = 0; j < test.size() && picked.size() < n; ++j)
    if (!taken[j]) picked.push_back(j);
  return picked;
}

std::string fixed(double x, int digits = 4) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.*f", digits, x);
  return buf;
}

class ClassifierExperiment final : public Experiment {
 public:
  ClassifierExperiment(ClassifierSetup s, std::vector<int> cut_classes, double cut_fraction, const RunContext& ctx)
      : s_(std::move(s)),
        data_(*s_.data),
        trainer_(data_.train, s_.spec, s_.options, ctx.seed),
        slice_seconds_(ctx.slice_seconds > 0.0 ? ctx.slice_seconds : 0.005),
        samples_(sample_indices(data_.test, kSamples)),
        cut_classes_(std::move(cut_classes)),
        cut_fraction_(cut_fraction) {
    sample_x_.resize(data_.test.x.rows(), static_cast<Eigen::Index>(samples_.size()));
    for (std::size_t i = 0; i < samples_.size(); ++i)
      sample_x_.col(static_cast<Eigen::Index>(i)) = data_.test.x.col(static_cast<Eigen::Index>(samples_[i]));
    update_sample_probabilities();
  }

  void step() override {
    guard_divergence("lower /optimizer/learning_rate (or add /optimizer/weight_decay)", [&] {
      const auto start = std::chrono::steady_clock::now();
      while (!trainer_.done()) {
        if (trainer_.train_batch()) end_of_epoch();
        if (std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() >= slice_seconds_) break;
      }
    });
  }
  bool done() const override { return trainer_.done(); }
  double progress() const override {
    return static_cast<double>(trainer_.batches_done()) /
           static_cast<double>(trainer_.batches_per_epoch() * s_.options.epochs);
  }

  Observables observables() const override {
    Observables o;
    Plot loss{"loss", "Loss per epoch", "epoch", "cross-entropy (nats)", {}, false, false, {}};
    Plot acc{"accuracy", "Accuracy per epoch", "epoch", "accuracy", {}, false, false, {}};
    Series train_loss{"training loss", {}, {}, {}}, val_nll{"validation NLL", {}, {}, {}};
    Series train_acc{"training", {}, {}, {}}, val_acc{"validation", {}, {}, {}};
    for (const EpochRow& r : curve_) {
      const double x = r.stats.epoch;
      train_loss.x.push_back(x);
      train_loss.y.push_back(r.stats.loss);
      val_nll.x.push_back(x);
      val_nll.y.push_back(r.validation_nll);
      train_acc.x.push_back(x);
      train_acc.y.push_back(r.stats.train_accuracy);
      val_acc.x.push_back(x);
      val_acc.y.push_back(r.validation_accuracy);
    }
    loss.series = {std::move(train_loss), std::move(val_nll)};
    acc.series = {std::move(train_acc), std::move(val_acc)};
    o.plots = {std::move(loss), std::move(acc)};

    if (!cut_classes_.empty()) {
      Series balanced{"validation, balanced", {}, {}, {}};
      for (const EpochRow& r : curve_) {
        balanced.x.push_back(r.stats.epoch);
        balanced.y.push_back(r.balanced_accuracy);
      }
      o.plots[1].series.push_back(std::move(balanced));
    }
    add_confusion(o);
    add_samples(o);
    const EpochRow last = curve_.empty() ? EpochRow{} : curve_.back();
    o.numbers = {
        {"epoch", "epoch", static_cast<double>(trainer_.epoch()),
         std::to_string(trainer_.epoch()) + " / " + std::to_string(s_.options.epochs)},
        {"minibatches", "minibatches", static_cast<double>(trainer_.batches_done()),
         std::to_string(trainer_.batches_done())},
        {"train_loss", "training loss", last.stats.loss, fixed(last.stats.loss), "nats"},
        {"train_accuracy", "training accuracy", last.stats.train_accuracy, fixed(last.stats.train_accuracy)},
        {"validation_accuracy", "validation accuracy", last.validation_accuracy, fixed(last.validation_accuracy)},
        {"validation_balanced_accuracy", "validation balanced accuracy (mean recall)", last.balanced_accuracy,
         fixed(last.balanced_accuracy)},
        {"validation_nll", "validation NLL", last.validation_nll, fixed(last.validation_nll), "nats"},
        {"parameters", "parameters", static_cast<double>(trainer_.network().parameter_count()),
         std::to_string(trainer_.network().parameter_count())},
        {"train_examples", "training examples", static_cast<double>(data_.train.size()),
         std::to_string(data_.train.size())}};
    if (!cut_classes_.empty())
      o.numbers.emplace_back("cut_recall", "validation recall of the cut classes", last.cut_recall, fixed(last.cut_recall));
    return o;
  }

  Results finish() override {
    const int k = data_.train.classes;
    const Eigen::MatrixXf val_logits = trainer_.logits(data_.validation.x);
    const Eigen::MatrixXf test_logits = trainer_.logits(data_.test.x);
    const Evaluation val = evaluate(val_logits, data_.validation.y, k);
    const Evaluation test = evaluate(test_logits, data_.test.y, k);
    Results r;
    r.results = core::Table({"class", "name", "group", "support", "predicted", "precision", "recall"});
    for (int t = 0; t < k; ++t) {
      long support = 0, predicted = 0;
      for (int p = 0; p < k; ++p) {
        support += test.confusion[static_cast<std::size_t>(t)][static_cast<std::size_t>(p)];
        predicted += test.confusion[static_cast<std::size_t>(p)][static_cast<std::size_t>(t)];
      }
      const long hit = test.confusion[static_cast<std::size_t>(t)][static_cast<std::size_t>(t)];
      std::vector<core::Cell> row = {std::int64_t{t}, data_.class_names[static_cast<std::size_t>(t)],
                                     data_.group_of_class[static_cast<std::size_t>(t)], std::int64_t{support},
                                     std::int64_t{predicted}};
      row.push_back(predicted > 0 ? core::Cell(static_cast<double>(hit) / static_cast<double>(predicted)) : core::Cell(std::string()));
      row.push_back(support > 0 ? core::Cell(static_cast<double>(hit) / static_cast<double>(support)) : core::Cell(std::string()));
      r.results.add_row(std::move(row));
    }

    core::Table curve({"epoch", "loss", "train_accuracy", "validation_accuracy", "validation_nll"});
    for (const EpochRow& e : curve_)
      curve.add_row({std::int64_t{e.stats.epoch}, e.stats.loss, e.stats.train_accuracy, e.validation_accuracy,
                     e.validation_nll});
    r.tables["curve.csv"] = std::move(curve);

    std::vector<std::string> cols = {"label", "name"};
    for (int p = 0; p < k; ++p) cols.push_back("predicted_" + std::to_string(p));
    core::Table confusion(cols);
    for (int t = 0; t < k; ++t) {
      std::vector<core::Cell> row = {std::int64_t{t}, data_.class_names[static_cast<std::size_t>(t)]};
      for (long c : test.confusion[static_cast<std::size_t>(t)]) row.emplace_back(std::int64_t{c});
      confusion.add_row(std::move(row));
    }
    r.tables["confusion.csv"] = std::move(confusion);

    std::vector<std::string> lcols = {"split", "label", "group"};
    for (int p = 0; p < k; ++p) lcols.push_back("z" + std::to_string(p));
    core::Table logits(lcols);
    add_logits(logits, "validation", val_logits, data_.validation.y);
    add_logits(logits, "test", test_logits, data_.test.y);
    r.tables["logits.csv"] = std::move(logits);

    const EpochRow last = curve_.empty() ? EpochRow{} : curve_.back();
    r.summary = {{"test_accuracy", test.accuracy},
                 {"test_nll", test.nll},
                 {"test_mean_confidence", test.confidence},
                 {"validation_accuracy", val.accuracy},
                 {"validation_nll", val.nll},
                 {"final_train_loss", last.stats.loss},
                 {"final_train_accuracy", last.stats.train_accuracy},
                 {"epochs", trainer_.epoch()},
                 {"minibatches", trainer_.batches_done()},
                 {"parameters", trainer_.network().parameter_count()},
                 {"train_examples", data_.train.size()},
                 {"validation_examples", data_.validation.size()},
                 {"test_examples", data_.test.size()},
                 {"class_weights", s_.options.class_weights.empty() ? std::vector<double>(static_cast<std::size_t>(k), 1.0)
                                                                   : s_.options.class_weights}};
    if (!cut_classes_.empty()) {
      const ml::ImbalanceMetrics m = ml::imbalance_metrics(test.confusion, cut_classes_);
      std::vector<std::size_t> counts = data_.train.class_counts();
      r.summary["cut_classes"] = cut_classes_;
      r.summary["cut_fraction"] = cut_fraction_;
      r.summary["train_class_counts"] = counts;
      r.summary["test_balanced_accuracy"] = m.balanced_accuracy;
      r.summary["test_cut_recall"] = m.chosen_recall;
    }
    char buf[200];
    std::snprintf(buf, sizeof buf, "%s, %d epochs: test accuracy %.4f, test NLL %.4f (validation %.4f)\n",
                  s_.spec.model.c_str(), trainer_.epoch(), test.accuracy, test.nll, val.accuracy);
    r.report = buf;
    return r;
  }

 private:
  void end_of_epoch() {
    const Eigen::MatrixXf z = trainer_.logits(data_.validation.x);
    validation_ = evaluate(z, data_.validation.y, data_.train.classes);
    const ml::ImbalanceMetrics m = ml::imbalance_metrics(validation_.confusion, cut_classes_);
    curve_.push_back({trainer_.last_epoch(), validation_.accuracy, validation_.nll, m.balanced_accuracy, m.chosen_recall});
    update_sample_probabilities();
  }

  void update_sample_probabilities() {
    if (sample_x_.cols() == 0) return;
    Eigen::VectorXd log_z;
    ml::column_softmax<double>(trainer_.logits(sample_x_).cast<double>(), sample_probs_, log_z);
  }

  // The validation confusion matrix as fractions of each true class and as counts, and the recall per class.
  void add_confusion(Observables& o) const {
    if (validation_.confusion.empty()) return;
    const int k = data_.train.classes;
    Grid g;
    g.id = "confusion";
    g.title = "Validation confusion (row: true class, column: predicted; fraction of the row)";
    g.rows = g.cols = k;
    g.scale = Grid::Scale::sequential;
    g.unit = "fraction of the true class";
    Grid counts = g;
    counts.id = "confusion_counts";
    counts.title = "Validation confusion (row: true class, column: predicted; counts)";
    counts.unit = "examples";
    counts.hi = 0.0f;
    Bars recall;
    recall.id = "recall";
    recall.title = "Validation recall per class";
    recall.labels = data_.class_names;
    recall.y_max = 1.0;
    BarGroup r{"recall", {}};
    for (int t = 0; t < k; ++t) {
      const auto& row_counts = validation_.confusion[static_cast<std::size_t>(t)];
      long row = 0;
      for (long c : row_counts) row += c;
      for (int p = 0; p < k; ++p) {
        const auto c = static_cast<float>(row_counts[static_cast<std::size_t>(p)]);
        g.values.push_back(row > 0 ? c / static_cast<float>(row) : 0.0f);
        counts.values.push_back(c);
        counts.hi = std::max(counts.hi, c);
      }
      r.values.push_back(row > 0 ? static_cast<double>(row_counts[static_cast<std::size_t>(t)]) / static_cast<double>(row)
                                 : 0.0);
    }
    counts.hi = std::max(counts.hi, 1.0f);
    recall.groups.push_back(std::move(r));
    o.grids.push_back(std::move(g));
    o.grids.push_back(std::move(counts));
    o.bars.push_back(std::move(recall));
  }

  // The sample test images side by side in one grid (square images only: rows = side, cols = n * side) and
  // their predicted probabilities, one bar group per image named "image i (true class)".
  void add_samples(Observables& o) const {
    const auto n = static_cast<int>(samples_.size());
    const int side = static_cast<int>(std::lround(std::sqrt(static_cast<double>(data_.train.features()))));
    if (side * side == data_.train.features() && n > 0) {
      Grid g;
      g.id = "sample_images";
      g.title = "Test images, one per class first (probabilities in sample_probabilities)";
      g.rows = side;
      g.cols = n * side;
      g.values.assign(static_cast<std::size_t>(g.rows * g.cols), 0.0f);
      g.scale = Grid::Scale::sequential;
      g.unit = "pixel";
      for (int i = 0; i < n; ++i)
        for (int r = 0; r < side; ++r)
          for (int col = 0; col < side; ++col)
            g.values[static_cast<std::size_t>(r * g.cols + i * side + col)] =
                sample_x_(r * side + col, i);  // IDX images are row-major
      o.grids.push_back(std::move(g));
    }
    if (sample_probs_.cols() == 0) return;
    Bars b;
    b.id = "sample_probabilities";
    b.title = "Predicted probabilities of the sample test images";
    b.labels = data_.class_names;
    b.y_max = 1.0;
    for (Eigen::Index i = 0; i < sample_probs_.cols(); ++i) {
      const int label = data_.test.y[samples_[static_cast<std::size_t>(i)]];
      BarGroup g{"image " + std::to_string(i + 1) + " (" + data_.class_names[static_cast<std::size_t>(label)] + ")", {}};
      for (Eigen::Index k = 0; k < sample_probs_.rows(); ++k) g.values.push_back(sample_probs_(k, i));
      b.groups.push_back(std::move(g));
    }
    o.bars.push_back(std::move(b));
  }

  void add_logits(core::Table& t, const std::string& split, const Eigen::MatrixXf& z, const std::vector<int>& y) const {
    for (Eigen::Index j = 0; j < z.cols(); ++j) {
      const int label = y[static_cast<std::size_t>(j)];
      std::vector<core::Cell> row = {split, std::int64_t{label}, data_.group_of_class[static_cast<std::size_t>(label)]};
      for (Eigen::Index c = 0; c < z.rows(); ++c) row.emplace_back(static_cast<double>(z(c, j)));
      t.add_row(std::move(row));
    }
  }

  ClassifierSetup s_;
  const ClassifierData& data_;
  ml::ClassifierTrainer trainer_;
  double slice_seconds_;
  std::vector<EpochRow> curve_;
  Evaluation validation_;
  static constexpr std::size_t kSamples = 12;
  std::vector<std::size_t> samples_;  // indices into the test set
  Eigen::MatrixXf sample_x_;          // their pixels, one column each
  Eigen::MatrixXd sample_probs_;
  std::vector<int> cut_classes_;      // the classes /imbalance cut (empty: none)
  double cut_fraction_ = 1.0;
};

ExperimentKind classifier_kind() {
  ExperimentKind k;
  k.name = "ml.classifier";
  k.description = "Softmax regression or an MLP on Fashion-MNIST (or any IDX / CSV data): curves, confusion, logits";
  k.quick = {"/data/train_subset=600", "/data/test_subset=200", "/training/epochs=1"};
  declare_classifier_keys(k.schema);
  core::Param cut = core::Param::make(core::ParamType::object, json::object(),
                                      "cut chosen classes of the training split to a fraction of their examples "
                                      "(absent: no cut; validation and test stay whole)");
  cut.add("classes", core::ParamType::integer_list, json::array({3, 8}), "the classes cut")
      .at_least(0)
      .at_most(999)
      .nonempty();
  cut.number("fraction", 0.01, "fraction of each cut class's training examples kept (at least 1)")
      .greater_than(0)
      .at_most(1)
      .log();
  k.schema.node("/imbalance", cut.optional());
  k.make = [](const json& cfg, const RunContext& ctx) -> std::unique_ptr<Experiment> {
    ClassifierSetup s = read_classifier_setup(cfg, ctx.seed, ctx.threads, ctx.config_dir);
    std::vector<int> cut_classes;
    double cut_fraction = 1.0;
    if (cfg.contains("imbalance")) {
      cut_classes = cfg["imbalance"]["classes"].get<std::vector<int>>();
      cut_fraction = cfg["imbalance"]["fraction"].get<double>();
      for (std::size_t i = 0; i < cut_classes.size(); ++i)
        if (cut_classes[i] >= s.data->train.classes)
          throw core::ConfigError("", "/imbalance/classes/" + std::to_string(i),
                                  "a class index below " + std::to_string(s.data->train.classes),
                                  std::to_string(cut_classes[i]));
      // The cut training split (its own stream: the validation split and the trainer's draws stay as they were);
      // balanced class weights are those of the cut split.
      auto data = std::make_shared<ClassifierData>(*s.data);
      core::RandomStream cut_rng(ctx.seed, 4);
      data->train = ml::cut_classes(s.data->train, cut_classes, cut_fraction, cut_rng);
      if (s.class_weights_text == "balanced") s.options.class_weights = ml::balanced_class_weights(data->train.class_counts());
      s.data = std::move(data);
    }
    try {
      return std::make_unique<ClassifierExperiment>(std::move(s), std::move(cut_classes), cut_fraction, ctx);
    } catch (const core::ArgumentError& e) {
      throw classifier_config_error(e);
    }
  };
  return k;
}

const RegisterKind registered{classifier_kind};

}  // namespace
}  // namespace arbiter::experiments
