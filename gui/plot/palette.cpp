// Series palette (Tableau 10) and heatmap colour maps (viridis, blue-white-red) by piecewise-linear stops.
#include "gui/plot/palette.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace arbiter::gui::plot {

namespace {
struct Rgb { float r, g, b; };

constexpr std::array<Rgb, 10> tableau{{{31, 119, 180}, {255, 127, 14}, {44, 160, 44}, {214, 39, 40},
                                       {148, 103, 189}, {140, 86, 75}, {227, 119, 194}, {127, 127, 127},
                                       {188, 189, 34}, {23, 190, 207}}};
constexpr std::array<Rgb, 9> viridis{{{68, 1, 84}, {71, 44, 122}, {59, 81, 139}, {44, 113, 142},
                                      {33, 144, 141}, {39, 173, 129}, {92, 200, 99}, {170, 220, 50},
                                      {253, 231, 37}}};
constexpr std::array<Rgb, 5> diverging{{{33, 102, 172}, {103, 169, 207}, {247, 247, 247}, {239, 138, 98},
                                        {178, 24, 43}}};

template <std::size_t N>
ImU32 interpolate(const std::array<Rgb, N>& stops, float t) {
  t = std::clamp(std::isfinite(t) ? t : 0.0f, 0.0f, 1.0f) * static_cast<float>(N - 1);
  const std::size_t i = std::min<std::size_t>(static_cast<std::size_t>(t), N - 2);
  const float f = t - static_cast<float>(i);
  const Rgb& a = stops[i];
  const Rgb& b = stops[i + 1];
  return IM_COL32(static_cast<int>(a.r + f * (b.r - a.r)), static_cast<int>(a.g + f * (b.g - a.g)),
                  static_cast<int>(a.b + f * (b.b - a.b)), 255);
}
}  // namespace

ImU32 series_colour(int i, int alpha) {
  const Rgb& c = tableau[static_cast<std::size_t>(((i % 10) + 10) % 10)];
  return IM_COL32(static_cast<int>(c.r), static_cast<int>(c.g), static_cast<int>(c.b), alpha);
}

ImU32 colour_at(ColourMap map, float t) {
  return map == ColourMap::viridis ? interpolate(viridis, t) : interpolate(diverging, t);
}

}  // namespace arbiter::gui::plot
