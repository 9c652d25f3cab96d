#include "apps/command_line.hpp"

#include <iostream>

namespace arbiter::apps {

void add_config_options(po::options_description& desc, po::positional_options_description& pos, ConfigOptions& o) {
  desc.add_options()
    ("config", po::value<std::string>(&o.config), "the experiment config (JSON)")
    ("set", po::value<std::vector<std::string>>(&o.overrides)->composing(),
     "override a config value: --set /path=value (value as JSON; repeatable), e.g. --set /temperature=0.5")
    ("seed", po::value<std::uint64_t>(), "master seed (overrides the config's \"seed\")");
  pos.add("config", 1);
}

void read_seed(const po::variables_map& vm, ConfigOptions& o) {
  if (vm.count("seed")) o.seed = vm["seed"].as<std::uint64_t>();
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
