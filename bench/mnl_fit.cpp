// Benchmark: load the synthetic 200,000 x 10 conditional-logit file (see docs/performance.md for how to
// generate it), fit the 5-coefficient conditional logit, and report load MB/s, fit time, peak RSS and the
// coefficients against the exact optimum from /work/shared/peers/README.md. With --peer, runs the numpy Newton
// peer on the same file in the same run (once timed by wall clock, once by CPU time) and reports both fit-time
// ratios. Not run by ctest (the file is generated).
// Usage: mnl_fit FILE.csv [--threads N] [--repeat R] [--peer]
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "econ/choice_data.hpp"
#include "econ/design.hpp"
#include "econ/estimation.hpp"

using namespace arbiter::econ;

namespace {

double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

// CPU seconds of every thread of the process: on a shared machine the figure to compare (wall time there
// also counts the time other processes hold the cores).
double cpu_now() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

double peak_rss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

bool same_6_significant(double a, double b) {
  char x[32], y[32];
  std::snprintf(x, sizeof x, "%.5e", a);
  std::snprintf(y, sizeof y, "%.5e", b);
  return std::string(x) == y;
}

// Runs the numpy peer and returns its reported fit seconds (NaN if it could not be read).
// Runs the numpy peer and returns its "fit" seconds. With cpu, its clock is the process CPU time (every
// thread's, BLAS included: time.time is replaced by time.process_time), the figure that does not depend on
// what else the machine runs; otherwise wall time, as the peer measures it.
double run_numpy_peer(const std::string& file, bool cpu) {
  const std::string peer = "/work/shared/peers/mnl_numpy_newton.py";
  const std::string cmd =
      cpu ? "/usr/bin/python3 -c \"import runpy, sys, time; time.time = time.process_time; sys.argv = ['" + peer +
                "', '" + file + "']; runpy.run_path('" + peer + "', run_name='__main__')\" 2>&1"
          : "/usr/bin/python3 " + peer + " '" + file + "' 2>&1";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), pclose);
  if (!pipe) return std::nan("");
  char line[512];
  double fit = std::nan("");
  std::printf("---- numpy peer (%s): %s\n", cpu ? "CPU seconds" : "wall seconds", cmd.c_str());
  while (std::fgets(line, sizeof line, pipe.get())) {
    std::printf("  | %s", line);
    const char* f = std::strstr(line, " fit ");
    if (f) fit = std::atof(f + 5);
  }
  return fit;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s FILE.csv [--threads N] [--repeat R] [--peer]\n", argv[0]);
    return 2;
  }
  const std::string file = argv[1];
  int threads = 0, repeat = 3;
  bool peer = false;
  for (int i = 2; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--threads" && i + 1 < argc) threads = std::atoi(argv[++i]);
    else if (a == "--repeat" && i + 1 < argc) repeat = std::max(1, std::atoi(argv[++i]));
    else if (a == "--peer") peer = true;
  }
  struct stat st {};
  if (stat(file.c_str(), &st) != 0) {
    std::fprintf(stderr, "cannot read %s\n", file.c_str());
    return 2;
  }
  const double mb = static_cast<double>(st.st_size) / 1e6;
  ChoiceColumns cols;
  cols.situation = "sid";
  cols.alternative = "alt";
  cols.choice = "chosen";
  ModelSpec spec;
  spec.constants = false;
  spec.generic = {"x1", "x2", "x3", "x4", "x5"};

  double t0 = now(), c0 = cpu_now();
  Design design;
  double load_s = 0.0, load_cpu = 0.0, design_s = 0.0;
  try {
    const ChoiceData data = load_choice_data(file, cols, spec.generic);
    load_s = now() - t0;
    load_cpu = cpu_now() - c0;
    t0 = now();
    design = build_design(data, spec);
    design_s = now() - t0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 2;
  }
  std::printf("file %s: %.1f MB, %zu situations, %zu rows\n", file.c_str(), mb, design.n_situations(), design.n_rows());
  std::printf("load  %.3f s wall (%.0f MB/s), %.3f CPU-s (%.0f MB per CPU-second)\n", load_s, mb / load_s, load_cpu,
              mb / load_cpu);
  std::printf("design + identification check %.3f s\n", design_s);

  EstimationOptions opt;
  opt.threads = threads;
  opt.constants_model = false;
  EstimationResult best;
  double best_fit = 1e300;
  double best_cpu = 1e300;
  for (int r = 0; r < repeat; ++r) {
    const double fc0 = cpu_now();
    const EstimationResult res = estimate_conditional_logit(design, opt);
    const double fit_cpu = cpu_now() - fc0;
    best_cpu = std::min(best_cpu, fit_cpu);
    std::printf("fit   %.4f s wall, %.4f CPU-s (%d Newton iterations after %d on the warm-start subsample; threads %d)\n",
                res.fit_seconds, fit_cpu, res.iterations, res.warm_start_iterations, threads);
    if (res.fit_seconds < best_fit) {
      best_fit = res.fit_seconds;
      best = res;
    }
  }
  const double optimum[5] = {-1.0003720, 0.4992279, 0.2464265, -0.5014231, 0.9989468};
  const double optimum_ll = -309794.103846;
  bool all_same = true;
  std::printf("%-4s %14s %14s %12s %s\n", "coef", "arbiter", "optimum", "std.err", "6 s.f.");
  for (int j = 0; j < 5; ++j) {
    const auto& p = best.parameters[static_cast<std::size_t>(j)];
    const bool same = same_6_significant(p.estimate, optimum[j]);
    all_same = all_same && same;
    std::printf("%-4s %14.7f %14.7f %12.7f %s\n", p.name.c_str(), p.estimate, optimum[j], p.std_error, same ? "yes" : "NO");
  }
  std::printf("log-likelihood %.6f (optimum %.6f), converged %s\n", best.log_likelihood, optimum_ll,
              best.converged ? "yes" : "no");
  std::printf("best fit %.4f s wall, %.4f CPU-s; peak RSS %.0f MB; coefficients equal to the optimum to 6 significant "
              "digits: %s\n",
              best_fit, best_cpu, peak_rss_mb(), all_same ? "yes" : "NO");
  if (peer) {
    const double numpy_wall = run_numpy_peer(file, false), numpy_cpu = run_numpy_peer(file, true);
    std::printf("numpy Newton fit %.3f s wall vs arbiter %.4f s: %.1fx; %.3f CPU-s vs %.4f CPU-s: %.1fx\n", numpy_wall,
                best_fit, numpy_wall / best_fit, numpy_cpu, best_cpu, numpy_cpu / best_cpu);
  }
  return all_same && best.converged ? 0 : 1;
}
