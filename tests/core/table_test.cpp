#include <catch2/catch.hpp>

#include <cstdlib>

#include "core/table.hpp"

using namespace arbiter::core;

TEST_CASE("CSV output is exact, quoted where needed, and rectangular", "[core][table]") {
  Table t({"name", "count", "value"});
  t.add_row({std::string("a,b"), std::int64_t{3}, 0.1});
  t.add_row({std::string("say \"hi\""), std::int64_t{-1}, 1.0 / 3.0});
  CHECK(t.to_csv() == "name,count,value\n\"a,b\",3,0.1\n\"say \"\"hi\"\"\",-1,0.3333333333333333\n");
  CHECK(std::strtod(format_double(1.0 / 3.0).c_str(), nullptr) == 1.0 / 3.0);
  CHECK(format_double(1e-7) == "1e-07");
  CHECK_THROWS_AS(t.add_row({std::int64_t{1}}), std::invalid_argument);
}
