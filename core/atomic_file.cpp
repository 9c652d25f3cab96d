#include "core/atomic_file.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

#include "core/config_error.hpp"

namespace arbiter::core {

namespace fs = std::filesystem;

namespace {

// Temporary files being written, for remove_temporary_files_now(). A slot is free (0), being filled (1) or
// holds a path (2); the signal handler reads only slots in state 2.
struct TemporarySlot {
  std::atomic<int> state{0};
  char path[4096] = {};
};
std::array<TemporarySlot, 256> temporary_slots;

// Set for good when the process's final results begin to move into place (write_files_atomically).
std::atomic<bool> final_commit{false};

// Registers a temporary path for the duration of a write (best effort: with every slot taken it is not).
class RegisteredTemporary {
 public:
  explicit RegisteredTemporary(const fs::path& p) {
    const std::string& s = p.native();
    if (s.size() >= sizeof(TemporarySlot::path)) return;
    for (auto& slot : temporary_slots) {
      int expected = 0;
      if (slot.state.compare_exchange_strong(expected, 1)) {
        std::memcpy(slot.path, s.c_str(), s.size() + 1);
        slot.state.store(2);
        slot_ = &slot;
        return;
      }
    }
  }
  ~RegisteredTemporary() {
    if (slot_) slot_->state.store(0);
  }
  RegisteredTemporary(const RegisteredTemporary&) = delete;
  RegisteredTemporary& operator=(const RegisteredTemporary&) = delete;

 private:
  TemporarySlot* slot_ = nullptr;
};

fs::path temporary_name(const fs::path& path) {
  fs::path tmp = path;
  tmp += ".tmp-" + std::to_string(::getpid());
  return tmp;
}

constexpr std::size_t kChunk = std::size_t(1) << 20;

// Writes content to tmp (registered while it exists). Returns false when cancelled; throws RunError on a
// failed write. Either way tmp is gone unless the write succeeded.
bool write_temporary(const fs::path& tmp, std::string_view content, const std::atomic<bool>* cancel) {
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) throw RunError("cannot write " + tmp.string() + ": " + std::strerror(errno));
  RegisteredTemporary registered(tmp);
  std::string problem;
  bool cancelled = false;
  for (std::size_t done = 0; done < content.size() && problem.empty();) {
    if (cancel && cancel->load()) {
      cancelled = true;
      break;
    }
    const std::size_t n = std::min(kChunk, content.size() - done);
    const ssize_t w = ::write(fd, content.data() + done, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) problem = w < 0 ? std::strerror(errno) : "nothing written";
    else done += static_cast<std::size_t>(w);
  }
  if (::close(fd) != 0 && problem.empty() && !cancelled) problem = std::strerror(errno);
  if (problem.empty() && !cancelled) return true;
  ::unlink(tmp.c_str());
  if (cancelled) return false;
  throw RunError("cannot write " + tmp.string() + ": " + problem);
}

}  // namespace

bool write_file_atomically(const fs::path& path, std::string_view content, const std::atomic<bool>* cancel) {
  const fs::path tmp = temporary_name(path);
  if (!write_temporary(tmp, content, cancel)) return false;
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw RunError("cannot move " + tmp.string() + " to " + path.string() + ": " + ec.message());
  }
  return true;
}

bool write_files_atomically(const fs::path& dir, const std::vector<std::pair<std::string, std::string>>& files,
                            const std::atomic<bool>* cancel, bool final_results) {
  std::vector<fs::path> written;
  auto remove_written = [&] {
    std::error_code ignored;
    for (const auto& t : written) fs::remove(t, ignored);
  };
  for (const auto& [name, content] : files) {
    const fs::path tmp = temporary_name(dir / name);
    bool ok = false;
    try {
      ok = write_temporary(tmp, content, cancel);
    } catch (...) {
      remove_written();
      throw;
    }
    if (!ok) {
      remove_written();
      return false;
    }
    written.push_back(tmp);
  }
  if (files.empty()) return true;
  if (cancel && cancel->load()) {
    remove_written();
    return false;
  }
  if (final_results) final_commit.store(true);
  std::error_code ec;
  fs::remove(dir / files.back().first, ec);
  for (std::size_t i = 0; i < files.size(); ++i) {
    fs::rename(written[i], dir / files[i].first, ec);
    if (ec) {
      const std::string message = "cannot move " + written[i].string() + " into place: " + ec.message();
      for (std::size_t j = i; j < written.size(); ++j) fs::remove(written[j], ec);
      throw RunError(message);
    }
  }
  return true;
}

bool final_commit_begun() noexcept { return final_commit.load(); }

void remove_temporary_files_now() noexcept {
  for (auto& slot : temporary_slots)
    if (slot.state.load() == 2) ::unlink(slot.path);
}

bool is_temporary_name(const std::string& filename) {
  const auto at = filename.rfind(".tmp-");
  if (at == std::string::npos || at == 0 || at + 5 == filename.size()) return false;
  for (std::size_t i = at + 5; i < filename.size(); ++i)
    if (filename[i] < '0' || filename[i] > '9') return false;
  return true;
}

std::size_t remove_stale_temporary_files(const fs::path& dir) {
  std::size_t removed = 0;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code ignored;
    if (is_temporary_name(it->path().filename().string()) && it->is_regular_file(ignored) &&
        fs::remove(it->path(), ignored))
      ++removed;
  }
  return removed;
}

std::string file_write_problem(const fs::path& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return "it is a folder";
  fs::path dir = path.parent_path();
  if (dir.empty()) dir = ".";
  if (!fs::exists(dir, ec)) return "its folder " + dir.string() + " does not exist";
  if (!fs::is_directory(dir, ec)) return dir.string() + " is not a folder";
  const fs::path probe = temporary_name(path);
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) return std::strerror(errno);
  ::close(fd);
  ::unlink(probe.c_str());
  if (fs::exists(path, ec) && ::access(path.c_str(), W_OK) != 0) return std::strerror(errno);
  return "";
}

}  // namespace arbiter::core
