// Temperature scaling: one vectorised pass of the core's softmax (probabilities and log Z of every row at
// once) gives the NLL and its derivatives in u = log T. With s = z / T, ds/du = -s, and the core's
// cross-entropy gradient p - e_y gives dNLL/du = (p - e_y) . (-s) = s_y - E_p[s]; the softmax Jacobian
// diag(p) - p p^T gives d E_p[s] / du = -Var_p(s) - E_p[s], hence d2NLL/du2 = Var_p(s) - dNLL/du.
#include "ml/temperature_scaling.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "core/input_error.hpp"
#include "core/softmax.hpp"

namespace arbiter::ml {
namespace {

void check_input(core::BatchCRef<double> logits, const Eigen::VectorXi& labels) {
  if (logits.rows() == 0 || logits.cols() < 2)
    throw core::ArgumentError("logits", "at least one example of at least two classes",
                              std::to_string(logits.rows()) + " x " + std::to_string(logits.cols()));
  if (labels.size() != logits.rows())
    throw core::ArgumentError("labels", "one label per row of logits (" + std::to_string(logits.rows()) + ")",
                              std::to_string(labels.size()) + " labels");
  for (Eigen::Index i = 0; i < labels.size(); ++i)
    if (labels[i] < 0 || labels[i] >= logits.cols())
      throw core::ArgumentError("labels", "labels in [0, " + std::to_string(logits.cols() - 1) + "]",
                                std::to_string(labels[i]) + " at row " + std::to_string(i));
}

// The buffers of one fit, reused by every pass.
class Objective {
 public:
  Objective(core::BatchCRef<double> logits, const Eigen::VectorXi& labels) : labels_(labels) {
    check_input(logits, labels);
    n_ = logits.rows();
    k_ = logits.cols();
    if (logits.outerStride() == k_) {
      data_ = logits.data();
    } else {
      copy_ = logits;
      data_ = copy_.data();
    }
    offsets_.resize(static_cast<std::size_t>(n_) + 1);
    for (Eigen::Index i = 0; i <= n_; ++i) offsets_[static_cast<std::size_t>(i)] = i * k_;
    probs_.resize(n_ * k_);
    log_z_.resize(n_);
  }

  TemperatureObjective at(double T) {
    const Eigen::Map<const Eigen::VectorXd> flat(data_, n_ * k_);
    core::softmax_segments<double>(flat, offsets_.data(), n_, probs_, T, log_z_.data());
    double nll = 0.0, slope = 0.0, variance = 0.0;
    for (Eigen::Index i = 0; i < n_; ++i) {
      const double* z = data_ + i * k_;
      const double* p = probs_.data() + i * k_;
      double mean = 0.0;
      for (Eigen::Index j = 0; j < k_; ++j) mean += p[j] * z[j];
      double var = 0.0;
      for (Eigen::Index j = 0; j < k_; ++j) var += p[j] * (z[j] - mean) * (z[j] - mean);
      const double zy = z[labels_[i]];
      nll += log_z_[i] - zy / T;
      slope += zy - mean;
      variance += var;
    }
    const double n = static_cast<double>(n_);
    TemperatureObjective o;
    o.nll = nll / n;
    o.d_nll_d_log_t = slope / (n * T);
    o.d2_nll_d_log_t2 = variance / (n * T * T) - o.d_nll_d_log_t;
    return o;
  }

 private:
  const Eigen::VectorXi& labels_;
  Eigen::Index n_ = 0, k_ = 0;
  const double* data_ = nullptr;
  core::Batch<double> copy_;
  std::vector<std::int64_t> offsets_;
  Eigen::VectorXd probs_, log_z_;
};

}  // namespace

TemperatureObjective temperature_objective(core::BatchCRef<double> logits, const Eigen::VectorXi& labels, double T) {
  if (!(T > 0.0) || !std::isfinite(T)) throw core::ArgumentError("temperature", "a finite number > 0", std::to_string(T));
  return Objective(logits, labels).at(T);
}

TemperatureFit fit_temperature(core::BatchCRef<double> logits, const Eigen::VectorXi& labels, double tolerance,
                               int max_iterations) {
  Objective objective(logits, labels);
  const double u_min = std::log(kMinTemperature), u_max = std::log(kMaxTemperature);
  constexpr double kLargestStep = 2.0;  // a factor e^2 in T at most per step
  double u = 0.0;
  TemperatureObjective f = objective.at(1.0);
  TemperatureFit fit;
  fit.nll_at_one = f.nll;
  bool flat = false;
  for (int it = 0; it < max_iterations; ++it) {
    const double g = f.d_nll_d_log_t, h = f.d2_nll_d_log_t2;
    if (g == 0.0) {
      flat = h <= 0.0;  // every probability saturated (or every row's logits equal): nothing moves T
      fit.converged = true;
      break;
    }
    const double newton = h > 0.0 ? -g / h : (g > 0.0 ? -kLargestStep : kLargestStep);
    double step = std::clamp(newton, -kLargestStep, kLargestStep);
    if ((u <= u_min && step < 0.0) || (u >= u_max && step > 0.0)) break;
    bool moved = false;
    for (int halving = 0; halving < 60 && std::abs(step) > 1e-15; ++halving, step *= 0.5) {
      const double u_next = std::clamp(u + step, u_min, u_max);
      const TemperatureObjective f_next = objective.at(std::exp(u_next));
      // Lower, or level within rounding with a smaller slope (the last steps near the minimum).
      const bool lower = f_next.nll < f.nll;
      const bool level = f_next.nll <= f.nll + 1e-13 * std::abs(f.nll) &&
                         std::abs(f_next.d_nll_d_log_t) < std::abs(g);
      if (lower || level) {
        u = u_next;
        f = f_next;
        moved = true;
        break;
      }
    }
    if (!moved) break;
    ++fit.iterations;
    if (h > 0.0 && std::abs(newton) <= tolerance) {
      fit.converged = true;
      break;
    }  // quadratic convergence: T is now exact to ~tolerance^2
  }
  fit.at_bound = (u <= u_min && f.d_nll_d_log_t <= 0.0) || (u >= u_max && f.d_nll_d_log_t >= 0.0) ||
                 (flat && u != 0.0);
  fit.temperature = std::exp(u);
  fit.nll = f.nll;
  fit.gradient = f.d_nll_d_log_t;
  return fit;
}

}  // namespace arbiter::ml
