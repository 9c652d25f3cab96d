#include "experiments/econ/choice_data_keys.hpp"

#include <algorithm>
#include <filesystem>

#include "core/config_error.hpp"

namespace arbiter::experiments {
namespace {

using json = nlohmann::json;

std::vector<std::string> string_list(const json& v, const std::string& path) {
  if (!v.is_array()) throw core::ConfigError("", path, "a list of names", core::short_json(v));
  std::vector<std::string> out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (!v[i].is_string()) throw core::ConfigError("", path + "/" + std::to_string(i), "a name", core::short_json(v[i]));
    out.push_back(v[i].get<std::string>());
  }
  return out;
}

// ["x", "y"] (every alternative) or {"x": ["air", "bus"], "y": []}.
std::vector<econ::VariableAlternatives> variable_alternatives(const json& v, const std::string& path) {
  std::vector<econ::VariableAlternatives> out;
  if (v.is_array()) {
    for (const auto& name : string_list(v, path)) out.push_back({name, {}});
    return out;
  }
  if (!v.is_object())
    throw core::ConfigError("", path, "a list of variables or an object {VARIABLE: [alternatives]}", core::short_json(v));
  for (auto it = v.begin(); it != v.end(); ++it) out.push_back({it.key(), string_list(it.value(), path + "/" + it.key())});
  return out;
}

std::map<std::string, double> number_map(const json& v, const std::string& path) {
  if (!v.is_object()) throw core::ConfigError("", path, "an object {PARAMETER: number}", core::short_json(v));
  std::map<std::string, double> out;
  for (auto it = v.begin(); it != v.end(); ++it) {
    if (!it.value().is_number())
      throw core::ConfigError("", path + "/" + it.key(), "a number", core::short_json(it.value()));
    out[it.key()] = it.value().get<double>();
  }
  return out;
}

void check_variable_alternatives(const json& v, const std::string& path) { variable_alternatives(v, path); }

}  // namespace

void declare_choice_data_keys(core::Schema& s) {
  s.string("/data", nullptr, "choice data CSV file (relative paths are read from the config's folder)");
  s.string("/format", "long", "long: one row per (situation, alternative); wide: one row per situation, ATTR.ALT columns")
      .one_of({"long", "wide"});
  s.string("/columns/situation", "situation", "column holding the choice-situation id");
  s.string("/columns/alternative", "alternative", "column holding the alternative's name (long format)");
  s.string("/columns/choice", "choice", "long: chosen flag (1/0, yes/no, true/false); wide: the chosen alternative");
  s.string("/columns/available", "", "availability column (1/0, yes/no, true/false; wide: prefix of AV.ALT); empty: all available");
  s.add("/alternatives", core::ParamType::string_list, json::array(),
        "alternatives expected in the data (each must appear); wide format: the alternatives (default: chosen values)");
}

void declare_model_keys(core::Schema& s) {
  s.boolean("/model/constants", true, "alternative-specific constants asc.ALT (the reference's fixed at 0)");
  s.string("/model/reference", "", "reference alternative (empty: the first in the data; \"none\": no reference)");
  s.add("/model/generic", core::ParamType::string_list, json::array(), "attributes with one coefficient shared by all alternatives");
  s.add("/model/specific", core::ParamType::any, json::array(),
        "attributes with one coefficient per alternative: [VAR, ...] or {VAR: [ALT, ...]}")
      .validate_with(check_variable_alternatives);
  s.add("/model/individual", core::ParamType::any, json::array(),
        "individual-level variables interacted with alternatives (reference excluded): [VAR, ...] or {VAR: [ALT, ...]}")
      .validate_with(check_variable_alternatives);
  s.add("/model/start", core::ParamType::object, json::object(), "starting values {PARAMETER: number} (default 0; iv.* 1)").open = true;
  s.add("/model/fixed", core::ParamType::object, json::object(), "parameters held fixed {PARAMETER: number}").open = true;
  s.add("/model/nests", core::ParamType::object, json::object(),
        "nested logit: {NEST: [ALT, ...]} with one log-sum parameter iv.NEST per nest (empty: conditional logit)")
      .open = true;
  s.string("/model/nest_form", "rum",
           "rum: utilities divided by the log-sum parameter within the nest; unscaled: not divided (Greene, mlogit unscaled)")
      .one_of({"rum", "unscaled"});
}

econ::ChoiceColumns read_choice_columns(const json& c) {
  econ::ChoiceColumns cols;
  cols.situation = c.at("columns").at("situation").get<std::string>();
  cols.alternative = c.at("columns").at("alternative").get<std::string>();
  cols.choice = c.at("columns").at("choice").get<std::string>();
  cols.available = c.at("columns").at("available").get<std::string>();
  cols.wide = c.at("format").get<std::string>() == "wide";
  cols.alternatives = c.at("alternatives").get<std::vector<std::string>>();
  return cols;
}

econ::ModelSpec read_model_spec(const json& c) {
  const json& m = c.at("model");
  econ::ModelSpec spec;
  spec.constants = m.at("constants").get<bool>();
  spec.reference = m.at("reference").get<std::string>();
  spec.generic = m.at("generic").get<std::vector<std::string>>();
  spec.specific = variable_alternatives(m.at("specific"), "/model/specific");
  spec.individual = variable_alternatives(m.at("individual"), "/model/individual");
  spec.start = number_map(m.at("start"), "/model/start");
  spec.fixed = number_map(m.at("fixed"), "/model/fixed");
  const json& nests = m.at("nests");
  for (auto it = nests.begin(); it != nests.end(); ++it)
    spec.nests.push_back({it.key(), string_list(it.value(), "/model/nests/" + it.key())});
  spec.nest_form = m.at("nest_form").get<std::string>() == "unscaled" ? econ::NestForm::unscaled : econ::NestForm::rum;
  return spec;
}

std::vector<std::string> model_variables(const econ::ModelSpec& spec) {
  std::vector<std::string> out;
  auto add = [&](const std::string& v) {
    if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
  };
  for (const auto& g : spec.generic) add(g);
  for (const auto& [v, alts] : spec.specific) add(v);
  for (const auto& [v, alts] : spec.individual) add(v);
  return out;
}

std::string resolve_data_path(const std::string& data, const std::string& config_dir) {
  const std::filesystem::path p(data);
  if (p.is_absolute() || config_dir.empty()) return data;
  return (std::filesystem::path(config_dir) / p).string();
}

std::string model_path(const std::string& argument) {
  if (argument == "spec") return "/model";
  std::string path = "/model/";
  for (char c : argument) {
    if (c == '[') path += '/';
    else if (c != ']') path += c;
  }
  return path;
}

}  // namespace arbiter::experiments
