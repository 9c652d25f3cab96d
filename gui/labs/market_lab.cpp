// The Market lab (kind econ.market): a multinomial-logit market. Left: the choice model (plain logit,
// nested logit or both side by side, with the nests' log-sum parameters), the what-if scenario on or off,
// the utility coefficients on sliders, the products as cards made from the schema's product node (add,
// copy, remove; every key with its declared default and range), and the pricing game. Every change re-makes the (cheap) experiment, so shares, elasticities, consumer surplus and
// the Bertrand-Nash / joint-monopoly prices follow the sliders. Everything drawn comes from observables().
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <utility>
#include <imgui.h>
#include "gui/labs/lab.hpp"
#include "gui/labs/view_layout.hpp"
#include "gui/plot/bar_chart.hpp"
#include "gui/plot/heatmap.hpp"
#include "gui/plot/label_text.hpp"
#include "gui/plot/layout_report.hpp"
#include "gui/widgets/class_controls.hpp"
#include "gui/widgets/flow_layout.hpp"

namespace arbiter::gui {
namespace {

using nlohmann::json;

enum class Model { logit, nested, both };

class MarketLab final : public Lab {
 public:
  MarketLab() : Lab("Market", {"econ.market"}, "07_market_red_bus_blue_bus.json") {}
  bool recompute_on_change() const override { return true; }

  int step_within(int max_steps, double budget_ms) override {
    return Lab::step_within(std::max(max_steps, 1), std::max(budget_ms, 50.0));
  }

  void draw_controls() override {
    draw_description();
    draw_error();
    if (!draft_.is_object() || !draft_.contains("products") || !draft_["products"].is_array()) {
      draw_schema_controls();
      return;
    }
    if (session().file() != ranges_for_) {
      ranges_.clear();
      ranges_for_ = session().file();
      stashed_scenario_ = json::object();
    }
    if (!session().done()) step_within(1, 50.0);
    ControlEdit edit = ControlEdit::none;
    auto stronger = [&](ControlEdit e) {
      if (static_cast<int>(e) > static_cast<int>(edit)) edit = e;
    };
    ImGui::PushItemWidth(-ImGui::GetFontSize() * 7.0f);
    // Class mode draws only the sections of the keys the lesson lists (class_controls.hpp).
    auto shows = [](const char* path) { return class_shows(class_controls(), path); };

    json& nests = draft_["nests"];
    if (nests.is_object() && !nests.empty() && shows("/nests")) {
      section("Choice model");
      int m = static_cast<int>(model_);
      ImGui::RadioButton("plain logit", &m, 0);
      same_line_if_fits(radio_width("nested logit"));
      ImGui::RadioButton("nested logit", &m, 1);
      same_line_if_fits(radio_width("both"));
      ImGui::RadioButton("both", &m, 2);
      model_ = static_cast<Model>(m);
      for (auto it = nests.begin(); it != nests.end(); ++it) {
        double lambda = it.value().get<double>();
        const double lo = 0.01, hi = 1.0;
        const std::string label = "lambda " + it.key();
        if (ImGui::SliderScalar(label.c_str(), ImGuiDataType_Double, &lambda, &lo, &hi, "%.2f")) {
          it.value() = lambda;
          stronger(ControlEdit::editing);
        }
        if (ImGui::IsItemHovered())
          ImGui::SetTooltip("log-sum parameter of nest \"%s\": 1 is plain logit, near 0 its products are perfect "
                            "substitutes", it.key().c_str());
      }
    }

    json& scenario = draft_["scenario"];
    const bool has_scenario = scenario.is_object() && !scenario.empty();
    if ((has_scenario || !stashed_scenario_.empty()) && shows("/scenario")) {
      section("What-if scenario");
      const json& shown = has_scenario ? scenario : stashed_scenario_;
      bool on = has_scenario;
      const std::string name = shown.value("name", std::string("scenario"));
      if (ImGui::Checkbox(name.c_str(), &on)) {
        if (on) {
          scenario = stashed_scenario_;
          stashed_scenario_ = json::object();
        } else {
          stashed_scenario_ = scenario;
          scenario = json::object();
        }
        stronger(ControlEdit::commit);
      }
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("show the market before and after the scenario's change");
    }

    json& coefficients = draft_["coefficients"];
    if (shows("/coefficients")) section("Utility coefficients");
    if (coefficients.is_object() && shows("/coefficients"))
      for (auto it = coefficients.begin(); it != coefficients.end(); ++it) {
        if (!it.value().is_number()) continue;
        const bool price = it.key() == "price";
        stronger(slider("coef/" + it.key(), it.key().c_str(), it.value(), price ? -5.0 : -3.0, price ? -0.01 : 3.0,
                        price ? "utility per unit of price (< 0)" : "utility per unit of this attribute"));
      }

    const bool pricing = draft_.contains("pricing") && draft_["pricing"].is_object() &&
                         draft_["pricing"].value("enabled", false);
    if (shows("/products")) section("Products");
    if (const core::Param* list = session().kind() ? session().kind()->schema.find("/products") : nullptr) {
      // The product cards come from the schema's product node: its keys, defaults and ranges. The cost matters
      // only in the pricing game, the firm and the nest rarely change: those sit under each card's "more".
      ListOptions cards;
      cards.advanced = {"firm", "nest"};
      if (!pricing) cards.advanced.insert("cost");
      if (!coefficients.is_object() || coefficients.size() <= 1) cards.advanced.insert("attributes");  // price only
      cards.add_label = "+ product";
      json& products = draft_["products"];
      const std::size_t before = products.size();
      stronger(node_control(*list, products, "##products", cards));
      if (products.size() == before + 1) complete_new_product(products, coefficients);
    }

    if (shows("/outside_good") || shows("/pricing")) section("Market");
    if (const auto* kind = session().kind()) {
      for (const auto& [path, label] : {std::pair{"/outside_good", "outside good (buy nothing)"},
                                        std::pair{"/pricing/enabled", "pricing game"},
                                        std::pair{"/pricing/market_size", "market size"}})
        if (const core::Param* p = kind->schema.find(path)) stronger(param_control(*p, draft_, label));
    }
    ImGui::PopItemWidth();
    apply(edit);
  }

