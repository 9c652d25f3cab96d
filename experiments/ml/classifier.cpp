// Kind "ml.classifier": multinomial logistic regression or an MLP trained by minibatch SGD or Adam on a
// labelled data set (Fashion-MNIST by default), with a seeded validation split, weight decay and optional
// class weights. Writes results.csv (one row per class on the test set: support, precision, recall),
// curve.csv (per epoch: loss, train and validation accuracy, validation NLL), confusion.csv (test: one row
// per true class, counts per predicted class), logits.csv (split validation|test, label, group, z0..z{K-1})
// and summary.json results (test accuracy and NLL, ...).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "core/config_error.hpp"
#include "core/table.hpp"
#include "experiments/ml/classifier_setup.hpp"
#include "experiments/ml/divergence_guard.hpp"
#include "experiments/registry.hpp"
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
};

std::string fixed(double x, int digits = 4) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.*f", digits, x);
  return buf;
}

class ClassifierExperiment final : public Experiment {
 public:
  ClassifierExperiment(ClassifierSetup s, const RunContext& ctx)
      : s_(std::move(s)),
        data_(*s_.data),
        trainer_(data_.train, s_.spec, s_.options, ctx.seed),
        slice_seconds_(ctx.slice_seconds > 0.0 ? ctx.slice_seconds : 0.005) {}

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

    const int k = data_.train.classes;
    if (!validation_.confusion.empty()) {
      Grid g;
      g.id = "confusion";
      g.title = "Validation confusion (row: true class, column: predicted; fraction of the row)";
      g.rows = g.cols = k;
      g.scale = Grid::Scale::sequential;
      g.unit = "fraction of the true class";
      Bars recall;
      recall.id = "recall";
      recall.title = "Validation recall per class";
      recall.labels = data_.class_names;
      recall.y_max = 1.0;
      BarGroup r{"recall", {}};
      for (int t = 0; t < k; ++t) {
        long row = 0;
        for (long c : validation_.confusion[static_cast<std::size_t>(t)]) row += c;
        for (int p = 0; p < k; ++p)
          g.values.push_back(row > 0 ? static_cast<float>(validation_.confusion[static_cast<std::size_t>(t)][static_cast<std::size_t>(p)]) /
                                           static_cast<float>(row)
                                     : 0.0f);
        r.values.push_back(row > 0 ? static_cast<double>(validation_.confusion[static_cast<std::size_t>(t)][static_cast<std::size_t>(t)]) /
                                         static_cast<double>(row)
                                   : 0.0);
      }
      recall.groups.push_back(std::move(r));
      o.grids.push_back(std::move(g));
      o.bars.push_back(std::move(recall));
    }
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
        {"validation_nll", "validation NLL", last.validation_nll, fixed(last.validation_nll), "nats"},
        {"parameters", "parameters", static_cast<double>(trainer_.network().parameter_count()),
         std::to_string(trainer_.network().parameter_count())}};
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
    curve_.push_back({trainer_.last_epoch(), validation_.accuracy, validation_.nll});
    Eigen::VectorXd log_z;
    ml::column_softmax<double>(z.leftCols(std::min<Eigen::Index>(kSamples, z.cols())).cast<double>(), sample_probs_,
                               log_z);
  }

  // The first kSamples validation images as a 4 x 4 mosaic (square images only) and their predicted
  // probabilities, one bar group per image.
  void add_samples(Observables& o) const {
    const int n = static_cast<int>(std::min<Eigen::Index>(kSamples, data_.validation.x.cols()));
    const int side = static_cast<int>(std::lround(std::sqrt(static_cast<double>(data_.train.features()))));
    if (side * side == data_.train.features() && n == kSamples) {
      Grid g;
      g.id = "sample_images";
      g.title = "The first 16 validation images (probabilities in sample_probabilities)";
      g.rows = g.cols = 4 * side;
      g.values.assign(static_cast<std::size_t>(g.rows * g.cols), 0.0f);
      g.scale = Grid::Scale::sequential;
      g.unit = "pixel";
      for (int i = 0; i < n; ++i)
        for (int r = 0; r < side; ++r)
          for (int col = 0; col < side; ++col)
            g.values[static_cast<std::size_t>(((i / 4) * side + r) * g.cols + (i % 4) * side + col)] =
                data_.validation.x(r * side + col, i);  // IDX images are row-major
      o.grids.push_back(std::move(g));
    }
    if (sample_probs_.cols() == 0) return;
    Bars b;
    b.id = "sample_probabilities";
    b.title = "Predicted probabilities of the first validation images";
    b.labels = data_.class_names;
    b.y_max = 1.0;
    for (Eigen::Index i = 0; i < sample_probs_.cols(); ++i) {
      const int label = data_.validation.y[static_cast<std::size_t>(i)];
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
  static constexpr Eigen::Index kSamples = 16;
  Eigen::MatrixXd sample_probs_;
};

ExperimentKind classifier_kind() {
  ExperimentKind k;
  k.name = "ml.classifier";
  k.description = "Softmax regression or an MLP on Fashion-MNIST (or any IDX / CSV data): curves, confusion, logits";
  k.quick = {"/data/train_subset=600", "/data/test_subset=200", "/training/epochs=1"};
  declare_classifier_keys(k.schema);
  k.make = [](const json& cfg, const RunContext& ctx) -> std::unique_ptr<Experiment> {
    ClassifierSetup s = read_classifier_setup(cfg, ctx.seed, ctx.threads, ctx.config_dir);
    try {
      return std::make_unique<ClassifierExperiment>(std::move(s), ctx);
    } catch (const core::ArgumentError& e) {
      throw classifier_config_error(e);
    }
  };
  return k;
}

const RegisterKind registered{classifier_kind};

}  // namespace
}  // namespace arbiter::experiments
