// A read-only view of a whole file, memory-mapped, whose pages can be released as a reader moves on.
// Throws core::DataError (naming the path) when the file cannot be opened, sized or mapped.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace arbiter::econ {

class MappedFile {
 public:
  explicit MappedFile(const std::string& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  std::string_view text() const { return {data_ ? data_ : "", size_}; }
  // Drops the mapped pages wholly inside [begin, end) from memory (they are re-read if touched again).
  void release(const char* begin, const char* end) const;

 private:
  int fd_ = -1;
  const char* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace arbiter::econ
