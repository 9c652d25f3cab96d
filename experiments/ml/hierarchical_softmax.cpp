// Kind "ml.hierarchical_softmax": a vocabulary of V classes (Zipf frequencies p_k ~ k^-s, or counts from a
// file), its Huffman tree and the hierarchical softmax over it against the flat softmax.
// - Exactness: with random node weights the probabilities of all leaves sum to 1 (summary leaf_sum_max_error).
// - Code length: expected path length L against the entropy H (bits): H <= L < H + 1.
// - Cost: per vocabulary size of /cost/vocabularies (Zipf, the config's exponent), the multiply-adds and
//   exponentials of one probability and of one training step, flat against hierarchical (results.csv), and,
//   with /cost/timed, the measured times (timing.csv, the only output that varies from run to run).
// - A small model (context embeddings, then either output layer) trained by SGD on the same (context, word)
//   pairs: the mean negative log-likelihood per epoch (training.csv) against the true H(W | C).
// Also classes.csv (per class: probability, depth, -log2 p). summary.json results: entropy_bits,
// expected_path_length, leaf_sum_max_error and the trained models' test NLL.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <limits>
#include <map>
#include <algorithm>
#include <memory>
#include <optional>

#include "core/config_error.hpp"
#include "core/config_schema.hpp"
#include "core/input_error.hpp"
#include "core/table.hpp"
#include "experiments/registry.hpp"
#include "ml/hierarchical_softmax.hpp"
#include "ml/hierarchical_softmax_corpus.hpp"
#include "ml/hierarchical_softmax_counts.hpp"
#include "ml/huffman.hpp"

namespace arbiter::experiments {
namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

struct HsSetup {
  std::vector<double> frequencies;
  std::vector<std::string> words;  // empty: classes are numbered
  double zipf_exponent = 1.0;
  std::vector<int> cost_vocabularies;
  int cost_dimension = 16;
  bool timed = true;
  double seconds_per_measurement = 0.05;
  int contexts = 16, dimension = 16, train_examples = 20000, test_examples = 5000, epochs = 5;
  double signal = 1.0, learning_rate = 0.05, init_scale = 0.1;
  int exactness_vectors = 8;
  std::uint64_t seed = 0;
};

struct CostRow {
  int vocabulary = 0, max_depth = 0;
  double entropy_bits = 0, expected_path_length = 0;
  ml::OperationCount flat_probability, flat_step;
  double flat_seconds_probability = 0, hs_seconds_probability = 0, flat_seconds_step = 0, hs_seconds_step = 0;
  int dimension = 0;
  // Multiply-adds of one hierarchical probability, averaged over classes drawn from the frequencies: L d.
  double hs_expected_madds() const { return expected_path_length * dimension; }
};

struct EpochRow {
  int epoch = 0;
  std::string model;
  double train_nll = 0, test_nll = 0;
};

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// Mean time of f over at least 2 calls and about `budget` seconds.
template <class F> double time_per_call(F&& f, double budget) {
  const auto start = Clock::now();
  int calls = 0;
  do {
    f(calls);
    ++calls;
  } while (calls < 2 || seconds_since(start) < budget);
  return seconds_since(start) / calls;
}

Eigen::VectorXd random_hidden(int d, core::RandomStream& rng) {
  Eigen::VectorXd h(d);
  for (int i = 0; i < d; ++i) h[i] = rng.normal();
  return h;
}

class HierarchicalSoftmaxExperiment final : public Experiment {
 public:
  explicit HierarchicalSoftmaxExperiment(HsSetup s) : s_(std::move(s)), tree_(s_.frequencies) {
    entropy_bits_ = ml::entropy_bits(s_.frequencies);
    expected_length_ = tree_.expected_path_length();
    core::RandomStream rng(s_.seed, 0);
    ml::HierarchicalSoftmax random_layer(tree_, s_.dimension, 1.0, rng);
    for (int i = 0; i < s_.exactness_vectors; ++i) {
      const Eigen::VectorXd p = random_layer.probabilities(random_hidden(s_.dimension, rng));
      leaf_sum_error_ = std::max(leaf_sum_error_, std::abs(p.sum() - 1.0));
    }
    core::RandomStream data_rng(s_.seed, 1);
    source_.emplace(s_.frequencies, s_.contexts, s_.signal, data_rng);
    train_ = source_->draw(s_.train_examples, data_rng);
    test_ = source_->draw(s_.test_examples, data_rng);
    core::RandomStream init_rng(s_.seed, 2);
    embeddings_[0] = Eigen::MatrixXd(s_.contexts, s_.dimension);
    for (Eigen::Index i = 0; i < embeddings_[0].size(); ++i) embeddings_[0].data()[i] = init_rng.normal(0.0, s_.init_scale);
    embeddings_[1] = embeddings_[0];
    core::RandomStream flat_rng(s_.seed, 3), hs_rng(s_.seed, 4);
    flat_ = std::make_unique<ml::FlatSoftmax>(tree_.classes(), s_.dimension, s_.init_scale, flat_rng);
    hs_ = std::make_unique<ml::HierarchicalSoftmax>(tree_, s_.dimension, s_.init_scale, hs_rng);
    for (int m = 0; m < 2; ++m) evaluations_.push_back({{0, model_name(m), 0.0, 0.0}, m, false});
  }

