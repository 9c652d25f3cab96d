#include "experiments/econ/cross_nested_keys.hpp"

#include "core/config_error.hpp"

namespace arbiter::experiments {
namespace {

using json = nlohmann::json;

void check_nests(const json& v, const std::string& path) {
  if (!v.is_object()) throw core::ConfigError("", path, "an object {NEST: [ALT, ...]}", core::short_json(v));
  for (auto it = v.begin(); it != v.end(); ++it) {
    if (!it.value().is_array() || it.value().empty())
      throw core::ConfigError("", path + "/" + it.key(), "a non-empty list of alternatives", core::short_json(it.value()));
    for (std::size_t i = 0; i < it.value().size(); ++i)
      if (!it.value()[i].is_string())
        throw core::ConfigError("", path + "/" + it.key() + "/" + std::to_string(i), "an alternative's name",
                                core::short_json(it.value()[i]));
  }
}

bool cross_nest_parameter(const std::string& name) { return name.rfind("iv.", 0) == 0 || name.rfind("alpha.", 0) == 0; }

void take(std::map<std::string, double>& from, std::map<std::string, double>& to) {
  for (auto it = from.begin(); it != from.end();) {
    if (cross_nest_parameter(it->first)) {
      to[it->first] = it->second;
      it = from.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace

void declare_cross_nested_keys(core::Schema& s) {
  s.add("/model/cross_nests", core::ParamType::object, json::object(),
        "cross-nested logit: {NEST: [ALT, ...]}, an alternative in one or more nests; log-sum parameters iv.NEST, "
        "allocations alpha.ALT.NEST in [0, 1] summing to 1 over each alternative's nests (start and fix them in "
        "/model/start, /model/fixed)")
      .optional()
      .validate_with(check_nests)
      .open = true;
}

std::optional<econ::CrossNestSpec> read_cross_nested_setup(const json& c, econ::ModelSpec& spec) {
  const json& m = c.at("model");
  if (!m.contains("cross_nests")) return std::nullopt;
  if (!spec.nests.empty())
    throw core::ConfigError("", "/model/nests", "{} with /model/cross_nests (one nesting or the other)",
                            core::short_json(m.at("nests")));
  if ((m.contains("random") && !m.at("random").empty()) || (m.contains("correlated") && !m.at("correlated").empty()))
    throw core::ConfigError("", m.contains("random") ? "/model/random" : "/model/correlated",
                            "absent with /model/cross_nests (a cross-nested logit has no random coefficients)",
                            core::short_json(m.contains("random") ? m.at("random") : m.at("correlated")));
  if (spec.nest_form != econ::NestForm::rum)
    throw core::ConfigError("", "/model/nest_form", "\"rum\" with /model/cross_nests (the generalised nested form)",
                            "\"unscaled\"");
  econ::CrossNestSpec out;
  const json& nests = m.at("cross_nests");
  for (auto it = nests.begin(); it != nests.end(); ++it)
    out.nests.push_back({it.key(), it.value().get<std::vector<std::string>>()});
  take(spec.start, out.start);
  take(spec.fixed, out.fixed);
  for (const auto& [name, value] : out.fixed)
    if (name.rfind("alpha.", 0) == 0 && !(value >= 0.0 && value <= 1.0))
      throw core::ConfigError("", "/model/fixed/" + name, "an allocation in [0, 1]", core::short_json(json(value)));
  for (const auto& [name, value] : out.start)
    if (name.rfind("alpha.", 0) == 0 && !(value >= 0.0 && value <= 1.0))
      throw core::ConfigError("", "/model/start/" + name, "an allocation in [0, 1]", core::short_json(json(value)));
  return out;
}

}  // namespace arbiter::experiments
