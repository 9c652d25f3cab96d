// A data cell whose magnitude swamps its column: the column's other values together add less than one
// rounding unit to its sum of squares (or its square overflows the sums), so no fit or identification check
// can see them. check_extreme_cells throws DataError naming the file, line, column and value (before the
// identification check would misreport the column as constant or collinear).
#pragma once
#include <vector>
#include "econ/choice_data.hpp"

namespace arbiter::econ {

// Magnitudes above this overflow the sums of squares of a column of a few thousand rows and more.
inline constexpr double kExtremeMagnitude = 1e150;

// Checks each column of `data` whose index is in `columns` (indices into data.columns).
void check_extreme_cells(const ChoiceData& data, const std::vector<int>& columns);

}  // namespace arbiter::econ