  void step() override {
    if (next_cost_ < s_.cost_vocabularies.size()) {
      measure_cost_part();
      return;
    }
    if (!evaluations_.empty()) {
      evaluate_slice();
      return;
    }
    if (done()) return;
    // One slice: up to kChunk examples of the current (epoch, model).
    const auto start = Clock::now();
    Eigen::VectorXd grad_h;
    for (std::size_t k = 0; k < kChunk && position_ < train_.size(); ++k, ++position_) {
      const ml::ContextWord& cw = train_[position_];
      Eigen::VectorXd h = embeddings_[model_].row(cw.context).transpose();
      train_loss_ += model_ == 0 ? flat_->train_step(cw.word, h, s_.learning_rate, grad_h)
                                 : hs_->train_step(cw.word, h, s_.learning_rate, grad_h);
      embeddings_[model_].row(cw.context) -= s_.learning_rate * grad_h.transpose();
    }
    train_seconds_[model_] += seconds_since(start);
    if (position_ < train_.size()) return;
    evaluations_.push_back(
        {{epoch_ + 1, model_name(model_), train_loss_ / static_cast<double>(train_.size()), 0.0}, model_, true});
    train_loss_ = 0.0;
    position_ = 0;
    if (++model_ == 2) {
      model_ = 0;
      ++epoch_;
    }
  }
  bool done() const override {
    return next_cost_ >= s_.cost_vocabularies.size() && epoch_ >= s_.epochs && evaluations_.empty();
  }
  double progress() const override {
    const double total = static_cast<double>(s_.cost_vocabularies.size()) + 2.0 * s_.epochs;
    const double now = static_cast<double>(next_cost_) + cost_job_.part / 3.0 + 2.0 * epoch_ + model_ +
                       (train_.empty() ? 0.0 : static_cast<double>(position_) / static_cast<double>(train_.size()));
    if (total <= 0) return 1.0;
    return done() ? 1.0 : std::min(0.999, now / total);
  }

