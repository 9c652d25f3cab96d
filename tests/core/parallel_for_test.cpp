#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>
#include <sys/wait.h>
#include <unistd.h>

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

TEST_CASE("nested calls and calls from several threads at once each do all their work", "[core][parallel]") {
  // Sum of i over [0, n) is n (n - 1) / 2; every inner call must see all its indices exactly once.
  std::vector<long long> inner(40);
  parallel_for(inner.size(), 3, [&](std::size_t o) {
    std::vector<long long> part(100 + o, 0);
    parallel_for(part.size(), 2, [&](std::size_t i) { part[i] = static_cast<long long>(i); });
    long long s = 0;
    for (long long v : part) s += v;
    inner[o] = s;
  });
  for (std::size_t o = 0; o < inner.size(); ++o) {
    const long long n = static_cast<long long>(100 + o);
    CHECK(inner[o] == n * (n - 1) / 2);
  }
  std::vector<long long> sums(4, 0);
  std::vector<std::thread> callers;
  for (std::size_t c = 0; c < sums.size(); ++c)
    callers.emplace_back([&, c] {
      for (int rep = 0; rep < 50; ++rep) {
        std::vector<long long> part(500, 0);
        parallel_for(part.size(), 2, [&](std::size_t i) { part[i] = static_cast<long long>(i); });
        for (long long v : part) sums[c] += v;
      }
    });
  for (auto& t : callers) t.join();
  for (long long s : sums) CHECK(s == 50LL * 500 * 499 / 2);
}

TEST_CASE("many short calls reuse the workers and stop at a cancel", "[core][parallel]") {
  long long total = 0;
  for (int rep = 0; rep < 2000; ++rep) {
    std::vector<int> hit(7, 0);
    parallel_for(hit.size(), 2, [&](std::size_t i) { hit[i] += 1; });
    for (int h : hit) total += h;
  }
  CHECK(total == 2000LL * 7);
  std::atomic<bool> cancel{false};
  std::atomic<int> ran{0};
  parallel_for(100000, 2, [&](std::size_t i) {
    ran.fetch_add(1);
    if (i >= 10) cancel = true;
  }, &cancel);
  // Indices 0..10 are handed out before any index past 10; each of the 2 threads runs at most one index
  // >= 10 (it raises the flag, then checks it before taking another).
  CHECK(ran.load() >= 11);
  CHECK(ran.load() <= 12);
}

TEST_CASE("a forked child's calls run on threads of their own (its copy of the pool has none)", "[core][parallel]") {
  std::vector<int> warm(64, 0);
  parallel_for(warm.size(), 2, [&](std::size_t i) { warm[i] = 1; });  // the parent's workers now exist
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    alarm(20);  // a hang (helpers that are not there) ends the child with SIGALRM
    std::vector<long long> out(1000, 0);
    parallel_for(out.size(), 2, [&](std::size_t i) { out[i] = static_cast<long long>(i); });
    long long s = 0;
    for (long long v : out) s += v;
    _exit(s == 999LL * 1000 / 2 ? 0 : 1);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK(std::count(warm.begin(), warm.end(), 1) == 64);
}
