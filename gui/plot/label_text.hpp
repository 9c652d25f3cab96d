// Labels in words: a raw key name in a label ("ground_degeneracy", "masked_softmax") is shown as words
// ("ground degeneracy"). Only an underscore between two lowercase letters, each in a run of two or more,
// becomes a space: notation (T_c, C_v, p_exact) and everything else is left as it is.
#pragma once
#include <string>

namespace arbiter::gui::plot {

std::string words(std::string label);
// True when `text` holds a raw key name (what words() would change) outside a file name (a token with a
// '.' or '/', e.g. 01_softmax_temperature.json).
bool has_raw_key(const std::string& text);

}  // namespace arbiter::gui::plot
