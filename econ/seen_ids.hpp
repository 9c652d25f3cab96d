// The situation ids met so far, for the long-format contiguity check: open addressing over (hash, index into
// the ids) pairs in one flat array, one probe per situation on large files instead of a node-based set's
// several. Refers to the caller's id list, which must outlive it.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace arbiter::econ {

class SeenIds {
 public:
  explicit SeenIds(const std::vector<std::string>& ids) : ids_(ids), slots_(1024) {}
  // Records `id` as the next entry of the ids (it is not in them yet); false if it is already there.
  bool insert(std::string_view id) {
    if (2 * (count_ + 1) > slots_.size()) grow();
    const std::uint64_t h = std::hash<std::string_view>{}(id);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (s.index == 0) {
        s = {h, ids_.size() + 1};
        ++count_;
        return true;
      }
      if (s.hash == h && ids_[s.index - 1] == id) return false;
    }
  }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    std::size_t index = 0;  // 1 + position in the ids; 0: empty
  };
  void grow() {
    std::vector<Slot> old(2 * slots_.size());
    old.swap(slots_);
    const std::size_t mask = slots_.size() - 1;
    for (const Slot& s : old)
      if (s.index != 0) {
        std::size_t i = s.hash & mask;
        while (slots_[i].index != 0) i = (i + 1) & mask;
        slots_[i] = s;
      }
  }
  const std::vector<std::string>& ids_;
  std::vector<Slot> slots_;
  std::size_t count_ = 0;
};

}  // namespace arbiter::econ
