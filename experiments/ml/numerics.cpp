// Kind "ml.numerics": what the shift by the maximum saves. The largest logit the naive exp(z) / sum exp(z)
// survives in float16 (Eigen::half), float32 and float64, computed by bisection (core/softmax_naive.hpp), and
// the naive and the core's shifted softmax side by side on the logits (z + c) / T for every shift c of a grid
// that crosses those limits. results.csv: one row per (precision, shift): the largest logit, whether the naive
// probabilities are finite, the largest probability error of each method and the log-sum-exp of each with its
// error, against the exact values of the same rounded logits (long double, shifted). A cell is empty where
// the method gave NaN or inf (or where a logit itself is past the type's range).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

#include "core/config_error.hpp"
#include "core/softmax.hpp"
#include "core/softmax_half.hpp"
#include "core/softmax_naive.hpp"
#include "core/softmax_reference.hpp"
#include "core/table.hpp"
#include "experiments/registry.hpp"

namespace arbiter::experiments {
namespace {

using json = nlohmann::json;
using half = Eigen::half;
const char* const kPrecisions[3] = {"float16", "float32", "float64"};

struct Row {
  int precision = 0;
  double shift = 0.0, max_logit = 0.0;
  bool naive_finite = false;
  double naive_error = NAN, stable_error = NAN, exact_lse = NAN, naive_lse = NAN, stable_lse = NAN;
};

template <class S> Row evaluate(int precision, double shift, const std::vector<double>& logits, double T) {
  core::Vector<S> z(static_cast<Eigen::Index>(logits.size()));
  std::vector<double> rounded(logits.size());
  for (std::size_t i = 0; i < logits.size(); ++i) {
    z[static_cast<Eigen::Index>(i)] = S((logits[i] + shift) / T);
    rounded[i] = static_cast<double>(z[static_cast<Eigen::Index>(i)]);
  }
  Row r;
  r.precision = precision;
  r.shift = shift;
  r.max_logit = *std::max_element(rounded.begin(), rounded.end());
  for (double v : rounded)  // a logit past the type's range (inf in S): neither method has an input
    if (!std::isfinite(v)) return r;
  const core::ReferenceSoftmax reference = core::reference_softmax(rounded);
  const std::vector<long double>& p = reference.probabilities;
  r.exact_lse = static_cast<double>(reference.log_z);
  auto error = [&](const core::Vector<S>& q) {
    double e = 0.0;
    for (Eigen::Index i = 0; i < q.size(); ++i) {
      const double v = static_cast<double>(q[i]);
      if (!std::isfinite(v)) return std::numeric_limits<double>::quiet_NaN();
      e = std::max(e, static_cast<double>(std::abs(static_cast<long double>(v) - p[static_cast<std::size_t>(i)])));
    }
    return e;
  };
  r.naive_error = error(core::naive_softmax<S>(z));
  r.naive_finite = std::isfinite(r.naive_error);
  r.stable_error = error(core::softmax<S>(z));
  r.naive_lse = static_cast<double>(core::naive_log_sum_exp<S>(z));
  r.stable_lse = static_cast<double>(core::log_sum_exp<S>(z));
  return r;
}

core::Cell cell(double v) {
  if (std::isfinite(v)) return core::Cell(std::in_place_type<double>, v);
  return core::Cell(std::in_place_type<std::string>);
}

class Numerics final : public Experiment {
 public:
  Numerics(std::vector<double> logits, std::vector<double> shifts, double T)
      : logits_(std::move(logits)), shifts_(std::move(shifts)), T_(T) {
    limits_[0] = {core::naive_softmax_overflow_limit<half>(), core::naive_softmax_underflow_limit<half>(),
                  std::log(static_cast<double>(std::numeric_limits<half>::max()))};
    limits_[1] = {core::naive_softmax_overflow_limit<float>(), core::naive_softmax_underflow_limit<float>(),
                  std::log(static_cast<double>(std::numeric_limits<float>::max()))};
    limits_[2] = {core::naive_softmax_overflow_limit<double>(), core::naive_softmax_underflow_limit<double>(),
                  std::log(std::numeric_limits<double>::max())};
  }

  void step() override {
    for (int k = 0; k < 256 && !done(); ++k) {
      const std::size_t i = rows_.size() / 3;
      const int precision = static_cast<int>(rows_.size() % 3);
      const double c = shifts_[i];
      rows_.push_back(precision == 0   ? evaluate<half>(0, c, logits_, T_)
                      : precision == 1 ? evaluate<float>(1, c, logits_, T_)
                                       : evaluate<double>(2, c, logits_, T_));
    }
  }
  bool done() const override { return rows_.size() >= 3 * shifts_.size(); }
  double progress() const override {
    return shifts_.empty() ? 1.0 : static_cast<double>(rows_.size()) / (3.0 * static_cast<double>(shifts_.size()));
  }

