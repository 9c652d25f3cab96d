// Kind "ml.attention": scaled dot-product attention softmax(Q K^T / sqrt(d_k) + mask) V, four views.
// results.csv: the saturation sweep, one row per (d_k, scaled): the mean largest weight, entropy (nats) and
// softmax-Jacobian trace norm 1 - sum p^2 of a query's weights over n keys, with 95% CIs over samples, beside
// the exact expectations for n i.i.d. N(0, score_sd^2) scores (ml/softmax_of_normals.hpp).
// causal.csv: weights and score gradients of a causally masked sequence (future entries exactly 0).
// kernel_regression.csv, kernel_data.csv: Nadaraya-Watson fits as attention (bandwidth h = temperature h^2)
// beside the textbook formula. heads.csv: one set of scores under per-head temperatures. A live view (one
// short sequence at /view/d_k, scaled or not, causal or not) and the head temperatures change in place.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>

#include "core/config_error.hpp"
#include "core/random_stream.hpp"
#include "core/running_stats.hpp"
#include "core/softmax.hpp"
#include "core/softmax_derivatives.hpp"
#include "core/table.hpp"
#include "experiments/registry.hpp"
#include "ml/attention.hpp"
#include "ml/kernel_regression.hpp"
#include "ml/softmax_of_normals.hpp"

