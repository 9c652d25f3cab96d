// Kind ml.hierarchical_softmax through the registry: summary numbers, H <= L < H + 1, the cost table, both
// models learning; bad input (a vocabulary of one class, empty or unreadable counts files) exits through a
// ConfigError naming the JSON path, with nothing written.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "ml/huffman.hpp"
#include "tests/ml/ml_kind_run.hpp"

using namespace arbiter;
using json = nlohmann::json;

namespace {

json small_config() {
  return {{"kind", "ml.hierarchical_softmax"},
          {"seed", 3},
          {"vocabulary", 200},
          {"cost", {{"vocabularies", {100, 1000, 100000}}, {"timed", false}}},
          {"model", {{"train_examples", 4000}, {"test_examples", 1000}, {"epochs", 3}, {"contexts", 8}}}};
}

}  // namespace

TEST_CASE("ml.hierarchical_softmax: entropy_bits and expected_path_length of the config's Zipf vocabulary",
          "[ml][hierarchical_kind]") {
  const auto r = test_ml::run_config(small_config());
  const auto f = ml::zipf_frequencies(200, 1.0);
  CHECK(r.summary["entropy_bits"].get<double>() == Approx(ml::entropy_bits(f)).epsilon(1e-15));
  CHECK(r.summary["expected_path_length"].get<double>() ==
        Approx(ml::HuffmanTree(f).expected_path_length()).epsilon(1e-15));
  const double h = r.summary["entropy_bits"].get<double>(), l = r.summary["expected_path_length"].get<double>();
  CHECK(h <= l);
  CHECK(l < h + 1);
  CHECK(r.summary["leaf_sum_max_error"].get<double>() < 1e-12);
  // The cost table: flat V d against hierarchical L d multiply-adds per probability.
  REQUIRE(r.results.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    const double v = test_ml::number_at(r.results, i, "vocabulary");
    CHECK(test_ml::number_at(r.results, i, "flat_multiply_adds_probability") == 16 * v);
    CHECK(test_ml::number_at(r.results, i, "hierarchical_multiply_adds_probability") ==
          Approx(16 * test_ml::number_at(r.results, i, "expected_path_length")).epsilon(1e-15));
    CHECK(test_ml::number_at(r.results, i, "expected_path_length") < std::log2(v) + 1);
  }
  CHECK(test_ml::number_at(r.results, 2, "operation_ratio") > 5000);  // 1e5 / (L < 17)
  CHECK(r.tables.count("timing.csv") == 0);
  CHECK(r.tables.at("classes.csv").size() == 200);
}

TEST_CASE("ml.hierarchical_softmax: both models learn, ending near H(W | C) and above it", "[ml][hierarchical_kind]") {
  const auto r = test_ml::run_config(small_config());
  const double floor = r.summary["conditional_entropy_nats"].get<double>();
  const auto& t = r.tables.at("training.csv");
  REQUIRE(t.size() == 8);  // epoch 0..3, two models
  const double flat0 = test_ml::number_at(t, 0, "test_nll"), hs0 = test_ml::number_at(t, 1, "test_nll");
  CHECK(flat0 == Approx(std::log(200.0)).margin(0.05));  // small random weights: nearly uniform
  const double flat = r.summary["flat_test_nll"].get<double>(), hs = r.summary["hierarchical_test_nll"].get<double>();
  CHECK(flat < flat0 - 0.5);
  CHECK(hs < hs0 - 0.2);
  CHECK(flat > floor - 0.05);
  CHECK(hs > floor - 0.05);
  // Same seed, same numbers.
  const auto again = test_ml::run_config(small_config());
  CHECK(again.summary["hierarchical_test_nll"].get<double>() == hs);
}

TEST_CASE("ml.hierarchical_softmax: counts from a file, bad vocabularies name the JSON path, nothing written",
          "[ml][hierarchical_kind]") {
  const auto dir = std::filesystem::temp_directory_path();
  const auto counts = dir / "arbiter_hs_counts.txt";
  { std::ofstream(counts) << "the 45\nof 13\nand 12\nto 16\na 9\nin 5\n"; }
  json cfg = small_config();
  cfg["counts_file"] = counts.string();
  const auto r = test_ml::run_config(cfg);
  CHECK(r.summary["vocabulary"].get<int>() == 6);
  CHECK(r.summary["expected_path_length"].get<double>() == Approx(2.24).epsilon(1e-14));
  CHECK(std::get<std::string>(r.tables.at("classes.csv").rows()[0][1]) == "the");

  const auto one = dir / "arbiter_hs_one.txt";
  { std::ofstream(one) << "the 45\n"; }
  const auto empty = dir / "arbiter_hs_empty.txt";
  { std::ofstream(empty) << "\n"; }
  const auto bad = dir / "arbiter_hs_bad.txt";
  { std::ofstream(bad) << "the 45\nof -1\n"; }
  for (const auto& file : {one, empty, bad, dir / "arbiter_hs_missing.txt"}) {
    cfg["counts_file"] = file.string();
    CHECK(test_ml::bad_config_path(cfg) == "/counts_file");
  }
  json v1 = small_config();
  v1["vocabulary"] = 1;
  CHECK(test_ml::bad_config_path(v1) == "/vocabulary");
  json s = small_config();
  s["zipf_exponent"] = -1;
  CHECK(test_ml::bad_config_path(s) == "/zipf_exponent");
  json big = small_config();
  big["cost"]["vocabularies"] = {100, 10000000};
  big["cost"]["dimension"] = 16;
  CHECK(test_ml::bad_config_path(big) == "/cost/vocabularies/1");
  for (const auto& f : {counts, one, empty, bad}) std::filesystem::remove(f);
}
