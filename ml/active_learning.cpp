// Gradient descent on the mean cross-entropy (core::cross_entropy_gradient_rows gives (p - y) / n per row),
// and gradient ascent on the entropy through core::entropy_gradient.
#include "ml/active_learning.hpp"

#include <algorithm>
#include <cmath>

#include "core/input_error.hpp"
#include "core/softmax.hpp"
#include "core/softmax_derivatives.hpp"

namespace arbiter::ml {
namespace {

void require(bool ok, const char* name, const std::string& expected, double got) {
  if (!ok) throw core::ArgumentError(name, expected, std::to_string(got));
}

Eigen::Vector3d augmented(const Eigen::Vector2d& x) { return {x[0], x[1], 1.0}; }

}  // namespace

QueryStrategy query_strategy(const std::string& name) {
  if (name == "synthesis") return QueryStrategy::synthesis;
  if (name == "uncertainty") return QueryStrategy::uncertainty;
  if (name == "random") return QueryStrategy::random;
  throw core::ArgumentError("strategy", "one of \"synthesis\", \"uncertainty\", \"random\"", "\"" + name + "\"");
}

std::string to_string(QueryStrategy s) {
  switch (s) {
    case QueryStrategy::synthesis: return "synthesis";
    case QueryStrategy::uncertainty: return "uncertainty";
    case QueryStrategy::random: return "random";
  }
  return "";
}

int SectorRule::label(const Eigen::Vector2d& x) const {
  const double theta = std::atan2(x[1] - centre[1], x[0] - centre[0]);
  int best = 0;
  double best_score = -2.0;
  for (int k = 0; k < classes; ++k) {
    const double score = std::cos(theta - 2.0 * M_PI * k / classes);
    if (score > best_score) best = k, best_score = score;
  }
  return best;
}

LinearSoftmax::LinearSoftmax(int classes, SoftmaxClassifierSettings settings) : s_(settings) {
  require(classes >= 2, "classes", "an integer >= 2", classes);
  require(s_.l2 > 0.0 && std::isfinite(s_.l2), "l2", "a finite number > 0", s_.l2);
  require(s_.train_steps >= 1, "train_steps", "an integer >= 1", s_.train_steps);
  require(s_.step_size > 0.0 && std::isfinite(s_.step_size), "step_size", "a finite number > 0", s_.step_size);
  W_ = Eigen::MatrixXd::Zero(classes, 3);
}

void LinearSoftmax::fit(const core::Batch<double>& X, const Eigen::VectorXi& y) {
  if (X.rows() == 0) return;
  core::Batch<double> A(X.rows(), 3);
  A.leftCols(2) = X;
  A.col(2).setOnes();
  for (int t = 0; t < s_.train_steps; ++t) {
    const core::Batch<double> z = A * W_.transpose();
    const core::Batch<double> g = core::cross_entropy_gradient_rows<double>(z, y);  // (p - y) / n
    const Eigen::MatrixXd grad = g.transpose() * A + s_.l2 * W_;
    W_ -= s_.step_size * grad;
  }
}

Eigen::VectorXd LinearSoftmax::logits(const Eigen::Vector2d& x) const { return W_ * augmented(x); }

int LinearSoftmax::predict(const Eigen::Vector2d& x) const {
  Eigen::Index k = 0;
  logits(x).maxCoeff(&k);
  return static_cast<int>(k);
}

double LinearSoftmax::entropy(const Eigen::Vector2d& x) const { return core::entropy_of_logits<double>(logits(x)); }

Eigen::Vector2d LinearSoftmax::entropy_gradient(const Eigen::Vector2d& x) const {
  const Eigen::VectorXd dz = core::entropy_gradient<double>(logits(x));
  return (W_.leftCols(2).transpose() * dz);
}

Eigen::Vector2d synthesise_query(const LinearSoftmax& model, const SynthesisSettings& s, core::RandomStream& rng) {
  require(s.restarts >= 1, "restarts", "an integer >= 1", s.restarts);
  require(s.ascent_steps >= 1, "ascent_steps", "an integer >= 1", s.ascent_steps);
  require(s.ascent_step > 0.0 && std::isfinite(s.ascent_step), "ascent_step", "a finite number > 0", s.ascent_step);
  Eigen::Vector2d best = Eigen::Vector2d::Zero();
  double best_h = -1.0;
  for (int r = 0; r < s.restarts; ++r) {
    Eigen::Vector2d x(rng.uniform(-1.0, 1.0), rng.uniform(-1.0, 1.0));
    double h = model.entropy(x), eta = s.ascent_step;
    // Backtracking: a step that lowers the entropy is halved (a sharp model's entropy has a narrow ridge);
    // an accepted one lets the next grow by half.
    for (int t = 0; t < s.ascent_steps; ++t) {
      const Eigen::Vector2d g = model.entropy_gradient(x);
      for (int halvings = 0; halvings < 60; ++halvings, eta *= 0.5) {
        const Eigen::Vector2d next = (x + eta * g).cwiseMax(-1.0).cwiseMin(1.0);
        if (const double hn = model.entropy(next); hn >= h) {
          x = next;
          h = hn;
          eta *= 1.5;
          break;
        }
      }
    }
    if (h > best_h) best = x, best_h = h;
  }
  return best;
}

double accuracy(const LinearSoftmax& model, const core::Batch<double>& test, const Eigen::VectorXi& labels) {
  if (test.rows() == 0) return 0.0;
  int right = 0;
  for (Eigen::Index i = 0; i < test.rows(); ++i) right += model.predict(test.row(i).transpose()) == labels[i];
  return static_cast<double>(right) / static_cast<double>(test.rows());
}

}  // namespace arbiter::ml
