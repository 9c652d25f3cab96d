// Reading the saved state of a bandit agent (internal to agents/): the checks shared by the gradient bandit
// and softmax exploration. Each throws std::invalid_argument saying what was expected.
#pragma once
#include <cstdint>
#include <string>
#include <Eigen/Core>
#include <nlohmann/json.hpp>

namespace arbiter::agents::bandit_state {

// The object's "name" is `name` and its "arms" is `arms`.
void check_header(const nlohmann::json& j, const std::string& name, int arms);
// j[key] as `arms` finite numbers.
Eigen::VectorXd finite_vector(const nlohmann::json& j, const std::string& key, int arms);
double finite_number(const nlohmann::json& j, const std::string& key);
std::int64_t count(const nlohmann::json& j, const std::string& key);  // an integer >= 0

}  // namespace arbiter::agents::bandit_state