  void draw_views() override {
    const experiments::Observables& obs = session().observables();
    const experiments::Bars* shares = find_bars(obs, "shares");
    if (shares == nullptr) {
      draw_observables(obs);
      return;
    }
    draw_number_cards(headline(obs));
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const ImVec2 spacing = ImGui::GetStyle().ItemSpacing;
    const experiments::Bars* prices_in = find_bars(obs, "prices");
    // Prices are in money, as the cards' surplus is: the chart says so.
    experiments::Bars priced = prices_in != nullptr ? *prices_in : experiments::Bars{};
    if (prices_in != nullptr && priced.title.rfind("Prices: ", 0) == 0)
      priced.title = "Prices in money: " + priced.title.substr(8);
    const experiments::Bars* prices = prices_in != nullptr ? &priced : nullptr;
    // The table below takes the rows it needs (more when the pricing chart shares its row).
    const std::size_t products = session().config()["products"].size();
    const float row = ImGui::GetFrameHeightWithSpacing();
    const float table_h = row * static_cast<float>(products + 2) + ImGui::GetStyle().WindowPadding.y * 2.0f;
    plot::HeatmapOptions heat_options;
    heat_options.annotate = true;
    for (const auto& p : session().config()["products"]) heat_options.row_labels.push_back(p.value("name", ""));
    const experiments::Grid* elasticities = find_grid(obs, "elasticities");
    experiments::Grid elasticity_grid;
    if (elasticities != nullptr) {
      elasticity_grid = *elasticities;
      elasticity_grid.title = "Price elasticities (row: share of, column: price of)";
    }
    // With the what-if scenario on (the blue bus added), its market's elasticities: every product in it. Its
    // products are the shares' labels (base, then added) when none was removed.
    if (const experiments::Grid* after = find_grid(obs, "scenario_elasticities")) {
      std::vector<std::string> names;
      for (const auto& l : shares->labels)
        if (l != "outside") names.push_back(l);
      if (static_cast<int>(names.size()) == after->rows) {
        elasticity_grid = *after;
        elasticities = after;
        heat_options.row_labels = names;
        const std::string scenario = session().config()["scenario"].value("name", std::string("scenario"));
        elasticity_grid.title = "Price elasticities, " + scenario + " (row: share of, column: price of)";
      }
    }
    heat_options.col_labels = heat_options.row_labels;
    if (avail.x < ImGui::GetFontSize() * 36.0f) {
      // A narrow panel (a projector's font): each view across the panel at a readable height, one under the
      // other (the panel scrolls), rather than four squeezed into quarters.
      const float h = min_chart_height(ImGui::GetTextLineHeight());
      plot::bar_chart(filtered(*shares), ImVec2(avail.x, h), plot::Unit::probability());
      if (elasticities != nullptr) plot::heatmap(elasticity_grid, ImVec2(avail.x, h), textures_, plot::Unit::ratio(), heat_options);
      ImGui::BeginChild("market_numbers", ImVec2(avail.x, table_h), true);
      draw_product_table(obs);
      ImGui::EndChild();
      if (prices != nullptr) plot::bar_chart(*prices, ImVec2(avail.x, h), plot::Unit::of("money"));
      return;
    }
    const float bottom_h = prices ? std::max(table_h, std::floor(avail.y * 0.42f)) : table_h;
    const float top_h = std::max(min_chart_height(ImGui::GetTextLineHeight()), avail.y - bottom_h - spacing.y);
    const float left_w = std::floor(avail.x * 0.58f);
    plot::bar_chart(filtered(*shares), ImVec2(left_w, top_h), plot::Unit::probability());
    ImGui::SameLine();
    if (elasticities != nullptr)
      plot::heatmap(elasticity_grid, ImVec2(avail.x - left_w - spacing.x, top_h), textures_, plot::Unit::ratio(), heat_options);
    const float table_w = prices ? std::floor(avail.x * 0.52f) : avail.x;
    ImGui::BeginChild("market_numbers", ImVec2(table_w, bottom_h), true);
    draw_product_table(obs);
    ImGui::EndChild();
    if (prices != nullptr) {
      ImGui::SameLine();
      plot::bar_chart(*prices, ImVec2(avail.x - table_w - spacing.x, bottom_h), plot::Unit::of("money"));
    }
  }