  Observables observables() const override {
    Observables o;
    Plot ops;
    ops.id = "cost";
    ops.title = "Multiply-adds per probability: flat O(V) against hierarchical O(log V)";
    ops.x_label = "vocabulary V";
    ops.y_label = "multiply-adds";
    ops.log_x = ops.log_y = true;
    Series flat{"flat softmax", {}, {}, {}}, hs{"hierarchical softmax", {}, {}, {}};
    for (const CostRow& c : costs_) {
      flat.x.push_back(c.vocabulary);
      flat.y.push_back(static_cast<double>(c.flat_probability.multiply_adds));
      hs.x.push_back(c.vocabulary);
      hs.y.push_back(c.hs_expected_madds());
    }
    ops.series = {std::move(flat), std::move(hs)};
    o.plots.push_back(std::move(ops));

    Plot bound;
    bound.id = "code_length";
    bound.title = "Expected path length L against the entropy H (bits): H <= L < H + 1";
    bound.x_label = "vocabulary V";
    bound.y_label = "bits";
    bound.log_x = true;
    Series l{"L (Huffman)", {}, {}, {}}, h{"H", {}, {}, {}}, h1{"H + 1", {}, {}, {}};
    for (const CostRow& c : costs_) {
      l.x.push_back(c.vocabulary);
      l.y.push_back(c.expected_path_length);
      h.x.push_back(c.vocabulary);
      h.y.push_back(c.entropy_bits);
      h1.x.push_back(c.vocabulary);
      h1.y.push_back(c.entropy_bits + 1.0);
    }
    bound.series = {std::move(l), std::move(h), std::move(h1)};
    o.plots.push_back(std::move(bound));

    Plot curve;
    curve.id = "training";
    curve.title = "Test negative log-likelihood per word (nats)";
    curve.x_label = "epoch";
    curve.y_label = "NLL (nats)";
    Series fc{"flat softmax", {}, {}, {}}, hc{"hierarchical softmax", {}, {}, {}}, floor{"H(W | C)", {}, {}, {}};
    for (const EpochRow& e : epochs_) {
      Series& target = e.model == "flat" ? fc : hc;
      target.x.push_back(e.epoch);
      target.y.push_back(e.test_nll);
    }
    floor.x = {0.0, static_cast<double>(s_.epochs)};
    floor.y = {source_->conditional_entropy(), source_->conditional_entropy()};
    curve.series = {std::move(fc), std::move(hc), std::move(floor)};
    o.plots.push_back(std::move(curve));

    Bars depth;
    depth.id = "depths";
    depth.title = "Path length (bits) of the most frequent classes against -log2 p";
    constexpr int kShown = 24;
    BarGroup d{"depth", {}}, info{"-log2 p", {}};
    for (int k = 0; k < std::min(kShown, tree_.classes()); ++k) {
      depth.labels.push_back(label(k));
      d.values.push_back(tree_.depth(k));
      info.values.push_back(-std::log2(tree_.probabilities()[static_cast<std::size_t>(k)]));
    }
    depth.groups = {std::move(d), std::move(info)};
    o.bars.push_back(std::move(depth));

    o.numbers = {{"vocabulary", "vocabulary V", static_cast<double>(tree_.classes()), std::to_string(tree_.classes())},
                 {"entropy_bits", "entropy H", entropy_bits_, fixed(entropy_bits_), "bits"},
                 {"expected_path_length", "expected path length L", expected_length_, fixed(expected_length_), "bits"},
                 {"max_depth", "deepest leaf", static_cast<double>(tree_.max_depth()), std::to_string(tree_.max_depth())},
                 {"leaf_sum_max_error", "max |sum of leaves - 1|", leaf_sum_error_, core::format_double(leaf_sum_error_)},
                 {"conditional_entropy", "H(W | C)", source_->conditional_entropy(),
                  fixed(source_->conditional_entropy()), "nats"}};
    return o;
  }

