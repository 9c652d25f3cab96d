// The mixed logit's chunked sums do not depend on which process computes which chunk: "ranks" on threads,
// each computing the chunks a shuffled ownership gives it and exchanging rows through shared memory (what
// the MPI PartialSums does with an all-gather), give the single-process log-likelihood, gradient, unit
// scores and estimates to the last bit, on every rank; a failure in one rank's chunk fails every rank. Ranks
// owning blocks of chunks (as MPI ranks do) keep only their block's draws and still give the same bits, the
// conditional means included.
#include <catch2/catch.hpp>
#include <algorithm>
#include <barrier>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "core/random_stream.hpp"
#include "econ/choice_data.hpp"
#include "econ/mixed_logit.hpp"
#include "econ/mixed_logit_estimation.hpp"
#include "econ/partial_sums.hpp"
#include "tests/econ/electricity_panel.hpp"

using namespace arbiter::econ;

namespace {

const auto& kVars = arbiter::test_econ::kElectricityVariables;

// The first `people` people of Train's Electricity panel.
MixedLogitData electricity_head(std::size_t people) {
  return arbiter::test_econ::first_people(arbiter::test_econ::electricity_panel(), people);
}

RandomCoefficients normal_tastes() {
  std::vector<CoefficientSpec> s;
  for (const auto& v : kVars) s.push_back({v, v == "pf" ? Distribution::fixed : Distribution::normal, false});
  return RandomCoefficients(s);
}

DrawOptions halton(int R) {
  DrawOptions o;
  o.draws = R;
  return o;
}

// Ranks as threads: every chunk has a random owner (from the chunk's own stream: evaluations of the
// conditional logit for the start have more chunks, one unit per situation); share() deposits this rank's rows, waits for every rank,
// copies the rows the others computed and waits again (so no buffer changes while another reads it).
// With blocks, rank r owns chunks [r C / N, (r + 1) C / N), as apps/run_mpi.cpp's ranks do.
struct SharedMemoryCluster {
  SharedMemoryCluster(int n, std::uint64_t s, bool b = false)
      : ranks(n), seed(s), blocks(b), sync(n), buffers(static_cast<std::size_t>(n)) {}
  int owner(std::size_t chunk, std::size_t chunks) const {
    if (blocks) {
      int r = 0;
      while (static_cast<std::size_t>(r + 1) * chunks / static_cast<std::size_t>(ranks) <= chunk) ++r;
      return r;
    }
    arbiter::core::RandomStream stream(seed, chunk);
    return static_cast<int>(stream.uniform_int(static_cast<std::uint64_t>(ranks)));
  }
  int ranks;
  std::uint64_t seed;
  bool blocks;
  std::barrier<> sync;
  std::vector<const std::vector<double>*> buffers;
};

class SharedMemoryRank : public PartialSums {
 public:
  SharedMemoryRank(SharedMemoryCluster& cluster, int rank) : cluster_(&cluster), rank_(rank) {}
  bool computes(std::size_t chunk, std::size_t chunks) const override { return cluster_->owner(chunk, chunks) == rank_; }
  void share(std::vector<double>& partials, std::size_t chunks, std::size_t width) const override {
    cluster_->buffers[static_cast<std::size_t>(rank_)] = &partials;
    cluster_->sync.arrive_and_wait();
    for (std::size_t c = 0; c < chunks; ++c) {
      const int o = cluster_->owner(c, chunks);
      if (o != rank_)
        std::memcpy(partials.data() + c * width, cluster_->buffers[static_cast<std::size_t>(o)]->data() + c * width,
                    width * sizeof(double));
    }
    cluster_->sync.arrive_and_wait();
  }

 private:
  SharedMemoryCluster* cluster_;
  int rank_;
};

// Runs fn(model, rank) on `ranks` threads, each with its own model on the shared cluster.
template <class Fn>
void on_ranks(const MixedLogitData& data, int R, SharedMemoryCluster& cluster, int ranks, Fn fn, bool panel = true) {
  std::vector<std::thread> threads;
  std::vector<std::string> failures(static_cast<std::size_t>(ranks));
  for (int r = 0; r < ranks; ++r)
    threads.emplace_back([&, r] {
      try {
        const MixedLogit m(data, normal_tastes(), halton(R), panel, 1, std::make_shared<SharedMemoryRank>(cluster, r));
        fn(m, r);
      } catch (const std::exception& e) {
        failures[static_cast<std::size_t>(r)] = e.what();
      }
    });
  for (auto& t : threads) t.join();
  for (const auto& f : failures) CHECK(f.empty());
}

bool same_bits(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() &&
         std::memcmp(a.data(), b.data(), static_cast<std::size_t>(a.size()) * sizeof(double)) == 0;
}

}  // namespace

