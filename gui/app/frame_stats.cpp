// Frame-time statistics.
#include "gui/app/frame_stats.hpp"

#include <algorithm>
#include <cstdio>
#include <numeric>

namespace arbiter::gui {

void FrameStats::add(double frame_ms, double step_ms, int steps, double draw_ms, double cpu_ms, double step_cpu_ms) {
  cpu_ms_.push_back(cpu_ms);
  step_cpu_ms_.push_back(step_cpu_ms);
  frame_ms_.push_back(frame_ms);
  step_ms_.push_back(step_ms);
  draw_ms_.push_back(draw_ms);
  steps_.push_back(steps);
}

namespace {
template <class T>
double tail_mean(const std::vector<T>& v, std::size_t window) {
  if (v.empty()) return 0.0;
  const std::size_t n = std::min(window, v.size());
  return std::accumulate(v.end() - static_cast<std::ptrdiff_t>(n), v.end(), 0.0) / static_cast<double>(n);
}
}  // namespace

double FrameStats::recent_mean_ms(std::size_t window) const { return tail_mean(frame_ms_, window); }
double FrameStats::recent_step_ms(std::size_t window) const { return tail_mean(step_ms_, window); }

double FrameStats::recent_steps_per_second(std::size_t window) const {
  const double ms = tail_mean(frame_ms_, window);
  return ms > 0.0 ? tail_mean(steps_, window) * 1000.0 / ms : 0.0;
}

std::string FrameStats::report(std::size_t warmup) const {
  if (frame_ms_.size() <= warmup) return "too few frames for frame-time statistics";
  std::vector<double> f(frame_ms_.begin() + static_cast<std::ptrdiff_t>(warmup), frame_ms_.end());
  const std::size_t n = f.size();
  const double mean = std::accumulate(f.begin(), f.end(), 0.0) / static_cast<double>(n);
  const double step = std::accumulate(step_ms_.begin() + static_cast<std::ptrdiff_t>(warmup), step_ms_.end(), 0.0) /
                      static_cast<double>(n);
  const double steps = std::accumulate(steps_.begin() + static_cast<std::ptrdiff_t>(warmup), steps_.end(), 0.0) /
                       static_cast<double>(n);
  const double draw = std::accumulate(draw_ms_.begin() + static_cast<std::ptrdiff_t>(warmup), draw_ms_.end(), 0.0) /
                      static_cast<double>(n);
  // The frames that stepped the experiment (the ones that must stay under a display refresh).
  std::vector<double> busy, busy_cpu, busy_rest_cpu;
  for (std::size_t i = warmup; i < frame_ms_.size(); ++i)
    if (steps_[i] > 0) {
      busy.push_back(frame_ms_[i]);
      busy_cpu.push_back(cpu_ms_[i]);
      busy_rest_cpu.push_back(cpu_ms_[i] - step_cpu_ms_[i]);
    }
  std::sort(f.begin(), f.end());
  std::sort(busy.begin(), busy.end());
  std::sort(busy_cpu.begin(), busy_cpu.end());
  std::sort(busy_rest_cpu.begin(), busy_rest_cpu.end());
  auto quantile = [](const std::vector<double>& v, double q) {
    return v.empty() ? 0.0 : v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))];
  };
  char buf[640];
  std::snprintf(buf, sizeof buf,
                "frame time over %zu frames (after %zu warm-up): mean %.2f ms, median %.2f ms, p95 %.2f ms, "
                "max %.2f ms; stepping %.2f ms/frame, %.1f steps/frame; drawing %.2f ms/frame; rendering and "
                "swap %.2f ms/frame; while simulating (%zu frames): median %.2f ms, p95 %.2f ms, max %.2f ms, "
                "CPU time median %.2f ms, p95 %.2f ms, outside stepping median %.2f ms",
                n, warmup, mean, quantile(f, 0.5), quantile(f, 0.95), f.back(), step, steps, draw,
                mean - step - draw, busy.size(), quantile(busy, 0.5), quantile(busy, 0.95),
                busy.empty() ? 0.0 : busy.back(), quantile(busy_cpu, 0.5), quantile(busy_cpu, 0.95),
                quantile(busy_rest_cpu, 0.5));
  return buf;
}

}  // namespace arbiter::gui
