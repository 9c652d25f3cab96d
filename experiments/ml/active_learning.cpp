// Kind "ml.active_learning": learning curves (test accuracy against the number of labels) of a softmax
// classifier on 2-D data with a known sector rule (ml/active_learning.hpp), one curve per query strategy
// (synthesis by entropy ascent, pool uncertainty, random), over many runs with 95% CIs. Run r draws its test
// set, pool and first labels from core::RandomStream(seed, r), shared by the strategies; strategy s then draws
// from that stream's substream s. results.csv: strategy, labels, accuracy, accuracy_ci95, runs.
// runs.csv: strategy, run, labels, accuracy. queries.csv: the points each strategy queried in run 0.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>

#include "core/config_error.hpp"
#include "core/running_stats.hpp"
#include "core/table.hpp"
#include "experiments/registry.hpp"
#include "experiments/ml/divergence_guard.hpp"
#include "experiments/learning_ranges.hpp"
#include "ml/active_learning.hpp"

namespace arbiter::experiments {
namespace {

using json = nlohmann::json;
using Batch = core::Batch<double>;

struct Setup {
  ml::SectorRule rule;
  int initial = 3, budget = 30, runs = 100, pool = 500, test = 2000;
  std::vector<ml::QueryStrategy> strategies;
  ml::SoftmaxClassifierSettings classifier;
  ml::SynthesisSettings synthesis;
};

Batch uniform_points(core::RandomStream& rng, int n) {
  Batch b(n, 2);
  for (int i = 0; i < n; ++i) b(i, 0) = rng.uniform(-1.0, 1.0), b(i, 1) = rng.uniform(-1.0, 1.0);
  return b;
}

Eigen::VectorXi labels_of(const ml::SectorRule& rule, const Batch& X) {
  Eigen::VectorXi y(X.rows());
  for (Eigen::Index i = 0; i < X.rows(); ++i) y[i] = rule.label(X.row(i).transpose());
  return y;
}

struct RunResult {
  std::vector<std::vector<double>> accuracy;  // [strategy][round], round 0 = the first labels
  std::vector<Batch> queries;                 // [strategy]: the queried points, in order
  std::vector<ml::LinearSoftmax> models;      // [strategy]: the final model
};

RunResult one_run(const Setup& s, std::uint64_t seed, int run) {
  core::RandomStream rng(seed, static_cast<std::uint64_t>(run));
  const Batch test = uniform_points(rng, s.test), pool0 = uniform_points(rng, s.pool),
              first = uniform_points(rng, s.initial);
  const Eigen::VectorXi test_y = labels_of(s.rule, test);
  RunResult out;
  for (std::size_t k = 0; k < s.strategies.size(); ++k) {
    core::RandomStream srng = rng.substream(k);
    const ml::QueryStrategy strategy = s.strategies[k];
    std::vector<Eigen::Vector2d> pool;
    for (Eigen::Index i = 0; i < pool0.rows(); ++i) pool.emplace_back(pool0.row(i).transpose());
    Batch X = first;
    Eigen::VectorXi y = labels_of(s.rule, X);
    ml::LinearSoftmax model(s.rule.classes, s.classifier);
    model.fit(X, y);
    std::vector<double> acc = {ml::accuracy(model, test, test_y)};
    Batch queried(s.budget - s.initial, 2);
    for (int q = 0; q < s.budget - s.initial; ++q) {
      Eigen::Vector2d x;
      if (strategy == ml::QueryStrategy::synthesis) {
        x = ml::synthesise_query(model, s.synthesis, srng);
      } else {
        std::size_t pick = 0;
        if (strategy == ml::QueryStrategy::random) {
          pick = static_cast<std::size_t>(srng.uniform_int(pool.size()));
        } else {
          double best = -1.0;
          for (std::size_t i = 0; i < pool.size(); ++i)
            if (const double h = model.entropy(pool[i]); h > best) best = h, pick = i;
        }
        x = pool[pick];
        pool.erase(pool.begin() + static_cast<long>(pick));
      }
      queried(q, 0) = x[0];
      queried(q, 1) = x[1];
      X.conservativeResize(X.rows() + 1, 2);
      X(X.rows() - 1, 0) = x[0];
      X(X.rows() - 1, 1) = x[1];
      y.conservativeResize(y.size() + 1);
      y[y.size() - 1] = s.rule.label(x);
      model.fit(X, y);
      acc.push_back(ml::accuracy(model, test, test_y));
    }
    out.accuracy.push_back(std::move(acc));
    out.queries.push_back(std::move(queried));
    out.models.push_back(model);
  }
  return out;
}

class ActiveLearning final : public Experiment {
 public:
  ActiveLearning(Setup s, std::uint64_t seed) : s_(std::move(s)), seed_(seed) {}

