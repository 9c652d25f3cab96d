// The Numerics lab (kinds ml.numerics and ml.masking): what goes wrong when a softmax is written by hand.
// ml.numerics: the naive exp(z) / sum exp(z) against the max-shifted softmax in half, float and double as
// the logits are shifted by c (one plot at a time, zoomable), the overflow limits as cards and markers.
// ml.masking: masking by -inf before normalising against zeroing probabilities after it (the leak, the
// gradient that reaches forbidden logits, the failures, and a model trained each way). A switch loads
// either lesson's preset.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>
#include <imgui.h>
#include "experiments/registry.hpp"
#include "gui/labs/lab.hpp"
#include "gui/labs/view_layout.hpp"
#include "gui/plot/line_plot.hpp"

namespace arbiter::gui {
namespace {

constexpr const char* kNumericsPreset = "13_ml_numerics.json";
constexpr const char* kMaskingPreset = "14_ml_masking.json";

class NumericsLab final : public Lab {
 public:
  NumericsLab() : Lab("Numerics", {"ml.numerics", "ml.masking"}, kNumericsPreset) {}

  std::string state_text() const override {
    const experiments::Observables& obs = session().observables();
    const experiments::Number* h = find_number(obs, "largest_logit_float16");
    const experiments::Number* f = find_number(obs, "largest_logit_float32");
    const experiments::Number* d = find_number(obs, "largest_logit_float64");
    if (h && f && d) {
      char buf[200];
      std::snprintf(buf, sizeof buf, "naive exp(z) / sum exp(z) overflows above z = %.4g (float16), %.4g (float32), "
                    "%.4g (float64); the shifted softmax never", h->value, f->value, d->value);
      return buf;
    }
    const experiments::Number* truth = find_number(obs, "true_model_test_nll");
    const experiments::Number* masked = find_number(obs, "masked_softmax.test_nll");
    const experiments::Number* zeroed = find_number(obs, "zero_after_softmax.test_nll");
    if (truth && masked && zeroed) {
      char buf[200];
      std::snprintf(buf, sizeof buf, "masked test NLL: -inf mask %.3f, zeroed after %.3f, true model %.3f",
                    masked->value, zeroed->value, truth->value);
      return buf;
    }
    return {};
  }

  void draw_controls() override {
    const std::string kind = session().kind() ? session().kind()->name : std::string();
    if (ImGui::RadioButton("overflow", kind == "ml.numerics") && kind != "ml.numerics") open(kNumericsPreset, "ml.numerics");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("ml.numerics: naive against shifted softmax in three precisions");
    ImGui::SameLine();
    if (ImGui::RadioButton("masking", kind == "ml.masking") && kind != "ml.masking") open(kMaskingPreset, "ml.masking");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("ml.masking: -inf before the softmax against zeroing after it");
    ImGui::Separator();
    draw_error();
    if (ImGui::CollapsingHeader("What to notice", ImGuiTreeNodeFlags_DefaultOpen)) draw_description();
    if (ImGui::CollapsingHeader("Settings (rebuild)", ImGuiTreeNodeFlags_DefaultOpen)) draw_schema_controls();
  }

  void draw_views() override {
    const experiments::Observables& obs = session().observables();
    const std::string kind = session().kind() ? session().kind()->name : std::string();
    if (kind == "ml.numerics" && find_plot(obs, "probability_error") != nullptr)
      draw_numerics(obs);
    else if (kind == "ml.masking" && find_plot(obs, "missing_mass") != nullptr)
      draw_masking(obs);
    else
      draw_observables(obs);
  }

 private:
  void open(const char* preset, const char* kind) {
    const std::string path = find_preset(preset);
    if (!path.empty()) {
      try {
        const std::string dir = path.substr(0, path.find_last_of('/'));
        if (load(experiments::read_json_file(path), path, dir)) return;
      } catch (const std::exception& e) {
        (void)e;  // fall back to the kind's defaults
      }
    }
    load(nlohmann::json{{"kind", kind}}, std::string("(defaults of ") + kind + ")", ".");
  }

