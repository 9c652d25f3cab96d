// Kind "ml.masking": the masked softmax done right (forbidden logits -> -inf before normalising, the core's
// masked_softmax) against zeroing probabilities after the softmax, with and without renormalising. Part 1, per
// logit scale: over many random logit vectors, the probability missing from the allowed options, the gradient
// reaching forbidden logits and the failures (non-finite outputs) of each method -> results.csv (scale,
// method, ...). Part 2: softmax regression trained with each method's gradient on masked synthetic data, scored
// by the masked NLL on held-out data -> training.csv (epoch, method, ...). summary.json's results: per method
// the leak at the largest scale and the final test NLL and accuracy, and the epochs each took to come within
// 0.01 of the masked softmax's final test NLL.
#include <cstdio>
#include <limits>
#include <map>

#include "core/config_error.hpp"
#include "core/config_schema.hpp"
#include "core/random_stream.hpp"
#include "experiments/ml/divergence_guard.hpp"
#include "experiments/registry.hpp"
#include "experiments/learning_ranges.hpp"
#include "ml/masking.hpp"
#include "ml/masking_training.hpp"

namespace arbiter::experiments {
namespace {

using json = nlohmann::json;

struct LeakSpec {
  int options = 10;
  int vectors = 10000;
  double forbidden_fraction = 0.5;
  std::vector<double> scales;
};

struct LeakRow {
  double scale = 0.0;
  ml::MaskMethod method{};
  std::int64_t vectors = 0, failures = 0;
  double missing_mean = 0.0, missing_max = 0.0, gradient_mean = 0.0, gradient_max = 0.0, error_max = 0.0;
};

struct EpochRow {
  int epoch = 0;
  ml::MaskMethod method{};
  double train_loss = 0.0, forbidden_gradient = 0.0, test_nll = 0.0, test_accuracy = 0.0;
};

core::Cell cell(double v, bool present) {
  if (present) return v;
  return std::string();
}

class MaskingExperiment final : public Experiment {
 public:
  MaskingExperiment(LeakSpec leak, ml::MaskingTrainingSpec training, std::uint64_t seed)
      : leak_(std::move(leak)), spec_(training), seed_(seed), problem_(ml::make_masking_problem(training, seed)) {
    for (ml::MaskMethod m : ml::kMaskMethods) trainers_.emplace_back(m, spec_);
    optimum_ = ml::masked_score(problem_.true_weights, problem_.test);
  }

  void step() override {
    if (next_scale_ < leak_.scales.size()) {
      measure_scale_slice();
      return;
    }
    if (epoch_ >= spec_.epochs) return;
    ++epoch_;
    guard_divergence("lower /training/learning_rate or /training/weight_scale", [&] {
      for (ml::MaskedTrainer& t : trainers_) {
        const ml::MaskedTrainer::Epoch e = t.epoch(problem_.train);
        const ml::MaskedScore s = ml::masked_score(t.weights(), problem_.test);
        epochs_.push_back({epoch_, t.method(), e.train_loss, e.forbidden_gradient, s.nll, s.accuracy});
      }
    });
  }
  bool done() const override { return next_scale_ >= leak_.scales.size() && epoch_ >= spec_.epochs; }
  double progress() const override {
    const double total = static_cast<double>(leak_.scales.size()) + spec_.epochs;
    const double within = static_cast<double>(vectors_done_) / static_cast<double>(leak_.vectors);
    return (static_cast<double>(next_scale_) + within + epoch_) / total;
  }

