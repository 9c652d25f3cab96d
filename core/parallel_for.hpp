// Runs body(i) for i in [0, n) on the calling thread and threads - 1 workers (parked between calls, so many
// short calls stay cheap). Results are deterministic when body(i) writes only to slot i and draws from
// RandomStream(seed, i): the thread count changes speed, never numbers.
// threads <= 0 uses every core. Stops handing out work when *cancel becomes true. If bodies throw, the
// exception of the lowest index is rethrown after all threads finish. When the system cannot create as many
// threads as asked (memory or process limits), the work runs on those it could create and the calling thread.
// Calls may nest and may come from several threads at once.
#pragma once
#include <atomic>
#include <cstddef>
#include <functional>

namespace arbiter::core {

int default_thread_count();
void parallel_for(std::size_t n, int threads, const std::function<void(std::size_t)>& body,
                  const std::atomic<bool>* cancel = nullptr);

}  // namespace arbiter::core
