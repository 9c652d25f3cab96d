// The extreme-cell check: per column, the largest magnitude against the sum of squares of the others, both
// scaled by it so that nothing overflows.
#include "econ/extreme_cells.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include "core/table.hpp"

namespace arbiter::econ {

void check_extreme_cells(const ChoiceData& data, const std::vector<int>& columns) {
  constexpr double kEpsilon = std::numeric_limits<double>::epsilon();
  for (int c : columns) {
    const std::vector<double>& v = data.values[static_cast<std::size_t>(c)];
    std::size_t top = 0;
    double largest = 0.0;
    for (std::size_t r = 0; r < v.size(); ++r)
      if (std::abs(v[r]) > largest) {
        largest = std::abs(v[r]);
        top = r;
      }
    if (!(largest > 0.0) || !std::isfinite(largest)) continue;
    double others = 0.0;  // sum of squares of the other values, in units of largest^2
    for (std::size_t r = 0; r < v.size(); ++r)
      if (r != top) others += (v[r] / largest) * (v[r] / largest);
    const bool overflows = largest > kExtremeMagnitude;
    const bool swamps = others > 0.0 && others < kEpsilon;
    if (!overflows && !swamps) continue;
    const std::string& column = data.columns[static_cast<std::size_t>(c)];
    std::string situation, alternative;
    for (std::size_t s = 0; s < data.n_situations(); ++s)
      if (static_cast<std::int64_t>(top) >= data.offsets[s] && static_cast<std::int64_t>(top) < data.offsets[s + 1]) {
        situation = s < data.situation_ids.size() ? data.situation_ids[s] : std::to_string(s + 1);
        break;
      }
    if (top < data.alternative.size() && data.alternative[top] >= 0 &&
        static_cast<std::size_t>(data.alternative[top]) < data.alternatives.size())
      alternative = data.alternatives[static_cast<std::size_t>(data.alternative[top])];
    const long line = top < data.line.size() ? static_cast<long>(data.line[top]) : 0;
    std::string problem = "the value " + core::format_double(v[top]) + " (data row " + std::to_string(top + 1);
    if (!situation.empty()) problem += ", situation " + situation;
    if (!alternative.empty()) problem += ", alternative " + alternative;
    problem += ") is extreme: its magnitude swamps the column (";
    problem += overflows ? "its square overflows the column's sums of squares (magnitudes above 1e150)"
                         : "the column's other values together add less than one rounding unit to its sum of squares";
    problem += "), so neither the identification check nor the fit can see the other values; correct the value or "
               "rescale the column";
    throw DataError(data.file, line, column, problem);
  }
}

}  // namespace arbiter::econ
