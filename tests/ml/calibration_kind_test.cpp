// Kind ml.calibration through the registry: the shipped config (synthetic overconfident logits with a known
// truth), its tables and summary, and bad logits files (each a ConfigError at /logits naming the file and
// line, raised before any output exists).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <variant>

#include "core/config_error.hpp"
#include "core/input_error.hpp"
#include "experiments/config_loader.hpp"
#include "ml/logits_csv.hpp"

using namespace arbiter;
using json = nlohmann::json;

namespace {

experiments::Results run(const experiments::LoadedConfig& cfg) {
  auto exp = experiments::make_experiment(cfg, 1);
  while (!exp->done()) exp->step();
  const auto obs = exp->observables();
  CHECK(obs.plots.size() >= 2);
  CHECK(obs.bars.size() >= 2);
  return exp->finish();
}

std::size_t column(const core::Table& t, const std::string& name) {
  const auto& c = t.columns();
  const auto it = std::find(c.begin(), c.end(), name);
  REQUIRE(it != c.end());
  return static_cast<std::size_t>(it - c.begin());
}

std::string message_of(const std::string& csv) {
  try {
    ml::parse_logits_csv(csv, "bad.csv");
  } catch (const core::DataError& e) {
    return e.what();
  }
  return "(no DataError)";
}

const std::string kHeader = "split,label,group,z0,z1,z2\n";

}  // namespace

TEST_CASE("configs/ml/calibration_synthetic.json: T near 2.2, ECE down more than fourfold, accuracy unchanged",
          "[ml][calibration_kind]") {
  const auto r = run(experiments::load_config(std::string(ARBITER_SOURCE_DIR) + "/configs/ml/calibration_synthetic.json"));
  const json& s = r.summary;
  CHECK(s["temperature"].get<double>() == Approx(2.22).margin(0.05));
  CHECK(s["accuracy_before"].get<double>() == s["accuracy_after"].get<double>());
  CHECK(s["accuracy_before"].get<double>() == Approx(0.87).margin(0.02));
  CHECK(s["ece_after"].get<double>() < s["ece_before"].get<double>() / 4);
  CHECK(s["ece_after"].get<double>() < 0.025);
  CHECK(s["nll_after"].get<double>() < s["nll_before"].get<double>());
  CHECK(s["fit"]["converged"].get<bool>());
  // The file's overconfidence is 2.6 for tops and 1.6 for bags: one T per group comes near each.
  CHECK(s["groups"]["tops"]["temperature"].get<double>() == Approx(2.6).margin(0.2));
  CHECK(s["groups"]["bags"]["temperature"].get<double>() < 1.9);
  for (const char* g : {"tops", "bottoms", "shoes", "bags"})
    CHECK(s["groups"][g]["ece_per_group"].get<double>() < s["groups"][g]["ece_before"].get<double>());
  CHECK(s["group_gap"]["per_group"]["ece"].get<double>() < s["group_gap"]["global"]["ece"].get<double>());

  // results.csv: the summary's numbers, tidy.
  const core::Table& t = r.results;
  bool found = false;
  for (const auto& row : t.rows())
    if (std::get<std::string>(row[0]) == "test" && std::get<std::string>(row[1]) == "global" &&
        std::get<std::string>(row[2]) == "ece") {
      CHECK(std::get<double>(row[3]) == s["ece_after"].get<double>());
      found = true;
    }
  CHECK(found);

  // reliability.csv: the 15 equal-width test bins after scaling hold 5000 examples; their ECE is ece_after.
  const core::Table& rel = r.tables.at("reliability.csv");
  std::int64_t total = 0;
  double ece = 0.0;
  for (const auto& row : rel.rows())
    if (std::get<std::string>(row[0]) == "test" && std::get<std::string>(row[1]) == "global" &&
        std::get<std::string>(row[2]) == "equal_width") {
      const auto n = std::get<std::int64_t>(row[column(rel, "count")]);
      total += n;
      if (n > 0)
        ece += static_cast<double>(n) * std::abs(std::get<double>(row[column(rel, "accuracy")]) -
                                                 std::get<double>(row[column(rel, "confidence")]));
    }
  CHECK(total == 5000);
  CHECK(ece / 5000 == Approx(s["ece_after"].get<double>()).epsilon(1e-12));
  CHECK(r.tables.at("histogram.csv").size() == 40);         // 20 bins, before and after
  CHECK(r.tables.at("groups.csv").size() == 12);            // 4 groups x (before, global, per_group)
  CHECK(r.tables.at("temperature_curve.csv").size() == 48);
}

