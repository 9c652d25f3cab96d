// How the mutations are made: a walk of the schema tree beside the base config's values (list entries at
// index 0, the variant alternative and the either-form the base holds), collecting one change per probe.
#include "tests/reliability/config_mutations.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace arbiter::fuzz {

using json = nlohmann::json;
using core::Param;
using core::ParamType;

namespace {

constexpr double kMaxSafeInteger = 9007199254740991.0;  // 2^53 - 1: the largest integer a config may hold
constexpr std::size_t kLongNumberList = 10000;
constexpr std::size_t kLongObjectList = 1000;

std::string token(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

std::string shown(const json& v) {
  std::string s = v.dump();
  if (s.size() > 40) s = s.substr(0, 37) + "...";
  return s;
}

json nested_lists(std::size_t depth) {
  json v = json::array();
  for (std::size_t i = 1; i < depth; ++i) v = json::array({v});
  return v;
}

bool is_numeric(ParamType t) { return t == ParamType::number || t == ParamType::integer; }

class Walker {
 public:
  explicit Walker(std::vector<Mutation>& out) : out_(out) {}

  void set(const std::string& path, json value, std::string note = "") {
    if (note.empty()) note = "= " + shown(value);
    out_.push_back(Mutation{path, false, std::move(value), std::move(note)});
  }
  void erase(const std::string& path) { out_.push_back(Mutation{path, true, nullptr, "deleted"}); }

  // The keys of an object node (or a variant alternative) whose value in the base is `value`.
  void members(const Param& node, const std::string& path, const json& value) {
    for (const Param& m : node.children()) {
      const std::string p = path + "/" + token(m.key);
      if (value.is_object() && value.contains(m.key)) {
        present(m, p, value.at(m.key));
      } else {
        // An optional key the base leaves out: its example, then its values as if present.
        const json e = m.example();
        if (e.is_null()) continue;
        set(p, e, "= " + shown(e) + " (added)");
        shape(m, p, e);
      }
    }
    if (!node.open && node.type != ParamType::any) set(path + "/no_such_key", 1);
  }

  // A node the base holds: deleted, null, a value of the wrong type, then the probes of its type.
  void present(const Param& node, const std::string& path, const json& value) {
    if (node.implicit) {
      members(node, path, value);
      return;
    }
    erase(path);
    set(path, nullptr);
    set(path, node.type == ParamType::object || node.type == ParamType::variant ? json(1) : json::object());
    shape(node, path, value);
  }

  // The probes of a node's type at `path`, the base holding `value` there.
  void shape(const Param& node, const std::string& path, const json& value) {
    switch (node.type) {
      case ParamType::number:
      case ParamType::integer:
        for (const json& v : numeric_probes(node)) set(path, v);
        for (const json& v : {json("NaN"), json("inf"), json("1"), json(true), json::array({1})}) set(path, v);
        break;
      case ParamType::boolean:
        set(path, 1);
        set(path, "true");
        break;
      case ParamType::string:
        set(path, node.choices.empty() ? json("") : json("no-such-choice"));
        set(path, "/nonexistent-arbiter-fuzz/file.csv");
        set(path, 1);
        break;
      case ParamType::number_list:
      case ParamType::integer_list: {
        set(path, json::array());
        set(path, json::array({"x"}));
        Param one = node;
        one.type = node.type == ParamType::integer_list ? ParamType::integer : ParamType::number;
        const bool has_first = value.is_array() && !value.empty();
        for (const json& v : numeric_probes(one)) {
          if (has_first) set(path + "/0", v);
          else set(path, json::array({v}));
        }
        const json first = has_first ? value.at(0) : one.example();
        set(path, json(std::vector<json>(kLongNumberList, first)), "= " + std::to_string(kLongNumberList) + " entries");
        break;
      }
      case ParamType::string_list:
        set(path, json::array());
        set(path, json::array({node.choices.empty() ? json("") : json("no-such-choice")}));
        set(path, json::array({1}));
        break;
      case ParamType::list: {
        set(path, json::array());
        set(path, json::array({1}));
        if (node.children().empty()) break;
        const Param& element = node.element();
        const json first = value.is_array() && !value.empty() ? value.at(0) : element.example();
        const std::size_t too_many =
            node.max_items < kLongObjectList ? node.max_items + 1 : kLongObjectList;
        set(path, json(std::vector<json>(too_many, first)), "= " + std::to_string(too_many) + " entries");
        if (value.is_array() && !value.empty()) present(element, path + "/0", value.at(0));
        break;
      }
      case ParamType::variant: {
        const std::string tag_path = path + "/" + token(node.tag);
        set(tag_path, "no-such-alternative");
        erase(tag_path);
        const std::string current =
            value.is_object() && value.contains(node.tag) && value.at(node.tag).is_string()
                ? value.at(node.tag).get<std::string>() : "";
        for (const Param& alt : node.children()) {
          if (alt.key == current) {
            members(alt, path, value);
            continue;
          }
          json e = alt.example();
          e[node.tag] = alt.key;
          set(path, e, "-> " + alt.key);
        }
        break;
      }
      case ParamType::either:
        for (const Param& form : node.children()) {
          const bool matches = (form.type == ParamType::object && value.is_object()) ||
                               (is_numeric(form.type) && value.is_number()) ||
                               (form.type == ParamType::boolean && value.is_boolean()) ||
                               (form.type == ParamType::string && value.is_string());
          if (matches) {
            shape(form, path, value);
          } else {
            const json e = form.example();
            if (!e.is_null()) set(path, e, "-> " + shown(e));
          }
        }
        break;
      case ParamType::object:
        if (!node.open) members(node, path, value);
        break;
      case ParamType::any:
        set(path, 1);
        set(path, json::array());
        set(path, "x");
        undeclared(path, value);
        break;
    }
  }

  // Inside a value the schema does not describe (an `any` node, checked by the kind): its numbers at
  // extreme magnitudes and sizes, wherever they are.
  void undeclared(const std::string& path, const json& value) {
    if (value.is_number()) {
      for (const json& v : {json(0), json(-1), json(1e308), json(5e-324), json(1e9), json(9007199254740991LL)})
        set(path, v);
    } else if (value.is_object()) {
      for (auto it = value.begin(); it != value.end(); ++it) undeclared(path + "/" + token(it.key()), it.value());
    } else if (value.is_array() && !value.empty()) {
      undeclared(path + "/0", value.at(0));
    }
  }

 private:
  std::vector<Mutation>& out_;
};

}  // namespace

json Mutation::apply(const json& base) const {
  json out = base;
  if (path.empty()) return value;
  const json::json_pointer ptr(path);
  if (erase) {
    const json::json_pointer parent = ptr.parent_pointer();
    if (!out.contains(parent)) return out;  // a key under an optional object the config leaves out: nothing to erase
    json& holder = out.at(parent);
    if (holder.is_object()) holder.erase(ptr.back());
    else if (holder.is_array()) holder.erase(static_cast<std::size_t>(std::stoul(ptr.back())));
    return out;
  }
  out[ptr] = value;
  return out;
}

std::string Mutation::describe() const { return (path.empty() ? std::string("/") : path) + " " + note; }

std::vector<json> numeric_probes(const Param& node) {
  const bool integer = node.type == ParamType::integer;
  std::vector<double> xs = {0.0, -1.0, 1.0};
  if (integer) {
    xs.insert(xs.end(), {2.0, 1000.0, 1e6, 2147483648.0, kMaxSafeInteger, -kMaxSafeInteger, 0.5});
  } else {
    xs.insert(xs.end(), {5e-324, 1e-300, -1e-300, 1e-12, 1e6, 1e15, 1e308, -1e308,
                         std::numeric_limits<double>::max()});
  }
  const auto below = [&](double b) { return integer ? b - 1.0 : std::nextafter(b, -HUGE_VAL); };
  const auto above = [&](double b) { return integer ? b + 1.0 : std::nextafter(b, HUGE_VAL); };
  if (node.min) {
    xs.push_back(*node.min);                                           // outside when exclusive
    xs.push_back(node.min_exclusive ? above(*node.min) : below(*node.min));  // just inside / just outside
  }
  if (node.max) {
    xs.push_back(*node.max);
    xs.push_back(node.max_exclusive ? below(*node.max) : above(*node.max));
  }
  std::vector<json> out;
  for (double x : xs) {
    if (!std::isfinite(x)) continue;
    json v = integer && std::fabs(x) <= kMaxSafeInteger && x == std::floor(x) ? json(static_cast<std::int64_t>(x))
                                                                               : json(x);
    if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(std::move(v));
  }
  return out;
}

std::vector<Mutation> schema_mutations(const core::Schema& schema, const json& base) {
  std::vector<Mutation> out;
  Walker walk(out);
  walk.members(schema.root(), "", base);
  walk.set("/kind", "no.such.kind");
  walk.erase("/kind");
  for (const json& s : {json(-1), json(1e308), json("1"), json(std::numeric_limits<std::uint64_t>::max())})
    walk.set("/seed", s);
  walk.set("/description", 1);
  if (!schema.root().children().empty()) {
    const std::string first = "/" + token(schema.root().children().front().key);
    walk.set(first, nested_lists(100), "= 100 nested lists");
  }
  return out;
}

}  // namespace arbiter::fuzz
