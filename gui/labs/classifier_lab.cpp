// The Classifier lab (kind ml.classifier): a softmax classifier trained live on Fashion-MNIST. The loss and
// accuracy curves (training and validation) grow epoch by epoch; the validation confusion matrix is a heat
// map (viridis, % of the row or counts, rows and columns named by class); a grid of test images each
// shows its true class and its top-3 predicted probabilities. Switches pick the model (softmax regression or
// MLP), the training data (every class whole, or the config's rare classes cut to a fraction) and the class
// weights of the loss (none or balanced), each a rebuild; the last finished run of the other weighting stays
// beside the current one for comparison. Everything drawn comes from the experiment's observables.
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>
#include <imgui.h>
#include "experiments/registry.hpp"
#include "gui/labs/lab.hpp"
#include "gui/plot/heatmap.hpp"
#include "gui/plot/layout_report.hpp"
#include "gui/plot/line_plot.hpp"
#include "gui/plot/palette.hpp"

namespace arbiter::gui {
namespace {

using nlohmann::json;

// The cut the data switch restores when the loaded config has none: ml.imbalance's classes at 2%.
const json kDefaultCut = {{"classes", {3, 8}}, {"fraction", 0.02}};

// Short column labels for the confusion matrix (full names label its rows): three letters.
std::string short_name(const std::string& name) {
  static const std::pair<const char*, const char*> fashion[] = {
      {"T-shirt/top", "Tee"}, {"Trouser", "Tro"}, {"Pullover", "Pul"}, {"Dress", "Drs"},  {"Coat", "Coa"},
      {"Sandal", "San"},      {"Shirt", "Shi"},   {"Sneaker", "Snk"},  {"Bag", "Bag"},    {"Ankle boot", "Boo"}};
  for (const auto& [full, abbreviation] : fashion)
    if (name == full) return abbreviation;
  return name.size() <= 3 ? name : name.substr(0, 3);
}

// The true class of a sample image from its bar group's name "image 3 (Dress)".
std::string true_class(const std::string& group) {
  const auto open = group.rfind('(');
  if (open == std::string::npos || group.back() != ')') return {};
  return group.substr(open + 1, group.size() - open - 2);
}

// The weighting of a config's class weights: "none", "balanced" or "list".
std::string weighting(const json& config) {
  if (!config.is_object() || !config.contains("class_weights")) return "none";
  const json& w = config["class_weights"];
  return w.is_string() ? w.get<std::string>() : std::string("list");
}

class ClassifierLab final : public Lab {
 public:
  ClassifierLab() : Lab("Classifier", {"ml.classifier"}, "19_ml_classifier.json") {}

  std::string state_text() const override {
    const experiments::Observables& obs = session().observables();
    const experiments::Number* epoch = find_number(obs, "epoch");
    const experiments::Number* acc = find_number(obs, "validation_accuracy");
    if (!epoch || !acc) return {};
    std::string text = "epoch " + epoch->text + ", weights " + weighting(session().config()) + ": validation accuracy " +
                       acc->text;
    if (const experiments::Number* rare = find_number(obs, "cut_recall")) text += ", recall of the rare classes " + rare->text;
    return text;
  }

