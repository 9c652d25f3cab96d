// Ctrl-C handling: the first SIGINT/SIGTERM sets a flag that long work polls, so a run stops cleanly at
// the next slice; a second one exits at once.
#pragma once
#include <atomic>

namespace arbiter::apps {

void install_interrupt_handler();
const std::atomic<bool>& interrupted();

}  // namespace arbiter::apps
