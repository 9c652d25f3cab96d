#include "experiments/config_loader.hpp"

#include <filesystem>
#include <fstream>
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

}  // namespace

json read_json_file(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    const bool exists = std::filesystem::exists(file);
    throw ConfigError(file + ": " + (exists ? "cannot read the file (permissions?)" : "no such file"));
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  try {
    return json::parse(text);
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
    value = json::parse(text);
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
