// One extreme cell in a regressor column is named (file, line, column, value, and that it swamps the column)
// before the identification check, which would otherwise call the column constant or collinear (issue 14).
#include <catch2/catch.hpp>
#include <string>

#include "econ/design.hpp"
#include "econ/extreme_cells.hpp"
#include "tests/econ/travelmode_helpers.hpp"

using namespace arbiter::econ;

namespace {

bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// TravelMode with one `wait` cell (data row `row`, 0-based) set to `value`; the error of build_design.
std::string design_error_with_wait(std::size_t row, double value, long& line) {
  ChoiceData data = load_choice_data(test::travelmode_path(), test::travelmode_columns());
  data.values[static_cast<std::size_t>(data.column_index("wait"))][row] = value;
  line = static_cast<long>(data.line.at(row));
  try {
    build_design(data, test::travelmode_spec());
  } catch (const DataError& e) {
    CHECK(e.column() == "wait");
    CHECK(e.line() == line);
    return e.what();
  }
  FAIL("no DataError for wait = " << value);
  return "";
}

}  // namespace

TEST_CASE("one wait cell of 1e155 or 1e100 is named as extreme, not as a constant or collinear column") {
  for (const double value : {1e155, 1e100, -1e100, 1e12}) {
    long line = 0;
    const std::string m = design_error_with_wait(41, value, line);
    INFO(m);
    CHECK(has(m, "TravelMode.csv:" + std::to_string(line) + ": column wait: "));
    CHECK(line == 43);  // the header is line 1, data row 42 (0-based 41) is line 43
    CHECK(has(m, "data row 42"));
    CHECK(has(m, "situation 11, alternative train"));
    CHECK(has(m, "is extreme: its magnitude swamps the column"));
    CHECK_FALSE(has(m, "never varies"));
    CHECK_FALSE(has(m, "collinear"));
  }
  long line = 0;
  CHECK(has(design_error_with_wait(41, 1e155, line), "its square overflows"));
  CHECK(has(design_error_with_wait(41, 1e100, line), "less than one rounding unit to its sum of squares"));
}

TEST_CASE("ordinary columns pass the extreme-cell check: large but not swamping, and a lone non-zero value") {
  ChoiceData data = load_choice_data(test::travelmode_path(), test::travelmode_columns());
  auto& wait = data.values[static_cast<std::size_t>(data.column_index("wait"))];
  wait[41] = 1e6;  // 1e4 times the others: their squares still add 1e-4 of the column's sum
  CHECK_NOTHROW(build_design(data, test::travelmode_spec()));
  for (auto& x : wait) x = 0.0;
  wait[41] = 1e140;  // the only non-zero value: nothing is swamped, nothing overflows
  CHECK_NOTHROW(check_extreme_cells(data, {data.column_index("wait")}));
  wait[40] = 1e120;  // 1e-40 of the column's sum of squares: swamped
  CHECK_THROWS_AS(check_extreme_cells(data, {data.column_index("wait")}), DataError);
}