  void draw_controls() override {
    draw_error();
    if (!draft_.is_object()) return;
    remember_finished_run();
    const experiments::Observables& obs = session().observables();
    ControlEdit edit = ControlEdit::none;
    const float wrap = ImGui::GetContentRegionAvail().x;

    control_heading("Model");
    const std::string model = draft_.value("/model/type"_json_pointer, std::string("mlp"));
    if (ImGui::RadioButton("softmax regression", model == "softmax") && model != "softmax") {
      draft_["model"]["type"] = "softmax";
      edit = ControlEdit::commit;
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("a softmax on a linear map of the 784 pixels");
    if (fits_on_line("MLP")) ImGui::SameLine();
    if (ImGui::RadioButton("MLP", model == "mlp") && model != "mlp") {
      draft_["model"]["type"] = "mlp";
      edit = ControlEdit::commit;
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("hidden layers with ReLU, then the softmax");

    control_heading("Training data");
    if (draft_.contains("imbalance") && draft_["imbalance"].is_object()) cut_ = draft_["imbalance"];
    const bool cut = draft_.contains("imbalance");
    if (ImGui::RadioButton("every class whole", !cut) && cut) {
      draft_.erase("imbalance");
      edit = ControlEdit::commit;
    }
    const std::string rare = "rare: " + cut_text(obs);
    if (fits_on_line(rare.c_str())) ImGui::SameLine();
    if (ImGui::RadioButton(rare.c_str(), cut) && !cut) {
      draft_["imbalance"] = cut_;
      edit = ControlEdit::commit;
    }
    plot::check_last_item(rare.c_str());

    control_heading("Class weights in the loss");
    const std::string weights = weighting(draft_);
    if (ImGui::RadioButton("none", weights == "none") && weights != "none") {
      draft_["class_weights"] = "none";
      edit = ControlEdit::commit;
    }
    ImGui::SameLine();
    if (ImGui::RadioButton("balanced", weights == "balanced") && weights != "balanced") {
      draft_["class_weights"] = "balanced";
      edit = ControlEdit::commit;
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("w_y = n / (K n_y): a mistake on a rare class costs more");
    if (weights == "list") {
      ImGui::SameLine();
      ImGui::TextDisabled("(a list)");
    }

    control_heading("Confusion matrix");
    if (ImGui::RadioButton("% of the row", !counts_)) counts_ = false;
    if (fits_on_line("counts")) ImGui::SameLine();
    if (ImGui::RadioButton("counts", counts_)) counts_ = true;
    apply(edit);

    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + wrap);
    ImGui::TextDisabled("Each switch retrains from scratch. The last finished run with the other class weights "
                        "stays under the cards for comparison.");
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    if (ImGui::CollapsingHeader("What to notice", ImGuiTreeNodeFlags_DefaultOpen)) draw_description();
    if (ImGui::CollapsingHeader("Numbers")) draw_numbers(obs, 1);
    if (ImGui::CollapsingHeader("More settings")) draw_schema_controls({"/model/type", "/class_weights"});
  }

  void draw_views() override {
    remember_finished_run();
    const experiments::Observables& obs = session().observables();
    const experiments::Plot* loss = find_plot(obs, "loss");
    const experiments::Plot* accuracy = find_plot(obs, "accuracy");
    if (loss == nullptr || accuracy == nullptr) {
      draw_observables(obs);
      return;
    }
    // The cards: five in one row, or when they would wrap, the three that the curves do not show.
    // The epoch is a count, accuracies and recall probabilities, the NLL in nats.
    std::vector<Card> cards;
    const bool cut = find_number(obs, "cut_recall") != nullptr;
    const std::pair<const char*, const char*> shown[] = {
        {"epoch", "epoch"},
        {"train_accuracy", "training acc."},
        {"validation_accuracy", "validation acc."},
        {cut ? "cut_recall" : "validation_balanced_accuracy", cut ? "rare recall" : "balanced acc."},
        {"validation_nll", "validation NLL"}};
    float card_w = ImGui::GetFontSize() * 5.0f;
    for (const auto& [id, label] : shown)
      if (const experiments::Number* n = find_number(obs, id)) {
        const std::string key = id;
        cards.push_back({*n, key == "epoch" ? plot::Unit::count()
                             : key == "validation_nll" ? plot::Unit::of("nats") : plot::Unit::probability()});
        cards.back().number.label = label;
        card_w = std::max(card_w, ImGui::CalcTextSize(label).x + 12.0f);
        card_w = std::max(card_w, ImGui::GetFont()->CalcTextSizeA(ImGui::GetFontSize() * 1.45f, FLT_MAX, 0.0f,
                                                                  n->text.c_str()).x + 12.0f);
      }
    const float row_w = static_cast<float>(cards.size()) * card_w +
                        static_cast<float>(cards.size() - 1) * ImGui::GetStyle().ItemSpacing.x;
    if (cards.size() == 5 && row_w > ImGui::GetContentRegionAvail().x) cards.erase(cards.begin(), cards.begin() + 2);
    draw_number_cards(cards);
    draw_comparison();

    // Two rows: the curves (legends in strips under them), then the confusion matrix beside the test images,
    // each with a minimum height (a 3-line data area; a readable matrix). When both do not fit (large type on
    // a small screen), one at a time under two tabs.
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const ImVec2 sp = ImGui::GetStyle().ItemSpacing;
    const float fs = ImGui::GetFontSize();
    const float w = (avail.x - sp.x) * 0.5f;
    const float legend_h = std::max(plot::legend_strip_height(plot::line_legend_entries(*loss), w),
                                    plot::legend_strip_height(plot::line_legend_entries(*accuracy), w));
    const float curves_min = fs * 9.5f + legend_h, lower_min = fs * 15.0f;
    if (avail.y >= curves_min + sp.y + lower_min) {
      draw_curves(*loss, *accuracy, ImVec2(avail.x, std::max(curves_min, (avail.y - sp.y) * 0.38f)), legend_h);
      const float lower_h = std::max(lower_min, ImGui::GetContentRegionAvail().y);
      draw_confusion(obs, ImVec2(w, lower_h));
      ImGui::SameLine();
      draw_test_images(obs, ImVec2(w, lower_h));
      return;
    }
    if (!ImGui::BeginTabBar("classifier_views")) return;
    if (ImGui::BeginTabItem("Curves")) {
      draw_curves(*loss, *accuracy, ImVec2(avail.x, std::max(curves_min, ImGui::GetContentRegionAvail().y)), legend_h);
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Confusion and test images")) {
      const float lower_h = std::max(lower_min, ImGui::GetContentRegionAvail().y);
      const float confusion_w = (avail.x - sp.x) * 0.6f;
      draw_confusion(obs, ImVec2(confusion_w, lower_h));
      ImGui::SameLine();
      draw_test_images(obs, ImVec2(avail.x - sp.x - confusion_w, lower_h));
      ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
  }

 private:
  // The loss and the accuracy per epoch side by side in `size`.
  static void draw_curves(const experiments::Plot& loss, const experiments::Plot& accuracy, ImVec2 size, float legend_h) {
    const float w = (size.x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
    plot::LineOptions loss_options;
    loss_options.y_lo = 0.0;
    curves_with_legend(loss, ImVec2(w, size.y), legend_h, loss_options);
    ImGui::SameLine();
    plot::LineOptions unit;
    unit.y_lo = 0.0;
    unit.y_hi = 1.0;
    curves_with_legend(accuracy, ImVec2(w, size.y), legend_h, unit);
  }

  // Per epoch (a count): the loss in nats, the accuracy a probability.
  static plot::AxisUnits curve_units(const experiments::Plot& p) {
    const bool loss = p.id.find("loss") != std::string::npos || p.title.find("oss") != std::string::npos;
    return {plot::Unit::count(), loss ? plot::Unit::of("nats") : plot::Unit::probability()};
  }

  // A line plot with its legend in a strip of `legend_h` under it (never over the curves), together in `size`.
  static void curves_with_legend(const experiments::Plot& p, ImVec2 size, float legend_h, plot::LineOptions options) {
    options.legend = false;
    ImGui::BeginGroup();
    plot::line_plot(p, ImVec2(size.x, size.y - legend_h - ImGui::GetStyle().ItemSpacing.y), curve_units(p), options);
    plot::legend_strip(plot::line_legend_entries(p), size.x);
    ImGui::EndGroup();
  }

  // "Dress, Bag at 2%" from the cut the data switch restores.
  std::string cut_text(const experiments::Observables& obs) const {
    const experiments::Bars* recall = find_bars(obs, "recall");
    std::string names;
    if (cut_.contains("classes") && cut_["classes"].is_array())
      for (const json& c : cut_["classes"]) {
        if (!c.is_number_integer()) continue;
        const int k = c.get<int>();
        if (!names.empty()) names += ", ";
        names += recall && k >= 0 && k < static_cast<int>(recall->labels.size())
                     ? recall->labels[static_cast<std::size_t>(k)]
                     : "class " + std::to_string(k);
      }
    char pct[32];
    std::snprintf(pct, sizeof pct, " at %.3g%%", 100.0 * cut_.value("fraction", 0.01));
    return names + pct;
  }

  // What one finished run showed, kept per class weighting (and training data) for comparison.
  struct FinishedRun {
    std::string weights, data, model;
    std::string accuracy, balanced, rare;
  };

  std::string data_key(const json& config) const {
    return config.is_object() && config.contains("imbalance") ? config["imbalance"].dump() : std::string("whole");
  }

  void remember_finished_run() {
    if (!session().ready() || !session().done() || remembered_ == session().generation()) return;
    remembered_ = session().generation();
    const experiments::Observables& obs = session().observables();
    const json& cfg = session().config();
    FinishedRun run{weighting(cfg), data_key(cfg), cfg.value("/model/type"_json_pointer, std::string()),
                    number_text(obs, "validation_accuracy"), number_text(obs, "validation_balanced_accuracy"),
                    number_text(obs, "cut_recall")};
    finished_.erase(std::remove_if(finished_.begin(), finished_.end(),
                                   [&](const FinishedRun& r) { return r.weights == run.weights; }),
                    finished_.end());
    finished_.push_back(std::move(run));
  }

  // One line: the last finished run with another class weighting on the same data and model.
  void draw_comparison() const {
    const json& cfg = session().config();
    const std::string weights = weighting(cfg), data = data_key(cfg), model = cfg.value("/model/type"_json_pointer, std::string());
    for (const FinishedRun& r : finished_) {
      if (r.weights == weights || r.data != data || r.model != model) continue;
      std::string text = "Last run with weights " + r.weights + ": validation accuracy " + r.accuracy + ", balanced " +
                         r.balanced;
      if (!r.rare.empty()) text += ", rare recall " + r.rare;
      ImGui::PushTextWrapPos(0.0f);
      ImGui::TextDisabled("%s", text.c_str());
      ImGui::PopTextWrapPos();
      return;
    }
  }

  void draw_confusion(const experiments::Observables& obs, ImVec2 size) {
    const experiments::Grid* grid = find_grid(obs, counts_ ? "confusion_counts" : "confusion");
    if (grid == nullptr) {
      // The note wraps within the panel's width (it ran past the window's edge at 1024x768).
      ImGui::BeginChild("confusion_note", size, false,
                        ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_AlwaysUseWindowPadding);
      ImGui::Dummy(ImVec2(0.0f, ImGui::GetFontSize()));
      ImGui::PushTextWrapPos(0.0f);
      ImGui::TextDisabled("The confusion matrix appears after the first epoch.");
      ImGui::PopTextWrapPos();
      ImGui::EndChild();
      return;
    }
    plot::HeatmapOptions options;
    options.annotate = true;
    options.map = plot::ColourMap::viridis;
    if (const experiments::Bars* recall = find_bars(obs, "recall")) {
      // Rows by full name, unless the names would take over a quarter of the width (large type): then as the
      // columns, by three letters.
      float names_w = 0.0f;
      for (const auto& name : recall->labels) names_w = std::max(names_w, ImGui::CalcTextSize(name.c_str()).x);
      for (const auto& name : recall->labels) options.col_labels.push_back(short_name(name));
      options.row_labels = names_w > size.x * 0.25f ? options.col_labels : recall->labels;
    }
    // Fractions as whole percentages, so every cell can print its number; counts as they are.
    experiments::Grid shown = *grid;
    if (!counts_) {
      for (float& v : shown.values) v = std::round(100.0f * v);
      shown.lo = 0.0f;
      shown.hi = 100.0f;
    }
    shown.unit = counts_ ? "count" : "%";
    shown.title = counts_ ? "Validation confusion: counts (row true, column predicted)"
                          : "Validation confusion: % of the true class (row)";
    if (ImGui::CalcTextSize(shown.title.c_str()).x > size.x - ImGui::GetFontSize())
      shown.title = counts_ ? "Confusion (counts)" : "Confusion (% of row)";
    plot::heatmap(shown, size, textures_, plot::Unit::probability(), options);
  }

  // Where the sample images go: `shown` of them in `cols` columns, images of `side` screen pixels with their
  // text beside them (or below), the largest images that show the most of them.
  struct ImageLayout {
    int shown = 0, cols = 0;
    float side = 0.0f;
    bool text_below = false;
  };
  static ImageLayout image_layout(int n, float width, float height, float text_w, float text_h, float pad,
                                  float min_side) {
    ImageLayout best;
    for (int m = n; m >= 1 && best.shown == 0; --m)
      for (int c = 1; c <= m; ++c) {
        const int r = (m + c - 1) / c;
        const float cell_w = width / static_cast<float>(c) - pad, cell_h = height / static_cast<float>(r) - pad;
        for (const bool below : {false, true}) {
          const float s = below ? std::min(cell_w, cell_h - text_h) : std::min(cell_w - text_w - pad, cell_h);
          const bool text_fits = below ? cell_w >= text_w : cell_h >= text_h;
          if (text_fits && s >= min_side && s > best.side) best = {m, c, s, below};
        }
      }
    return best;
  }

  // The sample test images (side by side in one grid, square), each with its true class and top-3 probabilities.
  void draw_test_images(const experiments::Observables& obs, ImVec2 size) const {
    ImGui::Dummy(size);
    const ImVec2 p0 = ImGui::GetItemRectMin();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImU32 text_colour = IM_COL32(40, 40, 48, 255), muted = IM_COL32(110, 110, 120, 255);
    const ImU32 wrong_colour = plot::series_colour(5);
    draw->AddRect(p0, ImVec2(p0.x + size.x, p0.y + size.y), IM_COL32(205, 205, 218, 255));
    const float line = ImGui::GetTextLineHeight(), pad = std::round(ImGui::GetFontSize() * 0.35f);
    const experiments::Grid* images = find_grid(obs, "sample_images");
    const experiments::Bars* probs = find_bars(obs, "sample_probabilities");
    draw->PushClipRect(p0, ImVec2(p0.x + size.x, p0.y + size.y), true);
    if (images == nullptr || probs == nullptr || probs->groups.empty() || images->rows <= 0) {
      draw->AddText(ImVec2(p0.x + pad, p0.y + pad), muted, "No test images (the data are not square images).");
      draw->PopClipRect();
      return;
    }
    const int n = static_cast<int>(probs->groups.size());
    const int side = images->rows;
    // The widest text a cell holds: "Ankle boot: wrong" and "Ankle boot 0.99".
    float text_w = 0.0f;
    for (const auto& name : probs->labels) {
      text_w = std::max(text_w, ImGui::CalcTextSize((name + ": wrong").c_str()).x);
      text_w = std::max(text_w, ImGui::CalcTextSize((name + " 0.00").c_str()).x);
    }
    const float top = p0.y + pad + line;
    const ImageLayout layout = image_layout(n, size.x - pad, size.y - 2.0f * pad - line, text_w, 4.0f * line, pad,
                                            0.75f * static_cast<float>(side));
    std::string title = "Test images: true class, top-3 predicted";
    if (layout.shown < n) title = "Test images (" + std::to_string(layout.shown) + " of " + std::to_string(n) + "), top 3";
    if (ImGui::CalcTextSize(title.c_str()).x + 2.0f * pad > size.x) title = "Test images, top 3";
    draw->AddText(ImVec2(p0.x + pad, p0.y + pad * 0.5f), text_colour, title.c_str());
    if (layout.shown == 0) {
      draw->AddText(ImVec2(p0.x + pad, top), muted, "Too small to show the images.");
      draw->PopClipRect();
      return;
    }
    const float px = std::max(0.25f, std::floor(layout.side / static_cast<float>(side) * 4.0f) / 4.0f);
    const float img = px * static_cast<float>(side);
    const float cell_w = (size.x - pad) / static_cast<float>(layout.cols);
    const float cell_h = (size.y - 2.0f * pad - line) / static_cast<float>((layout.shown + layout.cols - 1) / layout.cols);
    const ImU32 truth_bar = plot::series_colour(2, 110), other_bar = IM_COL32(200, 200, 210, 255);
    for (int i = 0; i < layout.shown; ++i) {
      const ImVec2 c0(p0.x + pad + static_cast<float>(i % layout.cols) * cell_w,
                      top + pad * 0.5f + static_cast<float>(i / layout.cols) * cell_h);
      const ImVec2 img0 = c0, img1(img0.x + img, img0.y + img);
      // The image: dark garment on white, one rectangle per pixel with ink.
      draw->AddRectFilled(img0, img1, IM_COL32(255, 255, 255, 255));
      for (int r = 0; r < side; ++r)
        for (int c = 0; c < side; ++c) {
          const std::size_t at = static_cast<std::size_t>(r * images->cols + i * side + c);
          if (at >= images->values.size()) continue;
          const float v = std::clamp(images->values[at], 0.0f, 1.0f);
          if (v < 0.02f) continue;
          const auto g = static_cast<int>(std::lround(255.0f * (1.0f - v)));
          draw->AddRectFilled(ImVec2(img0.x + px * static_cast<float>(c), img0.y + px * static_cast<float>(r)),
                              ImVec2(img0.x + px * static_cast<float>(c + 1), img0.y + px * static_cast<float>(r + 1)),
                              IM_COL32(g, g, g, 255));
        }
      // Top 3 of the predicted probabilities.
      const auto& values = probs->groups[static_cast<std::size_t>(i)].values;
      std::vector<std::size_t> order(values.size());
      for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
      const std::size_t top_k = std::min<std::size_t>(3, order.size());
      std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(top_k), order.end(),
                        [&](std::size_t a, std::size_t b) { return values[a] > values[b]; });
      const std::string truth = true_class(probs->groups[static_cast<std::size_t>(i)].name);
      const bool right = !order.empty() && order[0] < probs->labels.size() && probs->labels[order[0]] == truth;
      // A wrong top-1: a thick vermillion frame and "wrong" (not colour alone).
      draw->AddRect(ImVec2(img0.x - 1.0f, img0.y - 1.0f), ImVec2(img1.x + 1.0f, img1.y + 1.0f),
                    right ? IM_COL32(150, 150, 160, 255) : wrong_colour, 0.0f, 0, right ? 1.0f : 3.0f);
      const ImVec2 t0 = layout.text_below ? ImVec2(c0.x, img1.y + pad * 0.5f) : ImVec2(img1.x + pad, c0.y);
      const std::string header = truth + (right ? ": right" : ": wrong");
      draw->AddText(t0, right ? text_colour : wrong_colour, header.c_str());
      for (std::size_t k = 0; k < top_k; ++k) {
        const std::size_t cls = order[k];
        const std::string& name = cls < probs->labels.size() ? probs->labels[cls] : std::string("?");
        const float y = t0.y + line * static_cast<float>(k + 1);
        const float p = static_cast<float>(std::clamp(values[cls], 0.0, 1.0));
        draw->AddRectFilled(ImVec2(t0.x, y + 1.0f), ImVec2(t0.x + p * text_w, y + line - 1.0f),
                            name == truth ? truth_bar : other_bar);
        char buf[96];
        std::snprintf(buf, sizeof buf, "%s %.2f", name.c_str(), values[cls]);
        draw->AddText(ImVec2(t0.x, y), text_colour, buf);
      }
    }
    draw->PopClipRect();
  }

  bool counts_ = false;   // confusion as counts (else the fraction of each true class)
  json cut_ = kDefaultCut;  // the cut the data switch restores
  std::uint64_t remembered_ = 0;
  std::vector<FinishedRun> finished_;
};

const RegisterLab registration{{"Classifier", 59, []() -> std::unique_ptr<Lab> {
                                  if (!kind_registered("ml.classifier")) return nullptr;
                                  return std::make_unique<ClassifierLab>();
                                }}};

}  // namespace
}  // namespace arbiter::gui
