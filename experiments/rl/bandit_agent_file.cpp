// The bandit kinds' saved-agent files.
#include "experiments/rl/bandit_agent_file.hpp"

#include <filesystem>
#include <stdexcept>
#include "agents/gradient_bandit.hpp"
#include "agents/softmax_exploration.hpp"
#include "core/atomic_file.hpp"
#include "core/config_error.hpp"
#include "experiments/config_loader.hpp"

namespace arbiter::experiments::rl {

using json = nlohmann::json;
using core::ConfigError;

void declare_bandit_agent_files(core::Schema& schema) {
  schema.string("/load_agent", "",
                "start every run of each agent setting from the learned state in this JSON file (written by "
                "/save_agent); \"\": fresh agents");
  schema.string("/save_agent", "",
                "when the run finishes, write run 0's learned state of every agent setting to this JSON file; "
                "\"\": don't");
}

std::vector<json> read_bandit_agent_file(const json& config, const std::string& kind,
                                         const std::vector<BanditAgentSpec>& settings, int arms,
                                         const std::string& config_dir) {
  const std::string file = config.at("/load_agent"_json_pointer).get<std::string>();
  if (file.empty()) return {};
  std::filesystem::path p(file);
  if (p.is_relative() && !std::filesystem::exists(p) && !config_dir.empty()) p = std::filesystem::path(config_dir) / p;
  json saved;
  try {
    saved = read_json_file(p.string());
  } catch (const ConfigError& e) {
    throw ConfigError("", "/load_agent", "a readable saved agent (JSON written by /save_agent)", e.what());
  }
  if (!saved.is_object() || saved.value("kind", "") != kind)
    throw ConfigError("", "/load_agent", "agents saved by a " + kind + " run",
                      p.string() + (saved.is_object() && saved.contains("kind") ? " (saved by " + saved.at("kind").dump() + ")"
                                                                                : " (no \"kind\")"));
  if (!saved.contains("agents") || !saved.at("agents").is_array() || saved.at("agents").size() != settings.size())
    throw ConfigError("", "/load_agent", std::to_string(settings.size()) + " saved agents, one per setting here",
                      p.string() + " with " +
                          (saved.contains("agents") && saved.at("agents").is_array()
                               ? std::to_string(saved.at("agents").size())
                               : std::string("none")));
  std::vector<json> states;
  for (std::size_t i = 0; i < settings.size(); ++i) {
    const json& entry = saved.at("agents")[i];
    const json state = entry.is_object() && entry.contains("state") ? entry.at("state") : json();
    try {
      if (const auto* g = std::get_if<agents::GradientBanditSettings>(&settings[i].settings)) {
        agents::GradientBandit(arms, *g).from_json(state);
      } else {
        agents::SoftmaxExploration(arms, std::get<agents::SoftmaxExplorationSettings>(settings[i].settings))
            .from_json(state);
      }
    } catch (const std::invalid_argument& e) {
      throw ConfigError("", "/load_agent",
                        "saved agent " + std::to_string(i) + " to fit setting \"" + settings[i].label + "\": " + e.what(),
                        p.string());
    }
    states.push_back(state);
  }
  return states;
}

json save_bandit_agent_file(const std::string& file, const std::string& kind, const BanditBatch& batch) {
  if (file.empty()) return nullptr;
  json agents = json::array();
  for (int g = 0; g < batch.settings(); ++g)
    agents.push_back({{"label", batch.spec().agents[static_cast<std::size_t>(g)].label},
                      {"state", batch.agent_state(g, 0)}});
  const json saved = {{"kind", kind}, {"k", batch.spec().env.k}, {"run", 0}, {"steps", batch.steps_done()},
                      {"agents", agents}};
  try {
    core::write_file_atomically(file, saved.dump(1) + "\n");
  } catch (const std::exception& e) {
    throw core::RunError(std::string("/save_agent: cannot write the agents: ") + e.what());
  }
  return {{"file", file}, {"run", 0}, {"settings", batch.settings()}};
}

}  // namespace arbiter::experiments::rl