namespace arbiter::experiments {
namespace {

using json = nlohmann::json;
using Batch = core::Batch<double>;

struct Setup {
  std::vector<int> d_k;
  int keys = 64, queries = 16, samples = 100;
  bool normal_scores = false;
  int causal_length = 12, causal_d_k = 8;
  ml::AttentionMask mask;
  int kr_samples = 100, kr_queries = 200;
  double kr_noise = 0.3;
  std::vector<double> bandwidths;
  std::vector<double> head_temperatures;
  int head_length = 12, head_d_k = 16;
  int view_length = 12, view_d_k = 64;  // the live view: one short sequence at a chosen d_k
  bool view_scaled = true, view_causal = false;
};

Batch normal_batch(core::RandomStream& rng, Eigen::Index rows, Eigen::Index cols) {
  Batch b(rows, cols);
  for (Eigen::Index i = 0; i < rows; ++i)
    for (Eigen::Index j = 0; j < cols; ++j) b(i, j) = rng.normal();
  return b;
}

// One saturation point: the same draws scaled and unscaled (common random numbers).
struct SaturationPoint {
  int d_k = 1;
  core::RunningStats max_weight[2], entropy[2], jacobian[2];  // [0] scaled, [1] unscaled
  ml::NormalSoftmaxExpectations exact[2];
  int samples_done = 0;
  bool exact_done = false;
};

// Per-query statistics of a batch of scores, averaged over the queries: one observation.
void observe(const Batch& scores, core::RunningStats& max_w, core::RunningStats& ent, core::RunningStats& jac) {
  const Batch p = core::softmax_rows<double>(scores);
  double m = 0.0, h = 0.0, j = 0.0;
  for (Eigen::Index i = 0; i < p.rows(); ++i) {
    const Eigen::VectorXd row = p.row(i).transpose();
    m += row.maxCoeff();
    h += core::entropy<double>(row);
    j += 1.0 - row.squaredNorm();
  }
  const double n = static_cast<double>(p.rows());
  max_w.add(m / n);
  ent.add(h / n);
  jac.add(j / n);
}

struct CausalResult {
  Batch weights, d_scores;
  double max_future_weight = 0.0, max_future_gradient = 0.0;
};

// A masked sequence, forward and backward; future weights, score gradients and the gradients of each output
// row with respect to every later key and value (a backward pass per row) must all be exactly 0.
CausalResult causal_view(const Setup& s, core::RandomStream rng) {
  const Eigen::Index L = s.causal_length;
  const Batch Q = normal_batch(rng, L, s.causal_d_k), K = normal_batch(rng, L, s.causal_d_k),
              V = normal_batch(rng, L, s.causal_d_k), dO = normal_batch(rng, L, s.causal_d_k);
  const double scale = ml::attention_scale(s.causal_d_k);
  const auto f = ml::attention_forward<double>(Q, K, V, scale, s.mask);
  const auto g = ml::attention_backward<double>(Q, K, V, f, dO, scale);
  CausalResult r{f.weights, g.dScores, 0.0, 0.0};
  for (Eigen::Index i = 0; i < L; ++i) {
    Batch one = Batch::Zero(L, s.causal_d_k);
    one.row(i) = dO.row(i);
    const auto gi = ml::attention_backward<double>(Q, K, V, f, one, scale);
    for (Eigen::Index j = 0; j < L; ++j) {
      if (s.mask(i, j)) continue;
      r.max_future_weight = std::max(r.max_future_weight, std::abs(f.weights(i, j)));
      r.max_future_gradient = std::max({r.max_future_gradient, std::abs(g.dScores(i, j)),
                                        gi.dK.row(j).cwiseAbs().maxCoeff(), gi.dV.row(j).cwiseAbs().maxCoeff()});
    }
  }
  return r;
}

struct KernelResult {
  Eigen::VectorXd x, y, queries, truth;
  std::vector<Eigen::VectorXd> attention, textbook;
  double max_difference = 0.0;
};

KernelResult kernel_view(const Setup& s, core::RandomStream rng) {
  KernelResult r;
  r.x.resize(s.kr_samples);
  r.y.resize(s.kr_samples);
  for (int j = 0; j < s.kr_samples; ++j) {
    r.x[j] = rng.uniform();
    r.y[j] = std::sin(2.0 * M_PI * r.x[j]) + s.kr_noise * rng.normal();
  }
  r.queries = Eigen::VectorXd::LinSpaced(s.kr_queries, 0.0, 1.0);
  r.truth = (2.0 * M_PI * r.queries.array()).sin().matrix();
  for (double h : s.bandwidths) {
    r.attention.push_back(ml::kernel_regression_by_attention(r.x, r.y, r.queries, h));
    r.textbook.push_back(ml::nadaraya_watson(r.x, r.y, r.queries, h));
    r.max_difference = std::max(r.max_difference, (r.attention.back() - r.textbook.back()).cwiseAbs().maxCoeff());
  }
  return r;
}

struct HeadsResult {
  std::vector<Batch> weights;
  std::vector<double> mean_entropy, mean_max_weight;
};

HeadsResult heads_view(const Setup& s, core::RandomStream rng) {
  const Eigen::Index L = s.head_length;
  const Batch Q = normal_batch(rng, L, s.head_d_k), K = normal_batch(rng, L, s.head_d_k),
              V = normal_batch(rng, L, s.head_d_k);
  HeadsResult r;
  for (double T : s.head_temperatures) {
    const auto f = ml::attention_forward<double>(Q, K, V, ml::attention_scale(s.head_d_k), ml::AttentionMask(), T);
    double h = 0.0, m = 0.0;
    for (Eigen::Index i = 0; i < L; ++i) {
      h += core::entropy<double>(f.weights.row(i).transpose());
      m += f.weights.row(i).maxCoeff();
    }
    r.weights.push_back(f.weights);
    r.mean_entropy.push_back(h / static_cast<double>(L));
    r.mean_max_weight.push_back(m / static_cast<double>(L));
  }
  return r;
}

// The live view: one sequence whose queries and keys have kViewMaxDk unit-normal entries drawn once; d_k
// takes the first d_k of them, so moving d_k shows the same sequence saturating.
constexpr int kViewMaxDk = 4096;

struct ViewResult {
  Batch weights;
  double mean_max_weight = 0.0, mean_entropy = 0.0;
};

ViewResult view_of(const Setup& s, const Batch& Q, const Batch& K) {
  const Batch q = Q.leftCols(s.view_d_k), k = K.leftCols(s.view_d_k), v = Batch::Zero(s.view_length, 1);
  const double scale = s.view_scaled ? ml::attention_scale(s.view_d_k) : 1.0;
  const auto f = ml::attention_forward<double>(q, k, v, scale,
                                               s.view_causal ? ml::causal_mask(s.view_length) : ml::AttentionMask());
  ViewResult r{f.weights, 0.0, 0.0};
  for (Eigen::Index i = 0; i < f.weights.rows(); ++i) {
    r.mean_max_weight += f.weights.row(i).maxCoeff();
    r.mean_entropy += core::entropy<double>(f.weights.row(i).transpose());
  }
  r.mean_max_weight /= static_cast<double>(s.view_length);
  r.mean_entropy /= static_cast<double>(s.view_length);
  return r;
}

Grid grid_of(const std::string& id, const std::string& title, const Batch& m) {
  Grid g;
  g.id = id;
  g.title = title;
  g.rows = static_cast<int>(m.rows());
  g.cols = static_cast<int>(m.cols());
  for (Eigen::Index i = 0; i < m.rows(); ++i)
    for (Eigen::Index j = 0; j < m.cols(); ++j) g.values.push_back(static_cast<float>(m(i, j)));
  g.lo = 0.0f;
  g.hi = 1.0f;
  g.scale = Grid::Scale::sequential;
  g.unit = "weight";
  return g;
}

class AttentionExperiment final : public Experiment {
 public:
  AttentionExperiment(Setup s, json cfg, std::uint64_t seed)
      : s_(std::move(s)), cfg_(std::move(cfg)), seed_(seed), causal_(causal_view(s_, core::RandomStream(seed, 1))),
        kernel_(kernel_view(s_, core::RandomStream(seed, 2))), heads_(heads_view(s_, core::RandomStream(seed, 3))) {
    for (int d : s_.d_k) points_.push_back(SaturationPoint{d, {}, {}, {}, {}, 0, false});
    core::RandomStream rng(seed, 4);
    view_q_ = normal_batch(rng, s_.view_length, kViewMaxDk);
    view_k_ = normal_batch(rng, s_.view_length, kViewMaxDk);
    view_ = view_of(s_, view_q_, view_k_);
  }

