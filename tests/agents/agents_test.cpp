// Agents: hand-written MLP backprop and every policy's score/entropy gradient against finite differences,
// the REINFORCE update's expectation against the exact gradient of the short corridor's J, optimisers,
// clipping, save/load and divergence errors.
#include <catch2/catch.hpp>

#include <cmath>
#include "core/adam.hpp"
#include "core/gradient_clipping.hpp"
#include "agents/linear_softmax_policy.hpp"
#include "agents/mlp_policy.hpp"
#include "agents/reinforce.hpp"
#include "core/sgd.hpp"
#include "agents/tabular_softmax_policy.hpp"
#include "agents/value_baseline.hpp"
#include "core/config_error.hpp"
#include "core/softmax.hpp"
#include "envs/short_corridor.hpp"

using namespace arbiter;
using agents::FeatureMap;

namespace {

// f(theta) = w log pi(a|s) + beta H(pi(.|s)) for the policy at its current parameters.
double objective(const agents::SoftmaxPolicy& pi, const envs::Observation& s, int a, double w, double beta) {
  const Eigen::VectorXd p = pi.probabilities(s);
  return w * std::log(p[a]) + beta * pi.entropy(s);
}

void check_gradient_by_finite_differences(agents::SoftmaxPolicy& pi, const envs::Observation& s, int a,
                                          double w, double beta) {
  Eigen::VectorXd grad = Eigen::VectorXd::Zero(pi.parameter_count());
  pi.add_gradient(s, a, w, beta, grad);
  const double h = 1e-6;
  for (int i = 0; i < pi.parameter_count(); ++i) {
    const double keep = pi.parameters()[i];
    pi.parameters()[i] = keep + h;
    const double up = objective(pi, s, a, w, beta);
    pi.parameters()[i] = keep - h;
    const double down = objective(pi, s, a, w, beta);
    pi.parameters()[i] = keep;
    CHECK(grad[i] == Approx((up - down) / (2 * h)).margin(1e-6));
  }
}

}  // namespace

TEST_CASE("MLP policy: backprop of score and entropy matches finite differences", "[rl_pg][agents]") {
  core::RandomStream rng(11);
  agents::MlpPolicy pi(4, {7, 5}, 3, rng);  // two tanh hidden layers
  pi.set_temperature(0.7);
  const envs::Observation s{0.3, -1.2, 0.05, 0.8};
  for (int a = 0; a < 3; ++a) check_gradient_by_finite_differences(pi, s, a, 1.3, 0.4);
  check_gradient_by_finite_differences(pi, s, 1, 0.0, 1.0);  // the entropy gradient alone
}

TEST_CASE("MLP: raw network backprop matches finite differences for every output", "[rl_pg][agents]") {
  core::RandomStream rng(5);
  core::Mlp net({3, 6, 4, 2});
  Eigen::VectorXd w;
  net.initialise(w, rng);
  Eigen::VectorXd x(3);
  x << 0.5, -0.25, 1.5;
  Eigen::VectorXd dout(2);
  dout << 0.7, -1.1;
  Eigen::VectorXd grad = Eigen::VectorXd::Zero(net.parameter_count());
  net.forward(w, x);
  net.backward(w, dout, grad);
  const double h = 1e-6;
  for (int i = 0; i < net.parameter_count(); ++i) {
    Eigen::VectorXd wp = w, wm = w;
    wp[i] += h;
    wm[i] -= h;
    const double fd = (dout.dot(net.forward(wp, x)) - dout.dot(net.forward(wm, x))) / (2 * h);
    CHECK(grad[i] == Approx(fd).margin(1e-7));
  }
}

TEST_CASE("tabular and linear policies: score and entropy gradients match finite differences", "[rl_pg][agents]") {
  agents::TabularSoftmaxPolicy tab(3, 4);
  for (int i = 0; i < tab.parameter_count(); ++i) tab.parameters()[i] = std::sin(1.0 + i);
  check_gradient_by_finite_differences(tab, {2.0}, 3, -2.0, 0.3);
  CHECK_THROWS_AS(tab.probabilities(envs::Observation{3.0}), std::out_of_range);

  agents::LinearSoftmaxPolicy lin(FeatureMap(FeatureMap::Kind::raw, 0, 2), 3);
  for (int i = 0; i < lin.parameter_count(); ++i) lin.parameters()[i] = std::cos(2.0 * i);
  lin.set_temperature(2.0);
  check_gradient_by_finite_differences(lin, {0.4, -0.9}, 0, 0.8, 0.5);
}

