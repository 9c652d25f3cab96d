#include "experiments/sweep_report.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "core/config_error.hpp"
#include "core/config_schema.hpp"
#include "experiments/sweep_run.hpp"

namespace arbiter::experiments {

using json = nlohmann::json;

namespace {

// A cell for reading: doubles to 6 significant digits (report.csv keeps them exact).
std::string display(const core::Cell& c) {
  if (!std::holds_alternative<double>(c)) return core::format_cell(c);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", std::get<double>(c));
  return buf;
}

std::vector<std::string> chosen(const std::set<std::string>& available, const std::vector<std::string>& wanted) {
  if (wanted.empty()) return {available.begin(), available.end()};
  for (const auto& m : wanted)
    if (!available.count(m)) {
      std::string list;
      for (const auto& a : available) list += (list.empty() ? "" : ", ") + a;
      throw core::ConfigError("", "--metric", "one of " + list, "\"" + m + "\"");
    }
  return wanted;
}

// A sweep summary.json's shape, checked before it is read: ConfigError naming the first key that is wrong.
void check_sweep_summary(const json& summary) {
  auto wrong = [](const std::string& path, const std::string& expected, const json* got) {
    return core::ConfigError("", path, expected + " (is this a summary.json written by `arbiter sweep`?)",
                             got ? core::short_json(*got) : std::string("nothing"));
  };
  if (summary.contains("columns")) {
    const json& c = summary["columns"];
    if (!c.is_array()) throw wrong("/columns", "a list of column names", &c);
    for (std::size_t i = 0; i < c.size(); ++i)
      if (!c[i].is_string()) throw wrong("/columns/" + std::to_string(i), "a column name", &c[i]);
  }
  const json& points = summary["points"];
  for (std::size_t i = 0; i < points.size(); ++i) {
    const std::string at = "/points/" + std::to_string(i);
    const json& p = points[i];
    if (!p.is_object()) throw wrong(at, "an object", &p);
    const json* params = p.contains("parameters") ? &p["parameters"] : nullptr;
    if (!params || !params->is_object()) throw wrong(at + "/parameters", "an object of parameter values", params);
    if (summary.contains("columns"))
      for (const auto& c : summary["columns"])
        if (!params->contains(c.get<std::string>()))
          throw wrong(at + "/parameters/" + c.get<std::string>(), "the value of column " + c.dump(), nullptr);
    const json* done = p.contains("runs_done") ? &p["runs_done"] : nullptr;
    if (!done || !done->is_number_integer() || done->get<std::int64_t>() < 0)
      throw wrong(at + "/runs_done", "a whole number >= 0", done);
    const json* results = p.contains("results") ? &p["results"] : nullptr;
    if (!results || !results->is_object()) throw wrong(at + "/results", "an object of figures", results);
    for (const auto& [k, r] : results->items()) {
      if (!r.is_object()) throw wrong(at + "/results/" + k, "an object {\"mean\", \"ci95\", \"n\"}", &r);
      for (const char* f : {"mean", "ci95"})
        if (r.contains(f) && !r[f].is_number())
          throw wrong(at + "/results/" + k + "/" + f, "a number", &r[f]);
    }
  }
}

}  // namespace

core::Table report_table(const json& summary, const std::vector<std::string>& metrics) {
  if (!summary.is_object())
    throw core::ConfigError("", "", "a summary.json written by `arbiter run` or `arbiter sweep`", core::short_json(summary));
  if (summary.contains("points") && summary["points"].is_array()) {
    check_sweep_summary(summary);
    std::set<std::string> available;
    for (const auto& p : summary["points"])
      for (const auto& [k, v] : p["results"].items()) available.insert(k);
    const auto keep = chosen(available, metrics);
    std::vector<std::string> columns = summary.value("columns", std::vector<std::string>{});
    const std::size_t n_params = columns.size();
    columns.push_back("runs_done");
    for (const auto& m : keep) {
      columns.push_back(m);
      columns.push_back(m + " ci95");
    }
    core::Table t(columns);
    for (const auto& p : summary["points"]) {
      std::vector<core::Cell> row;
      for (std::size_t i = 0; i < n_params; ++i) row.push_back(json_cell(p["parameters"][columns[i]]));
      row.emplace_back(p["runs_done"].get<std::int64_t>());
      for (const auto& m : keep) {
        const json r = p["results"].value(m, json::object());
        row.push_back(r.contains("mean") ? json_cell(r["mean"]) : core::Cell(std::string()));
        row.push_back(r.contains("ci95") ? json_cell(r["ci95"]) : core::Cell(std::string()));
      }
      t.add_row(std::move(row));
    }
    return t;
  }
  if (summary.contains("results")) {
    const json flat = headline_figures(summary["results"]);
    std::set<std::string> available;
    for (const auto& [k, v] : flat.items()) available.insert(k);
    const auto keep = chosen(available, metrics);
    core::Table t({"figure", "value"});
    for (const auto& m : keep) t.add_row({core::Cell(m), json_cell(flat[m])});
    return t;
  }
  throw core::ConfigError("", "", "a summary.json written by `arbiter run` or `arbiter sweep`", "another JSON file");
}

std::string to_markdown(const core::Table& table) {
  std::string out = "|";
  for (const auto& c : table.columns()) out += " " + c + " |";
  out += "\n|";
  for (std::size_t i = 0; i < table.columns().size(); ++i) out += " --- |";
  out += "\n";
  for (const auto& row : table.rows()) {
    out += "|";
    for (const auto& c : row) out += " " + display(c) + " |";
    out += "\n";
  }
  return out;
}

std::string to_text(const core::Table& table) {
  std::vector<std::size_t> width;
  for (const auto& c : table.columns()) width.push_back(c.size());
  std::vector<std::vector<std::string>> cells;
  for (const auto& row : table.rows()) {
    cells.emplace_back();
    for (std::size_t i = 0; i < row.size(); ++i) {
      std::string s = display(row[i]);
      width[i] = std::max(width[i], s.size());
      cells.back().push_back(std::move(s));
    }
  }
  auto line = [&](const std::vector<std::string>& fields) {
    std::string out;
    for (std::size_t i = 0; i < fields.size(); ++i)
      out += (i ? "  " : "") + std::string(width[i] - fields[i].size(), ' ') + fields[i];
    return out + "\n";
  };
  std::string out = line(table.columns());
  for (const auto& c : cells) out += line(c);
  return out;
}

}  // namespace arbiter::experiments