  // The live keys (/view/d_k, /view/scaled, /view/causal, /heads/temperatures) change in place.
  bool apply_live(const json& config) override {
    static const std::vector<std::pair<std::string, std::string>> live = {
        {"view", "d_k"}, {"view", "scaled"}, {"view", "causal"}, {"heads", "temperatures"}};
    json rest = config, now = cfg_;
    for (const auto& [object, key] : live) {
      if (!rest.contains(object) || !rest[object].contains(key)) return false;
      rest[object].erase(key);
      if (now.contains(object)) now[object].erase(key);
    }
    if (rest != now) return false;
    Setup next = s_;
    next.view_d_k = config["view"]["d_k"].get<int>();
    next.view_scaled = config["view"]["scaled"].get<bool>();
    next.view_causal = config["view"]["causal"].get<bool>();
    next.head_temperatures = config["heads"]["temperatures"].get<std::vector<double>>();
    if (next.view_d_k < 1 || next.view_d_k > kViewMaxDk || next.head_temperatures.empty()) return false;
    for (double T : next.head_temperatures)
      if (!(T > 0.0)) return false;
    s_ = std::move(next);
    cfg_ = config;
    view_ = view_of(s_, view_q_, view_k_);
    heads_ = heads_view(s_, core::RandomStream(seed_, 3));
    return true;
  }

  void step() override {
    if (done()) return;
    SaturationPoint& p = points_[next_];
    if (p.samples_done < s_.samples) {
      // About a million normal draws per slice.
      const long per_sample = static_cast<long>(s_.normal_scores ? s_.keys : s_.keys + s_.queries) *
                              (s_.normal_scores ? s_.queries : p.d_k);
      const long batch = std::max(1L, 1000000L / std::max(1L, per_sample));
      for (long b = 0; b < batch && p.samples_done < s_.samples; ++b) sample(p);
      return;
    }
    for (int v = 0; v < 2; ++v) p.exact[v] = exact(score_sd(p.d_k, v == 0));
    p.exact_done = true;
    ++next_;
  }
  bool done() const override { return next_ >= points_.size(); }
  double progress() const override {
    double work = 0.0, total = 0.0;
    for (const auto& p : points_) {
      total += s_.samples + 1.0;
      work += p.samples_done + (p.exact_done ? 1.0 : 0.0);
    }
    return total > 0.0 ? work / total : 1.0;
  }

