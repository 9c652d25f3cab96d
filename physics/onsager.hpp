// Exact results for the infinite 2D square-lattice Ising model at h = 0 (Onsager 1944, Yang 1952), with
// k_B = 1 and E = -J sum_<ij> s_i s_j over nearest-neighbour pairs (2 bonds per site), J > 0, T > 0:
//   T_c = 2J / ln(1 + sqrt 2) = 2.269185... J;  u(T_c) = -sqrt(2) J;
//   u(T) = -J coth(2K) [1 + (2/pi)(2 tanh^2(2K) - 1) K1(k)],   K = J/T,  k = 2 sinh(2K)/cosh^2(2K);
//   m(T) = (1 - sinh(2K)^-4)^(1/8) below T_c, 0 at and above.
// Throws std::invalid_argument for T <= 0, J <= 0 or a non-finite argument.
#pragma once

namespace arbiter::physics {

// Onsager's critical temperature 2J / ln(1 + sqrt 2).
double onsager_critical_temperature(double J = 1.0);
// Energy per spin u(T) (exactly -sqrt(2) J at T_c; continuous there).
double onsager_energy_per_spin(double T, double J = 1.0);
// Heat capacity per spin du/dT (closed form with complete elliptic integrals; +inf at exactly T_c).
double onsager_heat_capacity_per_spin(double T, double J = 1.0);
// Free energy per spin f = -T [ln(2 cosh 2K) + (1/2pi) int_0^pi ln((1 + sqrt(1 - k^2 sin^2 t))/2) dt],
// the integral (symmetric about pi/2, smooth on [0, pi/2]) by composite Gauss-Legendre quadrature to ~1e-12.
double onsager_free_energy_per_spin(double T, double J = 1.0);
// Yang's spontaneous magnetisation per spin (1 - sinh(2J/T)^-4)^(1/8) for T < T_c, 0 otherwise.
double yang_spontaneous_magnetisation(double T, double J = 1.0);

}  // namespace arbiter::physics
