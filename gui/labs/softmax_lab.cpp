// The Softmax lab (kind softmax.temperature): logits on sliders with mask toggles, the temperature on a
// log slider; bars of softmax, sparsemax and independent sigmoids, the entropy, log Z and largest
// probability, and p_i(T) over T. Every change rebuilds the (cheap) experiment, so the views follow the
// sliders live. All numbers come from the experiment's observables.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <imgui.h>
#include "experiments/registry.hpp"
#include "gui/labs/lab.hpp"
#include "gui/labs/view_layout.hpp"
#include "gui/plot/bar_chart.hpp"
#include "gui/plot/line_plot.hpp"
#include "gui/widgets/flow_layout.hpp"

namespace arbiter::gui {
namespace {

using nlohmann::json;
constexpr std::size_t kMaxLogits = 10;

// "x1", "x2", ...: the kind's default names for unlabelled logits.
std::string default_label(std::size_t index) {
  std::string s = std::to_string(index + 1);
  s.insert(s.begin(), 'x');
  return s;
}

class SoftmaxLab final : public Lab {
 public:
  SoftmaxLab() : Lab("Softmax", {"softmax.temperature"}, "01_softmax_temperature.json") {}
  bool recompute_on_change() const override { return true; }

  int step_within(int max_steps, double budget_ms) override {
    // The whole sweep is cheap: always complete it, whatever the play state.
    return Lab::step_within(std::max(max_steps, 1 << 20), std::max(budget_ms, 20.0));
  }

  std::string state_text() const override {
    const experiments::Observables& obs = session().observables();
    const experiments::Number* t = find_number(obs, "temperature");
    const experiments::Number* p = find_number(obs, "largest_probability");
    const experiments::Number* h = find_number(obs, "entropy");
    const experiments::Number* h_max = find_number(obs, "max_entropy");
    if (t == nullptr || p == nullptr || h == nullptr || h_max == nullptr) return {};
    char buf[200];
    std::snprintf(buf, sizeof buf, "T = %s: the best score gets p = %.2f; entropy %.2f of at most %.2f nats (%s)",
                  t->text.c_str(), p->value, h->value, h_max->value,
                  p->value > 0.9 ? "nearly argmax" : h->value > 0.9 * h_max->value ? "nearly uniform" : "in between");
    return buf;
  }

