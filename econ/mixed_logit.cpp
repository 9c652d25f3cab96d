#include "econ/mixed_logit.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>
#include <functional>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <set>
#include <type_traits>
#include <string>
#include <utility>

#include "core/input_error.hpp"
#include "core/parallel_for.hpp"
#include "core/softmax.hpp"
#include "core/softmax_few_rows.hpp"
#include "econ/mixed_logit_kernels.hpp"

namespace arbiter::econ {
namespace {

constexpr std::size_t kChunkUnits = MixedLogit::kChunkUnits;
// Below this a draw's product of probabilities is redone in logs.
constexpr double kLinearFloor = 1e-290;

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point& t) {
  const auto now = Clock::now();
  const double s = std::chrono::duration<double>(now - t).count();
  t = now;
  return s;
}

}  // namespace

MixedLogitData mixed_logit_data(const ChoiceData& data, const std::vector<std::string>& variables,
                                const std::string& individual) {
  MixedLogitData out;
  const auto rows = static_cast<Eigen::Index>(data.n_rows());
  out.x.resize(rows, static_cast<Eigen::Index>(variables.size()));
  for (std::size_t k = 0; k < variables.size(); ++k) {
    const int c = data.column_index(variables[k]);
    if (c < 0) throw core::ArgumentError("variables", "a numeric column of " + data.file, "\"" + variables[k] + "\"");
    const auto& v = data.values[static_cast<std::size_t>(c)];
    for (Eigen::Index r = 0; r < rows; ++r) out.x(r, static_cast<Eigen::Index>(k)) = v[static_cast<std::size_t>(r)];
  }
  out.offsets = data.offsets;
  out.chosen_row = data.chosen_row;
  out.available = data.available;
  if (individual.empty()) return out;
  const int c = data.column_index(individual);
  if (c < 0) throw core::ArgumentError("individual", "a numeric column of " + data.file, "\"" + individual + "\"");
  const auto& id = data.values[static_cast<std::size_t>(c)];
  std::set<double> seen;
  for (std::size_t s = 0; s < data.n_situations(); ++s) {
    const double person = id[static_cast<std::size_t>(data.offsets[s])];
    if (s > 0 && person == id[static_cast<std::size_t>(data.offsets[s - 1])]) continue;
    if (!seen.insert(person).second) {
      const auto row = static_cast<std::size_t>(data.offsets[s]);
      throw core::DataError(data.file + ": line " + (data.line.empty() ? std::string("?") : std::to_string(data.line[row])) +
                            ": column " + individual + ": the situations of person " + std::to_string(person) +
                            " are not contiguous");
    }
    out.person_offsets.push_back(static_cast<std::int64_t>(s));
  }
  out.person_offsets.push_back(static_cast<std::int64_t>(data.n_situations()));
  return out;
}

MixedLogit::Layout MixedLogit::make_layout(const MixedLogitData& data, int n_coefficients) {
  const std::size_t S = data.n_situations();
  if (data.x.cols() != n_coefficients)
    throw core::ArgumentError("data", std::to_string(n_coefficients) + " regressor columns (one per coefficient)",
                              std::to_string(data.x.cols()));
  if (data.offsets.size() != S + 1 || data.offsets.back() != data.x.rows() ||
      (!data.available.empty() && static_cast<Eigen::Index>(data.available.size()) != data.x.rows()))
    throw core::ArgumentError("data", "offsets, chosen rows and availability matching the rows", "other sizes");
  Layout L;
  L.situation_rows.push_back(0);
  std::vector<std::int64_t> rows;
  for (std::size_t s = 0; s < S; ++s) {
    const auto c = data.chosen_row[s];
    if (c < data.offsets[s] || c >= data.offsets[s + 1])
      throw core::ArgumentError("data", "a chosen row inside each situation", "situation " + std::to_string(s));
    rows.push_back(c);
    for (auto r = data.offsets[s]; r < data.offsets[s + 1]; ++r)
      if (r != c && (data.available.empty() || data.available[static_cast<std::size_t>(r)])) rows.push_back(r);
    L.situation_rows.push_back(static_cast<std::int64_t>(rows.size()));
  }
  L.dx.resize(static_cast<Eigen::Index>(rows.size()), n_coefficients);
  for (std::size_t s = 0; s < S; ++s) {
    const auto c = rows[static_cast<std::size_t>(L.situation_rows[s])];
    for (auto i = L.situation_rows[s]; i < L.situation_rows[s + 1]; ++i)
      L.dx.row(i) = data.x.row(rows[static_cast<std::size_t>(i)]) - data.x.row(c);
  }
  if (data.person_offsets.empty()) {
    for (std::size_t s = 0; s <= S; ++s) L.person_offsets.push_back(static_cast<std::int64_t>(s));
  } else {
    L.person_offsets = data.person_offsets;
    if (L.person_offsets.front() != 0 || L.person_offsets.back() != static_cast<std::int64_t>(S) ||
        !std::is_sorted(L.person_offsets.begin(), L.person_offsets.end()))
      throw core::ArgumentError("data", "person offsets covering the situations in order", "other offsets");
  }
  return L;
}

