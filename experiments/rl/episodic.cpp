// Kind "rl.episodic": REINFORCE (with optional baseline and entropy bonus) on the short corridor, a
// gridworld from a text map, or CartPole. Its schema, the reading of a resolved config, and its
// registration.
#include <filesystem>
#include "agents/temperature_schedule.hpp"
#include "core/config_error.hpp"
#include "experiments/config_loader.hpp"
#include "experiments/registry.hpp"
#include "experiments/rl/environment_factory.hpp"
#include "experiments/rl/episodic_cost.hpp"
#include "experiments/rl/episodic_experiment.hpp"
#include "experiments/rl/episodic_setup.hpp"
#include "experiments/learning_ranges.hpp"

namespace arbiter::experiments::rl {

using json = nlohmann::json;

// Counts are read as int: each has a bound well inside its range (the cost estimate refuses what would not fit
// in memory well before the bounds); layer widths keep one agent step within milliseconds.
constexpr double kMaxRuns = 1e6;
constexpr double kMaxCount = 1e9;
constexpr double kMaxWidth = 1024;

void declare_episodic_schema(core::Schema& k) {
  k.integer("/runs", 100, "independent runs (run r draws from RandomStream(seed, r))").at_least(1).at_most(kMaxRuns);
  k.integer("/episodes", 1000, "episodes per run").at_least(1).at_most(kMaxCount);
  declare_environment_schema(k);

  k.string("/agent/policy", "linear", "softmax policy: tabular preferences, linear in features, or a tanh MLP")
      .one_of({"tabular", "linear", "mlp"});
  k.string("/agent/features", "one_hot",
           "linear policy features: one_hot state, constant (all states alike), raw observation + bias")
      .one_of({"one_hot", "constant", "raw"});
  k.add("/agent/hidden", core::ParamType::integer_list, json::array({32}), "MLP hidden layer sizes")
      .at_least(1)
      .at_most(kMaxWidth)
      .nonempty();
  k.string("/agent/activation", "tanh", "MLP hidden-layer activation (policy and baseline)").one_of({"tanh", "relu"});
  k.number("/agent/output_scale", 1.0, "MLP policy: scale of the last layer's initial weights").at_least(0);
  k.add("/agent/initial_preferences", core::ParamType::number_list, json::array(),
        "initial policy parameters ([] = zeros, or random for the MLP)");
  k.number("/agent/temperature", 1.0, "softmax temperature T")
      .at_least(kMinTemperature)
      .at_most(kMaxTemperature)
      .log()
      .live_control();
  k.number("/agent/probability_floor", 0.0,
           "lift probabilities below this to it (Sutton & Barto's corridor code: 0.05)")
      .at_least(0)
      .less_than(0.5);
  k.string("/agent/optimizer", "sgd", "policy optimiser").one_of({"sgd", "adam"});
  k.number("/agent/learning_rate", 0.0001220703125, "policy step size alpha (default 2^-13)")
      .greater_than(0)
      .at_most(kMaxLearningRate)
      .log()
      .live_control();
  k.string("/agent/baseline", "none", "learned state-value baseline").one_of({"none", "tabular", "linear", "mlp"});
  k.string("/agent/baseline_features", "one_hot", "linear baseline features").one_of({"one_hot", "constant", "raw"});
  k.add("/agent/baseline_hidden", core::ParamType::integer_list, json::array({32}), "MLP baseline hidden sizes")
      .at_least(1)
      .at_most(kMaxWidth)
      .nonempty();
  k.string("/agent/baseline_optimizer", "sgd", "baseline optimiser").one_of({"sgd", "adam"});
  k.number("/agent/baseline_learning_rate", 0.015625, "baseline step size alpha_w (default 2^-6)")
      .greater_than(0)
      .at_most(kMaxLearningRate)
      .log()
      .live_control();
  k.number("/agent/gamma", 1.0, "discount factor").at_least(0).at_most(1);
  k.boolean("/agent/discount_score", true, "multiply the score term by gamma^t (Sutton & Barto)");
  k.string("/agent/update", "per_step", "per_step: theta changes inside the loop over t (the book); "
           "per_episode: one optimiser step per batch of episodes")
      .one_of({"per_step", "per_episode"});
  k.integer("/agent/episodes_per_update", 1, "episodes per update (per_episode only)").at_least(1).at_most(kMaxCount);
  k.boolean("/agent/normalize_returns", false, "normalise G_t - b(S_t) to zero mean, unit sd per update");
  k.number("/agent/max_grad_norm", 0.0, "clip gradient norms to this (0: no clipping)").at_least(0);
  k.number("/agent/entropy/beta", 0.0, "entropy bonus weight beta at episode 0 (0: no bonus)").at_least(0);
  k.number("/agent/entropy/final", 0.0, "beta after the schedule (> 0 for linear/exponential)").at_least(0);
  k.string("/agent/entropy/schedule", "constant", "beta schedule over episodes")
      .one_of(agents::TemperatureSchedule::kind_names());
  k.integer("/agent/entropy/episodes", 1000, "episodes over which beta anneals").at_least(1).at_most(kMaxCount);
  k.string("/load_agent", "",
           "start every run from the agent parameters in this JSON file (written by /save_agent); \"\": don't");
  k.string("/save_agent", "",
           "when the run finishes, write the trained agent of the run with the best final window mean return "
           "to this JSON file; \"\": don't");
  k.integer("/output/every", 1, "write every k-th episode's metrics to results.csv").at_least(1).at_most(kMaxCount);
  k.integer("/report/window", 100, "moving-average window (episodes) for headline returns")
      .at_least(1)
      .at_most(kMaxCount);
  k.number("/report/solved_return", 0.0,
           "a run is solved once its window mean return reaches this (0: not reported)");
}

namespace {

template <class T> T at(const json& c, const char* path) { return c.at(json::json_pointer(path)).get<T>(); }

}  // namespace

EpisodicSetup read_episodic_setup(const json& c, const std::string& config_dir) {
  EpisodicSetup s;
  s.runs = at<int>(c, "/runs");
  s.episodes = at<int>(c, "/episodes");
  s.config = c;
  s.config_dir = config_dir;
  s.env_config = c.at("env");
  s.env = at<std::string>(c, "/env/name");
  s.max_steps = environment_max_steps(s.env_config);
  if (s.env_config.contains("step_reward")) s.step_reward = s.env_config.at("step_reward").get<double>();

  s.policy = at<std::string>(c, "/agent/policy");
  s.features = at<std::string>(c, "/agent/features");
  s.activation = core::parse_activation(at<std::string>(c, "/agent/activation"));
  s.hidden = at<std::vector<int>>(c, "/agent/hidden");
  s.output_scale = at<double>(c, "/agent/output_scale");
  s.initial_preferences = at<std::vector<double>>(c, "/agent/initial_preferences");
  s.temperature = at<double>(c, "/agent/temperature");
  s.probability_floor = at<double>(c, "/agent/probability_floor");
  s.optimizer = at<std::string>(c, "/agent/optimizer");
  s.learning_rate = at<double>(c, "/agent/learning_rate");
  s.baseline = at<std::string>(c, "/agent/baseline");
  s.baseline_features = at<std::string>(c, "/agent/baseline_features");
  s.baseline_hidden = at<std::vector<int>>(c, "/agent/baseline_hidden");
  s.baseline_optimizer = at<std::string>(c, "/agent/baseline_optimizer");
  s.baseline_learning_rate = at<double>(c, "/agent/baseline_learning_rate");
  s.options.gamma = at<double>(c, "/agent/gamma");
  s.options.discount_score = at<bool>(c, "/agent/discount_score");
  s.options.per_step = at<std::string>(c, "/agent/update") == "per_step";
  s.options.episodes_per_update = at<int>(c, "/agent/episodes_per_update");
  s.options.normalize_returns = at<bool>(c, "/agent/normalize_returns");
  s.options.max_grad_norm = at<double>(c, "/agent/max_grad_norm");
  const double beta = at<double>(c, "/agent/entropy/beta");
  const std::string schedule = at<std::string>(c, "/agent/entropy/schedule");
  if (beta > 0.0) {
    const double final_beta = at<double>(c, "/agent/entropy/final");
    if (schedule != "constant" && !(final_beta > 0.0))
      throw core::ConfigError("", "/agent/entropy/final", "a number > 0 for a " + schedule + " schedule",
                              core::short_json(final_beta));
    s.options.entropy_beta = agents::TemperatureSchedule::from_name(schedule, beta, schedule == "constant" ? beta : final_beta,
                                                                    at<int>(c, "/agent/entropy/episodes"));
  }
  s.save_agent = at<std::string>(c, "/save_agent");
  s.every = at<int>(c, "/output/every");
  s.window = at<int>(c, "/report/window");
  s.solved_return = at<double>(c, "/report/solved_return");

  // Cross-key checks.
  const bool tabular_env = environment_is_tabular(s.env);
  if (s.policy == "tabular" && !tabular_env)
    throw core::ConfigError("", "/agent/policy", "linear or mlp for a continuous environment (cartpole)", "\"tabular\"");
  if (s.policy == "linear" && s.features == "one_hot" && !tabular_env)
    throw core::ConfigError("", "/agent/features", "constant or raw for a continuous environment (cartpole)",
                            "\"one_hot\"");
  if (s.baseline == "tabular" && !tabular_env)
    throw core::ConfigError("", "/agent/baseline", "none, linear or mlp for cartpole", "\"tabular\"");
  if (s.baseline == "linear" && s.baseline_features == "one_hot" && !tabular_env)
    throw core::ConfigError("", "/agent/baseline_features", "constant or raw for cartpole", "\"one_hot\"");
  if (!s.options.per_step && s.options.episodes_per_update < 1)
    throw core::ConfigError("", "/agent/episodes_per_update", "an integer >= 1", std::to_string(s.options.episodes_per_update));
  s.load_agent = at<std::string>(c, "/load_agent");
  if (!s.load_agent.empty()) {
    std::filesystem::path p(s.load_agent);
    if (p.is_relative() && !std::filesystem::exists(p) && !config_dir.empty()) p = std::filesystem::path(config_dir) / p;
    try {
      s.loaded_agent = read_json_file(p.string());
    } catch (const core::ConfigError& e) {
      throw core::ConfigError("", "/load_agent", "a readable saved agent (JSON written by /save_agent)", e.what());
    }
    const json& j = s.loaded_agent;
    if (!j.is_object() || j.value("kind", "") != "rl.episodic")
      throw core::ConfigError("", "/load_agent", "an agent saved by an rl.episodic run",
                              p.string() + (j.is_object() && j.contains("kind") ? " (saved by " + j.at("kind").dump() + ")"
                                                                                : " (no \"kind\": \"rl.episodic\")"));
    if (j.value("environment", "") != s.env)
      throw core::ConfigError("", "/load_agent", "an agent saved for environment \"" + s.env + "\"",
                              p.string() + " (saved for " + j.value("environment", std::string("?")) + ")");
  }
  return s;
}

namespace {

ExperimentKind episodic_kind() {
  ExperimentKind k;
  k.name = "rl.episodic";
  k.description =
      "REINFORCE (optional baseline, entropy bonus) on the short corridor, a gridworld map or CartPole";
  k.quick = {"/runs=2", "/episodes=20"};
  declare_episodic_schema(k.schema);
  k.cost = episodic_cost;
  k.make = [](const nlohmann::json& cfg, const RunContext& ctx) -> std::unique_ptr<Experiment> {
    return std::make_unique<EpisodicExperiment>(read_episodic_setup(cfg, ctx.config_dir), ctx);
  };
  return k;
}

const RegisterKind registered{episodic_kind};

}  // namespace

}  // namespace arbiter::experiments::rl
