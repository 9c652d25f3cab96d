// The Bandit lab (kind rl.bandit): the k-armed testbed live. Left: the testbed and a card per agent
// (gradient bandit: alpha, baseline, temperature, entropy bonus; softmax exploration: temperature, value
// estimate) with add / duplicate / remove; an edit restarts the experiment from its config. Right: run 0's
// action probabilities per arm (one bar group per agent, side by side), the % optimal action and the
// average reward curves building up, and the headline numbers. Everything drawn comes from observables().
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>
#include <imgui.h>
#include <imgui_stdlib.h>
#include "gui/labs/lab.hpp"
#include "gui/plot/bar_chart.hpp"
#include "gui/plot/line_plot.hpp"
#include "gui/plot/palette.hpp"

namespace arbiter::gui {
namespace {

using nlohmann::json;
constexpr std::size_t kMaxAgents = 6;

// A slider for agent[key] (a number with default `dflt`); log scale when `log`. Returns the edit state.
ControlEdit agent_slider(json& agent, const char* key, const char* label, double dflt, double lo, double hi, bool log,
                         const char* help) {
  double v = agent.contains(key) && agent[key].is_number() ? agent[key].get<double>() : dflt;
  const bool changed = ImGui::SliderScalar(label, ImGuiDataType_Double, &v, &lo, &hi, "%.3g",
                                           (log ? ImGuiSliderFlags_Logarithmic : 0) | ImGuiSliderFlags_AlwaysClamp);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s\n(Ctrl+click to type a value)", help);
  if (changed) agent[key] = v;
  if (ImGui::IsItemDeactivatedAfterEdit()) return ControlEdit::commit;
  return ControlEdit::none;
}

ControlEdit agent_checkbox(json& agent, const char* key, const char* label, bool dflt, const char* help) {
  bool b = agent.contains(key) && agent[key].is_boolean() ? agent[key].get<bool>() : dflt;
  const bool changed = ImGui::Checkbox(label, &b);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", help);
  if (!changed) return ControlEdit::none;
  agent[key] = b;
  return ControlEdit::commit;
}

class BanditLab final : public Lab {
 public:
  BanditLab() : Lab("Bandit", {"rl.bandit"}, "02_bandit_baseline.json") {}

