// Environments: short-corridor dynamics and its exact optimum, CartPole against a hand-computed step of
// Gymnasium's equations, gridworld maps, rewards, cliffs, errors and live changes, and the scenes they draw.
#include <catch2/catch.hpp>

#include <cmath>
#include <Eigen/Dense>
#include "core/random_stream.hpp"
#include "envs/cartpole.hpp"
#include "envs/gridworld.hpp"
#include "envs/short_corridor.hpp"

using namespace arbiter;
using envs::ShortCorridor;

TEST_CASE("short corridor: moves, the switched second state and reward -1 on every step", "[rl_pg][envs]") {
  ShortCorridor env;
  REQUIRE(env.reset(0) == envs::Observation{0.0});
  auto r = env.step(ShortCorridor::left);  // left at the wall: stay
  CHECK(r.observation[0] == 0.0);
  CHECK(r.reward == -1.0);
  r = env.step(ShortCorridor::right);
  CHECK(r.observation[0] == 1.0);
  r = env.step(ShortCorridor::right);  // switched: right goes left
  CHECK(r.observation[0] == 0.0);
  env.step(ShortCorridor::right);
  r = env.step(ShortCorridor::left);  // switched: left goes right
  CHECK(r.observation[0] == 2.0);
  CHECK_FALSE(r.done());
  r = env.step(ShortCorridor::right);
  CHECK(r.observation[0] == 3.0);
  CHECK(r.reward == -1.0);  // the last step is also -1
  CHECK(r.terminated);
  CHECK_THROWS_AS(env.step(2), std::out_of_range);
  CHECK_THROWS_AS(env.step(-1), std::out_of_range);
}

TEST_CASE("short corridor: J(p) solves the Bellman equations and peaks at 2 - sqrt 2", "[rl_pg][envs]") {
  for (double p : {0.1, 0.3, 0.5, 0.5858, 0.8, 0.95}) {
    // v = r + P v on the three non-terminal states, solved exactly.
    Eigen::Matrix3d A = Eigen::Matrix3d::Identity();
    A(0, 1) -= p; A(0, 0) -= 1 - p;      // s0: right -> s1, left -> s0
    A(1, 0) -= p; A(1, 2) -= 1 - p;      // s1 (switched): right -> s0, left -> s2
    A(2, 1) -= 1 - p;                    // s2: right -> goal, left -> s1
    const Eigen::Vector3d v = A.lu().solve(Eigen::Vector3d::Constant(-1.0));
    CHECK(ShortCorridor::start_value(p) == Approx(v[0]).epsilon(1e-12));
  }
  const double p_star = ShortCorridor::optimal_p_right();
  CHECK(p_star == Approx(2.0 - std::sqrt(2.0)));
  CHECK(ShortCorridor::start_value(p_star) == Approx(-(6.0 + 4.0 * std::sqrt(2.0))).epsilon(1e-12));
  // A fine grid finds nothing better, and the derivative vanishes there.
  for (int i = 1; i < 1000; ++i) CHECK(ShortCorridor::start_value(i / 1000.0) <= ShortCorridor::start_value(p_star));
  const double h = 1e-6;
  CHECK((ShortCorridor::start_value(p_star + h) - ShortCorridor::start_value(p_star - h)) / (2 * h) ==
        Approx(0.0).margin(1e-5));
  CHECK(ShortCorridor::start_value(0.95) == Approx(-44.2105).epsilon(1e-5));  // epsilon-greedy right
  CHECK(ShortCorridor::start_value(0.05) == Approx(-82.1053).epsilon(1e-5));  // epsilon-greedy left
}

TEST_CASE("short corridor: Monte-Carlo returns of a p = 0.5 policy match J(0.5) = -12", "[rl_pg][envs]") {
  ShortCorridor env;
  core::RandomStream rng(7);
  double sum = 0.0, sum2 = 0.0;
  const int n = 20000;
  for (int e = 0; e < n; ++e) {
    env.reset(0);
    double G = 0.0;
    for (;;) {
      auto r = env.step(rng.bernoulli(0.5) ? ShortCorridor::right : ShortCorridor::left);
      G += r.reward;
      if (r.done()) break;
    }
    sum += G;
    sum2 += G * G;
  }
  const double mean = sum / n, se = std::sqrt((sum2 / n - mean * mean) / n);
  CHECK(std::abs(mean - ShortCorridor::start_value(0.5)) < 4 * se);
  CHECK(ShortCorridor::start_value(0.5) == Approx(-12.0));
}

