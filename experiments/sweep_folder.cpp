#include "experiments/sweep_folder.hpp"

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "core/atomic_file.hpp"
#include "core/config_error.hpp"
#include "core/running_stats.hpp"
#include "core/table.hpp"
#include "experiments/config_loader.hpp"
#include "experiments/runner.hpp"

namespace arbiter::experiments {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

json read_json(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return parse_json_text(s.str(), p.string());
}

// CSV text -> records of fields (quotes removed), for the rare sweep whose runs have different columns.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
    } else if (c == '\n') {
      row.push_back(std::move(field));
      field.clear();
      rows.push_back(std::move(row));
      row.clear();
    } else if (c != '\r') {
      field += c;
    }
  }
  if (!field.empty() || !row.empty()) {
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string header_of(const std::string& csv) { return csv.substr(0, csv.find('\n')); }

}  // namespace

SweepFolder::SweepFolder(fs::path dir, const SweepPlan& plan, bool force) : dir_(std::move(dir)), runs_(plan.runs.size()) {
  std::error_code ec;
  const fs::path manifest = dir_ / "sweep.json";
  if (fs::exists(dir_, ec) && !fs::is_directory(dir_, ec))
    throw core::ConfigError("--out: " + dir_.string() + " exists and is not a folder");
  lock_ = std::make_unique<OutputFolder>(dir_);
  if (fs::is_directory(dir_ / "runs", ec)) core::remove_stale_temporary_files(dir_ / "runs");
  if (force) {
    fs::remove_all(dir_ / "runs", ec);
    for (const char* f : {"sweep.json", "summary.json", "results.csv"}) fs::remove(dir_ / f, ec);
  }
  if (fs::exists(manifest, ec)) {
    std::string other;
    try {
      other = read_json(manifest).at("sweep_hash").get<std::string>();
    } catch (const std::exception&) {
      other = "(unreadable)";
    }
    if (other != plan.hash)
      throw core::ConfigError("--out: " + dir_.string() + " holds the results of a different sweep (hash " + other +
                              ", this sweep " + plan.hash +
                              "); pass --force to discard them or --out to choose another folder");
  } else if (fs::exists(dir_ / "summary.json", ec) || fs::exists(dir_ / "results.csv", ec)) {
    throw core::ConfigError("--out: " + dir_.string() +
                            " already holds results that are not this sweep's; pass --force to overwrite them or --out "
                            "to choose another folder");
  }
  fs::create_directories(dir_ / "runs", ec);
  if (ec) throw core::RunError("cannot create the output folder " + (dir_ / "runs").string() + ": " + ec.message());
  if (!fs::exists(manifest, ec)) {
    const json m = {{"sweep_hash", plan.hash},
                    {"config_file", plan.file},
                    {"kind", plan.base.kind->name},
                    {"runs", plan.runs.size()},
                    {"parameters", plan.parameters},
                    {"seeds", plan.seeds}};
    core::write_file_atomically(manifest, m.dump(2) + "\n");
  }
}

fs::path SweepFolder::record_path(std::size_t index) const {
  char name[32];
  std::snprintf(name, sizeof name, "%06zu.json", index);
  return dir_ / "runs" / name;
}

std::vector<bool> SweepFolder::finished() const {
  std::vector<bool> done(runs_, false);
  for (const auto& r : records()) done[r.index] = r.ok;
  return done;
}

void SweepFolder::save(const RunRecord& record) const {
  core::write_file_atomically(record_path(record.index), record.to_json().dump() + "\n");
}

std::vector<RunRecord> SweepFolder::records() const {
  std::vector<RunRecord> out;
  std::error_code ec;
  for (std::size_t i = 0; i < runs_; ++i) {
    const fs::path p = record_path(i);
    if (!fs::exists(p, ec)) continue;
    try {
      RunRecord r = RunRecord::from_json(read_json(p));
      if (r.index == i) out.push_back(std::move(r));
    } catch (const std::exception&) {
      // A record that cannot be read is treated as missing: the run is done again.
    }
  }
  return out;
}

