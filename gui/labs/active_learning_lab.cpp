// The Active learning lab (kind ml.active_learning): a softmax classifier on a 2-D plane that picks its
// own labels. The final model of run 0 as decision regions and as an entropy colour map, with the queries
// of run 0 drawn over both and revealed one by one (a slider and a replay button); the learning curves of
// every strategy with their 95% CIs as the runs come in. Everything drawn comes from the observables.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <imgui.h>
#include "experiments/registry.hpp"
#include "gui/labs/lab.hpp"
#include "gui/plot/heatmap.hpp"
#include "gui/plot/line_plot.hpp"
#include "gui/plot/palette.hpp"

namespace arbiter::gui {
namespace {

// The grids cover the box [-1, 1]^2 (x1 left to right, x2 bottom to top).
constexpr double kBox = 1.0;

class ActiveLearningLab final : public Lab {
 public:
  ActiveLearningLab() : Lab("Active learning", {"ml.active_learning"}, "15_ml_active_learning.json") {}

  std::string state_text() const override {
    const experiments::Observables& obs = session().observables();
    const experiments::Number* runs = find_number(obs, "runs");
    const experiments::Plot* curves = find_plot(obs, "learning_curves");
    if (!runs || !curves) return {};
    std::string text = "runs " + runs->text + "; final accuracy:";
    for (const auto& s : curves->series) {
      if (s.y.empty()) continue;
      char buf[64];
      std::snprintf(buf, sizeof buf, " %s %.2f", s.name.c_str(), s.y.back());
      text += buf;
    }
    return text;
  }

  void draw_controls() override {
    draw_error();
    const experiments::Observables& obs = session().observables();
    const experiments::Plot* queries = find_plot(obs, "queries");
    if (const experiments::Number* runs = find_number(obs, "runs")) ImGui::Text("runs done: %s", runs->text.c_str());
    ImGui::Spacing();
    ImGui::TextUnformatted("Queries of run 0, one by one");
    ImGui::Separator();
    if (queries != nullptr && !queries->series.empty()) {
      std::size_t most = 0;
      for (const auto& s : queries->series) most = std::max(most, s.x.size());
      const int n = static_cast<int>(most);
      if (shown_ < 0 || shown_ > n) shown_ = n;
      ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 5.0f);
      ImGui::SliderInt("shown", &shown_, 0, n);
      if (ImGui::Button(replaying_ ? "Stop" : "Replay")) {
        replaying_ = !replaying_;
        if (replaying_) shown_ = 0, frames_ = 0;
      }
      if (replaying_ && ++frames_ % 15 == 0) {
        if (shown_ < n) ++shown_;
        else replaying_ = false;
      }
      ImGui::SameLine();
      ImGui::TextDisabled("one every 15 frames");
      ImGui::TextDisabled("queries of:");
      for (std::size_t k = 0; k < queries->series.size(); ++k) {
        ImGui::RadioButton(queries->series[k].name.c_str(), &strategy_, static_cast<int>(k));
      }
      strategy_ = std::clamp(strategy_, 0, static_cast<int>(queries->series.size()) - 1);
    } else {
      ImGui::TextDisabled("Press Play (space) or Step (s): run 0 draws its queries.");
    }
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled(
        "The colour maps are the first strategy's final model of run 0. Synthesis and uncertainty sampling "
        "put their queries where the entropy is high, on the class boundaries; random queries land anywhere.");
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    if (ImGui::CollapsingHeader("What to notice", ImGuiTreeNodeFlags_DefaultOpen)) draw_description();
    if (ImGui::CollapsingHeader("Numbers")) draw_numbers(obs, 1);
    if (ImGui::CollapsingHeader("Settings (rebuild)")) draw_schema_controls();
  }

  void draw_views() override {
    const experiments::Observables& obs = session().observables();
    const experiments::Grid* regions = find_grid(obs, "decision_regions");
    const experiments::Grid* entropy = find_grid(obs, "entropy");
    const experiments::Plot* curves = find_plot(obs, "learning_curves");
    const experiments::Plot* queries = find_plot(obs, "queries");
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const ImVec2 sp = ImGui::GetStyle().ItemSpacing;
    const float w = (avail.x - sp.x) * 0.5f;
    const float h = std::max(ImGui::GetFontSize() * 12.0f, (avail.y - sp.y) * 0.55f);
    int col = 0;
    for (const experiments::Grid* g : {regions, entropy}) {
      if (g == nullptr) continue;
      if (col++ > 0) ImGui::SameLine();
      const plot::HeatmapView v = plot::heatmap(*g, ImVec2(w, h), textures_, plot::Unit::probability());
      if (queries != nullptr) draw_queries(*queries, v);
    }
    if (col == 0) ImGui::TextDisabled("No model yet: press Play (space) or Step (s).");
    if (curves != nullptr) {
      plot::LineOptions o;
      o.y_hi = 1.0;
      plot::line_plot(*curves, ImVec2(avail.x, std::max(ImGui::GetFontSize() * 10.0f, ImGui::GetContentRegionAvail().y)), {plot::Unit::count(), plot::Unit::probability()}, o);
    }
  }

 private:
  // The chosen strategy's first `shown_` queries over a heat map of the box, the newest ringed.
  void draw_queries(const experiments::Plot& queries, const plot::HeatmapView& v) {
    if (queries.series.empty()) return;
    const auto& s = queries.series[static_cast<std::size_t>(std::clamp(strategy_, 0, static_cast<int>(queries.series.size()) - 1))];
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float r = std::max(3.0f, ImGui::GetFontSize() * 0.28f);
    const std::size_t n = std::min(s.x.size(), static_cast<std::size_t>(std::max(shown_, 0)));
    const std::uint32_t colour = plot::series_colour(strategy_);
    draw->PushClipRect(v.image_min, v.image_max, true);
    for (std::size_t i = 0; i < n; ++i) {
      const float px = v.image_min.x + static_cast<float>((s.x[i] + kBox) / (2.0 * kBox)) * (v.image_max.x - v.image_min.x);
      const float py = v.image_min.y + static_cast<float>((kBox - s.y[i]) / (2.0 * kBox)) * (v.image_max.y - v.image_min.y);
      draw->AddCircleFilled(ImVec2(px, py), r, colour);
      draw->AddCircle(ImVec2(px, py), r, IM_COL32(0, 0, 0, 255), 0, 1.0f);
      if (i + 1 == n) draw->AddCircle(ImVec2(px, py), r * 2.0f, IM_COL32(0, 0, 0, 255), 0, 2.0f);
    }
    draw->PopClipRect();
  }

  int shown_ = -1;  // queries drawn (-1: all)
  int strategy_ = 0;
  bool replaying_ = false;
  int frames_ = 0;
};

const RegisterLab registration{{"Active learning", 63, []() -> std::unique_ptr<Lab> {
                                  if (!kind_registered("ml.active_learning")) return nullptr;
                                  return std::make_unique<ActiveLearningLab>();
                                }}};

}  // namespace
}  // namespace arbiter::gui
