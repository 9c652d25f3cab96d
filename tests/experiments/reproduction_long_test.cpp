// Long reproductions (ctest label `long`): the shipped episodic configs run in full and their numbers are
// checked against the book and the goals. Short corridor (Sutton & Barto Example 13.1, reward -1
// on every step, optimum J = -(6 + 4 sqrt 2) = -11.657 at p(right) = 2 - sqrt 2): Figure 13.1 (REINFORCE,
// alpha 2^-13), Figure 13.2 (with a baseline, 2^-9 and 2^-6) and a step size too large (2^-8); the two
// gridworlds; CartPole solved (mean return >= 475 over 100 consecutive episodes) within 2000 episodes on at
// least 8 of 10 seeds. Every run uses both cores.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>
#include <Eigen/Dense>
#include "core/table.hpp"
#include "envs/short_corridor.hpp"
#include "experiments/config_loader.hpp"

using namespace arbiter;

namespace {

const double kOptimum = -(6.0 + 4.0 * std::sqrt(2.0));

experiments::Results run_config(const std::string& file, const std::vector<std::string>& overrides = {}) {
  const auto cfg = experiments::load_config(std::string(ARBITER_SOURCE_DIR) + "/configs/rl/" + file, overrides);
  auto exp = experiments::make_experiment(cfg, 2);
  while (!exp->done()) exp->step();
  return exp->finish();
}

double number(const core::Cell& c) {
  if (const auto* d = std::get_if<double>(&c)) return *d;
  return static_cast<double>(std::get<std::int64_t>(c));
}

// Mean over runs of `metric` per episode (index 0 = episode 1), from curves.csv.
std::vector<double> curve(const experiments::Results& r, const std::string& metric) {
  std::vector<double> out;
  for (const auto& row : r.tables.at("curves.csv").rows())
    if (std::get<std::string>(row[1]) == metric) out.push_back(number(row[2]));
  return out;
}

// Mean of episodes [first, last] (1-based, inclusive).
double window(const std::vector<double>& c, int first, int last) {
  double s = 0.0;
  for (int e = first; e <= last; ++e) s += c.at(static_cast<std::size_t>(e - 1));
  return s / (last - first + 1);
}

// Value of `metric` at the last recorded episode, per run, from results.csv.
std::vector<double> final_per_run(const experiments::Results& r, const std::string& metric) {
  std::map<std::int64_t, std::pair<std::int64_t, double>> last;
  for (const auto& row : r.results.rows()) {
    if (std::get<std::string>(row[2]) != metric) continue;
    const auto run = std::get<std::int64_t>(row[0]), episode = std::get<std::int64_t>(row[1]);
    auto& slot = last[run];
    if (episode >= slot.first) slot = {episode, number(row[3])};
  }
  std::vector<double> out;
  for (const auto& [run, v] : last) out.push_back(v.second);
  return out;
}

}  // namespace

TEST_CASE("Figure 13.1: REINFORCE (alpha 2^-13) climbs from epsilon-greedy-left towards the optimum",
          "[rl_pg][long]") {
  const auto r = run_config("short_corridor_reinforce.json");
  const auto ret = curve(r, "return");
  REQUIRE(ret.size() == 1000);
  INFO("windows 1-10 " << window(ret, 1, 10) << ", 101-200 " << window(ret, 101, 200) << ", 501-600 "
                       << window(ret, 501, 600) << ", 901-1000 " << window(ret, 901, 1000));
  // The start is p(right) = 0.05, whose exact value is -82.1; the first episodes are near it.
  CHECK(envs::ShortCorridor::start_value(0.05) == Approx(-82.105).epsilon(1e-4));
  CHECK(window(ret, 1, 10) < -65.0);
  // Steady improvement, window by window.
  for (int w = 0; w + 1 < 10; ++w) CHECK(window(ret, 100 * w + 1, 100 * w + 100) < window(ret, 100 * w + 101, 100 * w + 200) + 0.5);
  // By episode 600 within 3 of the optimum (the book's code gives the same: see docs/rl.md), by 1000
  // within 1.2, and never better than the optimum beyond noise.
  CHECK(window(ret, 501, 600) > kOptimum - 3.0);
  CHECK(window(ret, 901, 1000) > kOptimum - 1.2);
  CHECK(window(ret, 901, 1000) < kOptimum + 0.6);
  const auto p = curve(r, "p_right");
  CHECK(p.back() > 0.40);
  CHECK(p.back() < envs::ShortCorridor::optimal_p_right());
  CHECK(r.summary.at("final_start_value").get<double>() > kOptimum - 1.2);
}