  Results finish() override {
    Results r;
    r.results = core::Table({"vocabulary", "entropy_bits", "expected_path_length", "max_depth", "log2_vocabulary",
                             "flat_multiply_adds_probability", "hierarchical_multiply_adds_probability",
                             "flat_exponentials_probability", "hierarchical_sigmoids_probability",
                             "flat_multiply_adds_step", "hierarchical_multiply_adds_step", "operation_ratio"});
    for (const CostRow& c : costs_)
      r.results.add_row({static_cast<std::int64_t>(c.vocabulary), c.entropy_bits, c.expected_path_length,
                         static_cast<std::int64_t>(c.max_depth), std::log2(static_cast<double>(c.vocabulary)),
                         c.flat_probability.multiply_adds, c.hs_expected_madds(), c.flat_probability.exponentials,
                         c.expected_path_length, c.flat_step.multiply_adds, 3.0 * c.hs_expected_madds(),
                         static_cast<double>(c.flat_probability.multiply_adds) / c.hs_expected_madds()});
    if (s_.timed) {
      core::Table t({"vocabulary", "flat_seconds_probability", "hierarchical_seconds_probability",
                     "flat_seconds_step", "hierarchical_seconds_step", "time_ratio_probability", "time_ratio_step",
                     "operation_ratio"});
      for (const CostRow& c : costs_)
        t.add_row({static_cast<std::int64_t>(c.vocabulary), c.flat_seconds_probability, c.hs_seconds_probability,
                   c.flat_seconds_step, c.hs_seconds_step, c.flat_seconds_probability / c.hs_seconds_probability,
                   c.flat_seconds_step / c.hs_seconds_step,
                   static_cast<double>(c.flat_probability.multiply_adds) / c.hs_expected_madds()});
      r.tables["timing.csv"] = std::move(t);
    }
    core::Table training({"epoch", "model", "train_nll", "test_nll"});
    for (const EpochRow& e : epochs_)
      training.add_row({static_cast<std::int64_t>(e.epoch), e.model, e.train_nll, e.test_nll});
    r.tables["training.csv"] = std::move(training);
    core::Table classes({"class", "word", "probability", "depth", "information_bits"});
    for (int k = 0; k < tree_.classes(); ++k) {
      const double p = tree_.probabilities()[static_cast<std::size_t>(k)];
      classes.add_row({static_cast<std::int64_t>(k), label(k), p, static_cast<std::int64_t>(tree_.depth(k)),
                       -std::log2(p)});
    }
    r.tables["classes.csv"] = std::move(classes);

    const double flat_test = last_test_nll("flat"), hs_test = last_test_nll("hierarchical");
    r.summary = {{"vocabulary", tree_.classes()},
                 {"entropy_bits", entropy_bits_},
                 {"expected_path_length", expected_length_},
                 {"redundancy_bits", expected_length_ - entropy_bits_},
                 {"max_depth", tree_.max_depth()},
                 {"leaf_sum_max_error", leaf_sum_error_},
                 {"conditional_entropy_nats", source_->conditional_entropy()},
                 {"flat_test_nll", flat_test},
                 {"hierarchical_test_nll", hs_test},
                 {"epochs_trained", epoch_}};
    if (s_.timed)
      r.summary["training_seconds"] = {{"flat", train_seconds_[0]}, {"hierarchical", train_seconds_[1]}};
    char buf[320];
    std::snprintf(buf, sizeof buf,
                  "V = %d: H = %.4f bits, L = %.4f bits (H <= L < H + 1), leaves sum to 1 within %.1e\n"
                  "test NLL after %d epochs: flat %.4f, hierarchical %.4f nats (H(W|C) = %.4f)\n",
                  tree_.classes(), entropy_bits_, expected_length_, leaf_sum_error_, epoch_, flat_test, hs_test,
                  source_->conditional_entropy());
    r.report = buf;
    return r;
  }

 private:
  static std::string model_name(int m) { return m == 0 ? "flat" : "hierarchical"; }
  static std::string fixed(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4f", x);
    return buf;
  }
  std::string label(int k) const {
    return s_.words.empty() ? std::to_string(k) : s_.words[static_cast<std::size_t>(k)];
  }
  double last_test_nll(const std::string& model) const {
    double v = std::numeric_limits<double>::quiet_NaN();
    for (const EpochRow& e : epochs_)
      if (e.model == model) v = e.test_nll;
    return v;
  }

