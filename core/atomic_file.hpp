// Files that appear whole or not at all: the content goes to a temporary name in the same folder and is
// renamed into place, so an interrupted run never leaves a truncated file that looks complete.
// Throws RunError when the folder is not writable.
#pragma once
#include <filesystem>
#include <string_view>

namespace arbiter::core {

void write_file_atomically(const std::filesystem::path& path, std::string_view content);

}  // namespace arbiter::core
