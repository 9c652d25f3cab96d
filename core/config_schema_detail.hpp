// Helpers shared by the schema's files (config_schema.cpp, config_schema_describe.cpp); not a public API.
#pragma once
#include <string>
#include <nlohmann/json.hpp>

namespace arbiter::core::schema_detail {

std::string format_bound(double v);
// A number with an integral value that a double holds exactly.
bool is_integral(const nlohmann::json& v);
// A key as one JSON-pointer token ("~" -> "~0", "/" -> "~1").
std::string pointer_token(const std::string& key);

}  // namespace arbiter::core::schema_detail
