// Kaufman's four products, evaluated in logs and combined through core's log-sum-exp and softmax: with
// a, b = softmax(log Z1, log Z3), t12 = Z2/Z1 = prod tanh and t34 = Z4/Z3 = prod tanh (signed), the share of
// each product in S = Z1 + Z2 + Z3 + Z4 is w = (a, a t12, b, b t34) / (a (1 + t12) + b (1 + t34)), so nothing
// overflows and no share is 0/0 at high T (where t34 -> -1). Derivatives: for a product Z = prod f(u_r),
// Z'/Z = sum g(u_r) u_r' (g = tanh for cosh factors, coth for sinh) and Z''/Z = (Z'/Z)^2 + sum [g u'' + g' u'^2];
// the factor 2 sinh(u_0) of Z4, which vanishes at T_c, is kept apart so its share times coth(u_0) stays finite.
// Far above T_c (K < 0.1) each mode carries its share of the prefactor's derivatives (L coth 2K and
// -2L / sinh^2 2K), taken together with u' and u'' in a form smooth at K -> 0, so that e and c keep their
// relative accuracy (apart, the terms are ~ N / K and N / K^2 against <B> ~ 2N K and Var(B) ~ 2N).
#include "physics/kaufman_torus.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <string>
#include <vector>
#include "core/input_error.hpp"
#include "core/softmax.hpp"
#include "core/table.hpp"
#include "physics/argument_names.hpp"
#include "physics/exact_reduction.hpp"

