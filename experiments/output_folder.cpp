#include "experiments/output_folder.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/atomic_file.hpp"
#include "core/config_error.hpp"

namespace arbiter::experiments {

namespace fs = std::filesystem;

namespace {

constexpr const char* kLockName = ".arbiter.lock";

// Creates dir and any missing parents; returns the topmost folder it created (empty if none).
fs::path create_folders(const fs::path& dir) {
  fs::path first_missing;
  for (fs::path p = dir; !p.empty(); p = p.parent_path()) {
    std::error_code ec;
    if (fs::exists(p, ec)) break;
    first_missing = p;
    if (p == p.parent_path()) break;
  }
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw core::ConfigError("--out: cannot create the output folder " + dir.string() + ": " + ec.message());
  return first_missing;
}

}  // namespace

OutputFolder::OutputFolder(fs::path dir) : dir_(std::move(dir)) {
  std::error_code ec;
  if (fs::exists(dir_, ec) && !fs::is_directory(dir_, ec))
    throw core::ConfigError("--out: " + dir_.string() + " exists and is not a folder");
  created_top_ = create_folders(dir_);
  created_ = !created_top_.empty();
  const fs::path lock = dir_ / kLockName;
  // The lock file may be removed by the holder just after this process opened it: then the lock taken is
  // on a file no longer there, and the loop takes it again on the file now at that name.
  for (int attempt = 0; attempt < 100; ++attempt) {
    const int fd = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0) {
      const std::string why = std::strerror(errno);
      for (fs::path p = dir_; created_ && fs::remove(p, ec) && p != created_top_;) p = p.parent_path();
      throw core::ConfigError("--out: cannot write into the output folder " + dir_.string() + ": " + why);
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      ::close(fd);
      throw core::ConfigError("--out: " + dir_.string() +
                              " is busy: another arbiter run is writing into it (wait for it, or choose another "
                              "folder with --out)");
    }
    struct stat held {}, named {};
    if (::fstat(fd, &held) == 0 && ::stat(lock.c_str(), &named) == 0 && held.st_ino == named.st_ino &&
        held.st_dev == named.st_dev) {
      fd_ = fd;
      break;
    }
    ::close(fd);
  }
  if (fd_ < 0) throw core::ConfigError("--out: " + dir_.string() + " is busy: its lock keeps changing hands");
  core::remove_stale_temporary_files(dir_);
}

OutputFolder::~OutputFolder() {
  std::error_code ec;
  fs::remove(dir_ / kLockName, ec);
  ::close(fd_);
  // fs::remove removes only an empty folder.
  for (fs::path p = dir_; created_ && fs::remove(p, ec) && p != created_top_;) p = p.parent_path();
}

}  // namespace arbiter::experiments
