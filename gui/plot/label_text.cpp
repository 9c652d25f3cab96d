// Words from key names: a scan for underscores between lowercase runs.
#include "gui/plot/label_text.hpp"

namespace arbiter::gui::plot {

namespace {
bool lower(const std::string& s, std::size_t i) { return i < s.size() && s[i] >= 'a' && s[i] <= 'z'; }
// An underscore at u joining two lowercase runs of two or more letters.
bool joins_words(const std::string& s, std::size_t u) {
  return s[u] == '_' && u >= 2 && lower(s, u - 1) && lower(s, u - 2) && lower(s, u + 1) && lower(s, u + 2);
}
// The token (between spaces) around position i holds a '.' or '/': a file name or a path.
bool in_file_name(const std::string& s, std::size_t i) {
  const std::size_t a = s.rfind(' ', i), b = s.find(' ', i);
  const std::string token = s.substr(a == std::string::npos ? 0 : a + 1,
                                     (b == std::string::npos ? s.size() : b) - (a == std::string::npos ? 0 : a + 1));
  return token.find_first_of("./") != std::string::npos;
}
}  // namespace

std::string words(std::string label) {
  // Decide on the original text, so that "a_bb_cc" keeps its logic when earlier underscores change.
  const std::string original = label;
  for (std::size_t u = 0; u < original.size(); ++u)
    if (joins_words(original, u) && !in_file_name(original, u)) label[u] = ' ';
  return label;
}

bool has_raw_key(const std::string& text) {
  for (std::size_t u = 0; u < text.size(); ++u)
    if (joins_words(text, u) && !in_file_name(text, u)) return true;
  return false;
}

}  // namespace arbiter::gui::plot