TEST_CASE("value baselines: gradients match finite differences", "[rl_pg][agents]") {
  core::RandomStream rng(3);
  agents::MlpValueBaseline mlp(4, {6}, rng);
  const envs::Observation s{0.1, 0.2, -0.3, 0.4};
  Eigen::VectorXd g = Eigen::VectorXd::Zero(mlp.parameters().size());
  mlp.backprop(s, 1.0, g);
  for (Eigen::Index i = 0; i < g.size(); ++i) {
    const double keep = mlp.parameters()[i], h = 1e-6;
    mlp.parameters()[i] = keep + h;
    const double up = mlp.value(s);
    mlp.parameters()[i] = keep - h;
    const double down = mlp.value(s);
    mlp.parameters()[i] = keep;
    CHECK(g[i] == Approx((up - down) / (2 * h)).margin(1e-7));
  }
  agents::TabularValueBaseline tab(4, 2.0);
  CHECK(tab.value(envs::Observation{3.0}) == 2.0);
  agents::LinearValueBaseline lin(FeatureMap(FeatureMap::Kind::constant, 4, 1));
  lin.parameters()[0] = -3.0;
  CHECK(lin.value(envs::Observation{1.0}) == -3.0);
}

TEST_CASE("probability floor: the book's clipping of a two-action policy to 0.05 .. 0.95", "[rl_pg][agents]") {
  Eigen::VectorXd p(2);
  p << 0.01, 0.99;
  agents::apply_probability_floor(p, 0.05);
  CHECK(p[0] == Approx(0.05));
  CHECK(p[1] == Approx(0.95));
  Eigen::VectorXd q(3);
  q << 0.5, 0.3, 0.2;
  agents::apply_probability_floor(q, 0.05);
  CHECK(q[0] == 0.5);
}

TEST_CASE("REINFORCE: the mean update equals the exact gradient of the corridor's J", "[rl_pg][agents]") {
  // Policy: one preference per action (every state alike), p(right) = sigmoid(theta_r - theta_l).
  // Exact: dJ/dtheta_r = J'(p) p (1 - p) = -dJ/dtheta_l. The per-episode REINFORCE step with SGD at rate 1
  // (no discount, no baseline) is an unbiased estimate of it; average many from the same theta. The point
  // p(right) = sigmoid(-1) = 0.27 is far enough from the optimum 0.59 for the gradient (about 10) to be
  // measured to a few per cent.
  const double theta_r = -0.6, theta_l = 0.4;
  auto policy = std::make_unique<agents::LinearSoftmaxPolicy>(FeatureMap(FeatureMap::Kind::constant, 4, 1), 2);
  policy->parameters() << theta_l, theta_r;
  agents::ReinforceOptions opt;
  opt.per_step = false;
  agents::Reinforce agent(std::move(policy), std::make_unique<core::Sgd>(1.0), nullptr, nullptr, opt);
  const Eigen::VectorXd theta0 = agent.policy().parameters();
  envs::ShortCorridor env;
  core::RandomStream rng(2024);
  const int n = 200000;
  Eigen::VectorXd sum = Eigen::VectorXd::Zero(2), sum2 = Eigen::VectorXd::Zero(2);
  for (int e = 0; e < n; ++e) {
    auto obs = env.reset(0);
    for (;;) {
      auto r = env.step(agent.act(obs, rng));
      agent.reward(r.reward);
      if (r.done()) break;
      obs = r.observation;
    }
    agent.end_episode();
    const Eigen::VectorXd d = agent.policy().parameters() - theta0;
    sum += d;
    sum2 += d.cwiseAbs2();
    agent.policy().parameters() = theta0;
  }
  const double p = core::sigmoid(theta_r - theta_l);
  const double h = 1e-6;
  const double dJdp = (envs::ShortCorridor::start_value(p + h) - envs::ShortCorridor::start_value(p - h)) / (2 * h);
  const double exact_r = dJdp * p * (1 - p);
  const Eigen::VectorXd mean = sum / n;
  const Eigen::VectorXd se = ((sum2 / n - mean.cwiseAbs2()) / n).cwiseSqrt();
  INFO("mean update " << mean.transpose() << " se " << se.transpose() << " exact " << -exact_r << " " << exact_r);
  CHECK(std::abs(mean[1] - exact_r) < 4 * se[1]);
  CHECK(std::abs(mean[0] + exact_r) < 4 * se[0]);
  CHECK(se[1] < 0.05 * std::abs(exact_r));
}

