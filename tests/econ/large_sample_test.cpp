// Large data sets: the warm start from a 1/16 subsample changes the path, not the estimate; the subsample
// objective is the log-likelihood of exactly those situations; fits are bit-identical whatever the thread
// count; an availability mask gives the same fit as deleting the unavailable rows.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>

#include "econ/choice_simulation.hpp"
#include "econ/conditional_logit.hpp"
#include "econ/design.hpp"
#include "econ/estimation.hpp"

using namespace arbiter::econ;

namespace {

PopulationSpec population() {
  PopulationSpec s;
  s.alternatives = {"a", "b", "c", "d"};
  s.attributes = {{"price", Eigen::Vector4d(3, 2, 4, 1), Eigen::Vector4d(1, 1, 1, 1)},
                  {"time", Eigen::Vector4d(30, 40, 20, 50), Eigen::Vector4d(8, 8, 8, 8)}};
  s.individual = {{"income", 40.0, 10.0}};
  s.add_term("asc.b", 0.3);
  s.add_term("asc.c", -0.2);
  s.add_term("price", -0.7);
  s.add_term("time", -0.03);
  s.add_term("income.d", 0.01);
  return s;
}

const Design& large_design() {
  static const Design d = [] {
    const PopulationSpec spec = population();
    const auto sim = simulate_situations(spec, 77, 0, 60000, ChoiceDraw::core_gumbel_max);
    return build_design(to_choice_data(spec, {sim}), spec.model_spec());
  }();
  return d;
}

bool same_bits(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() &&
         std::memcmp(a.data(), b.data(), sizeof(double) * static_cast<std::size_t>(a.size())) == 0;
}

}  // namespace

TEST_CASE("the warm start from a subsample reaches the same optimum in fewer full-data iterations") {
  const Design& d = large_design();
  EstimationOptions cold;
  cold.warm_start = false;
  const EstimationResult a = estimate_conditional_logit(d, cold);
  const EstimationResult b = estimate_conditional_logit(d);
  REQUIRE(a.converged);
  REQUIRE(b.converged);
  CHECK(a.warm_start_iterations == 0);
  CHECK(b.warm_start_iterations > 0);
  CHECK(b.iterations < a.iterations);
  CHECK(b.method.find("warm start") != std::string::npos);
  CHECK(b.log_likelihood == Approx(a.log_likelihood).epsilon(1e-14));
  // Both stop on g' (-H)^-1 g < 1e-10, which puts each estimate within about 1e-5 standard errors of the
  // optimum.
  for (std::size_t i = 0; i < a.parameters.size(); ++i) {
    INFO(a.parameters[i].name);
    if (a.parameters[i].fixed) {
      CHECK(b.parameters[i].estimate == a.parameters[i].estimate);
      continue;
    }
    CHECK(std::abs(b.parameters[i].estimate - a.parameters[i].estimate) < 2e-5 * a.parameters[i].std_error);
    CHECK(b.parameters[i].std_error == Approx(a.parameters[i].std_error).epsilon(1e-6));
    CHECK(b.parameters[i].robust_std_error == Approx(a.parameters[i].robust_std_error).epsilon(1e-6));
  }
}

