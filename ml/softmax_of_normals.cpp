// Derivation. Let s_1..s_n be i.i.d. N(0, sigma^2), Z = sum_j e^{s_j}, p_1 = e^{s_1} / Z, and
// G(t) = E[exp(-t e^{s})], the Laplace transform of a lognormal. Three identities turn every expectation
// into integrals over t = e^tau of products of one-dimensional integrals:
//   1 / Z = int_0^inf e^{-t Z} dt,   1 / Z^2 = int_0^inf t e^{-t Z} dt,
//   log Z = int_0^inf (e^{-t} - e^{-t Z}) / t dt = -gamma + int_0^inf (1{t < 1} - e^{-t Z}) / t dt,
// and E[e^{-t Z} | s_1] = e^{-t e^{s_1}} G(t)^{n-1} by independence. With v = tau + s_1:
//   E[p_1]       = int dtau G^{n-1} int dv phi(v - tau) e^v exp(-e^v)
//   E[p_1^2]     = int dtau G^{n-1} int dv phi(v - tau) e^{2v} exp(-e^v)
//   E[p_1 s_1]   = int dtau G^{n-1} int dv phi(v - tau) (v - tau) e^v exp(-e^v)
//   E[log Z]     = -gamma + int dtau (1{tau < 0} - G^n)
//   E[p_1; s_1 is the largest] = int dtau int dv phi(v - tau) e^v exp(-e^v) g(tau, v)^{n-1},
//       g(tau, v) = E[exp(-e^{tau + s}); s < v - tau] = int_{-inf}^{v} phi(u - tau) exp(-e^u) du,
// where phi is the N(0, sigma^2) density and G(e^tau) = g(tau, +inf). Then by symmetry
//   E[max p] = n E[p_1; s_1 largest],  E[H] = E[log Z] - n E[p_1 s_1],  E[1 - sum p^2] = 1 - n E[p_1^2].
// Quadrature: v on a fixed trapezoid grid over [-45, 6] (outside it e^v exp(-e^v) < e^{-45}, and
// exp(-e^v) is 1 below, 0 above to that accuracy; the mass of phi below the grid enters g and G as a normal
// tail), only within 12 sigma of tau; tau on a trapezoid grid over [-45 - 12 sigma, 6 + 12 sigma].
#include "ml/softmax_of_normals.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "core/input_error.hpp"

