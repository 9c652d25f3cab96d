#include "experiments/config_loader.hpp"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "core/config_error.hpp"

namespace arbiter::experiments {

using json = nlohmann::json;
using core::ConfigError;

namespace {

// "LINE:COLUMN" of a byte offset (1-based, as nlohmann reports it).
std::string line_and_column(const std::string& text, std::size_t byte) {
  std::size_t line = 1, col = 1;
  for (std::size_t i = 0; i + 1 < byte && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return std::to_string(line) + ":" + std::to_string(col);
}

// nlohmann's message without its "[json.exception...]" prefix; a number too large for a double says so.
std::string parse_message(const json::exception& e) {
  std::string what = e.what();
  if (what.find("number overflow") != std::string::npos) {
    const auto q = what.find('\'');
    return "a number too large for a double" + (q == std::string::npos ? std::string() : " (" + what.substr(q) + ")");
  }
  const auto start = what.find("] ");
  return start == std::string::npos ? what : what.substr(start + 2);
}

// "~" and "/" escaped as a JSON pointer token.
std::string pointer_token(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

// nlohmann's DOM builder, fed by its SAX parser, with two checks made while the text is read (before any
// recursive walk of the tree): nesting no deeper than kMaxJsonDepth, and no key twice in one object.
// nlohmann calls these members by name (sax_parse is a template), so hiding the base's members suffices.
class CheckedDomBuilder : public nlohmann::detail::json_sax_dom_parser<json> {
  using Base = nlohmann::detail::json_sax_dom_parser<json>;

 public:
  CheckedDomBuilder(json& result, const std::string& file, const std::string& prefix)
      : Base(result, true), file_(file), prefix_(prefix) {}

  bool null() { return element(), Base::null(); }
  bool boolean(bool v) { return element(), Base::boolean(v); }
  bool number_integer(json::number_integer_t v) { return element(), Base::number_integer(v); }
  bool number_unsigned(json::number_unsigned_t v) { return element(), Base::number_unsigned(v); }
  bool number_float(json::number_float_t v, const std::string& s) { return element(), Base::number_float(v, s); }
  bool string(std::string& v) { return element(), Base::string(v); }
  bool binary(json::binary_t& v) { return element(), Base::binary(v); }
  bool start_object(std::size_t n) { return open(false), Base::start_object(n); }
  bool start_array(std::size_t n) { return open(true), Base::start_array(n); }
  bool end_object() { return frames_.pop_back(), Base::end_object(); }
  bool end_array() { return frames_.pop_back(), Base::end_array(); }
  bool key(std::string& k) {
    Frame& f = frames_.back();
    f.key = pointer_token(k);
    if (!f.keys.insert(k).second)
      throw ConfigError(file_, path(), "each key once in an object", "\"" + k + "\" a second time");
    return Base::key(k);
  }

 private:
  struct Frame {
    bool array = false;
    std::size_t next = 0;     // arrays: elements seen so far
    std::string key;          // objects: the current key (escaped)
    std::set<std::string> keys;
  };

  void element() {
    if (!frames_.empty() && frames_.back().array) ++frames_.back().next;
  }
  void open(bool array) {
    element();
    if (frames_.size() >= kMaxJsonDepth)
      throw ConfigError(file_, path().empty() ? "/" : path(),
                        "lists and objects nested at most " + std::to_string(kMaxJsonDepth) + " deep",
                        "deeper nesting");
    frames_.push_back(Frame{array, 0, {}, {}});
  }
  std::string path() const {
    std::string out = prefix_;
    for (const Frame& f : frames_) out += "/" + (f.array ? std::to_string(f.next - 1) : f.key);
    return out;
  }

  std::string file_, prefix_;
  std::vector<Frame> frames_;
};

// True when `path` names one of the kind's controls: a key its schema declares (as `arbiter describe` lists
// it: "/temperatures", "/population/consumers") or a group of them ("/population").
bool names_control(const core::Schema& schema, const std::string& path) {
  if (path.size() < 2 || path[0] != '/') return false;
  if (schema.find(path) != nullptr) return true;
  for (const auto& p : schema.params())
    if (p.path.compare(0, path.size() + 1, path + "/") == 0) return true;
  return false;
}

// A classroom preset's "lesson": {"title": a string, "prompts": [strings, at least one], "controls": [the
// kind's keys a class sees], "reveal": {"series": [names], "at_prompt": a prompt's index}}, read by the GUI's
// lesson band and class mode (the runner ignores it, as it does "description").
void check_lesson(const json& lesson, const core::Schema& schema, const std::string& kind) {
  if (!lesson.is_object()) throw ConfigError("", "/lesson", "an object {title, prompts}", core::short_json(lesson));
  static const std::set<std::string> keys{"title", "prompts", "controls", "reveal"};
  for (auto it = lesson.begin(); it != lesson.end(); ++it)
    if (!keys.count(it.key()))
      throw ConfigError("", "/lesson/" + it.key(), "\"title\", \"prompts\", \"controls\" or \"reveal\"",
                        "unknown key \"" + it.key() + "\"");
  if (!lesson.contains("title") || !lesson["title"].is_string() || lesson["title"].get<std::string>().empty())
    throw ConfigError("", "/lesson/title", "the lesson's title, a non-empty string",
                      lesson.contains("title") ? core::short_json(lesson["title"]) : "nothing");
  const json* prompts = lesson.contains("prompts") ? &lesson["prompts"] : nullptr;
  if (!prompts || !prompts->is_array() || prompts->empty())
    throw ConfigError("", "/lesson/prompts", "a list of at least one prompt (strings)",
                      prompts ? core::short_json(*prompts) : "nothing");
  for (std::size_t i = 0; i < prompts->size(); ++i)
    if (!(*prompts)[i].is_string())
      throw ConfigError("", "/lesson/prompts/" + std::to_string(i), "a string", core::short_json((*prompts)[i]));
  if (lesson.contains("controls")) {
    const json& controls = lesson["controls"];
    if (!controls.is_array() || controls.empty())
      throw ConfigError("", "/lesson/controls", "a list of the keys a class sees (e.g. [\"/temperatures\"])",
                        core::short_json(controls));
    for (std::size_t i = 0; i < controls.size(); ++i)
      if (!controls[i].is_string() || !names_control(schema, controls[i].get<std::string>()))
        throw ConfigError("", "/lesson/controls/" + std::to_string(i),
                          "a key of " + kind + " as `arbiter describe " + kind + "` lists it (\"/KEY\")",
                          controls[i].is_string() ? "\"" + controls[i].get<std::string>() + "\", not a key of " + kind
                                                  : core::short_json(controls[i]));
  }
  if (lesson.contains("reveal")) {
    const json& reveal = lesson["reveal"];
    if (!reveal.is_object())
      throw ConfigError("", "/lesson/reveal", "an object {series, at_prompt}", core::short_json(reveal));
    for (auto it = reveal.begin(); it != reveal.end(); ++it)
      if (it.key() != "series" && it.key() != "at_prompt")
        throw ConfigError("", "/lesson/reveal/" + it.key(), "\"series\" or \"at_prompt\"",
                          "unknown key \"" + it.key() + "\"");
    const json* series = reveal.contains("series") ? &reveal["series"] : nullptr;
    if (!series || !series->is_array() || series->empty())
      throw ConfigError("", "/lesson/reveal/series", "a list of the series hidden until revealed (legend names)",
                        series ? core::short_json(*series) : "nothing");
    for (std::size_t i = 0; i < series->size(); ++i)
      if (!(*series)[i].is_string() || (*series)[i].get<std::string>().empty())
        throw ConfigError("", "/lesson/reveal/series/" + std::to_string(i), "a series' name, a non-empty string",
                          core::short_json((*series)[i]));
    if (reveal.contains("at_prompt")) {
      const json& at = reveal["at_prompt"];
      const bool whole = at.is_number_unsigned() || (at.is_number_integer() && at.get<std::int64_t>() >= 0);
      if (!whole || at.get<std::uint64_t>() >= prompts->size())
        throw ConfigError("", "/lesson/reveal/at_prompt",
                          "the index of one of the lesson's " + std::to_string(prompts->size()) +
                              " prompts (from 0), a whole number <= " + std::to_string(prompts->size() - 1),
                          core::short_json(at));
    }
  }
}

// arbiter-gui's place in a shared state ("gui": {"lesson": a preset's file name, "prompt": a whole number >= 0,
// "tab": a lab's title}, every key optional), read by the GUI's Paste state; runs ignore it.
void check_gui(const json& gui) {
  if (!gui.is_object())
    throw ConfigError("", "/gui", "an object {lesson, prompt, tab, high_contrast}", core::short_json(gui));
  for (auto it = gui.begin(); it != gui.end(); ++it) {
    const std::string path = "/gui/" + it.key();
    if (it.key() == "prompt") {
      const json& p = it.value();
      if (!p.is_number_unsigned() && !(p.is_number_integer() && p.get<std::int64_t>() >= 0))
        throw ConfigError("", path, "the lesson's prompt index, a whole number >= 0", core::short_json(p));
    } else if (it.key() == "high_contrast") {
      if (!it.value().is_boolean()) throw ConfigError("", path, "true or false", core::short_json(it.value()));
    } else if (it.key() == "lesson" || it.key() == "tab") {
      if (!it.value().is_string() || it.value().get<std::string>().empty())
        throw ConfigError("", path, it.key() == "lesson" ? "a classroom preset's file name" : "a lab's title",
                          core::short_json(it.value()));
    } else {
      throw ConfigError("", path, "\"lesson\", \"prompt\", \"tab\" or \"high_contrast\"", "unknown key \"" + it.key() + "\"");
    }
  }
}

}  // namespace

json parse_json_text(const std::string& text, const std::string& file, const std::string& path_prefix) {
  json root;
  CheckedDomBuilder builder(root, file, path_prefix);
  json::sax_parse(text, &builder);
  return root;
}

json read_json_file(const std::string& file) {
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) throw ConfigError(file + ": is a folder, not a JSON file");
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    const bool exists = std::filesystem::exists(file, ec);
    throw ConfigError(file + ": " + (exists ? "cannot read the file (permissions?)" : "no such file"));
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  try {
    return parse_json_text(text, file);
  } catch (const json::parse_error& e) {
    // Turn the byte offset into a line and column.
    throw ConfigError(file + ":" + line_and_column(text, e.byte) + ": malformed JSON: " + parse_message(e));
  } catch (const json::exception& e) {
    throw ConfigError(file + ": malformed JSON: " + parse_message(e));
  }
}

void apply_override(json& config, const std::string& assignment, const std::string& file) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    throw ConfigError(file, "", "--set PATH=VALUE (e.g. --set /temperature=0.5)", "\"" + assignment + "\"");
  std::string path = assignment.substr(0, eq);
  if (path[0] != '/') path = "/" + path;
  const std::string text = assignment.substr(eq + 1);
  json value;
  try {
    value = parse_json_text(text, file, path);
  } catch (const json::parse_error&) {
    value = text;  // a bare word is a string
  } catch (const json::exception& e) {
    throw ConfigError(file, path, "a value that JSON can hold (--set)", parse_message(e));
  }
  try {
    config[json::json_pointer(path)] = value;
  } catch (const json::exception& e) {
    throw ConfigError(file, path, "a JSON path into the config (--set)", e.what());
  }
}

LoadedConfig resolve_config(json config, const std::string& file, const std::string& config_dir,
                            const std::vector<std::string>& overrides, std::optional<std::uint64_t> seed_override) {
  LoadedConfig out;
  out.file = file;
  out.config_dir = config_dir;
  for (const auto& o : overrides) apply_override(config, o, file);
  if (!config.is_object()) throw ConfigError(file, "", "a JSON object at the top level", core::short_json(config));
  if (!config.contains("kind") || !config["kind"].is_string())
    throw ConfigError(file, "/kind", "the experiment kind as a string (see `arbiter list`)",
                      config.contains("kind") ? core::short_json(config["kind"]) : "nothing");
  try {
    out.kind = &registry().find(config["kind"].get<std::string>());
    if (seed_override) config["seed"] = *seed_override;
    if (config.contains("seed")) {
      const json& s = config["seed"];
      if (!s.is_number_unsigned() && !(s.is_number_integer() && s.get<std::int64_t>() >= 0))
        throw ConfigError("", "/seed", "a whole number >= 0", core::short_json(s));
    } else {
      config["seed"] = 1;
    }
    if (config.contains("description") && !config["description"].is_string())
      throw ConfigError("", "/description", "a string", core::short_json(config["description"]));
    if (config.contains("lesson")) check_lesson(config["lesson"], out.kind->schema, out.kind->name);
    if (config.contains("gui")) {
      check_gui(config["gui"]);
      config.erase("gui");  // the GUI's place in a lesson: no part of the experiment
    }
    out.resolved = out.kind->schema.resolve(config);
    out.seed = out.resolved["seed"].get<std::uint64_t>();
  } catch (const ConfigError& e) {
    throw e.in_file(file);
  }
  return out;
}

LoadedConfig load_config(const std::string& file, const std::vector<std::string>& overrides,
                         std::optional<std::uint64_t> seed_override) {
  json config = read_json_file(file);
  std::string dir = std::filesystem::path(file).parent_path().string();
  if (dir.empty()) dir = ".";
  return resolve_config(std::move(config), file, dir, overrides, seed_override);
}

std::unique_ptr<Experiment> make_experiment(const LoadedConfig& cfg, int threads, const std::atomic<bool>* cancel,
                                            double slice_seconds) {
  RunContext ctx;
  ctx.slice_seconds = slice_seconds;
  ctx.seed = cfg.seed;
  ctx.threads = threads;
  ctx.cancel = cancel;
  ctx.config_dir = cfg.config_dir;
  ctx.config_file = cfg.file;
  try {
    return cfg.kind->make(cfg.resolved, ctx);
  } catch (const core::ConfigError& e) {
    throw e.in_file(cfg.file);
  }
}

}  // namespace arbiter::experiments