TEST_CASE("REINFORCE: entropy bonus adds beta times the exact entropy gradient", "[rl_pg][agents]") {
  // One episode of one step with reward 0: the update is alpha * beta * grad H only.
  auto policy = std::make_unique<agents::TabularSoftmaxPolicy>(1, 3);
  policy->parameters() << 0.5, -0.2, 1.0;
  agents::ReinforceOptions opt;
  opt.entropy_beta = agents::TemperatureSchedule::constant(0.25);
  agents::Reinforce agent(std::move(policy), std::make_unique<core::Sgd>(0.1), nullptr, nullptr, opt);
  agents::TabularSoftmaxPolicy ref(1, 3);
  ref.parameters() = agent.policy().parameters();
  Eigen::VectorXd expected = Eigen::VectorXd::Zero(3);
  const envs::Observation s0{0.0};
  ref.add_gradient(s0, 0, 0.0, 1.0, expected);
  core::RandomStream rng(1);
  agent.act(s0, rng);
  agent.reward(0.0);
  agent.end_episode();
  const Eigen::VectorXd delta = agent.policy().parameters() - ref.parameters();
  for (int i = 0; i < 3; ++i) CHECK(delta[i] == Approx(0.1 * 0.25 * expected[i]).epsilon(1e-12));
  CHECK(expected.sum() == Approx(0.0).margin(1e-12));
}

TEST_CASE("REINFORCE: a decaying entropy weight follows its schedule over episodes", "[rl_pg][agents]") {
  agents::ReinforceOptions opt;
  opt.entropy_beta = agents::TemperatureSchedule::exponential(0.1, 0.001, 4);
  agents::Reinforce agent(std::make_unique<agents::TabularSoftmaxPolicy>(1, 2), std::make_unique<core::Sgd>(0.1),
                          nullptr, nullptr, opt);
  core::RandomStream rng(3);
  const envs::Observation s0{0.0};
  const double expected[6] = {0.1, 0.1 * std::pow(0.01, 0.25), 0.01, 0.1 * std::pow(0.01, 0.75), 0.001, 0.001};
  for (int e = 0; e < 6; ++e) {
    CHECK(agent.entropy_weight() == Approx(expected[e]).epsilon(1e-12));
    agent.act(s0, rng);
    agent.reward(0.0);
    agent.end_episode();
  }
  agents::Reinforce none(std::make_unique<agents::TabularSoftmaxPolicy>(1, 2), std::make_unique<core::Sgd>(0.1),
                         nullptr, nullptr, {});
  CHECK(none.entropy_weight() == 0.0);
}

TEST_CASE("optimisers and clipping", "[rl_pg][agents]") {
  Eigen::VectorXd x = Eigen::VectorXd::Zero(3), g(3);
  g << 2.0, -0.5, 0.0;
  core::Adam adam(0.1);
  adam.ascend(x, g);  // the first bias-corrected step is lr * sign(g)
  CHECK(x[0] == Approx(0.1));
  CHECK(x[1] == Approx(-0.1));
  CHECK(x[2] == 0.0);
  core::Sgd sgd(0.5);
  sgd.ascend(x, g);
  CHECK(x[0] == Approx(1.1));
  CHECK_THROWS_AS(core::Sgd(-1.0), std::invalid_argument);
  Eigen::VectorXd c(2);
  c << 3.0, 4.0;
  CHECK(core::clip_gradient_norm(c, 1.0) == Approx(5.0));
  CHECK(c.norm() == Approx(1.0));
  CHECK(c[0] == Approx(0.6));
}