  // Up to kChunk examples of the first pending evaluation; a row joins epochs_ when its NLLs are complete.
  void evaluate_slice() {
    Evaluation& e = evaluations_.front();
    const std::vector<ml::ContextWord>& data = e.on_test ? test_ : train_;
    for (std::size_t k = 0; k < kChunk && e.position < data.size(); ++k, ++e.position) {
      const ml::ContextWord& cw = data[e.position];
      const Eigen::VectorXd h = embeddings_[e.model].row(cw.context).transpose();
      e.total -= e.model == 0 ? flat_->log_probability(cw.word, h) : hs_->log_probability(cw.word, h);
    }
    if (e.position < data.size()) return;
    const double mean = data.empty() ? 0.0 : e.total / static_cast<double>(data.size());
    if (!e.on_test) {
      e.row.train_nll = mean;
      e = {e.row, e.model, true};
      return;
    }
    e.row.test_nll = mean;
    epochs_.push_back(e.row);
    evaluations_.pop_front();
  }

  // One part of the cost row of vocabulary /cost/vocabularies[next_cost_] (a part is at most a few tenths of a
  // second at V = 1e6): the tree and the operation counts, then the hierarchical timings, then the flat ones.
  void measure_cost_part() {
    const int v = s_.cost_vocabularies[next_cost_];
    const int d = s_.cost_dimension;
    CostJob& j = cost_job_;
    if (j.part == 0) {
      j = CostJob{};
      CostRow& c = j.row;
      c.vocabulary = v;
      j.frequencies = ml::zipf_frequencies(v, s_.zipf_exponent);
      j.tree.emplace(j.frequencies);
      c.entropy_bits = ml::entropy_bits(j.frequencies);
      c.expected_path_length = j.tree->expected_path_length();
      c.max_depth = j.tree->max_depth();
      c.flat_probability = {static_cast<std::int64_t>(v) * d, v};
      c.flat_step = {3 * static_cast<std::int64_t>(v) * d, v};
      c.dimension = d;
      if (!s_.timed) return finish_cost_row();
      j.rng.emplace(s_.seed, 100 + static_cast<std::uint64_t>(v));
      j.h = random_hidden(d, *j.rng);
      // Classes drawn from the vocabulary's own frequencies before the clock starts.
      const std::vector<double>& f = j.frequencies;
      std::vector<double> cdf(f.size());
      double acc = 0.0;
      for (std::size_t k = 0; k < f.size(); ++k) cdf[k] = acc += f[k];
      for (int& k : j.classes)
        k = static_cast<int>(std::min<std::size_t>(
            std::lower_bound(cdf.begin(), cdf.end(), j.rng->uniform() * acc) - cdf.begin(), f.size() - 1));
      j.part = 1;
      return;
    }
    Eigen::VectorXd grad_h;
    double sink = 0.0;
    if (j.part == 1) {
      ml::HierarchicalSoftmax hs(*j.tree, d, 0.1, *j.rng);
      j.row.hs_seconds_probability = time_per_call(
          [&](int i) { sink += hs.log_probability(j.classes[i % 64], j.h); }, s_.seconds_per_measurement);
      j.row.hs_seconds_step = time_per_call(
          [&](int i) { sink += hs.train_step(j.classes[i % 64], j.h, 1e-6, grad_h); }, s_.seconds_per_measurement);
      j.part = 2;
    } else {
      ml::FlatSoftmax flat(v, d, 0.1, *j.rng);
      j.row.flat_seconds_probability = time_per_call(
          [&](int i) { sink += flat.log_probability(j.classes[i % 64], j.h); }, s_.seconds_per_measurement);
      j.row.flat_seconds_step = time_per_call(
          [&](int i) { sink += flat.train_step(j.classes[i % 64], j.h, 1e-6, grad_h); }, s_.seconds_per_measurement);
      finish_cost_row();
    }
    volatile double keep = sink;  // the timed calls' results are used, so none is optimised away
    (void)keep;
  }
  void finish_cost_row() {
    costs_.push_back(cost_job_.row);
    cost_job_ = CostJob{};
    ++next_cost_;
  }

