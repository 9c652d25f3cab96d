// Kind ml.numerics: the computed limits of the naive softmax, the shifted softmax finite and accurate at every
// shift in every precision, the naive one wrong exactly past its limit, and bad configs named by JSON path.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <string>

#include "core/config_error.hpp"
#include "experiments/config_loader.hpp"

using namespace arbiter;
using json = nlohmann::json;

namespace {

experiments::Results run(const experiments::LoadedConfig& cfg) {
  auto exp = experiments::make_experiment(cfg, 1);
  while (!exp->done()) exp->step();
  CHECK(exp->observables().numbers.size() == 6);
  return exp->finish();
}

std::string config_error_path(json cfg) {
  cfg["kind"] = "ml.numerics";
  try {
    run(experiments::resolve_config(std::move(cfg), "bad.json", "."));
  } catch (const core::ConfigError& e) {
    return e.json_path();
  }
  return "(no ConfigError)";
}

}  // namespace

TEST_CASE("configs/ml/numerics.json: limits 11.09, 88.72, 709.78 computed, the shifted softmax never fails",
          "[ml][numerics]") {
  const auto r = run(experiments::load_config(std::string(ARBITER_SOURCE_DIR) + "/configs/ml/numerics.json"));
  const json& s = r.summary;
  CHECK(s["largest_logit_float16"].get<double>() == 11.0859375);
  CHECK(s["largest_logit_float32"].get<double>() == static_cast<double>(std::nextafter(
                                                        static_cast<float>(std::log(static_cast<double>(FLT_MAX))), 0.0f)));
  CHECK(s["largest_logit_float64"].get<double>() == Approx(709.782712893384).epsilon(1e-15));
  CHECK(s["first_naive_wrong_shift"]["float64"].get<double>() == 710.0);  // logit 710 > 709.78
  CHECK(s["first_naive_wrong_shift"]["float32"].get<double>() == 89.0);
  // float16: at c = 11 every exp is finite but their sum (92984) is not: all probabilities 0.
  CHECK(s["first_naive_wrong_shift"]["float16"].get<double>() == Approx(11.0).margin(1e-9));
  CHECK(s["worst_stable_probability_error"]["float64"].get<double>() < 1e-15);
  CHECK(s["worst_stable_probability_error"]["float32"].get<double>() < 1e-7);
  CHECK(s["worst_stable_probability_error"]["float16"].get<double>() < 1e-3);
  const auto& t = r.results;
  REQUIRE(t.size() == 3 * 1601);
  const auto& cols = t.columns();
  auto col = [&](const std::string& n) { return static_cast<std::size_t>(std::find(cols.begin(), cols.end(), n) - cols.begin()); };
  for (const auto& row : t.rows()) {
    const std::string p = std::get<std::string>(row[col("precision")]);
    const double logit = std::get<double>(row[col("max_logit")]);  // finite at these shifts
    const double limit = s["largest_logit_" + p].get<double>();
    // The shifted softmax and log-sum-exp have a number in every row; the naive softmax exactly where the
    // largest logit is within the limits.
    REQUIRE(std::holds_alternative<double>(row[col("stable_max_error")]));
    REQUIRE(std::holds_alternative<double>(row[col("stable_lse")]));
    const bool naive = std::get<std::int64_t>(row[col("naive_finite")]) == 1;
    if (logit > limit) CHECK_FALSE(naive);
    if (p == "float64" && logit <= limit && logit >= -700.0) CHECK(naive);
    if (p == "float64") CHECK(std::get<double>(row[col("stable_lse_error")]) < 1e-12);
  }
}

TEST_CASE("ml.numerics: bad input is a ConfigError at its JSON path", "[ml][numerics]") {
  CHECK(config_error_path({{"temperature", 0.0}}) == "/temperature");
  CHECK(config_error_path({{"temperature", -1.0}}) == "/temperature");
  CHECK(config_error_path({{"logits", json::array()}}) == "/logits");
  CHECK(config_error_path({{"shifts", {{"from", 0}, {"to", 1}}}}).rfind("/shifts", 0) == 0);
}