  Observables observables() const override {
    Observables o;
    const char* ids[3] = {"max_weight", "entropy", "jacobian_norm"};
    const char* titles[3] = {"Mean largest attention weight", "Mean entropy of the weights (nats)",
                             "Mean softmax-Jacobian trace norm 1 - sum p^2"};
    for (int q = 0; q < 3; ++q) {
      Plot plot;
      plot.id = ids[q];
      plot.title = titles[q];
      plot.x_label = "d_k";
      plot.y_label = ids[q];
      plot.log_x = true;
      for (int v = 0; v < 2; ++v) {
        Series mc{v == 0 ? "scaled 1/sqrt(d_k)" : "unscaled", {}, {}, {}};
        Series ex{v == 0 ? "exact, scaled" : "exact, unscaled", {}, {}, {}};
        for (const auto& p : points_) {
          const core::RunningStats& st = stat(p, q, v);
          if (st.count() >= 2) {
            mc.x.push_back(p.d_k);
            mc.y.push_back(st.mean());
            mc.y_err.push_back(core::confidence_interval_95(st).half_width);
          }
          if (p.exact_done) {
            ex.x.push_back(p.d_k);
            ex.y.push_back(exact_value(p.exact[v], q));
          }
        }
        plot.series.push_back(std::move(mc));
        plot.series.push_back(std::move(ex));
      }
      o.plots.push_back(std::move(plot));
    }
    Plot kr;
    kr.id = "kernel_regression";
    kr.title = "Nadaraya-Watson regression as attention (temperature h^2)";
    kr.x_label = "x";
    kr.y_label = "y";
    Series data{"data", {kernel_.x.data(), kernel_.x.data() + kernel_.x.size()},
                {kernel_.y.data(), kernel_.y.data() + kernel_.y.size()}, {}};
    kr.series.push_back(std::move(data));
    kr.series.push_back({"sin(2 pi x)", {kernel_.queries.data(), kernel_.queries.data() + kernel_.queries.size()},
                         {kernel_.truth.data(), kernel_.truth.data() + kernel_.truth.size()}, {}});
    for (std::size_t b = 0; b < s_.bandwidths.size(); ++b)
      kr.series.push_back({"h = " + core::format_double(s_.bandwidths[b]),
                           {kernel_.queries.data(), kernel_.queries.data() + kernel_.queries.size()},
                           {kernel_.attention[b].data(), kernel_.attention[b].data() + kernel_.attention[b].size()},
                           {}});
    o.plots.push_back(std::move(kr));
    o.grids.push_back(grid_of("view_weights",
                              "Attention weights, d_k = " + std::to_string(s_.view_d_k) +
                                  (s_.view_scaled ? ", scaled" : ", unscaled") + (s_.view_causal ? ", causal" : ""),
                              view_.weights));
    o.grids.push_back(grid_of("causal_weights", "Causal attention weights (query x key)", causal_.weights));
    for (std::size_t h = 0; h < s_.head_temperatures.size(); ++h)
      o.grids.push_back(grid_of("head_" + std::to_string(h),
                                "Head " + std::to_string(h) + ", T = " + core::format_double(s_.head_temperatures[h]),
                                heads_.weights[h]));
    o.numbers = {{"causal_max_future_weight", "largest future weight", causal_.max_future_weight,
                  core::format_double(causal_.max_future_weight)},
                 {"causal_max_future_gradient", "largest future gradient", causal_.max_future_gradient,
                  core::format_double(causal_.max_future_gradient)},
                 {"kernel_regression_max_difference", "attention - textbook (max)", kernel_.max_difference,
                  core::format_double(kernel_.max_difference)},
                 {"view_mean_max_weight", "mean largest weight (view)", view_.mean_max_weight,
                  core::format_double(view_.mean_max_weight)},
                 {"view_mean_entropy", "mean entropy (view)", view_.mean_entropy, core::format_double(view_.mean_entropy),
                  "nats"}};
    return o;
  }

