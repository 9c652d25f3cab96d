#include "experiments/econ/latent_class_keys.hpp"

#include <algorithm>

namespace arbiter::experiments {
namespace {

using json = nlohmann::json;

void check_numbers(const json& v, const std::string& path) {
  if (!v.is_object()) throw core::ConfigError("", path, "an object {PARAMETER: number}", core::short_json(v));
  for (auto it = v.begin(); it != v.end(); ++it)
    if (!it.value().is_number()) throw core::ConfigError("", path + "/" + it.key(), "a number", core::short_json(it.value()));
}

}  // namespace

void declare_latent_class_keys(core::Schema& s) {
  core::Param& c = s.object("/model/classes",
                            "latent-class logit: the classes, the coefficients with one value per class (COEF.CLASS), "
                            "fixed class parameters and the membership variables (class.CLASS, class.CLASS.VAR)")
                       .optional();
  c.add("names", core::ParamType::string_list, nullptr, "the class names; the first is the membership reference").nonempty();
  c.add("specific", core::ParamType::string_list, json::array(),
        "coefficients of the model that take one value per class (COEF.CLASS); the others are shared");
  c.add("fixed", core::ParamType::object, json::object(),
        "class parameters held fixed {COEF.CLASS | class.CLASS | class.CLASS.VAR: number}")
      .validate_with(check_numbers)
      .open = true;
  c.add("membership", core::ParamType::string_list, json::array(),
        "individual variables of the class-membership logit (constant within a person; class.CLASS.VAR)");
}

std::optional<LatentClassSetup> read_latent_class_setup(const json& c, const econ::ModelSpec& spec) {
  const json& m = c.at("model");
  if (!m.contains("classes")) return std::nullopt;
  const json& cls = m.at("classes");
  LatentClassSetup out;
  out.spec.classes = cls.at("names").get<std::vector<std::string>>();
  out.spec.specific = cls.at("specific").get<std::vector<std::string>>();
  out.spec.membership = cls.at("membership").get<std::vector<std::string>>();
  for (auto it = cls.at("fixed").begin(); it != cls.at("fixed").end(); ++it) out.spec.fixed[it.key()] = it.value().get<double>();
  for (std::size_t i = 0; i < out.spec.classes.size(); ++i) {
    const auto before = out.spec.classes.begin() + static_cast<std::ptrdiff_t>(i);
    if (std::find(out.spec.classes.begin(), before, out.spec.classes[i]) != before)
      throw core::ConfigError("", "/model/classes/names/" + std::to_string(i), "each class name once",
                              "\"" + out.spec.classes[i] + "\" twice");
  }
  if (m.contains("random") && !m.at("random").empty())
    throw core::ConfigError("", "/model/random", "{} with latent classes (a latent-class logit has no random coefficients)",
                            core::short_json(m.at("random")));
  if (!spec.nests.empty())
    throw core::ConfigError("", "/model/nests", "{} with latent classes", core::short_json(m.at("nests")));
  if (m.contains("cross_nests"))
    throw core::ConfigError("", "/model/cross_nests", "absent with latent classes", core::short_json(m.at("cross_nests")));
  out.panel = m.value("panel", false);
  const json& cols = c.at("columns");
  out.individual = cols.contains("individual") ? cols.at("individual").get<std::string>() : std::string();
  if (out.panel && out.individual.empty())
    throw core::ConfigError("", "/model/panel", "false unless /columns/individual names the person-id column", "true");
  out.starts = c.at("estimation").value("starts", 3);
  return out;
}

std::string latent_class_path(const std::string& argument) {
  const auto open = argument.find('[');
  const std::string head = argument.substr(0, open);
  std::string path = "/model/classes/" + std::string(head == "classes" ? "names" : head);
  if (open != std::string::npos) path += "/" + argument.substr(open + 1, argument.size() - open - 2);
  return path;
}

}  // namespace arbiter::experiments
