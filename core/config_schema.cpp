#include "core/config_schema.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "core/config_error.hpp"

namespace arbiter::core {
namespace {

using json = nlohmann::json;

const std::vector<std::string> kCommonKeys = {"/kind", "/seed", "/description", "/sweep"};

std::string format_bound(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

std::string type_phrase(ParamType t) {
  switch (t) {
    case ParamType::number: return "a number";
    case ParamType::integer: return "an integer";
    case ParamType::boolean: return "true or false";
    case ParamType::string: return "a string";
    case ParamType::number_list: return "a list of numbers";
    case ParamType::integer_list: return "a list of integers";
    case ParamType::string_list: return "a list of strings";
    case ParamType::object: return "an object";
    case ParamType::any: return "a value";
  }
  return "a value";
}

std::string type_name(ParamType t) {
  switch (t) {
    case ParamType::number: return "number";
    case ParamType::integer: return "integer";
    case ParamType::boolean: return "boolean";
    case ParamType::string: return "string";
    case ParamType::number_list: return "number list";
    case ParamType::integer_list: return "integer list";
    case ParamType::string_list: return "string list";
    case ParamType::object: return "object";
    case ParamType::any: return "any";
  }
  return "any";
}

bool is_integral(const json& v) {
  if (v.is_number_integer()) return true;
  if (!v.is_number_float()) return false;
  const double d = v.get<double>();
  return std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.007199254740992e15;
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string parent_of(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == 0 || slash == std::string::npos ? "" : path.substr(0, slash);
}

// A key as one JSON-pointer token ("~" -> "~0", "/" -> "~1").
std::string pointer_token(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

bool starts_with_dir(const std::string& path, const std::string& dir) {
  return path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 && path[dir.size()] == '/';
}

}  // namespace

std::string short_json(const json& value) {
  std::string s = value.dump();
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return s;
}

std::string Param::expectation() const {
  std::string e = type_phrase(type);
  if (!choices.empty()) {
    e = (type == ParamType::string_list ? "a list of strings, each one of " : "one of ");
    for (std::size_t i = 0; i < choices.size(); ++i) e += (i ? ", \"" : "\"") + choices[i] + "\"";
    return e;
  }
  const bool list = type == ParamType::number_list || type == ParamType::integer_list;
  std::string range;
  if (min && max) {
    range = std::string(min_exclusive ? "(" : "[") + format_bound(*min) + ", " + format_bound(*max) +
            (max_exclusive ? ")" : "]");
    range = " in " + range;
  } else if (min) {
    range = std::string(min_exclusive ? " > " : " >= ") + format_bound(*min);
  } else if (max) {
    range = std::string(max_exclusive ? " < " : " <= ") + format_bound(*max);
  }
  if (list && !range.empty()) return (non_empty ? "a non-empty " : "") + e.substr(2) + ", each" + range;
  if (list && non_empty) return "a non-empty " + e.substr(2);
  return e + range;
}

Param& Schema::add(std::string path, ParamType type, json default_value, std::string help) {
  if (path.empty() || path[0] != '/') throw std::logic_error("Schema: path must start with '/': " + path);
  if (find(path)) throw std::logic_error("Schema: parameter declared twice: " + path);
  Param p;
  p.path = std::move(path);
  p.type = type;
  p.default_value = std::move(default_value);
  p.help = std::move(help);
  params_.push_back(std::move(p));
  return params_.back();
}

const Param* Schema::find(const std::string& path) const {
  for (const auto& p : params_)
    if (p.path == path) return &p;
  return nullptr;
}

namespace {

void check_number(const Param& p, const json& v, const std::string& path) {
  const double d = v.get<double>();
  bool ok = std::isfinite(d);
  if (p.min) ok = ok && (p.min_exclusive ? d > *p.min : d >= *p.min);
  if (p.max) ok = ok && (p.max_exclusive ? d < *p.max : d <= *p.max);
  if (!ok) throw ConfigError("", path, p.expectation(), short_json(v));
}

void check_value(const Param& p, const json& v, const std::string& path) {
  const auto fail = [&] { throw ConfigError("", path, p.expectation(), short_json(v)); };
  switch (p.type) {
    case ParamType::number:
      if (!v.is_number()) fail();
      check_number(p, v, path);
      break;
    case ParamType::integer:
      if (!is_integral(v)) fail();
      check_number(p, v, path);
      break;
    case ParamType::boolean:
      if (!v.is_boolean()) fail();
      break;
    case ParamType::string:
      if (!v.is_string()) fail();
      if (!p.choices.empty() &&
          std::find(p.choices.begin(), p.choices.end(), v.get<std::string>()) == p.choices.end())
        fail();
      break;
    case ParamType::number_list:
    case ParamType::integer_list:
    case ParamType::string_list: {
      if (!v.is_array()) fail();
      if (p.non_empty && v.empty()) fail();
      for (std::size_t i = 0; i < v.size(); ++i) {
        const json& e = v[i];
        const std::string epath = path + "/" + std::to_string(i);
        if (p.type == ParamType::string_list) {
          if (!e.is_string()) throw ConfigError("", epath, "a string", short_json(e));
          if (!p.choices.empty() &&
              std::find(p.choices.begin(), p.choices.end(), e.get<std::string>()) == p.choices.end()) {
            Param one = p;
            one.type = ParamType::string;
            throw ConfigError("", epath, one.expectation(), short_json(e));
          }
          continue;
        }
        const bool ok_type = p.type == ParamType::integer_list ? is_integral(e) : e.is_number();
        if (!ok_type)
          throw ConfigError("", epath, p.type == ParamType::integer_list ? "an integer" : "a number", short_json(e));
        Param one = p;
        one.type = p.type == ParamType::integer_list ? ParamType::integer : ParamType::number;
        check_number(one, e, epath);
      }
      break;
    }
    case ParamType::object:
      if (!v.is_object()) fail();
      break;
    case ParamType::any:
      break;
  }
  if (p.check) p.check(v, path);
}

json normalised(const Param& p, const json& v) {
  if (p.type == ParamType::integer) return json(static_cast<std::int64_t>(std::llround(v.get<double>())));
  if (p.type == ParamType::number && v.is_number()) return json(v.get<double>());
  if (p.type == ParamType::integer_list) {
    json out = json::array();
    for (const auto& e : v) out.push_back(static_cast<std::int64_t>(std::llround(e.get<double>())));
    return out;
  }
  return v;
}

}  // namespace

json Schema::resolve(const json& config) const {
  if (!config.is_object()) throw ConfigError("", "", "a JSON object at the top level", short_json(config));

  // Every key in the config must be declared, an object on the way to a declared key, or inside an open
  // object. Walk the config tree and check each key's path.
  std::vector<std::string> known;
  for (const auto& p : params_) known.push_back(p.path);
  for (const auto& k : kCommonKeys) known.push_back(k);

  std::function<void(const json&, const std::string&)> walk = [&](const json& node, const std::string& prefix) {
    for (auto it = node.begin(); it != node.end(); ++it) {
      const std::string path = prefix + "/" + pointer_token(it.key());
      const Param* p = find(path);
      const bool common = std::find(kCommonKeys.begin(), kCommonKeys.end(), path) != kCommonKeys.end();
      if (p && p->type == ParamType::object && !p->open && it.value().is_object()) {
        walk(it.value(), path);  // a declared object whose inner keys are declared too
        continue;
      }
      if (p || common) continue;  // declared leaf (or common key): its value is checked below
      bool inside_open = false, is_prefix = false;
      for (const auto& q : params_) {
        if (q.open && starts_with_dir(path, q.path)) inside_open = true;
        if (starts_with_dir(q.path, path)) is_prefix = true;
      }
      if (inside_open) continue;
      if (is_prefix) {
        if (!it.value().is_object()) throw ConfigError("", path, "an object", short_json(it.value()));
        walk(it.value(), path);
        continue;
      }
      // Unknown key: suggest the nearest declared sibling.
      std::string best;
      std::size_t best_d = 3;
      std::vector<std::string> siblings;
      for (const auto& k : known) {
        if (parent_of(k) == prefix || starts_with_dir(k, prefix)) {
          std::string name = k.substr(prefix.size() + 1);
          name = name.substr(0, name.find('/'));
          if (std::find(siblings.begin(), siblings.end(), name) == siblings.end()) siblings.push_back(name);
        }
      }
      for (const auto& s : siblings) {
        const std::size_t d = edit_distance(s, it.key());
        if (d < best_d) {
          best_d = d;
          best = s;
        }
      }
      std::string got = "unknown key \"" + it.key() + "\"";
      if (!best.empty()) got += " (did you mean \"" + best + "\"?)";
      std::string expected = "one of the keys ";
      for (std::size_t i = 0; i < siblings.size(); ++i) expected += (i ? ", " : "") + siblings[i];
      throw ConfigError("", path, siblings.empty() ? "" : expected, got);
    }
  };
  walk(config, "");

  json out = config;
  for (const auto& p : params_) {
    const json::json_pointer ptr(p.path);
    if (config.contains(ptr)) {
      const json& v = config.at(ptr);
      check_value(p, v, p.path);
      out[ptr] = normalised(p, v);
    } else if (p.default_value.is_null()) {
      throw ConfigError("", p.path, p.expectation() + " (required; " + p.help + ")", "nothing");
    } else {
      out[ptr] = p.default_value;
    }
  }
  return out;
}

json Schema::defaults() const {
  json out = json::object();
  for (const auto& p : params_)
    if (!p.default_value.is_null()) out[json::json_pointer(p.path)] = p.default_value;
  return out;
}

std::string Schema::describe() const {
  std::ostringstream s;
  std::size_t width = 0;
  for (const auto& p : params_) width = std::max(width, p.path.size());
  for (const auto& p : params_) {
    s << "  " << p.path << std::string(width - p.path.size() + 2, ' ') << p.help << "\n"
      << "  " << std::string(width + 2, ' ') << type_name(p.type) << "; " << p.expectation() << "; "
      << (p.default_value.is_null() ? std::string("required") : "default " + short_json(p.default_value)) << "\n";
  }
  return s.str();
}

void check_grid(const json& value, const std::string& path, double lower_exclusive) {
  const std::string bound = " > " + format_bound(lower_exclusive);
  const std::string expected =
      "a non-empty list of numbers" + bound + ", or {\"from\": a, \"to\": b, \"points\": n} (optional \"log\": true)";
  if (value.is_array()) {
    if (value.empty()) throw ConfigError("", path, expected, "[]");
    for (std::size_t i = 0; i < value.size(); ++i)
      if (!value[i].is_number() || !(value[i].get<double>() > lower_exclusive) ||
          !std::isfinite(value[i].get<double>()))
        throw ConfigError("", path + "/" + std::to_string(i), "a number" + bound, short_json(value[i]));
    return;
  }
  if (!value.is_object()) throw ConfigError("", path, expected, short_json(value));
  for (auto it = value.begin(); it != value.end(); ++it)
    if (it.key() != "from" && it.key() != "to" && it.key() != "points" && it.key() != "log")
      throw ConfigError("", path + "/" + it.key(), "one of the keys from, to, points, log",
                        "unknown key \"" + it.key() + "\"");
  for (const char* key : {"from", "to"}) {
    if (!value.contains(key) || !value[key].is_number() || !(value[key].get<double>() > lower_exclusive))
      throw ConfigError("", path + "/" + key, "a number" + bound,
                        value.contains(key) ? short_json(value[key]) : "nothing");
  }
  if (!value.contains("points") || !is_integral(value["points"]) || value["points"].get<double>() < 1)
    throw ConfigError("", path + "/points", "an integer >= 1",
                      value.contains("points") ? short_json(value["points"]) : "nothing");
  if (value.contains("log") && !value["log"].is_boolean())
    throw ConfigError("", path + "/log", "true or false", short_json(value["log"]));
}

std::vector<double> read_grid(const json& value, const std::string& path) {
  if (value.is_array()) {
    std::vector<double> out;
    for (const auto& v : value) out.push_back(v.get<double>());
    return out;
  }
  if (!value.is_object() || !value.contains("from") || !value.contains("to") || !value.contains("points"))
    throw ConfigError("", path, "a list of numbers or {\"from\", \"to\", \"points\"}", short_json(value));
  const double a = value["from"].get<double>(), b = value["to"].get<double>();
  const int n = static_cast<int>(std::llround(value["points"].get<double>()));
  const bool log_spaced = value.value("log", false);
  std::vector<double> out;
  for (int i = 0; i < n; ++i) {
    const double t = n == 1 ? 0.0 : static_cast<double>(i) / (n - 1);
    out.push_back(log_spaced ? a * std::pow(b / a, t) : a + (b - a) * t);
  }
  return out;
}

}  // namespace arbiter::core
