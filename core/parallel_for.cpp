// The worker threads are kept between calls (one process-wide pool, grown to the largest count asked for),
// so a caller that runs many short parallel_for calls (a batch of slices, a GUI's live slices) pays neither
// the thread start nor the scheduler's placement of a new thread each time: a parked worker wakes on the
// core it last ran on. One call at a time uses the pool; a call made while it is busy (from inside a body,
// or from another thread), one asking for more than 16 workers per core, and one in a child process after a
// fork (whose copy of the pool has no threads) start their own threads, as every call did before the pool.
#include "core/parallel_for.hpp"

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <limits>
#include <mutex>
#include <new>
#include <system_error>
#include <thread>
#include <vector>
#include <unistd.h>

namespace arbiter::core {

int default_thread_count() {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

namespace {

constexpr std::size_t kPoolPerCore = 16;  // larger calls get threads of their own, not kept

// One call's work: indices handed out one at a time, the lowest-index exception kept.
struct Job {
  std::size_t n;
  const std::function<void(std::size_t)>& body;
  const std::atomic<bool>* cancel;
  std::atomic<std::size_t> next{0};
  std::mutex error_mutex;
  std::exception_ptr first_error;
  std::size_t first_error_index = std::numeric_limits<std::size_t>::max();

  Job(std::size_t count, const std::function<void(std::size_t)>& f, const std::atomic<bool>* c)
      : n(count), body(f), cancel(c) {}

  void work() {
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
  }
};

// The parked workers. run() hands a job to the first `helpers` of them and works on it too; it returns when
// every helper has left the job.
class Pool {
 public:
  // Takes the pool for one call; false if another call holds it, or in a forked child.
  bool try_acquire() {
    if (getpid() != owner_) return false;
    bool expected = false;
    return busy_.compare_exchange_strong(expected, true, std::memory_order_acquire);
  }
  void release() { busy_.store(false, std::memory_order_release); }

  // Called with the pool acquired. Uses up to `helpers` workers (fewer if the system refuses threads).
  void run(Job& job, std::size_t helpers) {
    grow(helpers);
    helpers = std::min(helpers, threads_.size());
    {
      std::lock_guard<std::mutex> lock(mutex_);
      job_ = &job;
      helpers_ = helpers;
      active_ = helpers;
      ++generation_;
    }
    if (helpers > 0) wake_.notify_all();
    job.work();
    std::unique_lock<std::mutex> lock(mutex_);
    done_.wait(lock, [&] { return active_ == 0; });
    job_ = nullptr;
  }

 private:
  void grow(std::size_t helpers) {
    // A thread the system refuses (memory, process limits) is simply not there: the threads that did
    // start, and the caller, share the work, which gives the same results.
    try {
      while (threads_.size() < helpers) {
        const std::size_t index = threads_.size();
        threads_.emplace_back([this, index] { loop(index); });
      }
    } catch (const std::system_error&) {
    } catch (const std::bad_alloc&) {
    }
  }

  void loop(std::size_t index) {
    std::uint64_t seen = 0;
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      wake_.wait(lock, [&] { return generation_ != seen; });
      seen = generation_;
      if (index >= helpers_) continue;
      Job* job = job_;
      lock.unlock();
      job->work();
      lock.lock();
      if (--active_ == 0) done_.notify_one();
    }
  }

  const pid_t owner_ = getpid();
  std::atomic<bool> busy_{false};
  std::mutex mutex_;
  std::condition_variable wake_, done_;
  std::vector<std::thread> threads_;  // grown only by the holder of busy_
  Job* job_ = nullptr;
  std::size_t helpers_ = 0, active_ = 0;
  std::uint64_t generation_ = 0;
};

std::size_t pool_limit() {
  static const std::size_t limit = kPoolPerCore * static_cast<std::size_t>(default_thread_count());
  return limit;
}

// Never destroyed: the parked workers end with the process, so an exit never waits on them.
Pool& pool() {
  static Pool* const p = new Pool;
  return *p;
}

struct PoolLease {
  Pool& pool;
  ~PoolLease() { pool.release(); }
};

// The same work on threads started for this call alone.
void run_on_new_threads(Job& job, std::size_t helpers) {
  std::vector<std::thread> threads;
  try {
    threads.reserve(helpers);
    for (std::size_t t = 0; t < helpers; ++t) threads.emplace_back([&job] { job.work(); });
  } catch (const std::system_error&) {
  } catch (const std::bad_alloc&) {
  }
  job.work();
  for (auto& t : threads) t.join();
}

}  // namespace

void parallel_for(std::size_t n, int threads, const std::function<void(std::size_t)>& body,
                  const std::atomic<bool>* cancel) {
  if (n == 0) return;
  if (threads <= 0) threads = default_thread_count();
  const std::size_t workers = std::min<std::size_t>(static_cast<std::size_t>(threads), n);
  Job job(n, body, cancel);
  if (workers == 1) {
    job.work();
  } else if (Pool& p = pool(); workers <= pool_limit() && p.try_acquire()) {
    const PoolLease lease{p};
    p.run(job, workers - 1);
  } else {
    run_on_new_threads(job, workers - 1);
  }
  if (job.first_error) std::rethrow_exception(job.first_error);
}

}  // namespace arbiter::core
