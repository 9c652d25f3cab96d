// The Calibration lab (kind ml.calibration): temperature scaling of a classifier's logits. A log slider
// for the shown temperature T (the kind's live /temperature) with the fitted T marked on it; ECE, NLL and
// accuracy as number cards; the reliability diagram before, after and at the shown T; validation NLL(T)
// with both temperatures marked; the confidence histogram; per-group ECE bars. Everything drawn comes from
// the experiment's observables.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <utility>
#include <imgui.h>
#include "experiments/registry.hpp"
#include "gui/labs/lab.hpp"
#include "gui/labs/view_layout.hpp"
#include "gui/plot/bar_chart.hpp"
#include "gui/plot/line_plot.hpp"
#include "gui/plot/palette.hpp"

namespace arbiter::gui {
namespace {

constexpr double kSliderLo = 0.1, kSliderHi = 10.0;

// x position (pixels) of temperature T on a log slider spanning [x0, x1].
float slider_x(double T, float x0, float x1) {
  const double t = (std::log(T) - std::log(kSliderLo)) / (std::log(kSliderHi) - std::log(kSliderLo));
  return x0 + static_cast<float>(std::clamp(t, 0.0, 1.0)) * (x1 - x0);
}

class CalibrationLab final : public Lab {
 public:
  CalibrationLab() : Lab("Calibration", {"ml.calibration"}, "11_ml_calibration.json") {}

  std::string state_text() const override {
    const experiments::Observables& obs = session().observables();
    const experiments::Number* t = find_number(obs, "shown_temperature");
    const experiments::Number* fitted = find_number(obs, "temperature");
    const experiments::Number* ece = find_number(obs, "ece_shown");
    const experiments::Number* conf = find_number(obs, "mean_confidence_shown");
    const experiments::Number* acc = find_number(obs, "accuracy_after");
    if (!t || !fitted || !ece || !conf || !acc) return {};
    char buf[200];
    std::snprintf(buf, sizeof buf, "T = %.2f (fitted %.2f): %.0f%% confident, %.0f%% right, ECE %.3f", t->value,
                  fitted->value, 100.0 * conf->value, 100.0 * acc->value, ece->value);
    return buf;
  }

  void draw_controls() override {
    draw_error();
    if (!draft_.is_object()) return;
    const experiments::Observables& obs = session().observables();
    const experiments::Number* fitted = find_number(obs, "temperature");
    ControlEdit edit = ControlEdit::none;

    ImGui::Spacing();
    ImGui::TextUnformatted("Temperature T (logits / T)");
    ImGui::Separator();
    double T = draft_.value("temperature", 0.0);
    if (!(T > 0.0)) T = fitted ? fitted->value : 1.0;
    ImGui::SetNextItemWidth(-1.0f);
    if (ImGui::SliderScalar("##T", ImGuiDataType_Double, &T, &kSliderLo, &kSliderHi, "T = %.3f",
                            ImGuiSliderFlags_Logarithmic)) {
      draft_["temperature"] = T;
      edit = ControlEdit::live;
    }
    // The fitted T: a tick under the slider's track.
    if (fitted != nullptr && std::isfinite(fitted->value)) {
      const ImVec2 r0 = ImGui::GetItemRectMin(), r1 = ImGui::GetItemRectMax();
      const float grab = ImGui::GetStyle().GrabMinSize * 0.5f + ImGui::GetStyle().FramePadding.x * 0.5f;
      const float x = slider_x(fitted->value, r0.x + grab, r1.x - grab);
      ImDrawList* draw = ImGui::GetWindowDrawList();
      const float s = ImGui::GetFontSize() * 0.35f;
      draw->AddTriangleFilled(ImVec2(x, r1.y - s), ImVec2(x - s, r1.y + s), ImVec2(x + s, r1.y + s),
                              plot::series_colour(5));
    }
    if (fitted != nullptr) {
      ImGui::PushTextWrapPos(0.0f);
      ImGui::Text("fitted T = %s (red tick: the minimum of the validation NLL)", fitted->text.c_str());
      ImGui::PopTextWrapPos();
    }
    if (ImGui::SmallButton("fitted T")) {
      draft_["temperature"] = 0.0;
      edit = ControlEdit::live;
    }
    ImGui::SameLine();
    if (ImGui::SmallButton("T = 1 (raw)")) {
      draft_["temperature"] = 1.0;
      edit = ControlEdit::live;
    }
    ImGui::SameLine();
    if (ImGui::SmallButton("T = 3")) {
      draft_["temperature"] = 3.0;
      edit = ControlEdit::live;
    }
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled(
        "T > 1 softens every prediction; it never changes which class wins, so the accuracy stays put while the "
        "confidence, the NLL and the ECE move.");
    ImGui::PopTextWrapPos();
    apply(edit);

    ImGui::Spacing();
    if (ImGui::CollapsingHeader("What to notice", ImGuiTreeNodeFlags_DefaultOpen)) draw_description();
    if (ImGui::CollapsingHeader("Numbers")) draw_numbers(obs, 1);
    if (ImGui::CollapsingHeader("More settings")) draw_schema_controls({"/temperature"});
  }

