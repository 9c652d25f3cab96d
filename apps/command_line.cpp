#include "apps/command_line.hpp"

#include <algorithm>
#include <charconv>
#include <iostream>
#include <thread>

namespace arbiter::apps {

void add_config_options(po::options_description& desc, po::positional_options_description& pos, ConfigOptions& o) {
  desc.add_options()
    ("config", po::value<std::string>(&o.config), "the experiment config (JSON)")
    ("set", po::value<std::vector<std::string>>(&o.overrides)->composing(),
     "override a config value: --set /path=value (value as JSON; repeatable), e.g. --set /temperature=0.5")
    ("seed", po::value<std::string>(), "master seed, a whole number >= 0 below 2^64 (overrides the config's \"seed\")");
  pos.add("config", 1);
}

std::uint64_t parse_seed(const std::string& text) {
  std::uint64_t seed = 0;
  const char* end = text.data() + text.size();
  const auto r = std::from_chars(text.data(), end, seed);
  if (text.empty() || text[0] < '0' || text[0] > '9' || r.ec != std::errc() || r.ptr != end)
    throw UsageError("--seed: expected a whole number >= 0 and below 2^64 (as for \"seed\" in a config), got \"" +
                     text + "\"");
  return seed;
}

void read_seed(const po::variables_map& vm, ConfigOptions& o) {
  if (vm.count("seed")) o.seed = parse_seed(vm["seed"].as<std::string>());
}

int max_threads() { return kThreadsPerCore * std::max(1u, std::thread::hardware_concurrency()); }

void check_threads(int threads) {
  if (threads < 0) throw UsageError("--threads: expected a number >= 0, got " + std::to_string(threads));
  if (threads > max_threads())
    throw UsageError("--threads: at most " + std::to_string(max_threads()) + " (" + std::to_string(kThreadsPerCore) +
                     " per core on this machine), got " + std::to_string(threads) +
                     "; more threads than that only slow a run down (0 uses every core)");
}

bool parse_command(const Args& args, const std::string& usage, const std::string& about,
                   po::options_description& desc, const po::positional_options_description& pos,
                   po::variables_map& vm) {
  desc.add_options()("help,h", "show this help");
  try {
    po::store(po::command_line_parser(args).options(desc).positional(pos).run(), vm);
    if (vm.count("help")) {
      std::cout << "Usage: " << usage << "\n\n" << about << "\n\n" << desc << "\n";
      return false;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(std::string(e.what()) + "\nUsage: " + usage);
  }
  return true;
}

}  // namespace arbiter::apps