  void draw_controls() override {
    if (!draft_.is_object() || !draft_.contains("logits")) {
      draw_error();
      return;
    }
    if (!session().done()) step_within(1, 20.0);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("p_i = exp(x_i / T) / Z: a Boltzmann distribution over the logits x_i (energies -x_i).");
    ImGui::PopTextWrapPos();
    draw_error();
    const auto* kind = session().kind();
    ControlEdit edit = ControlEdit::none;
    auto stronger = [&](ControlEdit e) {
      if (static_cast<int>(e) > static_cast<int>(edit)) edit = e;
    };

    ImGui::Spacing();
    ImGui::TextWrapped("%s", "Temperature");
    ImGui::Separator();
    if (const core::Param* p = kind ? kind->schema.find("/temperature") : nullptr) {
      ImGui::PushItemWidth(-ImGui::GetFontSize() * 1.0f);
      stronger(param_control(*p, draft_, "##T"));
      ImGui::PopItemWidth();
    }
    bool first = true;
    for (double t : {0.1, 0.5, 1.0, 2.0, 10.0}) {
      char label[16];
      std::snprintf(label, sizeof label, "T=%g", t);
      if (!first) same_line_if_fits(small_button_width(label));
      first = false;
      if (ImGui::SmallButton(label)) {
        draft_["temperature"] = t;
        stronger(ControlEdit::commit);
      }
    }

    ImGui::Spacing();
    ImGui::TextWrapped("%s", "Logits x_i (untick to mask)");
    ImGui::Separator();
    json& logits = draft_["logits"];
    json& mask = draft_["mask"];
    json& labels = draft_["labels"];
    const std::size_t n = logits.size();
    for (std::size_t i = 0; i < n; ++i) {
      ImGui::PushID(static_cast<int>(i));
      bool on = mask.is_array() && i < mask.size() ? mask[i].get<bool>() : true;
      if (ImGui::Checkbox("##on", &on)) {
        if (!mask.is_array() || mask.size() != n) mask = json(std::vector<bool>(n, true));
        mask[i] = on;
        stronger(ControlEdit::commit);
      }
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("mask: unticked alternatives get probability exactly 0");
      ImGui::SameLine();
      const std::string name =
          labels.is_array() && i < labels.size() ? labels[i].get<std::string>() : default_label(i);
      double v = logits[i].get<double>();
      const double lo = std::min(-6.0, std::floor(v)), hi = std::max(6.0, std::ceil(v));
      ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 4.0f);
      if (ImGui::SliderScalar(name.c_str(), ImGuiDataType_Double, &v, &lo, &hi, "%.2f")) {
        logits[i] = v;
        stronger(ControlEdit::editing);
      }
      ImGui::PopID();
    }
    if (ImGui::Button("+ logit") && n < kMaxLogits) {
      logits.push_back(n > 0 ? logits[n - 1].get<double>() - 0.5 : 0.0);
      if (mask.is_array() && !mask.empty()) mask.push_back(true);
      if (labels.is_array() && !labels.empty()) labels.push_back(default_label(n));
      stronger(ControlEdit::commit);
    }
    same_line_if_fits(button_width("- logit"));
    if (ImGui::Button("- logit") && n > 1) {
      logits.erase(n - 1);
      if (mask.is_array() && mask.size() == n) mask.erase(n - 1);
      if (labels.is_array() && labels.size() == n) labels.erase(n - 1);
      stronger(ControlEdit::commit);
    }
    same_line_if_fits(button_width("tie at top"));
    if (ImGui::Button("tie at top") && n >= 2) {
      logits[1] = logits[0];
      stronger(ControlEdit::commit);
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("give x2 the same logit as x1: as T -> 0 they split 1/2 each");
    same_line_if_fits(button_width("all on"));
    if (ImGui::Button("all on")) {
      mask = json::array();
      stronger(ControlEdit::commit);
    }

    ImGui::Spacing();
    if (ImGui::CollapsingHeader("More settings")) {
      ImGui::PushItemWidth(-ImGui::GetFontSize() * 7.0f);
      if (kind) stronger(schema_controls(kind->schema, draft_, {"/logits", "/mask", "/temperature"}));
      ImGui::PopItemWidth();
    }
    apply(edit);
  }

  void draw_views() override {
    const experiments::Observables& obs = session().observables();
    const experiments::Bars* bars = nullptr;
    const experiments::Plot* p_of_t = nullptr;
    const experiments::Plot* entropy = nullptr;
    for (const auto& b : obs.bars)
      if (b.id == "distributions") bars = &b;
    for (const auto& p : obs.plots) {
      if (p.id == "p_of_T") p_of_t = &p;
      if (p.id == "entropy_of_T") entropy = &p;
    }
    if (bars == nullptr || p_of_t == nullptr) {
      draw_observables(obs);
      return;
    }
    // The scores are pure numbers, so are T, log Z and F; entropies in nats (as the experiment declares).
    std::vector<Card> cards;
    for (const experiments::Number& n : obs.numbers)
      cards.push_back({n, declared_unit(n, n.id == "largest_probability" ? plot::Unit::probability()
                                                                          : plot::Unit::number())});
    draw_number_cards(cards);
    // The bars on top, the curves over T below; each keeps a readable height (the panel scrolls otherwise).
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const std::vector<float> h =
        row_heights(avail.y, ImGui::GetStyle().ItemSpacing.y, {1.0f, 1.0f}, min_chart_height(ImGui::GetTextLineHeight()));
    plot::bar_chart(*bars, ImVec2(avail.x, h[0]), plot::Unit::probability());
    plot::LineOptions probability;
    probability.y_lo = 0.0;
    probability.y_hi = 1.02;
    if (entropy != nullptr) {
      const float w = (avail.x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
      plot::line_plot(*p_of_t, ImVec2(w, h[1]), {plot::Unit::number(), plot::Unit::probability()}, probability);
      ImGui::SameLine();
      plot::line_plot(*entropy, ImVec2(w, h[1]), {plot::Unit::number(), plot::Unit::of("nats")});
    } else {
      plot::line_plot(*p_of_t, ImVec2(avail.x, h[1]), {plot::Unit::number(), plot::Unit::probability()}, probability);
    }
  }

};

const RegisterLab registration{{"Softmax", 10, []() -> std::unique_ptr<Lab> {
                                  if (!kind_registered("softmax.temperature")) return nullptr;
                                  return std::make_unique<SoftmaxLab>();
                                }}};

}  // namespace
}  // namespace arbiter::gui
