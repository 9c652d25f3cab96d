#include "core/parallel_for.hpp"

#include <exception>
#include <limits>
#include <mutex>
#include <new>
#include <system_error>
#include <thread>
#include <vector>

namespace arbiter::core {

int default_thread_count() {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

void parallel_for(std::size_t n, int threads, const std::function<void(std::size_t)>& body,
                  const std::atomic<bool>* cancel) {
  if (n == 0) return;
  if (threads <= 0) threads = default_thread_count();
  const std::size_t workers = std::min<std::size_t>(static_cast<std::size_t>(threads), n);
  std::atomic<std::size_t> next{0};
  std::mutex error_mutex;
  std::exception_ptr first_error;
  std::size_t first_error_index = std::numeric_limits<std::size_t>::max();

  auto work = [&] {
    for (;;) {
      if (cancel && cancel->load(std::memory_order_relaxed)) return;
      const std::size_t i = next.fetch_add(1, std::memory_order_relaxed);
      if (i >= n) return;
      try {
        body(i);
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mutex);
        if (i < first_error_index) {
          first_error_index = i;
          first_error = std::current_exception();
        }
      }
    }
  };
  if (workers == 1) {
    work();
  } else {
    // A thread the system refuses (memory, process limits) is simply not there: the threads that did
    // start, and this one, share the work, which gives the same results.
    std::vector<std::thread> pool;
    try {
      pool.reserve(workers - 1);
      for (std::size_t t = 0; t + 1 < workers; ++t) pool.emplace_back(work);
    } catch (const std::system_error&) {
    } catch (const std::bad_alloc&) {
    }
    work();
    for (auto& t : pool) t.join();
  }
  if (first_error) std::rethrow_exception(first_error);
}

}  // namespace arbiter::core