  void draw_controls() override {
    draw_description();
    draw_error();
    if (!draft_.is_object() || !draft_.contains("agents") || !draft_["agents"].is_array()) {
      draw_schema_controls();
      return;
    }
    ControlEdit edit = ControlEdit::none;
    auto stronger = [&](ControlEdit e) {
      if (static_cast<int>(e) > static_cast<int>(edit)) edit = e;
    };
    const auto* kind = session().kind();
    ImGui::Spacing();
    ImGui::TextUnformatted("Testbed");
    ImGui::Separator();
    ImGui::PushItemWidth(-ImGui::GetFontSize() * 7.5f);
    if (kind)
      for (const auto& [path, label] : {std::pair{"/env/k", "arms k"}, std::pair{"/env/mean_offset", "mean of q*"},
                                        std::pair{"/env/true_sd", "sd of q*"}, std::pair{"/runs", "runs"},
                                        std::pair{"/steps", "steps"}})
        if (const core::Param* p = kind->schema.find(path)) stronger(param_control(*p, draft_, label));
    ImGui::PopItemWidth();

    ImGui::Spacing();
    ImGui::TextUnformatted("Agents (softmax policies)");
    ImGui::Separator();
    json& agents = draft_["agents"];
    std::size_t remove = agents.size(), duplicate = agents.size();
    for (std::size_t i = 0; i < agents.size(); ++i) {
      json& a = agents[i];
      ImGui::PushID(static_cast<int>(i));
      const ImVec2 swatch = ImGui::GetCursorScreenPos();
      const float line = ImGui::GetTextLineHeight();
      ImGui::GetWindowDrawList()->AddRectFilled(swatch, ImVec2(swatch.x + line * 0.8f, swatch.y + line),
                                                plot::series_colour(static_cast<int>(i)), 2.0f);
      ImGui::Dummy(ImVec2(line * 0.8f, line));
      ImGui::SameLine();
      const bool gradient = a.value("name", "gradient_bandit") == "gradient_bandit";
      ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9.0f);
      if (ImGui::BeginCombo("##type", gradient ? "gradient bandit" : "softmax on Q")) {
        if (ImGui::Selectable("gradient bandit", gradient) && !gradient) {
          a = json{{"name", "gradient_bandit"}, {"alpha", 0.1}, {"baseline", true}};
          stronger(ControlEdit::commit);
        }
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("policy = softmax of learned preferences H (policy gradient)");
        if (ImGui::Selectable("softmax on Q", !gradient) && gradient) {
          a = json{{"name", "softmax_exploration"}, {"temperature", 0.3}};
          stronger(ControlEdit::commit);
        }
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Boltzmann exploration: softmax of the action-value estimates Q");
        ImGui::EndCombo();
      }
      ImGui::SameLine();
      if (ImGui::SmallButton("copy") && agents.size() < kMaxAgents) duplicate = i;
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("add a copy of this agent to compare a change");
      ImGui::SameLine();
      if (ImGui::SmallButton("x") && agents.size() > 1) remove = i;
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("remove this agent");

      ImGui::PushItemWidth(-ImGui::GetFontSize() * 7.5f);
      ControlEdit e = ControlEdit::none;
      auto take = [&](ControlEdit x) {
        if (static_cast<int>(x) > static_cast<int>(e)) e = x;
      };
      if (gradient) {
        take(agent_slider(a, "alpha", "step size alpha", 0.1, 0.005, 2.0, true, "preference step size"));
        take(agent_checkbox(a, "baseline", "average-reward baseline", true,
                            "subtract the running average reward from each reward before the update"));
        if (a.contains("temperature") && !a["temperature"].is_number()) {
          ImGui::TextDisabled("temperature: a schedule (see the config)");
        } else {
          take(agent_slider(a, "temperature", "temperature T", 1.0, 0.05, 10.0, true,
                            "softmax temperature of the policy pi = softmax(H / T)"));
        }
        take(agent_slider(a, "entropy_bonus", "entropy bonus", 0.0, 0.0, 1.0, false,
                          "weight beta of the policy entropy added to the objective (keeps it exploring)"));
      } else {
        if (a.contains("temperature") && !a["temperature"].is_number()) {
          ImGui::TextDisabled("temperature: a schedule (see the config)");
        } else {
          take(agent_slider(a, "temperature", "temperature T", 1.0, 0.01, 10.0, true,
                            "Boltzmann exploration: pi = softmax(Q / T)"));
        }
        bool constant = a.value("estimate", "sample_average") == "constant_step";
        if (ImGui::Checkbox("constant step size", &constant)) {
          a["estimate"] = constant ? "constant_step" : "sample_average";
          take(ControlEdit::commit);
        }
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("value estimates: sample averages, or a constant step alpha");
        if (constant) take(agent_slider(a, "alpha", "step size alpha", 0.1, 0.005, 1.0, true, "value step size"));
        take(agent_slider(a, "initial_value", "initial value Q1", 0.0, -5.0, 10.0, false,
                          "optimistic initial values encourage early exploration"));
      }
      ImGui::PopItemWidth();
      if (e != ControlEdit::none) a.erase("label");  // the experiment names it from its new settings
      stronger(e);
      ImGui::Spacing();
      ImGui::PopID();
    }
    if (duplicate < agents.size()) {
      json copy = agents[duplicate];
      copy.erase("label");
      agents.insert(agents.begin() + static_cast<std::ptrdiff_t>(duplicate) + 1, copy);
      stronger(ControlEdit::commit);
    }
    if (remove < agents.size()) {
      agents.erase(remove);
      stronger(ControlEdit::commit);
    }
    if (agents.size() < kMaxAgents && ImGui::Button("+ agent")) {
      agents.push_back(json{{"name", "gradient_bandit"}, {"alpha", 0.1}, {"baseline", true}});
      stronger(ControlEdit::commit);
    }
    ImGui::Spacing();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("A change restarts every run from the config (same seed: same testbeds).");
    ImGui::PopTextWrapPos();
    if (ImGui::CollapsingHeader("More settings")) {
      ImGui::PushItemWidth(-ImGui::GetFontSize() * 8.0f);
      if (kind)
        stronger(schema_controls(kind->schema, draft_,
                                 {"/agents", "/env/k", "/env/mean_offset", "/env/true_sd", "/runs", "/steps"}));
      ImGui::PopItemWidth();
    }
    apply(edit);
  }

  void draw_views() override {
    const experiments::Observables& obs = session().observables();
    const experiments::Bars* probs = find_bars(obs, "probabilities");
    const experiments::Plot* optimal = find_plot(obs, "pct_optimal");
    const experiments::Plot* reward = find_plot(obs, "average_reward");
    if (probs == nullptr || optimal == nullptr || reward == nullptr) {
      draw_observables(obs);
      return;
    }
    std::vector<experiments::Number> cards;
    cards.emplace_back("step", number_text(obs, "step"));
    cards.emplace_back("runs per agent", number_text(obs, "runs per setting"));
    draw_number_cards(cards);

    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float gap = ImGui::GetStyle().ItemSpacing.y;
    const float top_h = std::max(ImGui::GetFontSize() * 10.0f, avail.y * 0.42f);
    const float bottom_h = std::max(ImGui::GetFontSize() * 10.0f, avail.y - top_h - gap);
    plot::bar_chart(*probs, ImVec2(avail.x, top_h));
    const float w = (avail.x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
    // The x axis spans the whole run, so the curves build up from left to right.
    const json& cfg = session().config();
    const double steps = cfg.contains("steps") && cfg["steps"].is_number() ? cfg["steps"].get<double>() : 0.0;
    plot::LineOptions percent;
    percent.y_lo = 0.0;
    percent.y_hi = 100.0;
    percent.x_lo = 0.0;
    if (steps > 0.0) percent.x_hi = steps;
    percent.thickness = 1.0f;
    plot::line_plot(*optimal, ImVec2(w, bottom_h), percent);
    ImGui::SameLine();
    plot::LineOptions rewards;
    rewards.x_lo = 0.0;
    if (steps > 0.0) rewards.x_hi = steps;
    rewards.thickness = 1.0f;
    plot::line_plot(*reward, ImVec2(w, bottom_h), rewards);
  }
};

const RegisterLab registration{{"Bandit", 20, []() -> std::unique_ptr<Lab> {
                                  if (!kind_registered("rl.bandit")) return nullptr;
                                  return std::make_unique<BanditLab>();
                                }}};

}  // namespace
}  // namespace arbiter::gui
