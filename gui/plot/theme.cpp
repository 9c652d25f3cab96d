// The two themes' colours (the light one is the colours the charts always had), and the current choice.
#include "gui/plot/theme.hpp"

namespace arbiter::gui::plot {

namespace {
constexpr std::uint32_t rgba(unsigned r, unsigned g, unsigned b, unsigned a = 255) {
  return (a << 24) | (b << 16) | (g << 8) | r;
}
const ChartTheme* current = nullptr;
}  // namespace

const ChartTheme& light_theme() {
  static const ChartTheme theme{.background = rgba(242, 242, 245),
                                .frame = rgba(222, 222, 230),
                                .grid = rgba(218, 218, 226),
                                .axis = rgba(120, 120, 130),
                                .text = rgba(40, 40, 48),
                                .muted_text = rgba(90, 90, 100),
                                .value_text = rgba(50, 50, 60),
                                .hidden = rgba(170, 170, 178),
                                .legend_fill = rgba(255, 255, 255, 220),
                                .legend_border = rgba(200, 200, 210),
                                .marker_line = rgba(60, 60, 70, 200),
                                .hover_line = rgba(0, 0, 0, 80),
                                .marker_rim = rgba(255, 255, 255, 230),
                                .accent_text = rgba(0, 92, 153),
                                .error_text = rgba(190, 20, 20),
                                .dark = false};
  return theme;
}

const ChartTheme& high_contrast_theme() {
  static const ChartTheme theme{.background = rgba(16, 16, 20),
                                .frame = rgba(100, 100, 112),
                                .grid = rgba(58, 58, 68),
                                .axis = rgba(200, 200, 210),
                                .text = rgba(250, 250, 252),
                                .muted_text = rgba(215, 215, 225),
                                .value_text = rgba(240, 240, 245),
                                .hidden = rgba(105, 105, 115),
                                .legend_fill = rgba(16, 16, 20, 225),
                                .legend_border = rgba(150, 150, 162),
                                .marker_line = rgba(235, 235, 240, 210),
                                .hover_line = rgba(255, 255, 255, 90),
                                .marker_rim = rgba(0, 0, 0, 230),
                                .accent_text = rgba(140, 205, 255),
                                .error_text = rgba(255, 120, 110),
                                .dark = true};
  return theme;
}

const ChartTheme& chart_theme() { return current != nullptr ? *current : light_theme(); }

void set_chart_theme(const ChartTheme& theme) { current = &theme; }

Rgb rgb_of(std::uint32_t packed) {
  return {static_cast<float>(packed & 0xFFu), static_cast<float>((packed >> 8) & 0xFFu),
          static_cast<float>((packed >> 16) & 0xFFu)};
}

}  // namespace arbiter::gui::plot