  Observables observables() const override {
    Observables o;
    Plot perr{"probability_error", "Largest probability error (empty: NaN)", "shift c", "max |p - p_exact|", {},
              false, true, {}};
    Plot lerr{"lse_error", "log-sum-exp error (empty: inf or NaN)", "shift c", "|lse - lse_exact|", {}, false, true, {}};
    for (int q = 0; q < 3; ++q) {
      Series pn{std::string(kPrecisions[q]) + " naive", {}, {}, {}}, ps{std::string(kPrecisions[q]) + " shifted", {}, {}, {}};
      Series ln = pn, ls = ps;
      for (const Row& r : rows_) {
        if (r.precision != q) continue;
        // A floor of 1e-18 keeps exact answers (error 0) on the log axis.
        if (std::isfinite(r.naive_error)) pn.x.push_back(r.shift), pn.y.push_back(std::max(r.naive_error, 1e-18));
        if (std::isfinite(r.stable_error)) ps.x.push_back(r.shift), ps.y.push_back(std::max(r.stable_error, 1e-18));
        const double en = std::abs(r.naive_lse - r.exact_lse), es = std::abs(r.stable_lse - r.exact_lse);
        if (std::isfinite(en)) ln.x.push_back(r.shift), ln.y.push_back(std::max(en, 1e-18));
        if (std::isfinite(es)) ls.x.push_back(r.shift), ls.y.push_back(std::max(es, 1e-18));
      }
      perr.series.push_back(std::move(pn));
      perr.series.push_back(std::move(ps));
      lerr.series.push_back(std::move(ln));
      lerr.series.push_back(std::move(ls));
    }
    for (int q = 0; q < 3; ++q) perr.x_markers.push_back(limits_[q].overflow);
    o.plots = {std::move(perr), std::move(lerr)};
    for (int q = 0; q < 3; ++q) {
      o.numbers.emplace_back(std::string("largest_logit_") + kPrecisions[q],
                             std::string("largest logit, naive ") + kPrecisions[q], limits_[q].overflow,
                             core::format_double(limits_[q].overflow));
      o.numbers.emplace_back(std::string("smallest_logit_") + kPrecisions[q],
                             std::string("most negative common logit, naive ") + kPrecisions[q], limits_[q].underflow,
                             core::format_double(limits_[q].underflow));
    }
    return o;
  }

  Results finish() override {
    Results r;
    r.results = core::Table({"precision", "shift", "max_logit", "naive_finite", "naive_max_error", "stable_max_error",
                             "exact_lse", "naive_lse", "stable_lse", "naive_lse_error", "stable_lse_error"});
    json first_failure = json::object(), worst_stable = json::object();
    for (int q = 0; q < 3; ++q) worst_stable[kPrecisions[q]] = 0.0;
    for (const Row& row : rows_) {
      const double en = std::abs(row.naive_lse - row.exact_lse), es = std::abs(row.stable_lse - row.exact_lse);
      r.results.add_row({std::string(kPrecisions[row.precision]), row.shift, cell(row.max_logit),
                         std::int64_t{row.naive_finite ? 1 : 0}, cell(row.naive_error), cell(row.stable_error),
                         cell(row.exact_lse), cell(row.naive_lse), cell(row.stable_lse), cell(en), cell(es)});
      const char* name = kPrecisions[row.precision];
      // Wrong: NaN, or finite but off by more than 0.01 (the sum overflows before its largest term does).
      const bool wrong = !row.naive_finite || row.naive_error > 0.01;
      if (wrong && row.shift >= 0.0 && !first_failure.contains(name)) first_failure[name] = row.shift;
      if (std::isfinite(row.stable_error))
        worst_stable[name] = std::max(worst_stable[name].get<double>(), row.stable_error);
    }
    for (int q = 0; q < 3; ++q) {
      const std::string p = kPrecisions[q];
      r.summary["largest_logit_" + p] = limits_[q].overflow;
      r.summary["smallest_logit_" + p] = limits_[q].underflow;
      r.summary["log_largest_finite_" + p] = limits_[q].log_max;
    }
    r.summary["first_naive_wrong_shift"] = first_failure;
    r.summary["worst_stable_probability_error"] = worst_stable;
    char buf[300];
    std::snprintf(buf, sizeof buf,
                  "largest logit the naive softmax survives: float16 %.7g, float32 %.9g, float64 %.17g; the shifted "
                  "softmax is finite at every shift whose logits the type can hold\n",
                  limits_[0].overflow, limits_[1].overflow, limits_[2].overflow);
    r.report = buf;
    return r;
  }

 private:
  struct Limits {
    double overflow = 0.0, underflow = 0.0, log_max = 0.0;
  };
  std::vector<double> logits_, shifts_;
  double T_;
  Limits limits_[3];
  std::vector<Row> rows_;
};

ExperimentKind numerics_kind() {
  ExperimentKind k;
  k.name = "ml.numerics";
  k.description = "Naive exp(z)/sum exp(z) against the shifted softmax in float16, float32, float64: where it overflows";
  k.quick = {"/shifts={\"from\": -800, \"to\": 800, \"points\": 41}"};
  k.schema.add("/logits", core::ParamType::number_list, json::array({0.0, -1.0, -2.0, -3.0}),
               "the base logits z (the shift c is added to each)")
      .nonempty();
  k.schema.add("/shifts", core::ParamType::any, json{{"from", -800}, {"to", 800}, {"points", 1601}},
               "shifts c added to every logit: a list, or {\"from\": a, \"to\": b, \"points\": n}")
      .validate_with([](const json& v, const std::string& path) {
        core::check_grid(v, path, -std::numeric_limits<double>::infinity());
      });
  k.schema.number("/temperature", 1.0, "temperature T > 0: the logits are (z + c) / T").greater_than(0);
  k.make = [](const json& cfg, const RunContext&) -> std::unique_ptr<Experiment> {
    return std::make_unique<Numerics>(cfg["logits"].get<std::vector<double>>(),
                                      core::read_grid(cfg["shifts"], "/shifts"), cfg["temperature"].get<double>());
  };
  return k;
}

const RegisterKind registered{numerics_kind};

}  // namespace
}  // namespace arbiter::experiments
