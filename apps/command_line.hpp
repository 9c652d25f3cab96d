// Shared command-line parsing for the subcommands (Boost.Program_options): the options every
// config-taking command accepts, parsing with errors turned into UsageError, and --help text.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>
#include <boost/program_options.hpp>
#include "apps/commands.hpp"

namespace arbiter::apps {

namespace po = boost::program_options;

struct ConfigOptions {
  std::string config;
  std::vector<std::string> overrides;  // --set path=value
  std::optional<std::uint64_t> seed;
};

// Adds CONFIG (positional), --set and --seed.
void add_config_options(po::options_description& desc, po::positional_options_description& pos, ConfigOptions& o);
// Parses; returns false (after printing help) when --help was given. Throws UsageError on bad usage.
bool parse_command(const Args& args, const std::string& usage, const std::string& about,
                   po::options_description& desc, const po::positional_options_description& pos,
                   po::variables_map& vm);
// --seed's text as a seed: a whole number >= 0 and below 2^64, written in decimal digits only (the rule a
// config's "seed" follows); anything else is a UsageError.
std::uint64_t parse_seed(const std::string& text);
// Reads --seed into o.seed when given.
void read_seed(const po::variables_map& vm, ConfigOptions& o);

// --threads is capped at kThreadsPerCore per core: 0 (every core) up to max_threads(); else UsageError.
inline constexpr int kThreadsPerCore = 16;
int max_threads();
void check_threads(int threads);

}  // namespace arbiter::apps
