// The built-in level families and their closed forms. Boltzmann factors come from core::boltzmann_factor.
#include "physics/level_families.hpp"

#include <cmath>
#include <string>
#include "core/input_error.hpp"
#include "core/softmax.hpp"
#include "core/table.hpp"
#include "physics/argument_names.hpp"

namespace arbiter::physics {
namespace {

void require(bool ok, const char* argument, const std::string& expected, double got) {
  if (!ok) throw core::ArgumentError(argument, expected, core::format_double(got));
}
void require_positive(double x, const char* argument) {
  require(x > 0.0 && std::isfinite(x), argument, "a finite number > 0", x);
}
void require_temperature(double T) {
  require(T > 0.0 && std::isfinite(T), arg::temperature, "a temperature > 0", T);
}

// log sinh(y) for y > 0 without overflow.
double log_sinh(double y) {
  if (y < 20.0) return std::log(std::sinh(y));
  return y - std::log(2.0) + std::log1p(-core::boltzmann_factor(2.0 * y, 1.0));
}

std::string spin_label(int twice_m) {
  if (twice_m % 2 == 0) return "m=" + std::to_string(twice_m / 2);
  return "m=" + std::to_string(twice_m) + "/2";
}

ClosedFormThermo finish(double log_z, double mean_energy, double heat_capacity, double magnetisation, double T) {
  ClosedFormThermo c;
  c.log_z = log_z;
  c.free_energy = -T * log_z;
  c.mean_energy = mean_energy;
  c.entropy = log_z + mean_energy / T;
  c.heat_capacity = heat_capacity;
  c.magnetisation = magnetisation;
  return c;
}

}  // namespace

LevelSystem two_level_system(double gap, double g0, double g1) {
  require(std::isfinite(gap), arg::gap, "a finite gap", gap);
  require_positive(g0, arg::ground_degeneracy);
  require_positive(g1, arg::excited_degeneracy);
  return LevelSystem({0.0, gap}, {g0, g1}, {}, {"ground", "excited"});
}

LevelSystem harmonic_oscillator(double hbar_omega, int levels) {
  require_positive(hbar_omega, arg::hbar_omega);
  require(levels >= 1, arg::oscillator_levels, "an integer >= 1", levels);
  std::vector<double> e;
  std::vector<std::string> labels;
  for (int k = 0; k < levels; ++k) {
    e.push_back(hbar_omega * (k + 0.5));
    labels.push_back("n=" + std::to_string(k));
  }
  return LevelSystem(std::move(e), {}, {}, std::move(labels));
}

LevelSystem einstein_solid(int oscillators, double hbar_omega, int max_quanta) {
  require(oscillators >= 1, arg::oscillators, "an integer >= 1", oscillators);
  require_positive(hbar_omega, arg::hbar_omega);
  require(max_quanta >= 0, arg::max_quanta, "an integer >= 0", max_quanta);
  std::vector<double> e, g;
  std::vector<std::string> labels;
  double ways = 1.0;  // C(q + N - 1, q), built up q by q
  for (int q = 0; q <= max_quanta; ++q) {
    if (q > 0) ways *= static_cast<double>(q + oscillators - 1) / q;
    require(std::isfinite(ways), arg::max_quanta,
            "few enough quanta for finite degeneracies C(q + N - 1, q)", max_quanta);
    e.push_back(hbar_omega * (q + 0.5 * oscillators));
    g.push_back(ways);
    labels.push_back("q=" + std::to_string(q));
  }
  return LevelSystem(std::move(e), std::move(g), {}, std::move(labels));
}

LevelSystem paramagnet(double spin_J, double moment, double field, int spins) {
  const double twice = 2.0 * spin_J;
  require(twice >= 1.0 && twice <= 1000.0 && twice == std::round(twice), arg::spin,
          "a spin J in {1/2, 1, 3/2, ...} up to 500", spin_J);
  require_positive(moment, arg::moment);
  require(std::isfinite(field), arg::magnetic_field, "a finite field", field);
  require(spins >= 1, arg::spins, "an integer >= 1", spins);
  const int n2 = static_cast<int>(twice);
  std::vector<double> e, mom;
  std::vector<std::string> labels;
  for (int tm = -n2; tm <= n2; tm += 2) {  // tm = 2 m
    const double frac = tm / twice;          // m / J in [-1, 1]
    e.push_back(-moment * field * frac);
    mom.push_back(moment * frac);
    labels.push_back(spin_label(tm));
  }
  return LevelSystem(std::move(e), {}, std::move(mom), std::move(labels), static_cast<double>(spins));
}

double schottky_heat_capacity(double gap, double T, double r) {
  require_temperature(T);
  const double x = gap / T;
  const double w = r * core::boltzmann_factor(gap, 1.0 / T);
  if (!std::isfinite(w)) return 0.0;  // gap very negative: the upper level is the ground state
  return x * x * w / ((1.0 + w) * (1.0 + w));
}

ClosedFormThermo two_level_closed_form(double gap, double g0, double g1, double T) {
  require_temperature(T);
  const double w = (g1 / g0) * core::boltzmann_factor(gap, 1.0 / T);
  const double log_z = std::log(g0) + std::log1p(w);
  const double u = gap * w / (1.0 + w);
  return finish(log_z, u, schottky_heat_capacity(gap, T, g1 / g0), 0.0, T);
}

ClosedFormThermo harmonic_oscillator_closed_form(double hbar_omega, double T) {
  require_temperature(T);
  const double x = hbar_omega / T;
  const double w = core::boltzmann_factor(hbar_omega, 1.0 / T);
  const double log_z = -0.5 * x - std::log1p(-w);
  const double u = hbar_omega * (0.5 + w / (1.0 - w));
  const double c = x * x * w / ((1.0 - w) * (1.0 - w));
  return finish(log_z, u, c, 0.0, T);
}

ClosedFormThermo einstein_solid_closed_form(int oscillators, double hbar_omega, double T) {
  ClosedFormThermo one = harmonic_oscillator_closed_form(hbar_omega, T);
  const double n = oscillators;
  return finish(n * one.log_z, n * one.mean_energy, n * one.heat_capacity, 0.0, T);
}

double brillouin(double spin_J, double x) {
  const double a = (2.0 * spin_J + 1.0) / (2.0 * spin_J), b = 1.0 / (2.0 * spin_J);
  if (std::abs(x) < 1e-4) return (spin_J + 1.0) / (3.0 * spin_J) * x;  // next term O(x^3)
  return a / std::tanh(a * x) - b / std::tanh(b * x);
}

double brillouin_derivative(double spin_J, double x) {
  const double a = (2.0 * spin_J + 1.0) / (2.0 * spin_J), b = 1.0 / (2.0 * spin_J);
  if (std::abs(x) < 1e-3)
    return (a * a - b * b) / 3.0 - (a * a * a * a - b * b * b * b) * x * x / 15.0;
  auto inv_sinh2 = [](double y) {
    const double s = std::sinh(y);
    return std::isfinite(s) ? 1.0 / (s * s) : 0.0;
  };
  return b * b * inv_sinh2(b * x) - a * a * inv_sinh2(a * x);
}

ClosedFormThermo paramagnet_closed_form(double spin_J, double moment, double field, int spins, double T) {
  require_temperature(T);
  const double x = moment * field / T, ax = std::abs(x);
  const double a = (2.0 * spin_J + 1.0) / (2.0 * spin_J), b = 1.0 / (2.0 * spin_J);
  // z = sinh(a x) / sinh(b x) = sum over m of e^{x m / J}; 2J + 1 at x = 0.
  const double log_z1 = ax < 1e-8 ? std::log(2.0 * spin_J + 1.0) : log_sinh(a * ax) - log_sinh(b * ax);
  const double bj = brillouin(spin_J, x);
  const double n = spins;
  return finish(n * log_z1, -n * moment * field * bj, n * x * x * brillouin_derivative(spin_J, x), n * moment * bj,
                T);
}

SchottkyPeak schottky_peak() {
  // dC/dT = 0 with x = gap / T reduces to x tanh(x / 2) = 2; Newton's method from x = 2.4 converges to full
  // precision (a search on C itself could only place the flat maximum to ~sqrt(machine epsilon)).
  double x = 2.4;
  for (int i = 0; i < 50; ++i) {
    const double t = std::tanh(0.5 * x), c = std::cosh(0.5 * x);
    const double step = (x * t - 2.0) / (t + 0.5 * x / (c * c));
    x -= step;
    if (std::abs(step) < 1e-15 * x) break;
  }
  return {1.0 / x, schottky_heat_capacity(1.0, 1.0 / x)};
}

}  // namespace arbiter::physics
