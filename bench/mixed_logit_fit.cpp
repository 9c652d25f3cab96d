// Mixed-logit estimation speed: loads a long-format CSV, fits by maximum simulated likelihood with Halton draws
// from a cold start (conditional-logit means, spreads 0.1), and prints the wall time, log-likelihood,
// iterations, where the time of the likelihood evaluations goes, the CPU time of one single-precision
// evaluation, the core's batched softmax on the evaluation's shape (softmax_few_rows against softmax_columns)
// and the peak memory.
//   mixed_logit_fit [artificial|electricity] [--draws R] [--threads T] [--data CSV] [--se] [--repeat N]
//                   [--single G]  (single precision while max |gradient| > G; default 0.1; 0: double only)
//                   [--zero-start]  (means 0, spreads 0.1, as the numpy peer starts; default: conditional logit)
//                   [--starts N]  (N - 1 more fits from perturbed starts; the best kept)
// artificial: xlogit's benchmark (price time conven comfort nonsig1-3 fixed; meals petfr emipp normal);
// electricity: Train's panel (pf cl loc wk tod seas normal, draws per person).
#include <sys/resource.h>

#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/softmax.hpp"
#include "core/softmax_few_rows.hpp"
#include "econ/mixed_logit.hpp"
#include "econ/mixed_logit_estimation.hpp"

using namespace arbiter;
using Clock = std::chrono::steady_clock;

namespace {

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// Every column of a numeric CSV with a header.
std::map<std::string, std::vector<double>> read_csv(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::string line;
  std::getline(in, line);
  std::vector<std::string> names;
  std::stringstream header(line);
  for (std::string f; std::getline(header, f, ',');) names.push_back(f);
  std::map<std::string, std::vector<double>> cols;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const char* p = line.c_str();
    for (const auto& n : names) {
      char* end = nullptr;
      cols[n].push_back(std::strtod(p, &end));
      p = *end == ',' ? end + 1 : end;
    }
  }
  return cols;
}

econ::MixedLogitData make_data(std::map<std::string, std::vector<double>>& c, const std::vector<std::string>& vars,
                               const std::string& situation, const std::string& person) {
  econ::MixedLogitData d;
  const auto rows = static_cast<Eigen::Index>(c[situation].size());
  d.x.resize(rows, static_cast<Eigen::Index>(vars.size()));
  for (std::size_t k = 0; k < vars.size(); ++k)
    for (Eigen::Index r = 0; r < rows; ++r) d.x(r, static_cast<Eigen::Index>(k)) = c[vars[k]][static_cast<std::size_t>(r)];
  for (Eigen::Index r = 0; r < rows; ++r) {
    const auto i = static_cast<std::size_t>(r);
    if (r == 0 || c[situation][i] != c[situation][i - 1]) {
      d.offsets.push_back(r);
      d.chosen_row.push_back(-1);
      if (!person.empty() && (r == 0 || c[person][i] != c[person][i - 1]))
        d.person_offsets.push_back(static_cast<std::int64_t>(d.chosen_row.size() - 1));
    }
    if (c["choice"][i] != 0) d.chosen_row.back() = r;
  }
  d.offsets.push_back(rows);
  if (!person.empty()) d.person_offsets.push_back(static_cast<std::int64_t>(d.chosen_row.size()));
  return d;
}

// The core's batched softmax on one evaluation's shape (situations x 3 alternatives x R draws, the alternatives
// in rows): thread-CPU nanoseconds per distribution of softmax_few_rows and of softmax_columns, double and float.
template <class S>
void softmax_line(int draws) {
  const Eigen::Index k = 3, n = draws, reps = 4000;
  core::Batch<S> x(k, n), p(k, n);
  for (Eigen::Index j = 0; j < k; ++j)
    for (Eigen::Index c = 0; c < n; ++c) x(j, c) = static_cast<S>(j == 0 ? 0.0 : std::sin(0.37 * static_cast<double>(c + 7 * j)) * 3.0);
  double sink = 0.0;
  const double t0 = cpu_seconds();
  for (Eigen::Index r = 0; r < reps; ++r) {
    core::softmax_few_rows<S>(x.data(), n, p.data(), n, k, n);
    sink += static_cast<double>(p(0, r % n));
  }
  const double t1 = cpu_seconds();
  for (Eigen::Index r = 0; r < reps; ++r) {
    core::softmax_columns<S>(x, p);
    sink += static_cast<double>(p(0, r % n));
  }
  const double t2 = cpu_seconds();
  const double per = 1e9 / static_cast<double>(reps * n);
  std::printf("  core softmax, %d x 3 x %d (%s): softmax_few_rows %.2f ns per distribution, softmax_columns %.2f ns (check %.3f)\n",
              static_cast<int>(reps), draws, sizeof(S) == 4 ? "float" : "double", (t1 - t0) * per, (t2 - t1) * per, sink / 2 / reps);
}

}  // namespace