  Observables observables() const override {
    Observables o;
    Plot missing{"missing_mass", "Probability missing from the allowed options", "logit scale (sd)", "mean missing mass", {}, true, false, {}};
    Plot gradient{"forbidden_gradient", "Gradient reaching forbidden logits", "logit scale (sd)", "mean sum |dL/dz_forbidden|", {}, true, false, {}};
    Plot failures{"failures", "Non-finite outputs", "logit scale (sd)", "fraction of vectors", {}, true, false, {}};
    for (ml::MaskMethod m : ml::kMaskMethods) {
      Series a{ml::mask_method_name(m), {}, {}, {}}, b = a, c = a;
      for (const LeakRow& r : leak_rows_) {
        if (r.method != m) continue;
        const bool any = r.failures < r.vectors;
        if (any) {
          a.x.push_back(r.scale);
          a.y.push_back(r.missing_mean);
          b.x.push_back(r.scale);
          b.y.push_back(r.gradient_mean);
        }
        c.x.push_back(r.scale);
        c.y.push_back(static_cast<double>(r.failures) / static_cast<double>(r.vectors));
      }
      missing.series.push_back(std::move(a));
      gradient.series.push_back(std::move(b));
      failures.series.push_back(std::move(c));
    }
    Plot nll{"test_nll", "Masked test NLL while training", "epoch", "masked NLL (nats)", {}, false, false, {}};
    Plot acc{"test_accuracy", "Test accuracy among allowed options", "epoch", "accuracy", {}, false, false, {}};
    for (ml::MaskMethod m : ml::kMaskMethods) {
      Series a{ml::mask_method_name(m), {}, {}, {}}, b = a;
      for (const EpochRow& r : epochs_)
        if (r.method == m) {
          a.x.push_back(r.epoch);
          a.y.push_back(r.test_nll);
          b.x.push_back(r.epoch);
          b.y.push_back(r.test_accuracy);
        }
      nll.series.push_back(std::move(a));
      acc.series.push_back(std::move(b));
    }
    nll.series.push_back({"true model", {0.0, static_cast<double>(spec_.epochs)}, {optimum_.nll, optimum_.nll}, {}});
    o.plots = {std::move(missing), std::move(gradient), std::move(failures), std::move(nll), std::move(acc)};
    o.numbers.emplace_back("true_model_test_nll", "true model's masked test NLL", optimum_.nll, fixed(optimum_.nll), "nats");
    for (const EpochRow& r : last_epoch()) {
      const std::string id = ml::mask_method_name(r.method);
      o.numbers.emplace_back(id + ".test_nll", id + ": masked test NLL", r.test_nll, fixed(r.test_nll), "nats");
      o.numbers.emplace_back(id + ".test_accuracy", id + ": test accuracy", r.test_accuracy, fixed(r.test_accuracy));
    }
    return o;
  }

  Results finish() override {
    Results r;
    r.results = core::Table({"scale", "method", "vectors", "failures", "failure_fraction", "missing_mass_mean",
                             "missing_mass_max", "forbidden_gradient_mean", "forbidden_gradient_max",
                             "allowed_error_max"});
    for (const LeakRow& x : leak_rows_) {
      const bool any = x.failures < x.vectors;
      r.results.add_row({x.scale, ml::mask_method_name(x.method), x.vectors, x.failures,
                         static_cast<double>(x.failures) / static_cast<double>(x.vectors), cell(x.missing_mean, any),
                         cell(x.missing_max, any), cell(x.gradient_mean, any), cell(x.gradient_max, any),
                         cell(x.error_max, any)});
    }
    core::Table training({"epoch", "method", "train_loss", "forbidden_gradient", "test_nll", "test_accuracy"});
    for (const EpochRow& e : epochs_)
      training.add_row({static_cast<std::int64_t>(e.epoch), ml::mask_method_name(e.method), e.train_loss,
                        e.forbidden_gradient, e.test_nll, e.test_accuracy});
    r.tables["training.csv"] = std::move(training);

    json leak = json::object(), train = json::object();
    for (const LeakRow& x : leak_rows_)
      if (x.scale == leak_.scales.back())
        leak[ml::mask_method_name(x.method)] = {
            {"failure_fraction", static_cast<double>(x.failures) / static_cast<double>(x.vectors)},
            {"missing_mass_mean", x.failures < x.vectors ? json(x.missing_mean) : json()},
            {"forbidden_gradient_mean", x.failures < x.vectors ? json(x.gradient_mean) : json()}};
    const std::vector<EpochRow> last = last_epoch();
    double target = std::numeric_limits<double>::quiet_NaN();
    for (const EpochRow& e : last)
      if (e.method == ml::MaskMethod::masked_softmax) target = e.test_nll + 0.01;
    for (const EpochRow& e : last) {
      json reached;  // null: never within 0.01 of the masked softmax's final test NLL
      for (const EpochRow& x : epochs_)
        if (x.method == e.method && x.test_nll <= target) {
          reached = x.epoch;
          break;
        }
      train[ml::mask_method_name(e.method)] = {{"test_nll", e.test_nll},
                                               {"test_accuracy", e.test_accuracy},
                                               {"epochs_to_target", reached}};
    }
    r.summary = {{"largest_scale", leak_.scales.empty() ? json() : json(leak_.scales.back())},
                 {"leak", leak},
                 {"training", train},
                 {"true_model_test_nll", optimum_.nll},
                 {"true_model_test_accuracy", optimum_.accuracy}};
    std::string report;
    char buf[200];
    for (const LeakRow& x : leak_rows_)
      if (x.scale == leak_.scales.back()) {
        std::snprintf(buf, sizeof buf, "scale %g, %-21s failures %6.4f, missing mass %.3g, forbidden gradient %.3g\n",
                      x.scale, ml::mask_method_name(x.method).c_str(),
                      static_cast<double>(x.failures) / static_cast<double>(x.vectors), x.missing_mean, x.gradient_mean);
        report += buf;
      }
    for (const EpochRow& e : last) {
      std::snprintf(buf, sizeof buf, "after %d epochs, %-21s masked test NLL %.4f (true model %.4f), accuracy %.4f\n",
                    e.epoch, ml::mask_method_name(e.method).c_str(), e.test_nll, optimum_.nll, e.test_accuracy);
      report += buf;
    }
    r.report = report;
    return r;
  }