TEST_CASE("cartpole: one step matches Gymnasium's equations computed by hand", "[rl_pg][envs]") {
  envs::CartPole env;
  env.set_state({0.01, -0.02, 0.03, 0.04});
  auto r = env.step(1);
  CHECK(r.observation[0] == Approx(0.009600000000000001).epsilon(1e-14));
  CHECK(r.observation[1] == Approx(0.17467919574755525).epsilon(1e-14));
  CHECK(r.observation[2] == Approx(0.030799999999999998).epsilon(1e-14));
  CHECK(r.observation[3] == Approx(-0.2430687179600081).epsilon(1e-14));
  CHECK(r.reward == 1.0);
  CHECK_FALSE(r.done());
  env.set_state({0.01, -0.02, 0.03, 0.04});
  r = env.step(0);
  CHECK(r.observation[1] == Approx(-0.21553901710278936).epsilon(1e-14));
  CHECK(r.observation[3] == Approx(0.34199522377603914).epsilon(1e-14));
  CHECK_THROWS_AS(env.step(2), std::out_of_range);
}

TEST_CASE("cartpole: constants, 12-degree and 2.4 m termination, 500-step truncation, reset range",
          "[rl_pg][envs]") {
  const envs::CartPoleParams p;
  CHECK(p.gravity == 9.8);
  CHECK(p.masscart == 1.0);
  CHECK(p.masspole == 0.1);
  CHECK(p.length == 0.5);
  CHECK(p.force_mag == 10.0);
  CHECK(p.tau == 0.02);
  CHECK(p.theta_threshold == Approx(0.20943951023931953).epsilon(1e-15));
  CHECK(p.x_threshold == 2.4);
  CHECK(p.max_steps == 500);
  envs::CartPole env;
  for (std::uint64_t seed = 0; seed < 50; ++seed) {
    auto o = env.reset(seed);
    REQUIRE(o.size() == 4);
    for (double v : o) CHECK((v >= -0.05 && v < 0.05));
  }
  CHECK(env.reset(3) == env.reset(3));
  env.set_state({0.0, 0.0, 0.2094, 5.0});
  auto r = env.step(1);
  CHECK(r.terminated);
  CHECK(r.reward == 1.0);
  env.set_state({2.39, 5.0, 0.0, 0.0});
  CHECK(env.step(1).terminated);
  // With gravity switched off and no push the pole stays put: the episode is cut at 500 steps.
  envs::CartPoleParams still;
  still.gravity = 0.0;
  still.force_mag = 0.0;
  env.set_params(still);
  env.set_state({0.0, 0.0, 0.0, 0.0});
  int steps = 0;
  envs::StepResult last;
  do {
    last = env.step(steps % 2);
    ++steps;
  } while (!last.done());
  CHECK(steps == 500);
  CHECK(last.truncated);
  CHECK_FALSE(last.terminated);
}

TEST_CASE("gridworld: walls, cliffs back to the start, goals end the episode", "[rl_pg][envs]") {
  envs::Gridworld g({"....", "S#.G", "CC.."}, {-1.0, 5.0, -100.0}, false, 0);
  CHECK(g.rows() == 3);
  CHECK(g.cols() == 4);
  CHECK(g.state_count() == 12);
  CHECK(g.reset(0)[0] == 4.0);
  auto r = g.step(envs::Gridworld::right);  // into the wall: stay, step reward
  CHECK(r.observation[0] == 4.0);
  CHECK(r.reward == -1.0);
  r = g.step(envs::Gridworld::left);  // off the map: stay
  CHECK(r.observation[0] == 4.0);
  r = g.step(envs::Gridworld::down);  // cliff: -100 and back to the start
  CHECK(r.reward == -100.0);
  CHECK(r.observation[0] == 4.0);
  CHECK_FALSE(r.done());
  g.step(envs::Gridworld::up);
  g.step(envs::Gridworld::right);
  g.step(envs::Gridworld::right);
  g.step(envs::Gridworld::right);
  r = g.step(envs::Gridworld::down);
  CHECK(r.observation[0] == 7.0);
  CHECK(r.reward == 5.0);
  CHECK(r.terminated);
  CHECK_THROWS_AS(g.step(4), std::out_of_range);
  CHECK_THROWS_AS(g.step(-1), std::out_of_range);
}

