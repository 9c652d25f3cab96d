// Transfer matrices: U_ij = e^{-beta (E_ij - E_min)} (Boltzmann factors from core) for one step i -> j of a
// closed path of M steps, diagonalised once: U = V diag(mu) V^T. For an additive observable O = sum over steps
// of G_ij, Tr(U^M) <O> = M Tr(U^(M-1) (G.U)) and Tr(U^M) <O^2> = M Tr(U^(M-1) (G^2.U)) + M sum_ij A_ij^2 D_ij,
// with A = V^T (G.U) V and D_ij = sum_k mu_i^k mu_j^(M-2-k) (eigenvalues rescaled so the largest is 1).
#include "physics/transfer_matrix.hpp"

#include <Eigen/Eigenvalues>
#include <bit>
#include <cmath>
#include <limits>
#include <string>
#include "core/input_error.hpp"
#include "core/softmax.hpp"
#include "physics/argument_names.hpp"
#include "physics/exact_reduction.hpp"

namespace arbiter::physics {
namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Moments {
  double mean, second;  // <O>, <O^2> (M > 0); for M = 0 per step: d log(lambda)/ds, d^2 log(lambda)/ds^2
};

class ClosedPaths {
 public:
  // energy(i, j): the energy of one step; M steps (M = 0: the largest eigenvalue only).
  ClosedPaths(const MatrixXd& energy, int M, double beta) : M_(M) {
    e_min_ = energy.minCoeff();
    U_ = energy.unaryExpr([&](double e) { return core::boltzmann_factor(e - e_min_, beta); });
    Eigen::SelfAdjointEigenSolver<MatrixXd> solver(U_);
    const VectorXd lambda = solver.eigenvalues();  // ascending: the Perron root is last
    V_ = solver.eigenvectors();
    lambda_max_ = lambda[lambda.size() - 1];
    mu_ = lambda / lambda_max_;
    trace_ = 0.0;
    for (Eigen::Index i = 0; i < mu_.size(); ++i) trace_ += power(mu_[i], M_);
    U_ /= lambda_max_;
  }

  // log Z = -beta M E_min + M log(lambda_max) + log Tr(U^M)   (M > 0); per step for M = 0.
  double log_z(double beta) const {
    if (M_ == 0) return -beta * e_min_ + std::log(lambda_max_);
    return -beta * M_ * e_min_ + M_ * std::log(lambda_max_) + std::log(trace_);
  }
  double e_min() const { return e_min_; }

  Moments moments(const MatrixXd& g) const {
    const MatrixXd gu = g.cwiseProduct(U_);
    const MatrixXd g2u = g.cwiseProduct(gu);
    const Eigen::Index n = mu_.size(), top = n - 1;
    if (M_ == 0) {
      const VectorXd v = V_.col(top);
      const VectorXd a_col = V_.transpose() * (gu * v);
      const double first = a_col[top];
      double second = v.dot(g2u * v);
      for (Eigen::Index i = 0; i < top; ++i) second += 2.0 * a_col[i] * a_col[i] / (1.0 - mu_[i]);
      return {first, second - first * first};
    }
    const MatrixXd A = V_.transpose() * gu * V_;
    const VectorXd b = (V_.transpose() * g2u * V_).diagonal();
    double first = 0.0, second = 0.0;
    for (Eigen::Index i = 0; i < n; ++i) {
      first += power(mu_[i], M_ - 1) * A(i, i);
      second += power(mu_[i], M_ - 1) * b[i];
    }
    first *= M_;
    double cross = 0.0;
    if (M_ >= 2) {
      for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = 0; j < n; ++j) {
          double d = 0.0;
          for (int k = 0; k <= M_ - 2; ++k) d += power(mu_[i], k) * power(mu_[j], M_ - 2 - k);
          cross += A(i, j) * A(i, j) * d;
        }
    }
    second = M_ * (second + cross);
    return {first / trace_, second / trace_};
  }

 private:
  static double power(double x, int k) {
    double r = 1.0;
    for (int i = 0; i < k; ++i) r *= x;
    return r;
  }
  int M_;
  double e_min_ = 0.0, lambda_max_ = 1.0, trace_ = 1.0;
  MatrixXd U_, V_;
  VectorXd mu_;
};

}  // namespace

