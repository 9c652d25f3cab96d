#include "gui/labs/presets.hpp"

#include <filesystem>
#include <system_error>

namespace arbiter::gui {

namespace fs = std::filesystem;

std::string classroom_folder() {
  std::error_code ec;
  if (fs::is_directory("configs/classroom", ec)) return "configs/classroom";
  return (fs::path(ARBITER_SOURCE_DIR) / "configs/classroom").string();
}

std::string find_preset(const std::string& name) {
  for (const fs::path& base : {fs::path("configs/classroom"), fs::path(ARBITER_SOURCE_DIR) / "configs/classroom"}) {
    std::error_code ec;
    const fs::path p = base / name;
    if (fs::is_regular_file(p, ec)) return p.string();
  }
  return {};
}

}  // namespace arbiter::gui
