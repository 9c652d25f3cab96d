// A config schema, declared once per experiment kind: each parameter's JSON path, type, default, range and
// one-line help. It drives validation (unknown keys, wrong types, out-of-range values, each a ConfigError
// naming the JSON path), the defaults written into the resolved config and summary.json, `arbiter list`
// and `arbiter describe`, and the GUI's controls.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>
#include <nlohmann/json.hpp>

namespace arbiter::core {

enum class ParamType { number, integer, boolean, string, number_list, integer_list, string_list, object, any };

struct Param {
  std::string path;                 // JSON pointer, e.g. "/agent/alpha"
  ParamType type = ParamType::any;
  nlohmann::json default_value;     // null: the key is required
  std::optional<double> min, max;   // numeric bounds (also each element of a list)
  bool min_exclusive = false, max_exclusive = false;
  std::vector<std::string> choices; // allowed values of a string (or of each element of a string list)
  std::string help;
  bool open = false;                // object whose inner keys the kind checks itself
  bool non_empty = false;           // lists: at least one element
  bool log_scale = false;           // GUI hint: a log-scale slider
  bool live = false;                // GUI hint: can change while the experiment runs
  // Extra check on a present value; throws ConfigError("", path, expected, got) when it fails.
  std::function<void(const nlohmann::json& value, const std::string& path)> check;

  Param& greater_than(double v) { min = v; min_exclusive = true; return *this; }
  Param& at_least(double v) { min = v; min_exclusive = false; return *this; }
  Param& less_than(double v) { max = v; max_exclusive = true; return *this; }
  Param& at_most(double v) { max = v; max_exclusive = false; return *this; }
  Param& one_of(std::vector<std::string> c) { choices = std::move(c); return *this; }
  Param& required() { default_value = nullptr; return *this; }
  Param& nonempty() { non_empty = true; return *this; }
  Param& log() { log_scale = true; return *this; }
  Param& live_control() { live = true; return *this; }
  Param& validate_with(std::function<void(const nlohmann::json&, const std::string&)> f) {
    check = std::move(f);
    return *this;
  }

  // "a number > 0", "an integer in [1, 100]", "one of \"a\", \"b\"", ...
  std::string expectation() const;
};

class Schema {
 public:
  // Declares a parameter; the returned reference refines it (range, choices, hints).
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

  const std::vector<Param>& params() const { return params_; }
  const Param* find(const std::string& path) const;

  // Checks `config` (an object) against the schema and returns it with every default filled in. Keys
  // "/kind", "/seed", "/description" and "/sweep" are common to all kinds and always allowed.
  // Throws ConfigError (file left empty; callers add it with in_file) at the first problem.
  nlohmann::json resolve(const nlohmann::json& config) const;
  nlohmann::json defaults() const;
  // A human-readable listing: one line per parameter with type, default and help.
  std::string describe() const;

 private:
  std::vector<Param> params_;
};

// The JSON value as a short string for messages ("-1", "\"abc\"", "[1, 2, ...]").
std::string short_json(const nlohmann::json& value);
// Reads a list of temperatures (or any grid): either a JSON list of numbers, or
// {"from": a, "to": b, "points": n} (linear) or {"from": a, "to": b, "points": n, "log": true}.
std::vector<double> read_grid(const nlohmann::json& value, const std::string& path);
// Schema check for read_grid's format, with every value > lower_exclusive.
void check_grid(const nlohmann::json& value, const std::string& path, double lower_exclusive);

}  // namespace arbiter::core