  Results finish() override {
    Results r;
    r.results = core::Table({"d_k", "scaled", "keys", "score_sd", "samples", "max_weight", "max_weight_ci95", "entropy",
                             "entropy_ci95", "jacobian_norm", "jacobian_norm_ci95", "normal_max_weight",
                             "normal_entropy", "normal_jacobian_norm"});
    json sat = json::object();
    for (const auto& p : points_) {
      if (p.samples_done < 2 || !p.exact_done) continue;
      for (int v = 0; v < 2; ++v) {
        std::vector<core::Cell> row = {std::int64_t{p.d_k}, std::int64_t{v == 0 ? 1 : 0}, std::int64_t{s_.keys},
                                       score_sd(p.d_k, v == 0), std::int64_t{p.samples_done}};
        for (int q = 0; q < 3; ++q) {
          const auto ci = core::confidence_interval_95(stat(p, q, v));
          row.emplace_back(ci.mean);
          row.emplace_back(ci.half_width);
        }
        for (int q = 0; q < 3; ++q) row.emplace_back(exact_value(p.exact[v], q));
        r.results.add_row(std::move(row));
      }
    }
    if (!points_.empty() && points_.back().exact_done) {
      const auto& p = points_.back();
      sat = {{"d_k", p.d_k},
             {"max_weight_scaled", p.max_weight[0].mean()},
             {"max_weight_unscaled", p.max_weight[1].mean()},
             {"entropy_scaled", p.entropy[0].mean()},
             {"entropy_unscaled", p.entropy[1].mean()},
             {"jacobian_norm_scaled", p.jacobian[0].mean()},
             {"jacobian_norm_unscaled", p.jacobian[1].mean()}};
    }

    core::Table causal({"query", "key", "visible", "weight", "d_score"});
    for (Eigen::Index i = 0; i < causal_.weights.rows(); ++i)
      for (Eigen::Index j = 0; j < causal_.weights.cols(); ++j)
        causal.add_row({std::int64_t{i}, std::int64_t{j}, std::int64_t{s_.mask(i, j) ? 1 : 0}, causal_.weights(i, j),
                        causal_.d_scores(i, j)});
    r.tables["causal.csv"] = std::move(causal);

    core::Table kr({"bandwidth", "temperature", "x", "truth", "attention", "nadaraya_watson"});
    json mse = json::array();
    for (std::size_t b = 0; b < s_.bandwidths.size(); ++b) {
      const double h = s_.bandwidths[b];
      for (Eigen::Index q = 0; q < kernel_.queries.size(); ++q)
        kr.add_row({h, h * h, kernel_.queries[q], kernel_.truth[q], kernel_.attention[b][q], kernel_.textbook[b][q]});
      mse.push_back({{"bandwidth", h}, {"mse", (kernel_.attention[b] - kernel_.truth).squaredNorm() /
                                                   static_cast<double>(kernel_.queries.size())}});
    }
    r.tables["kernel_regression.csv"] = std::move(kr);
    core::Table data({"x", "y"});
    for (Eigen::Index j = 0; j < kernel_.x.size(); ++j) data.add_row({kernel_.x[j], kernel_.y[j]});
    r.tables["kernel_data.csv"] = std::move(data);

    core::Table heads({"head", "temperature", "query", "key", "weight"});
    json head_summary = json::array();
    for (std::size_t h = 0; h < s_.head_temperatures.size(); ++h) {
      const Batch& w = heads_.weights[h];
      for (Eigen::Index i = 0; i < w.rows(); ++i)
        for (Eigen::Index j = 0; j < w.cols(); ++j)
          heads.add_row({static_cast<std::int64_t>(h), s_.head_temperatures[h], std::int64_t{i}, std::int64_t{j}, w(i, j)});
      head_summary.push_back({{"temperature", s_.head_temperatures[h]},
                              {"mean_entropy", heads_.mean_entropy[h]},
                              {"mean_max_weight", heads_.mean_max_weight[h]}});
    }
    r.tables["heads.csv"] = std::move(heads);

    r.summary = {{"saturation_at_largest_d_k", sat},
                 {"causal_max_future_weight", causal_.max_future_weight},
                 {"causal_max_future_gradient", causal_.max_future_gradient},
                 {"kernel_regression_max_difference", kernel_.max_difference},
                 {"kernel_regression_mse", mse},
                 {"heads", head_summary},
                 {"view", {{"d_k", s_.view_d_k},
                           {"scaled", s_.view_scaled},
                           {"causal", s_.view_causal},
                           {"mean_max_weight", view_.mean_max_weight},
                           {"mean_entropy", view_.mean_entropy}}}};
    char buf[320];
    if (sat.empty())
      std::snprintf(buf, sizeof buf, "saturation sweep not finished\n");
    else
      std::snprintf(buf, sizeof buf,
                    "d_k = %d: mean largest weight %.4f scaled, %.4f unscaled; causal future weight %g, "
                    "gradient %g; kernel regression |attention - textbook| <= %.3g\n",
                    sat["d_k"].get<int>(), sat["max_weight_scaled"].get<double>(),
                    sat["max_weight_unscaled"].get<double>(), causal_.max_future_weight,
                    causal_.max_future_gradient, kernel_.max_difference);
    r.report = buf;
    return r;
  }