// Per precision S: c = dx beta0 (every row) and A = the random regressors times their spreads (rows x D), at
// `theta` (its bits; empty: none kept). One mutex for both.
struct MixedLogit::UtilityCache {
  template <class S>
  struct Parts {
    Eigen::VectorXd theta, c;
    Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> A;
  };
  std::mutex mutex;
  std::shared_ptr<const Parts<double>> in_double;
  std::shared_ptr<const Parts<float>> in_float;
  template <class S>
  std::shared_ptr<const Parts<S>>& kept() {
    if constexpr (std::is_same_v<S, float>) return in_float; else return in_double;
  }
};

MixedLogit::MixedLogit(const MixedLogitData& data, RandomCoefficients coefficients, const DrawOptions& draws,
                       bool panel, int threads, std::shared_ptr<const PartialSums> sums)
    : layout_(make_layout(data, coefficients.n_coefficients())),
      coefficients_(std::move(coefficients)),
      panel_(panel),
      sums_(std::move(sums)) {
  if (panel && data.person_offsets.empty())
    throw core::ArgumentError("panel", "an individual column (person ids)", "none");
  prepare(draws, threads);
}

MixedLogit::MixedLogit(Layout layout, RandomCoefficients coefficients, const DrawOptions& draws, bool panel,
                       int threads, std::shared_ptr<const PartialSums> sums)
    : layout_(std::move(layout)), coefficients_(std::move(coefficients)), panel_(panel), sums_(std::move(sums)) {
  prepare(draws, threads);
}

void MixedLogit::prepare(const DrawOptions& draws, int threads) {
  utility_cache_ = std::make_shared<UtilityCache>();
  const std::size_t people = layout_.person_offsets.size() - 1;
  if (panel_) {
    unit_situations_ = layout_.person_offsets;
    for (std::size_t n = 0; n < people; ++n) unit_person_.push_back(static_cast<std::int64_t>(n));
  } else {
    for (std::size_t s = 0; s <= n_situations(); ++s) unit_situations_.push_back(static_cast<std::int64_t>(s));
    for (std::size_t n = 0; n < people; ++n)
      for (auto s = layout_.person_offsets[n]; s < layout_.person_offsets[n + 1]; ++s)
        unit_person_.push_back(static_cast<std::int64_t>(n));
  }
  const auto& dims = coefficients_.dimension_coefficients();
  dx_random_.resize(layout_.dx.rows(), static_cast<Eigen::Index>(dims.size()));
  for (std::size_t d = 0; d < dims.size(); ++d) dx_random_.col(static_cast<Eigen::Index>(d)) = layout_.dx.col(dims[d]);
  // Only the draws of the chunks this process holds (all of them unless the sums are split over processes).
  const auto [first, last] = held_span(n_units(), sums_.get());
  draws_ = make_simulation_draws(first, last, coefficients_.standard_draws(), draws, threads);
  draws_single_.assign(draws_.values.begin(), draws_.values.end());
  if (!draws_.weights.empty()) {  // quadrature: each draw counts R w_r times the equal weight 1 / R
    draw_scale_ = Eigen::Map<const Eigen::VectorXd>(draws_.weights.data(), static_cast<Eigen::Index>(draws_.weights.size())) *
                  static_cast<double>(draws_.draws);
    log_draw_scale_ = draw_scale_.array().log().matrix();
  }
}