  void step() override {
    guard_divergence("lower /classifier/l2 or the classifier's learning rate", [&] {
      for (int k = 0; k < 4 && !done(); ++k) {
        RunResult r = one_run(s_, seed_, static_cast<int>(runs_.size()));
        if (runs_.empty()) first_ = r;
        runs_.push_back(std::move(r.accuracy));
      }
    });
  }
  bool done() const override { return static_cast<int>(runs_.size()) >= s_.runs; }
  double progress() const override { return static_cast<double>(runs_.size()) / s_.runs; }

  Observables observables() const override {
    Observables o;
    Plot curves;
    curves.id = "learning_curves";
    curves.title = "Test accuracy against labels (mean, 95% CI over runs)";
    curves.x_label = "labels";
    curves.y_label = "accuracy";
    for (std::size_t k = 0; k < s_.strategies.size(); ++k) {
      Series series{ml::to_string(s_.strategies[k]), {}, {}, {}};
      for (int round = 0; round <= s_.budget - s_.initial && runs_.size() >= 1; ++round) {
        const auto ci = interval(k, round);
        series.x.push_back(s_.initial + round);
        series.y.push_back(ci.mean);
        series.y_err.push_back(ci.half_width);
      }
      curves.series.push_back(std::move(series));
    }
    o.plots.push_back(std::move(curves));
    if (!runs_.empty()) {
      Plot queries;
      queries.id = "queries";
      queries.title = "Queries of run 0";
      queries.x_label = "x1";
      queries.y_label = "x2";
      for (std::size_t k = 0; k < s_.strategies.size(); ++k) {
        const Batch& q = first_.queries[k];
        Series series{ml::to_string(s_.strategies[k]), {}, {}, {}};
        for (Eigen::Index i = 0; i < q.rows(); ++i) series.x.push_back(q(i, 0)), series.y.push_back(q(i, 1));
        queries.series.push_back(std::move(series));
      }
      o.plots.push_back(std::move(queries));
      // The first strategy's final model of run 0: its decision regions and its entropy over the box.
      const ml::LinearSoftmax& model = first_.models.front();
      constexpr int kCells = 64;
      Grid regions, entropy;
      regions.id = "decision_regions";
      regions.title = "Predicted class, run 0, " + ml::to_string(s_.strategies.front());
      entropy.id = "entropy";
      entropy.title = "Predictive entropy (nats), run 0, " + ml::to_string(s_.strategies.front());
      regions.rows = regions.cols = entropy.rows = entropy.cols = kCells;
      for (int i = 0; i < kCells; ++i)
        for (int j = 0; j < kCells; ++j) {
          const Eigen::Vector2d x(-1.0 + (j + 0.5) * 2.0 / kCells, 1.0 - (i + 0.5) * 2.0 / kCells);
          regions.values.push_back(static_cast<float>(model.predict(x)));
          entropy.values.push_back(static_cast<float>(model.entropy(x)));
        }
      regions.lo = 0.0f;
      regions.hi = static_cast<float>(s_.rule.classes - 1);
      regions.scale = Grid::Scale::sequential;
      regions.unit = "class";
      entropy.lo = 0.0f;
      entropy.hi = static_cast<float>(std::log(static_cast<double>(s_.rule.classes)));
      entropy.scale = Grid::Scale::sequential;
      entropy.unit = "nats";
      o.grids = {std::move(regions), std::move(entropy)};
    }
    o.numbers.emplace_back("runs", "runs done", static_cast<double>(runs_.size()),
                           std::to_string(runs_.size()) + " / " + std::to_string(s_.runs));
    return o;
  }