bool SweepFolder::write_final(const SweepPlan& plan, const std::atomic<bool>* cancel) const {
  const auto recs = records();
  if (cancel && cancel->load()) return false;
  std::vector<std::pair<std::string, std::string>> files;
  files.emplace_back("results.csv", sweep_results_csv(recs));
  if (cancel && cancel->load()) return false;
  files.emplace_back("summary.json", sweep_summary(plan, recs).dump(2) + "\n");
  return core::write_files_atomically(dir_, files, cancel);
}

std::string sweep_results_csv(const std::vector<RunRecord>& records) {
  std::vector<const RunRecord*> ok;
  for (const auto& r : records)
    if (r.ok && !r.results_csv.empty()) ok.push_back(&r);
  if (ok.empty()) return "";
  const std::string header = header_of(ok.front()->results_csv);
  bool same = true;
  for (const auto* r : ok) same = same && header_of(r->results_csv) == header;
  if (same) {
    std::string out = header + "\n";
    for (const auto* r : ok) {
      const auto nl = r->results_csv.find('\n');
      if (nl != std::string::npos) out += r->results_csv.substr(nl + 1);
    }
    return out;
  }
  std::vector<std::string> columns;
  std::map<std::string, std::size_t> position;
  std::vector<std::vector<std::vector<std::string>>> parsed;
  for (const auto* r : ok) {
    parsed.push_back(parse_csv(r->results_csv));
    for (const auto& c : parsed.back().front())
      if (position.emplace(c, columns.size()).second) columns.push_back(c);
  }
  std::string out;
  for (std::size_t i = 0; i < columns.size(); ++i) out += (i ? "," : "") + core::csv_escape(columns[i]);
  out += "\n";
  for (const auto& rows : parsed) {
    for (std::size_t r = 1; r < rows.size(); ++r) {
      std::vector<std::string> line(columns.size());
      for (std::size_t c = 0; c < rows[r].size() && c < rows[0].size(); ++c) line[position[rows[0][c]]] = rows[r][c];
      for (std::size_t i = 0; i < line.size(); ++i) out += (i ? "," : "") + core::csv_escape(line[i]);
      out += "\n";
    }
  }
  return out;
}

json sweep_summary(const SweepPlan& plan, const std::vector<RunRecord>& records) {
  std::vector<std::map<std::string, std::vector<double>>> per_point(plan.points.size());
  std::vector<int> ok_runs(plan.points.size(), 0);
  json failed = json::array();
  std::size_t completed = 0;
  for (const auto& r : records) {
    const SweepRun& run = plan.runs.at(r.index);
    if (!r.ok) {
      json params = json::object();
      for (std::size_t a = 0; a < plan.parameters.size(); ++a)
        params[sweep_column(plan.parameters[a])] = plan.points[run.point][a];
      failed.push_back({{"run", r.index}, {"parameters", params}, {"seed", run.config.seed}, {"error", r.error}});
      continue;
    }
    ++completed;
    ++ok_runs[run.point];
    for (const auto& [k, v] : r.figures.items()) per_point[run.point][k].push_back(v.get<double>());
  }
  json points = json::array();
  for (std::size_t p = 0; p < plan.points.size(); ++p) {
    json params = json::object();
    for (std::size_t a = 0; a < plan.parameters.size(); ++a) params[sweep_column(plan.parameters[a])] = plan.points[p][a];
    json results = json::object();
    for (const auto& [k, xs] : per_point[p]) {
      const auto ci = core::confidence_interval_95(xs);
      results[k] = {{"mean", ci.mean}, {"ci95", ci.half_width}, {"n", xs.size()}};
    }
    points.push_back({{"point", p}, {"parameters", params}, {"runs_done", ok_runs[p]}, {"results", results}});
  }
  json columns = json::array();
  for (const auto& p : plan.parameters) columns.push_back(sweep_column(p));
  return json{{"arbiter_version", arbiter_version()},
              {"kind", plan.base.kind->name},
              {"config_file", plan.file},
              {"sweep_hash", plan.hash},
              {"base_seed", plan.base_seed},
              {"seeds", plan.seeds},
              {"parameters", plan.parameters},
              {"columns", columns},
              {"runs", plan.runs.size()},
              {"completed", completed},
              {"failed", failed},
              {"config", plan.base.resolved},
              {"points", points}};
}

}  // namespace arbiter::experiments