TEST_CASE("Figure 13.2: with a learned baseline REINFORCE is near the optimum within about 100 episodes",
          "[rl_pg][long]") {
  const auto base = run_config("short_corridor_baseline.json");
  const auto plain = run_config("short_corridor_reinforce.json");
  const auto rb = curve(base, "return"), rp = curve(plain, "return");
  INFO("baseline windows 51-100 " << window(rb, 51, 100) << ", 101-200 " << window(rb, 101, 200) << ", 901-1000 "
                                  << window(rb, 901, 1000));
  CHECK(window(rb, 51, 100) > kOptimum - 1.5);
  CHECK(window(rb, 101, 200) > kOptimum - 0.8);
  CHECK(window(rb, 901, 1000) > kOptimum - 0.8);
  CHECK(window(rb, 901, 1000) < kOptimum + 0.6);
  // Faster than plain REINFORCE everywhere before plain REINFORCE gets close.
  for (int w = 0; w < 6; ++w) CHECK(window(rb, 100 * w + 1, 100 * w + 100) > window(rp, 100 * w + 1, 100 * w + 100));
  // p(right) settles on 2 - sqrt 2 on average; the exact start value J(p) averaged over runs stays a
  // little below J* because p still spreads across runs (sd about 0.09 at these step sizes) and J is
  // concave there.
  const double p = base.summary.at("final_p_right").get<double>();
  CHECK(p == Approx(envs::ShortCorridor::optimal_p_right()).margin(0.03));
  CHECK(base.summary.at("final_start_value").get<double>() == Approx(kOptimum).margin(1.0));
  // The book's baseline is one number for every state (the agent cannot tell them apart), so it learns
  // the mean return-to-go over the steps of an episode, not v(s0): at p* that is sum_s eta(s) v(s) /
  // sum_s eta(s) with eta the expected visits per episode (= -10.10), pulled a little towards the last
  // steps' smaller returns by the constant step size 2^-6, and certainly between v(s0) and v(s2).
  const double ps = envs::ShortCorridor::optimal_p_right();
  Eigen::Matrix3d P = Eigen::Matrix3d::Zero();
  P(0, 0) = 1 - ps; P(0, 1) = ps; P(1, 0) = ps; P(1, 2) = 1 - ps; P(2, 1) = 1 - ps;
  const Eigen::Matrix3d I = Eigen::Matrix3d::Identity();
  const Eigen::Vector3d values = (I - P).lu().solve(Eigen::Vector3d::Constant(-1.0));
  const Eigen::Vector3d visits = (I - P).transpose().lu().solve(Eigen::Vector3d(1.0, 0.0, 0.0));
  const double step_mean = visits.dot(values) / visits.sum();
  CHECK(values[0] == Approx(kOptimum).epsilon(1e-12));
  CHECK(step_mean == Approx(-10.096).epsilon(1e-4));
  const auto v = curve(base, "baseline_start");
  CHECK(window(v, 901, 1000) == Approx(step_mean).margin(1.5));
  CHECK(window(v, 901, 1000) > values[0]);
  CHECK(window(v, 901, 1000) < values[2]);
}

TEST_CASE("a step size too large (2^-8) leaves most runs stuck at 'mostly right', value about -44",
          "[rl_pg][long]") {
  const auto r = run_config("short_corridor_large_step.json");
  const auto p = final_per_run(r, "p_right");
  REQUIRE(p.size() == 100);
  const auto stuck_right = std::count_if(p.begin(), p.end(), [](double x) { return x > 0.949; });
  CHECK(stuck_right >= 70);
  const double mostly_right = envs::ShortCorridor::start_value(0.95);
  CHECK(mostly_right == Approx(-44.21).epsilon(1e-3));
  // Their exact value is the 'mostly right' one; the mean return over all runs is held near it (a few runs
  // are stuck at 'mostly left', -82, instead).
  const auto J = final_per_run(r, "start_value");
  double sum = 0.0;
  int n = 0;
  for (std::size_t i = 0; i < p.size(); ++i)
    if (p[i] > 0.949) {
      sum += J[i];
      ++n;
    }
  CHECK(sum / n == Approx(mostly_right).margin(0.2));
  const auto ret = curve(r, "return");
  CHECK(window(ret, 901, 1000) < -40.0);
  CHECK(window(ret, 901, 1000) > -55.0);
  CHECK(window(ret, 101, 1000) < kOptimum - 25.0);  // never learns
}

TEST_CASE("gridworlds: cliff walking and four rooms learn near-shortest paths", "[rl_pg][long]") {
  const auto cliff = run_config("cliff_walking.json");
  const auto rc = curve(cliff, "return");
  // The shortest path (along the cliff edge) takes 13 steps: return -13; the safe path about -17.
  CHECK(window(rc, 1, 10) < -1000.0);
  CHECK(window(rc, 901, 1000) > -26.0);
  CHECK(window(rc, 901, 1000) < -13.0);
  const auto rooms = run_config("four_rooms.json");
  const auto rr = curve(rooms, "return");
  // The shortest path through the two doorways takes 20 steps.
  CHECK(window(rr, 1, 10) < -300.0);
  CHECK(window(rr, 901, 1000) > -26.0);
  CHECK(window(rr, 901, 1000) <= -20.0);
}

TEST_CASE("CartPole: REINFORCE with baseline and entropy bonus solves it within 2000 episodes on >= 8 of 10 seeds",
          "[rl_pg][long]") {
  const auto r = run_config("cartpole.json");
  REQUIRE(r.summary.at("runs") == 10);
  REQUIRE(r.summary.at("episodes") == 2000);
  const auto first = r.summary.at("first_solved_episode_per_run").get<std::vector<int>>();
  const int solved = r.summary.at("solved_runs").get<int>();
  std::string listing;
  for (int e : first) listing += std::to_string(e) + " ";
  INFO("first episode with a 100-episode mean >= 475, per seed (-1: never): " << listing);
  CHECK(solved >= 8);
  for (int e : first)
    if (e > 0) CHECK(e <= 2000);
  // The returns themselves: a solved seed's best window really is >= 475 (and <= 500, the time limit).
  const auto best = r.summary.at("best_window_mean_return_per_run").get<std::vector<double>>();
  CHECK(std::count_if(best.begin(), best.end(), [](double b) { return b >= 475.0 && b <= 500.0; }) >= 8);
  CHECK(r.summary.at("agent_steps_per_second").get<double>() > 0.0);
}