TEST_CASE("the subsample objective is the log-likelihood of the first 1/denominator of each block") {
  const Design& d = large_design();
  const ClogitData prepared(d);
  Eigen::VectorXd beta(d.k());
  for (int i = 0; i < d.k(); ++i) beta[i] = 0.05 * (i + 1);
  const LogLikelihood full = clogit_log_likelihood(d, prepared, beta);
  const LogLikelihood one = clogit_subsample_log_likelihood(d, prepared, beta, 1);
  CHECK(one.value == full.value);
  CHECK(one.gradient == full.gradient);
  CHECK(one.hessian == full.hessian);
  // 60000 situations form 64 blocks of 937 or 938; a 1/16 subsample keeps the first 58 of each.
  const LogLikelihood sub = clogit_subsample_log_likelihood(d, prepared, beta, 16, Derivatives::none);
  const Eigen::VectorXd logsum = clogit_logsums(d, beta);
  double expected = 0.0;
  for (std::size_t blk = 0; blk < 64; ++blk) {
    const std::size_t s0 = 60000 * blk / 64, s1 = 60000 * (blk + 1) / 64;
    for (std::size_t s = s0; s < s0 + (s1 - s0) / 16; ++s) {
      const Eigen::Index c = static_cast<Eigen::Index>(d.chosen_row[s]);
      expected += d.x.row(c).dot(beta) - logsum[static_cast<Eigen::Index>(s)];
    }
  }
  CHECK(sub.value == Approx(expected).epsilon(1e-12));
  CHECK(sub.value < 0.9 * full.value / 16);  // about a sixteenth (log-likelihoods are negative)
  CHECK(sub.value > 1.1 * full.value / 16);
  CHECK_THROWS_AS(clogit_subsample_log_likelihood(d, prepared, beta, 0), std::invalid_argument);
}

TEST_CASE("large fits are bit-identical whatever the thread count") {
  const Design& d = large_design();
  EstimationOptions one, two;
  one.threads = 1;
  two.threads = 2;
  const EstimationResult a = estimate_conditional_logit(d, one);
  const EstimationResult b = estimate_conditional_logit(d, two);
  CHECK(a.log_likelihood == b.log_likelihood);
  CHECK(a.theta == b.theta);
  CHECK(same_bits(a.covariance, b.covariance));  // NaN rows and columns for the fixed asc.d
  CHECK(same_bits(a.robust_covariance, b.robust_covariance));
}

TEST_CASE("an unavailable alternative is the same as a deleted row") {
  // Situations of 4 rows where alternative d is unavailable in every third situation, against the same
  // data with those rows removed.
  const PopulationSpec spec = population();
  auto sim = simulate_situations(spec, 5, 0, 3000, ChoiceDraw::core_softmax);
  ChoiceData masked = to_choice_data(spec, {sim});
  masked.available.assign(masked.n_rows(), 1);
  ChoiceData removed;
  removed.file = "removed";
  removed.alternatives = masked.alternatives;
  removed.columns = masked.columns;
  removed.values.resize(masked.columns.size());
  removed.offsets.push_back(0);
  for (std::size_t s = 0; s < masked.n_situations(); ++s) {
    const bool drop = s % 3 == 0 && masked.alternative[static_cast<std::size_t>(masked.chosen_row[s])] != 3;
    for (auto r = masked.offsets[s]; r < masked.offsets[s + 1]; ++r) {
      const auto row = static_cast<std::size_t>(r);
      if (drop && masked.alternative[row] == 3) {
        masked.available[row] = 0;
        continue;
      }
      if (r == masked.chosen_row[s]) removed.chosen_row.push_back(static_cast<std::int64_t>(removed.alternative.size()));
      removed.alternative.push_back(masked.alternative[row]);
      for (std::size_t c = 0; c < masked.columns.size(); ++c) removed.values[c].push_back(masked.values[c][row]);
    }
    removed.offsets.push_back(static_cast<std::int64_t>(removed.alternative.size()));
    removed.situation_ids.push_back(masked.situation_ids[s]);
  }
  const EstimationResult a = estimate_conditional_logit(build_design(masked, spec.model_spec()));
  const EstimationResult b = estimate_conditional_logit(build_design(removed, spec.model_spec()));
  REQUIRE(a.converged);
  CHECK(a.log_likelihood == Approx(b.log_likelihood).epsilon(1e-13));
  CHECK(a.null_log_likelihood == Approx(b.null_log_likelihood).epsilon(1e-13));
  for (std::size_t i = 0; i < a.parameters.size(); ++i) {
    CHECK(a.parameters[i].estimate == Approx(b.parameters[i].estimate).epsilon(1e-10));
    if (!a.parameters[i].fixed) CHECK(a.parameters[i].std_error == Approx(b.parameters[i].std_error).epsilon(1e-10));
  }
}
