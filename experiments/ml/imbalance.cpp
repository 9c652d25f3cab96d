// Kind "ml.imbalance": the ml.classifier model on a training split where chosen classes are cut to a fraction
// of their examples, trained per seed without and with balanced class weights, plus the unweighted model's
// logits adjusted by the log class prior of the cut training set. On the (balanced) test set: accuracy,
// balanced accuracy and the mean recall of the chosen classes, per seed (results.csv: variant, seed, accuracy,
// balanced_accuracy, chosen_recall, recall_0..recall_{K-1}); confusion.csv summed over seeds per variant;
// summary.json results: per variant the mean and 95% confidence half-width over seeds (Student t).
#include <chrono>
#include <cstdio>
#include <memory>

#include "core/config_error.hpp"
#include "core/running_stats.hpp"
#include "core/table.hpp"
#include "experiments/ml/classifier_setup.hpp"
#include "experiments/ml/divergence_guard.hpp"
#include "experiments/registry.hpp"
#include "ml/class_imbalance.hpp"
#include "ml/classifier_loss.hpp"

namespace arbiter::experiments {
namespace {

using json = nlohmann::json;

const std::vector<std::string> kVariants = {"unweighted", "balanced_weights", "logit_adjusted"};

struct SeedResult {
  std::size_t variant = 0;
  int seed = 0;
  ml::ImbalanceMetrics metrics;
};

class ImbalanceExperiment final : public Experiment {
 public:
  ImbalanceExperiment(ClassifierSetup s, std::vector<int> chosen, double fraction, int seeds, const RunContext& ctx)
      : s_(std::move(s)), chosen_(std::move(chosen)), fraction_(fraction), seeds_(seeds), seed_(ctx.seed),
        slice_seconds_(ctx.slice_seconds > 0.0 ? ctx.slice_seconds : 0.005) {
    const int k = s_.data->train.classes;
    confusion_.assign(kVariants.size(), std::vector<std::vector<long>>(static_cast<std::size_t>(k),
                                                                      std::vector<long>(static_cast<std::size_t>(k), 0)));
    start_job();
  }

  void step() override {
    guard_divergence("lower /optimizer/learning_rate (or add /optimizer/weight_decay)", [&] {
      const auto start = std::chrono::steady_clock::now();
      while (!done()) {
        trainer_->train_batch();
        if (trainer_->done()) finish_job();
        if (std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() >= slice_seconds_) break;
      }
    });
  }
  bool done() const override { return job_ >= 2 * seeds_; }
  double progress() const override {
    if (done()) return 1.0;
    const double within = static_cast<double>(trainer_->batches_done()) /
                          static_cast<double>(trainer_->batches_per_epoch() * s_.options.epochs);
    return (job_ + within) / (2.0 * seeds_);
  }

  Observables observables() const override {
    Observables o;
    Bars recall;
    recall.id = "recall";
    recall.title = "Test recall per class (mean over the seeds done)";
    recall.labels = s_.data->class_names;
    recall.y_max = 1.0;
    for (std::size_t v = 0; v < kVariants.size(); ++v) {
      BarGroup g{kVariants[v], std::vector<double>(recall.labels.size(), 0.0)};
      int n = 0;
      for (const SeedResult& r : results_)
        if (r.variant == v) {
          ++n;
          for (std::size_t c = 0; c < g.values.size(); ++c) g.values[c] += r.metrics.recall[c];
        }
      if (n > 0)
        for (double& x : g.values) x /= n;
      recall.groups.push_back(std::move(g));
    }
    o.bars.push_back(std::move(recall));
    for (std::size_t v = 0; v < kVariants.size(); ++v) {
      const auto ci = interval(v, &ml::ImbalanceMetrics::balanced_accuracy);
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.4f +- %.4f", ci.mean, ci.half_width);
      o.numbers.emplace_back("balanced_accuracy." + kVariants[v], "balanced accuracy, " + kVariants[v], ci.mean, buf);
      const auto cr = interval(v, &ml::ImbalanceMetrics::chosen_recall);
      std::snprintf(buf, sizeof buf, "%.4f +- %.4f", cr.mean, cr.half_width);
      o.numbers.emplace_back("chosen_recall." + kVariants[v], "recall of the cut classes, " + kVariants[v], cr.mean, buf);
    }
    o.numbers.emplace_back("runs", "trainings done", static_cast<double>(job_),
                           std::to_string(job_) + " / " + std::to_string(2 * seeds_));
    return o;
  }

