// Kind ml.sampling through the registry on a small text file: one results row per setting, T -> 0 repeats the
// greedy word, real words and diversity move with T; bad input (empty or unreadable text, top-p outside (0, 1],
// top-k < 1, T <= 0) names the JSON path with nothing written.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "tests/ml/ml_kind_run.hpp"

using namespace arbiter;
using json = nlohmann::json;

namespace {

std::filesystem::path words_file() {
  const auto f = std::filesystem::temp_directory_path() / "arbiter_sampling_words.txt";
  std::ofstream out(f);
  // "the" twice: no two symbols tie for the argmax along the greedy path (a tie would split T -> 0 evenly).
  for (const char* w : {"the", "the", "then", "there", "these", "this", "that", "than", "thin", "a", "an", "and", "at",
                        "as", "ant", "tan", "tent", "ten", "net", "nest", "test"})
    out << w << "\n";
  return f;
}

json config(const std::string& text) {
  return {{"kind", "ml.sampling"},
          {"seed", 2},
          {"text", text},
          {"order", 3},
          {"samples", 300},
          {"settings",
           {json{{"temperature", 0.001}}, json{{"temperature", 1.0}}, json{{"temperature", 50.0}},
            json{{"temperature", 1.0}, {"top_k", 1}}, json{{"temperature", 1.0}, {"top_p", 0.5}}}}};
}

}  // namespace

TEST_CASE("ml.sampling: T -> 0 repeats the greedy word, large T makes gibberish", "[ml][sampling_kind]") {
  const auto file = words_file();
  const auto r = test_ml::run_config(config(file.string()));
  REQUIRE(r.results.size() == 5);
  const std::string greedy = r.summary["greedy_word"].get<std::string>();
  // T = 0.001 and top_k = 1: every sample is the greedy word (one distinct word out of 300).
  CHECK(test_ml::number_at(r.results, 0, "distinct_words") == Approx(1.0 / 300).epsilon(1e-15));
  CHECK(test_ml::number_at(r.results, 3, "distinct_words") == Approx(1.0 / 300).epsilon(1e-15));
  CHECK(r.summary["settings"][0]["examples"][0].get<std::string>() == greedy);
  CHECK(test_ml::number_at(r.results, 0, "mean_nll") == Approx(r.summary["greedy_word_nll"].get<double>()).epsilon(1e-12));
  CHECK(r.summary["most_likely_word_nll"].get<double>() <= r.summary["greedy_word_nll"].get<double>() + 1e-12);
  // T = 1 makes mostly real words; T = 50 almost none, and a higher NLL; the nucleus is more real than T = 1.
  const double real1 = test_ml::number_at(r.results, 1, "real_word_fraction");
  CHECK(real1 > 0.3);
  CHECK(test_ml::number_at(r.results, 2, "real_word_fraction") < 0.1);
  CHECK(test_ml::number_at(r.results, 2, "mean_nll_per_symbol") > test_ml::number_at(r.results, 1, "mean_nll_per_symbol"));
  CHECK(test_ml::number_at(r.results, 4, "real_word_fraction") >= real1);
  CHECK(test_ml::number_at(r.results, 2, "distinct_words") > test_ml::number_at(r.results, 1, "distinct_words"));
  CHECK(r.tables.at("samples.csv").size() == 1500);
  CHECK(test_ml::run_config(config(file.string())).tables.at("samples.csv").to_csv() == r.tables.at("samples.csv").to_csv());
  std::filesystem::remove(file);
}

TEST_CASE("ml.sampling: bad text files and settings name their JSON path, nothing written", "[ml][sampling_kind]") {
  const auto file = words_file();
  const auto empty = std::filesystem::temp_directory_path() / "arbiter_sampling_empty.txt";
  { std::ofstream(empty) << "\n \n"; }
  CHECK(test_ml::bad_config_path(config(empty.string())) == "/text");
  CHECK(test_ml::bad_config_path(config((std::filesystem::temp_directory_path() / "arbiter_no_words.txt").string())) ==
        "/text");
  CHECK(test_ml::bad_config_path(config(std::filesystem::temp_directory_path().string())) == "/text");
  json c = config(file.string());
  c["settings"] = {json{{"temperature", 1.0}, {"top_p", 0.0}}};
  CHECK(test_ml::bad_config_path(c) == "/settings/0/top_p");
  c["settings"] = {json{{"temperature", 1.0}}, json{{"temperature", 1.0}, {"top_p", 1.2}}};
  CHECK(test_ml::bad_config_path(c) == "/settings/1/top_p");
  c["settings"] = {json{{"temperature", 1.0}, {"top_k", 0}}};
  CHECK(test_ml::bad_config_path(c) == "/settings/0/top_k");
  c["settings"] = {json{{"temperature", 0.0}}};
  CHECK(test_ml::bad_config_path(c) == "/settings/0/temperature");
  c["settings"] = {json{{"temperature", -2.0}}};
  CHECK(test_ml::bad_config_path(c) == "/settings/0/temperature");
  std::filesystem::remove(file);
  std::filesystem::remove(empty);
}

TEST_CASE("ml.sampling: the live preview shows the next letter after a prefix and takes /preview in place",
          "[ml][sampling_kind]") {
  const auto file = words_file();
  json cfg = config(file.string());
  const auto loaded = experiments::resolve_config(cfg, "test.json", ".");
  auto exp = experiments::make_experiment(loaded, 1);
  const auto bars_of = [&](const std::string& id) {
    for (const auto& b : exp->observables().bars)
      if (b.id == id) return b;
    FAIL("no bars " << id);
    return experiments::Bars{};
  };
  // Prefix "" at T = 1 without cuts: the preview is the model itself.
  auto b = bars_of("next_symbol");
  REQUIRE(b.groups.size() == 2);
  for (std::size_t i = 0; i < b.labels.size(); ++i) CHECK(b.groups[1].values[i] == Approx(b.groups[0].values[i]).epsilon(1e-14));
  json live = loaded.resolved;
  live["preview"]["prefix"] = "th";
  live["preview"]["top_k"] = 1;
  REQUIRE(exp->apply_live(live));
  b = bars_of("next_symbol");
  CHECK(b.title == "Next letter after \"th\"");
  // top_k 1: all the mass on the model's most likely letter after "th" ("e": the, the, then, there, these).
  const std::size_t e = static_cast<std::size_t>(std::find(b.labels.begin(), b.labels.end(), "e") - b.labels.begin());
  CHECK(b.groups[1].values[e] == 1.0);
  json other = live;
  other["samples"] = 10;
  CHECK_FALSE(exp->apply_live(other));
  std::filesystem::remove(file);
}
