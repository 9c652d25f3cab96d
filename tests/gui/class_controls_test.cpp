// Which controls class mode shows for a lesson's "controls" list: the listed keys, what lies inside them, the
// groups that hold them, and nothing else; no list shows everything.
#include <catch2/catch.hpp>
#include "gui/widgets/class_controls.hpp"

using namespace arbiter::gui;

TEST_CASE("class mode shows the listed controls, what they hold and the groups holding them", "[gui][class]") {
  const std::vector<std::string> ising{"/temperatures"};
  CHECK(class_shows(ising, "/temperatures"));
  CHECK_FALSE(class_shows(ising, "/L"));
  CHECK_FALSE(class_shows(ising, "/algorithm"));
  CHECK_FALSE(class_shows(ising, "/temperatures_from"));  // a prefix of the name is not a parent
  CHECK_FALSE(class_shows(ising, "/temperature"));

  const std::vector<std::string> market{"/products", "/population/consumers"};
  CHECK(class_shows(market, "/products/*"));           // a list's entries and their keys
  CHECK(class_shows(market, "/products/*/price"));
  CHECK(class_shows(market, "/population"));           // the group that holds a listed key
  CHECK(class_shows(market, "/population/consumers"));
  CHECK_FALSE(class_shows(market, "/population/variables"));
  CHECK_FALSE(class_shows(market, "/nests"));
  CHECK_FALSE(class_shows(market, "/coefficients"));
}

TEST_CASE("without a list every control is shown, and the GUI's filter is the list last set", "[gui][class]") {
  for (const char* path : {"/temperatures", "/L", "/products/*/price", "/population/variables"})
    CHECK(class_shows({}, path));
  set_class_controls({"/nests"});
  CHECK(class_controls() == std::vector<std::string>{"/nests"});
  CHECK_FALSE(class_shows(class_controls(), "/products"));
  set_class_controls({});
  CHECK(class_shows(class_controls(), "/products"));
}
