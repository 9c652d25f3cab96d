// The Sampling lab (kind ml.sampling): words from a character n-gram model under a temperature, top-k and
// top-p. The preview's setting and prefix are live: moving a slider redraws the next-letter distribution
// (the model's at T = 1 beside the setting's) and regenerates eight preview words; the greedy and the most
// likely word as cards; the per-setting quality and NLL as the settings' samples come in. Everything drawn
// comes from the experiment's observables.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>
#include <imgui.h>
#include "experiments/registry.hpp"
#include "gui/labs/lab.hpp"
#include "gui/labs/view_layout.hpp"
#include "gui/plot/bar_chart.hpp"
#include "gui/plot/line_plot.hpp"
#include "gui/plot/palette.hpp"

namespace arbiter::gui {
namespace {

using nlohmann::json;

class SamplingLab final : public Lab {
 public:
  SamplingLab() : Lab("Sampling", {"ml.sampling"}, "16_ml_sampling.json") {}

  std::string state_text() const override {
    const experiments::Observables& obs = session().observables();
    const experiments::Number* w = find_number(obs, "preview.0");
    if (w == nullptr) return {};
    std::string words;
    for (int i = 0; i < 4; ++i)
      if (const experiments::Number* n = find_number(obs, "preview." + std::to_string(i))) words += " " + n->text;
    return w->label + ":" + words;
  }

  void draw_controls() override {
    draw_error();
    if (!draft_.is_object()) return;
    if (!draft_.contains("preview") || !draft_["preview"].is_object()) draft_["preview"] = json::object();
    json& preview = draft_["preview"];
    ControlEdit edit = ControlEdit::none;

    ImGui::TextUnformatted("Preview: the next letter, live");
    ImGui::Separator();
    double T = preview.value("temperature", 1.0);
    const double t_lo = 0.01, t_hi = 10.0;
    ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 4.0f);
    if (ImGui::SliderScalar("T", ImGuiDataType_Double, &T, &t_lo, &t_hi, "%.3g", ImGuiSliderFlags_Logarithmic)) {
      preview["temperature"] = std::clamp(T, t_lo, t_hi);
      edit = ControlEdit::live;
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("temperature: T -> 0 is the argmax, large T is uniform");
    bool use_k = preview.contains("top_k") && preview["top_k"].is_number_integer();
    if (ImGui::Checkbox("top-k", &use_k)) {
      if (use_k)
        preview["top_k"] = 5;
      else
        preview.erase("top_k");
      edit = ControlEdit::live;
    }
    if (use_k) {
      ImGui::SameLine();
      int k = preview["top_k"].get<int>();
      ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 4.0f);
      if (ImGui::SliderInt("k", &k, 1, 30)) {
        preview["top_k"] = std::max(k, 1);
        edit = ControlEdit::live;
      }
    }
    double p = preview.value("top_p", 1.0);
    const double p_lo = 0.05, p_hi = 1.0;
    ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 4.0f);
    if (ImGui::SliderScalar("top-p", ImGuiDataType_Double, &p, &p_lo, &p_hi, "%.2f")) {
      preview["top_p"] = std::clamp(p, p_lo, p_hi);
      edit = ControlEdit::live;
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("nucleus: keep the most likely letters up to probability p (1: no cut)");
    char prefix[64] = {};
    const std::string now = preview.value("prefix", std::string());
    std::strncpy(prefix, now.c_str(), sizeof prefix - 1);
    ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 4.0f);
    if (ImGui::InputText("prefix", prefix, sizeof prefix)) {
      preview["prefix"] = std::string(prefix);
      edit = ControlEdit::live;
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("the start of a word: the bars show the letter after it");
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("Low T sharpens the bars onto the likeliest letter (the same word every time); high T "
                        "flattens them (gibberish). Top-k and top-p cut the tail before sampling.");
    ImGui::PopTextWrapPos();
    apply(edit);

    ImGui::Spacing();
    if (ImGui::CollapsingHeader("What to notice", ImGuiTreeNodeFlags_DefaultOpen)) draw_description();
    if (ImGui::CollapsingHeader("Settings (rebuild)"))
      draw_schema_controls({"/preview/temperature", "/preview/top_k", "/preview/top_p", "/preview/prefix"});
  }

  void draw_views() override {
    const experiments::Observables& obs = session().observables();
    const experiments::Bars* next = find_bars(obs, "next_symbol");
    if (next == nullptr) {
      draw_observables(obs);
      return;
    }
    // Words, not quantities: shown as they are (no unit).
    std::vector<Card> cards;
    for (const char* id : {"greedy_word", "most_likely_word"})
      if (const experiments::Number* n = find_number(obs, id)) cards.push_back({*n, plot::Unit::number()});
    draw_number_cards(cards);

    // The preview words as chips, in the preview's series colour.
    ImGui::TextDisabled("preview words:");
    const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
    for (int i = 0; i < 8; ++i) {
      const experiments::Number* w = find_number(obs, "preview." + std::to_string(i));
      if (w == nullptr) break;
      const std::string word = w->text.empty() ? std::string("(empty)") : w->text;
      const float width = ImGui::CalcTextSize(word.c_str()).x + ImGui::GetStyle().FramePadding.x * 2.0f +
                          ImGui::GetStyle().ItemSpacing.x;
      ImGui::SameLine();
      if (ImGui::GetCursorScreenPos().x + width > right - 2.0f) ImGui::NewLine();
      ImGui::PushStyleColor(ImGuiCol_Button, plot::series_colour(1, 90));
      ImGui::SmallButton(word.c_str());
      ImGui::PopStyleColor();
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("-log p = %.3g nats", w->value);
    }

    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const ImVec2 sp = ImGui::GetStyle().ItemSpacing;
    const float top_h = std::max(min_chart_height(ImGui::GetTextLineHeight()), (avail.y - sp.y) * 0.55f);
    plot::bar_chart(*next, ImVec2(avail.x, top_h), plot::Unit::probability());
    const float w = (avail.x - sp.x) * 0.5f;
    const float h = std::max(min_chart_height(ImGui::GetTextLineHeight()), ImGui::GetContentRegionAvail().y);
    if (const experiments::Plot* quality = find_plot(obs, "quality")) {
      plot::LineOptions o;
      o.y_lo = 0.0;
      o.y_hi = 1.02;
      experiments::Plot shown = *quality;
      shown.title = "Quality per setting";
      shown.x_label = "setting";
      plot::line_plot(shown, ImVec2(w, h), {plot::Unit::number(), plot::Unit::number()}, o);
    } else {
      ImGui::Dummy(ImVec2(w, h));
    }
    ImGui::SameLine();
    if (const experiments::Plot* nll = find_plot(obs, "nll")) {
      experiments::Plot shown = *nll;
      shown.title = "NLL per symbol (nats)";
      shown.x_label = "setting";
      plot::line_plot(shown, ImVec2(w, h), {plot::Unit::number(), plot::Unit::number()});
    }
  }
};

const RegisterLab registration{{"Sampling", 64, []() -> std::unique_ptr<Lab> {
                                  if (!kind_registered("ml.sampling")) return nullptr;
                                  return std::make_unique<SamplingLab>();
                                }}};

}  // namespace
}  // namespace arbiter::gui