  void draw_numerics(const experiments::Observables& obs) {
    std::vector<Card> cards;
    const std::string prefix = "largest_logit_";
    for (const auto& n : obs.numbers)
      if (n.id.rfind(prefix, 0) == 0) {
        char text[32];
        std::snprintf(text, sizeof text, "%.4g", n.value);
        cards.push_back({n, plot::Unit::number()});  // a logit: a pure number
        cards.back().number.label = n.id.substr(prefix.size()) + ": naive overflows at";
        cards.back().number.text = text;
      }
    draw_number_cards(cards);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled(
        "Shift every logit by c: the softmax does not change, but exp(z) does. The naive form overflows at the "
        "marked c (a gap in its curve is NaN); the shifted one, softmax(z - max z), stays exact in every precision.");
    ImGui::PopTextWrapPos();
    ImGui::RadioButton("probability error", &shown_plot_, 0);
    ImGui::SameLine();
    ImGui::RadioButton("log-sum-exp error", &shown_plot_, 1);
    // The zoom on the same line when it fits (large fonts: on its own).
    const float zoom_w = ImGui::CalcTextSize("zoom on |c| <= 120").x + ImGui::GetFrameHeight() * 2.0f;
    if (ImGui::GetContentRegionAvail().x - ImGui::GetItemRectMax().x + ImGui::GetCursorScreenPos().x > zoom_w)
      ImGui::SameLine();
    ImGui::Checkbox("zoom on |c| <= 120", &zoom_);
    plot::LineOptions o;
    if (zoom_) o.x_lo = -120.0, o.x_hi = 120.0;
    const experiments::Plot* p = find_plot(obs, shown_plot_ == 0 ? "probability_error" : "lse_error");
    if (p == nullptr) p = find_plot(obs, "probability_error");
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    plot::line_plot(*p, ImVec2(avail.x, std::max(min_chart_height(ImGui::GetTextLineHeight()), avail.y)), {plot::Unit::number(), plot::Unit::number()}, o);
  }

  void draw_masking(const experiments::Observables& obs) {
    // The final masked test NLL of each method beside the true model's, labels short enough to read.
    std::vector<Card> cards;
    for (const auto& n : obs.numbers) {
      if (n.id == "true_model_test_nll") {
        cards.push_back({n, plot::Unit::of("nats")});
        cards.back().number.label = "NLL, true model";
      } else if (n.id.size() > 9 && n.id.compare(n.id.size() - 9, 9, ".test_nll") == 0) {
        cards.push_back({n, plot::Unit::of("nats")});
        const std::string method = n.id.substr(0, n.id.size() - 9);
        const std::string name = method == "masked_softmax"       ? "-inf mask"
                                 : method == "zero_after_softmax"   ? "zeroed after"
                                 : method == "zero_and_renormalise" ? "renormalised"
                                                                    : method;
        cards.back().number.label = "NLL, " + name;
      }
    }
    draw_number_cards(cards);
    // The five charts show the same methods in the same colours: one legend above them all (in each small
    // chart it would cover the curves), from the chart with the most series (the NLL adds the true model).
    const experiments::Plot* named = find_plot(obs, "test_nll");
    if (named == nullptr || named->series.size() < 2) named = find_plot(obs, "missing_mass");
    plot::legend_strip(plot::line_legend_entries(*named), ImGui::GetContentRegionAvail().x);
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const ImVec2 sp = ImGui::GetStyle().ItemSpacing;
    const std::vector<float> h = row_heights(avail.y, sp.y, {1.0f, 1.0f}, min_chart_height(ImGui::GetTextLineHeight()));
    const float w3 = (avail.x - 2.0f * sp.x) / 3.0f, w2 = (avail.x - sp.x) * 0.5f;
    plot::LineOptions no_legend;
    no_legend.legend = false;
    int i = 0;
    for (const char* id : {"missing_mass", "forbidden_gradient", "failures"})
      if (const experiments::Plot* p = find_plot(obs, id)) {
        if (i++ > 0) ImGui::SameLine();
        // Titles and labels short enough for a third of a 1024-pixel window in presentation mode.
        experiments::Plot shown = *p;
        if (shown.id == "missing_mass") shown.title = "Missing probability";
        if (shown.id == "forbidden_gradient") shown.title = "Gradient on forbidden", shown.y_label = "mean sum |dL/dz|";
        plot::line_plot(shown, ImVec2(w3, h[0]), {plot::Unit::number(), plot::Unit::number()}, no_legend);
      }
    i = 0;
    for (const char* id : {"test_nll", "test_accuracy"})
      if (const experiments::Plot* p = find_plot(obs, id)) {
        if (i++ > 0) ImGui::SameLine();
        plot::LineOptions o = no_legend;
        o.robust_y = true;
        plot::line_plot(*p, ImVec2(w2, h[1]), {plot::Unit::count(), plot::Unit::of("nats")}, o);
      }
  }

  bool zoom_ = false;    // the overflow plot on -120 <= c <= 120
  int shown_plot_ = 0;  // 0: probability error, 1: log-sum-exp error
};

const RegisterLab registration{{"Numerics", 62, []() -> std::unique_ptr<Lab> {
                                  if (!kind_registered("ml.numerics") && !kind_registered("ml.masking")) return nullptr;
                                  return std::make_unique<NumericsLab>();
                                }}};

}  // namespace
}  // namespace arbiter::gui