TEST_CASE("logits files: each defect is a DataError naming the file and line", "[ml][calibration_kind]") {
  CHECK(message_of(kHeader + "validation,0,,1,2,3\ntest,1,,1,2\n") ==
        "bad.csv: line 3: 5 fields, expected 6 (split, label, group, 3 logits and 0 more)");
  CHECK(message_of(kHeader + "validation,0,,1,nan,3\n") == "bad.csv: line 2: z1 = \"nan\", expected a finite number");
  CHECK(message_of(kHeader + "validation,3,,1,2,3\n") == "bad.csv: line 2: label \"3\", expected an integer in [0, 2]");
  CHECK(message_of(kHeader + "validation,-1,,1,2,3\n") == "bad.csv: line 2: label \"-1\", expected an integer in [0, 2]");
  CHECK(message_of(kHeader + "test,0,,1,2,3\n") ==
        "bad.csv: no validation rows (the temperature is fitted on the validation split)");
  CHECK(message_of(kHeader + "validation,0,,1,2,3\n") ==
        "bad.csv: no test rows (the calibration is measured on the test split)");
  CHECK(message_of(kHeader + "train,0,,1,2,3\n") == "bad.csv: line 2: split \"train\", expected validation or test");
  CHECK(message_of("split,label,z0,z1\n").find("bad.csv: line 1: expected the header") == 0);
  CHECK(message_of("split,label,group,z0,z1,z3\n") ==
        "bad.csv: line 1: column 6 is \"z3\", expected \"z2\" or a named column after the logits");
  CHECK(message_of("split,label,group,z0,family\n") ==
        "bad.csv: line 1: expected the logits z0,z1,... (at least two classes) after split,label,group");
  const ml::LogitsFile ok = ml::parse_logits_csv(kHeader + "validation,2,a,1,2,3\r\ntest,0,,-1,0.5,1e3\n", "ok.csv");
  CHECK(ok.classes == 3);
  CHECK(ok.validation.size() == 1);
  CHECK(ok.test.logits(0, 2) == 1000.0);
  CHECK(ok.validation.groups[0] == "a");
  CHECK(ok.validation.has_groups());
  CHECK_FALSE(ok.test.has_groups());
  // Grouping by another column: a named column after the logits; a column the file lacks names the argument.
  const std::string with_family = "split,label,group,z0,z1,family\nvalidation,1,,0,1,shoes\ntest,0,x,2,1,bags\n";
  const ml::LogitsFile by_family = ml::parse_logits_csv(with_family, "f.csv", "family");
  CHECK(by_family.validation.groups[0] == "shoes");
  CHECK(by_family.test.groups[0] == "bags");
  CHECK(by_family.classes == 2);
  CHECK(ml::parse_logits_csv(with_family, "f.csv").test.groups[0] == "x");
  try {
    ml::parse_logits_csv(with_family, "f.csv", "colour");
    FAIL("no error");
  } catch (const core::ArgumentError& e) {
    CHECK(e.argument() == "group_column");
    CHECK(std::string(e.what()) == "group_column: expected a column of f.csv to group by (group, family), got \"colour\"");
  }
}