namespace arbiter::physics {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Below this K = |J| / T the high-temperature series is the more accurate (the modes' derivatives, ~ 1 / sinh^2 2K,
// lose 1 / (4 K^2) roundings to cancellation and overflow below K ~ 1e-154).
constexpr double kHighTemperatureK = 1e-6;
// Below this K the prefactor's K-derivatives are taken with each mode's (above, apart: both are accurate there,
// and apart is the more accurate at low T, where the shares of Z4 in the other form cancel to ~1e-14).
constexpr double kPrefactorApartK = 0.1;

// u = L gamma / 2 and its first two K-derivatives; v = u + (L/2) log(2 sinh 2K), the mode with its share of
// the prefactor (1/2)(2 sinh 2K)^{N/2} (one of the L modes of each product), and its derivatives. For k > 0,
// v = (L/2) log(2 h) with h = sinh(2K) e^gamma = A + sqrt(A^2 - sinh^2 2K), A = cosh^2 2K - cos(theta) sinh 2K,
// smooth at K -> 0 (h -> 2), where u' and the prefactor's L coth 2K are each ~ L / (2K) and their sum is O(L)
// (and u'' and -2L / sinh^2 2K are each ~ L / (2K^2)): adding them as they are loses 1 / K^2 roundings. For
// k = 0 (cosh gamma_0 has no such form) the smooth one is w = -u + (L/2) log(2 sinh 2K) = L log(1 + e^{-2K}),
// with w' = -L (1 - tanh K) and w'' = L / cosh^2 K.
struct Mode {
  double u, du, d2u;
  double dv, d2v;  // k > 0: v', v''; k = 0: w', w''
};

// 1 - tanh u and 1 + tanh u without cancellation (1 / (cosh u (cosh u +- sinh u)) on the side where tanh u -> -+1);
// coth u - 1 for u > 0.
double one_minus_tanh(double u) { return u > 0.0 ? 1.0 / (std::cosh(u) * (std::cosh(u) + std::sinh(u))) : 1.0 - std::tanh(u); }
double one_plus_tanh(double u) { return u < 0.0 ? 1.0 / (std::cosh(u) * (std::cosh(u) - std::sinh(u))) : 1.0 + std::tanh(u); }
double coth_minus_one(double u) { return 1.0 / (std::sinh(u) * (std::cosh(u) + std::sinh(u))); }

// gamma_k for k > 0 (cosh gamma = q - cos theta, q = cosh^2 2K / sinh 2K) and gamma_0 = 2K + ln tanh K.
Mode mode(int k, int L, double K) {
  const double s = std::sinh(2.0 * K), c = std::cosh(2.0 * K);
  const double half = 0.5 * L;
  if (k == 0) {
    const double g = 2.0 * K + std::log(std::tanh(K));
    const double dg = 2.0 + 2.0 / s;
    const double d2g = -4.0 * c / (s * s);
    const double ch = std::cosh(K);
    return {half * g, half * dg, half * d2g, -L * one_minus_tanh(K), L / (ch * ch)};
  }
  const double cos_theta = std::cos(std::numbers::pi * k / L);
  const double q = c * c / s;
  const double dq = 2.0 * c * (1.0 - 1.0 / (s * s));
  const double d2q = 4.0 * s - 4.0 / s + 8.0 * c * c / (s * s * s);
  const double cosh_g = q - cos_theta;
  const double g = std::acosh(cosh_g);
  const double sinh_g = std::sqrt((cosh_g - 1.0) * (cosh_g + 1.0));
  const double dg = dq / sinh_g;
  const double d2g = (d2q - cosh_g * dg * dg) / sinh_g;
  // h = A + R, R = sqrt(A^2 - s^2) = sinh(2K) sinh(gamma), with R R' = A A' - s s' and R R'' = A'^2 + A A'' - s'^2
  // - s s'' - R'^2 (s' = 2c, s'' = 4s).
  const double A = c * c - cos_theta * s;
  const double dA = 4.0 * c * s - 2.0 * cos_theta * c;
  const double d2A = 8.0 * (s * s + c * c) - 4.0 * cos_theta * s;
  const double R = std::sqrt((A - s) * (A + s));
  const double dR = (A * dA - 2.0 * s * c) / R;
  const double d2R = (dA * dA + A * d2A - 4.0 * (c * c + s * s) - dR * dR) / R;
  const double h = A + R, dh = (dA + dR) / h, d2h = (d2A + d2R) / h;  // h'/h, h''/h
  return {half * g, half * dg, half * d2g, half * dh, half * (d2h - dh * dh)};
}

// log(2 cosh u), a two-term log-sum-exp.
double log_2cosh(double u) {
  Eigen::Vector2d x(u, -u);
  return core::log_sum_exp<double>(x);
}

// One product of 2 cosh(u_r) or 2 sinh(u_r) (all u_r > 0 for sinh) over `modes`: log of the product, the
// product of tanh(u_r), Z'/Z and the sum of g u'' + g' u'^2; and the same two with each mode's share of the
// prefactor, from v' and v'' (no terms ~ 1 / K or 1 / K^2 added): d1p = Z'/Z + (modes) L coth 2K and
// curvature_p = curvature - (modes) 2L / sinh^2 2K. With zero_mode (the even modes, first = 0), the first
// mode is k = 0, whose share goes through w: tanh(u_0) u_0' + L coth 2K = w' + (1 + tanh u_0) u_0', and
// tanh(u_0) u_0'' + u_0'^2 / cosh^2 u_0 - 2L / sinh^2 2K = w'' + (1 + tanh u_0) u_0'' + u_0'^2 / cosh^2 u_0.
struct Product {
  double log = 0.0, tanh_product = 1.0, d1 = 0.0, curvature = 0.0;
  double d1p = 0.0, curvature_p = 0.0;
};

Product product(const std::vector<Mode>& modes, std::size_t first, bool sinh_factors, bool zero_mode = false) {
  Product p;
  for (std::size_t r = first; r < modes.size(); ++r) {
    const Mode& m = modes[r];
    const double t = std::tanh(m.u), sh = std::sinh(m.u), ch = std::cosh(m.u);
    p.tanh_product *= t;
    if (sinh_factors) {  // coth(u) u' + L coth 2K = v' + (coth u - 1) u', likewise for the curvature
      const double excess = coth_minus_one(m.u), bend = std::isfinite(sh) ? m.du * m.du / (sh * sh) : 0.0;
      p.log += log_2cosh(m.u) + std::log(t);
      p.d1 += m.du / t;
      p.curvature += m.d2u / t - bend;
      p.d1p += m.dv + excess * m.du;
      p.curvature_p += m.d2v + excess * m.d2u - bend;
    } else {  // tanh(u) u' + L coth 2K = v' - (1 - tanh u) u'
      const double bend = std::isfinite(ch) ? m.du * m.du / (ch * ch) : 0.0;
      const bool k0 = zero_mode && r == 0;
      const double share = k0 ? -one_plus_tanh(m.u) : one_minus_tanh(m.u);
      p.log += log_2cosh(m.u);
      p.d1 += t * m.du;
      p.curvature += t * m.d2u + bend;
      p.d1p += m.dv - share * m.du;
      p.curvature_p += m.d2v - share * m.d2u + bend;
    }
  }
  return p;
}

}  // namespace

bool kaufman_applies(int L, double J, double h) {
  return L >= 2 && h == 0.0 && std::isfinite(J) && J != 0.0 && (J > 0.0 || L % 2 == 0);
}

ExactIsingRow kaufman_torus_row(int L, double J, double T) {
  if (L < 2) throw core::ArgumentError(arg::lattice_size, "an integer >= 2", std::to_string(L));
  if (!std::isfinite(J) || J == 0.0)
    throw core::ArgumentError(arg::coupling, "a finite non-zero coupling for the exact torus solution",
                            core::format_double(J));
  if (J < 0.0 && L % 2 != 0)
    throw core::ArgumentError(arg::lattice_size,
                              "an even L for the antiferromagnet's exact solution (odd L is frustrated)",
                            std::to_string(L));
  check_lattice_temperature(T);
  const double n = static_cast<double>(L) * L;
  const double K = std::abs(J) / T;
  ExactIsingRow row;
  row.T = T;
  row.m_per_spin = 0.0;
  row.abs_m_per_spin = row.chi_per_spin = row.binder = row.m2_per_spin = kNaN;
  if (2.0 * K > 300.0) {  // excitations cost e^{-8K} < e^{-1200}: the two ground states only
    row.log_z = 2.0 * n * K + std::log(2.0);
    row.e_per_spin = -2.0 * std::abs(J);
    row.c_per_spin = 0.0;
    row.free_energy_per_spin = -T * row.log_z / n;
    return row;
  }
  if (K < kHighTemperatureK) {
    // The high-temperature series: log Z = N log 2 + 2N log cosh K + the closed loops of t = tanh K, at least
    // t^min(L, 4) (N plaquettes, 2L loops around the torus), except on L = 2, where each neighbour pair is
    // joined by two bonds (4 loops of t^2: twice the bonds' terms), and L = 3 (6 loops of t^3). The terms
    // left out are below 3e-12 of those kept; Kaufman's products would cancel to 1 / (4 K^2) roundings here.
    const double t = std::tanh(K);
    const double bonds = L == 2 ? 4.0 : 2.0;  // per spin
    const double loops3 = L == 3 ? 6.0 : 0.0;
    row.log_z = n * std::log(2.0) + 0.5 * bonds * n * K * K + loops3 * t * t * t;
    row.e_per_spin = -std::abs(J) * (bonds * t + 3.0 * loops3 * t * t / n);
    row.c_per_spin = K * K * (bonds * (1.0 - t * t) + 6.0 * loops3 * t / n);
    row.free_energy_per_spin = -T * (row.log_z / n);
    return row;
  }
  std::vector<Mode> odd, even;
  odd.reserve(static_cast<std::size_t>(L));
  even.reserve(static_cast<std::size_t>(L));
  for (int r = 0; r < L; ++r) {
    odd.push_back(mode(2 * r + 1, L, K));
    even.push_back(mode(2 * r, L, K));
  }
  const Product z1 = product(odd, 0, false), z2 = product(odd, 0, true);
  const Product z3 = product(even, 0, false, true), rest4 = product(even, 1, true);  // Z4 = 2 sinh(u_0) * rest4
  const Mode& u0 = even.front();
  const double tanh_u0 = std::tanh(u0.u);
  const double t12 = z2.tanh_product, t34 = tanh_u0 * rest4.tanh_product;

  Eigen::Vector2d logs(z1.log, z3.log);
  const Eigen::Vector2d ab = core::softmax<double>(logs);
  const double a = ab[0], b = ab[1];
  const double share = a * (1.0 + t12) + b * (1.0 + t34);  // S / (Z1 + Z3)
  const double w1 = a / share, w2 = a * t12 / share, w3 = b / share;
  const double w4_over_tanh_u0 = b * rest4.tanh_product / share;  // Z4 / (S tanh u_0), finite at T_c

  // s1 = S'/S = sum_i w_i Z_i'/Z_i, and S''/S - s1^2 = sum_i w_i [(Z_i'/Z_i - s1)^2 + curvature_i], a form
  // without the cancellation of S''/S against s1^2 (both ~ N^2). Z4's terms have its vanishing factor
  // 2 sinh(u_0) written out: w_4 = w4_over_tanh_u0 tanh(u_0), Z4'/Z4 = coth(u_0) u_0' + rest4.d1.
  // The prefactor (1/2)(2 sinh 2K)^{N/2} adds N coth 2K to <B> and -2N / sinh^2 2K to Var(B).
  const double log_prefactor = -std::log(2.0) + 0.5 * n * (log_2cosh(2.0 * K) + std::log(std::tanh(2.0 * K)));
  double dlogz, d2logz;  // <B>, Var(B)
  if (K >= kPrefactorApartK) {
    const double s1 = w1 * z1.d1 + w2 * z2.d1 + w3 * z3.d1 + w4_over_tanh_u0 * (u0.du + tanh_u0 * rest4.d1);
    auto spread = [&](const Product& z) { return (z.d1 - s1) * (z.d1 - s1) + z.curvature; };
    const double r4 = rest4.d1 - s1;
    const double variance = w1 * spread(z1) + w2 * spread(z2) + w3 * spread(z3) +
                            w4_over_tanh_u0 * (u0.d2u + tanh_u0 * u0.du * u0.du + 2.0 * u0.du * r4 +
                                               tanh_u0 * (r4 * r4 + rest4.curvature));
    const double s2k = std::sinh(2.0 * K);
    dlogz = n / std::tanh(2.0 * K) + s1;
    d2logz = std::max(0.0, -2.0 * n / (s2k * s2k) + variance);  // Var(B) >= 0 (rounding only)
  } else {
    // Far above T_c the prefactor's terms (~ N / K, N / K^2) are taken with each mode's (Product::d1p,
    // curvature_p). Z4's share of it, X = L coth 2K for 2 sinh(u_0): with a = coth(u_0) u_0' + X,
    // tanh(u_0) a = -w' + (1 + tanh u_0) X and tanh(u_0) (a^2 - u_0'^2 / sinh^2 u_0) = -w'^2 + (1 + tanh u_0)
    // (u_0'^2 + X^2), w = -u_0 + (L/2) log(2 sinh 2K) (see Mode).
    const double X = L / std::tanh(2.0 * K), lift = one_plus_tanh(u0.u), s2k = std::sinh(2.0 * K);
    const double s1 = w1 * z1.d1p + w2 * z2.d1p + w3 * z3.d1p +
                      w4_over_tanh_u0 * (-u0.dv + lift * X + tanh_u0 * rest4.d1p);
    auto spread = [&](const Product& z) { return (z.d1p - s1) * (z.d1p - s1) + z.curvature_p; };
    const double r4 = rest4.d1p - s1;
    const double variance =
        w1 * spread(z1) + w2 * spread(z2) + w3 * spread(z3) +
        w4_over_tanh_u0 * (-u0.dv * u0.dv + lift * (u0.du * u0.du + X * X) + 2.0 * r4 * (-u0.dv + lift * X) -
                           u0.d2v - lift * 2.0 * L / (s2k * s2k) + tanh_u0 * (r4 * r4 + rest4.curvature_p));
    dlogz = s1;
    d2logz = std::max(0.0, variance);  // Var(B) >= 0 (rounding only)
  }

  row.log_z = log_prefactor + core::log_sum_exp<double>(logs) + std::log(share);
  row.free_energy_per_spin = -T * row.log_z / n;
  row.e_per_spin = -std::abs(J) * dlogz / n;
  row.c_per_spin = K * K * d2logz / n;
  return row;
}

}  // namespace arbiter::physics