  HsSetup s_;
  ml::HuffmanTree tree_;
  double entropy_bits_ = 0, expected_length_ = 0, leaf_sum_error_ = 0;
  std::optional<ml::ContextWordSource> source_;
  std::vector<ml::ContextWord> train_, test_;
  Eigen::MatrixXd embeddings_[2];
  std::unique_ptr<ml::FlatSoftmax> flat_;
  std::unique_ptr<ml::HierarchicalSoftmax> hs_;
  std::vector<CostRow> costs_;
  // The cost row being measured, in parts (see measure_cost_part).
  struct CostJob {
    int part = 0;
    CostRow row;
    std::vector<double> frequencies;
    std::optional<ml::HuffmanTree> tree;
    std::optional<core::RandomStream> rng;
    Eigen::VectorXd h;
    std::vector<int> classes = std::vector<int>(64);
  };
  CostJob cost_job_;
  std::vector<EpochRow> epochs_;
  // A mean NLL being summed a slice at a time: the training split's (epoch 0 only), then the test split's.
  struct Evaluation {
    EpochRow row;
    int model = 0;
    bool on_test = false;
    std::size_t position = 0;
    double total = 0.0;
  };
  static constexpr std::size_t kChunk = 2000;
  std::deque<Evaluation> evaluations_;
  std::size_t next_cost_ = 0, position_ = 0;
  int epoch_ = 0, model_ = 0;
  double train_loss_ = 0.0, train_seconds_[2] = {0.0, 0.0};
};

core::ConfigError map_error(const core::ArgumentError& e) {
  static const std::map<std::string, std::string> paths{{"vocabulary", "/vocabulary"},
                                                        {"zipf_exponent", "/zipf_exponent"},
                                                        {"frequencies", "/counts_file"},
                                                        {"contexts", "/model/contexts"},
                                                        {"signal", "/model/signal"},
                                                        {"dimension", "/model/dimension"}};
  const auto it = paths.find(e.argument());
  return it == paths.end() ? core::ConfigError(e.what()) : core::ConfigError(it->second, e);
}

ExperimentKind hierarchical_softmax_kind() {
  ExperimentKind k;
  k.name = "ml.hierarchical_softmax";
  k.description = "Hierarchical softmax over a Huffman tree against the flat softmax: exactness, H <= L < H + 1, cost";
  k.quick = {"/cost/vocabularies=[100, 1000]", "/cost/timed=false", "/model/epochs=1", "/model/train_examples=2000",
             "/model/test_examples=500"};
  k.schema.integer("/vocabulary", 1000, "number V of classes, with Zipf frequencies p_k ~ k^-s (ignored with /counts_file)")
      .at_least(2)
      .at_most(10000000)
      .log();
  k.schema.number("/zipf_exponent", 1.0, "Zipf exponent s >= 0 (0: uniform; about 1 for words in English)")
      .at_least(0)
      .at_most(10);
  k.schema.string("/counts_file", "",
                  "a text file of counts, one class per line (its last field a count > 0, the word before it); "
                  "\"\" = Zipf. Relative to the config's folder");
  core::Param& cost = k.schema.object("/cost", "the cost of one probability and one training step, flat against hierarchical");
  cost.add("vocabularies", core::ParamType::integer_list, json::array({100, 1000, 10000, 100000, 1000000}),
           "vocabulary sizes V compared (Zipf frequencies with /zipf_exponent)")
      .at_least(2)
      .at_most(10000000);
  cost.integer("dimension", 16, "hidden dimension d of the cost comparison").at_least(1).at_most(1024);
  cost.boolean("timed", true, "also time both (timing.csv; the only output that varies between runs)");
  cost.number("seconds", 0.05, "time spent on each timing (seconds)").greater_than(0).at_most(10);
  core::Param& model = k.schema.object("/model", "a small model trained with each output layer on the same (context, word) pairs");
  model.integer("contexts", 16, "number C of contexts (each has its own word distribution)").at_least(1).at_most(100000);
  model.integer("dimension", 16, "embedding dimension d").at_least(1).at_most(1024);
  model.number("signal", 1.0, "how far p(w | c) departs from the frequencies: log p = log f + signal N(0, 1)")
      .at_least(0)
      .at_most(20);
  model.integer("train_examples", 20000, "training pairs").at_least(1).at_most(10000000);
  model.integer("test_examples", 5000, "held-out pairs").at_least(1).at_most(10000000);
  model.integer("epochs", 5, "passes over the training pairs").at_least(0).at_most(1000);
  model.number("learning_rate", 0.05, "SGD step size").greater_than(0).at_most(10).log();
  model.number("init_scale", 0.1, "standard deviation of the initial weights").at_least(0).at_most(10);
  k.make = [](const json& cfg, const RunContext& ctx) -> std::unique_ptr<Experiment> {
    HsSetup s;
    s.seed = ctx.seed;
    s.zipf_exponent = cfg["zipf_exponent"].get<double>();
    const auto& c = cfg["cost"];
    s.cost_vocabularies = c["vocabularies"].get<std::vector<int>>();
    s.cost_dimension = c["dimension"].get<int>();
    s.timed = c["timed"].get<bool>();
    s.seconds_per_measurement = c["seconds"].get<double>();
    const auto& m = cfg["model"];
    s.contexts = m["contexts"].get<int>();
    s.dimension = m["dimension"].get<int>();
    s.signal = m["signal"].get<double>();
    s.train_examples = m["train_examples"].get<int>();
    s.test_examples = m["test_examples"].get<int>();
    s.epochs = m["epochs"].get<int>();
    s.learning_rate = m["learning_rate"].get<double>();
    s.init_scale = m["init_scale"].get<double>();
    const std::string counts = cfg["counts_file"].get<std::string>();
    try {
      if (!counts.empty()) {
        std::filesystem::path p(counts);
        if (p.is_relative() && !ctx.config_dir.empty()) p = std::filesystem::path(ctx.config_dir) / p;
        ml::WordCounts wc;
        try {
          wc = ml::read_word_counts(p.string());
        } catch (const core::DataError& e) {
          throw core::ConfigError("", "/counts_file", "a readable file of at least two counts", e.what());
        }
        s.frequencies = std::move(wc.counts);
        s.words = std::move(wc.words);
      } else {
        s.frequencies = ml::zipf_frequencies(cfg["vocabulary"].get<int>(), s.zipf_exponent);
      }
      // Memory: the flat layer holds V x d weights and the data C x V probabilities (8 bytes each).
      constexpr double kMaxEntries = 5e7;
      const double v = static_cast<double>(s.frequencies.size());
      if (v * s.dimension > kMaxEntries)
        throw core::ConfigError("", "/model/dimension", "vocabulary x dimension <= 5e7 (the flat layer's weights)",
                                core::format_double(v) + " x " + std::to_string(s.dimension));
      if (v * s.contexts > kMaxEntries)
        throw core::ConfigError("", "/model/contexts", "vocabulary x contexts <= 5e7 (the word distributions)",
                                core::format_double(v) + " x " + std::to_string(s.contexts));
      for (std::size_t i = 0; i < s.cost_vocabularies.size(); ++i)
        if (static_cast<double>(s.cost_vocabularies[i]) * s.cost_dimension > kMaxEntries)
          throw core::ConfigError("", "/cost/vocabularies/" + std::to_string(i),
                                  "V x /cost/dimension <= 5e7 (the flat layer's weights)",
                                  std::to_string(s.cost_vocabularies[i]) + " x " + std::to_string(s.cost_dimension));
      return std::make_unique<HierarchicalSoftmaxExperiment>(std::move(s));
    } catch (const core::ArgumentError& e) {
      throw map_error(e);
    }
  };
  return k;
}

const RegisterKind registered{hierarchical_softmax_kind};

}  // namespace

}  // namespace arbiter::experiments
