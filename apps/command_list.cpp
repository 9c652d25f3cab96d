#include <algorithm>
#include <iostream>

#include "apps/command_line.hpp"
#include "experiments/registry.hpp"

namespace arbiter::apps {

int command_list(const Args& args) {
  po::options_description desc("Options");
  po::positional_options_description pos;
  po::variables_map vm;
  if (!parse_command(args, "arbiter list", "Lists the experiment kinds, one line each.", desc, pos, vm)) return 0;
  const auto& kinds = experiments::registry().kinds();
  std::size_t width = 0;
  for (const auto& k : kinds) width = std::max(width, k.name.size());
  for (const auto& k : kinds) std::cout << "  " << k.name << std::string(width - k.name.size() + 2, ' ') << k.description << "\n";
  std::cout << "\n`arbiter describe KIND` lists a kind's config keys, types and defaults.\n";
  return 0;
}

int command_describe(const Args& args) {
  std::string name;
  po::options_description desc("Options");
  desc.add_options()("kind", po::value<std::string>(&name), "the experiment kind");
  po::positional_options_description pos;
  pos.add("kind", 1);
  po::variables_map vm;
  if (!parse_command(args, "arbiter describe KIND",
                     "Lists a kind's config keys (JSON paths) with their types, ranges, defaults and help; the keys of "
                     "nested objects, list entries and each variant alternative are indented below them.",
                     desc,
                     pos, vm))
    return 0;
  if (name.empty()) throw UsageError("describe: missing KIND (see `arbiter list`)");
  const auto& kind = experiments::registry().find(name);
  std::cout << kind.name << ": " << kind.description << "\n\nKeys (plus \"kind\", \"seed\", \"description\"):\n"
            << kind.schema.describe() << "\nDefaults as JSON:\n"
            << kind.schema.defaults().dump(2) << "\n";
  return 0;
}

}  // namespace arbiter::apps