TEST_CASE("chunk partials computed by shuffled ranks add to the single-process bits", "[mixed_logit][partial_sums]") {
  const auto data = electricity_head(100);
  const MixedLogit single(data, normal_tastes(), halton(40), true, 2);
  REQUIRE(single.n_chunks() == 13);
  Eigen::VectorXd theta(single.n_parameters());
  theta << -0.9, 1.1, 2.0, 1.5, -8.0, -8.5, 0.4, 0.3, 0.5, 1.0, 1.2;
  const auto ref = single.evaluate(theta, true, true, 2);
  REQUIRE(std::isfinite(ref.value));
  REQUIRE(ref.value < -100.0);
  for (const int ranks : {1, 2, 3, 5}) {
    for (const std::uint64_t seed : {1u, 2u}) {
      SharedMemoryCluster cluster(ranks, seed);
      std::vector<SimulatedLogLikelihood> got(static_cast<std::size_t>(ranks));
      on_ranks(data, 40, cluster, ranks, [&](const MixedLogit& m, int r) { got[static_cast<std::size_t>(r)] = m.evaluate(theta, true, true, 1); });
      for (const auto& g : got) {
        INFO(ranks << " ranks, ownership " << seed);
        CHECK(std::memcmp(&g.value, &ref.value, sizeof(double)) == 0);
        CHECK(same_bits(g.gradient, ref.gradient));
        CHECK(same_bits(g.unit_scores, ref.unit_scores));
      }
    }
  }
}

TEST_CASE("the fit on three shuffled ranks takes the single-process path to the same estimates", "[mixed_logit][partial_sums]") {
  const auto data = electricity_head(40);
  const MixedLogit single(data, normal_tastes(), halton(20), true, 1);
  MixedLogitOptions o;
  o.threads = 1;
  o.gradient_tolerance = 1e-4;
  const auto ref = estimate_mixed_logit(single, o);
  REQUIRE(ref.iterations > 5);
  SharedMemoryCluster cluster(3, 7);
  std::vector<MixedLogitEstimate> got(3);
  on_ranks(data, 20, cluster, 3, [&](const MixedLogit& m, int r) { got[static_cast<std::size_t>(r)] = estimate_mixed_logit(m, o); });
  for (const auto& g : got) {
    CHECK(g.iterations == ref.iterations);
    CHECK(g.evaluations == ref.evaluations);
    CHECK(std::memcmp(&g.log_likelihood, &ref.log_likelihood, sizeof(double)) == 0);
    CHECK(same_bits(g.theta, ref.theta));
    CHECK(same_bits(g.covariance, ref.covariance));
    CHECK(same_bits(g.clustered_covariance, ref.clustered_covariance));
  }
}

TEST_CASE("a chunk that fails on one rank fails the evaluation on every rank", "[mixed_logit][partial_sums]") {
  const auto data = electricity_head(30);
  const MixedLogit single(data, normal_tastes(), halton(10), true, 1);
  Eigen::VectorXd theta = Eigen::VectorXd::Zero(single.n_parameters());
  theta[0] = 1e308;  // utilities overflow to infinity: the core softmax throws std::domain_error
  REQUIRE_THROWS_AS(single.evaluate(theta, true), std::domain_error);
  SharedMemoryCluster cluster(3, 3);
  std::vector<int> threw(3, 0);
  on_ranks(data, 10, cluster, 3, [&](const MixedLogit& m, int r) {
    try {
      m.evaluate(theta, true);
    } catch (const std::domain_error&) {
      threw[static_cast<std::size_t>(r)] = 1;
    }
  });
  CHECK(threw == std::vector<int>{1, 1, 1});
}