  Results finish() override {
    Results r;
    r.results = core::Table({"strategy", "labels", "accuracy", "accuracy_ci95", "runs"});
    core::Table runs({"strategy", "run", "labels", "accuracy"});
    json final_acc = json::object(), mean_acc = json::object();
    for (std::size_t k = 0; k < s_.strategies.size(); ++k) {
      const std::string name = ml::to_string(s_.strategies[k]);
      double area = 0.0;
      for (int round = 0; round <= s_.budget - s_.initial && !runs_.empty(); ++round) {
        const auto ci = interval(k, round);
        r.results.add_row({name, std::int64_t{s_.initial + round}, ci.mean, ci.half_width,
                           static_cast<std::int64_t>(runs_.size())});
        area += ci.mean;
      }
      for (std::size_t run = 0; run < runs_.size(); ++run)
        for (std::size_t round = 0; round < runs_[run][k].size(); ++round)
          runs.add_row({name, static_cast<std::int64_t>(run), static_cast<std::int64_t>(s_.initial + round),
                        runs_[run][k][round]});
      if (!runs_.empty()) {
        const auto ci = interval(k, s_.budget - s_.initial);
        final_acc[name] = {{"accuracy", ci.mean}, {"ci95", ci.half_width}};
        mean_acc[name] = area / (s_.budget - s_.initial + 1);
      }
    }
    r.tables["runs.csv"] = std::move(runs);
    core::Table queries({"strategy", "order", "x1", "x2", "label"});
    if (!runs_.empty())
      for (std::size_t k = 0; k < s_.strategies.size(); ++k)
        for (Eigen::Index i = 0; i < first_.queries[k].rows(); ++i)
          queries.add_row({ml::to_string(s_.strategies[k]), std::int64_t{i}, first_.queries[k](i, 0),
                           first_.queries[k](i, 1),
                           std::int64_t{s_.rule.label(first_.queries[k].row(i).transpose())}});
    r.tables["queries.csv"] = std::move(queries);
    r.summary = {{"runs", runs_.size()},
                 {"labels", s_.budget},
                 {"final_accuracy", final_acc},
                 {"mean_accuracy_over_the_curve", mean_acc}};
    std::string report = "accuracy with " + std::to_string(s_.budget) + " labels:";
    for (auto it = final_acc.begin(); it != final_acc.end(); ++it) {
      char buf[96];
      std::snprintf(buf, sizeof buf, " %s %.4f +/- %.4f", it.key().c_str(), it.value()["accuracy"].get<double>(),
                    it.value()["ci95"].get<double>());
      report += buf;
    }
    r.report = report + "\n";
    return r;
  }

 private:
  core::ConfidenceInterval interval(std::size_t strategy, int round) const {
    std::vector<double> xs;
    for (const auto& run : runs_) xs.push_back(run[strategy][static_cast<std::size_t>(round)]);
    return core::confidence_interval_95(xs);
  }