  Results finish() override {
    const int k = s_.data->train.classes;
    Results r;
    std::vector<std::string> cols = {"variant", "seed", "accuracy", "balanced_accuracy", "chosen_recall"};
    for (int c = 0; c < k; ++c) cols.push_back("recall_" + std::to_string(c));
    r.results = core::Table(cols);
    for (const SeedResult& x : results_) {
      std::vector<core::Cell> row = {kVariants[x.variant], std::int64_t{x.seed}, x.metrics.accuracy,
                                     x.metrics.balanced_accuracy, x.metrics.chosen_recall};
      for (double v : x.metrics.recall) row.emplace_back(v);
      r.results.add_row(std::move(row));
    }
    std::vector<std::string> ccols = {"variant", "label"};
    for (int c = 0; c < k; ++c) ccols.push_back("predicted_" + std::to_string(c));
    core::Table confusion(ccols);
    for (std::size_t v = 0; v < kVariants.size(); ++v)
      for (int t = 0; t < k; ++t) {
        std::vector<core::Cell> row = {kVariants[v], std::int64_t{t}};
        for (long n : confusion_[v][static_cast<std::size_t>(t)]) row.emplace_back(std::int64_t{n});
        confusion.add_row(std::move(row));
      }
    r.tables["confusion.csv"] = std::move(confusion);
    std::string report;
    for (std::size_t v = 0; v < kVariants.size(); ++v) {
      json entry;
      for (const auto& [name, field] : {std::pair{"accuracy", &ml::ImbalanceMetrics::accuracy},
                                        std::pair{"balanced_accuracy", &ml::ImbalanceMetrics::balanced_accuracy},
                                        std::pair{"chosen_recall", &ml::ImbalanceMetrics::chosen_recall}}) {
        const auto ci = interval(v, field);
        entry[name] = ci.mean;
        entry[std::string(name) + "_ci95"] = ci.half_width;
      }
      r.summary[kVariants[v]] = entry;
      char buf[200];
      std::snprintf(buf, sizeof buf, "%-17s accuracy %.4f, balanced accuracy %.4f, recall of cut classes %.4f\n",
                    kVariants[v].c_str(), entry["accuracy"].get<double>(), entry["balanced_accuracy"].get<double>(),
                    entry["chosen_recall"].get<double>());
      report += buf;
    }
    r.summary["seeds"] = seeds_;
    r.summary["chosen_classes"] = chosen_;
    r.summary["fraction"] = fraction_;
    r.summary["train_examples_after_cut"] = cut_size_;
    r.report = report;
    return r;
  }

 private:
  // Job j: seed j / 2, unweighted (even j) or balanced class weights (odd j); the cut is the seed's.
  void start_job() {
    const int seed_index = job_ / 2;
    if (job_ % 2 == 0) {
      core::RandomStream cut_rng(seed_, 1000 + static_cast<std::uint64_t>(seed_index));
      cut_ = ml::cut_classes(s_.data->train, chosen_, fraction_, cut_rng);
      cut_size_ = cut_.size();
    }
    ml::TrainingOptions o = s_.options;
    o.class_weights = job_ % 2 == 0 ? std::vector<double>{} : ml::balanced_class_weights(cut_.class_counts());
    const std::uint64_t run_seed = core::RandomStream(seed_, 2000 + static_cast<std::uint64_t>(seed_index)).next_u64();
    trainer_ = std::make_unique<ml::ClassifierTrainer>(cut_, s_.spec, o, run_seed);
  }

