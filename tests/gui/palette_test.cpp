// The series palette stays readable for colour-blind viewers: CIEDE2000 checked against the published test
// pairs of Sharma, Wu & Dalal (2005), then every pair of the first six series colours compared under
// simulated protanopia, deuteranopia and tritanopia (Machado et al. 2009, severity 1.0, linear RGB), and
// against the light and the high-contrast (dark) theme's background.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <utility>
#include "gui/plot/colour_vision.hpp"
#include "gui/plot/palette.hpp"
#include "gui/plot/theme.hpp"

using namespace arbiter::gui::plot;

TEST_CASE("CIEDE2000 reproduces the test pairs of Sharma, Wu and Dalal (2005)") {
  struct Pair { Lab x, y; double expected; };
  const Pair pairs[] = {
      {{50.0, 2.6772, -79.7751}, {50.0, 0.0, -82.7485}, 2.0425},          // pair 1
      {{50.0, -1.3802, -84.2814}, {50.0, 0.0, -82.7485}, 1.0000},         // pair 4
      {{50.0, 0.0, 0.0}, {50.0, -1.0, 2.0}, 2.3669},                      // pair 7: one colour achromatic
      {{50.0, 2.4900, -0.0010}, {50.0, -2.4900, 0.0009}, 7.1792},         // pair 13: hues ~180 degrees apart
      {{50.0, 2.5, 0.0}, {73.0, 25.0, -18.0}, 27.1492},                   // pair 17
      {{60.2574, -34.0099, 36.2677}, {60.4626, -34.1751, 39.4387}, 1.2644},  // pair 25
      {{2.0776, 0.0795, -1.1350}, {0.9033, -0.0636, -0.5514}, 0.9082},    // pair 34: near black
  };
  for (const auto& p : pairs) {
    CHECK(ciede2000(p.x, p.y) == Approx(p.expected).margin(1e-4));
    CHECK(ciede2000(p.y, p.x) == Approx(p.expected).margin(1e-4));  // symmetric
  }
  CHECK(ciede2000({40.0, 10.0, -5.0}, {40.0, 10.0, -5.0}) == 0.0);
}

TEST_CASE("sRGB to Lab maps white, black and mid grey to their published values") {
  const Lab white = to_lab({255, 255, 255});
  CHECK(white.l == Approx(100.0).margin(1e-3));
  CHECK(white.a == Approx(0.0).margin(1e-3));
  CHECK(white.b == Approx(0.0).margin(1e-3));
  CHECK(to_lab({0, 0, 0}).l == Approx(0.0).margin(1e-9));
  CHECK(to_lab({119, 119, 119}).l == Approx(50.03).margin(0.05));  // sRGB 119 grey is L* = 50
  const Lab red = to_lab({255, 0, 0});                              // L 53.24, a 80.09, b 67.20
  CHECK(red.l == Approx(53.24).margin(0.02));
  CHECK(red.a == Approx(80.09).margin(0.05));
  CHECK(red.b == Approx(67.20).margin(0.05));
}

TEST_CASE("colour-vision simulations keep greys and merge what they should") {
  for (auto v : {ColourVision::protanopia, ColourVision::deuteranopia, ColourVision::tritanopia}) {
    // Each Machado matrix row sums to 1: a grey stays the same grey.
    const Rgb g = simulate(v, {128, 128, 128});
    CHECK(g.r == Approx(128.0f).margin(0.6f));
    CHECK(g.g == Approx(128.0f).margin(0.6f));
    CHECK(g.b == Approx(128.0f).margin(0.6f));
  }
  // The classic confusion: a red and a green far apart for normal vision, close under deuteranopia.
  const Rgb red{214, 39, 40}, green{44, 160, 44};
  const double normal = ciede2000(to_lab(red), to_lab(green));
  const double deutan = ciede2000(to_lab(simulate(ColourVision::deuteranopia, red)),
                                  to_lab(simulate(ColourVision::deuteranopia, green)));
  CHECK(normal > 50.0);
  CHECK(deutan < normal / 2.0);
}

TEST_CASE("the first six series colours stay apart (CIEDE2000 > 10) under every colour-vision deficiency") {
  // 10 is "clearly different" at a glance; Okabe-Ito's closest pairs are orange / yellow under deuteranopia
  // (11.6) and sky blue / bluish green under tritanopia (12.1).
  constexpr double kThreshold = 10.0;
  for (auto v : {ColourVision::normal, ColourVision::protanopia, ColourVision::deuteranopia,
                 ColourVision::tritanopia}) {
    for (int i = 0; i < 6; ++i)
      for (int j = i + 1; j < 6; ++j) {
        INFO("vision " << static_cast<int>(v) << ", series " << i << " and " << j);
        CHECK(ciede2000(to_lab(simulate(v, series_rgb(i))), to_lab(simulate(v, series_rgb(j)))) > kThreshold);
      }
  }
  // Tableau 10, the palette before: its orange and green merge under protanopia (1.3), its green and red
  // under deuteranopia (4.6).
  const Rgb orange{255, 127, 14}, green{44, 160, 44}, red{214, 39, 40};
  CHECK(ciede2000(to_lab(simulate(ColourVision::protanopia, orange)),
                  to_lab(simulate(ColourVision::protanopia, green))) < 2.0);
  CHECK(ciede2000(to_lab(simulate(ColourVision::deuteranopia, green)),
                  to_lab(simulate(ColourVision::deuteranopia, red))) < 5.0);
}

