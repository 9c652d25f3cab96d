#include "apps/interrupt.hpp"

#include <csignal>
#include <unistd.h>

#include "core/atomic_file.hpp"

namespace arbiter::apps {
namespace {

std::atomic<bool> flag{false};

// The second signal exits at once, removing the temporary files of writes in progress first, unless the
// final results are already moving into place (then the run is about to end whole).
extern "C" void on_signal(int sig) {
  if (flag.load()) {
    if (core::final_commit_begun()) return;
    core::remove_temporary_files_now();
    _exit(128 + sig);
  }
  flag.store(true);
}

}  // namespace

void install_interrupt_handler() {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
}

const std::atomic<bool>& interrupted() { return flag; }

}  // namespace arbiter::apps