  void finish_job() {
    const Eigen::MatrixXf z = trainer_->logits(s_.data->test.x);
    const int seed_index = job_ / 2;
    record(job_ % 2 == 0 ? 0 : 1, seed_index, z);
    if (job_ % 2 == 0) {
      std::vector<double> prior;
      const auto counts = cut_.class_counts();
      for (std::size_t c : counts) prior.push_back(std::max<double>(static_cast<double>(c), 0.5) / static_cast<double>(cut_.size()));
      record(2, seed_index, ml::adjust_logits(z, prior));
    }
    ++job_;
    if (!done()) start_job();
  }

  void record(std::size_t variant, int seed_index, const Eigen::MatrixXf& z) {
    const auto m = ml::confusion_matrix(z, s_.data->test.y);
    for (std::size_t t = 0; t < m.size(); ++t)
      for (std::size_t p = 0; p < m.size(); ++p) confusion_[variant][t][p] += m[t][p];
    results_.push_back({variant, seed_index, ml::imbalance_metrics(m, chosen_)});
  }

  core::ConfidenceInterval interval(std::size_t variant, double ml::ImbalanceMetrics::*field) const {
    std::vector<double> xs;
    for (const SeedResult& r : results_)
      if (r.variant == variant) xs.push_back(r.metrics.*field);
    if (xs.empty()) return {0.0, 0.0};
    return core::confidence_interval_95(xs);
  }

  ClassifierSetup s_;
  std::vector<int> chosen_;
  double fraction_;
  int seeds_;
  std::uint64_t seed_;
  double slice_seconds_;
  ml::LabelledData cut_;
  std::size_t cut_size_ = 0;
  std::unique_ptr<ml::ClassifierTrainer> trainer_;
  int job_ = 0;
  std::vector<SeedResult> results_;
  std::vector<std::vector<std::vector<long>>> confusion_;
};

ExperimentKind imbalance_kind() {
  ExperimentKind k;
  k.name = "ml.imbalance";
  k.description = "Classes cut to a fraction: recall of the rare classes and balanced accuracy, unweighted, "
                  "with balanced class weights and with logit adjustment, over seeds";
  k.quick = {"/data/train_subset=1000", "/data/test_subset=200", "/training/epochs=1", "/imbalance/seeds=2"};
  declare_classifier_keys(k.schema, false);
  k.schema.add("/imbalance/classes", core::ParamType::integer_list, json::array({3, 8}),
               "the classes cut to a fraction of their training examples")
      .at_least(0)
      .nonempty();
  k.schema.number("/imbalance/fraction", 0.01, "fraction of each chosen class's training examples kept (at least 1)")
      .greater_than(0)
      .at_most(1)
      .log();
  k.schema.integer("/imbalance/seeds", 5, "independent cuts and trainings (confidence intervals over them)")
      .at_least(1)
      .at_most(1000);
  k.make = [](const json& cfg, const RunContext& ctx) -> std::unique_ptr<Experiment> {
    ClassifierSetup s = read_classifier_setup(cfg, ctx.seed, ctx.threads, ctx.config_dir);
    const auto chosen = cfg["imbalance"]["classes"].get<std::vector<int>>();
    for (std::size_t i = 0; i < chosen.size(); ++i)
      if (chosen[i] >= s.data->train.classes)
        throw core::ConfigError("", "/imbalance/classes/" + std::to_string(i),
                                "a class index below " + std::to_string(s.data->train.classes), std::to_string(chosen[i]));
    try {
      return std::make_unique<ImbalanceExperiment>(std::move(s), chosen, cfg["imbalance"]["fraction"].get<double>(),
                                                   cfg["imbalance"]["seeds"].get<int>(), ctx);
    } catch (const core::ArgumentError& e) {
      throw classifier_config_error(e);
    }
  };
  return k;
}

const RegisterKind registered{imbalance_kind};

}  // namespace
}  // namespace arbiter::experiments
