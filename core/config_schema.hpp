// A config schema, declared once per experiment kind: the whole config tree (nested objects, lists of objects,
// tagged variants, number-or-object values), each node with its type, default, range, choices, one-line help
// and GUI hints. It drives validation (unknown keys with a did-you-mean, wrong types, out-of-range values,
// list lengths, unknown variant tags: each a ConfigError naming the full JSON path), the defaults written into
// the resolved config and summary.json, `arbiter describe`, the GUI's controls and anything else that walks
// the tree (Param::children, Schema::visit).
#pragma once
#include <cstddef>
#include <functional>
#include <limits>
#include <list>
#include <optional>
#include <string>
#include <vector>
#include <nlohmann/json.hpp>

namespace arbiter::core {

enum class ParamType {
  number, integer, boolean, string, number_list, integer_list, string_list, object, any,
  list,     // a list of nodes (objects, variants, ...): Param::element() describes each entry
  variant,  // an object whose tag key (e.g. "name") picks one of several alternative objects
  either    // one of several forms told apart by JSON type (a number > 0 or a schedule object)
};

// One node of the config tree. Declared through Schema (full JSON pointers, e.g. "/agent/alpha") or, for
// the keys of a nested object, a list element or a variant alternative, through the node's own methods
// (relative keys). A node is a value: copy it to reuse a sub-schema (Schema::node / Param::node insert it).
struct Param {
  std::string path;                 // where it sits: "/agent/alpha"; "/agents/*/alpha" inside a list's entries
  std::string key;                  // its key in the parent object ("" for a list entry or a variant's form)
  ParamType type = ParamType::any;
  nlohmann::json default_value;     // null: the key is required (unless optional)
  std::optional<double> min, max;   // numeric bounds (also each element of a list)
  bool min_exclusive = false, max_exclusive = false;
  std::vector<std::string> choices; // allowed values of a string (or of each element of a string list)
  std::string help;
  std::string title;                // GUI hint: a short label for controls ("step size alpha"); "" = the key
  bool open = false;                // object whose inner keys the kind checks itself
  bool non_empty = false;           // lists: at least one element
  bool log_scale = false;           // GUI hint: a log-scale slider
  bool live = false;                // GUI hint: can change while the experiment runs
  bool optional_key = false;        // absent stays absent (no default, not required)
  bool implicit = false;            // an object made only to hold keys declared by a longer path
  bool flat = false;                // declared on the Schema with a full path
  // list: entries allowed (inclusive)
  std::size_t min_items = 0, max_items = std::numeric_limits<std::size_t>::max();
  std::string tag;                  // variant: the key whose value picks the alternative
  std::list<Param> members;         // object: its keys; list: its one element node; variant/either: the forms
  // Extra check on a present value, after the node's own checks and with its inner defaults filled in;
  // throws ConfigError("", path, expected, got) when it fails.
  std::function<void(const nlohmann::json& value, const std::string& path)> check;

  // A free-standing node (to declare once and insert where it is used with node()); an object's default is {}.
  static Param make(ParamType type, nlohmann::json dflt, std::string h);

  // Refining a node (fluent).
  Param& greater_than(double v) { min = v; min_exclusive = true; return *this; }
  Param& at_least(double v) { min = v; min_exclusive = false; return *this; }
  Param& less_than(double v) { max = v; max_exclusive = true; return *this; }
  Param& at_most(double v) { max = v; max_exclusive = false; return *this; }
  Param& one_of(std::vector<std::string> c) { choices = std::move(c); return *this; }
  Param& required() { default_value = nullptr; optional_key = false; return *this; }
  Param& optional() { default_value = nullptr; optional_key = true; return *this; }
  Param& nonempty() { non_empty = true; return *this; }
  Param& log() { log_scale = true; return *this; }
  Param& live_control() { live = true; return *this; }
  Param& titled(std::string t) { title = std::move(t); return *this; }
  Param& validate_with(std::function<void(const nlohmann::json&, const std::string&)> f) {
    check = std::move(f);
    return *this;
  }

  // Declaring the keys of an object node (this node, or the object form of an `either`).
  Param& add(std::string k, ParamType type, nlohmann::json dflt, std::string h);
  Param& number(std::string k, nlohmann::json dflt, std::string h) {
    return add(std::move(k), ParamType::number, std::move(dflt), std::move(h));
  }
  Param& integer(std::string k, nlohmann::json dflt, std::string h) {
    return add(std::move(k), ParamType::integer, std::move(dflt), std::move(h));
  }
  Param& boolean(std::string k, nlohmann::json dflt, std::string h) {
    return add(std::move(k), ParamType::boolean, std::move(dflt), std::move(h));
  }
  Param& string(std::string k, nlohmann::json dflt, std::string h) {
    return add(std::move(k), ParamType::string, std::move(dflt), std::move(h));
  }
  // A nested object (absent: its keys take their defaults).
  Param& object(std::string k, std::string h);
  // A list of between min_items and max_items entries (required; set default_value for a default list).
  // Refine its entries through element() (an object) or variant(tag).
  Param& list(std::string k, std::string h, std::size_t min_items = 0,
              std::size_t max_items = std::numeric_limits<std::size_t>::max());
  // Inserts a copy of a prepared node under key `key` (a reusable sub-schema); returns the copy.
  Param& node(std::string k, const Param& prepared);

  // list: the node describing each entry (an object until variant() makes it one).
  Param& element();
  const Param& element() const;
  // list: each entry is a copy of `prepared` (a reusable sub-schema); returns the entry node.
  Param& element(const Param& prepared);
  // list: makes each entry a variant picked by `tag`, returns the entry node; variant: returns itself.
  Param& variant(std::string tag_key);
  // variant: declares (or returns) the alternative chosen by tag value `name`; its keys are declared on it.
  Param& alternative(const std::string& name, std::string h = "");
  // either: the form for one JSON type (number, integer, boolean, string, *_list, object), declared on demand.
  Param& form(ParamType t, std::string h = "");