  Setup s_;
  std::uint64_t seed_;
  std::vector<std::vector<std::vector<double>>> runs_;  // [run][strategy][round]
  RunResult first_;
};

ExperimentKind active_learning_kind() {
  ExperimentKind k;
  k.name = "ml.active_learning";
  k.description = "Active learning of a softmax classifier in 2-D: entropy-ascent synthesis vs pool uncertainty vs random";
  k.quick = {"/runs=3", "/budget=10", "/test_points=300"};
  k.schema.integer("/classes", 3, "classes K: equal angular sectors around /centre").at_least(2).at_most(8);
  k.schema.add("/centre", core::ParamType::number_list, json::array({0.2, -0.1}),
               "the sectors' common corner (x1, x2), inside [-1, 1]^2")
      .at_least(-1)
      .at_most(1);
  k.schema.integer("/initial_labels", 3, "labelled points at the start (uniform in the box)").at_least(1).at_most(10000);
  k.schema.integer("/budget", 30, "labels at the end (initial + queries)").at_least(2).at_most(10000);
  k.schema.integer("/runs", 100, "independent runs (the CIs are over these)").at_least(1).at_most(100000);
  k.schema.integer("/pool", 500, "unlabelled pool points (uncertainty and random draw from it)").at_least(1).at_most(1000000);
  k.schema.integer("/test_points", 2000, "test points for the accuracy").at_least(1).at_most(1000000);
  k.schema.add("/strategies", core::ParamType::string_list, json::array({"synthesis", "uncertainty", "random"}),
               "query strategies to compare")
      .one_of({"synthesis", "uncertainty", "random"})
      .nonempty();
  k.schema.number("/classifier/l2", 1e-3, "l2 penalty on the weights (> 0)").greater_than(0).at_most(kMaxLearningRate);
  k.schema.integer("/classifier/train_steps", 300, "gradient-descent steps per fit").at_least(1).at_most(100000);
  k.schema.number("/classifier/step_size", 1.0, "gradient-descent step size").greater_than(0).at_most(10);
  k.schema.integer("/synthesis/restarts", 5, "random starts of the entropy ascent").at_least(1).at_most(1000);
  k.schema.integer("/synthesis/ascent_steps", 50, "projected gradient-ascent steps per start").at_least(1).at_most(100000);
  k.schema.number("/synthesis/ascent_step", 0.2, "step size of the ascent on x").greater_than(0);
  k.make = [](const json& cfg, const RunContext& ctx) -> std::unique_ptr<Experiment> {
    Setup s;
    s.rule.classes = cfg["classes"].get<int>();
    const auto centre = cfg["centre"].get<std::vector<double>>();
    if (centre.size() != 2)
      throw core::ConfigError("", "/centre", "two numbers (x1, x2)", std::to_string(centre.size()) + " numbers");
    s.rule.centre = {centre[0], centre[1]};
    s.initial = cfg["initial_labels"].get<int>();
    s.budget = cfg["budget"].get<int>();
    if (s.budget <= s.initial)
      throw core::ConfigError("", "/budget", "more than /initial_labels (" + std::to_string(s.initial) + ")",
                              std::to_string(s.budget));
    s.runs = cfg["runs"].get<int>();
    s.pool = cfg["pool"].get<int>();
    if (s.pool < s.budget - s.initial)
      throw core::ConfigError("", "/pool", "at least /budget - /initial_labels (" +
                                               std::to_string(s.budget - s.initial) + ") points", std::to_string(s.pool));
    s.test = cfg["test_points"].get<int>();
    for (const auto& name : cfg["strategies"].get<std::vector<std::string>>())
      s.strategies.push_back(ml::query_strategy(name));
    s.classifier = {cfg["classifier"]["l2"].get<double>(), cfg["classifier"]["train_steps"].get<int>(),
                    cfg["classifier"]["step_size"].get<double>()};
    s.synthesis = {cfg["synthesis"]["restarts"].get<int>(), cfg["synthesis"]["ascent_steps"].get<int>(),
                   cfg["synthesis"]["ascent_step"].get<double>()};
    return std::make_unique<ActiveLearning>(std::move(s), ctx.seed);
  };
  return k;
}

const RegisterKind registered{active_learning_kind};

}  // namespace
}  // namespace arbiter::experiments