TEST_CASE("gridworld: bad maps are rejected with what was expected", "[rl_pg][envs]") {
  using E = envs::GridworldMapError;
  const envs::GridworldRewards rw;
  CHECK_THROWS_AS(envs::Gridworld({"...", "..G"}, rw), E);
  CHECK_THROWS_WITH(envs::Gridworld({"...", "..G"}, rw), Catch::Contains("start"));
  CHECK_THROWS_WITH(envs::Gridworld({"S.#", ".#G"}, rw), Catch::Contains("unreachable goal at row 1, column 2"));
  CHECK_THROWS_WITH(envs::Gridworld({"S.C", "CCG"}, rw), Catch::Contains("unreachable"));  // cliffs block
  CHECK_THROWS_WITH(envs::Gridworld({"S..", "..."}, rw), Catch::Contains("goal"));
  CHECK_THROWS_WITH(envs::Gridworld({"S..", ".G"}, rw), Catch::Contains("row 1"));
  CHECK_THROWS_WITH(envs::Gridworld({"S.x", "..G"}, rw), Catch::Contains("'x'"));
  CHECK_THROWS_WITH(envs::Gridworld({"S.S", "..G"}, rw), Catch::Contains("exactly one start"));
}

TEST_CASE("gridworld: live cell changes take effect on the next step", "[rl_pg][envs]") {
  envs::Gridworld g({"S..G"}, {-1.0, 0.0, -100.0});
  g.reset(0);
  g.set_cell(0, 1, envs::CellType::cliff, -50.0);
  auto r = g.step(envs::Gridworld::right);
  CHECK(r.reward == -50.0);
  CHECK(r.observation[0] == 0.0);
  g.set_cell(0, 1, envs::CellType::open, 2.0);
  r = g.step(envs::Gridworld::right);
  CHECK(r.reward == 2.0);
  CHECK(r.observation[0] == 1.0);
  g.set_cell(0, 2, envs::CellType::wall, -1.0);
  r = g.step(envs::Gridworld::right);
  CHECK(r.observation[0] == 1.0);
  CHECK(g.cell(0, 2) == envs::CellType::wall);
  CHECK_THROWS_AS(g.set_cell(0, 0, envs::CellType::open, 0.0), std::invalid_argument);
  CHECK_THROWS_AS(g.set_cell(5, 0, envs::CellType::open, 0.0), std::out_of_range);
}

TEST_CASE("environments describe themselves: a map of cells, a cart and pole, and their actions' names",
          "[rl_pg][envs]") {
  envs::Gridworld g({"S.#", "C.G"}, {-1.0, 0.0, -100.0});
  const envs::Scene gs = g.scene();
  REQUIRE(gs.grid);
  CHECK_FALSE(gs.cart_pole);
  CHECK(gs.grid->rows == 2);
  CHECK(gs.grid->cols == 3);
  using C = envs::CellType;
  CHECK(gs.grid->cells == std::vector<C>{C::start, C::open, C::wall, C::cliff, C::open, C::goal});
  g.set_cell(0, 1, C::wall, -1.0);
  CHECK(g.scene().grid->cells[1] == C::wall);  // the scene follows a changed cell
  CHECK(g.action_names() == std::vector<std::string>{"up", "right", "down", "left"});

  const envs::Scene cs = ShortCorridor().scene();
  REQUIRE(cs.grid);
  CHECK(cs.grid->rows * cs.grid->cols == ShortCorridor().state_count());
  CHECK(cs.grid->cells == std::vector<C>{C::start, C::switched, C::open, C::goal});
  CHECK(ShortCorridor().action_names() == std::vector<std::string>{"left", "right"});

  envs::CartPoleParams p;
  p.length = 0.75;
  envs::CartPole cart(p);
  const envs::Observation obs = cart.reset(3);
  envs::Scene ps = cart.scene();
  REQUIRE(ps.cart_pole);
  CHECK_FALSE(ps.grid);
  CHECK(ps.cart_pole->x == obs[0]);
  CHECK(ps.cart_pole->x_dot == obs[1]);
  CHECK(ps.cart_pole->theta == obs[2]);
  CHECK(ps.cart_pole->theta_dot == obs[3]);
  CHECK(ps.cart_pole->pole_length == 1.5);  // twice the half length
  CHECK(ps.cart_pole->track_limit == 2.4);
  CHECK(ps.cart_pole->angle_limit == Approx(12.0 * 3.14159265358979 / 180.0));
  const envs::StepResult st = cart.step(1);
  ps = cart.scene();
  CHECK(ps.cart_pole->x == st.observation[0]);
  CHECK(ps.cart_pole->theta == st.observation[2]);
  CHECK(cart.action_names().size() == 2u);
}

TEST_CASE("a bad gridworld map is an argument error naming the map", "[rl_pg][envs]") {
  try {
    envs::Gridworld({"...", "..G"}, envs::GridworldRewards{});
    FAIL("no error");
  } catch (const core::ArgumentError& e) {
    CHECK(e.argument() == "map");
    CHECK_THAT(e.expected(), Catch::Contains("start"));
  }
}
