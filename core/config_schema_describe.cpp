// Describing schema nodes in words: what a value must be (expectation, for messages), the node's type
// (type_text), a valid example value, and the indented listing of a whole schema (`arbiter describe`).
#include <algorithm>
#include <sstream>

#include "core/config_schema.hpp"
#include "core/config_schema_detail.hpp"

namespace arbiter::core {

using json = nlohmann::json;
using schema_detail::format_bound;

namespace {

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
    case ParamType::list: return "a list";
    case ParamType::variant: return "an object";
    case ParamType::either: return "a value";
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
    case ParamType::list: return "list";
    case ParamType::variant: return "variant";
    case ParamType::either: return "either";
    case ParamType::any: return "any";
  }
  return "any";
}

std::string quoted_list(const std::vector<std::string>& names) {
  std::string e;
  for (std::size_t i = 0; i < names.size(); ++i) e += (i ? ", \"" : "\"") + names[i] + "\"";
  return e;
}

std::string count_phrase(std::size_t lo, std::size_t hi) {
  const bool bounded = hi != std::numeric_limits<std::size_t>::max();
  if (!bounded) return lo == 0 ? "a list" : lo == 1 ? "a non-empty list" : "a list of at least " + std::to_string(lo);
  if (lo == hi) return "a list of exactly " + std::to_string(lo);
  if (lo == 0) return "a list of at most " + std::to_string(hi);
  return "a list of " + std::to_string(lo) + " to " + std::to_string(hi);
}

}  // namespace

std::string Param::expectation() const {
  switch (type) {
    case ParamType::object: {
      if (members.empty() || open) return "an object";
      std::string keys;
      for (const auto& m : members) keys += (keys.empty() ? "" : ", ") + m.key;
      return "an object {" + keys + "}";
    }
    case ParamType::variant: {
      std::vector<std::string> names;
      for (const auto& m : members) names.push_back(m.key);
      return "an object with \"" + tag + "\": one of " + quoted_list(names);
    }
    case ParamType::list: {
      std::string e = count_phrase(min_items, max_items);
      if (members.empty()) return e;
      return e + (e == "a list" || e == "a non-empty list" ? " of entries" : " entries") + ", each " +
             members.front().expectation();
    }
    case ParamType::either: {
      std::string e;
      for (const auto& m : members) e += (e.empty() ? "" : " or ") + m.expectation();
      return e.empty() ? "a value" : e;
    }
    default:
      break;
  }
  std::string e = type_phrase(type);
  if (!choices.empty()) return (type == ParamType::string_list ? "a list of strings, each one of " : "one of ") + quoted_list(choices);
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

std::string Param::type_text() const {
  switch (type) {
    case ParamType::list: {
      const std::string c = count_phrase(min_items, max_items);
      return "list" + (c == "a list" ? std::string() : c.substr(c.find("list") + 4));
    }
    case ParamType::variant: return "variant by \"" + tag + "\"";
    case ParamType::either: {
      std::string e;
      for (const auto& m : members) e += (e.empty() ? "" : " or ") + type_name(m.type);
      return e.empty() ? "any" : e;
    }
    default: return type_name(type);
  }
}

json Param::example() const {
  // An object is built key by key, so a required key inside gets an example value too.
  const bool keyed_object = type == ParamType::object && !open && !members.empty();
  if (!default_value.is_null() && !keyed_object) return default_instance();
  switch (type) {
    case ParamType::number:
    case ParamType::integer: {
      double x = 1.0;
      if (min && max) x = (*min + *max) / 2.0;
      else if (min) x = *min + 1.0;
      else if (max) x = *max - 1.0;
      if (type == ParamType::integer) return static_cast<std::int64_t>(std::llround(x));
      return x;
    }
    case ParamType::boolean: return false;
    case ParamType::string: return choices.empty() ? json("") : json(choices.front());
    case ParamType::number_list:
    case ParamType::integer_list: {
      Param one = *this;
      one.type = type == ParamType::integer_list ? ParamType::integer : ParamType::number;
      return json::array({one.example()});
    }
    case ParamType::string_list: return json::array({choices.empty() ? json("") : json(choices.front())});
    case ParamType::object: {
      json out = json::object();
      for (const auto& m : members) {
        if (m.optional_key) continue;
        out[m.key] = m.example();
      }
      return out;
    }
    case ParamType::list: {
      json out = json::array();
      if (!members.empty())
        for (std::size_t i = 0; i < std::max<std::size_t>(min_items, 1) && i < max_items; ++i)
          out.push_back(members.front().example());
      return out;
    }
    case ParamType::variant: {
      if (members.empty()) return json::object();
      json out = members.front().example();
      out[tag] = members.front().key;
      return out;
    }
    case ParamType::either: return members.empty() ? json(nullptr) : members.front().example();
    case ParamType::any: return json::object();
  }
  return nullptr;
}

namespace {

struct Row {
  int indent = 0;
  std::string name, help, detail;
};

std::string default_text(const Param& p) {
  if (p.optional_key) return "optional";
  if (p.default_value.is_null()) return "required";
  if (p.type == ParamType::object && p.is_nested()) return "defaults below";
  if (p.is_nested() && p.type != ParamType::either) return "default " + short_json(p.default_instance());
  return "default " + short_json(p.default_value);
}

std::string detail_of(const Param& p) {
  std::string d = p.type_text() + "; " + p.expectation() + "; " + default_text(p);
  if (p.log_scale) d += "; log scale";
  if (p.live) d += "; live";
  return d;
}

void rows_of(const Param& p, const std::string& name, int indent, std::vector<Row>& rows) {
  rows.push_back({indent, name, p.help, detail_of(p)});
  const auto keys_of = [&](const Param& object, int in) {
    for (const auto& m : object.members)
      if (!m.flat) rows_of(m, m.key, in, rows);
  };
  switch (p.type) {
    case ParamType::object:
      if (!p.open) keys_of(p, indent + 2);
      break;
    case ParamType::list:
      if (!p.members.empty()) rows_of(p.members.front(), "*", indent + 2, rows);
      break;
    case ParamType::variant:
      for (const auto& alt : p.members) {
        rows.push_back({indent + 2, p.tag + " = \"" + alt.key + "\"", alt.help, ""});
        keys_of(alt, indent + 4);
      }
      break;
    case ParamType::either:
      for (const auto& form : p.members) {
        rows.push_back({indent + 2, "(" + type_name(form.type) + ")", form.help, form.expectation()});
        if (form.type == ParamType::object) keys_of(form, indent + 4);
      }
      break;
    default:
      break;
  }
}

}  // namespace

std::string Schema::describe() const {
  std::vector<Row> rows;
  for (const Param* p : declared_) rows_of(*p, p->path, 0, rows);
  std::size_t width = 0;
  for (const auto& r : rows) width = std::max(width, r.indent + r.name.size());
  std::ostringstream s;
  for (const auto& r : rows) {
    s << "  " << std::string(static_cast<std::size_t>(r.indent), ' ') << r.name
      << std::string(width - r.indent - r.name.size() + 2, ' ') << r.help << "\n";
    if (!r.detail.empty()) s << "  " << std::string(width + 2, ' ') << r.detail << "\n";
  }
  return s.str();
}

}  // namespace arbiter::core