 private:
  double score_sd(int d_k, bool scaled) const {
    return scaled ? 1.0 : std::sqrt(static_cast<double>(d_k));
  }
  ml::NormalSoftmaxExpectations exact(double sd) {
    if (const auto it = exact_cache_.find(sd); it != exact_cache_.end()) return it->second;
    return exact_cache_[sd] = ml::normal_softmax_expectations(s_.keys, sd);
  }
  static const core::RunningStats& stat(const SaturationPoint& p, int q, int v) {
    return q == 0 ? p.max_weight[v] : q == 1 ? p.entropy[v] : p.jacobian[v];
  }
  static double exact_value(const ml::NormalSoftmaxExpectations& e, int q) {
    return q == 0 ? e.max_weight : q == 1 ? e.entropy : e.jacobian_trace_norm;
  }
  void sample(SaturationPoint& p) {
    // Sample k of point i draws from stream (seed, 1000 + 100000 * i + k): independent of the slicing.
    core::RandomStream rng(seed_, 1000 + 100000ULL * (&p - points_.data()) + static_cast<std::uint64_t>(p.samples_done));
    const double root = std::sqrt(static_cast<double>(p.d_k));
    Batch scaled;
    if (s_.normal_scores) {
      scaled = normal_batch(rng, s_.queries, s_.keys);
    } else {
      const Batch Q = normal_batch(rng, s_.queries, p.d_k), K = normal_batch(rng, s_.keys, p.d_k);
      scaled.noalias() = Q * K.transpose();
      scaled /= root;
    }
    observe(scaled, p.max_weight[0], p.entropy[0], p.jacobian[0]);
    const Batch unscaled = scaled * root;
    observe(unscaled, p.max_weight[1], p.entropy[1], p.jacobian[1]);
    ++p.samples_done;
  }