  // Walking the tree.
  const std::list<Param>& children() const { return members; }  // object keys / list element / forms
  const Param* child(const std::string& name) const;          // object key, alternative or form by name
  Param* child(const std::string& name);
  void remove(const std::string& k);
  bool is_nested() const;  // object with declared keys, list, variant or either
  bool is_required() const { return default_value.is_null() && !optional_key; }

  // Checks a present value at `path` (a JSON pointer used in messages) and returns it with every default
  // inside filled in. Throws ConfigError (file left empty) at the first problem.
  nlohmann::json resolve(const nlohmann::json& value, const std::string& at) const;
  // The value filled in when the key is absent (null if none: optional or required).
  nlohmann::json default_instance() const;
  // A valid example value: the default, or for a required node the smallest value the schema accepts
  // (a list's minimum number of example entries, a variant's first alternative, a number in range).
  nlohmann::json example() const;

  // "a number > 0", "an integer in [1, 100]", "one of \"a\", \"b\"", ...
  std::string expectation() const;
  // "number", "list of 1 to 8", "variant by \"name\"", ...
  std::string type_text() const;
};

class Schema {
 public:
  // Declares a parameter at a JSON pointer; objects on the way are made implicitly. The returned reference
  // refines it (range, choices, hints, nested keys) and stays valid while more is declared.
  Param& add(std::string path, ParamType type, nlohmann::json default_value, std::string help);
  Param& number(std::string path, nlohmann::json dflt, std::string help) {
    return add(std::move(path), ParamType::number, std::move(dflt), std::move(help));
  }
  Param& integer(std::string path, nlohmann::json dflt, std::string help) {
    return add(std::move(path), ParamType::integer, std::move(dflt), std::move(help));
  }
  Param& boolean(std::string path, nlohmann::json dflt, std::string help) {
    return add(std::move(path), ParamType::boolean, std::move(dflt), std::move(help));
  }
  Param& string(std::string path, nlohmann::json dflt, std::string help) {
    return add(std::move(path), ParamType::string, std::move(dflt), std::move(help));
  }
  Param& object(std::string path, std::string help);
  Param& list(std::string path, std::string help, std::size_t min_items = 0,
              std::size_t max_items = std::numeric_limits<std::size_t>::max());
  Param& node(std::string path, const Param& prepared);

  // The nodes declared with a full path, in declaration order (nested keys are their children).
  class ParamList {
   public:
    struct iterator {
      std::vector<const Param*>::const_iterator it;
      const Param& operator*() const { return **it; }
      const Param* operator->() const { return *it; }
      iterator& operator++() { ++it; return *this; }
      bool operator!=(const iterator& o) const { return it != o.it; }
      bool operator==(const iterator& o) const { return it == o.it; }
    };
    explicit ParamList(const std::vector<const Param*>& v) : v_(v) {}
    iterator begin() const { return {v_.begin()}; }
    iterator end() const { return {v_.end()}; }
    std::size_t size() const { return v_.size(); }
    bool empty() const { return v_.empty(); }

   private:
    const std::vector<const Param*>& v_;
  };
  ParamList params() const { return ParamList(declared_); }
  // The node declared at a JSON pointer (through objects, and through a variant to the key of the first
  // alternative that declares it; not into lists; nullptr for an implicit object or none).
  const Param* find(const std::string& path) const;
  // The root object (its members are the top-level keys, implicit objects included).
  const Param& root() const { return root_; }

  // Visits every node below the root, depth first, with its depth (0 at the top level); list entries,
  // variant alternatives and either-forms are visited as children of their node.
  void visit(const std::function<void(const Param& node, int depth)>& f) const;

  // Checks `config` (an object) against the schema and returns it with every default filled in. Keys
  // "/kind", "/seed", "/description" and "/sweep" are common to all kinds and always allowed.
  // Throws ConfigError (file left empty; callers add it with in_file) at the first problem.
  nlohmann::json resolve(const nlohmann::json& config) const;
  nlohmann::json defaults() const;
  // A human-readable listing: per parameter its path, help, type, range and default; nested nodes list
  // their keys indented below them (per variant alternative).
  std::string describe() const;

  Schema();
  Schema(const Schema& other);
  Schema& operator=(const Schema& other);
  Schema(Schema&&) = default;
  Schema& operator=(Schema&&) = default;

 private:
  Param& place(const std::string& path, bool make_implicit);
  void reindex();

  Param root_;
  std::vector<const Param*> declared_;
};

// The JSON value as a short string for messages ("-1", "\"abc\"", "[1, 2, ...]").
std::string short_json(const nlohmann::json& value);
// Reads a list of temperatures (or any grid): either a JSON list of numbers, or
// {"from": a, "to": b, "points": n} (linear) or {"from": a, "to": b, "points": n, "log": true}.
std::vector<double> read_grid(const nlohmann::json& value, const std::string& path);
// The number of values read_grid gives for a value check_grid accepted, without making them.
std::size_t grid_size(const nlohmann::json& value);
// The most points a {"from", "to", "points"} grid may have.
inline constexpr double kMaxGridPoints = 1e8;
// Schema check for read_grid's format: every value > lower_exclusive, finite and <= upper, and at most
// kMaxGridPoints points.
void check_grid(const nlohmann::json& value, const std::string& path, double lower_exclusive,
                double upper = std::numeric_limits<double>::infinity());

}  // namespace arbiter::core
