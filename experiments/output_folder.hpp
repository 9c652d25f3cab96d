// An output folder held by one process at a time. Taking it creates the folder if needed (remembering
// that it did), takes an exclusive lock on OUT/.arbiter.lock (flock: released by the system when the
// process ends, however it ends) and removes temporary files a killed run left there. A second process
// that asks for the same folder gets ConfigError "busy" (exit 2); a folder that cannot be created or
// written is a ConfigError too, found before any work. Releasing it removes the lock file, and the folder
// itself when this process created it and it stayed empty.
#pragma once
#include <filesystem>

namespace arbiter::experiments {

class OutputFolder {
 public:
  explicit OutputFolder(std::filesystem::path dir);
  ~OutputFolder();
  OutputFolder(const OutputFolder&) = delete;
  OutputFolder& operator=(const OutputFolder&) = delete;

  const std::filesystem::path& dir() const { return dir_; }
  bool created() const { return created_; }

 private:
  std::filesystem::path dir_;
  bool created_ = false;
  std::filesystem::path created_top_;  // the topmost folder this process created (dir_ or a parent of it)
  int fd_ = -1;
};

}  // namespace arbiter::experiments
