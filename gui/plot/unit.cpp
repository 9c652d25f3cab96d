// Units of cards and axes: a symbol or an explicit kind of pure number.
#include "gui/plot/unit.hpp"

#include <stdexcept>
#include <utility>

namespace arbiter::gui::plot {

Unit Unit::of(std::string symbol) {
  if (symbol.empty())
    throw std::invalid_argument("plot::Unit::of: the symbol is empty (use Unit::none(...) for a count, a "
                                "probability, a ratio or a pure number)");
  return Unit(std::move(symbol), Unitless::number);
}

Unit Unit::none(Unitless kind) { return Unit({}, kind); }

Unit Unit::unstated() { return Unit({}, Unitless::number, false); }

std::string Unit::describe() const {
  if (!stated_) return "unstated";
  if (!symbol_.empty()) return symbol_;
  switch (kind_) {
    case Unitless::count: return "count";
    case Unitless::probability: return "probability";
    case Unitless::ratio: return "ratio";
    case Unitless::number: break;
  }
  return "number";
}

std::string Unit::title(const std::string& text) const {
  if (symbol_.empty()) return text;
  const bool named = text.find("(" + symbol_ + ")") != std::string::npos ||
                     text.find("(" + symbol_ + " ") != std::string::npos || text.rfind(symbol_ + " ", 0) == 0 ||
                     (symbol_.size() >= 3 && text.find(symbol_) != std::string::npos);
  if (named) return text;
  const std::string suffix = "(" + symbol_ + ")";
  return text.empty() ? suffix : text + " " + suffix;
}

}  // namespace arbiter::gui::plot