ExactIsingRow ising_transfer_matrix_row(int L, int M, double J, double h, double T) {
  if (L < 2 || L > kMaxTransferMatrixL)
    throw core::ArgumentError(arg::lattice_size, "an integer in [2, " + std::to_string(kMaxTransferMatrixL) + "]",
                            std::to_string(L));
  if (M < 0) throw core::ArgumentError(arg::strip_length, "an integer >= 0 (0: the infinite strip)", std::to_string(M));
  check_finite_parameter(J, arg::coupling);
  check_finite_parameter(h, arg::field);
  check_lattice_temperature(T);
  const double beta = 1.0 / T;
  const int rows = 1 << L;
  auto s = [](int r, int x) { return ((r >> x) & 1) ? 1 : -1; };
  VectorXd intra(rows), spin(rows);
  for (int r = 0; r < rows; ++r) {
    int b = 0, m = 0;
    for (int x = 0; x < L; ++x) {
      b += s(r, x) * s(r, (x + 1) % L);
      m += s(r, x);
    }
    intra[r] = b;
    spin[r] = m;
  }
  MatrixXd energy(rows, rows), spins(rows, rows);
  for (int i = 0; i < rows; ++i)
    for (int j = 0; j < rows; ++j) {
      const double vertical = L - 2 * std::popcount(static_cast<unsigned>(i ^ j));
      const double m = 0.5 * (spin[i] + spin[j]);
      energy(i, j) = -J * (0.5 * (intra[i] + intra[j]) + vertical) - h * m;
      spins(i, j) = m;
    }
  const ClosedPaths paths(energy, M, beta);
  MatrixXd offset = energy.array() - paths.e_min();
  const Moments e = paths.moments(offset);
  ExactIsingRow row;
  row.T = T;
  row.abs_m_per_spin = row.chi_per_spin = row.binder = kNaN;
  if (M == 0) {  // per step of L spins, infinite length
    row.log_z = kNaN;
    row.free_energy_per_spin = -T * paths.log_z(beta) / L;
    row.e_per_spin = (paths.e_min() + e.mean) / L;
    row.c_per_spin = e.second * beta * beta / L;
    const Moments m = paths.moments(spins);
    row.m_per_spin = m.mean / L;
    row.m2_per_spin = kNaN;
    return row;
  }
  const double n = static_cast<double>(L) * M;
  row.log_z = paths.log_z(beta);
  row.free_energy_per_spin = -T * row.log_z / n;
  row.e_per_spin = (M * paths.e_min() + e.mean) / n;
  row.c_per_spin = (e.second - e.mean * e.mean) * beta * beta / n;
  const Moments m = paths.moments(spins);
  row.m_per_spin = m.mean / n;
  row.m2_per_spin = m.second / (n * n);
  return row;
}

Ising1DResult ising_1d_exact(int N, double J, double h, double T) {
  if (N < 1) throw core::ArgumentError(arg::chain_length, "an integer >= 1", std::to_string(N));
  check_finite_parameter(J, arg::coupling);
  check_finite_parameter(h, arg::field);
  check_lattice_temperature(T);
  const double beta = 1.0 / T;
  // Closed form: log Z = N log l+ + log(1 + (l-/l+)^N).
  const double root = std::sqrt(std::sinh(beta * h) * std::sinh(beta * h) + core::boltzmann_factor(4.0 * J, beta));
  const double plus = std::cosh(beta * h) + root, minus = std::cosh(beta * h) - root;
  const double ratio = minus / plus;
  double ratio_n = 1.0;
  for (int i = 0; i < N; ++i) ratio_n *= ratio;
  Ising1DResult out{};
  out.log_z = N * (beta * J + std::log(plus)) + std::log1p(ratio_n);
  out.free_energy_per_spin = -T * out.log_z / N;
  // Energy, heat capacity and magnetisation from the 2 x 2 transfer matrix (exact derivatives).
  MatrixXd energy(2, 2), spins(2, 2);
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 2; ++j) {
      const double si = i ? 1.0 : -1.0, sj = j ? 1.0 : -1.0;
      energy(i, j) = -J * si * sj - h * 0.5 * (si + sj);
      spins(i, j) = 0.5 * (si + sj);
    }
  const ClosedPaths paths(energy, N, beta);
  const MatrixXd offset = energy.array() - paths.e_min();
  const Moments e = paths.moments(offset);
  out.e_per_spin = (N * paths.e_min() + e.mean) / N;
  out.c_per_spin = (e.second - e.mean * e.mean) * beta * beta / N;
  out.m_per_spin = paths.moments(spins).mean / N;
  return out;
}

double ising_1d_free_energy_per_spin_infinite(double J, double h, double T) {
  check_finite_parameter(J, arg::coupling);
  check_finite_parameter(h, arg::field);
  check_lattice_temperature(T);
  const double beta = 1.0 / T;
  const double root = std::sqrt(std::sinh(beta * h) * std::sinh(beta * h) + core::boltzmann_factor(4.0 * J, beta));
  return -T * (beta * J + std::log(std::cosh(beta * h) + root));
}

double ising_1d_magnetisation_infinite(double J, double h, double T) {
  check_finite_parameter(J, arg::coupling);
  check_finite_parameter(h, arg::field);
  check_lattice_temperature(T);
  const double beta = 1.0 / T;
  const double sh = std::sinh(beta * h);
  return sh / std::sqrt(sh * sh + core::boltzmann_factor(4.0 * J, beta));
}

}  // namespace arbiter::physics