TEST_CASE("REINFORCE: parameters save to JSON and load back, mismatches are refused", "[rl_pg][agents]") {
  core::RandomStream rng(9);
  auto make = [&](int hidden) {
    return agents::Reinforce(std::make_unique<agents::MlpPolicy>(4, std::vector<int>{hidden}, 2, rng),
                             std::make_unique<core::Adam>(0.01),
                             std::make_unique<agents::MlpValueBaseline>(4, std::vector<int>{hidden}, rng),
                             std::make_unique<core::Adam>(0.01), agents::ReinforceOptions{});
  };
  agents::Reinforce a = make(8), b = make(8), c = make(9);
  const nlohmann::json saved = nlohmann::json::parse(a.to_json().dump());
  b.from_json(saved);
  CHECK(b.policy().parameters() == a.policy().parameters());
  CHECK(b.baseline()->parameters() == a.baseline()->parameters());
  const envs::Observation s{0.01, 0.02, 0.03, 0.04};
  CHECK(b.action_probabilities(s) == a.action_probabilities(s));
  CHECK_THROWS_AS(c.from_json(saved), std::invalid_argument);
}

TEST_CASE("REINFORCE: a diverging run throws RunError naming the parameter and the episode", "[rl_pg][agents]") {
  auto policy = std::make_unique<agents::LinearSoftmaxPolicy>(FeatureMap(FeatureMap::Kind::constant, 4, 1), 2);
  agents::Reinforce agent(std::move(policy), std::make_unique<core::Sgd>(1e308), nullptr, nullptr, {});
  envs::ShortCorridor env(1000);
  core::RandomStream rng(1);
  auto episode = [&] {
    auto obs = env.reset(0);
    for (;;) {
      auto r = env.step(agent.act(obs, rng));
      agent.reward(r.reward);
      if (r.done()) break;
      obs = r.observation;
    }
    agent.end_episode();
  };
  try {
    for (int e = 0; e < 10; ++e) episode();
    FAIL("no error");
  } catch (const core::RunError& e) {
    CHECK_THAT(e.what(), Catch::Contains("parameter") && Catch::Contains("episode"));
  }
}

TEST_CASE("MLP batches: forward and backward over columns equal the one-input passes, tanh and ReLU",
          "[rl_pg][agents]") {
  for (const auto act : {core::Activation::tanh, core::Activation::relu}) {
    core::RandomStream rng(17);
    core::Mlp net({4, 9, 5, 3}, act);
    Eigen::VectorXd w;
    net.initialise(w, rng);
    Eigen::MatrixXd X(4, 7), D(3, 7);
    for (Eigen::Index i = 0; i < X.size(); ++i) X.data()[i] = std::sin(0.7 * static_cast<double>(i) + 0.3);
    for (Eigen::Index i = 0; i < D.size(); ++i) D.data()[i] = std::cos(1.3 * static_cast<double>(i));
    Eigen::VectorXd g_one = Eigen::VectorXd::Zero(net.parameter_count());
    Eigen::MatrixXd out_one(3, 7);
    for (Eigen::Index j = 0; j < 7; ++j) {
      const Eigen::VectorXd x = X.col(j), d = D.col(j);
      out_one.col(j) = net.forward(w, x);
      net.backward(w, d, g_one);
    }
    const Eigen::MatrixXd out_batch = net.forward_batch(w, X);
    Eigen::VectorXd g_batch = Eigen::VectorXd::Zero(net.parameter_count());
    net.backward_batch(w, D, g_batch);
    CHECK((out_batch - out_one).cwiseAbs().maxCoeff() < 1e-13);
    CHECK((g_batch - g_one).cwiseAbs().maxCoeff() < 1e-12);
    CHECK(g_one.norm() > 0.1);
  }
  CHECK_THROWS_AS(core::parse_activation("sigmoid"), std::invalid_argument);
}

TEST_CASE("ReLU MLP policy and baseline: gradients match finite differences", "[rl_pg][agents]") {
  core::RandomStream rng(23);
  agents::MlpPolicy pi(4, {6}, 2, rng, 1.0, core::Activation::relu);
  const envs::Observation s{0.4, -0.7, 0.2, 0.9};
  for (int a = 0; a < 2; ++a) check_gradient_by_finite_differences(pi, s, a, -0.8, 0.3);
  agents::MlpValueBaseline v(4, {5}, rng, core::Activation::relu);
  Eigen::VectorXd g = Eigen::VectorXd::Zero(v.parameters().size());
  v.backprop(s, 1.0, g);
  for (Eigen::Index i = 0; i < g.size(); ++i) {
    const double keep = v.parameters()[i], h = 1e-6;
    v.parameters()[i] = keep + h;
    const double up = v.value(s);
    v.parameters()[i] = keep - h;
    const double down = v.value(s);
    v.parameters()[i] = keep;
    CHECK(g[i] == Approx((up - down) / (2 * h)).margin(1e-7));
  }
}