 private:
  static std::string fixed(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4f", x);
    return buf;
  }

  std::vector<EpochRow> last_epoch() const {
    std::vector<EpochRow> out;
    for (const EpochRow& e : epochs_)
      if (e.epoch == epoch_) out.push_back(e);
    return out;
  }

  // The next slice of vectors of the current scale (the same numbers however the work is sliced: one stream per
  // scale, drawn in order); the scale's rows are kept when its last vector is done.
  void measure_scale_slice() {
    constexpr int kPerSlice = 1000;
    const double scale = leak_.scales[next_scale_];
    if (vectors_done_ == 0) {
      rng_ = core::RandomStream(seed_, 10 + next_scale_);
      pending_.clear();
      for (ml::MaskMethod m : ml::kMaskMethods) pending_[m] = LeakRow{scale, m, leak_.vectors, 0, 0, 0, 0, 0, 0};
    }
    core::Vector<double> z(leak_.options);
    core::Mask mask(leak_.options);
    for (int v = 0; v < kPerSlice && vectors_done_ < leak_.vectors; ++v, ++vectors_done_) {
      for (int j = 0; j < leak_.options; ++j) z[j] = rng_.normal(0.0, scale);
      for (int j = 0; j < leak_.options; ++j) mask[j] = !(rng_.uniform() < leak_.forbidden_fraction);
      if (!mask.any()) mask[static_cast<Eigen::Index>(rng_.uniform_int(static_cast<std::uint64_t>(leak_.options)))] = true;
      std::vector<int> allowed;
      for (int j = 0; j < leak_.options; ++j)
        if (mask[j]) allowed.push_back(j);
      const int target = allowed[static_cast<std::size_t>(rng_.uniform_int(allowed.size()))];
      for (ml::MaskMethod m : ml::kMaskMethods) {
        const ml::MaskLeak leak = ml::mask_leak(m, z, mask, target);
        LeakRow& r = pending_[m];
        if (leak.failed) {
          ++r.failures;
          continue;
        }
        r.missing_mean += leak.missing_mass;
        r.missing_max = std::max(r.missing_max, std::abs(leak.missing_mass));
        r.gradient_mean += leak.forbidden_gradient;
        r.gradient_max = std::max(r.gradient_max, leak.forbidden_gradient);
        r.error_max = std::max(r.error_max, leak.allowed_error);
      }
    }
    if (vectors_done_ < leak_.vectors) return;
    for (ml::MaskMethod m : ml::kMaskMethods) {
      LeakRow& r = pending_[m];
      const double ok = static_cast<double>(r.vectors - r.failures);
      if (ok > 0) {
        r.missing_mean /= ok;
        r.gradient_mean /= ok;
      }
      leak_rows_.push_back(r);
    }
    vectors_done_ = 0;
    ++next_scale_;
  }