 private:
  static void section(const char* title) {
    ImGui::Spacing();
    ImGui::TextUnformatted(title);
    ImGui::Separator();
  }

  // A card just added or copied gets a name no other product has ("product 2", "A1 2") and a value (0) for
  // every attribute with a coefficient, so the market it makes is valid; the user then edits it.
  static void complete_new_product(json& products, const json& coefficients) {
    // Whether a product other than number `self` is named `name` (only those before it when `before`).
    const auto named = [&](const std::string& name, std::size_t self, bool before) {
      for (std::size_t k = 0; k < (before ? self : products.size()); ++k)
        if (k != self && products[k].is_object() && products[k].value("name", "") == name) return true;
      return false;
    };
    for (std::size_t j = 0; j < products.size(); ++j) {
      json& p = products[j];
      if (!p.is_object()) continue;
      const std::string name = p.value("name", "");
      if (name.empty() || named(name, j, true)) {
        const std::string stem = name.empty() ? "product" : name;
        std::string fresh = stem + " 2";
        for (int k = 3; named(fresh, j, false); ++k) fresh = stem + " " + std::to_string(k);
        p["name"] = fresh;
      }
      if (!p.contains("attributes") || !p["attributes"].is_object()) p["attributes"] = json::object();
      if (coefficients.is_object())
        for (auto it = coefficients.begin(); it != coefficients.end(); ++it)
          if (it.key() != "price" && !p["attributes"].contains(it.key())) p["attributes"][it.key()] = 0.0;
    }
  }

  // A slider for a number in the draft; its range is fixed when the slider first appears (from [lo, hi], or
  // from 0 to three times the value when lo == hi), so it does not move while dragged.
  ControlEdit slider(const std::string& key, const char* label, json& value, double lo, double hi, const char* help) {
    if (!value.is_number()) return ControlEdit::none;
    double v = value.get<double>();
    auto it = ranges_.find(key);
    if (it == ranges_.end()) {
      if (lo == hi) {
        lo = std::min(0.0, v * 3.0);
        hi = std::max({v * 3.0, 1.0, std::abs(v) + 1.0});
      }
      lo = std::min(lo, v);
      hi = std::max(hi, v);
      it = ranges_.emplace(key, std::pair{lo, hi}).first;
    }
    const bool changed = ImGui::SliderScalar(label, ImGuiDataType_Double, &v, &it->second.first, &it->second.second, "%.3g");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s (Ctrl+click to type a value)", help);
    if (changed) value = v;
    if (ImGui::IsItemDeactivatedAfterEdit()) return ControlEdit::commit;
    return changed ? ControlEdit::editing : ControlEdit::none;
  }

  bool shows(const std::string& group) const {
    const bool nested = group.rfind("nested", 0) == 0;
    if (model_ == Model::both) return true;
    return model_ == Model::nested ? nested : !nested;
  }

  experiments::Bars filtered(const experiments::Bars& shares) const {
    experiments::Bars b = shares;
    b.groups.clear();
    for (const auto& g : shares.groups)
      if (shows(g.name)) b.groups.push_back(g);
    if (b.groups.empty()) b.groups = shares.groups;
    const json& nests = session().config().value("nests", json::object());
    if (nests.empty()) {  // the demand model as the kind names it: "logit", "mixed logit", "latent classes", ...
      const std::string model = shares.groups.empty() ? std::string("logit") : shares.groups.front().name;
      b.title = "Market shares (" + model.substr(0, model.find(':')) + ")";
    }
    else if (model_ == Model::logit) b.title = "Market shares, plain logit";
    else if (model_ == Model::nested) b.title = "Market shares, nested logit";
    b.y_max = 1.0;
    return b;
  }

