#include "tests/reliability/fuzz_cases.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "core/input_error.hpp"
#include "core/random_stream.hpp"
#include "experiments/config_loader.hpp"

namespace arbiter::fuzz {

namespace fs = std::filesystem;
using json = nlohmann::json;

std::string Case::label() const {
  return base->config.value("kind", std::string("?")) + " from " + base->file + ": " + mutation.describe();
}

std::string Case::text() const { return mutation.apply(base->config).dump(); }

std::vector<BaseConfig> base_configs(const experiments::ExperimentKind& kind) {
  std::vector<std::string> files;
  const fs::path root = fs::path(ARBITER_SOURCE_DIR) / "configs";
  for (const auto& entry : fs::recursive_directory_iterator(root))
    if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  std::vector<BaseConfig> out;
  for (const std::string& file : files) {
    json raw = experiments::read_json_file(file);
    if (raw.value("kind", std::string()) != kind.name) continue;
    raw.erase("sweep");
    const auto cfg = experiments::resolve_config(raw, file, fs::path(file).parent_path().string(), kind.quick);
    out.push_back(BaseConfig{fs::relative(file, ARBITER_SOURCE_DIR).generic_string(), cfg.config_dir, cfg.resolved});
  }
  json example = kind.schema.root().example();
  example["kind"] = kind.name;
  try {
    const auto cfg = experiments::resolve_config(example, "example.json", root.string(), kind.quick);
    out.push_back(BaseConfig{"the schema's example", cfg.config_dir, cfg.resolved});
  } catch (const core::InputError&) {
    // A kind whose required keys have no example the kind accepts (a data file): its shipped configs serve.
  }
  return out;
}

std::vector<Case> all_cases(const experiments::ExperimentKind& kind, const std::vector<BaseConfig>& bases) {
  std::vector<Case> out;
  for (const BaseConfig& base : bases)
    for (Mutation& m : schema_mutations(kind.schema, base.config)) out.push_back(Case{&base, std::move(m)});
  return out;
}

std::vector<Case> sample(std::vector<Case> cases, std::size_t count, std::uint64_t seed, std::uint64_t stream) {
  core::RandomStream rng(seed, stream);
  const std::size_t n = std::min(count, cases.size());
  for (std::size_t i = 0; i < n; ++i) std::swap(cases[i], cases[i + rng.uniform_int(cases.size() - i)]);
  cases.resize(n);
  return cases;
}

void Tally::add(const Case& c, const RunOutcome& outcome) {
  switch (outcome.kind) {
    case RunOutcome::Kind::refused: ++refused; break;
    case RunOutcome::Kind::failed:
      ++failed;
      failures.push_back(c.label() + "\n    " + outcome.message);
      break;
    case RunOutcome::Kind::completed: ++completed; break;
    case RunOutcome::Kind::cut_short: ++cut_short; break;
    case RunOutcome::Kind::defect: defects.push_back(c.label() + "\n    " + outcome.message); break;
  }
}

std::string Tally::summary() const {
  std::ostringstream s;
  s << (refused + failed + completed + cut_short + defects.size()) << " cases: " << refused << " refused, " << failed
    << " failed runs, " << completed << " completed, " << cut_short << " cut short, " << defects.size()
    << " defects";
  return s.str();
}

double env_number(const char* name, double fallback) {
  const char* v = std::getenv(name);
  if (!v || !*v) return fallback;
  char* end = nullptr;
  const double x = std::strtod(v, &end);
  return end && *end == '\0' ? x : fallback;
}

}  // namespace arbiter::fuzz
