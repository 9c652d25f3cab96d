// sRGB -> linear -> XYZ -> Lab; CIEDE2000 as in Sharma et al. (2005), eqs. 1-20; Machado et al. (2009)
// matrices at severity 1.0 on linear RGB.
#include "gui/plot/colour_vision.hpp"

#include <algorithm>
#include <cmath>

namespace arbiter::gui::plot {

namespace {
constexpr double kPi = 3.14159265358979323846;
using Matrix = std::array<std::array<double, 3>, 3>;

double to_linear(float channel) {
  const double c = std::clamp(static_cast<double>(channel) / 255.0, 0.0, 1.0);
  return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}
float from_linear(double c) {
  c = std::clamp(c, 0.0, 1.0);
  const double s = c <= 0.0031308 ? 12.92 * c : 1.055 * std::pow(c, 1.0 / 2.4) - 0.055;
  return static_cast<float>(s * 255.0);
}
double lab_f(double t) {
  constexpr double d = 6.0 / 29.0;
  return t > d * d * d ? std::cbrt(t) : t / (3.0 * d * d) + 4.0 / 29.0;
}
double degrees(double radians) { return radians * 180.0 / kPi; }
double radians(double deg) { return deg * kPi / 180.0; }

constexpr Matrix kProtanopia{{{0.152286, 1.052583, -0.204868}, {0.114503, 0.786281, 0.099216},
                              {-0.003882, -0.048116, 1.051998}}};
constexpr Matrix kDeuteranopia{{{0.367322, 0.860646, -0.227968}, {0.280085, 0.672501, 0.047413},
                                {-0.011820, 0.042940, 0.968881}}};
constexpr Matrix kTritanopia{{{1.255528, -0.076749, -0.178779}, {-0.078411, 0.930809, 0.147602},
                              {0.004733, 0.691367, 0.303900}}};
}  // namespace

Lab to_lab(const Rgb& c) {
  const double r = to_linear(c.r), g = to_linear(c.g), b = to_linear(c.b);
  const double x = 0.4124564 * r + 0.3575761 * g + 0.1804375 * b;
  const double y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
  const double z = 0.0193339 * r + 0.1191920 * g + 0.9503041 * b;
  const double fx = lab_f(x / 0.95047), fy = lab_f(y / 1.0), fz = lab_f(z / 1.08883);
  return Lab{116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)};
}

double ciede2000(const Lab& x, const Lab& y) {
  const double c1 = std::hypot(x.a, x.b), c2 = std::hypot(y.a, y.b);
  const double c_mean = 0.5 * (c1 + c2);
  const double c7 = std::pow(c_mean, 7.0);
  const double g = 0.5 * (1.0 - std::sqrt(c7 / (c7 + std::pow(25.0, 7.0))));
  const double a1 = (1.0 + g) * x.a, a2 = (1.0 + g) * y.a;
  const double cp1 = std::hypot(a1, x.b), cp2 = std::hypot(a2, y.b);
  auto hue = [](double b, double a) {
    if (a == 0.0 && b == 0.0) return 0.0;
    const double h = degrees(std::atan2(b, a));
    return h < 0.0 ? h + 360.0 : h;
  };
  const double hp1 = hue(x.b, a1), hp2 = hue(y.b, a2);
  const double dl = y.l - x.l, dc = cp2 - cp1;
  double dh = 0.0;
  if (cp1 * cp2 != 0.0) {
    dh = hp2 - hp1;
    if (dh > 180.0) dh -= 360.0;
    else if (dh < -180.0) dh += 360.0;
  }
  const double dH = 2.0 * std::sqrt(cp1 * cp2) * std::sin(radians(dh / 2.0));
  const double l_mean = 0.5 * (x.l + y.l), cp_mean = 0.5 * (cp1 + cp2);
  double h_mean = hp1 + hp2;
  if (cp1 * cp2 != 0.0) {
    if (std::abs(hp1 - hp2) <= 180.0) h_mean = 0.5 * (hp1 + hp2);
    else h_mean = hp1 + hp2 < 360.0 ? 0.5 * (hp1 + hp2 + 360.0) : 0.5 * (hp1 + hp2 - 360.0);
  }
  const double t = 1.0 - 0.17 * std::cos(radians(h_mean - 30.0)) + 0.24 * std::cos(radians(2.0 * h_mean)) +
                   0.32 * std::cos(radians(3.0 * h_mean + 6.0)) - 0.20 * std::cos(radians(4.0 * h_mean - 63.0));
  const double d_theta = 30.0 * std::exp(-std::pow((h_mean - 275.0) / 25.0, 2.0));
  const double cp7 = std::pow(cp_mean, 7.0);
  const double rc = 2.0 * std::sqrt(cp7 / (cp7 + std::pow(25.0, 7.0)));
  const double l50 = (l_mean - 50.0) * (l_mean - 50.0);
  const double sl = 1.0 + 0.015 * l50 / std::sqrt(20.0 + l50);
  const double sc = 1.0 + 0.045 * cp_mean;
  const double sh = 1.0 + 0.015 * cp_mean * t;
  const double rt = -std::sin(radians(2.0 * d_theta)) * rc;
  const double tl = dl / sl, tc = dc / sc, th = dH / sh;
  return std::sqrt(tl * tl + tc * tc + th * th + rt * tc * th);
}

Rgb simulate(ColourVision vision, const Rgb& c) {
  if (vision == ColourVision::normal) return c;
  const Matrix& m = vision == ColourVision::protanopia     ? kProtanopia
                    : vision == ColourVision::deuteranopia ? kDeuteranopia
                                                           : kTritanopia;
  const double v[3] = {to_linear(c.r), to_linear(c.g), to_linear(c.b)};
  double out[3];
  for (int i = 0; i < 3; ++i) out[i] = m[i][0] * v[0] + m[i][1] * v[1] + m[i][2] * v[2];
  return Rgb{from_linear(out[0]), from_linear(out[1]), from_linear(out[2])};
}

}  // namespace arbiter::gui::plot
