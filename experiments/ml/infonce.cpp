// Kind "ml.infonce": the InfoNCE loss as a softmax over one positive and N - 1 negatives, on correlated
// Gaussian pairs with known mutual information I = -d/2 log(1 - rho^2). For each critic (the optimal one,
// log p(y | x) / p(y), and a bilinear x^T W y learned per seed with Adam at /training/batch) and each batch size
// N, the estimate log N - L over /eval_pairs pairs per seed, with a 95% confidence interval over the seeds:
// below I, approaching it as N grows, never above log N. results.csv: critic, N, estimate, ci95, true_mi,
// log_n, seeds; seeds.csv: the estimate of every seed. summary.json results: true_mi, the estimates at the
// largest N and the learned W.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>

#include "core/config_error.hpp"
#include "core/config_schema.hpp"
#include "core/input_error.hpp"
#include "core/running_stats.hpp"
#include "core/table.hpp"
#include "experiments/registry.hpp"
#include "ml/infonce.hpp"

namespace arbiter::experiments {
namespace {

using json = nlohmann::json;

struct InfoNceSetup {
  int dimension = 2;
  double rho = 0.9;
  std::vector<int> batch_sizes;
  std::vector<std::string> critics;
  int seeds = 10, eval_pairs = 4096;
  int train_steps = 500, train_batch = 128;
  double learning_rate = 0.02;
  std::uint64_t seed = 0;
};

class InfoNceExperiment final : public Experiment {
 public:
  explicit InfoNceExperiment(InfoNceSetup s)
      : s_(std::move(s)), true_mi_(ml::gaussian_pair_mutual_information(s_.dimension, s_.rho)) {
    estimates_.assign(s_.critics.size(), std::vector<std::vector<double>>(s_.batch_sizes.size()));
  }

  // One slice: up to kTrainStepsPerSlice of the seed's bilinear critic's training steps or, once it is
  // trained, the next batches of the (critic, N) evaluation (about kScoresPerSlice scores; one N at a time, in
  // the order and with the streams of an evaluation in one go, so the numbers do not depend on the slicing).
  void step() override {
    if (done()) return;
    const auto seed_index = static_cast<std::uint64_t>(next_seed_);
    const core::RandomStream stream(s_.seed, seed_index);
    const bool with_bilinear = std::find(s_.critics.begin(), s_.critics.end(), "bilinear") != s_.critics.end();
    if (with_bilinear && !evaluating_) {
      if (!bilinear_) {
        bilinear_.emplace(s_.dimension, s_.learning_rate);
        train_rng_.emplace(stream.substream(0));
        trained_ = 0;
      }
      if (trained_ < s_.train_steps) {
        const int until = std::min(s_.train_steps, trained_ + kTrainStepsPerSlice);
        for (; trained_ < until; ++trained_)
          bilinear_->train_step(ml::draw_gaussian_pairs(s_.train_batch, s_.dimension, s_.rho, *train_rng_));
        return;
      }
      learned_diagonal_.add(bilinear_->weights().diagonal().mean());
    }
    evaluating_ = true;
    const std::optional<ml::BilinearCritic>& bilinear = bilinear_;
    const int N = s_.batch_sizes[eval_n_];
    const int batches = std::max(1, (s_.eval_pairs + N - 1) / N);
    if (eval_b_ == 0) {
      loss_sum_.assign(s_.critics.size(), 0.0);
      eval_rng_.emplace(stream.substream(1 + eval_n_));
    }
    const long long per_slice = std::max(1LL, kScoresPerSlice / (static_cast<long long>(N) * N * s_.dimension));
    const int until = static_cast<int>(std::min<long long>(batches, eval_b_ + per_slice));
    for (; eval_b_ < until; ++eval_b_) {
      const ml::GaussianPairs batch = ml::draw_gaussian_pairs(N, s_.dimension, s_.rho, *eval_rng_);
      for (std::size_t c = 0; c < s_.critics.size(); ++c)
        loss_sum_[c] += ml::infonce_loss(s_.critics[c] == "optimal" ? ml::optimal_critic_scores(batch, s_.rho)
                                                                     : bilinear->scores(batch));
    }
    if (eval_b_ < batches) return;
    for (std::size_t c = 0; c < s_.critics.size(); ++c)
      estimates_[c][eval_n_].push_back(std::log(static_cast<double>(N)) - loss_sum_[c] / batches);
    eval_b_ = 0;
    if (++eval_n_ < s_.batch_sizes.size()) return;
    eval_n_ = 0;
    evaluating_ = false;
    bilinear_.reset();
    train_rng_.reset();
    ++next_seed_;
  }
  bool done() const override { return next_seed_ >= s_.seeds; }
  double progress() const override { return static_cast<double>(next_seed_) / std::max(1, s_.seeds); }