TEST_CASE("REINFORCE per-episode update: the batch pass equals the sum of per-step gradients, with baseline, "
          "normalised advantages, entropy bonus and clipping", "[rl_pg][agents]") {
  core::RandomStream init(31);
  const std::vector<envs::Observation> states{{0.1, 0.2, -0.1, 0.3}, {-0.2, 0.0, 0.05, -0.4}, {0.3, -0.3, 0.2, 0.1}};
  const std::vector<double> rewards{1.0, 1.0, 1.0};
  for (const double max_norm : {0.0, 0.05}) {
    auto policy = std::make_unique<agents::MlpPolicy>(4, std::vector<int>{5}, 2, init);
    auto baseline = std::make_unique<agents::MlpValueBaseline>(4, std::vector<int>{5}, init);
    agents::MlpPolicy ref_policy = *policy;
    agents::MlpValueBaseline ref_baseline = *baseline;
    agents::ReinforceOptions opt;
    opt.gamma = 0.9;
    opt.per_step = false;
    opt.normalize_returns = true;
    opt.discount_score = true;
    opt.max_grad_norm = max_norm;
    opt.entropy_beta = agents::TemperatureSchedule::constant(0.2);
    agents::Reinforce agent(std::move(policy), std::make_unique<core::Sgd>(0.5), std::move(baseline),
                            std::make_unique<core::Sgd>(0.25), opt);
    // One episode through act/reward/end_episode; the check below uses whichever actions were drawn.
    core::RandomStream rng(5);
    std::vector<int> taken;
    for (std::size_t t = 0; t < states.size(); ++t) {
      taken.push_back(agent.act(states[t], rng));
      agent.reward(rewards[t]);
    }
    agent.end_episode();
    // By hand: returns, advantages G - v, normalised; policy gradient sum_t gamma^t w_t grad log pi +
    // beta grad H; baseline gradient sum_t (G_t - v_t) grad v.
    const double G[3] = {1.0 + 0.9 * (1.0 + 0.9), 1.0 + 0.9, 1.0};
    double w[3], mean = 0.0, var = 0.0;
    for (int t = 0; t < 3; ++t) {
      w[t] = G[t] - ref_baseline.value(states[t]);
      mean += w[t] / 3.0;
    }
    for (int t = 0; t < 3; ++t) var += (w[t] - mean) * (w[t] - mean) / 3.0;
    Eigen::VectorXd gp = Eigen::VectorXd::Zero(ref_policy.parameter_count());
    Eigen::VectorXd gv = Eigen::VectorXd::Zero(ref_baseline.parameters().size());
    double discount = 1.0;
    for (int t = 0; t < 3; ++t, discount *= 0.9) {
      const double wn = (w[t] - mean) / (std::sqrt(var) + 1e-8);
      ref_policy.add_gradient(states[t], taken[t], discount * wn, 0.2, gp);
      ref_baseline.backprop(states[t], G[t] - ref_baseline.value(states[t]), gv);
    }
    CHECK(agent.last_gradient_norm() == Approx(gp.norm()).epsilon(1e-10));
    core::clip_gradient_norm(gp, max_norm);
    core::clip_gradient_norm(gv, max_norm);
    const Eigen::VectorXd expected_theta = ref_policy.parameters() + 0.5 * gp;
    const Eigen::VectorXd expected_w = ref_baseline.parameters() + 0.25 * gv;
    CHECK((agent.policy().parameters() - expected_theta).cwiseAbs().maxCoeff() < 1e-12);
    CHECK((agent.baseline()->parameters() - expected_w).cwiseAbs().maxCoeff() < 1e-12);
    if (max_norm > 0) CHECK((agent.policy().parameters() - ref_policy.parameters()).norm() == Approx(0.5 * 0.05));
  }
}
