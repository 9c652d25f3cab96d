// The bounded run, its watchdog and its crash report.
#include "tests/reliability/bounded_run.hpp"

#include <sys/resource.h>
#include <unistd.h>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <thread>

#include "core/config_error.hpp"
#include "experiments/config_loader.hpp"
#include "experiments/runner.hpp"

#if defined(__SANITIZE_ADDRESS__)
#define ARBITER_FUZZ_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ARBITER_FUZZ_ASAN 1
#endif
#endif
#ifdef ARBITER_FUZZ_ASAN
#include <sanitizer/common_interface_defs.h>
// Under the address sanitizer, an allocation too large for the machine returns null (std::bad_alloc) rather
// than aborting, as it does without the sanitizer under limit_memory(); the fuzzer reports it as a defect.
extern "C" const char* __asan_default_options() {
  return "allocator_may_return_null=1:max_allocation_size_mb=6144";
}
#endif

namespace arbiter::fuzz {

namespace {

using Clock = std::chrono::steady_clock;

// The case being run, for crash and hang reports (written from a signal handler: a plain buffer).
char g_case[1024] = "(none)";

void set_case(const std::string& label) {
  const std::size_t n = std::min(label.size(), sizeof(g_case) - 2);
  std::memcpy(g_case, label.data(), n);
  g_case[n] = '\n';
  g_case[n + 1] = '\0';
}

void write_case(const char* what) {
  const ssize_t a = ::write(STDERR_FILENO, what, std::strlen(what));
  const ssize_t b = ::write(STDERR_FILENO, g_case, std::strlen(g_case));
  (void)a;
  (void)b;
}

extern "C" void on_crash(int sig) {
  write_case("\nconfig fuzzer: the process crashed (signal) while running the case:\n  ");
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

#ifdef ARBITER_FUZZ_ASAN
extern "C" void on_sanitizer_death() { write_case("\nconfig fuzzer: the sanitizer stopped the case:\n  "); }
#endif

void install_crash_report() {
  static std::once_flag once;
  std::call_once(once, [] {
#ifdef ARBITER_FUZZ_ASAN
    __sanitizer_set_death_callback(on_sanitizer_death);
#else
    for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT}) std::signal(sig, on_crash);
#endif
  });
}

// One thread for the whole process: while armed, a call that passes its deadline ends the process. Never
// destroyed: its detached thread waits on the condition variable until the process ends (destroying a
// condition variable another thread waits on hangs glibc's exit).
class Watchdog {
 public:
  static Watchdog& instance() {
    static Watchdog* w = new Watchdog;
    return *w;
  }
  void arm(double seconds) {
    std::lock_guard<std::mutex> lock(m_);
    deadline_ = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    armed_ = true;
    cv_.notify_all();
  }
  void disarm() {
    std::lock_guard<std::mutex> lock(m_);
    armed_ = false;
  }

 private:
  Watchdog() : thread_([this] { watch(); }) { thread_.detach(); }
  void watch() {
    std::unique_lock<std::mutex> lock(m_);
    while (true) {
      if (!armed_) {
        cv_.wait(lock);
        continue;
      }
      if (cv_.wait_until(lock, deadline_) == std::cv_status::timeout && armed_ && Clock::now() >= deadline_) {
        write_case("\nconfig fuzzer: a single call ran past its time bound (a hang) in the case:\n  ");
        std::_Exit(3);
      }
    }
  }
  std::mutex m_;
  std::condition_variable cv_;
  Clock::time_point deadline_;
  bool armed_ = false;
  std::thread thread_;
};

// Arms the watchdog for one call.
struct Bounded {
  explicit Bounded(double seconds) { Watchdog::instance().arm(seconds); }
  ~Bounded() { Watchdog::instance().disarm(); }
  Bounded(const Bounded&) = delete;
  Bounded& operator=(const Bounded&) = delete;
};

bool names_a_place(const std::string& message, const std::string& file) {
  return message.find(file) != std::string::npos || message.find('/') != std::string::npos;
}

}  // namespace