  Observables observables() const override {
    Observables o;
    Plot p;
    p.id = "estimate";
    p.title = "InfoNCE estimate log N - L against the true mutual information";
    p.x_label = "batch size N";
    p.y_label = "nats";
    p.log_x = true;
    for (std::size_t c = 0; c < s_.critics.size(); ++c) {
      Series ser{s_.critics[c] + " critic", {}, {}, {}};
      for (std::size_t n = 0; n < s_.batch_sizes.size(); ++n) {
        if (estimates_[c][n].empty()) continue;
        const core::ConfidenceInterval ci = core::confidence_interval_95(estimates_[c][n]);
        ser.x.push_back(s_.batch_sizes[n]);
        ser.y.push_back(ci.mean);
        ser.y_err.push_back(ci.half_width);
      }
      p.series.push_back(std::move(ser));
    }
    Series truth{"true I = -d/2 log(1 - rho^2)", {}, {}, {}}, cap{"log N (the cap)", {}, {}, {}};
    for (int N : s_.batch_sizes) {
      truth.x.push_back(N);
      truth.y.push_back(true_mi_);
      cap.x.push_back(N);
      cap.y.push_back(std::log(static_cast<double>(N)));
    }
    p.series.push_back(std::move(truth));
    p.series.push_back(std::move(cap));
    o.plots.push_back(std::move(p));
    o.numbers = {{"true_mi", "true mutual information", true_mi_, fixed(true_mi_), "nats"},
                 {"rho", "correlation rho", s_.rho, core::format_double(s_.rho)},
                 {"seeds_done", "seeds done", static_cast<double>(next_seed_), std::to_string(next_seed_)}};
    for (std::size_t c = 0; c < s_.critics.size(); ++c)
      if (!estimates_[c].back().empty()) {
        const double e = core::confidence_interval_95(estimates_[c].back()).mean;
        o.numbers.emplace_back("estimate." + s_.critics[c], s_.critics[c] + " critic at the largest N", e, fixed(e),
                               "nats");
      }
    return o;
  }

  Results finish() override {
    Results r;
    r.results = core::Table({"critic", "N", "estimate", "ci95", "true_mi", "log_n", "seeds"});
    core::Table per_seed({"critic", "N", "seed_index", "estimate"});
    json at_largest = json::object();
    for (std::size_t c = 0; c < s_.critics.size(); ++c)
      for (std::size_t n = 0; n < s_.batch_sizes.size(); ++n) {
        const auto& e = estimates_[c][n];
        if (e.empty()) continue;
        const core::ConfidenceInterval ci = core::confidence_interval_95(e);
        const auto N = static_cast<std::int64_t>(s_.batch_sizes[n]);
        r.results.add_row({s_.critics[c], N, ci.mean, ci.half_width, true_mi_, std::log(static_cast<double>(N)),
                           static_cast<std::int64_t>(e.size())});
        for (std::size_t i = 0; i < e.size(); ++i) per_seed.add_row({s_.critics[c], N, static_cast<std::int64_t>(i), e[i]});
        if (n + 1 == s_.batch_sizes.size()) at_largest[s_.critics[c]] = {{"N", N}, {"estimate", ci.mean}, {"ci95", ci.half_width}};
      }
    r.tables["seeds.csv"] = std::move(per_seed);
    r.summary = {{"true_mi", true_mi_}, {"dimension", s_.dimension}, {"rho", s_.rho}, {"seeds_done", next_seed_},
                 {"at_largest_n", at_largest}};
    if (learned_diagonal_.count() > 0)
      r.summary["bilinear_mean_diagonal"] = {{"learned", learned_diagonal_.mean()},
                                             {"rho_over_1_minus_rho2", s_.rho / (1 - s_.rho * s_.rho)}};
    std::string report = "true I = " + fixed(true_mi_) + " nats;";
    for (auto it = at_largest.begin(); it != at_largest.end(); ++it)
      report += " " + it.key() + " critic at N = " + std::to_string((*it)["N"].get<std::int64_t>()) + ": " +
                fixed((*it)["estimate"].get<double>()) + " +/- " + fixed((*it)["ci95"].get<double>()) + ";";
    r.report = report + "\n";
    return r;
  }

