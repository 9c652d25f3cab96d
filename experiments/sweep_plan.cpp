#include "experiments/sweep_plan.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>

#include "core/config_error.hpp"
#include "core/config_schema.hpp"
#include "core/parallel_for.hpp"

namespace arbiter::experiments {

using json = nlohmann::json;
using core::ConfigError;

namespace {

constexpr int kDefaultMaxRuns = 1000;

// a * b, or nullopt when it does not fit in 64 bits.
std::optional<std::uint64_t> checked_product(std::uint64_t a, std::uint64_t b) {
  std::uint64_t r = 0;
  if (__builtin_mul_overflow(a, b, &r)) return std::nullopt;
  return r;
}

// Checks a {"range"} or {"log_range"} spec and returns its number of points.
std::int64_t spaced_count(const json& spec, const std::string& file, const std::string& axis, bool geometric) {
  const char* name = geometric ? "log_range" : "range";
  const std::string expected = std::string("{\"") + name + "\": [from, to, points]} with points >= 1" +
                               (geometric ? " and from, to > 0" : "");
  if (!spec.is_array() || spec.size() != 3 || !spec[0].is_number() || !spec[1].is_number() ||
      !spec[2].is_number_integer() || spec[2].get<std::int64_t>() < 1)
    throw ConfigError(file, "/sweep", expected + " for \"" + axis + "\"", core::short_json(spec));
  const double a = spec[0].get<double>(), b = spec[1].get<double>();
  if (geometric && !(a > 0 && b > 0))
    throw ConfigError(file, "/sweep", expected + " for \"" + axis + "\"", core::short_json(spec));
  return spec[2].get<std::int64_t>();
}

std::vector<json> spaced(const json& spec, const std::string& file, const std::string& axis, bool geometric) {
  const auto n = spaced_count(spec, file, axis, geometric);
  const double a = spec[0].get<double>(), b = spec[1].get<double>();
  std::vector<json> out;
  for (std::int64_t i = 0; i < n; ++i) {
    const double t = n == 1 ? 0.0 : static_cast<double>(i) / static_cast<double>(n - 1);
    const double v = i == n - 1 && n > 1 ? b : (geometric ? a * std::pow(b / a, t) : a + (b - a) * t);
    out.emplace_back(v);
  }
  return out;
}

// How many values an axis gives, checked without building them (a range may name 10^12 points).
std::uint64_t axis_count(const json& spec, const std::string& file, const std::string& axis) {
  if (spec.is_array()) {
    if (spec.empty()) throw ConfigError(file, "/sweep", "a non-empty list of values for \"" + axis + "\"", "[]");
    return spec.size();
  }
  if (spec.is_object() && spec.size() == 1 && spec.contains("range"))
    return static_cast<std::uint64_t>(spaced_count(spec["range"], file, axis, false));
  if (spec.is_object() && spec.size() == 1 && spec.contains("log_range"))
    return static_cast<std::uint64_t>(spaced_count(spec["log_range"], file, axis, true));
  if (spec.is_object() && spec.contains("from")) {
    const json points = spec.value("points", json());
    if (!points.is_number() || !(points.get<double>() >= 0.5 && points.get<double>() < 2147483647.0))
      throw ConfigError(file, "/sweep", "at least one point (\"points\" a number >= 1) for \"" + axis + "\"",
                        core::short_json(spec));
    return static_cast<std::uint64_t>(std::llround(points.get<double>()));
  }
  throw ConfigError(file, "/sweep",
                    "a list of values, {\"range\": [a, b, n]} or {\"log_range\": [a, b, n]} for \"" + axis + "\"",
                    core::short_json(spec));
}

std::vector<json> axis_values(const json& spec, const std::string& file, const std::string& axis) {
  if (spec.is_array()) {
    if (spec.empty()) throw ConfigError(file, "/sweep", "a non-empty list of values for \"" + axis + "\"", "[]");
    return std::vector<json>(spec.begin(), spec.end());
  }
  if (spec.is_object() && spec.size() == 1 && spec.contains("range")) return spaced(spec["range"], file, axis, false);
  if (spec.is_object() && spec.size() == 1 && spec.contains("log_range"))
    return spaced(spec["log_range"], file, axis, true);
  if (spec.is_object() && spec.contains("from")) {
    std::vector<json> out;
    try {
      for (double v : core::read_grid(spec, "/sweep")) out.emplace_back(v);
    } catch (const json::exception&) {
      throw ConfigError(file, "/sweep", "numbers in {\"from\", \"to\", \"points\"} for \"" + axis + "\"",
                        core::short_json(spec));
    } catch (const ConfigError& e) {
      throw e.in_file(file);
    }
    if (out.empty()) throw ConfigError(file, "/sweep", "at least one point for \"" + axis + "\"", core::short_json(spec));
    return out;
  }
  throw ConfigError(file, "/sweep",
                    "a list of values, {\"range\": [a, b, n]} or {\"log_range\": [a, b, n]} for \"" + axis + "\"",
                    core::short_json(spec));
}

// A swept path must name something the kind knows: a key of the resolved config, a declared parameter,
// or a key inside an object the kind checks itself (then building the run validates it).
void check_path(const std::string& path, const LoadedConfig& base, const std::string& file) {
  const std::string kind = base.kind->name;
  const std::string expected =
      "a config path of kind " + kind + " (see `arbiter describe " + kind + "`)";
  json::json_pointer ptr;
  try {
    ptr = json::json_pointer(path);
  } catch (const json::exception&) {
    throw ConfigError(file, "/sweep", expected, "\"" + path + "\"");
  }
  if (path == "/kind" || path == "/sweep") throw ConfigError(file, "/sweep", expected, "\"" + path + "\"");
  if (path == "/seed")
    throw ConfigError(file, "/sweep", "\"seeds\": N for replicates (run s uses seed + s), not a \"/seed\" axis",
                      "\"/seed\"");
  if (base.resolved.contains(ptr) || base.kind->schema.find(path)) return;
  for (auto parent = ptr.parent_pointer(); !parent.empty(); parent = parent.parent_pointer()) {
    const core::Param* p = base.kind->schema.find(parent.to_string());
    if (p && p->open) return;
  }
  throw ConfigError(file, "/sweep", expected, "\"" + path + "\", which is not in the config");
}

std::string fnv1a_hex(const std::string& text) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace

std::string sweep_column(const std::string& path) {
  std::string out = path.substr(path.empty() || path[0] != '/' ? 0 : 1);
  for (char& c : out)
    if (c == '/') c = '.';
  return out;
}

std::string describe_point(const SweepPlan& plan, std::size_t point) {
  std::string out;
  for (std::size_t a = 0; a < plan.parameters.size(); ++a) {
    if (a) out += ", ";
    out += sweep_column(plan.parameters[a]) + "=" + plan.points[point][a].dump();
  }
  return out;
}

SweepPlan plan_sweep(json config, const std::string& file, const std::string& config_dir,
                     const SweepOptions& options) {
  for (const auto& o : options.overrides) apply_override(config, o, file);
  if (!config.is_object() || !config.contains("sweep"))
    throw ConfigError(file, "/sweep", "a \"sweep\" block naming the config paths to vary (see `arbiter sweep --help`)",
                      "nothing");
  const json sweep = config["sweep"];
  config.erase("sweep");
  if (!sweep.is_object()) throw ConfigError(file, "/sweep", "an object", core::short_json(sweep));

  SweepPlan plan;
  plan.file = file;
  plan.base = resolve_config(config, file, config_dir, {}, options.seed_override);
  plan.base_seed = plan.base.seed;

  int max_runs = kDefaultMaxRuns;
  std::vector<json> axis_specs;
  std::vector<std::uint64_t> axis_sizes;
  std::vector<std::vector<json>> list_points;
  std::vector<std::string> list_paths;
  for (const auto& [key, value] : sweep.items()) {
    if (key == "seeds") {
      if (!value.is_number_integer() || value.get<std::int64_t>() < 1 || value.get<std::int64_t>() > 1000000)
        throw ConfigError(file, "/sweep/seeds", "an integer in [1, 1000000]", core::short_json(value));
      plan.seeds = value.get<int>();
    } else if (key == "max_runs") {
      if (!value.is_number_integer() || value.get<std::int64_t>() < 1)
        throw ConfigError(file, "/sweep/max_runs", "an integer >= 1", core::short_json(value));
      max_runs = static_cast<int>(std::min<std::int64_t>(value.get<std::int64_t>(), 1 << 30));
    } else if (key == "points") {
      if (!value.is_array() || value.empty())
        throw ConfigError(file, "/sweep/points", "a non-empty list of objects {\"/path\": value, ...}",
                          core::short_json(value));
      for (std::size_t i = 0; i < value.size(); ++i) {
        const std::string where = "/sweep/points/" + std::to_string(i);
        if (!value[i].is_object() || value[i].empty())
          throw ConfigError(file, where, "an object {\"/path\": value, ...}", core::short_json(value[i]));
        if (i == 0)
          for (const auto& [p, v] : value[i].items()) list_paths.push_back(p);
        std::vector<json> row;
        for (const auto& p : list_paths) {
          if (!value[i].contains(p)) throw ConfigError(file, where, "a value for \"" + p + "\" (as in point 0)", "none");
          row.push_back(value[i][p]);
        }
        if (value[i].size() != list_paths.size())
          throw ConfigError(file, where, "the same paths as point 0", core::short_json(value[i]));
        list_points.push_back(std::move(row));
      }
    } else if (!key.empty() && key[0] == '/') {
      plan.parameters.push_back(key);
      axis_sizes.push_back(axis_count(value, file, key));
      axis_specs.push_back(value);
    } else {
      throw ConfigError(file, "/sweep/" + key,
                        "a config path starting with \"/\", or one of \"seeds\", \"max_runs\", \"points\"",
                        "unknown key \"" + key + "\"");
    }
  }
  for (const auto& p : list_paths) {
    for (const auto& q : plan.parameters)
      if (p == q) throw ConfigError(file, "/sweep/points", "paths not also swept as a grid axis", "\"" + p + "\"");
  }
  plan.parameters.insert(plan.parameters.end(), list_paths.begin(), list_paths.end());
  if (plan.parameters.empty())
    throw ConfigError(file, "/sweep", "at least one config path to vary, e.g. {\"/temperature\": [0.5, 1, 2]}",
                      core::short_json(sweep));
  for (const auto& p : plan.parameters) check_path(p, plan.base, file);

  // The grid's size, counted in checked arithmetic before any value is built.
  std::string sizes;
  std::optional<std::uint64_t> points_count = list_points.empty() ? 1 : list_points.size();
  for (const auto n : axis_sizes) {
    sizes += (sizes.empty() ? "" : " x ") + std::to_string(n);
    if (points_count) points_count = checked_product(*points_count, n);
  }
  if (!list_points.empty()) sizes += (sizes.empty() ? "" : " x ") + std::to_string(list_points.size());
  const auto runs_count = points_count ? checked_product(*points_count, static_cast<std::uint64_t>(plan.seeds))
                                       : std::nullopt;
  const std::string runs_text = sizes + " points x " + std::to_string(plan.seeds) + " seeds = " +
                                (runs_count ? std::to_string(*runs_count) : std::string("more than 2^64")) + " runs";
  if (!runs_count || *runs_count > kMaxSweepRuns)
    throw ConfigError(file, "/sweep", "at most " + std::to_string(kMaxSweepRuns) + " runs in one sweep", runs_text);
  if (*runs_count > static_cast<std::uint64_t>(max_runs) && !options.allow_many)
    throw ConfigError(file, "/sweep",
                      "at most " + std::to_string(max_runs) + " runs (raise /sweep/max_runs, or pass --yes to run them all)",
                      std::to_string(*points_count) + " points x " + std::to_string(plan.seeds) + " seeds = " +
                          std::to_string(*runs_count) + " runs");
  const std::size_t n_points = *points_count;

  // The grid: axes crossed (first slowest), then the list points.
  std::vector<std::vector<json>> axes;
  for (std::size_t a = 0; a < axis_specs.size(); ++a) axes.push_back(axis_values(axis_specs[a], file, plan.parameters[a]));
  for (std::size_t p = 0; p < n_points; ++p) {
    std::vector<json> values;
    std::size_t rest = list_points.empty() ? p : p / list_points.size();
    std::vector<json> grid_part(axes.size());
    for (std::size_t a = axes.size(); a-- > 0;) {
      grid_part[a] = axes[a][rest % axes[a].size()];
      rest /= axes[a].size();
    }
    values = grid_part;
    if (!list_points.empty()) {
      const auto& lp = list_points[p % list_points.size()];
      values.insert(values.end(), lp.begin(), lp.end());
    }
    plan.points.push_back(std::move(values));
  }

  std::string identity = plan.base.kind->name + "\n";
  for (std::size_t p = 0; p < n_points; ++p) {
    for (int s = 0; s < plan.seeds; ++s) {
      json run_config = config;
      for (std::size_t a = 0; a < plan.parameters.size(); ++a)
        run_config[json::json_pointer(plan.parameters[a])] = plan.points[p][a];
      SweepRun run;
      run.index = plan.runs.size();
      run.point = p;
      run.replicate = s;
      try {
        run.config = resolve_config(std::move(run_config), file, config_dir, {}, plan.base_seed + static_cast<std::uint64_t>(s));
      } catch (const ConfigError& e) {
        throw ConfigError(std::string(e.what()) + " (in the sweep point " + describe_point(plan, p) + ")");
      }
      identity += run.config.resolved.dump() + "\n";
      plan.runs.push_back(std::move(run));
    }
  }
  plan.hash = fnv1a_hex(identity);

  if (options.build_each) {
    core::parallel_for(plan.runs.size(), 0, [&](std::size_t i) {
      try {
        make_experiment(plan.runs[i].config, 1);
      } catch (const ConfigError& e) {
        throw ConfigError(std::string(e.what()) + " (in the sweep point " + describe_point(plan, plan.runs[i].point) +
                          ", seed " + std::to_string(plan.runs[i].config.seed) + ")");
      }
    });
  }
  return plan;
}

SweepPlan plan_sweep(const std::string& file, const SweepOptions& options) {
  std::string dir = std::filesystem::path(file).parent_path().string();
  if (dir.empty()) dir = ".";
  return plan_sweep(read_json_file(file), file, dir, options);
}

}  // namespace arbiter::experiments
