#include "apps/interrupt.hpp"

#include <csignal>
#include <unistd.h>

namespace arbiter::apps {
namespace {

std::atomic<bool> flag{false};

extern "C" void on_signal(int sig) {
  if (flag.load()) _exit(128 + sig);
  flag.store(true);
}

}  // namespace

void install_interrupt_handler() {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
}

const std::atomic<bool>& interrupted() { return flag; }

}  // namespace arbiter::apps
