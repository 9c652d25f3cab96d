// Each kind of bad choice data gives one DataError naming the file, the line and the column, and no data.
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "econ/choice_data.hpp"
#include "econ/design.hpp"
#include "econ/estimation.hpp"
#include "tests/econ/travelmode_helpers.hpp"

using namespace arbiter::econ;

namespace {

ChoiceColumns cols(bool with_av = false) {
  ChoiceColumns c;
  c.situation = "sid";
  c.alternative = "alt";
  c.choice = "chosen";
  if (with_av) c.available = "av";
  return c;
}

// Parses `text` and returns the DataError it raises (fails the test when there is none).
DataError error_of(const std::string& text, const ChoiceColumns& c, const std::vector<std::string>& numeric = {}) {
  try {
    parse_choice_csv(text, "bad.csv", c, numeric);
  } catch (const DataError& e) {
    return e;
  }
  FAIL("no DataError for:\n" << text);
  return DataError("", 0, "", "");
}

void check_error(const DataError& e, long line, const std::string& column, const std::string& words) {
  INFO(e.what());
  CHECK(std::string(e.what()).rfind("bad.csv", 0) == 0);
  CHECK(e.line() == line);
  CHECK(e.column() == column);
  CHECK(std::string(e.what()).find(words) != std::string::npos);
  if (line > 0) CHECK(std::string(e.what()).find("bad.csv:" + std::to_string(line) + ":") != std::string::npos);
  if (!column.empty()) CHECK(std::string(e.what()).find("column " + column) != std::string::npos);
}

const std::string header = "sid,alt,chosen,x\n";

}  // namespace

TEST_CASE("good long data loads with yes/no, true/false and 1/0 choice flags") {
  for (const auto& [yes, no] : {std::pair{"1", "0"}, {"yes", "no"}, {"TRUE", "FALSE"}, {"\"yes\"", "\"no\""}}) {
    const std::string text = header + "1,a," + yes + ",1.5\n1,b," + no + ",2\r\n2,a," + no + ",3\n2,b," + yes + ",-4e1\n";
    const ChoiceData d = parse_choice_csv(text, "ok.csv", cols());
    CHECK(d.n_situations() == 2);
    CHECK(d.alternatives == std::vector<std::string>{"a", "b"});
    CHECK(d.chosen_row == std::vector<std::int64_t>{0, 3});
    CHECK(d.column("x") == std::vector<double>{1.5, 2.0, 3.0, -40.0});
  }
}

TEST_CASE("a situation with no chosen row is named with its first line") {
  check_error(error_of(header + "1,a,1,1\n1,b,0,2\n2,a,0,1\n2,b,0,2\n3,a,1,1\n3,b,0,1\n", cols()), 4, "chosen",
              "situation '2' has no chosen alternative");
  check_error(error_of(header + "1,a,1,1\n1,b,0,2\n2,a,0,1\n2,b,0,2\n", cols()), 4, "chosen", "no chosen");
}

TEST_CASE("a situation with two chosen rows is named at the second") {
  check_error(error_of(header + "1,a,1,1\n1,b,0,2\n2,a,1,1\n2,b,1,2\n", cols()), 5, "chosen",
              "situation '2' has two chosen alternatives");
}

TEST_CASE("a chosen alternative that is unavailable is named") {
  check_error(error_of("sid,alt,chosen,av,x\n1,a,1,1,1\n1,b,0,1,2\n2,a,0,1,1\n2,b,1,0,2\n", cols(true)), 5, "av",
              "the chosen alternative 'b' of situation '2' is unavailable");
}

TEST_CASE("a non-numeric value is named with its line and column") {
  check_error(error_of(header + "1,a,1,1\n1,b,0,NA\n", cols()), 3, "x", "expected a number, got 'NA'");
  check_error(error_of(header + "1,a,maybe,1\n1,b,0,2\n", cols()), 2, "chosen", "expected 1/0, yes/no or true/false");
}

TEST_CASE("a missing column is named on the header line") {
  check_error(error_of(header + "1,a,1,1\n", cols(), {"x", "price"}), 1, "price", "no such column in the header");
  ChoiceColumns c = cols();
  c.choice = "choice";
  check_error(error_of(header + "1,a,1,1\n", c), 1, "choice", "needed as the choice column");
}