int main(int argc, char** argv) {
  std::string which = "artificial", data_path;
  int draws = 1500, threads = 0, repeat = 1, starts = 1;
  bool se = false, zero_start = false;
  double single = 0.1;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) throw std::runtime_error(a + " needs a value");
      return argv[++i];
    };
    if (a == "--draws") draws = std::stoi(next());
    else if (a == "--threads") threads = std::stoi(next());
    else if (a == "--data") data_path = next();
    else if (a == "--repeat") repeat = std::stoi(next());
    else if (a == "--se") se = true;
    else if (a == "--zero-start") zero_start = true;
    else if (a == "--starts") starts = std::stoi(next());
    else if (a == "--single") single = std::stod(next());
    else which = a;
  }
  const bool artificial = which == "artificial";
  if (data_path.empty())
    data_path = std::string("/work/shared/data/choice/") + (artificial ? "artificial_long.csv" : "electricity_long.csv");
  std::vector<econ::CoefficientSpec> spec;
  std::vector<std::string> vars;
  if (artificial) {
    for (const char* v : {"price", "time", "conven", "comfort", "meals", "petfr", "emipp", "nonsig1", "nonsig2", "nonsig3"}) {
      const std::string s = v;
      const bool random = s == "meals" || s == "petfr" || s == "emipp";
      spec.push_back({s, random ? econ::Distribution::normal : econ::Distribution::fixed, false});
      vars.push_back(s);
    }
  } else {
    for (const char* v : {"pf", "cl", "loc", "wk", "tod", "seas"}) {
      spec.push_back({v, econ::Distribution::normal, false});
      vars.push_back(v);
    }
  }
  for (int rep = 0; rep < repeat; ++rep) {
    const auto t0 = Clock::now();
    const double c0 = cpu_seconds();
    auto cols = read_csv(data_path);
    const auto data = make_data(cols, vars, artificial ? "id" : "chid", artificial ? "" : "id");
    econ::DrawOptions d;
    d.draws = draws;
    const auto t1 = Clock::now();
    const econ::MixedLogit model(data, econ::RandomCoefficients(spec), d, !artificial, threads);
    const auto t2 = Clock::now();
    const double c2 = cpu_seconds();
    econ::MixedLogitOptions o;
    o.threads = threads;
    o.standard_errors = se;
    o.single_precision_gradient = single;
    o.starts = starts;
    if (zero_start) o.start = model.coefficients().start(Eigen::VectorXd::Zero(static_cast<Eigen::Index>(spec.size())), 0.1);
    const auto fit = econ::estimate_mixed_logit(model, o);
    const auto t3 = Clock::now();
    const double c3 = cpu_seconds();
    auto secs = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
    std::printf("%s R=%d threads=%d: wall %.3f s (load %.3f, draws %.3f, start %.3f, fit %.3f, se %.3f)\n",
                which.c_str(), draws, threads, secs(t0, t3), secs(t0, t1), secs(t1, t2), fit.start_seconds,
                fit.fit_seconds, fit.std_error_seconds);
    std::printf("  cpu %.3f s (load and draws %.3f, start, fit and se %.3f)\n", c3 - c0, c2 - c0, c3 - c2);
    std::printf("  LL %.6f (start %.6f)  iterations %d  evaluations %d (%d single)  converged %s (%s)  max|g| %.2e\n",
                fit.log_likelihood, fit.start_log_likelihood, fit.iterations, fit.evaluations, fit.single_evaluations,
                fit.converged ? "yes" : "no", fit.message.c_str(), fit.gradient.cwiseAbs().maxCoeff());
    if (starts > 1) {
      std::printf("  starts: %d of %d reached the best; optima", fit.starts_at_best, starts);
      for (double v : fit.start_log_likelihoods) std::printf(" %.6f", v);
      std::printf("\n");
    }
    for (std::size_t i = 0; i < fit.names.size(); ++i)
      std::printf("  %-10s %12.6f  se %10.6f  bhhh %10.6f  robust %10.6f\n", fit.names[i].c_str(),
                  fit.theta[static_cast<Eigen::Index>(i)], fit.std_error[static_cast<Eigen::Index>(i)],
                  fit.bhhh_std_error[static_cast<Eigen::Index>(i)], fit.robust_std_error[static_cast<Eigen::Index>(i)]);
    // Where the time of one evaluation with gradient goes (thread-seconds, one thread).
    econ::MixedLogitProfile prof;
    const double ce = cpu_seconds();
    for (int k = 0; k < 3; ++k) model.evaluate(fit.theta, true, false, 1, &prof);
    const double per = (cpu_seconds() - ce) / 3;
    const double tot = prof.coefficients + prof.utilities + prof.softmax + prof.weights + prof.gradient;
    std::printf("  one evaluation with gradient, 1 thread: %.4f cpu s; coefficients %.0f%%, utilities %.0f%%, "
                "core softmax %.0f%%, weights %.0f%%, gradient %.0f%%\n",
                per, 100 * prof.coefficients / tot, 100 * prof.utilities / tot, 100 * prof.softmax / tot,
                100 * prof.weights / tot, 100 * prof.gradient / tot);
    const double cs = cpu_seconds();
    for (int k = 0; k < 3; ++k) model.evaluate_single(fit.theta, true, 1);
    std::printf("  one single-precision evaluation with gradient, 1 thread: %.4f cpu s\n", (cpu_seconds() - cs) / 3);
  }
  softmax_line<double>(draws);
  softmax_line<float>(draws);
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  std::printf("  peak memory %.0f MB\n", static_cast<double>(ru.ru_maxrss) / 1024.0);
  return 0;
}
