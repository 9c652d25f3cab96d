// The config fuzzer's mutations, made from a kind's schema: starting from a valid resolved config, every
// node the schema declares is changed one way at a time (numbers at their range's edges and just outside,
// 0, -1, huge, tiny; strings and other wrong types where numbers go; a key deleted; an unknown key; empty
// and over-long lists; unknown or other variant tags; nesting deeper than the reader allows). Pure: no
// randomness, the same schema and base give the same mutations in the same order.
#pragma once
#include <string>
#include <vector>
#include <nlohmann/json.hpp>
#include "core/config_schema.hpp"

namespace arbiter::fuzz {

struct Mutation {
  std::string path;       // JSON pointer of the changed node ("" for the whole config)
  bool erase = false;     // delete the key at `path` (else set it to `value`)
  nlohmann::json value;   // the new value
  std::string note;       // what was done, for messages: "= 1e+308", "deleted", ...

  // The config after the change.
  nlohmann::json apply(const nlohmann::json& base) const;
  // "/path = value" or "/path deleted".
  std::string describe() const;
};

// Every mutation of `base` (a config `schema` resolves, defaults filled in) the schema's nodes call for.
std::vector<Mutation> schema_mutations(const core::Schema& schema, const nlohmann::json& base);

// The values tried at a numeric node: its range's edges, values just outside them, and 0, -1, 1, tiny and
// huge magnitudes (integers: up to 2^53 - 1).
std::vector<nlohmann::json> numeric_probes(const core::Param& node);

}  // namespace arbiter::fuzz