TEST_CASE("ranks owning blocks of chunks keep only their draws and give the single-process likelihood and means",
          "[mixed_logit][partial_sums]") {
  const auto data = electricity_head(100);
  Eigen::VectorXd theta(11);
  theta << -0.9, 1.1, 2.0, 1.5, -8.0, -8.5, 0.4, 0.3, 0.5, 1.0, 1.2;
  const std::vector<int> wtp_of = {1, 2, 3};  // cl, loc, wk over pf (coefficient 0)
  for (const bool panel : {true, false}) {
    const MixedLogit single(data, normal_tastes(), halton(30), panel, 2);
    REQUIRE(single.held_units() == single.n_units());
    const auto ref = single.evaluate(theta, true, true, 2);
    const Eigen::MatrixXd means = single.conditional_means(theta, 2);
    const Eigen::MatrixXd wtp = single.conditional_wtp(theta, 0, wtp_of, 2);
    REQUIRE(means.rows() == static_cast<Eigen::Index>(single.n_units()));
    REQUIRE(means.allFinite());
    for (const int ranks : {2, 3}) {
      SharedMemoryCluster cluster(ranks, 0, true);
      std::vector<SimulatedLogLikelihood> got(static_cast<std::size_t>(ranks));
      std::vector<Eigen::MatrixXd> got_means(got.size()), got_wtp(got.size());
      std::vector<std::size_t> first(got.size()), held(got.size());
      on_ranks(
          data, 30, cluster, ranks,
          [&](const MixedLogit& m, int r) {
            const auto i = static_cast<std::size_t>(r);
            first[i] = m.first_held_unit();
            held[i] = m.held_units();
            got[i] = m.evaluate(theta, true, true, 1);
            got_means[i] = m.conditional_means(theta, 1);
            got_wtp[i] = m.conditional_wtp(theta, 0, wtp_of, 1);
          },
          panel);
      const std::size_t C = single.n_chunks(), U = single.n_units();
      for (int r = 0; r < ranks; ++r) {
        const auto i = static_cast<std::size_t>(r);
        INFO((panel ? "panel, " : "cross-section, ") << ranks << " ranks, rank " << r);
        // Rank r keeps the units of chunks [r C / N, (r + 1) C / N) and no others.
        CHECK(first[i] == i * C / static_cast<std::size_t>(ranks) * MixedLogit::kChunkUnits);
        CHECK(first[i] + held[i] ==
              std::min(U, (i + 1) * C / static_cast<std::size_t>(ranks) * MixedLogit::kChunkUnits));
        CHECK(held[i] < U);
        CHECK(std::memcmp(&got[i].value, &ref.value, sizeof(double)) == 0);
        CHECK(same_bits(got[i].gradient, ref.gradient));
        CHECK(same_bits(got[i].unit_scores, ref.unit_scores));
        CHECK(same_bits(got_means[i], means));
        CHECK(same_bits(got_wtp[i], wtp));
      }
    }
  }
}

TEST_CASE("conditional means computed by shuffled ranks are the single-process bits", "[mixed_logit][partial_sums]") {
  const auto data = electricity_head(60);
  const MixedLogit single(data, normal_tastes(), halton(20), true, 1);
  Eigen::VectorXd theta(single.n_parameters());
  theta << -0.9, 1.1, 2.0, 1.5, -8.0, -8.5, 0.4, 0.3, 0.5, 1.0, 1.2;
  const Eigen::MatrixXd ref = single.conditional_means(theta, 1);
  SharedMemoryCluster cluster(3, 5);
  std::vector<Eigen::MatrixXd> got(3);
  on_ranks(data, 20, cluster, 3, [&](const MixedLogit& m, int r) { got[static_cast<std::size_t>(r)] = m.conditional_means(theta, 1); });
  for (const auto& g : got) CHECK(same_bits(g, ref));
}

TEST_CASE("a PartialSums that computes a chunk it does not hold is a logic error, not a read past the draws",
          "[mixed_logit][partial_sums]") {
  struct HoldsFirstHalf : PartialSums {
    bool holds(std::size_t chunk, std::size_t chunks) const override { return chunk < chunks / 2; }
  };
  const auto data = electricity_head(40);
  const MixedLogit m(data, normal_tastes(), halton(10), true, 1, std::make_shared<HoldsFirstHalf>());
  REQUIRE(m.n_chunks() == 5);
  CHECK(m.first_held_unit() == 0);
  CHECK(m.held_units() == 16);  // chunks 0 and 1
  const Eigen::VectorXd theta = Eigen::VectorXd::Constant(m.n_parameters(), 0.1);
  CHECK_THROWS_WITH(m.evaluate(theta, true), Catch::Contains("whose draws this process does not hold"));
  CHECK_THROWS_WITH(m.conditional_means(theta, 1), Catch::Contains("whose draws this process does not hold"));
}
