// The Attention lab (kind ml.attention): scaled dot-product attention as a softmax. The live view's
// weights as a heat map under a d_k slider, the 1/sqrt(d_k) scale switch and the causal switch; one heat
// map per head at its own temperature (live sliders); Nadaraya-Watson kernel regression as attention
// (data, truth and one fitted curve per bandwidth, temperature h^2); the largest weight against d_k,
// scaled and unscaled. Everything drawn comes from the experiment's observables.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <imgui.h>
#include "experiments/registry.hpp"
#include "gui/labs/lab.hpp"
#include "gui/labs/view_layout.hpp"
#include "gui/plot/heatmap.hpp"
#include "gui/plot/line_plot.hpp"

namespace arbiter::gui {
namespace {

using nlohmann::json;
constexpr int kMaxViewDk = 4096;
constexpr std::size_t kMaxHeads = 4;

// The plot with its first series (the data, in sample order) drawn as dots: a NaN between consecutive
// points breaks the line, and the plotting layer draws a lone point as a dot.
experiments::Plot scatter_first_series(experiments::Plot plot) {
  if (plot.series.empty()) return plot;
  experiments::Series& s = plot.series.front();
  const double nan = std::nan("");
  std::vector<double> x, y;
  for (std::size_t i = 0; i < std::min(s.x.size(), s.y.size()); ++i) {
    if (i > 0) x.push_back(nan), y.push_back(nan);
    x.push_back(s.x[i]);
    y.push_back(s.y[i]);
  }
  s.x = std::move(x);
  s.y = std::move(y);
  return plot;
}

class AttentionLab final : public Lab {
 public:
  AttentionLab() : Lab("Attention", {"ml.attention"}, "12_ml_attention.json") {}

  std::string state_text() const override {
    const experiments::Observables& obs = session().observables();
    const experiments::Grid* view = find_grid(obs, "view_weights");
    const experiments::Number* top = find_number(obs, "view_mean_max_weight");
    const experiments::Number* h = find_number(obs, "view_mean_entropy");
    if (!view || !top || !h) return {};
    const std::string prefix = "Attention weights, ";
    const std::string what = view->title.rfind(prefix, 0) == 0 ? view->title.substr(prefix.size()) : view->title;
    char buf[200];
    std::snprintf(buf, sizeof buf, "%s: each query puts %.2f on its top key on average (entropy %.2f nats)",
                  what.c_str(), top->value, h->value);
    return buf;
  }

  void draw_controls() override {
    draw_error();
    if (!draft_.is_object() || !draft_.contains("view") || !draft_.contains("heads")) {
      draw_schema_controls();
      return;
    }
    ControlEdit edit = ControlEdit::none;
    json& view = draft_["view"];

    ImGui::Spacing();
    ImGui::TextUnformatted("Live view: softmax(Q K^T / s)");
    ImGui::Separator();
    int d_k = view.value("d_k", 64);
    ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 3.0f);
    if (ImGui::SliderInt("d_k", &d_k, 1, kMaxViewDk, "%d", ImGuiSliderFlags_Logarithmic)) {
      view["d_k"] = std::clamp(d_k, 1, kMaxViewDk);
      edit = ControlEdit::live;
    }
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("key dimension: a score q.k of unit-normal entries has standard deviation sqrt(d_k)");
    bool scaled = view.value("scaled", true), causal = view.value("causal", false);
    if (ImGui::Checkbox("scale by 1/sqrt(d_k)", &scaled)) {
      view["scaled"] = scaled;
      edit = ControlEdit::live;
    }
    if (ImGui::Checkbox("causal mask", &causal)) {
      view["causal"] = causal;
      edit = ControlEdit::live;
    }
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled(
        "Unscaled, the scores grow like sqrt(d_k): the softmax's temperature falls and each row collapses onto one "
        "key. Scaled, the rows stay spread at any d_k. Causal: query i sees keys 0..i only (weight exactly 0 above "
        "the diagonal).");
    ImGui::PopTextWrapPos();

    ImGui::Spacing();
    ImGui::TextUnformatted("Heads: softmax(scores / T)");
    ImGui::Separator();
    json& temps = draft_["heads"]["temperatures"];
    if (temps.is_array()) {
      for (std::size_t h = 0; h < temps.size(); ++h) {
        ImGui::PushID(static_cast<int>(h));
        double T = temps[h].get<double>();
        const double lo = 0.05, hi = 20.0;
        ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 4.0f);
        const std::string label = "head " + std::to_string(h);
        if (ImGui::SliderScalar(label.c_str(), ImGuiDataType_Double, &T, &lo, &hi, "T = %.3g",
                                ImGuiSliderFlags_Logarithmic)) {
          temps[h] = std::max(T, lo);
          edit = ControlEdit::live;
        }
        ImGui::PopID();
      }
      if (ImGui::SmallButton("+ head") && temps.size() < kMaxHeads) {
        temps.push_back(temps.empty() ? 1.0 : temps.back().get<double>() * 2.0);
        edit = ControlEdit::live;
      }
      ImGui::SameLine();
      if (ImGui::SmallButton("- head") && temps.size() > 1) {
        temps.erase(temps.size() - 1);
        edit = ControlEdit::live;
      }
    }
    apply(edit);

