// Colour science for checking the palette: sRGB to CIELAB (D65), the CIEDE2000 colour difference (Sharma,
// Wu & Dalal 2005), and simulated colour-vision deficiencies (Machado, Oliveira & Fernandes 2009, applied in
// linear RGB). Pure functions; sRGB channels are in [0, 255], results of the simulation are clamped to it.
#pragma once
#include <array>

namespace arbiter::gui::plot {

struct Rgb { float r, g, b; };   // sRGB, 0..255
struct Lab { double l, a, b; };  // CIELAB, D65 white

Lab to_lab(const Rgb& c);
// CIEDE2000 difference with kL = kC = kH = 1 (about 1: just noticeable; 10 and more: clearly different).
double ciede2000(const Lab& x, const Lab& y);

enum class ColourVision { normal, protanopia, deuteranopia, tritanopia };
// How a viewer with the deficiency (severity 1.0) sees the colour.
Rgb simulate(ColourVision vision, const Rgb& c);

}  // namespace arbiter::gui::plot
