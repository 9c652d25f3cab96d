// Built-in discrete-level families and their closed forms (k_B = 1; every closed form is per system as
// built, i.e. for all copies / oscillators). Builders throw core::ArgumentError naming the
// argument (physics::arg::gap, ground_degeneracy, hbar_omega, max_quanta, spin, ...: argument_names.hpp).
//  - two-level system: energies 0 and gap with degeneracies g0, g1. Schottky heat capacity
//    C = (gap/T)^2 r e^{-gap/T} / (1 + r e^{-gap/T})^2, r = g1/g0; for r = 1 the peak is C = 0.4392 at
//    T = 0.4168 gap.
//  - quantum harmonic oscillator truncated to n levels: E_k = hbar_omega (k + 1/2), k = 0..n-1; converges to
//    the untruncated closed form as n grows (error ~ e^{-n hbar_omega / T}).
//  - Einstein solid of N oscillators truncated at q_max total quanta: E_q = hbar_omega (q + N/2) with
//    degeneracy C(q + N - 1, q); closed form N times one oscillator.
//  - paramagnet of `spins` independent spin-J moments (J = 1/2, 1, 3/2, ...): levels m = -J..J with energy
//    -moment * field * m / J and moment moment * m / J; magnetisation per spin = moment * B_J(x),
//    x = moment * field / T (B_{1/2}(x) = tanh x, Brillouin B_J in general).
#pragma once
#include "physics/levels.hpp"

namespace arbiter::physics {

LevelSystem two_level_system(double gap, double g0 = 1.0, double g1 = 1.0);
LevelSystem harmonic_oscillator(double hbar_omega, int levels);
LevelSystem einstein_solid(int oscillators, double hbar_omega, int max_quanta);
LevelSystem paramagnet(double spin_J, double moment, double field, int spins = 1);

// Closed-form thermodynamics (untruncated where the family is truncated).
struct ClosedFormThermo {
  double log_z = 0.0, free_energy = 0.0, mean_energy = 0.0, entropy = 0.0, heat_capacity = 0.0;
  double magnetisation = 0.0;
};
ClosedFormThermo two_level_closed_form(double gap, double g0, double g1, double T);
ClosedFormThermo harmonic_oscillator_closed_form(double hbar_omega, double T);
ClosedFormThermo einstein_solid_closed_form(int oscillators, double hbar_omega, double T);
ClosedFormThermo paramagnet_closed_form(double spin_J, double moment, double field, int spins, double T);

double schottky_heat_capacity(double gap, double T, double degeneracy_ratio = 1.0);
// Brillouin function B_J(x) = a coth(a x) - b coth(b x), a = (2J+1)/(2J), b = 1/(2J); B_J(0) = 0.
double brillouin(double spin_J, double x);
// dB_J/dx (= Var(m/J) in the ensemble); (J+1)/(3J) at x = 0.
double brillouin_derivative(double spin_J, double x);
// The Schottky peak (r = 1): T_peak / gap and C_peak, from the stationarity condition x tanh(x/2) = 2, x = gap/T.
struct SchottkyPeak { double t_over_gap, heat_capacity; };
SchottkyPeak schottky_peak();

}  // namespace arbiter::physics
