// The Many classes lab (kinds ml.hierarchical_softmax and ml.infonce): a softmax over very many classes.
// Hierarchical softmax: the normaliser of V classes in O(log V) along a Huffman tree (cost against V, the
// path length against the entropy bound, training against the flat softmax, path length per class).
// InfoNCE: a softmax over the N candidates of a batch, whose loss bounds the mutual information by log N.
// A switch loads either lesson's preset; the numbers are cards, the plots and bars a grid. Everything drawn
// comes from the experiment's observables.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>
#include <imgui.h>
#include "experiments/registry.hpp"
#include "gui/labs/lab.hpp"
#include "gui/labs/view_layout.hpp"
#include "gui/plot/bar_chart.hpp"
#include "gui/plot/line_plot.hpp"

namespace arbiter::gui {
namespace {

// What a number or an axis of the many-classes kinds is measured in, from its name: bits where it says so,
// losses and entropies in nats, accuracies, probabilities and recall as probabilities, counts (steps, classes, epochs, depths, a
// vocabulary's size, multiply-adds), correlations as pure numbers; anything else is reported as unstated.
plot::Unit unit_of(const std::string& name) {
  const auto has = [&](const char* word) { return name.find(word) != std::string::npos; };
  if (has("sum of leaves")) return plot::Unit::probability();  // how far a leaf distribution's total is from 1
  if (has("correlation")) return plot::Unit::number();
  if (has("seeds") || has("vocabulary") || has("multiply-adds") || has("depth") || has("deepest")) return plot::Unit::count();
  if (has("bits")) return plot::Unit::of("bits");
  if (has("loss") || has("nll") || has("NLL") || has("entropy") || has("nats")) return plot::Unit::of("nats");
  if (has("accuracy") || has("probability") || has("recall") || has("mass") || has("p(") || has("share")) return plot::Unit::probability();
  if (has("step") || has("epoch") || has("classes") || has("count") || has("iteration") || has("rank") || has("batch"))
    return plot::Unit::count();
  if (has("ratio") || has("speed-up") || has("speedup") || has("x faster")) return plot::Unit::ratio();
  return plot::Unit::unstated();
}

constexpr const char* kHierarchicalPreset = "17_ml_hierarchical_softmax.json";
constexpr const char* kInfoncePreset = "18_ml_infonce.json";
constexpr std::size_t kMaxCards = 6;

// Titles short enough for half a 1024-pixel window in presentation mode (the kind's own otherwise).
std::string short_title(const std::string& id, const std::string& title) {
  if (id == "cost") return "Multiply-adds per probability";
  if (id == "code_length") return "Path length L and entropy H (bits)";
  if (id == "depths") return "Path length against -log2 p";
  if (id == "training") return "Test NLL per word (nats)";
  return title;
}

class ManyClassesLab final : public Lab {
 public:
  ManyClassesLab() : Lab("Many classes", {"ml.hierarchical_softmax", "ml.infonce"}, kHierarchicalPreset) {}

  void draw_controls() override {
    const std::string kind = session().kind() ? session().kind()->name : std::string();
    if (ImGui::RadioButton("hierarchical", kind == "ml.hierarchical_softmax") && kind != "ml.hierarchical_softmax")
      open(kHierarchicalPreset, "ml.hierarchical_softmax");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("ml.hierarchical_softmax: a Huffman tree of binary softmaxes");
    ImGui::SameLine();
    if (ImGui::RadioButton("InfoNCE", kind == "ml.infonce") && kind != "ml.infonce") open(kInfoncePreset, "ml.infonce");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("ml.infonce: a softmax over a batch bounds the mutual information");
    ImGui::Separator();
    draw_error();
    if (ImGui::CollapsingHeader("What to notice", ImGuiTreeNodeFlags_DefaultOpen)) draw_description();
    if (ImGui::CollapsingHeader("Settings (rebuild)", ImGuiTreeNodeFlags_DefaultOpen)) draw_schema_controls();
  }

  void draw_views() override {
    const experiments::Observables& obs = session().observables();
    // Cards: the first numbers, four significant digits (the full text in the Numbers of the generic lab).
    std::vector<Card> cards;
    for (const auto& n : obs.numbers) {
      if (cards.size() >= kMaxCards) break;
      cards.push_back({n, declared_unit(n, unit_of(n.id + " " + n.label))});
      if (std::isfinite(n.value) && n.text.size() > 8) {
        char text[32];
        std::snprintf(text, sizeof text, "%.4g", n.value);
        cards.back().number.text = text;
      }
    }
    draw_number_cards(cards);
    const std::size_t n = obs.plots.size() + obs.bars.size();
    if (n == 0) {
      ImGui::TextDisabled("No views yet: press Play (space) or Step (s).");
      return;
    }
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const ImVec2 sp = ImGui::GetStyle().ItemSpacing;
    const int cols = n >= 2 ? 2 : 1;
    const int rows = static_cast<int>((n + 1) / static_cast<std::size_t>(cols));
    const float w = (avail.x - sp.x * static_cast<float>(cols - 1)) / static_cast<float>(cols);
    float h = row_heights(avail.y, sp.y, std::vector<float>(static_cast<std::size_t>(rows), 1.0f),
                          min_chart_height(ImGui::GetTextLineHeight()))[0];
    // A lone chart (InfoNCE's) across the panel: its legend of long names stacks one per line above the data,
    // so it gets those lines on top of the readable minimum.
    if (n == 1 && !obs.plots.empty())
      h = std::max(h, min_chart_height(ImGui::GetTextLineHeight()) + (ImGui::GetTextLineHeight() + 2.0f) *
                                               static_cast<float>(obs.plots.front().series.size()));
    std::size_t i = 0;
    auto next_cell = [&] {
      if (i % static_cast<std::size_t>(cols) != 0) ImGui::SameLine();
      ++i;
    };
    for (const auto& p : obs.plots) {
      next_cell();
      experiments::Plot shown = p;
      shown.title = short_title(p.id, p.title);
      plot::line_plot(shown, ImVec2(w, h), {unit_of(shown.x_label), unit_of(shown.y_label)});
    }
    for (const auto& b : obs.bars) {
      next_cell();
      experiments::Bars shown = b;
      shown.title = short_title(b.id, b.title);
      plot::bar_chart(shown, ImVec2(w, h), unit_of(shown.id + " " + shown.title));
    }
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
};

const RegisterLab registration{{"Many classes", 65, []() -> std::unique_ptr<Lab> {
                                  if (!kind_registered("ml.hierarchical_softmax") && !kind_registered("ml.infonce"))
                                    return nullptr;
                                  return std::make_unique<ManyClassesLab>();
                                }}};

}  // namespace
}  // namespace arbiter::gui