TEST_CASE("ml.calibration: a bad logits file is a ConfigError at /logits before anything is written",
          "[ml][calibration_kind]") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "arbiter_calibration_kind_test";
  fs::create_directories(dir);
  {
    std::ofstream(dir / "wide.csv") << kHeader << "validation,0,,1,2,3,4\n";
  }
  const auto error_of = [&](const std::string& logits) -> core::ConfigError {
    try {
      run(experiments::resolve_config({{"kind", "ml.calibration"}, {"logits", logits}}, "bad.json", dir.string()));
    } catch (const core::ConfigError& e) {
      return e;
    }
    FAIL("no ConfigError");
    return core::ConfigError("");
  };
  const core::ConfigError wide = error_of("wide.csv");
  CHECK(wide.json_path() == "/logits");
  CHECK(std::string(wide.what()) == "bad.json: /logits: " + (dir / "wide.csv").string() +
                                        ": line 2: 7 fields, expected 6 (split, label, group, 3 logits and 0 more)");
  CHECK(error_of("missing.csv").json_path() == "/logits");
  {
    std::ofstream(dir / "ok.csv") << kHeader << "validation,0,,1,2,3\ntest,1,,1,2,3\n";
  }
  try {
    run(experiments::resolve_config({{"kind", "ml.calibration"}, {"logits", "ok.csv"}, {"group_column", "family"}},
                                    "bad.json", dir.string()));
    FAIL("no ConfigError");
  } catch (const core::ConfigError& e) {
    CHECK(e.json_path() == "/group_column");
  }
  CHECK(std::string(error_of("missing.csv").what()).find("cannot open") != std::string::npos);
  try {
    experiments::resolve_config({{"kind", "ml.calibration"}, {"logits", "x.csv"}, {"bins", 1}}, "bad.json", ".");
    FAIL("no ConfigError");
  } catch (const core::ConfigError& e) {
    CHECK(e.json_path() == "/bins");
  }
  fs::remove_all(dir);
}

TEST_CASE("ml.calibration: the shown temperature changes live, at T = 1 it shows the numbers before scaling",
          "[ml][calibration_kind]") {
  const auto cfg = experiments::load_config(std::string(ARBITER_SOURCE_DIR) + "/configs/ml/calibration_synthetic.json");
  auto exp = experiments::make_experiment(cfg, 1);
  CHECK(exp->progress() == 0.0);
  exp->step();
  const auto number = [&](const std::string& id) {
    for (const auto& n : exp->observables().numbers)
      if (n.id == id) return n.value;
    FAIL("no number " << id);
    return 0.0;
  };
  CHECK(number("shown_temperature") == number("temperature"));
  CHECK(number("group_gap_ece_per_group") < number("group_gap_ece_global"));
  std::vector<std::string> bars;
  for (const auto& b : exp->observables().bars) bars.push_back(b.id);
  CHECK(bars == std::vector<std::string>{"reliability_gap", "confidence_histogram", "group_ece", "group_nll",
                                         "group_entropy"});
  CHECK(number("ece_shown") == Approx(number("ece_after")).epsilon(1e-12));
  json live = cfg.resolved;
  live["temperature"] = 1.0;
  REQUIRE(exp->apply_live(live));
  CHECK(number("shown_temperature") == 1.0);
  CHECK(number("ece_shown") == Approx(number("ece_before")).epsilon(1e-12));
  CHECK(number("nll_shown") == Approx(number("nll_before")).epsilon(1e-12));
  while (!exp->done()) exp->step();
  CHECK(exp->progress() == 1.0);
  // The curve's validation NLL is least next to the fitted T.
  const auto r = exp->finish();
  const core::Table& curve = r.tables.at("temperature_curve.csv");
  double best_t = 0.0, best = INFINITY;
  for (const auto& row : curve.rows())
    if (std::get<double>(row[1]) < best) {
      best = std::get<double>(row[1]);
      best_t = std::get<double>(row[0]);
    }
  const double step = std::pow(8.0 / 0.25, 1.0 / 47.0);  // the default grid's ratio
  CHECK(best_t / r.summary["temperature"].get<double>() < step);
  CHECK(r.summary["temperature"].get<double>() / best_t < step);
}