std::pair<std::size_t, std::size_t> MixedLogit::held_span(std::size_t units, const PartialSums* sums) {
  const std::size_t chunks = (units + kChunkUnits - 1) / kChunkUnits;
  std::size_t first_chunk = chunks, last_chunk = 0;
  for (std::size_t k = 0; k < chunks; ++k)
    if (!sums || sums->holds(k, chunks)) {
      first_chunk = std::min(first_chunk, k);
      last_chunk = k + 1;
    }
  if (first_chunk >= last_chunk) return {0, 0};
  return {first_chunk * kChunkUnits, std::min(units, last_chunk * kChunkUnits)};
}

void MixedLogit::check_held(std::size_t chunk) const {
  if (chunk * kChunkUnits < draws_.first_person ||
      std::min(n_units(), (chunk + 1) * kChunkUnits) > draws_.first_person + draws_.people)
    throw std::logic_error("the mixed logit was asked for chunk " + std::to_string(chunk) +
                           ", whose draws this process does not hold (the PartialSums computes a chunk it does not hold)");
}

MixedLogit MixedLogit::conditional_logit() const {
  std::vector<CoefficientSpec> fixed;
  for (const auto& c : coefficients_.coefficients()) fixed.push_back({c.name, Distribution::fixed, false});
  DrawOptions one;
  one.draws = 1;
  return MixedLogit(layout_, RandomCoefficients(std::move(fixed)), one, false, 1, sums_);
}

void MixedLogit::posterior(const Eigen::VectorXd& theta, std::size_t u, RowMajorMatrix& full, Eigen::VectorXd& w) const {
  const int K = coefficients_.n_coefficients(), D = coefficients_.n_dimensions();
  const Eigen::Index R = static_cast<Eigen::Index>(draws_.draws);
  const auto& dims = coefficients_.dimension_coefficients();
  RowMajorMatrix beta;
  coefficients_.draw(theta, draws_.row(u, 0), R, beta);
  full = RowMajorMatrix::Zero(K, R);
  for (int k : coefficients_.fixed_coefficients()) full.row(k).setConstant(theta[k]);
  for (int d = 0; d < D; ++d) full.row(dims[static_cast<std::size_t>(d)]) = beta.row(d);
  Eigen::VectorXd logl = Eigen::VectorXd::Zero(R), column;
  for (auto s = unit_situations_[u]; s < unit_situations_[u + 1]; ++s) {
    const auto b = layout_.situation_rows[static_cast<std::size_t>(s)];
    const auto J = layout_.situation_rows[static_cast<std::size_t>(s) + 1] - b;
    const Eigen::MatrixXd V = layout_.dx.middleRows(b, J) * full;  // the chosen row first, at 0
    for (Eigen::Index r = 0; r < R; ++r) {
      column = V.col(r);
      logl[r] -= core::log_sum_exp<double>(column);
    }
  }
  if (draw_scale_.size() == R) logl += log_draw_scale_;
  w.resize(R);
  core::softmax<double>(logl, w);
}

Eigen::MatrixXd MixedLogit::conditional_means(const Eigen::VectorXd& theta, int threads) const {
  const int P = n_parameters(), D = coefficients_.n_dimensions();
  if (theta.size() != P)
    throw core::ArgumentError("theta", std::to_string(P) + " parameters", std::to_string(theta.size()));
  if (!theta.allFinite()) throw core::ArgumentError("theta", "finite parameters", "a NaN or infinite value");
  if (D == 0) return Eigen::MatrixXd(static_cast<Eigen::Index>(n_units()), 0);
  const auto& dims = coefficients_.dimension_coefficients();
  return posterior_means(theta, static_cast<std::size_t>(D), threads,
                         [&](const RowMajorMatrix& full, const Eigen::VectorXd& w, double* out) {
                           for (int d = 0; d < D; ++d) out[d] = full.row(dims[static_cast<std::size_t>(d)]).dot(w.transpose());
                         });
}