 private:
  static std::string fixed(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4f", x);
    return buf;
  }

  InfoNceSetup s_;
  double true_mi_;
  std::vector<std::vector<std::vector<double>>> estimates_;  // [critic][N][seed]
  core::RunningStats learned_diagonal_;
  int next_seed_ = 0;
  // The current seed's bilinear critic while it trains, across slices.
  static constexpr int kTrainStepsPerSlice = 200;
  std::optional<ml::BilinearCritic> bilinear_;
  std::optional<core::RandomStream> train_rng_;
  int trained_ = 0;
  // The seed's evaluation across slices: the batch size being evaluated, its next batch, its stream and sums.
  static constexpr long long kScoresPerSlice = 1LL << 24;  // N x N x d multiply-adds, about 10 ms
  bool evaluating_ = false;
  std::size_t eval_n_ = 0;
  int eval_b_ = 0;
  std::optional<core::RandomStream> eval_rng_;
  std::vector<double> loss_sum_;
};

ExperimentKind infonce_kind() {
  ExperimentKind k;
  k.name = "ml.infonce";
  k.description = "InfoNCE estimate log N - L of the mutual information of correlated Gaussians, against the truth";
  k.quick = {"/seeds=2", "/eval_pairs=256", "/batch_sizes=[2, 16, 128]", "/training/steps=50"};
  k.schema.integer("/dimension", 2, "dimension d of x and y (I = -d/2 log(1 - rho^2))").at_least(1).at_most(256);
  k.schema.number("/rho", 0.9, "the correlation of each coordinate pair, in (-1, 1)").greater_than(-1).less_than(1);
  k.schema.add("/batch_sizes", core::ParamType::integer_list,
               json::array({2, 4, 8, 16, 32, 64, 128, 256, 512, 1024}),
               "batch sizes N (one positive and N - 1 negatives per row)")
      .nonempty()
      .at_least(2)
      .at_most(4096);
  k.schema.add("/critics", core::ParamType::string_list, json::array({"optimal", "bilinear"}),
               "critics compared: optimal (log p(y|x)/p(y)) and bilinear (x^T W y, learned)")
      .nonempty()
      .one_of({"optimal", "bilinear"});
  k.schema.integer("/seeds", 10, "independent seeds (the confidence intervals are over them)").at_least(1).at_most(10000);
  k.schema.integer("/eval_pairs", 4096, "pairs evaluated per seed and N (in batches of N)").at_least(2).at_most(1000000);
  core::Param& training = k.schema.object("/training", "the bilinear critic's training (Adam on the InfoNCE loss)");
  training.integer("steps", 500, "Adam steps per seed").at_least(0).at_most(1000000);
  training.integer("batch", 128, "training batch size").at_least(2).at_most(4096);
  training.number("learning_rate", 0.02, "Adam step size").greater_than(0).at_most(10).log();
  k.make = [](const json& cfg, const RunContext& ctx) -> std::unique_ptr<Experiment> {
    InfoNceSetup s;
    s.seed = ctx.seed;
    s.dimension = cfg["dimension"].get<int>();
    s.rho = cfg["rho"].get<double>();
    s.batch_sizes = cfg["batch_sizes"].get<std::vector<int>>();
    s.critics = cfg["critics"].get<std::vector<std::string>>();
    s.seeds = cfg["seeds"].get<int>();
    s.eval_pairs = cfg["eval_pairs"].get<int>();
    s.train_steps = cfg["training"]["steps"].get<int>();
    s.train_batch = cfg["training"]["batch"].get<int>();
    s.learning_rate = cfg["training"]["learning_rate"].get<double>();
    try {
      return std::make_unique<InfoNceExperiment>(std::move(s));
    } catch (const core::ArgumentError& e) {
      static const std::map<std::string, std::string> paths{{"rho", "/rho"}, {"dimension", "/dimension"}};
      const auto it = paths.find(e.argument());
      if (it == paths.end()) throw core::ConfigError(e.what());
      throw core::ConfigError(it->second, e);
    }
  };
  return k;
}

const RegisterKind registered{infonce_kind};

}  // namespace

}  // namespace arbiter::experiments
