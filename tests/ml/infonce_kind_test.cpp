// Kind ml.infonce through the registry: the results.csv columns and rows per (critic, N), the estimate under
// log N and approaching I, confidence intervals; rho outside (-1, 1) names /rho with nothing written.
#include <catch2/catch.hpp>

#include <cmath>

#include "ml/infonce.hpp"
#include "tests/ml/ml_kind_run.hpp"

using namespace arbiter;
using json = nlohmann::json;

TEST_CASE("ml.infonce: one row per (critic, N), below log N and near I at the largest N", "[ml][infonce_kind]") {
  const json cfg = {{"kind", "ml.infonce"},     {"seed", 5},   {"dimension", 1},      {"rho", 0.8},
                    {"batch_sizes", {2, 8, 256}}, {"seeds", 4}, {"eval_pairs", 4096}, {"training", {{"steps", 200}}}};
  const auto r = test_ml::run_config(cfg);
  const auto& t = r.results;
  const std::vector<std::string> cols = {"critic", "N", "estimate", "ci95", "true_mi", "log_n", "seeds"};
  CHECK(t.columns() == cols);
  REQUIRE(t.size() == 6);
  const double mi = ml::gaussian_pair_mutual_information(1, 0.8);
  for (std::size_t i = 0; i < t.size(); ++i) {
    CHECK(test_ml::number_at(t, i, "true_mi") == mi);
    CHECK(test_ml::number_at(t, i, "log_n") == Approx(std::log(test_ml::number_at(t, i, "N"))).epsilon(1e-15));
    CHECK(test_ml::number_at(t, i, "estimate") < test_ml::number_at(t, i, "log_n"));
    CHECK(test_ml::number_at(t, i, "ci95") > 0);
    CHECK(test_ml::number_at(t, i, "estimate") < mi + 0.05);
  }
  CHECK(std::get<std::string>(t.rows()[0][0]) == "optimal");
  CHECK(test_ml::number_at(t, 2, "estimate") == Approx(mi).margin(0.05));  // optimal critic, N = 256
  CHECK(test_ml::number_at(t, 5, "estimate") > 0.3);                       // bilinear, N = 256
  CHECK(r.summary["true_mi"].get<double>() == mi);
  CHECK(r.tables.at("seeds.csv").size() == 24);
  // The same config and seed give the same bytes; another seed does not.
  CHECK(test_ml::run_config(cfg).results.to_csv() == t.to_csv());
  json other = cfg;
  other["seed"] = 6;
  CHECK(test_ml::run_config(other).results.to_csv() != t.to_csv());
}

TEST_CASE("ml.infonce: rho outside (-1, 1) and N < 2 name their JSON path, nothing written", "[ml][infonce_kind]") {
  for (double rho : {1.0, -1.0, 1.5}) {
    const json cfg = {{"kind", "ml.infonce"}, {"rho", rho}};
    CHECK(test_ml::bad_config_path(cfg) == "/rho");
  }
  const json n1 = {{"kind", "ml.infonce"}, {"batch_sizes", {1, 4}}};
  CHECK(test_ml::bad_config_path(n1) == "/batch_sizes/0");
}

TEST_CASE("ml.infonce: an evaluation too large for one slice (N = 2048, d = 4) is spread over steps and still "
          "estimates I",
          "[ml][infonce_kind]") {
  // 2048^2 x 4 scores a batch: one batch per step, four steps for the 8192 pairs (the config fuzzer found a
  // single step of a million pairs running past its time bound).
  const json cfg = {{"kind", "ml.infonce"}, {"seed", 3}, {"dimension", 4}, {"rho", 0.5}, {"batch_sizes", {2048}},
                    {"critics", {"optimal"}}, {"seeds", 2}, {"eval_pairs", 8192}, {"training", {{"steps", 0}}}};
  const auto r = test_ml::run_config(cfg);
  const double mi = ml::gaussian_pair_mutual_information(4, 0.5);
  REQUIRE(r.results.size() == 1);
  CHECK(mi == Approx(-2.0 * std::log(0.75)).epsilon(1e-15));
  CHECK(test_ml::number_at(r.results, 0, "estimate") == Approx(mi).margin(0.05));
  CHECK(test_ml::number_at(r.results, 0, "estimate") < std::log(2048.0));
  CHECK(test_ml::run_config(cfg).results.to_csv() == r.results.to_csv());
}