Eigen::MatrixXd MixedLogit::posterior_means(const Eigen::VectorXd& theta, std::size_t columns, int threads,
                                            const std::function<void(const RowMajorMatrix&, const Eigen::VectorXd&,
                                                                     double*)>& unit) const {
  // One row per chunk: a failure flag, then kChunkUnits rows of `columns`; computed here or shared.
  const std::size_t U = n_units(), chunks = n_chunks(), width = 1 + kChunkUnits * columns;
  static const PartialSums in_process;
  const PartialSums& sums = sums_ ? *sums_ : in_process;
  std::vector<std::size_t> mine;
  for (std::size_t k = 0; k < chunks; ++k)
    if (sums.computes(k, chunks)) mine.push_back(k);
  std::vector<double> rows(chunks * width, 0.0);
  std::exception_ptr failure;
  try {
    core::parallel_for(mine.size(), threads, [&](std::size_t m) {
      const std::size_t chunk = mine[m];
      check_held(chunk);
      RowMajorMatrix full;
      Eigen::VectorXd w;
      for (std::size_t u = chunk * kChunkUnits; u < std::min(U, (chunk + 1) * kChunkUnits); ++u) {
        posterior(theta, u, full, w);
        unit(full, w, rows.data() + chunk * width + 1 + (u - chunk * kChunkUnits) * columns);
      }
    });
  } catch (...) {
    failure = std::current_exception();
    for (std::size_t k : mine) rows[k * width] = 1.0;
  }
  sums.share(rows, chunks, width);  // every process, even one that failed (as in evaluate_as)
  if (failure) std::rethrow_exception(failure);
  for (std::size_t k = 0; k < chunks; ++k)
    if (rows[k * width] != 0.0)
      throw std::domain_error("the conditional means failed in chunk " + std::to_string(k) + " (another process)");
  Eigen::MatrixXd out(static_cast<Eigen::Index>(U), static_cast<Eigen::Index>(columns));
  for (std::size_t u = 0; u < U; ++u)
    for (std::size_t c = 0; c < columns; ++c)
      out(static_cast<Eigen::Index>(u), static_cast<Eigen::Index>(c)) =
          rows[(u / kChunkUnits) * width + 1 + (u % kChunkUnits) * columns + c];
  return out;
}

Eigen::MatrixXd MixedLogit::conditional_wtp(const Eigen::VectorXd& theta, int cost, const std::vector<int>& attributes,
                                            int threads) const {
  const int P = n_parameters(), K = coefficients_.n_coefficients();
  if (theta.size() != P)
    throw core::ArgumentError("theta", std::to_string(P) + " parameters", std::to_string(theta.size()));
  if (!theta.allFinite()) throw core::ArgumentError("theta", "finite parameters", "a NaN or infinite value");
  if (cost < 0 || cost >= K) throw core::ArgumentError("cost", "a coefficient index below " + std::to_string(K), std::to_string(cost));
  for (int a : attributes)
    if (a < 0 || a >= K) throw core::ArgumentError("attributes", "coefficient indices below " + std::to_string(K), std::to_string(a));
  return posterior_means(theta, attributes.size(), threads,
                         [&](const RowMajorMatrix& full, const Eigen::VectorXd& w, double* out) {
                           for (std::size_t j = 0; j < attributes.size(); ++j)
                             out[j] = -(full.row(attributes[j]).array() / full.row(cost).array()).matrix().dot(w.transpose());
                         });
}

SimulatedLogLikelihood MixedLogit::evaluate(const Eigen::VectorXd& theta, bool gradient, bool unit_scores,
                                            int threads, MixedLogitProfile* profile) const {
  return evaluate_as<double>(theta, gradient, unit_scores, threads, profile);
}

