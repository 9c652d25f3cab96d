// Estimation and loading in slices: LogitEstimation gives, one iteration per step, the same estimates to the
// bit as the one-shot functions, with progress strictly increasing to 1; a byte-order mark before the
// header is skipped.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "econ/choice_data.hpp"
#include "econ/choice_data_loader.hpp"
#include "econ/design.hpp"
#include "econ/estimation.hpp"
#include "econ/long_format_reader.hpp"
#include "econ/nested_logit.hpp"
#include "tests/econ/travelmode_helpers.hpp"

using namespace arbiter::econ;

namespace {

// Steps `e` to the end, checking progress rises strictly from 0 to 1; returns the number of steps.
template <class Stepper>
int step_to_end(Stepper& e) {
  double last = e.progress();
  CHECK(last == 0.0);
  int steps = 0;
  while (!e.done()) {
    e.step();
    ++steps;
    const double p = e.progress();
    INFO("step " << steps);
    CHECK(p > last);
    CHECK(p <= 1.0);
    last = p;
  }
  CHECK(last == 1.0);
  return steps;
}

void check_same(const EstimationResult& a, const EstimationResult& b) {
  REQUIRE(a.parameters.size() == b.parameters.size());
  for (std::size_t i = 0; i < a.parameters.size(); ++i) {
    INFO(a.parameters[i].name);
    CHECK(a.parameters[i].estimate == b.parameters[i].estimate);
    CHECK(a.parameters[i].std_error == b.parameters[i].std_error);
    CHECK(a.parameters[i].robust_std_error == b.parameters[i].robust_std_error);
  }
  CHECK(a.log_likelihood == b.log_likelihood);
  CHECK(a.constants_log_likelihood == b.constants_log_likelihood);
  CHECK(a.iterations == b.iterations);
  CHECK(a.history.size() == b.history.size());
  CHECK(a.method == b.method);
}

}  // namespace

TEST_CASE("the TravelMode conditional logit in steps: one iteration a step, the one-shot estimates to the bit") {
  const Design d = build_design(load_choice_data(test::travelmode_path(), test::travelmode_columns()),
                                test::travelmode_spec());
  LogitEstimation e(d);
  const int steps = step_to_end(e);
  CHECK(steps > 2);
  CHECK(steps == e.result().iterations + 2);  // preparing, the iterations, the converged check
  check_same(e.result(), estimate_conditional_logit(d));
  CHECK(e.result().log_likelihood == Approx(-199.128).margin(5e-4));
}

TEST_CASE("the TravelMode nested logit in steps equals the one-shot fit") {
  ModelSpec spec = test::travelmode_spec();
  spec.nests = {{"fly", {"air"}}, {"ground", {"train", "bus", "car"}}};
  spec.nest_form = NestForm::unscaled;
  const Design d = build_design(load_choice_data(test::travelmode_path(), test::travelmode_columns()), spec);
  const NestStructure ns = build_nests(d, spec);
  LogitEstimation e(d, ns);
  CHECK(step_to_end(e) > 2);
  check_same(e.result(), estimate_nested_logit(d, ns));
  CHECK(e.result().conditional_logit_log_likelihood == Approx(-199.128).margin(5e-4));
}

TEST_CASE("a UTF-8 byte-order mark before the header is skipped (long and wide format)") {
  const std::string body = "situation,alternative,choice,x\n1,a,1,1\n1,b,0,2\n2,a,0,2\n2,b,1,1\n";
  ChoiceColumns c;
  const ChoiceData plain = parse_choice_csv(body, "plain.csv", c);
  const ChoiceData bom = parse_choice_csv("\xEF\xBB\xBF" + body, "bom.csv", c);
  CHECK(bom.n_situations() == 2);
  CHECK(bom.situation_ids == plain.situation_ids);
  CHECK(bom.columns == std::vector<std::string>{"x"});
  CHECK(bom.values == plain.values);
  ChoiceColumns w;
  w.wide = true;
  const ChoiceData wide = parse_choice_csv("\xEF\xBB\xBFsituation,choice,x.a,x.b\n1,a,1,2\n2,b,2,1\n", "w.csv", w);
  CHECK(wide.n_situations() == 2);
  CHECK(wide.situation_ids == std::vector<std::string>{"1", "2"});
  CHECK(wide.values == plain.values);
}

TEST_CASE("ChoiceDataLoader reads a file in steps to the same data as load_choice_data") {
  ChoiceDataLoader loader(test::travelmode_path(), test::travelmode_columns());
  CHECK(loader.progress() == 0.0);
  while (!loader.done()) loader.step();
  CHECK(loader.progress() == 1.0);
  const ChoiceData a = loader.take();
  const ChoiceData b = load_choice_data(test::travelmode_path(), test::travelmode_columns());
  CHECK(a.n_situations() == 210);
  CHECK(a.chosen_row == b.chosen_row);
  CHECK(a.values == b.values);
}

TEST_CASE("the long-format reader in small blocks: progress by bytes, the same data whatever the block size") {
  std::string text = "situation,alternative,choice,x\n";
  for (int s = 1; s <= 3000; ++s)
    for (int a = 0; a < 3; ++a)
      text += std::to_string(s) + "," + "abc"[a] + "," + (a == s % 3 ? "1" : "0") + "," + std::to_string((s * (a + 2)) % 17) + "\n";
  ChoiceColumns c;
  const ChoiceData whole = parse_choice_csv(text, "t.csv", c);
  LongFormatReader reader(text, "t.csv", c, {}, nullptr, 4096);
  CHECK(reader.fraction() == 0.0);
  double last = 0.0;
  int steps = 0;
  while (!reader.done()) {
    reader.step();
    ++steps;
    CHECK(reader.fraction() > last);
    last = reader.fraction();
  }
  CHECK(last == 1.0);
  CHECK(steps > 3);
  const ChoiceData sliced = reader.take();
  CHECK(sliced.situation_ids == whole.situation_ids);
  CHECK(sliced.chosen_row == whole.chosen_row);
  CHECK(sliced.alternative == whole.alternative);
  CHECK(sliced.line == whole.line);
  CHECK(sliced.values == whole.values);
  // A bad row in a late block is reported with its line in the file.
  std::string bad = text;
  bad.replace(bad.rfind(",") + 1, 1, "x");
  LongFormatReader broken(bad, "t.csv", c, {}, nullptr, 4096);
  try {
    while (!broken.done()) broken.step();
    FAIL("no error");
  } catch (const DataError& e) {
    CHECK(e.line() == 9001);
    CHECK(e.column() == "x");
  }
}