  Setup s_;
  json cfg_;
  std::uint64_t seed_;
  std::vector<SaturationPoint> points_;
  std::size_t next_ = 0;
  std::map<double, ml::NormalSoftmaxExpectations> exact_cache_;
  CausalResult causal_;
  KernelResult kernel_;
  HeadsResult heads_;
  Batch view_q_, view_k_;
  ViewResult view_;
};

ml::AttentionMask read_mask(const json& v, int length) {
  if (v.is_string()) return ml::causal_mask(length);  // "causal" (the schema allows no other string)
  ml::AttentionMask m(length, length);
  if (static_cast<int>(v.size()) != length)
    throw core::ConfigError("", "/causal/mask", std::to_string(length) + " rows (one per query, /causal/length)",
                            std::to_string(v.size()) + " rows");
  for (int i = 0; i < length; ++i) {
    const json& row = v[static_cast<std::size_t>(i)];
    const std::string at = "/causal/mask/" + std::to_string(i);
    if (!row.is_array() || static_cast<int>(row.size()) != length)
      throw core::ConfigError("", at, "a list of " + std::to_string(length) + " booleans", core::short_json(row));
    bool any = false;
    for (int j = 0; j < length; ++j) {
      if (!row[static_cast<std::size_t>(j)].is_boolean())
        throw core::ConfigError("", at + "/" + std::to_string(j), "a boolean", core::short_json(row[static_cast<std::size_t>(j)]));
      m(i, j) = row[static_cast<std::size_t>(j)].get<bool>();
      any = any || m(i, j);
    }
    if (!any) throw core::ConfigError("", at, "at least one visible key (true) for every query", "every key hidden");
  }
  return m;
}

ExperimentKind attention_kind() {
  ExperimentKind k;
  k.name = "ml.attention";
  k.description = "Scaled dot-product attention: saturation over d_k, causal mask, kernel regression, head temperatures";
  k.quick = {"/saturation/samples=4", "/saturation/d_k=[1,16,256]", "/saturation/keys=16"};
  k.schema.add("/saturation/d_k", core::ParamType::integer_list,
               json::array({1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096}),
               "key dimensions d_k to sweep (each >= 1)")
      .at_least(1)
      .at_most(65536)
      .nonempty();
  k.schema.integer("/saturation/keys", 64, "keys n each query attends over").at_least(2).at_most(4096);
  k.schema.integer("/saturation/queries", 16, "queries per sample").at_least(1).at_most(4096);
  k.schema.integer("/saturation/samples", 100, "independent draws of Q and K per d_k (the CI is over these)")
      .at_least(2)
      .at_most(1000000);
  k.schema.string("/saturation/scores", "attention",
                  "attention: scores Q K^T from unit normal entries; normal: i.i.d. N(0, d_k) scores (the exact model)")
      .one_of({"attention", "normal"});
  k.schema.integer("/causal/length", 12, "length of the causally masked sequence").at_least(1).at_most(512);
  k.schema.integer("/causal/d_k", 8, "d_k of the causal sequence").at_least(1).at_most(4096);
  k.schema.add("/causal/mask", core::ParamType::any, "causal",
               "\"causal\" (query i sees keys 0..i), or a length x length list of booleans (true = visible)")
      .validate_with([](const json& v, const std::string& path) {
        if (v.is_string() && v.get<std::string>() == "causal") return;
        if (!v.is_array())
          throw core::ConfigError("", path, "\"causal\" or a list of lists of booleans", core::short_json(v));
      });
  k.schema.integer("/kernel_regression/samples", 100, "noisy samples of sin(2 pi x), x uniform on [0, 1]")
      .at_least(1)
      .at_most(100000);
  k.schema.number("/kernel_regression/noise", 0.3, "standard deviation of the noise on y").at_least(0).at_most(1e100);
  k.schema.add("/kernel_regression/bandwidths", core::ParamType::number_list, json::array({0.02, 0.05, 0.1, 0.3}),
               "Gaussian kernel bandwidths h (temperature h^2), each > 0")
      .greater_than(0)
      .nonempty();
  k.schema.integer("/kernel_regression/queries", 200, "evaluation points on [0, 1]").at_least(2).at_most(100000);
  k.schema.add("/heads/temperatures", core::ParamType::number_list, json::array({0.25, 1.0, 4.0}),
               "one temperature per head, over the same scores (1e-6 <= T <= 1e6)")
      .at_least(1e-6)
      .at_most(1e6)
      .nonempty()
      .live_control();
  k.schema.integer("/view/length", 12, "sequence length of the live view").at_least(1).at_most(256);
  k.schema.integer("/view/d_k", 64, "d_k of the live view (the first d_k of 4096 drawn entries)")
      .at_least(1)
      .at_most(kViewMaxDk)
      .live_control();
  k.schema.boolean("/view/scaled", true, "live view: scale the scores by 1 / sqrt(d_k)").live_control();
  k.schema.boolean("/view/causal", false, "live view: causal mask").live_control();
  k.schema.integer("/heads/length", 12, "sequence length of the heads view").at_least(1).at_most(512);
  k.schema.integer("/heads/d_k", 16, "d_k of the heads view").at_least(1).at_most(4096);
  k.make = [](const json& cfg, const RunContext& ctx) -> std::unique_ptr<Experiment> {
    Setup s;
    s.d_k = cfg["saturation"]["d_k"].get<std::vector<int>>();
    s.keys = cfg["saturation"]["keys"].get<int>();
    s.queries = cfg["saturation"]["queries"].get<int>();
    s.samples = cfg["saturation"]["samples"].get<int>();
    s.normal_scores = cfg["saturation"]["scores"].get<std::string>() == "normal";
    s.causal_length = cfg["causal"]["length"].get<int>();
    s.causal_d_k = cfg["causal"]["d_k"].get<int>();
    s.mask = read_mask(cfg["causal"]["mask"], s.causal_length);
    s.kr_samples = cfg["kernel_regression"]["samples"].get<int>();
    s.kr_noise = cfg["kernel_regression"]["noise"].get<double>();
    s.bandwidths = cfg["kernel_regression"]["bandwidths"].get<std::vector<double>>();
    s.kr_queries = cfg["kernel_regression"]["queries"].get<int>();
    s.head_temperatures = cfg["heads"]["temperatures"].get<std::vector<double>>();
    s.head_length = cfg["heads"]["length"].get<int>();
    s.head_d_k = cfg["heads"]["d_k"].get<int>();
    s.view_length = cfg["view"]["length"].get<int>();
    s.view_d_k = cfg["view"]["d_k"].get<int>();
    s.view_scaled = cfg["view"]["scaled"].get<bool>();
    s.view_causal = cfg["view"]["causal"].get<bool>();
    try {
      return std::make_unique<AttentionExperiment>(std::move(s), cfg, ctx.seed);
    } catch (const core::ArgumentError& e) {
      static const std::map<std::string, std::string> paths{{"bandwidth h", "/kernel_regression/bandwidths"},
                                                            {"mask", "/causal/mask"}};
      const auto it = paths.find(e.argument());
      if (it != paths.end()) throw core::ConfigError(it->second, e);
      throw core::ConfigError(e.what());
    }
  };
  return k;
}

const RegisterKind registered{attention_kind};

}  // namespace
}  // namespace arbiter::experiments