SimulatedLogLikelihood MixedLogit::evaluate_single(const Eigen::VectorXd& theta, bool gradient, int threads,
                                                   MixedLogitProfile* profile) const {
  return evaluate_as<float>(theta, gradient, false, threads, profile);
}

template <class S>
SimulatedLogLikelihood MixedLogit::evaluate_as(const Eigen::VectorXd& theta, bool gradient, bool unit_scores,
                                               int threads, MixedLogitProfile* profile) const {
  using Rows = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  using Vec = Eigen::Matrix<S, Eigen::Dynamic, 1>;
  const int P = n_parameters(), K = coefficients_.n_coefficients();
  if (theta.size() != P)
    throw core::ArgumentError("theta", std::to_string(P) + " parameters", std::to_string(theta.size()));
  if (!theta.allFinite()) throw core::ArgumentError("theta", "finite parameters", "a NaN or infinite value");
  gradient = gradient || unit_scores;
  const int D = coefficients_.n_dimensions();
  const Eigen::Index R = static_cast<Eigen::Index>(draws_.draws);
  const auto& dims = coefficients_.dimension_coefficients();
  const double log_r = std::log(static_cast<double>(R));
  const bool weighted = draw_scale_.size() == R;
  const S tiny = std::is_same_v<S, float> ? S(1e-30) : S(1e-300);

  // u_i = c_i + sum_d a_id src_d(r): c holds the fixed coefficients and the means of linear random ones
  // (beta = mean + sd z), a the regressor times sd (linear) or 1 (the coefficient draw is the source).
  std::vector<bool> linear(static_cast<std::size_t>(D));
  Eigen::VectorXd beta0 = Eigen::VectorXd::Zero(K);
  for (int k : coefficients_.fixed_coefficients()) beta0[k] = theta[k];
  for (int d = 0; d < D; ++d) {
    linear[static_cast<std::size_t>(d)] = coefficients_.linear(d);
    if (linear[static_cast<std::size_t>(d)]) beta0[dims[static_cast<std::size_t>(d)]] = theta[dims[static_cast<std::size_t>(d)]];
  }
  // Gradient weights q_j(r) over draws: q_0 = w (fixed coefficients and linear means, every column of dx);
  // then one per remaining term, applied to its dimension's column of dx.
  struct GradientTerm {
    int parameter, dimension, source;
    bool scaled;  // times the coefficient draw (exponential dimensions)
  };
  std::vector<GradientTerm> gterms;
  std::vector<bool> mean_like(static_cast<std::size_t>(K), false);
  for (int k : coefficients_.fixed_coefficients()) mean_like[static_cast<std::size_t>(k)] = true;
  for (const auto& t : coefficients_.terms()) {
    if (linear[static_cast<std::size_t>(t.dimension)] && t.source < 0) {
      mean_like[static_cast<std::size_t>(dims[static_cast<std::size_t>(t.dimension)])] = true;
      continue;
    }
    gterms.push_back({t.parameter, t.dimension, t.source, coefficients_.exponential(t.dimension)});
  }
  const Eigen::Index Q = 1 + static_cast<Eigen::Index>(gterms.size());
  // Double utilities read the float copy of the draws (half the memory traffic; with the draws so rounded the
  // published log-likelihoods still agree to 1e-6) when every dimension is linear in its draw and the draws
  // are simulated (quadrature nodes stay exact).
  const bool via_float = std::is_same_v<S, double> && draws_.weights.empty() &&
                         std::all_of(linear.begin(), linear.end(), [](bool l) { return l; });

  // Each chunk's partials in one row: a failure flag, the log-likelihood, the gradient (P) and the unit scores
  // (kChunkUnits x P), computed here or, for chunks another process computes, shared by the PartialSums.
  const std::size_t U = n_units(), chunks = n_chunks();
  const std::size_t g_at = 2, scores_at = g_at + (gradient ? static_cast<std::size_t>(P) : 0);
  const std::size_t width = scores_at + (unit_scores ? kChunkUnits * static_cast<std::size_t>(P) : 0);
  static const PartialSums in_process;
  const PartialSums& sums = sums_ ? *sums_ : in_process;
  std::vector<std::size_t> mine;
  for (std::size_t k = 0; k < chunks; ++k)
    if (sums.computes(k, chunks)) mine.push_back(k);
  using Parts = UtilityCache::Parts<S>;
  const auto make_parts = [&] {
    auto parts = std::make_shared<Parts>();
    parts->theta = theta;
    parts->c = layout_.dx * beta0;
    parts->A.resize(dx_random_.rows(), D);
    for (int d = 0; d < D; ++d)
      parts->A.col(d) =
          (dx_random_.col(d) * (linear[static_cast<std::size_t>(d)] ? theta[coefficients_.sd_parameter(d)] : 1.0))
              .template cast<S>();
    return std::shared_ptr<const Parts>(std::move(parts));
  };
  std::shared_ptr<const Parts> parts;
  if (mine.size() < chunks) {  // a part of the evaluation: its other calls (same theta) reuse c and A
    std::lock_guard<std::mutex> lock(utility_cache_->mutex);
    std::shared_ptr<const Parts>& kept = utility_cache_->template kept<S>();
    if (kept && kept->theta.size() == theta.size() &&
        std::memcmp(kept->theta.data(), theta.data(), sizeof(double) * static_cast<std::size_t>(theta.size())) == 0)
      parts = kept;
    else
      parts = kept = make_parts();
  } else {
    parts = make_parts();
  }
  const Eigen::VectorXd& c = parts->c;
  const Rows& A = parts->A;
  std::vector<double> partials(chunks * width, 0.0);
  std::vector<MixedLogitProfile> times(profile ? chunks : 0);
  SimulatedLogLikelihood out;
  if (unit_scores) out.unit_scores.resize(static_cast<Eigen::Index>(U), P);

  const auto compute_chunk = [&](std::size_t m) {
    const std::size_t chunk = mine[m];
    check_held(chunk);
    struct {
      double ll = 0.0;
      Eigen::VectorXd g;
      MixedLogitProfile time;
    } part;
    double* row = partials.data() + chunk * width;
    if (gradient) part.g = Eigen::VectorXd::Zero(P);
    RowMajorMatrix B(D, R);
    Rows src(D, R), V, Pr, Gm(Q - 1, R);
    Vec ws(R);
    Eigen::VectorXd tq(Q);
    std::vector<const S*> factor(gterms.size()), source(static_cast<std::size_t>(D));
    std::vector<const float*> factor_f(gterms.size()), source_f(static_cast<std::size_t>(D));
    Eigen::VectorXd L(R), w(R), logl(R), gu(P);
    Vec column;
    auto t = Clock::now();
    for (std::size_t u = chunk * kChunkUnits; u < std::min(U, (chunk + 1) * kChunkUnits); ++u) {
      const auto s0 = unit_situations_[u], s1 = unit_situations_[u + 1];
      const auto r0 = layout_.situation_rows[static_cast<std::size_t>(s0)];
      const auto n = layout_.situation_rows[static_cast<std::size_t>(s1)] - r0;
      const double* z = draws_.row(u, 0);
      const float* zf =
          draws_single_.data() + (u - draws_.first_person) * static_cast<std::size_t>(D) * static_cast<std::size_t>(R);
      // The source row of each dimension: its stored draws (linear) or the coefficient draws.
      const S* unit_draws = nullptr;
      if constexpr (std::is_same_v<S, float>)
        unit_draws = zf;
      else
        unit_draws = z;
      for (int d = 0; d < D; ++d) {
        if (linear[static_cast<std::size_t>(d)]) {
          source[static_cast<std::size_t>(d)] = unit_draws + d * R;
          source_f[static_cast<std::size_t>(d)] = zf + d * R;
        } else {
          coefficients_.draw_dimension(theta, z, R, d, B.row(d).data());
          src.row(d) = B.row(d).template cast<S>();
          source[static_cast<std::size_t>(d)] = src.row(d).data();
        }
      }
      if (profile) part.time.coefficients += seconds_since(t);
      V.resize(n, R);
      Pr.resize(n, R);
      for (auto s = s0; s < s1; ++s) {
        const auto b = layout_.situation_rows[static_cast<std::size_t>(s)] - r0;
        const auto e = layout_.situation_rows[static_cast<std::size_t>(s) + 1] - r0;
        V.row(b).setZero();
        for (auto i = b + 1; i < e; ++i) {  // not &A(., 0): A has no columns when D = 0
          const S ci = static_cast<S>(c[r0 + i]);
          const S* a = A.data() + (r0 + i) * D;
          if (via_float)
            kernels::utility_row<S, float>(ci, a, source_f.data(), D, R, V.row(i).data());
          else
            kernels::utility_row<S, S>(ci, a, source.data(), D, R, V.row(i).data());
        }
      }
      if (profile) part.time.utilities += seconds_since(t);
      // The draws' likelihoods L_r: one situation's chosen probabilities (row `first` of Pr) as they are, or the
      // product over the unit's situations (weighted by quadrature).
      const bool single = s1 == s0 + 1 && !weighted;
      const auto first = layout_.situation_rows[static_cast<std::size_t>(s0)] - r0;
      for (auto s = s0; s < s1; ++s) {
        const auto b = layout_.situation_rows[static_cast<std::size_t>(s)] - r0;
        const auto J = layout_.situation_rows[static_cast<std::size_t>(s) + 1] - r0 - b;
        if (J <= core::kFewRowsMax)
          core::softmax_few_rows<S>(V.row(b).data(), R, Pr.row(b).data(), R, J, R);
        else
          core::softmax_columns<S>(V.middleRows(b, J), Pr.middleRows(b, J));
        if (single) continue;
        if (s == s0)
          L = Pr.row(b).transpose().template cast<double>();
        else
          L.array() *= Pr.row(b).transpose().array().template cast<double>();
      }
      if (profile) part.time.softmax += seconds_since(t);
      double llu, sum = 0.0, least = 0.0;
      if (single) {
        kernels::sum_and_min<S>(Pr.row(first).data(), R, &sum, &least);
      } else {
        least = L.minCoeff();
        if (least > kLinearFloor) {
          if (weighted) L.array() *= draw_scale_.array();  // quadrature: R w_r in place of 1 for each draw
          sum = L.sum();
        }
      }
      if (least > kLinearFloor) {
        llu = std::log(sum) - log_r;
        if (gradient) {  // Bayes' rule over the draws: the posterior weight of each draw
          if (single)
            ws = Pr.row(first).transpose() * static_cast<S>(1.0 / sum);
          else
            ws = (L / sum).template cast<S>();
        }
      } else {
        logl.setZero();
        for (auto s = s0; s < s1; ++s) {
          const auto b = layout_.situation_rows[static_cast<std::size_t>(s)] - r0;
          const auto J = layout_.situation_rows[static_cast<std::size_t>(s) + 1] - r0 - b;
          for (Eigen::Index r = 0; r < R; ++r) {
            const S p = Pr(b, r);
            if (p > tiny) {
              logl[r] += std::log(static_cast<double>(p));
            } else {
              column = V.block(b, r, J, 1);
              logl[r] -= static_cast<double>(core::log_sum_exp<S>(column));
            }
          }
        }
        if (weighted) logl += log_draw_scale_;
        llu = core::log_sum_exp<double>(logl) - log_r;
        core::softmax<double>(logl, w);
        ws = w.template cast<S>();
      }
      part.ll += llu;
      if (profile) part.time.weights += seconds_since(t);
      if (!gradient) continue;
      // t_ij = sum_r w_r P_ir g_j(r) for each row i: g_0 = 1 (fixed coefficients and linear means, every
      // column of dx), then one per remaining term (its draw, times the coefficient draw for exponential
      // dimensions); d log L_u = -sum_i dx_i t_i (the chosen rows have dx = 0).
      for (std::size_t j = 0; j < gterms.size(); ++j) {
        const auto& g = gterms[j];
        if (!g.scaled) {  // a correlated dimension's mean (source < 0) takes t_i0
          factor[j] = g.source >= 0 ? unit_draws + g.source * R : nullptr;
          factor_f[j] = g.source >= 0 ? zf + g.source * R : nullptr;
          continue;
        }
        auto grow = Gm.row(static_cast<Eigen::Index>(j));
        if (g.source >= 0)
          grow = (B.row(g.dimension).array() * Eigen::Map<const Eigen::ArrayXd>(z + g.source * R, R).transpose())
                    .template cast<S>();
        else
          grow = B.row(g.dimension).template cast<S>();
        factor[j] = grow.data();
      }
      gu.setZero();
      for (Eigen::Index i = 0; i < n; ++i) {
        if (layout_.dx.row(r0 + i).isZero(0.0)) continue;  // a chosen row (or one equal to it)
        if (via_float)
          kernels::weighted_sums<S, float>(ws.data(), Pr.row(i).data(), factor_f.data(),
                                           static_cast<int>(gterms.size()), R, tq.data());
        else
          kernels::weighted_sums<S, S>(ws.data(), Pr.row(i).data(), factor.data(), static_cast<int>(gterms.size()), R,
                                       tq.data());
        for (int k = 0; k < K; ++k)
          if (mean_like[static_cast<std::size_t>(k)]) gu[k] -= layout_.dx(r0 + i, k) * tq[0];
        for (std::size_t j = 0; j < gterms.size(); ++j)
          gu[gterms[j].parameter] -= dx_random_(r0 + i, gterms[j].dimension) * tq[static_cast<Eigen::Index>(j) + 1];
      }
      part.g += gu;
      if (unit_scores)
        Eigen::Map<Eigen::VectorXd>(row + scores_at + (u - chunk * kChunkUnits) * static_cast<std::size_t>(P), P) = gu;
      if (profile) part.time.gradient += seconds_since(t);
    }
    row[1] = part.ll;
    if (gradient) Eigen::Map<Eigen::VectorXd>(row + g_at, P) = part.g;
    if (profile) times[chunk] = part.time;
  };
  std::exception_ptr failure;
  try {
    core::parallel_for(mine.size(), threads, compute_chunk);
  } catch (...) {
    failure = std::current_exception();
    for (std::size_t k : mine) partials[k * width] = 1.0;
  }
  // Every process shares, even one that failed, so that none waits for another; then each fails alike.
  sums.share(partials, chunks, width);
  if (failure) std::rethrow_exception(failure);
  for (std::size_t k = 0; k < chunks; ++k)
    if (partials[k * width] != 0.0)
      throw std::domain_error("the simulated likelihood failed in chunk " + std::to_string(k) + " (another process)");
  if (gradient) out.gradient = Eigen::VectorXd::Zero(P);
  for (std::size_t k = 0; k < chunks; ++k) {
    const double* row = partials.data() + k * width;
    out.value += row[1];
    if (gradient) out.gradient += Eigen::Map<const Eigen::VectorXd>(row + g_at, P);
    if (unit_scores)
      for (std::size_t u = k * kChunkUnits; u < std::min(U, (k + 1) * kChunkUnits); ++u)
        out.unit_scores.row(static_cast<Eigen::Index>(u)) =
            Eigen::Map<const Eigen::RowVectorXd>(row + scores_at + (u - k * kChunkUnits) * static_cast<std::size_t>(P), P);
  }
  for (const auto& time : times) {
    profile->coefficients += time.coefficients;
    profile->utilities += time.utilities;
    profile->softmax += time.softmax;
    profile->weights += time.weights;
    profile->gradient += time.gradient;
  }
  if (profile) ++profile->evaluations;
  return out;
}

template SimulatedLogLikelihood MixedLogit::evaluate_as<double>(const Eigen::VectorXd&, bool, bool, int,
                                                                MixedLogitProfile*) const;
template SimulatedLogLikelihood MixedLogit::evaluate_as<float>(const Eigen::VectorXd&, bool, bool, int,
                                                               MixedLogitProfile*) const;

}  // namespace arbiter::econ
