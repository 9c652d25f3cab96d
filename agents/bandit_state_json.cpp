// Checks for saved bandit-agent states.
#include "agents/bandit_state_json.hpp"

#include <cmath>
#include <stdexcept>

namespace arbiter::agents::bandit_state {

void check_header(const nlohmann::json& j, const std::string& name, int arms) {
  if (!j.is_object() || !j.contains("name") || j.at("name") != name)
    throw std::invalid_argument("a saved \"" + name + "\" agent, got " +
                                (j.is_object() && j.contains("name") ? j.at("name").dump() : std::string("no agent name")));
  if (!j.contains("arms") || !j.at("arms").is_number_integer() || j.at("arms").get<int>() != arms)
    throw std::invalid_argument("a saved agent for " + std::to_string(arms) + " arms, got " +
                                (j.contains("arms") ? j.at("arms").dump() : std::string("no arm count")));
}

Eigen::VectorXd finite_vector(const nlohmann::json& j, const std::string& key, int arms) {
  if (!j.contains(key) || !j.at(key).is_array() || static_cast<int>(j.at(key).size()) != arms)
    throw std::invalid_argument("\"" + key + "\": " + std::to_string(arms) + " numbers");
  Eigen::VectorXd v(arms);
  for (int i = 0; i < arms; ++i) {
    const auto& e = j.at(key)[static_cast<std::size_t>(i)];
    if (!e.is_number() || !std::isfinite(e.get<double>()))
      throw std::invalid_argument("\"" + key + "\": finite numbers, entry " + std::to_string(i) + " is " + e.dump());
    v[i] = e.get<double>();
  }
  return v;
}

double finite_number(const nlohmann::json& j, const std::string& key) {
  if (!j.contains(key) || !j.at(key).is_number() || !std::isfinite(j.at(key).get<double>()))
    throw std::invalid_argument("\"" + key + "\": a finite number");
  return j.at(key).get<double>();
}

std::int64_t count(const nlohmann::json& j, const std::string& key) {
  if (!j.contains(key) || !j.at(key).is_number_integer() || j.at(key).get<std::int64_t>() < 0)
    throw std::invalid_argument("\"" + key + "\": an integer >= 0");
  return j.at(key).get<std::int64_t>();
}

}  // namespace arbiter::agents::bandit_state