  LeakSpec leak_;
  ml::MaskingTrainingSpec spec_;
  std::uint64_t seed_;
  ml::MaskingProblem problem_;
  std::vector<ml::MaskedTrainer> trainers_;
  ml::MaskedScore optimum_;
  std::size_t next_scale_ = 0;
  int vectors_done_ = 0;  // of the current scale
  core::RandomStream rng_{0};
  std::map<ml::MaskMethod, LeakRow> pending_;
  int epoch_ = 0;
  std::vector<LeakRow> leak_rows_;
  std::vector<EpochRow> epochs_;
};

ExperimentKind masking_kind() {
  ExperimentKind k;
  k.name = "ml.masking";
  k.description = "Masked softmax done right (-inf before normalising) against zeroing probabilities after it";
  k.quick = {"/leak/vectors=500", "/training/epochs=3", "/training/examples=200", "/training/test_examples=200"};
  k.schema.integer("/leak/options", 10, "options (logits) per random vector").at_least(2).at_most(10000);
  k.schema.integer("/leak/vectors", 10000, "random logit vectors per scale").at_least(1).at_most(10000000);
  k.schema.number("/leak/forbidden_fraction", 0.5, "each option is forbidden with this probability (one stays allowed)")
      .at_least(0)
      .less_than(1);
  k.schema.add("/leak/scales", core::ParamType::number_list, json::array({1, 3, 10, 30, 100, 300, 1000, 3000}),
               "standard deviations of the random logits (the largest is summarised; at most 1e6)")
      .nonempty()
      .at_most(1e6)
      .greater_than(0);
  k.schema.integer("/training/classes", 10, "classes of the softmax regression").at_least(2).at_most(1000);
  k.schema.integer("/training/features", 20, "input features").at_least(1).at_most(10000);
  k.schema.integer("/training/examples", 2000, "training examples").at_least(1).at_most(10000000);
  k.schema.integer("/training/test_examples", 2000, "held-out examples").at_least(1).at_most(10000000);
  k.schema.number("/training/allowed_fraction", 0.5, "each class is allowed for an example with this probability")
      .greater_than(0)
      .at_most(1);
  k.schema.number("/training/weight_scale", 2.0, "the true weights are N(0, scale^2 / features)").at_least(0).at_most(1e6);
  k.schema.number("/training/learning_rate", 1.0, "full-batch gradient descent step")
      .greater_than(0)
      .at_most(kMaxLearningRate);
  k.schema.integer("/training/epochs", 40, "gradient steps (each over the whole training set)").at_least(1).at_most(100000);
  k.make = [](const json& cfg, const RunContext& ctx) -> std::unique_ptr<Experiment> {
    LeakSpec leak;
    leak.options = cfg["leak"]["options"].get<int>();
    leak.vectors = cfg["leak"]["vectors"].get<int>();
    leak.forbidden_fraction = cfg["leak"]["forbidden_fraction"].get<double>();
    leak.scales = cfg["leak"]["scales"].get<std::vector<double>>();
    const json& t = cfg["training"];
    ml::MaskingTrainingSpec spec;
    spec.classes = t["classes"].get<int>();
    spec.features = t["features"].get<int>();
    spec.examples = t["examples"].get<int>();
    spec.test_examples = t["test_examples"].get<int>();
    spec.allowed_fraction = t["allowed_fraction"].get<double>();
    spec.weight_scale = t["weight_scale"].get<double>();
    spec.learning_rate = t["learning_rate"].get<double>();
    spec.epochs = t["epochs"].get<int>();
    try {
      return std::make_unique<MaskingExperiment>(std::move(leak), spec, ctx.seed);
    } catch (const core::ArgumentError& e) {
      throw core::ConfigError("/training/" + e.argument(), e);
    }
  };
  return k;
}

const RegisterKind registered{masking_kind};

}  // namespace

}  // namespace arbiter::experiments
