// Zoom and focus, as pure logic: a double-click makes a panel fill the views area and leaves every other
// panel in its own slot; a second double-click or Escape goes back; a focused panel that is no longer drawn
// (another tab, another config) is let go after one frame.
#include <catch2/catch.hpp>
#include "gui/plot/panel_focus.hpp"

using namespace arbiter::gui::plot;

namespace {
bool same(const PanelRect& a, const PanelRect& b) {
  return a.x0 == b.x0 && a.y0 == b.y0 && a.x1 == b.x1 && a.y1 == b.y1;
}
const PanelRect kViews{300.0f, 80.0f, 1024.0f, 740.0f};
const PanelRect kEnergy{310.0f, 90.0f, 660.0f, 400.0f};
const PanelRect kLattice{670.0f, 90.0f, 1010.0f, 400.0f};
}  // namespace

TEST_CASE("without a focus every panel keeps its slot") {
  PanelFocus f;
  f.set_area(kViews);
  CHECK_FALSE(f.active());
  CHECK(same(f.place("energy", kEnergy), kEnergy));
  CHECK(same(f.place("lattice", kLattice), kLattice));
}

TEST_CASE("a double-clicked panel fills the views area, the others keep their slots, and a second double-click goes back") {
  PanelFocus f;
  f.begin_frame();
  f.set_area(kViews);
  f.double_click("lattice");
  CHECK(f.active());
  CHECK(f.panel() == "lattice");
  for (int frame = 0; frame < 3; ++frame) {  // it stays focused while it is drawn
    f.begin_frame();
    f.set_area(kViews);
    CHECK(same(f.place("energy", kEnergy), kEnergy));
    CHECK(same(f.place("lattice", kLattice), kViews));
  }
  f.double_click("lattice");
  CHECK_FALSE(f.active());
  CHECK(same(f.place("lattice", kLattice), kLattice));
}

TEST_CASE("double-clicking another panel moves the focus to it") {
  PanelFocus f;
  f.set_area(kViews);
  f.double_click("lattice");
  f.double_click("energy");
  CHECK(f.panel() == "energy");
  CHECK(same(f.place("energy", kEnergy), kViews));
  CHECK(same(f.place("lattice", kLattice), kLattice));
}

TEST_CASE("Escape goes back, and says whether there was a focus") {
  PanelFocus f;
  f.set_area(kViews);
  CHECK_FALSE(f.escape());
  f.double_click("energy");
  CHECK(f.escape());
  CHECK_FALSE(f.active());
  CHECK(same(f.place("energy", kEnergy), kEnergy));
}

TEST_CASE("a focused panel not drawn for a frame is let go") {
  PanelFocus f;
  f.begin_frame();
  f.set_area(kViews);
  f.double_click("energy");
  f.begin_frame();  // the frame after the double-click: still focused
  CHECK(f.active());
  f.place("lattice", kLattice);  // another tab draws other panels only
  f.begin_frame();
  CHECK_FALSE(f.active());
}

TEST_CASE("the views area follows the window") {
  PanelFocus f;
  f.set_area(kViews);
  f.double_click("energy");
  const PanelRect wider{300.0f, 80.0f, 1920.0f, 1040.0f};
  f.set_area(wider);
  CHECK(same(f.place("energy", kEnergy), wider));
}
