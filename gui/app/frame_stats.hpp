// Frame-time bookkeeping: a rolling window for the status bar and the full record for the --screenshot
// report (mean, median, 95th percentile, max), in milliseconds.
#pragma once
#include <string>
#include <vector>

namespace arbiter::gui {

class FrameStats {
 public:
  // One frame: its whole time, the time spent stepping the experiment (and how many steps), the time
  // spent building the ImGui frame (the rest is OpenGL rendering and the buffer swap), and the CPU time
  // the process used in it over all its threads (the software renderer's too; on a machine shared with
  // other work, the wall-clock frame time of an unshared machine is at most about this), and the part of
  // that CPU time spent stepping.
  void add(double frame_ms, double step_ms, int steps, double draw_ms, double cpu_ms, double step_cpu_ms);
  // Mean frame time over the last `window` frames.
  double recent_mean_ms(std::size_t window = 60) const;
  double recent_step_ms(std::size_t window = 60) const;
  // Steps per second over the last `window` frames.
  double recent_steps_per_second(std::size_t window = 60) const;
  // "frame time over N frames (after K warm-up): mean .. median .. p95 .. max .. ms; stepping .. ms/frame,
  // drawing .. ms/frame, rendering and swap .. ms/frame; while simulating (M frames): median .. p95 .. max
  // .. ms, CPU time median .. p95 .. ms, outside stepping median .. ms" (the last over the frames that
  // stepped).
  std::string report(std::size_t warmup) const;

 private:
  std::vector<double> frame_ms_, step_ms_, draw_ms_, cpu_ms_, step_cpu_ms_;
  std::vector<int> steps_;
};

}  // namespace arbiter::gui