namespace arbiter::ml {
namespace {

constexpr double kVLo = -45.0, kVHi = 6.0, kWindow = 12.0;

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

}  // namespace

NormalSoftmaxExpectations normal_softmax_expectations(int n, double sigma) {
  if (n < 1) throw core::ArgumentError("keys n", "an integer >= 1", std::to_string(n));
  if (!(sigma >= 0.0) || !std::isfinite(sigma))
    throw core::ArgumentError("sigma", "a finite number >= 0", std::to_string(sigma));
  NormalSoftmaxExpectations e;
  const double nn = n;
  if (sigma == 0.0 || n == 1) {  // every weight 1/n
    e.max_weight = 1.0 / nn;
    e.entropy = std::log(nn);
    e.jacobian_trace_norm = 1.0 - 1.0 / nn;
    e.log_partition = std::log(nn);
    e.total_weight = 1.0;
    return e;
  }
  // tau steps by a whole number of v steps, so v - tau always falls on the v grid and phi is tabulated once.
  const double hv = std::min(0.02, sigma / 25.0);
  const auto nv = static_cast<std::size_t>(std::ceil((kVHi - kVLo) / hv)) + 1;
  std::vector<double> ev(nv), eev(nv);
  for (std::size_t i = 0; i < nv; ++i) {
    const double v = kVLo + hv * static_cast<double>(i);
    ev[i] = std::exp(v);
    eev[i] = std::exp(-ev[i]);
  }
  const auto stride = static_cast<long>(std::max(1.0, std::floor(std::max(sigma, 1.0) / 80.0 / hv)));
  const double htau = hv * static_cast<double>(stride);
  const auto half = static_cast<long>(std::ceil(kWindow * sigma / hv));  // the window, in v steps
  std::vector<double> phi(static_cast<std::size_t>(2 * half + 1));
  const double norm = 1.0 / (sigma * std::sqrt(2.0 * M_PI));
  for (long j = -half; j <= half; ++j) {
    const double u = hv * static_cast<double>(j);
    phi[static_cast<std::size_t>(j + half)] = norm * std::exp(-0.5 * u * u / (sigma * sigma));
  }
  // tau = kVLo + hv * m for m from -half to (nv - 1) + half in steps of stride.
  double sum_w1 = 0.0, sum_w2 = 0.0, sum_ws = 0.0, sum_logz = 0.0, sum_max = 0.0;
  const long m_lo = -half, m_hi = static_cast<long>(nv) - 1 + half;
  const long steps = (m_hi - m_lo) / stride;
  for (long k = 0; k <= steps; ++k) {
    const long m = m_lo + k * stride;
    const double wt = (k == 0 || k == steps) ? 0.5 * htau : htau;
    const long i0 = std::max(0L, m - half), i1 = std::min(static_cast<long>(nv) - 1, m + half);
    double G = 0.0, a1 = 0.0, a2 = 0.0, as = 0.0, am = 0.0;
    if (i1 < i0) {
      G = m + half < 0 ? 1.0 : 0.0;
    } else {
      // g(tau, v) by the cumulative trapezoid rule with the Euler-Maclaurin end correction
      // -h^2/12 (f'(v) - f'(start)), f' from central differences.
      auto f = [&](long i) { return phi[static_cast<std::size_t>(i - m + half)] * eev[static_cast<std::size_t>(i)]; };
      auto fprime = [&](long i) {
        const long a = std::max(i0, i - 1), b = std::min(i1, i + 1);
        return b > a ? (f(b) - f(a)) / (hv * static_cast<double>(b - a)) : 0.0;
      };
      const double tail = normal_cdf(hv * static_cast<double>(i0 - m) / sigma);  // phi's mass below the window
      const double fp0 = fprime(i0);
      double trap = 0.0, prev = f(i0);
      for (long i = i0; i <= i1; ++i) {
        const double fi = f(i);
        if (i > i0) trap += 0.5 * hv * (prev + fi);
        prev = fi;
        const double g = std::max(0.0, tail + trap - hv * hv / 12.0 * (fprime(i) - fp0));
        const double w = (i == i0 || i == i1) ? 0.5 * hv : hv;
        const double b = fi * ev[static_cast<std::size_t>(i)];
        a1 += w * b;
        a2 += w * b * ev[static_cast<std::size_t>(i)];
        as += w * b * hv * static_cast<double>(i - m);
        if (b > 0.0 && g > 0.0) am += w * b * std::exp((nn - 1.0) * std::log(g));
      }
      G = std::max(0.0, tail + trap - hv * hv / 12.0 * (fprime(i1) - fp0));  // corrected like g
    }
    const double gn1 = std::pow(G, nn - 1.0);
    sum_w1 += wt * gn1 * a1;
    sum_w2 += wt * gn1 * a2;
    sum_ws += wt * gn1 * as;
    sum_max += wt * am;
    sum_logz -= wt * gn1 * G;
  }
  e.total_weight = nn * sum_w1;
  e.max_weight = nn * sum_max;
  // int (exp(-e^tau) - 1{tau < 0}) dtau = -gamma over the whole line, so only the smooth G^n is summed.
  constexpr double kEulerGamma = 0.57721566490153286061;
  const double tau_first = kVLo + hv * static_cast<double>(m_lo);  // the step 1{tau < 0} integrated exactly
  e.log_partition = -tau_first + sum_logz - kEulerGamma;
  e.entropy = e.log_partition - nn * sum_ws;
  e.jacobian_trace_norm = 1.0 - nn * sum_w2;
  return e;
}

}  // namespace arbiter::ml
