// Files that appear whole or not at all: the content goes to a temporary name in the same folder
// (NAME.tmp-PID) and is renamed into place, so an interrupted run never leaves a truncated file that looks
// complete. Temporary names in use are registered, so that remove_temporary_files_now() (called by a
// second Ctrl-C, which exits at once) leaves none behind. Throws RunError when a file cannot be written.
#pragma once
#include <atomic>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace arbiter::core {

// Returns false, leaving `path` as it was and no temporary file, when *cancel became true while writing.
bool write_file_atomically(const std::filesystem::path& path, std::string_view content,
                           const std::atomic<bool>* cancel = nullptr);

// Writes several files into `dir` all or nothing: every one to its temporary name first; only when all are
// written are they renamed into place, the last of `files` last (if it exists already it is removed before
// the others are renamed, so it marks a complete set). On a write failure (RunError) or a cancellation
// (false) every temporary file is removed and `dir` is as it was. `final_results`: these are the process's
// last results, so once they start to move into place (after the last look at *cancel) the process has
// nothing left to stop: final_commit_begun() turns true for good, and a second Ctrl-C no longer exits at once
// (the run ends whole, status 0, instead of 130 beside complete results).
bool write_files_atomically(const std::filesystem::path& dir,
                            const std::vector<std::pair<std::string, std::string>>& files,
                            const std::atomic<bool>* cancel = nullptr, bool final_results = false);

// True once the process's final results have begun to move into place. Async-signal-safe.
bool final_commit_begun() noexcept;

// Removes the temporary files of writes in progress in this process. Async-signal-safe (unlink only).
void remove_temporary_files_now() noexcept;

// True for a name of the form NAME.tmp-DIGITS (a temporary file of some process).
bool is_temporary_name(const std::string& filename);
// Removes every temporary file (is_temporary_name) directly in `dir`: call only while no other process can
// be writing there (the folder's lock held). Returns how many were removed.
std::size_t remove_stale_temporary_files(const std::filesystem::path& dir);

// Empty when `path` can be written (created or replaced): its folder exists and accepts a new file, and
// it is not a folder; else what stands in the way. Probes by creating and removing a temporary file.
std::string file_write_problem(const std::filesystem::path& path);

}  // namespace arbiter::core
