// The REINFORCE agent of a run: policy, baseline, optimisers, loaded parameters.
#include "experiments/rl/episodic_agent.hpp"

#include "core/adam.hpp"
#include "agents/linear_softmax_policy.hpp"
#include "agents/mlp_policy.hpp"
#include "core/sgd.hpp"
#include "agents/tabular_softmax_policy.hpp"
#include "core/config_error.hpp"
#include "core/table.hpp"

namespace arbiter::experiments::rl {

namespace {

std::unique_ptr<core::Optimizer> make_optimizer(const std::string& name, double lr) {
  if (name == "adam") return std::make_unique<core::Adam>(lr);
  return std::make_unique<core::Sgd>(lr);
}

}  // namespace

std::unique_ptr<agents::Reinforce> make_episodic_agent(const EpisodicSetup& s, const envs::Environment& env,
                                                       core::RandomStream rng) {
  using agents::FeatureMap;
  const int A = env.action_count();
  std::unique_ptr<agents::SoftmaxPolicy> policy;
  if (s.policy == "tabular") {
    policy = std::make_unique<agents::TabularSoftmaxPolicy>(env.state_count(), A);
  } else if (s.policy == "linear") {
    policy = std::make_unique<agents::LinearSoftmaxPolicy>(
        FeatureMap(FeatureMap::parse(s.features), env.state_count(), env.observation_size()), A);
  } else {
    core::RandomStream init = rng.substream(1);
    policy = std::make_unique<agents::MlpPolicy>(env.observation_size(), s.hidden, A, init, s.output_scale,
                                                 s.activation);
  }
  policy->set_temperature(s.temperature);
  if (s.probability_floor * A >= 1.0)
    throw core::ConfigError("", "/agent/probability_floor", "a number < 1 / " + std::to_string(A) + " actions",
                            core::format_double(s.probability_floor));
  policy->set_probability_floor(s.probability_floor);
  if (!s.initial_preferences.empty()) {
    if (static_cast<int>(s.initial_preferences.size()) != policy->parameter_count())
      throw core::ConfigError("", "/agent/initial_preferences",
                              std::to_string(policy->parameter_count()) + " numbers (the policy's parameters) or []",
                              std::to_string(s.initial_preferences.size()) + " numbers");
    policy->parameters() = Eigen::Map<const Eigen::VectorXd>(s.initial_preferences.data(),
                                                             static_cast<Eigen::Index>(s.initial_preferences.size()));
  }
  std::unique_ptr<agents::ValueBaseline> baseline;
  if (s.baseline == "tabular") {
    baseline = std::make_unique<agents::TabularValueBaseline>(env.state_count());
  } else if (s.baseline == "linear") {
    baseline = std::make_unique<agents::LinearValueBaseline>(
        FeatureMap(FeatureMap::parse(s.baseline_features), env.state_count(), env.observation_size()));
  } else if (s.baseline == "mlp") {
    core::RandomStream init = rng.substream(2);
    baseline = std::make_unique<agents::MlpValueBaseline>(env.observation_size(), s.baseline_hidden, init,
                                                          s.activation);
  }
  auto value_opt = baseline ? make_optimizer(s.baseline_optimizer, s.baseline_learning_rate) : nullptr;
  auto agent = std::make_unique<agents::Reinforce>(std::move(policy), make_optimizer(s.optimizer, s.learning_rate),
                                                   std::move(baseline), std::move(value_opt), s.options);
  if (!s.loaded_agent.is_null()) {
    try {
      agent->from_json(s.loaded_agent.contains("agent") ? s.loaded_agent.at("agent") : nlohmann::json());
    } catch (const std::exception& e) {
      throw core::ConfigError("", "/load_agent", std::string("a saved agent matching this config's agent: ") + e.what(),
                              s.load_agent);
    }
  }
  return agent;
}

}  // namespace arbiter::experiments::rl
