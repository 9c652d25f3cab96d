// The schema tree: declaring nodes (by full path on the Schema, by key on a node) and resolving a config
// against it. Descriptions of nodes (expectation, describe, example) are in config_schema_describe.cpp.
#include "core/config_schema.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

#include "core/config_error.hpp"
#include "core/config_schema_detail.hpp"

namespace arbiter::core {

using json = nlohmann::json;

namespace schema_detail {

std::string format_bound(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

bool is_integral(const json& v) {
  if (v.is_number_integer()) return true;
  if (!v.is_number_float()) return false;
  const double d = v.get<double>();
  return std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.007199254740992e15;
}

std::string pointer_token(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

}  // namespace schema_detail

namespace {

using schema_detail::is_integral;
using schema_detail::pointer_token;

const std::vector<std::string> kCommonKeys = {"kind", "seed", "description", "lesson", "sweep"};

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

// The ConfigError for an unknown key `key` at `path`, given the keys allowed there (in declaration order).
[[noreturn]] void unknown_key(const std::string& path, const std::string& key, const std::vector<std::string>& allowed) {
  std::string best;
  std::size_t best_d = 3;
  for (const auto& s : allowed) {
    const std::size_t d = edit_distance(s, key);
    if (d < best_d) {
      best_d = d;
      best = s;
    }
  }
  std::string got = "unknown key \"" + key + "\"";
  if (!best.empty()) got += " (did you mean \"" + best + "\"?)";
  std::string expected = "one of the keys ";
  for (std::size_t i = 0; i < allowed.size(); ++i) expected += (i ? ", " : "") + allowed[i];
  throw ConfigError("", path, allowed.empty() ? "" : expected, got);
}

// Re-roots a node's path (and its subtree's) at `path`.
void set_path(Param& p, const std::string& path) {
  p.path = path;
  for (auto& m : p.members) {
    if (p.type == ParamType::list) set_path(m, path + "/*");
    else if (p.type == ParamType::variant || p.type == ParamType::either) set_path(m, path);
    else set_path(m, path + "/" + pointer_token(m.key));
  }
}

Param make_node(std::string key, ParamType type, json dflt, std::string help) {
  Param p = Param::make(type, std::move(dflt), std::move(help));
  p.key = std::move(key);
  return p;
}

bool json_matches(ParamType t, const json& v) {
  switch (t) {
    case ParamType::number: return v.is_number();
    case ParamType::integer: return is_integral(v);
    case ParamType::boolean: return v.is_boolean();
    case ParamType::string: return v.is_string();
    case ParamType::number_list:
    case ParamType::integer_list:
    case ParamType::string_list:
    case ParamType::list: return v.is_array();
    case ParamType::object:
    case ParamType::variant: return v.is_object();
    case ParamType::either:
    case ParamType::any: return true;
  }
  return false;
}

void check_number(const Param& p, const json& v, const std::string& path) {
  const double d = v.get<double>();
  bool ok = std::isfinite(d);
  if (p.min) ok = ok && (p.min_exclusive ? d > *p.min : d >= *p.min);
  if (p.max) ok = ok && (p.max_exclusive ? d < *p.max : d <= *p.max);
  if (!ok) throw ConfigError("", path, p.expectation(), short_json(v));
}

// Type, range and choices of a leaf value.
void check_leaf(const Param& p, const json& v, const std::string& path) {
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
    default:
      break;
  }
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

// The value filled in for an absent key at `path`: null (leave it absent) or the default with its inner
// defaults filled; a required key throws.
json absent_value(const Param& p, const std::string& path) {
  if (p.optional_key) return nullptr;
  if (p.default_value.is_null())
    throw ConfigError("", path, p.expectation() + " (required; " + p.help + ")", "nothing");
  return p.is_nested() ? p.resolve(p.default_value, path) : p.default_value;
}

// An object node's keys (or a variant alternative's, with the tag key allowed first).
json resolve_object(const Param& p, const json& v, const std::string& path, const std::string& tag = "") {
  std::vector<std::string> allowed;
  if (!tag.empty()) allowed.push_back(tag);
  for (const auto& m : p.members) allowed.push_back(m.key);
  for (auto it = v.begin(); it != v.end(); ++it)
    if (std::find(allowed.begin(), allowed.end(), it.key()) == allowed.end())
      unknown_key(path + "/" + pointer_token(it.key()), it.key(), allowed);
  json out = v;
  for (const auto& m : p.members) {
    if (m.flat) continue;  // declared with a full path: resolved by the Schema in declaration order
    const std::string mp = path + "/" + pointer_token(m.key);
    if (v.contains(m.key)) {
      out[m.key] = m.resolve(v.at(m.key), mp);
    } else {
      json d = absent_value(m, mp);
      if (!d.is_null()) out[m.key] = std::move(d);
    }
  }
  return out;
}

}  // namespace

std::string short_json(const json& value) {
  std::string s = value.dump();
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return s;
}

// ---- declaring ----

Param Param::make(ParamType t, json dflt, std::string h) {
  Param p;
  p.type = t;
  p.default_value = std::move(dflt);
  p.help = std::move(h);
  if (t == ParamType::object && p.default_value.is_null()) p.default_value = json::object();
  return p;
}

Param& Param::add(std::string k, ParamType t, json dflt, std::string h) {
  if (type != ParamType::object) throw std::logic_error("Schema: keys can only be declared on an object: " + path);
  if (k.empty()) throw std::logic_error("Schema: empty key under " + path);
  if (child(k)) throw std::logic_error("Schema: parameter declared twice: " + path + "/" + k);
  members.push_back(make_node(std::move(k), t, std::move(dflt), std::move(h)));
  Param& m = members.back();
  set_path(m, path + "/" + pointer_token(m.key));
  return m;
}

Param& Param::object(std::string k, std::string h) {
  Param& m = add(std::move(k), ParamType::object, json::object(), std::move(h));
  return m;
}

Param& Param::list(std::string k, std::string h, std::size_t lo, std::size_t hi) {
  Param& m = add(std::move(k), ParamType::list, nullptr, std::move(h));
  m.min_items = lo;
  m.max_items = hi;
  return m;
}

Param& Param::node(std::string k, const Param& prepared) {
  if (type != ParamType::object) throw std::logic_error("Schema: keys can only be declared on an object: " + path);
  if (child(k)) throw std::logic_error("Schema: parameter declared twice: " + path + "/" + k);
  members.push_back(prepared);
  Param& m = members.back();
  m.key = std::move(k);
  m.flat = false;
  set_path(m, path + "/" + pointer_token(m.key));
  return m;
}

Param& Param::element() {
  if (type != ParamType::list) throw std::logic_error("Schema: element() of a node that is not a list: " + path);
  if (members.empty()) {
    members.push_back(make_node("", ParamType::object, json::object(), help));
    set_path(members.back(), path + "/*");
  }
  return members.front();
}

Param& Param::element(const Param& prepared) {
  if (type != ParamType::list) throw std::logic_error("Schema: element() of a node that is not a list: " + path);
  members.clear();
  members.push_back(prepared);
  members.back().key.clear();
  members.back().flat = false;
  set_path(members.back(), path + "/*");
  return members.back();
}

const Param& Param::element() const {
  if (type != ParamType::list || members.empty())
    throw std::logic_error("Schema: element() of a node that is not a declared list: " + path);
  return members.front();
}

Param& Param::variant(std::string tag_key) {
  if (type == ParamType::list) return element().variant(std::move(tag_key));
  if (type == ParamType::variant) return *this;
  if (type != ParamType::object || !members.empty())
    throw std::logic_error("Schema: variant() of a node that is not an empty object or a list: " + path);
  type = ParamType::variant;
  tag = std::move(tag_key);
  default_value = nullptr;
  return *this;
}

Param& Param::alternative(const std::string& name, std::string h) {
  if (type != ParamType::variant) throw std::logic_error("Schema: alternative() of a node that is not a variant: " + path);
  for (auto& m : members)
    if (m.key == name) return m;
  members.push_back(make_node(name, ParamType::object, json::object(), std::move(h)));
  set_path(members.back(), path);
  return members.back();
}

Param& Param::form(ParamType t, std::string h) {
  if (type != ParamType::either) throw std::logic_error("Schema: form() of a node that is not an either: " + path);
  for (auto& m : members)
    if (m.type == t) return m;
  members.push_back(make_node("", t, nullptr, std::move(h)));
  if (t == ParamType::object) members.back().default_value = json::object();
  set_path(members.back(), path);
  return members.back();
}

const Param* Param::child(const std::string& k) const {
  for (const auto& m : members)
    if (m.key == k) return &m;
  return nullptr;
}

Param* Param::child(const std::string& k) {
  for (auto& m : members)
    if (m.key == k) return &m;
  return nullptr;
}

void Param::remove(const std::string& k) {
  members.remove_if([&](const Param& m) { return m.key == k; });
}

bool Param::is_nested() const {
  if (type == ParamType::list || type == ParamType::variant || type == ParamType::either) return true;
  return type == ParamType::object && !open && !members.empty();
}

// ---- resolving ----

json Param::resolve(const json& v, const std::string& at) const {
  json out;
  switch (type) {
    case ParamType::object:
      if (!v.is_object()) throw ConfigError("", at, expectation(), short_json(v));
      out = open ? v : resolve_object(*this, v, at);
      break;
    case ParamType::list: {
      if (!v.is_array()) throw ConfigError("", at, expectation(), short_json(v));
      if (v.size() < min_items || v.size() > max_items)
        throw ConfigError("", at, expectation(),
                          v.empty() ? std::string("[]") : std::to_string(v.size()) + (v.size() == 1 ? " entry" : " entries"));
      out = json::array();
      if (members.empty()) {
        out = v;
        break;
      }
      for (std::size_t i = 0; i < v.size(); ++i) out.push_back(members.front().resolve(v[i], at + "/" + std::to_string(i)));
      break;
    }
    case ParamType::variant: {
      if (!v.is_object()) throw ConfigError("", at, expectation(), short_json(v));
      const std::string tag_path = at + "/" + pointer_token(tag);
      Param names = make_node(tag, ParamType::string, nullptr, "");
      for (const auto& m : members) names.choices.push_back(m.key);
      if (!v.contains(tag)) throw ConfigError("", tag_path, names.expectation(), "nothing");
      const json& t = v.at(tag);
      const Param* alt = t.is_string() ? child(t.get<std::string>()) : nullptr;
      if (!alt) throw ConfigError("", tag_path, names.expectation(), short_json(t));
      out = resolve_object(*alt, v, at, tag);
      if (alt->check) alt->check(out, at);
      break;
    }
    case ParamType::either: {
      const Param* f = nullptr;
      for (const auto& m : members)
        if (!f && json_matches(m.type, v)) f = &m;
      if (!f) throw ConfigError("", at, expectation(), short_json(v));
      out = f->resolve(v, at);
      break;
    }
    default:
      check_leaf(*this, v, at);
      out = normalised(*this, v);
      break;
  }
  if (check) check(out, at);
  return out;
}

json Param::default_instance() const {
  if (default_value.is_null()) return nullptr;
  return is_nested() ? resolve(default_value, path) : default_value;
}

// ---- the Schema ----

Schema::Schema() { root_ = make_node("", ParamType::object, json::object(), "the config"); }

Schema::Schema(const Schema& other) : root_(other.root_) {
  for (const Param* p : other.declared_) declared_.push_back(&place(p->path, false));
}

Schema& Schema::operator=(const Schema& other) {
  if (this == &other) return *this;
  root_ = other.root_;
  declared_.clear();
  for (const Param* p : other.declared_) declared_.push_back(&place(p->path, false));
  return *this;
}

// The node at `path`, walking objects; with make_implicit, missing objects on the way and the node itself
// are created (the node as an implicit object, for the caller to turn into what it declares).
Param& Schema::place(const std::string& path, bool make_implicit) {
  if (path.empty() || path[0] != '/') throw std::logic_error("Schema: path must start with '/': " + path);
  const json::json_pointer ptr(path);
  Param* node = &root_;
  std::string at;
  std::vector<std::string> tokens;
  for (std::string rest = path.substr(1);;) {
    const auto slash = rest.find('/');
    tokens.push_back(rest.substr(0, slash));
    if (slash == std::string::npos) break;
    rest = rest.substr(slash + 1);
  }
  for (const auto& token : tokens) {
    std::string key;  // the token unescaped
    for (std::size_t i = 0; i < token.size(); ++i) {
      if (token[i] == '~' && i + 1 < token.size()) {
        key += token[i + 1] == '1' ? '/' : '~';
        ++i;
      } else {
        key += token[i];
      }
    }
    at += "/" + token;
    if (node->type != ParamType::object)
      throw std::logic_error("Schema: " + at + " lies inside " + node->path + ", which is not an object");
    Param* next = node->child(key);
    if (!next) {
      if (!make_implicit) throw std::logic_error("Schema: no parameter " + path);
      node->members.push_back(make_node(key, ParamType::object, json::object(), ""));
      next = &node->members.back();
      next->implicit = true;
      next->path = at;
    }
    node = next;
  }
  return *node;
}

Param& Schema::add(std::string path, ParamType type, json default_value, std::string help) {
  if (path.empty() || path[0] != '/') throw std::logic_error("Schema: path must start with '/': " + path);
  if (find(path)) throw std::logic_error("Schema: parameter declared twice: " + path);
  Param& p = place(path, true);
  const bool had_members = !p.members.empty();
  p.implicit = false;
  p.flat = true;
  p.type = type;
  p.default_value = std::move(default_value);
  p.help = std::move(help);
  if (had_members && type != ParamType::object)
    throw std::logic_error("Schema: " + path + " holds declared keys, so it must be an object");
  declared_.push_back(&p);
  return p;
}

Param& Schema::object(std::string path, std::string help) {
  return add(std::move(path), ParamType::object, json::object(), std::move(help));
}

Param& Schema::list(std::string path, std::string help, std::size_t min_items, std::size_t max_items) {
  Param& p = add(std::move(path), ParamType::list, nullptr, std::move(help));
  p.min_items = min_items;
  p.max_items = max_items;
  return p;
}

Param& Schema::node(std::string path, const Param& prepared) {
  Param& p = add(path, prepared.type, nullptr, "");
  const std::string key = p.key;
  p = prepared;
  p.key = key;
  p.flat = true;
  p.implicit = false;
  set_path(p, path);
  return p;
}

const Param* Schema::find(const std::string& path) const {
  if (path.empty() || path[0] != '/') return nullptr;
  const Param* node = &root_;
  std::size_t start = 1;
  while (true) {
    const auto slash = path.find('/', start);
    const std::string token = path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    std::string key;
    for (std::size_t i = 0; i < token.size(); ++i) {
      if (token[i] == '~' && i + 1 < token.size()) {
        key += token[i + 1] == '1' ? '/' : '~';
        ++i;
      } else {
        key += token[i];
      }
    }
    if (node->type == ParamType::variant) {
      // A key of an alternative: the first alternative that declares it.
      const Param* in_alternative = nullptr;
      for (const auto& alt : node->members)
        if (!in_alternative) in_alternative = alt.child(key);
      node = in_alternative;
    } else if (node->type == ParamType::object) {
      node = node->child(key);
    } else {
      return nullptr;
    }
    if (!node) return nullptr;
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return node->implicit ? nullptr : node;
}

void Schema::visit(const std::function<void(const Param&, int)>& f) const {
  std::function<void(const Param&, int)> walk = [&](const Param& p, int depth) {
    f(p, depth);
    for (const auto& m : p.members) walk(m, depth + 1);
  };
  for (const auto& m : root_.members) walk(m, 0);
}

json Schema::resolve(const json& config) const {
  if (!config.is_object()) throw ConfigError("", "", "a JSON object at the top level", short_json(config));

  // Every key in the config must be declared, an object on the way to a declared key, or inside an open
  // object. Walk the config's plain objects and check each key (keys inside lists, variants and other
  // nested nodes are checked when the node's value is).
  std::function<void(const json&, const Param&, const std::string&)> walk = [&](const json& node, const Param& decl,
                                                                                const std::string& prefix) {
    for (auto it = node.begin(); it != node.end(); ++it) {
      const std::string path = prefix + "/" + pointer_token(it.key());
      const Param* p = decl.child(it.key());
      const bool common =
          prefix.empty() && std::find(kCommonKeys.begin(), kCommonKeys.end(), it.key()) != kCommonKeys.end();
      if (p && p->implicit) {
        if (!it.value().is_object()) throw ConfigError("", path, "an object", short_json(it.value()));
        walk(it.value(), *p, path);
        continue;
      }
      if (p && p->type == ParamType::object && !p->open && it.value().is_object()) {
        walk(it.value(), *p, path);
        continue;
      }
      if (p || common) continue;  // declared (or common key): its value is checked below
      std::vector<std::string> allowed;
      for (const auto& m : decl.members) allowed.push_back(m.key);
      if (prefix.empty())
        for (const auto& k : kCommonKeys)
          if (!decl.child(k)) allowed.push_back(k);
      unknown_key(path, it.key(), allowed);
    }
  };
  walk(config, root_, "");

  json out = config;
  for (const Param* p : declared_) {
    const json::json_pointer ptr(p->path);
    // Present in the config, or an object made by the defaults of keys declared before it.
    if (out.contains(ptr)) {
      out[ptr] = p->resolve(json(out.at(ptr)), p->path);
    } else {
      json d = absent_value(*p, p->path);
      if (!d.is_null()) out[ptr] = std::move(d);
    }
  }
  return out;
}

json Schema::defaults() const {
  json out = json::object();
  for (const Param* p : declared_) {
    const json d = p->default_instance();
    if (!d.is_null()) out[json::json_pointer(p->path)] = d;
  }
  return out;
}

// ---- grids ----

void check_grid(const json& value, const std::string& path, double lower_exclusive, double upper) {
  std::string bound = " > " + schema_detail::format_bound(lower_exclusive);
  if (std::isfinite(upper)) bound += " and <= " + schema_detail::format_bound(upper);
  const auto in_range = [&](const json& v) {
    return v.is_number() && v.get<double>() > lower_exclusive && v.get<double>() <= upper &&
           std::isfinite(v.get<double>());
  };
  const std::string expected =
      "a non-empty list of numbers" + bound + ", or {\"from\": a, \"to\": b, \"points\": n} (optional \"log\": true)";
  if (value.is_array()) {
    if (value.empty()) throw ConfigError("", path, expected, "[]");
    for (std::size_t i = 0; i < value.size(); ++i)
      if (!in_range(value[i]))
        throw ConfigError("", path + "/" + std::to_string(i), "a number" + bound, short_json(value[i]));
    return;
  }
  if (!value.is_object()) throw ConfigError("", path, expected, short_json(value));
  for (auto it = value.begin(); it != value.end(); ++it)
    if (it.key() != "from" && it.key() != "to" && it.key() != "points" && it.key() != "log")
      throw ConfigError("", path + "/" + it.key(), "one of the keys from, to, points, log",
                        "unknown key \"" + it.key() + "\"");
  for (const char* key : {"from", "to"}) {
    if (!value.contains(key) || !in_range(value[key]))
      throw ConfigError("", path + "/" + key, "a number" + bound,
                        value.contains(key) ? short_json(value[key]) : "nothing");
  }
  if (!value.contains("points") || !is_integral(value["points"]) || value["points"].get<double>() < 1 ||
      value["points"].get<double>() > kMaxGridPoints)
    throw ConfigError("", path + "/points", "an integer in [1, 100000000]",
                      value.contains("points") ? short_json(value["points"]) : "nothing");
  if (value.contains("log") && !value["log"].is_boolean())
    throw ConfigError("", path + "/log", "true or false", short_json(value["log"]));
}

std::size_t grid_size(const json& value) {
  if (value.is_array()) return value.size();
  if (value.is_object() && value.contains("points") && value["points"].is_number())
    return static_cast<std::size_t>(std::max(0.0, value["points"].get<double>()));
  return 0;
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
