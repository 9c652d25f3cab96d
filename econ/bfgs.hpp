// Quasi-Newton maximisation of a smooth function with an analytic gradient: BFGS updates of the inverse
// Hessian and a line search meeting the strong Wolfe conditions (Nocedal & Wright, algorithms 3.5 and 3.6).
// Converges when every gradient entry is at most gradient_tolerance in absolute value, or when no step
// increases f any more while the predicted gain g' H g is below gain_tolerance (f is at its optimum to its
// rounding). A point where the
// objective throws std::domain_error or returns a non-finite value counts as infinitely bad (the step is
// shortened). Not converging is no error: converged = false with the last iterate and a message saying why.
#pragma once
#include <atomic>
#include <functional>
#include <string>
#include <Eigen/Core>

namespace arbiter::econ {

// Returns f(x) and writes its gradient into `gradient` (already sized).
using Objective = std::function<double(const Eigen::VectorXd& x, Eigen::VectorXd& gradient)>;

struct BfgsOptions {
  int max_iterations = 500;
  double gradient_tolerance = 1e-6;
  double gain_tolerance = 1e-9;  // a failed line search still converges when g' H g is below this
  bool restart_after_failed_search = true;    // a failed line search resets the inverse Hessian once
  int line_search_evaluations = 24;           // at most this many evaluations per line search
  // A line-search trial whose gradient is within gradient_tolerance and whose value is the current one to its
  // rounding (1e-12 relative) is taken: near the optimum a Newton-like step can leave f unchanged to its last
  // digit while the gradient falls below the tolerance (without this the search fails there).
  bool take_converged_trial = false;
  const std::atomic<bool>* cancel = nullptr;  // stops (converged = false) when it becomes true
};

struct BfgsResult {
  Eigen::VectorXd x, gradient;
  double value = 0.0;
  Eigen::MatrixXd inverse_hessian;  // the final approximation of (-d2f/dx2)^-1
  int iterations = 0, evaluations = 0;
  bool converged = false;
  std::string message;
};

// Maximises f from x0. initial_inverse_hessian approximates (-d2f/dx2)^-1 at x0 (empty: the identity, scaled
// after the first step). Throws std::domain_error when f is not finite at x0.
BfgsResult maximize_bfgs(const Objective& f, const Eigen::VectorXd& x0, const Eigen::MatrixXd& initial_inverse_hessian,
                         const BfgsOptions& options = {});

// The same maximisation one iteration at a time (maximize_bfgs is `while (!done()) step();`): the constructor
// evaluates f at x0 (and throws as maximize_bfgs does), each step() does one line search and update (or the
// final test), result() is the current iterate, with the inverse Hessian once done().
class BfgsMaximiser {
 public:
  BfgsMaximiser(Objective f, const Eigen::VectorXd& x0, const Eigen::MatrixXd& initial_inverse_hessian,
                const BfgsOptions& options = {});
  // The same from f's value and gradient at x0, already known (no evaluation; evaluations counts from 0).
  BfgsMaximiser(Objective f, const Eigen::VectorXd& x0, double value0, const Eigen::VectorXd& gradient0,
                const Eigen::MatrixXd& initial_inverse_hessian, const BfgsOptions& options = {});
  void step();
  bool done() const { return done_; }
  const BfgsResult& result() const { return r_; }

 private:
  void start();  // checks the starting point and sets the inverse Hessian
  Objective f_;
  BfgsOptions options_;
  Eigen::MatrixXd initial_, H_;
  BfgsResult r_;
  bool given_ = false, scale_first_ = false, reset_ = false, done_ = false;
};

}  // namespace arbiter::econ