    ImGui::Spacing();
    if (ImGui::CollapsingHeader("What to notice", ImGuiTreeNodeFlags_DefaultOpen)) draw_description();
    if (ImGui::CollapsingHeader("Numbers")) draw_numbers(session().observables(), 1);
    if (ImGui::CollapsingHeader("More settings (rebuild)"))
      draw_schema_controls({"/view/d_k", "/view/scaled", "/view/causal", "/heads/temperatures"});
  }

  void draw_views() override {
    const experiments::Observables& obs = session().observables();
    const experiments::Grid* view = find_grid(obs, "view_weights");
    if (view == nullptr) {
      draw_observables(obs);
      return;
    }
    // Four cards, four significant digits, labels that fit a 1024-pixel window.
    // Attention weights are probabilities, entropies in nats, the kernel-regression difference a pure number.
    std::vector<Card> cards;
    const std::pair<const char*, const char*> shown[] = {{"view_mean_max_weight", "mean largest weight"},
                                                         {"view_mean_entropy", "mean entropy (nats)"},
                                                         {"causal_max_future_weight", "largest future weight"},
                                                         {"kernel_regression_max_difference", "kernel - textbook"}};
    for (const auto& [id, label] : shown)
      if (const experiments::Number* n = find_number(obs, id)) {
        char text[32];
        std::snprintf(text, sizeof text, "%.4g", n->value);
        const std::string key = id;
        cards.push_back({*n, key == "view_mean_entropy" ? plot::Unit::of("nats")
                             : key == "kernel_regression_max_difference" ? plot::Unit::number()
                                                                          : plot::Unit::probability()});
        cards.back().number.label = label;
        cards.back().number.text = text;
      }
    draw_number_cards(cards);

    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const ImVec2 sp = ImGui::GetStyle().ItemSpacing;
    const float w = (avail.x - sp.x) * 0.5f;
    const float h = std::max(min_chart_height(ImGui::GetTextLineHeight()), (avail.y - sp.y) * 0.5f);

    // Top left: the live view, titled by its settings (the kind's "Attention weights, " prefix dropped).
    experiments::Grid live = *view;
    const std::string prefix = "Attention weights, ";
    if (live.title.rfind(prefix, 0) == 0) live.title = live.title.substr(prefix.size());
    plot::heatmap(live, ImVec2(w, h), textures_, plot::Unit::probability());
    ImGui::SameLine();

    // Top right: the heads side by side, each titled by its temperature.
    std::vector<experiments::Grid> heads;
    for (std::size_t i = 0; i < kMaxHeads; ++i)
      if (const experiments::Grid* g = find_grid(obs, "head_" + std::to_string(i))) {
        heads.push_back(*g);
        const std::size_t at = g->title.find("T = ");
        if (at != std::string::npos) heads.back().title = g->title.substr(at);
      }
    ImGui::BeginGroup();
    if (!heads.empty()) {
      const float hw = (w - sp.x * static_cast<float>(heads.size() - 1)) / static_cast<float>(heads.size());
      plot::HeatmapOptions head_options;
      head_options.colour_bar = false;
      for (std::size_t i = 0; i < heads.size(); ++i) {
        if (i > 0) ImGui::SameLine();
        plot::heatmap(heads[i], ImVec2(hw, h), textures_, plot::Unit::probability(), head_options);
      }
    } else {
      ImGui::Dummy(ImVec2(w, h));
    }
    ImGui::EndGroup();

    // Bottom: kernel regression and saturation against d_k, side by side when half the panel holds a
    // legend of their long series names above the data, else each across the panel (the panel scrolls).
    const bool side_by_side = w >= ImGui::GetFontSize() * 26.0f;
    const float bw = side_by_side ? w : avail.x;
    if (const experiments::Plot* kr = find_plot(obs, "kernel_regression")) {
      plot::LineOptions o;
      o.faint_series = 0;  // the noisy data, pale, under the fitted curves
      o.robust_y = true;
      experiments::Plot regression = scatter_first_series(*kr);
      regression.title = "Kernel regression as attention (T = h^2)";  // short enough for presentation mode
      plot::line_plot(regression, ImVec2(bw, h), {plot::Unit::number(), plot::Unit::number()}, o);
    } else {
      ImGui::Dummy(ImVec2(bw, h));
    }
    if (side_by_side) ImGui::SameLine();
    if (const experiments::Plot* sat = find_plot(obs, "max_weight")) {
      plot::LineOptions o;
      o.y_lo = 0.0;
      o.y_hi = 1.02;
      plot::line_plot(*sat, ImVec2(bw, h), {plot::Unit::number(), plot::Unit::probability()}, o);
    }
  }
};

const RegisterLab registration{{"Attention", 61, []() -> std::unique_ptr<Lab> {
                                  if (!kind_registered("ml.attention")) return nullptr;
                                  return std::make_unique<AttentionLab>();
                                }}};

}  // namespace
}  // namespace arbiter::gui
