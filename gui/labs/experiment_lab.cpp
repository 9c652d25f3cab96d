// The Experiment lab: any registered kind, with controls generated from its schema and every observable
// drawn by the generic layout. Kinds without a lab of their own are explored here.
#include <imgui.h>
#include "experiments/registry.hpp"
#include "gui/labs/lab.hpp"

namespace arbiter::gui {
namespace {

class ExperimentLab final : public Lab {
 public:
  ExperimentLab() : Lab("Experiment", {}, "") {}

  void draw_controls() override {
    const auto& kinds = experiments::registry().kinds();
    const std::string current = session().kind() ? session().kind()->name : std::string("(choose a kind)");
    ImGui::SetNextItemWidth(-1.0f);
    if (ImGui::BeginCombo("##kind", current.c_str())) {
      for (const auto& k : kinds) {
        if (ImGui::Selectable(k.name.c_str(), k.name == current)) load(nlohmann::json{{"kind", k.name}}, "(defaults of " + k.name + ")", ".");
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", k.description.c_str());
      }
      ImGui::EndCombo();
    }
    Lab::draw_controls();
  }
};

std::unique_ptr<Lab> make_experiment_lab() {
  auto lab = std::make_unique<ExperimentLab>();
  return lab;
}

const RegisterLab registration{{"Experiment", 1000, [] {
                                  auto lab = make_experiment_lab();
                                  const auto& kinds = experiments::registry().kinds();
                                  if (!kinds.empty())
                                    lab->load(nlohmann::json{{"kind", kinds.front().name}},
                                              "(defaults of " + kinds.front().name + ")", ".");
                                  return lab;
                                }}};

}  // namespace
}  // namespace arbiter::gui