  void draw_views() override {
    const experiments::Observables& obs = session().observables();
    const experiments::Plot* reliability = find_plot(obs, "reliability");
    if (reliability == nullptr) {
      draw_observables(obs);
      return;
    }
    // Six cards with labels short enough for a 1024-pixel window.
    std::vector<experiments::Number> cards;
    const std::pair<const char*, const char*> shown[] = {{"ece_before", "ECE at T = 1"},
                                                         {"ece_after", "ECE, fitted T"},
                                                         {"ece_shown", "ECE, slider T"},
                                                         {"nll_shown", "NLL, slider T"},
                                                         {"accuracy_after", "accuracy"},
                                                         {"mean_confidence_shown", "confidence"}};
    for (const auto& [id, label] : shown)
      if (const experiments::Number* n = find_number(obs, id)) {
        cards.push_back(*n);
        cards.back().label = label;
      }
    draw_number_cards(cards);

    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const ImVec2 sp = ImGui::GetStyle().ItemSpacing;
    const float w = (avail.x - sp.x) * 0.5f;
    // The reliability diagram's unit box has no headroom for its legend: the top row gets the larger share.
    const std::vector<float> rows = row_heights(avail.y, sp.y, {0.58f, 0.42f}, min_chart_height(ImGui::GetTextLineHeight()));
    const float h = rows[0];
    plot::LineOptions unit_box;
    unit_box.x_lo = 0.0;
    unit_box.x_hi = 1.0;
    unit_box.y_lo = 0.0;
    unit_box.y_hi = 1.0;
    // Its title on one line ("(test split, 15 equal-width bins)" -> "(test, 15 bins)"): the line saved is
    // the room its legend needs above the data at 1024 x 768.
    experiments::Plot diagram = *reliability;
    for (const auto& [from, to] : {std::pair<std::string, std::string>{"test split", "test"}, {" equal-width bins", " bins"}})
      if (const auto at = diagram.title.find(from); at != std::string::npos) diagram.title.replace(at, from.size(), to);
    plot::line_plot(diagram, ImVec2(w, h), unit_box);
    ImGui::SameLine();
    if (const experiments::Plot* curve = find_plot(obs, "nll_of_t"))
      plot::line_plot(*curve, ImVec2(w, h));
    else
      ImGui::Dummy(ImVec2(w, h));
    if (const experiments::Bars* histogram = find_bars(obs, "confidence_histogram"))
      plot::bar_chart(*histogram, ImVec2(w, rows[1]));
    else
      ImGui::Dummy(ImVec2(w, rows[1]));
    ImGui::SameLine();
    if (const experiments::Bars* groups = find_bars(obs, "group_ece"))
      plot::bar_chart(*groups, ImVec2(w, rows[1]));
    else if (const experiments::Bars* gaps = find_bars(obs, "reliability_gap"))
      plot::bar_chart(*gaps, ImVec2(w, rows[1]));
  }
};

const RegisterLab registration{{"Calibration", 60, []() -> std::unique_ptr<Lab> {
                                  if (!kind_registered("ml.calibration")) return nullptr;
                                  return std::make_unique<CalibrationLab>();
                                }}};

}  // namespace
}  // namespace arbiter::gui
