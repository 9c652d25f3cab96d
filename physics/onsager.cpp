// Closed forms of the infinite square-lattice Ising model. The elliptic integrals come from the standard
// library (std::comp_ellint_1 / comp_ellint_2, modulus k); the free-energy integral by Gauss-Legendre.
#include "physics/onsager.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

namespace arbiter::physics {
namespace {

void check(double T, double J) {
  if (!(T > 0.0) || !std::isfinite(T))
    throw std::invalid_argument("Onsager solution: expected a temperature T > 0, got " + std::to_string(T));
  if (!(J > 0.0) || !std::isfinite(J))
    throw std::invalid_argument("Onsager solution: expected a coupling J > 0, got " + std::to_string(J));
}

// Elliptic modulus k = 2 sinh(2K) / cosh^2(2K) in [0, 1], equal to 1 exactly at T_c.
double modulus(double K) {
  const double c = std::cosh(2.0 * K);
  return std::min(1.0, 2.0 * std::sinh(2.0 * K) / (c * c));
}

// 20-point Gauss-Legendre on [-1, 1] (symmetric nodes, positive half listed).
constexpr std::array<double, 10> kNodes = {
    0.0765265211334973, 0.2277858511416451, 0.3737060887154195, 0.5108670019508271, 0.6360536807265150,
    0.7463319064601508, 0.8391169718222188, 0.9122344282513258, 0.9639719272779138, 0.9931285991850949};
constexpr std::array<double, 10> kWeights = {
    0.1527533871307258, 0.1491729864726037, 0.1420961093183819, 0.1316886384491765, 0.1181945319615182,
    0.1019301198172403, 0.0832767415767047, 0.0626720483341094, 0.0406014298003862, 0.0176140071391533};

template <class F> double gauss_legendre(F f, double a, double b, int panels) {
  const double width = (b - a) / panels;
  double total = 0.0;
  for (int p = 0; p < panels; ++p) {
    const double mid = a + (p + 0.5) * width, half = 0.5 * width;
    for (std::size_t i = 0; i < kNodes.size(); ++i)
      total += kWeights[i] * half * (f(mid - half * kNodes[i]) + f(mid + half * kNodes[i]));
  }
  return total;
}

}  // namespace

double onsager_critical_temperature(double J) {
  if (!(J > 0.0) || !std::isfinite(J))
    throw std::invalid_argument("Onsager solution: expected a coupling J > 0, got " + std::to_string(J));
  return 2.0 * J / std::log(1.0 + std::numbers::sqrt2);
}

double onsager_energy_per_spin(double T, double J) {
  check(T, J);
  const double K = J / T;
  const double k = modulus(K);
  const double t = std::tanh(2.0 * K);
  const double factor = 2.0 * t * t - 1.0;  // vanishes at T_c, where K1(k) diverges (logarithmically)
  const double elliptic = (k < 1.0 && factor != 0.0) ? factor * std::comp_ellint_1(k) : 0.0;
  return -J / t * (1.0 + 2.0 / std::numbers::pi * elliptic);
}

double onsager_heat_capacity_per_spin(double T, double J) {
  check(T, J);
  const double K = J / T;
  const double k = modulus(K);
  if (k >= 1.0) return INFINITY;
  const double t = std::tanh(2.0 * K);
  const double coth = 1.0 / t;
  const double K1 = std::comp_ellint_1(k), E1 = std::comp_ellint_2(k);
  // c = (4/pi) (K coth 2K)^2 [K1 - E1 - (1 - tanh^2 2K)(pi/2 + (2 tanh^2 2K - 1) K1)], the T-derivative of u.
  return 4.0 / std::numbers::pi * (K * coth) * (K * coth) *
         (K1 - E1 - (1.0 - t * t) * (std::numbers::pi / 2.0 + (2.0 * t * t - 1.0) * K1));
}

double onsager_free_energy_per_spin(double T, double J) {
  check(T, J);
  const double K = J / T;
  const double k = modulus(K);
  auto integrand = [k](double theta) {
    const double s = k * std::sin(theta);
    return std::log(0.5 * (1.0 + std::sqrt(std::max(0.0, 1.0 - s * s))));
  };
  // The integrand is symmetric about pi/2 and smooth on [0, pi/2] even at k = 1.
  const double integral = 2.0 * gauss_legendre(integrand, 0.0, std::numbers::pi / 2.0, 16);
  const double log_z_per_spin = std::log(2.0 * std::cosh(2.0 * K)) + integral / (2.0 * std::numbers::pi);
  return -T * log_z_per_spin;
}

double yang_spontaneous_magnetisation(double T, double J) {
  check(T, J);
  if (T >= onsager_critical_temperature(J)) return 0.0;
  const double s = std::sinh(2.0 * J / T);
  return std::pow(1.0 - 1.0 / (s * s * s * s), 0.125);
}

}  // namespace arbiter::physics