TEST_CASE("series colours are Okabe-Ito in order, packed as IM_COL32, and cycle after eight") {
  CHECK(series_colour(0) == 0xFF009FE6u);  // #E69F00 orange
  CHECK(series_colour(1) == 0xFFE9B456u);  // #56B4E9 sky blue
  CHECK(series_colour(5) == 0xFF005ED5u);  // #D55E00 vermillion
  CHECK(series_colour(7) == 0xFF999999u);  // grey
  CHECK(series_colour(8) == series_colour(0));
  CHECK(series_colour(-1) == series_colour(7));
  CHECK(series_colour(2, 110) >> 24 == 110u);
}

TEST_CASE("dash and marker tell the first sixteen series apart without colour") {
  CHECK(series_dash(0) == Dash::solid);
  CHECK(series_dash(1) == Dash::dashed);
  CHECK(series_dash(2) == Dash::dotted);
  CHECK(series_dash(3) == Dash::dash_dot);
  CHECK(series_marker(0) == Marker::circle);
  CHECK(series_marker(3) == Marker::diamond);
  CHECK(dash_lengths(Dash::solid).empty());
  CHECK(dash_lengths(Dash::dash_dot).size() == 4);
  for (int i = 0; i < 16; ++i)
    for (int j = i + 1; j < 16; ++j) {
      INFO("series " << i << " and " << j);
      CHECK((series_dash(i) != series_dash(j) || series_marker(i) != series_marker(j)));
    }
}

namespace {
// WCAG relative luminance and contrast ratio of two sRGB colours (1: none, 21: black on white).
double luminance(const Rgb& c) {
  auto lin = [](float v) {
    const double s = v / 255.0;
    return s <= 0.04045 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}
double contrast(const Rgb& x, const Rgb& y) {
  const double a = luminance(x), b = luminance(y);
  return (std::max(a, b) + 0.05) / (std::min(a, b) + 0.05);
}
}  // namespace

TEST_CASE("on both themes' backgrounds the series colours stand out and the text is legible") {
  // The high-contrast theme keeps the Okabe-Ito series: each of the first six stays clearly apart from the
  // dark background (CIEDE2000 > 20) under every colour-vision deficiency, and from the light one (> 10: the
  // yellow is the palest); text and axes pass WCAG AAA (7:1) and AA for large text (3:1) on their background.
  const std::pair<const ChartTheme*, double> themes[] = {{&high_contrast_theme(), 20.0}, {&light_theme(), 10.0}};
  for (const auto& [theme, threshold] : themes) {
    const Rgb bg = rgb_of(theme->background);
    for (auto v : {ColourVision::normal, ColourVision::protanopia, ColourVision::deuteranopia,
                   ColourVision::tritanopia})
      for (int i = 0; i < 6; ++i) {
        INFO("dark " << theme->dark << ", vision " << static_cast<int>(v) << ", series " << i);
        CHECK(ciede2000(to_lab(simulate(v, series_rgb(i))), to_lab(simulate(v, bg))) > threshold);
      }
    INFO("dark " << theme->dark);
    CHECK(contrast(rgb_of(theme->text), bg) > 7.0);
    CHECK(contrast(rgb_of(theme->muted_text), bg) > 4.5);
    CHECK(contrast(rgb_of(theme->axis), bg) > 3.0);
    CHECK(contrast(rgb_of(theme->accent_text), bg) > 4.5);  // the lesson band's "Now:" line
    CHECK(contrast(rgb_of(theme->error_text), bg) > 4.5);
  }
  // The high-contrast theme is the dark one, and its text is lighter than its background.
  CHECK(high_contrast_theme().dark);
  CHECK(luminance(rgb_of(high_contrast_theme().text)) > 0.9);
  CHECK(luminance(rgb_of(high_contrast_theme().background)) < 0.01);
}

TEST_CASE("rgb_of unpacks IM_COL32's byte order") {
  const Rgb c = rgb_of(0xFF009FE6u);  // #E69F00, as series_colour(0) packs it
  CHECK(c.r == 230.0f);
  CHECK(c.g == 159.0f);
  CHECK(c.b == 0.0f);
  CHECK(rgb_of(series_colour(4)).b == series_rgb(4).b);
}
