#include "econ/hessian_inverse.hpp"

#include <cmath>
#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>

namespace arbiter::econ {

Eigen::MatrixXd inverse_of_positive(const Eigen::MatrixXd& m) {
  if (m.size() == 0) return m;
  Eigen::LDLT<Eigen::MatrixXd> ldlt(m);
  if (ldlt.info() != Eigen::Success || !ldlt.isPositive() ||
      ldlt.vectorD().minCoeff() <= 1e-12 * ldlt.vectorD().maxCoeff())
    return {};
  return ldlt.solve(Eigen::MatrixXd::Identity(m.rows(), m.cols()));
}

std::string singular_hessian_warning(const Eigen::MatrixXd& neg_hessian, const std::vector<std::string>& names) {
  std::string involved;
  if (neg_hessian.size() > 0 && neg_hessian.allFinite()) {
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(neg_hessian);
    const Eigen::VectorXd v = eig.eigenvectors().col(0);
    for (Eigen::Index i = 0; i < v.size() && i < static_cast<Eigen::Index>(names.size()); ++i)
      if (std::abs(v[i]) > 0.1) involved += (involved.empty() ? "" : ", ") + names[static_cast<std::size_t>(i)];
  }
  return "the Hessian is singular (or not negative definite) at the estimates; parameters involved: " +
         (involved.empty() ? std::string("(not determined)") : involved);
}

}  // namespace arbiter::econ
