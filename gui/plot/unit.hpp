// What a card's value or a chart's axis is measured in: a unit ("money", "J", "nats", "episodes") or,
// explicitly, none (a count, a probability, a ratio, a pure number). There is no default Unit: a card or an
// axis cannot be drawn without saying which. Unit::of("") throws std::invalid_argument.
#pragma once
#include <string>
#include <utility>

namespace arbiter::gui::plot {

enum class Unitless { count, probability, ratio, number };

class Unit {
 public:
  // A unit of measure, shown after a card's value and in an axis title: "money", "J", "nats", "episodes".
  static Unit of(std::string symbol);
  // Explicitly unitless: nothing is shown, and a reader knows it is a count, a probability, a ratio or a
  // pure number (a log-likelihood ratio, an index).
  static Unit none(Unitless kind);
  static Unit count() { return none(Unitless::count); }
  static Unit probability() { return none(Unitless::probability); }
  static Unit ratio() { return none(Unitless::ratio); }
  static Unit number() { return none(Unitless::number); }
  // Not stated: for a view of any experiment kind whose unit the lab cannot know. Drawn as unitless, and
  // reported by the layout check (layout_report.hpp) as a card or axis without a unit.
  static Unit unstated();
  bool stated() const { return stated_; }

  bool unitless() const { return symbol_.empty(); }
  // The unit's symbol ("" when unitless).
  const std::string& symbol() const { return symbol_; }
  // The symbol, or what kind of pure number it is ("count", "probability", "ratio", "number").
  std::string describe() const;
  // An axis title with its unit: "price" and money give "price (money)"; a title that already names its
  // unit ("price (money)", "% optimal action" in %) and a unitless one are returned unchanged; an empty title
  // becomes the unit alone ("(money)").
  std::string title(const std::string& text) const;

 private:
  Unit(std::string symbol, Unitless kind, bool stated = true)
      : symbol_(std::move(symbol)), kind_(kind), stated_(stated) {}
  std::string symbol_;
  Unitless kind_ = Unitless::number;
  bool stated_ = true;
};

// The units of a line chart's two axes (a bar chart's x axis holds names, so bar_chart takes one Unit).
struct AxisUnits {
  Unit x, y;
};

}  // namespace arbiter::gui::plot
