// Units of cards and axes (gui/plot/unit.hpp): a unit or an explicit kind of pure number, never nothing; axis
// titles carry the unit once; only Unit::unstated() is reported by the layout check.
#include <catch2/catch.hpp>

#include <stdexcept>
#include "gui/plot/unit.hpp"

using arbiter::gui::plot::Unit;
using arbiter::gui::plot::Unitless;

TEST_CASE("a unit has a symbol, and an empty one is refused with a message naming the alternative", "[gui][unit]") {
  const Unit money = Unit::of("money");
  CHECK(money.symbol() == "money");
  CHECK_FALSE(money.unitless());
  CHECK(money.stated());
  CHECK(money.describe() == "money");
  CHECK_THROWS_AS(Unit::of(""), std::invalid_argument);
  CHECK_THROWS_WITH(Unit::of(""), Catch::Contains("Unit::none"));
}

TEST_CASE("unitless numbers say what kind they are and show no symbol", "[gui][unit]") {
  CHECK(Unit::count().describe() == "count");
  CHECK(Unit::probability().describe() == "probability");
  CHECK(Unit::ratio().describe() == "ratio");
  CHECK(Unit::number().describe() == "number");
  CHECK(Unit::none(Unitless::probability).describe() == "probability");
  for (const Unit& u : {Unit::count(), Unit::probability(), Unit::ratio(), Unit::number()}) {
    CHECK(u.unitless());
    CHECK(u.symbol().empty());
    CHECK(u.stated());
    CHECK(u.title("p(right)") == "p(right)");
  }
}

TEST_CASE("only an unstated unit is unstated (the layout check reports it)", "[gui][unit]") {
  const Unit u = Unit::unstated();
  CHECK_FALSE(u.stated());
  CHECK(u.unitless());
  CHECK(u.describe() == "unstated");
  CHECK(u.title("x") == "x");
}

TEST_CASE("an axis title names its unit once", "[gui][unit]") {
  CHECK(Unit::of("money").title("price") == "price (money)");
  CHECK(Unit::of("money").title("") == "(money)");
  CHECK(Unit::of("J/k_B").title("T") == "T (J/k_B)");
  // Already named: in parentheses, as the first word, or (three characters or more) anywhere.
  CHECK(Unit::of("money").title("price (money)") == "price (money)");
  CHECK(Unit::of("k_B").title("C_v (k_B = 1)") == "C_v (k_B = 1)");
  CHECK(Unit::of("%").title("% optimal action") == "% optimal action");
  CHECK(Unit::of("rad").title("x (m), theta (rad)") == "x (m), theta (rad)");
  CHECK(Unit::of("reward").title("average reward") == "average reward");
  // A one-letter symbol inside a word is not its unit: "time" is not in metres.
  CHECK(Unit::of("m").title("time") == "time (m)");
  CHECK(Unit::of("J").title("e") == "e (J)");
}
