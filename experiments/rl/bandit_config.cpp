// Bandit config reading: testbed keys through the Schema, agent objects checked here key by key.
#include "experiments/rl/bandit_config.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>
#include "core/config_error.hpp"

namespace arbiter::experiments::rl {

using json = nlohmann::json;
using core::ConfigError;
using core::short_json;

void declare_bandit_env(core::Schema& schema, const std::string& prefix, double default_offset) {
  schema.string(prefix + "/name", "gaussian", "arm type: gaussian (rewards N(q*, reward_sd)) or bernoulli (pays 1 w.p. p)")
      .one_of({"gaussian", "bernoulli"});
  schema.integer(prefix + "/k", 10, "number of arms").at_least(1).at_most(1000);
  schema.number(prefix + "/mean_offset", default_offset, "gaussian: true values q* ~ N(mean_offset, true_sd)");
  schema.number(prefix + "/true_sd", 1.0, "gaussian: sd of the drawn true values (0: all equal)").at_least(0);
  schema.number(prefix + "/reward_sd", 1.0, "gaussian: reward noise sd").at_least(0);
  schema.number(prefix + "/walk_sd", 0.0, "gaussian: > 0 makes it non-stationary (each q* takes a N(0, walk_sd) step per pull)")
      .at_least(0);
  schema.add(prefix + "/values", core::ParamType::number_list, json::array(),
             "fixed true values (gaussian means or bernoulli probabilities), one per arm; empty: drawn per run");
  schema.add(prefix + "/reward_sds", core::ParamType::number_list, json::array(),
             "gaussian: per-arm reward noise sd, one per arm; empty: reward_sd for every arm")
      .at_least(0);
}

envs::BanditSpec read_bandit_env(const json& config, const std::string& prefix) {
  const auto at = [&](const std::string& key) -> const json& { return config.at(json::json_pointer(prefix + "/" + key)); };
  envs::BanditSpec s;
  s.arms = at("name").get<std::string>() == "bernoulli" ? envs::BanditSpec::Arms::bernoulli
                                                         : envs::BanditSpec::Arms::gaussian;
  s.k = at("k").get<int>();
  s.mean_offset = at("mean_offset").get<double>();
  s.true_sd = at("true_sd").get<double>();
  s.reward_sd = at("reward_sd").get<double>();
  s.walk_sd = at("walk_sd").get<double>();
  s.values = at("values").get<std::vector<double>>();
  s.reward_sds = at("reward_sds").get<std::vector<double>>();
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
                        short_json(at("reward_sds")));
    if (s.walk_sd > 0.0)
      throw ConfigError("", prefix + "/walk_sd", "0 for bernoulli arms (the random walk is gaussian only)",
                        short_json(at("walk_sd")));
  }
  return s;
}

const std::vector<std::string>& bandit_agent_names() {
  static const std::vector<std::string> names{"gradient_bandit", "softmax_exploration"};
  return names;
}

std::string bandit_agent_help() {
  return "agent objects: {\"name\": \"gradient_bandit\", \"alpha\", \"baseline\", \"baseline_includes_current\", "
         "\"baseline_step\", \"entropy_bonus\", \"initial_preference\", \"temperature\", \"label\"} or "
         "{\"name\": \"softmax_exploration\", \"estimate\": \"sample_average\"|\"constant_step\", \"alpha\", "
         "\"initial_value\", \"temperature\", \"label\"}; temperature is a number > 0 or {\"schedule\": "
         "\"constant\"|\"linear\"|\"exponential\", \"start\", \"end\", \"steps\"}";
}

namespace {

double read_number(const json& obj, const std::string& key, const std::string& path, double dflt,
                   double lo, bool lo_exclusive, double hi = HUGE_VAL, bool hi_exclusive = false) {
  if (!obj.contains(key)) return dflt;
  const json& v = obj.at(key);
  std::ostringstream expect;
  expect << "a number " << (lo_exclusive ? "> " : ">= ") << lo;
  if (std::isfinite(hi)) {
    expect.str("");
    expect << "a number in " << (lo_exclusive ? "(" : "[") << lo << ", " << hi << (hi_exclusive ? ")" : "]");
  }
  if (!v.is_number()) throw ConfigError("", path + "/" + key, expect.str(), short_json(v));
  const double d = v.get<double>();
  const bool ok = std::isfinite(d) && (lo_exclusive ? d > lo : d >= lo) && (hi_exclusive ? d < hi : d <= hi);
  if (!ok) throw ConfigError("", path + "/" + key, expect.str(), short_json(v));
  return d;
}

double read_finite(const json& obj, const std::string& key, const std::string& path, double dflt) {
  if (!obj.contains(key)) return dflt;
  const json& v = obj.at(key);
  if (!v.is_number() || !std::isfinite(v.get<double>()))
    throw ConfigError("", path + "/" + key, "a finite number", short_json(v));
  return v.get<double>();
}

bool read_bool(const json& obj, const std::string& key, const std::string& path, bool dflt) {
  if (!obj.contains(key)) return dflt;
  if (!obj.at(key).is_boolean()) throw ConfigError("", path + "/" + key, "true or false", short_json(obj.at(key)));
  return obj.at(key).get<bool>();
}

void check_keys(const json& obj, const std::string& path, const std::set<std::string>& allowed) {
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    if (allowed.count(it.key())) continue;
    std::string expected = "one of the keys ";
    bool first = true;
    for (const auto& k : allowed) {
      expected += (first ? "" : ", ") + k;
      first = false;
    }
    throw ConfigError("", path + "/" + it.key(), expected, "unknown key \"" + it.key() + "\"");
  }
}

