#include <catch2/catch.hpp>

#include <stdexcept>
#include <vector>

#include "core/parallel_for.hpp"
#include "core/random_stream.hpp"

using namespace arbiter::core;

TEST_CASE("results do not depend on the thread count", "[core][parallel]") {
  auto run = [](int threads) {
    std::vector<double> out(1000);
    parallel_for(out.size(), threads, [&](std::size_t i) {
      RandomStream r(77, i);
      double s = 0;
      for (int k = 0; k < 100; ++k) s += r.normal();
      out[i] = s;
    });
    return out;
  };
  const auto one = run(1);
  CHECK(one == run(2));
  CHECK(one == run(8));
}

TEST_CASE("the lowest-index exception is rethrown", "[core][parallel]") {
  CHECK_THROWS_WITH(parallel_for(100, 4, [](std::size_t i) {
    if (i == 17 || i == 60) throw std::runtime_error("run " + std::to_string(i));
  }), "run 17");
}