TEST_CASE("an alternative that appears in no situation is named") {
  ChoiceColumns c = cols();
  c.alternatives = {"a", "b", "plane"};
  check_error(error_of(header + "1,a,1,1\n1,b,0,2\n", c), 0, "alt", "alternative 'plane' appears in no situation");
  // The same for an alternative named by the model.
  const ChoiceData d = parse_choice_csv(header + "1,a,1,1\n1,b,0,2\n2,a,0,2\n2,b,1,1\n", "bad.csv", cols());
  ModelSpec spec;
  spec.reference = "plane";
  spec.generic = {"x"};
  try {
    build_design(d, spec);
    FAIL("no error");
  } catch (const UnknownAlternativeError& e) {
    CHECK(e.argument() == "reference");
    check_error(e, 0, "alt", "alternative 'plane' (named at reference) appears in no situation");
    // The kind that read the spec from a config names the JSON path instead.
    check_error(e.named_at("/model/reference"), 0, "alt",
                "alternative 'plane' (named at /model/reference) appears in no situation");
  }
}

TEST_CASE("an empty file, a header without rows and a short row are errors") {
  check_error(error_of("", cols()), 1, "", "the file is empty");
  check_error(error_of("\n\n", cols()), 1, "", "the file is empty");
  check_error(error_of(header, cols()), 2, "", "no data rows");
  check_error(error_of(header + "1,a,1\n", cols()), 2, "", "expected 4 fields, found 3");
}

TEST_CASE("rows of a situation must be contiguous and alternatives unique within it") {
  check_error(error_of(header + "1,a,1,1\n2,a,1,1\n1,b,0,1\n", cols()), 4, "sid", "not contiguous");
  check_error(error_of(header + "1,a,1,1\n1,a,0,1\n", cols()), 3, "alt", "appears twice in situation '1'");
  // Among thousands of situations (the table of ids seen grows several times), a late repeat of an early id.
  std::string many = header;
  for (int s = 0; s < 5000; ++s) many += "s" + std::to_string(s) + ",a,1,1\n";
  check_error(error_of(many + "s17,a,1,1\n", cols()), 5002, "sid", "situation 's17' are not contiguous");
  CHECK(parse_choice_csv(many, "many.csv", cols()).n_situations() == 5000);
}

TEST_CASE("errors from a file name the file, large files parse across chunks with exact line numbers") {
  const auto path = std::filesystem::temp_directory_path() / "arbiter_econ_bad_data.csv";
  {
    std::ofstream out(path);
    out << "sid,alt,chosen,x\n";
    for (int s = 1; s <= 200000; ++s) out << s << ",a,1,0.250000000000\n" << s << ",b,0,-0.500000000000\n";
    out << "200001,a,1,oops\n";
  }
  try {
    load_choice_data(path.string(), cols());
    FAIL("no error");
  } catch (const DataError& e) {
    INFO(e.what());
    CHECK(e.line() == 400002);
    CHECK(e.column() == "x");
    CHECK(std::string(e.what()).find(path.string() + ":400002: column x: expected a number") == 0);
  }
  std::filesystem::remove(path);
}

TEST_CASE("wide format is converted to the same long data") {
  const std::string wide =
      "id,mode,price.bus,price.car,time.bus,time.car,income\n"
      "7,car,2,5,30,20,40\n"
      "8,bus,1,6,25,25,20\n";
  ChoiceColumns c;
  c.situation = "id";
  c.choice = "mode";
  c.wide = true;
  const ChoiceData d = parse_choice_csv(wide, "wide.csv", c);
  CHECK(d.alternatives == std::vector<std::string>{"car", "bus"});
  CHECK(d.n_situations() == 2);
  CHECK(d.situation_ids == std::vector<std::string>{"7", "8"});
  CHECK(d.column("price") == std::vector<double>{5, 2, 6, 1});
  CHECK(d.column("time") == std::vector<double>{20, 30, 25, 25});
  CHECK(d.column("income") == std::vector<double>{40, 40, 20, 20});
  CHECK(d.chosen_row == std::vector<std::int64_t>{0, 3});
  c.alternatives = {"car", "bus", "plane"};
  try {
    parse_choice_csv(wide, "wide.csv", c);
    FAIL("no error");
  } catch (const DataError& e) {
    CHECK(std::string(e.what()).find("'plane' appears in no situation") != std::string::npos);
  }
}
