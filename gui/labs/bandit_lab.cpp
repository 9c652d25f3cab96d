// The Bandit lab (kind rl.bandit): the k-armed testbed live. Left: the testbed and a card per agent, drawn
// from the schema's agent node (its type, its keys with their ranges; rarer keys under "more") with add /
// copy / remove; an edit restarts the experiment from its config. Right: run 0's
// action probabilities per arm (one bar group per agent, side by side; titled as one run against the
// curves' average), the % optimal action and the
// average reward curves building up, and the headline numbers. Everything drawn comes from observables().
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>
#include <imgui.h>
#include <imgui_stdlib.h>
#include "gui/labs/lab.hpp"
#include "gui/labs/view_layout.hpp"
#include "gui/plot/bar_chart.hpp"
#include "gui/plot/line_plot.hpp"
#include "gui/plot/palette.hpp"

namespace arbiter::gui {
namespace {

using nlohmann::json;

// A colour swatch matching entry i's curves.
void agent_swatch(std::size_t i) {
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float line = ImGui::GetTextLineHeight();
  ImGui::GetWindowDrawList()->AddRectFilled(at, ImVec2(at.x + line * 0.8f, at.y + line),
                                            plot::series_colour(static_cast<int>(i)), 2.0f);
  ImGui::Dummy(ImVec2(line * 0.8f, line));
}

class BanditLab final : public Lab {
 public:
  BanditLab() : Lab("Bandit", {"rl.bandit"}, "02_bandit_baseline.json") {}

  std::string state_text() const override {
    const experiments::Observables& obs = session().observables();
    const experiments::Plot* optimal = find_plot(obs, "pct_optimal");
    if (optimal == nullptr || optimal->series.empty() || optimal->series[0].y.empty()) return {};
    std::size_t best = 0;
    for (std::size_t k = 1; k < optimal->series.size(); ++k)
      if (!optimal->series[k].y.empty() && optimal->series[k].y.back() > optimal->series[best].y.back()) best = k;
    char buf[200];
    std::snprintf(buf, sizeof buf, "step %s: \"%s\" picks the best arm most often, %.0f%% of the time", number_text(obs, "step").c_str(),
                  optimal->series[best].name.c_str(), optimal->series[best].y.back());
    return buf;
  }

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
    ImGui::TextWrapped("%s", "Testbed");
    ImGui::Separator();
    ImGui::PushItemWidth(-ImGui::GetFontSize() * 7.5f);
    if (kind)
      for (const auto& [path, label] : {std::pair{"/env/k", "arms k"}, std::pair{"/env/mean_offset", "mean of q*"},
                                        std::pair{"/env/true_sd", "sd of q*"}, std::pair{"/runs", "runs"},
                                        std::pair{"/steps", "steps"}})
        if (const core::Param* p = kind->schema.find(path)) stronger(param_control(*p, draft_, label));
    ImGui::PopItemWidth();

    ImGui::Spacing();
    ImGui::TextWrapped("%s", "Agents (softmax policies)");
    ImGui::Separator();
    if (const core::Param* list = kind ? kind->schema.find("/agents") : nullptr) {
      // The agent cards come from the schema's agent node; an edited agent loses its label, so the
      // experiment names it from its new settings.
      ListOptions cards;
      cards.before_entry = agent_swatch;
      cards.advanced = {"baseline_includes_current", "baseline_step", "initial_preference", "label"};
      cards.dropped_on_copy = {"label"};
      cards.add_label = "+ agent";
      json& agents = draft_["agents"];
      const json before = agents;
      ImGui::PushItemWidth(-ImGui::GetFontSize() * 7.5f);
      const ControlEdit e = node_control(*list, agents, "##agents", cards);
      ImGui::PopItemWidth();
      if (e != ControlEdit::none && agents.size() == before.size())
        for (std::size_t i = 0; i < agents.size(); ++i)
          if (agents[i] != before[i] && agents[i].value("label", json()) == before[i].value("label", json()))
            agents[i].erase("label");
      stronger(e);
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
    std::vector<Card> cards;
    for (const char* id : {"step", "runs_per_setting"})
      if (const experiments::Number* n = find_number(obs, id)) cards.push_back({*n, plot::Unit::count()});
    if (cards.size() == 2) cards[1].number.label = "runs per agent";
    draw_number_cards(cards);

    // One legend for the bars and both learning curves (the agents, in the same colours), above them all:
    // inside a chart it would cover the optimal arm's bars or the early curves.
    const float width = ImGui::GetContentRegionAvail().x;
    const std::vector<plot::LegendEntry> entries = plot::line_legend_entries(*optimal, ghost_plot("pct_optimal"));
    plot::legend_strip(entries, width);
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const std::vector<float> h =
        row_heights(avail.y, ImGui::GetStyle().ItemSpacing.y, {0.42f, 0.58f}, min_chart_height(ImGui::GetTextLineHeight()));
    plot::BarOptions bar_options;
    bar_options.legend = false;
    // The bars are one run; the curves the lesson is about average all of them: the title says so, so that a
    // run 0 that happens to do well without a baseline is not read as the average.
    experiments::Bars one_run = *probs;
    const experiments::Number* runs = find_number(obs, "runs_per_setting");
    if (runs != nullptr && runs->value > 1)
      one_run.title = "Run 0 alone, not the average of " + runs->text + " runs: action probabilities (* = optimal arm)";
    plot::bar_chart(one_run, ImVec2(avail.x, h[0]), plot::Unit::probability(), bar_options);
    const float bottom_h = h[1];
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
    percent.legend = false;
    percent.ghost = ghost_plot("pct_optimal");
    plot::line_plot(*optimal, ImVec2(w, bottom_h), {plot::Unit::count(), plot::Unit::of("%")}, percent);
    ImGui::SameLine();
    plot::LineOptions rewards;
    rewards.x_lo = 0.0;
    if (steps > 0.0) rewards.x_hi = steps;
    rewards.thickness = 1.0f;
    rewards.legend = false;
    rewards.ghost = ghost_plot("average_reward");
    plot::line_plot(*reward, ImVec2(w, bottom_h), {plot::Unit::count(), plot::Unit::of("reward")}, rewards);
  }
};

const RegisterLab registration{{"Bandit", 20, []() -> std::unique_ptr<Lab> {
                                  if (!kind_registered("rl.bandit")) return nullptr;
                                  return std::make_unique<BanditLab>();
                                }}};

}  // namespace
}  // namespace arbiter::gui
