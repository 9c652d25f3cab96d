// Ctrl-C handling: the first SIGINT/SIGTERM sets a flag that long work polls, so a run stops cleanly at
// the next slice (and every later phase: assembling and writing results); a second one exits at once
// (status 128 + signal), removing the temporary files of writes in progress, unless the run's final results
// are already moving into place (core::final_commit_begun(): the run then ends whole).
#pragma once
#include <atomic>

namespace arbiter::apps {

void install_interrupt_handler();
const std::atomic<bool>& interrupted();

}  // namespace arbiter::apps
