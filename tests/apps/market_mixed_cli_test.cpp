// econ.market's mixed-logit and latent-class keys through the `arbiter` program: bad input (a random
// coefficient the market lacks, zero draws, an unknown distribution, a normal price that reaches positive
// values, an estimates file naming a coefficient the market lacks) exits 2 with the JSON path or the file and
// line, and writes nothing.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "tests/apps/arbiter_process.hpp"

namespace fs = std::filesystem;

namespace {

using test_apps::arbiter;
using test_apps::Outcome;

}  // namespace

TEST_CASE("econ.market: bad mixed-logit input exits 2 naming the JSON path or the file and line, writing nothing",
          "[apps]") {
  const fs::path d = fs::temp_directory_path() / "arbiter_cli_test_market_mixed";
  fs::remove_all(d);
  fs::create_directories(d);
  const std::string cfg = " configs/econ/market_mixed_red_bus.json --out " + (d / "out").string();
  const struct {
    std::string set, says;
  } cases[] = {
      {"--set '/random/speed=\"normal\"'", "/random/speed: expected a coefficient in /coefficients"},
      {"--set /simulation/draws=0", "/simulation/draws: expected"},
      {"--set '/random/bus=\"gaussian\"'", "/random/bus: expected one of \"normal\""},
      {"--set '/random/price=\"normal\"' --set /coefficients/sd.price=2", "/random/price: expected a price coefficient < 0"},
  };
  for (const auto& c : cases) {
    const Outcome r = arbiter("run" + cfg + " " + c.set);
    INFO(c.set << "\n" << r.output);
    CHECK(r.status == 2);
    CHECK_THAT(r.output, Catch::Contains("market_mixed_red_bus.json: " + c.says));
    CHECK_FALSE(fs::exists(d / "out"));
  }
  std::ofstream(d / "estimates.csv") << "parameter,estimate\nprice,-1.5\nspeed,0.3\n";
  const Outcome r = arbiter("run" + cfg + " --set '/estimates=\"" + (d / "estimates.csv").string() + "\"'");
  INFO(r.output);
  CHECK(r.status == 2);
  CHECK_THAT(r.output, Catch::Contains("estimates.csv: line 3: parameter 'speed' is no coefficient of this market"));
  CHECK_FALSE(fs::exists(d / "out"));
  const Outcome ok = arbiter("run" + cfg);
  CHECK(ok.status == 0);
  CHECK(fs::exists(d / "out" / "results.csv"));
  CHECK_THAT(ok.output, Catch::Contains("consumer surplus per consumer: mixed logit"));
}