double build_slowness() {
#ifdef ARBITER_FUZZ_ASAN
  return 5.0;
#else
  return 1.0;
#endif
}

double call_slowness() {
#ifdef ARBITER_FUZZ_ASAN
  return 20.0;
#else
  return 1.0;
#endif
}

void limit_memory(double gigabytes) {
#ifndef ARBITER_FUZZ_ASAN  // the sanitizer reserves terabytes of address space; it caps allocations itself
  rlimit r{};
  if (getrlimit(RLIMIT_AS, &r) != 0) return;
  const auto bytes = static_cast<rlim_t>(gigabytes * 1024.0 * 1024.0 * 1024.0);
  if (r.rlim_cur == RLIM_INFINITY || r.rlim_cur > bytes) {
    r.rlim_cur = bytes;
    setrlimit(RLIMIT_AS, &r);
  }
#else
  (void)gigabytes;
#endif
}

RunOutcome bounded_run(const std::string& text, const std::string& file, const std::string& config_dir,
                       const RunBounds& bounds, const std::string& label) {
  install_crash_report();
  set_case(label);
  RunOutcome out;
  std::atomic<bool> cancel{false};
  try {
    std::unique_ptr<experiments::Experiment> experiment;
    {
      const Bounded bound(bounds.hang_seconds);
      nlohmann::json config;
      try {
        config = experiments::parse_json_text(text, file);
      } catch (const nlohmann::json::parse_error& e) {
        out.kind = RunOutcome::Kind::defect;
        out.message = std::string("the fuzzer wrote malformed JSON: ") + e.what();
        return out;
      }
      const auto cfg = experiments::resolve_config(std::move(config), file, config_dir);
      experiments::check_run_cost(cfg, false);
      experiment = experiments::make_experiment(cfg, 1, &cancel, experiments::kBatchSliceSeconds);
    }
    const auto start = Clock::now();
    while (true) {
      const Bounded bound(bounds.hang_seconds);
      if (experiment->done()) break;
      if (std::chrono::duration<double>(Clock::now() - start).count() > bounds.run_seconds) {
        cancel = true;
        (void)experiment->observables();  // what a live view would draw of it
        experiment.reset();
        out.kind = RunOutcome::Kind::cut_short;
        return out;
      }
      experiment->step();
    }
    experiments::Results results;
    {
      const Bounded bound(bounds.hang_seconds);
      (void)experiment->observables();
      results = experiment->finish();
      experiment.reset();
    }
    try {
      experiments::require_finite_results(results);
    } catch (const core::RunError& e) {
      out.kind = RunOutcome::Kind::defect;
      out.message = std::string("exit 0 would write a number that is not finite (the runner refuses it, exit 1): ") +
                    e.what();
      return out;
    }
    out.kind = RunOutcome::Kind::completed;
  } catch (const core::InputError& e) {
    out.message = e.what();
    out.kind = names_a_place(out.message, file) ? RunOutcome::Kind::refused : RunOutcome::Kind::defect;
    if (out.kind == RunOutcome::Kind::defect)
      out.message = "a refusal (exit 2) that names neither the file nor a JSON path: " + out.message;
  } catch (const core::RunError& e) {
    out.kind = RunOutcome::Kind::failed;
    out.message = e.what();
  } catch (const std::bad_alloc&) {
    out.kind = RunOutcome::Kind::defect;
    out.message = "std::bad_alloc: the run needs more memory than the machine has and was not refused up front";
  } catch (const std::exception& e) {
    out.kind = RunOutcome::Kind::defect;
    out.message = std::string("an exception that is neither a refusal nor a failed run (exit 1, \"error: ...\"): ") +
                  e.what();
  }
  return out;
}

}  // namespace arbiter::fuzz
