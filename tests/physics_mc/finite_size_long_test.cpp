// The finite-size config run in full (LABELS long): the specific-heat peak grows with L and moves toward
// T_c, and the Binder cumulants of L = 16, 32, 64 cross near Onsager's T_c = 2.269.
#include <catch2/catch.hpp>
#include <cmath>
#include "experiments/config_loader.hpp"
#include "physics/onsager.hpp"

namespace ex = arbiter::experiments;

TEST_CASE("Finite-size scaling: C peaks grow toward T_c and Binder cumulants cross near 2.269", "[physics_mc][long]") {
  const auto loaded = ex::load_config(std::string(ARBITER_SOURCE_DIR) + "/configs/physics/ising_finite_size.json");
  auto e = ex::make_experiment(loaded, 0);
  while (!e->done()) e->step();
  const auto res = e->finish();
  const double tc = arbiter::physics::onsager_critical_temperature();
  const auto& peaks = res.summary["c_peaks"];
  REQUIRE(peaks.size() == 3);
  INFO(res.summary.dump(1));
  CHECK(peaks[1]["c_per_spin"].get<double>() > peaks[0]["c_per_spin"].get<double>());
  CHECK(peaks[2]["c_per_spin"].get<double>() > peaks[1]["c_per_spin"].get<double>());
  CHECK(std::abs(peaks[2]["T"].get<double>() - tc) <= std::abs(peaks[0]["T"].get<double>() - tc));
  CHECK(std::abs(peaks[2]["T"].get<double>() - tc) < 0.05);
  const auto& crossings = res.summary["binder_crossings"];
  REQUIRE(crossings.size() >= 2);
  for (const auto& c : crossings) CHECK(std::abs(c["T"].get<double>() - tc) < 0.03);
}
