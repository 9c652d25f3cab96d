#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "apps/command_line.hpp"
#include "core/atomic_file.hpp"
#include "core/config_error.hpp"
#include "experiments/config_loader.hpp"
#include "experiments/sweep_report.hpp"

namespace arbiter::apps {

int command_report(const Args& args) {
  std::string dir;
  std::vector<std::string> metrics;
  po::options_description desc("Options");
  desc.add_options()
    ("dir", po::value<std::string>(&dir), "a results folder (of `arbiter sweep` or `arbiter run`)")
    ("metric,m", po::value<std::vector<std::string>>(&metrics)->composing(),
     "a headline figure to show (repeatable; default: all), e.g. --metric final/pct_optimal");
  po::positional_options_description pos;
  pos.add("dir", 1);
  po::variables_map vm;
  if (!parse_command(args, "arbiter report DIR [--metric NAME ...]",
                     "Prints the summary of a results folder as a table (for a sweep: one row per grid point with\n"
                     "the mean and 95% CI of each figure) and writes it as DIR/report.csv and DIR/report.md.",
                     desc, pos, vm))
    return 0;
  if (dir.empty()) throw UsageError("report: missing DIR\nUsage: arbiter report DIR");
  const std::filesystem::path folder(dir);
  const std::string file = (folder / "summary.json").string();
  const auto summary = experiments::read_json_file(file);
  core::Table table;
  try {
    table = experiments::report_table(summary, metrics);
  } catch (const core::ConfigError& e) {
    throw e.in_file(file);
  }
  std::cout << experiments::to_text(table);
  core::write_file_atomically(folder / "report.csv", table.to_csv());
  core::write_file_atomically(folder / "report.md", experiments::to_markdown(table));
  std::cout << "report: " << (folder / "report.csv").string() << ", " << (folder / "report.md").string() << "\n";
  return 0;
}

}  // namespace arbiter::apps
