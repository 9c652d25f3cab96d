// A progress bar on stderr with elapsed time and an ETA, drawn only when stderr is a terminal (and at most
// ten times a second), so logs and pipes stay clean.
#pragma once
#include <chrono>
#include <string>

namespace arbiter::apps {

class ProgressBar {
 public:
  explicit ProgressBar(std::string label, bool enabled = true);
  ~ProgressBar();
  void update(double fraction);  // fraction in [0, 1]
  void finish();                 // clears the line

 private:
  std::string label_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace arbiter::apps
