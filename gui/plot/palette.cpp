// Series palette (Okabe-Ito), dash patterns and markers, and heatmap colour maps (viridis, blue-white-red)
// by piecewise-linear stops.
#include "gui/plot/palette.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace arbiter::gui::plot {

namespace {
// Okabe & Ito (2008), "Color Universal Design", without black (the text and axes colour).
constexpr std::array<Rgb, kSeriesColours> okabe_ito{{{230, 159, 0}, {86, 180, 233}, {0, 158, 115}, {240, 228, 66},
                                                     {0, 114, 178}, {213, 94, 0}, {204, 121, 167}, {153, 153, 153}}};
constexpr std::array<Rgb, 9> viridis{{{68, 1, 84}, {71, 44, 122}, {59, 81, 139}, {44, 113, 142},
                                      {33, 144, 141}, {39, 173, 129}, {92, 200, 99}, {170, 220, 50},
                                      {253, 231, 37}}};
constexpr std::array<Rgb, 5> diverging{{{33, 102, 172}, {103, 169, 207}, {247, 247, 247}, {239, 138, 98},
                                        {178, 24, 43}}};

std::uint32_t pack(int r, int g, int b, int a) {
  return (static_cast<std::uint32_t>(a) << 24) | (static_cast<std::uint32_t>(b) << 16) |
         (static_cast<std::uint32_t>(g) << 8) | static_cast<std::uint32_t>(r);
}

int cycle(int i, int n) { return ((i % n) + n) % n; }

template <std::size_t N>
std::uint32_t interpolate(const std::array<Rgb, N>& stops, float t) {
  t = std::clamp(std::isfinite(t) ? t : 0.0f, 0.0f, 1.0f) * static_cast<float>(N - 1);
  const std::size_t i = std::min<std::size_t>(static_cast<std::size_t>(t), N - 2);
  const float f = t - static_cast<float>(i);
  const Rgb& a = stops[i];
  const Rgb& b = stops[i + 1];
  return pack(static_cast<int>(a.r + f * (b.r - a.r)), static_cast<int>(a.g + f * (b.g - a.g)),
              static_cast<int>(a.b + f * (b.b - a.b)), 255);
}
}  // namespace

Rgb series_rgb(int i) { return okabe_ito[static_cast<std::size_t>(cycle(i, kSeriesColours))]; }

std::uint32_t series_colour(int i, int alpha) {
  const Rgb c = series_rgb(i);
  return pack(static_cast<int>(c.r), static_cast<int>(c.g), static_cast<int>(c.b), std::clamp(alpha, 0, 255));
}

Dash series_dash(int i) { return static_cast<Dash>(cycle(i, 4)); }

Marker series_marker(int i) { return static_cast<Marker>(cycle(cycle(i, 4) + cycle(i, 16) / 4, 4)); }

const std::vector<float>& dash_lengths(Dash dash) {
  static const std::vector<float> solid, dashed{4.0f, 2.5f}, dotted{1.0f, 1.5f}, dash_dot{4.0f, 1.5f, 1.0f, 1.5f};
  switch (dash) {
    case Dash::dashed: return dashed;
    case Dash::dotted: return dotted;
    case Dash::dash_dot: return dash_dot;
    case Dash::solid: break;
  }
  return solid;
}

std::uint32_t colour_at(ColourMap map, float t) {
  return map == ColourMap::viridis ? interpolate(viridis, t) : interpolate(diverging, t);
}

}  // namespace arbiter::gui::plot