  // Consumer surplus per consumer, in money (to the cent).
  std::vector<Card> headline(const experiments::Observables& obs) const {
    std::vector<Card> cards;
    for (const auto& number : obs.numbers) {
      const std::string& id = number.id;
      const std::string& label = number.label;
      const bool logit = id == "consumer_surplus.logit" || id == "consumer_surplus_change.logit";
      const bool nested = id == "consumer_surplus.nested" || id == "consumer_surplus_change.nested";
      if (logit || nested) {
        if ((nested && model_ == Model::logit) || (logit && model_ == Model::nested)) continue;
        std::string short_label = label;
        if (short_label.rfind("consumer surplus per consumer", 0) == 0)
          short_label = "consumer surplus" + short_label.substr(std::string("consumer surplus per consumer").size());
        if (const auto colon = short_label.find("):"); colon != std::string::npos) short_label.resize(colon + 1);
        // The label loses "per consumer" to fit; the unit keeps it (the Nash and monopoly cards are totals).
        const bool per_consumer = label.rfind("consumer surplus per consumer", 0) == 0;
        cards.push_back({{id, short_label, number.value, number.text, number.unit},
                         per_consumer ? plot::Unit::of("money per consumer")
                                      : declared_unit(number, plot::Unit::of("money"))});
      }
      if (id == "consumer_surplus.nash" || id == "consumer_surplus.monopoly")
        cards.push_back({number, declared_unit(number, plot::Unit::of("money"))});
    }
    if (cards.size() > 4) cards.erase(cards.begin() + 4, cards.end());
    return cards;
  }

  // A price in the table, to the cent ("" if absent).
  static std::string money_text(const experiments::Observables& obs, const std::string& id) {
    const experiments::Number* n = find_number(obs, id);
    return n != nullptr ? display_text(*n) : std::string();
  }

  void draw_product_table(const experiments::Observables& obs) {
    const json& products = session().config()["products"];
    const bool pricing = !number_text(obs, "nash_price." + products[0].value("name", "")).empty();
    const int cols = pricing ? 5 : 3;
    if (!ImGui::BeginTable("products", cols, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV)) return;
    // Headers wrap between words at their column's width (a header row of ImGui cuts "Nash price" to "Nash
    // pr..." in a narrow panel); a word wider than its column is reported, not broken.
    const char* headers[] = {"product", "share", "elasticity", "Nash price (money)", "monopoly price (money)"};
    const float weights[] = {0.95f, 0.7f, 1.0f, 0.95f, 1.1f};
    for (int c = 0; c < cols; ++c) ImGui::TableSetupColumn(headers[c], ImGuiTableColumnFlags_WidthStretch, weights[c]);
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    for (int c = 0; c < cols; ++c) {
      ImGui::TableSetColumnIndex(c);
      const std::string header = headers[c];
      float widest = 0.0f;
      for (std::size_t a = 0; a < header.size();) {
        const std::size_t b = std::min(header.find(' ', a), header.size());
        widest = std::max(widest, ImGui::CalcTextSize(header.substr(a, b - a).c_str()).x);
        a = b + 1;
      }
      plot::report_text_fit("table header", header, widest, ImGui::GetContentRegionAvail().x);
      ImGui::PushTextWrapPos(0.0f);
      ImGui::TextUnformatted(headers[c]);
      ImGui::PopTextWrapPos();
    }
    for (const auto& p : products) {
      const std::string name = p.value("name", "");
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(plot::words(name).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(number_text(obs, "share." + name).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(number_text(obs, "elasticity." + name).c_str());
      if (pricing) {
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(money_text(obs, "nash_price." + name).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(money_text(obs, "monopoly_price." + name).c_str());
      }
    }
    ImGui::EndTable();
    for (const auto& number : obs.numbers)
      if (number.id.rfind("wtp.", 0) == 0)
        ImGui::TextWrapped("willingness to pay for one unit of %s: %s money", number.label.substr(4).c_str(),
                           display_text(number).c_str());
  }

  Model model_ = Model::both;
  std::map<std::string, std::pair<double, double>> ranges_;
  std::string ranges_for_;
  json stashed_scenario_ = json::object();
};

const RegisterLab registration{{"Market", 40, []() -> std::unique_ptr<Lab> {
                                  if (!kind_registered("econ.market")) return nullptr;
                                  return std::make_unique<MarketLab>();
                                }}};

}  // namespace
}  // namespace arbiter::gui