agents::TemperatureSchedule read_temperature(const json& obj, const std::string& path) {
  if (!obj.contains("temperature")) return agents::TemperatureSchedule::constant(1.0);
  const json& v = obj.at("temperature");
  const std::string p = path + "/temperature";
  if (v.is_number()) {
    const double T = v.get<double>();
    if (!(T > 0.0) || !std::isfinite(T)) throw ConfigError("", p, "a temperature > 0", short_json(v));
    return agents::TemperatureSchedule::constant(T);
  }
  if (!v.is_object())
    throw ConfigError("", p, "a number > 0 or {\"schedule\", \"start\", \"end\", \"steps\"}", short_json(v));
  check_keys(v, p, {"schedule", "start", "end", "steps"});
  std::string kind = "constant";
  if (v.contains("schedule")) {
    const auto& names = agents::TemperatureSchedule::kind_names();
    if (!v.at("schedule").is_string() ||
        std::find(names.begin(), names.end(), v.at("schedule").get<std::string>()) == names.end())
      throw ConfigError("", p + "/schedule", "one of \"constant\", \"linear\", \"exponential\"",
                        short_json(v.at("schedule")));
    kind = v.at("schedule").get<std::string>();
  }
  if (!v.contains("start")) throw ConfigError("", p + "/start", "a temperature > 0", "nothing");
  const double start = read_number(v, "start", p, 1.0, 0.0, true);
  const double end = read_number(v, "end", p, start, 0.0, true);
  std::int64_t steps = 1;
  if (v.contains("steps")) {
    const json& s = v.at("steps");
    if (!s.is_number_integer() || s.get<std::int64_t>() < 1)
      throw ConfigError("", p + "/steps", "an integer >= 1", short_json(s));
    steps = s.get<std::int64_t>();
  } else if (kind != "constant") {
    throw ConfigError("", p + "/steps", "an integer >= 1 (annealing length)", "nothing");
  }
  return agents::TemperatureSchedule::from_name(kind, start, end, steps);
}

std::string number_text(double x) {
  std::ostringstream s;
  s << x;
  return s.str();
}

}  // namespace

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
  if (!agent.is_object()) throw ConfigError("", path, "an agent object (" + bandit_agent_help() + ")", short_json(agent));
  if (!agent.contains("name")) throw ConfigError("", path + "/name", "one of \"gradient_bandit\", \"softmax_exploration\"", "nothing");
  const json& name = agent.at("name");
  if (!name.is_string() || (name != "gradient_bandit" && name != "softmax_exploration"))
    throw ConfigError("", path + "/name", "one of \"gradient_bandit\", \"softmax_exploration\"", short_json(name));
  BanditAgentSpec spec;
  if (agent.contains("label") && !agent.at("label").is_string())
    throw ConfigError("", path + "/label", "a string", short_json(agent.at("label")));
  if (name == "gradient_bandit") {
    check_keys(agent, path, {"name", "label", "alpha", "baseline", "baseline_includes_current", "baseline_step",
                             "entropy_bonus", "initial_preference", "temperature"});
    agents::GradientBanditSettings g;
    g.alpha = read_number(agent, "alpha", path, 0.1, 0.0, true);
    g.baseline = read_bool(agent, "baseline", path, true);
    g.baseline_includes_current = read_bool(agent, "baseline_includes_current", path, false);
    g.baseline_step = read_number(agent, "baseline_step", path, 0.0, 0.0, false, 1.0);
    g.entropy_bonus = read_number(agent, "entropy_bonus", path, 0.0, 0.0, false);
    g.initial_preference = read_finite(agent, "initial_preference", path, 0.0);
    g.temperature = read_temperature(agent, path);
    spec.settings = g;
  } else {
    check_keys(agent, path, {"name", "label", "estimate", "alpha", "initial_value", "temperature"});
    agents::SoftmaxExplorationSettings s;
    if (agent.contains("estimate")) {
      const json& e = agent.at("estimate");
      if (!e.is_string() || (e != "sample_average" && e != "constant_step"))
        throw ConfigError("", path + "/estimate", "one of \"sample_average\", \"constant_step\"", short_json(e));
      s.estimate = e == "sample_average" ? agents::SoftmaxExplorationSettings::Estimate::sample_average
                                         : agents::SoftmaxExplorationSettings::Estimate::constant_step;
    }
    s.alpha = read_number(agent, "alpha", path, 0.1, 0.0, true, 1.0);
    s.initial_value = read_finite(agent, "initial_value", path, 0.0);
    s.temperature = read_temperature(agent, path);
    spec.settings = s;
  }
  spec.label = agent.contains("label") ? agent.at("label").get<std::string>() : describe_bandit_agent(spec);
  return spec;
}

std::vector<BanditAgentSpec> read_bandit_agents(const json& list, const std::string& path) {
  if (!list.is_array() || list.empty())
    throw ConfigError("", path, "a non-empty list of agent objects", short_json(list));
  std::vector<BanditAgentSpec> out;
  for (std::size_t i = 0; i < list.size(); ++i) out.push_back(read_bandit_agent(list[i], path + "/" + std::to_string(i)));
  return out;
}

}  // namespace arbiter::experiments::rl
