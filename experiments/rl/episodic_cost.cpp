// rl.episodic's cost estimate: sizes from the config and from the environment it builds (states, observation
// size, actions), parameter counts of the policy and baseline, and per-step and per-row costs measured on
// the shipped configs (about 0.4 us an agent step plus 8 ns per parameter; a results row about 300 bytes).
#include "experiments/rl/episodic_cost.hpp"

#include <algorithm>
#include <exception>
#include <string>
#include <vector>
#include "experiments/rl/environment_factory.hpp"

namespace arbiter::experiments::rl {

using json = nlohmann::json;

namespace {

struct Shape {
  double states = 1.0, observation = 1.0, actions = 2.0;
};

// The environment's sizes; a setting the environment refuses (the kind reports it) gives the defaults.
Shape environment_shape(const json& env) {
  Shape s;
  try {
    const auto e = make_environment(env);
    s.states = std::max(1, e->state_count());
    s.observation = std::max(1, e->observation_size());
    s.actions = std::max(1, e->action_count());
  } catch (const std::exception&) {
  }
  return s;
}

double feature_count(const std::string& features, const Shape& s) {
  if (features == "constant") return 1.0;
  if (features == "raw") return s.observation + 1.0;
  return s.states;  // one_hot
}

// Weights and biases of an MLP from `inputs` through `hidden` to `outputs`.
double mlp_parameters(double inputs, const std::vector<double>& hidden, double outputs) {
  double count = 0.0, in = inputs;
  for (double h : hidden) {
    count += (in + 1.0) * h;
    in = h;
  }
  return count + (in + 1.0) * outputs;
}

double sum(const std::vector<double>& xs) {
  double total = 0.0;
  for (double x : xs) total += x;
  return total;
}

double parameters(const std::string& model, const std::string& features, const std::vector<double>& hidden,
                  const Shape& s, double outputs) {
  if (model == "none") return 0.0;
  if (model == "tabular") return s.states * outputs;
  if (model == "linear") return feature_count(features, s) * outputs;
  return mlp_parameters(s.observation, hidden, outputs);
}

// Steps of a typical episode (see the header), at most the limit.
double typical_steps(const std::string& env, const Shape& s, double max_steps) {
  if (env == "short_corridor") return std::min(max_steps, 50.0);
  if (env == "gridworld") return std::min(max_steps, 2.0 * s.states);
  return max_steps;
}

}  // namespace

RunCost episodic_cost(const json& c) {
  const auto number = [&](const char* path) { return c.at(json::json_pointer(path)).get<double>(); };
  const auto text = [&](const char* path) { return c.at(json::json_pointer(path)).get<std::string>(); };
  const json& env = c.at("env");
  const double runs = number("/runs"), episodes = number("/episodes"), every = number("/output/every");
  double max_steps = 1.0;
  try {
    max_steps = environment_max_steps(env);
  } catch (const std::exception&) {
  }
  const Shape shape = environment_shape(env);
  const auto hidden = c.at(json::json_pointer("/agent/hidden")).get<std::vector<double>>();
  const auto baseline_hidden = c.at(json::json_pointer("/agent/baseline_hidden")).get<std::vector<double>>();
  const std::string baseline = text("/agent/baseline");
  const double policy_parameters =
      parameters(text("/agent/policy"), text("/agent/features"), hidden, shape, shape.actions);
  const double baseline_parameters =
      parameters(baseline, text("/agent/baseline_features"), baseline_hidden, shape, 1.0);
  const double agent_parameters = policy_parameters + baseline_parameters;

  // results.csv's metrics: return, length, entropy, the baseline's start value, the corridor's p and J(p).
  const double metrics = 3.0 + (baseline == "none" ? 0.0 : 1.0) + (env.at("name") == "short_corridor" ? 2.0 : 0.0);
  // An agent step on the tape: observation, action, reward, return, logits and their gradient, activations.
  const double step_bytes = 8.0 * (shape.observation + 2.0 * shape.actions + 3.0 + 2.0 * (sum(hidden) + sum(baseline_hidden)));
  const bool per_step = text("/agent/update") == "per_step";
  const double tape_episodes = per_step ? 1.0 : std::min(number("/agent/episodes_per_update"), episodes);

  RunCost cost;
  cost.keys = "/runs, /episodes, /env/max_steps";
  if (tape_episodes > 1.0) cost.keys += ", /agent/episodes_per_update";
  const double per_run = 1024.0 + 48.0 * agent_parameters + 64.0 * shape.states +
                         8.0 * (metrics + 1.0) * episodes + tape_episodes * max_steps * step_bytes;
  const double rows = runs * metrics * (episodes / every + 1.0) + metrics * episodes;  // results.csv, curves.csv
  cost.bytes = runs * per_run + 300.0 * rows;
  cost.seconds = runs * episodes * typical_steps(env.at("name").get<std::string>(), shape, max_steps) *
                 (0.4e-6 + 8e-9 * agent_parameters);
  return cost;
}

}  // namespace arbiter::experiments::rl
