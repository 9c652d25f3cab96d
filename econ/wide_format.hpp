// Reads wide-format choice data (one row per situation; the chosen alternative's name in the choice
// column, attributes in "ATTR.ALT" columns, availability in "AVAILABLE.ALT" columns, any other column an
// individual-level variable) into the long layout of ChoiceData. Throws DataError (file, line, column).
#pragma once
#include <string>
#include <string_view>
#include <vector>
#include "econ/choice_data.hpp"

namespace arbiter::econ {

ChoiceData parse_wide(std::string_view text, const std::string& file, const ChoiceColumns& columns,
                      const std::vector<std::string>& numeric);

}  // namespace arbiter::econ
