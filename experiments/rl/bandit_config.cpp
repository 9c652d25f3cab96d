// Bandit config: the testbed and agent nodes declared on the schema, and the typed reading of a resolved
// config (plus the cross-key checks: one value per arm, Bernoulli arms, schedule lengths).
#include "experiments/rl/bandit_config.hpp"
#include "experiments/learning_ranges.hpp"

#include <sstream>
#include "core/config_error.hpp"

namespace arbiter::experiments::rl {

using json = nlohmann::json;
using core::ConfigError;
using core::ParamType;
using core::short_json;

namespace {

envs::BanditSpec read_env_object(const json& env, const std::string& prefix) {
  envs::BanditSpec s;
  s.arms = env.at("name").get<std::string>() == "bernoulli" ? envs::BanditSpec::Arms::bernoulli
                                                           : envs::BanditSpec::Arms::gaussian;
  s.k = env.at("k").get<int>();
  s.mean_offset = env.at("mean_offset").get<double>();
  s.true_sd = env.at("true_sd").get<double>();
  s.reward_sd = env.at("reward_sd").get<double>();
  s.walk_sd = env.at("walk_sd").get<double>();
  s.values = env.at("values").get<std::vector<double>>();
  s.reward_sds = env.at("reward_sds").get<std::vector<double>>();
  const std::string k_text = std::to_string(s.k) + " entries (one per arm, k = " + std::to_string(s.k) + ")";
  if (!s.values.empty() && static_cast<int>(s.values.size()) != s.k)
    throw ConfigError("", prefix + "/values", k_text, std::to_string(s.values.size()) + " entries");
  if (!s.reward_sds.empty() && static_cast<int>(s.reward_sds.size()) != s.k)
    throw ConfigError("", prefix + "/reward_sds", k_text, std::to_string(s.reward_sds.size()) + " entries");
  if (s.arms == envs::BanditSpec::Arms::bernoulli) {
    for (std::size_t i = 0; i < s.values.size(); ++i)
      if (s.values[i] < 0.0 || s.values[i] > 1.0)
        throw ConfigError("", prefix + "/values/" + std::to_string(i), "a probability in [0, 1] for bernoulli arms",
                          short_json(s.values[i]));
    if (!s.reward_sds.empty())
      throw ConfigError("", prefix + "/reward_sds", "no per-arm noise for bernoulli arms (remove the key)",
                        short_json(env.at("reward_sds")));
    if (s.walk_sd > 0.0)
      throw ConfigError("", prefix + "/walk_sd", "0 for bernoulli arms (the random walk is gaussian only)",
                        short_json(env.at("walk_sd")));
  }
  return s;
}

agents::TemperatureSchedule read_temperature(const json& v, const std::string& path) {
  if (v.is_number()) return agents::TemperatureSchedule::constant(v.get<double>());
  const std::string kind = v.at("schedule").get<std::string>();
  const double start = v.at("start").get<double>();
  const double end = v.contains("end") ? v.at("end").get<double>() : start;
  if (!v.contains("steps") && kind != "constant")
    throw ConfigError("", path + "/steps", "an integer >= 1 (annealing length)", "nothing");
  const std::int64_t steps = v.contains("steps") ? v.at("steps").get<std::int64_t>() : 1;
  return agents::TemperatureSchedule::from_name(kind, start, end, steps);
}

std::string number_text(double x) {
  std::ostringstream s;
  s << x;
  return s.str();
}

}  // namespace

// The largest reward scale (a mean or an sd) a bandit testbed takes.
constexpr double kMaxReward = 1e100;

void declare_bandit_env(core::Schema& schema, const std::string& prefix, double default_offset) {
  core::Param& env = schema.object(prefix, "the k-armed testbed");
  env.string("name", "gaussian", "arm type: gaussian (rewards N(q*, reward_sd)) or bernoulli (pays 1 w.p. p)")
      .one_of({"gaussian", "bernoulli"});
  env.integer("k", 10, "number of arms").at_least(1).at_most(1000);
  // Rewards are summed over steps and runs and squared for their spread: kMaxReward keeps all of it finite.
  env.number("mean_offset", default_offset, "gaussian: true values q* ~ N(mean_offset, true_sd)")
      .at_least(-kMaxReward)
      .at_most(kMaxReward);
  env.number("true_sd", 1.0, "gaussian: sd of the drawn true values (0: all equal)").at_least(0).at_most(kMaxReward);
  env.number("reward_sd", 1.0, "gaussian: reward noise sd").at_least(0).at_most(kMaxReward);
  env.number("walk_sd", 0.0, "gaussian: > 0 makes it non-stationary (each q* takes a N(0, walk_sd) step per pull)")
      .at_least(0)
      .at_most(kMaxReward);
  env.add("values", ParamType::number_list, json::array(),
          "fixed true values (gaussian means or bernoulli probabilities), one per arm; empty: drawn per run")
      .at_least(-kMaxReward)
      .at_most(kMaxReward);
  env.add("reward_sds", ParamType::number_list, json::array(),
          "gaussian: per-arm reward noise sd, one per arm; empty: reward_sd for every arm")
      .at_least(0)
      .at_most(kMaxReward);
  env.validate_with([](const json& v, const std::string& path) { read_env_object(v, path); });
}

envs::BanditSpec read_bandit_env(const json& config, const std::string& prefix) {
  return read_env_object(config.at(json::json_pointer(prefix)), prefix);
}

core::Param bandit_temperature_node() {
  core::Param t = core::Param::make(ParamType::either, 1.0,
                                    "softmax temperature T: a number > 0, or an annealing schedule object");
  t.form(ParamType::number, "a constant temperature").at_least(kMinTemperature).at_most(kMaxTemperature).log();
  core::Param& s = t.form(ParamType::object, "T annealed from start to end over steps (then held)");
  s.string("schedule", "constant", "how T moves from start to end")
      .one_of(agents::TemperatureSchedule::kind_names());
  s.number("start", nullptr, "T at the first step").at_least(kMinTemperature).at_most(kMaxTemperature).log();
  s.number("end", nullptr, "T after `steps` steps (absent: start)")
      .at_least(kMinTemperature)
      .at_most(kMaxTemperature)
      .log()
      .optional();
  s.integer("steps", nullptr, "annealing length in steps (needed unless the schedule is constant)")
      .at_least(1)
      .optional();
  return t;
}

core::Param bandit_agent_node() {
  core::Param agent = core::Param::make(ParamType::object, nullptr, "an agent (a softmax policy)");
  agent.variant("name");
  core::Param& g = agent.alternative("gradient_bandit", "policy = softmax of learned preferences H (policy gradient)");
  g.titled("gradient bandit");
  g.number("alpha", 0.1, "preference step size").greater_than(0).at_most(kMaxLearningRate).log().titled("step size alpha");
  g.boolean("baseline", true, "subtract the running average reward from each reward before the update")
      .titled("average-reward baseline");
  g.boolean("baseline_includes_current", false, "update the average with the current reward first (the book's code)");
  g.number("baseline_step", 0.0, "baseline step size: 0 = sample average (1/t), else a constant step").at_least(0).at_most(1);
  g.number("entropy_bonus", 0.0, "weight beta of the policy entropy added to the objective (keeps it exploring)")
      .at_least(0)
      .at_most(kMaxLearningRate)
      .titled("entropy bonus");
  g.number("initial_preference", 0.0, "H_1(a) for every arm");
  g.node("temperature", bandit_temperature_node())
      .titled("temperature T")
      .help = "softmax temperature of the policy pi = softmax(H / T)";
  g.string("label", nullptr, "legend label (absent: made from the settings)").optional();
  core::Param& q = agent.alternative("softmax_exploration", "Boltzmann exploration: softmax of the action-value estimates Q");
  q.titled("softmax on Q");
  q.string("estimate", "sample_average", "value estimates: sample averages, or a constant step alpha")
      .one_of({"sample_average", "constant_step"})
      .titled("value estimate");
  q.number("alpha", 0.1, "value step size (with estimate constant_step)")
      .greater_than(0)
      .at_most(1)
      .log()
      .titled("step size alpha");
  q.number("initial_value", 0.0, "Q_1(a) for every arm (optimistic values encourage early exploration)")
      .titled("initial value Q1");
  q.node("temperature", bandit_temperature_node()).titled("temperature T").help =
      "Boltzmann temperature: pi = softmax(Q / T)";
  q.string("label", nullptr, "legend label (absent: made from the settings)").optional();
  agent.validate_with([](const json& v, const std::string& path) { read_bandit_agent(v, path); });
  return agent;
}

std::string describe_bandit_agent(const BanditAgentSpec& spec) {
  std::string t;
  const auto temperature_text = [](const agents::TemperatureSchedule& s) {
    if (s.kind() == agents::TemperatureSchedule::Kind::constant) return "T=" + number_text(s.start());
    return std::string(s.kind() == agents::TemperatureSchedule::Kind::linear ? "T=lin " : "T=exp ") +
           number_text(s.start()) + "->" + number_text(s.end());
  };
  if (const auto* g = std::get_if<agents::GradientBanditSettings>(&spec.settings)) {
    t = "gradient alpha=" + number_text(g->alpha) + (g->baseline ? " baseline" : " no-baseline");
    if (g->entropy_bonus > 0.0) t += " beta=" + number_text(g->entropy_bonus);
    if (g->temperature.kind() != agents::TemperatureSchedule::Kind::constant || g->temperature.start() != 1.0)
      t += " " + temperature_text(g->temperature);
  } else {
    const auto& s = std::get<agents::SoftmaxExplorationSettings>(spec.settings);
    t = "softmax " + temperature_text(s.temperature) +
        (s.estimate == agents::SoftmaxExplorationSettings::Estimate::sample_average ? " sample-average"
                                                                                   : " alpha=" + number_text(s.alpha));
    if (s.initial_value != 0.0) t += " Q1=" + number_text(s.initial_value);
  }
  return t;
}

BanditAgentSpec read_bandit_agent(const json& agent, const std::string& path) {
  BanditAgentSpec spec;
  const auto temperature = read_temperature(agent.at("temperature"), path + "/temperature");
  if (agent.at("name") == "gradient_bandit") {
    agents::GradientBanditSettings g;
    g.alpha = agent.at("alpha").get<double>();
    g.baseline = agent.at("baseline").get<bool>();
    g.baseline_includes_current = agent.at("baseline_includes_current").get<bool>();
    g.baseline_step = agent.at("baseline_step").get<double>();
    g.entropy_bonus = agent.at("entropy_bonus").get<double>();
    g.initial_preference = agent.at("initial_preference").get<double>();
    g.temperature = temperature;
    spec.settings = g;
  } else {
    agents::SoftmaxExplorationSettings s;
    s.estimate = agent.at("estimate") == "sample_average" ? agents::SoftmaxExplorationSettings::Estimate::sample_average
                                                          : agents::SoftmaxExplorationSettings::Estimate::constant_step;
    s.alpha = agent.at("alpha").get<double>();
    s.initial_value = agent.at("initial_value").get<double>();
    s.temperature = temperature;
    spec.settings = s;
  }
  spec.label = agent.contains("label") ? agent.at("label").get<std::string>() : describe_bandit_agent(spec);
  return spec;
}

std::vector<BanditAgentSpec> read_bandit_agents(const json& list, const std::string& path) {
  std::vector<BanditAgentSpec> out;
  for (std::size_t i = 0; i < list.size(); ++i) out.push_back(read_bandit_agent(list[i], path + "/" + std::to_string(i)));
  return out;
}

}  // namespace arbiter::experiments::rl
