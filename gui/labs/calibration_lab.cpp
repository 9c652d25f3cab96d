// The Calibration lab (kind ml.calibration): temperature scaling of a classifier's logits. A log slider
// for the shown temperature T (the kind's live /temperature) with the fitted T marked on it; ECE, NLL and
// accuracy as number cards; the reliability diagram before, after and at the shown T; validation NLL(T)
// with both temperatures marked; the confidence histogram; per-group ECE bars. Everything drawn comes from
// the experiment's observables. A switch trains a softmax regression or an MLP first (a chosen number of
// epochs) in place of the preset's synthetic logits, and a table keeps the runs so far.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <utility>
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

using json = nlohmann::json;

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
    remember_finished_run();
    draw_source_controls(edit);

    control_heading("Temperature T (logits / T)");
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

 private:
  // What one finished run showed, for the "runs so far" table (overconfidence growing with training).
  struct FinishedRun {
    std::string source;
    int epochs = 0;
    std::string accuracy, ece_before, temperature, ece_after;
  };

  // Where the logits come from: the preset's synthetic file, or a softmax regression / MLP trained first on
  // a fixed Fashion-MNIST subset for a chosen number of epochs (no weight decay: long training overfits).
  void draw_source_controls(ControlEdit& edit) {
    if (draft_.contains("logits") && draft_["logits"].is_string()) synthetic_logits_ = draft_["logits"];
    const std::string source = source_of(draft_);
    control_heading("Logits from");
    if (!synthetic_logits_.is_null()) {
      if (ImGui::RadioButton("synthetic", source == "synthetic") && source != "synthetic") {
        draft_.erase("classifier");
        draft_["logits"] = synthetic_logits_;
        edit = ControlEdit::commit;
      }
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("the preset's logits: a known truth, no training");
      if (fits_on_line("softmax regression")) ImGui::SameLine();
    }
    for (const auto& [type, label] : {std::pair<const char*, const char*>{"softmax", "softmax regression"}, {"mlp", "MLP"}}) {
      if (ImGui::RadioButton(label, source == type) && source != type) {
        if (!draft_.contains("classifier")) draft_["classifier"] = trained_classifier();
        draft_["classifier"]["model"]["type"] = type;
        draft_.erase("logits");
        edit = ControlEdit::commit;
      }
      if (type == std::string("softmax") && fits_on_line("MLP")) ImGui::SameLine();
    }
    if (!draft_.contains("classifier")) return;
    int epochs = draft_.value("/classifier/training/epochs"_json_pointer, 10);
    ImGui::SetNextItemWidth(-1.0f);
    if (ImGui::SliderInt("##epochs", &epochs, 1, 60, "%d epochs", ImGuiSliderFlags_AlwaysClamp)) {
      draft_["classifier"]["training"]["epochs"] = epochs;
      edit = ControlEdit::editing;
    }
    if (ImGui::IsItemDeactivatedAfterEdit()) edit = ControlEdit::commit;
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("Trained on 12 000 Fashion-MNIST images before the fit (Adam, no weight decay): the longer "
                        "it trains, the more confident it gets without getting more right.");
    ImGui::PopTextWrapPos();
    draw_finished_runs();
  }

  static std::string source_of(const json& config) {
    if (!config.is_object() || !config.contains("classifier")) return "synthetic";
    return config.value("/classifier/model/type"_json_pointer, std::string("mlp"));
  }

  // The classifier the model switch trains: a fixed subset (the first 12 000 training and 5 000 test images),
  // grouped by garment family, Adam without weight decay.
  static json trained_classifier() {
    return {{"data", {{"train_subset", 12000}, {"test_subset", 5000}, {"validation", 0.2}, {"grouping", "fashion_families"}}},
            {"model", {{"type", "mlp"}, {"hidden", {256, 128}}, {"activation", "relu"}}},
            {"optimizer", {{"name", "adam"}, {"learning_rate", 0.001}, {"weight_decay", 0}}},
            {"training", {{"epochs", 10}, {"batch_size", 128}}}};
  }

  void remember_finished_run() {
    if (!session().ready() || !session().done() || remembered_ == session().generation()) return;
    remembered_ = session().generation();
    const experiments::Observables& obs = session().observables();
    const json& cfg = session().config();
    FinishedRun run{source_of(cfg), cfg.value("/classifier/training/epochs"_json_pointer, 0),
                    number_text(obs, "accuracy_after"), number_text(obs, "ece_before"), number_text(obs, "temperature"),
                    number_text(obs, "ece_after")};
    if (run.accuracy.empty()) return;
    finished_.erase(std::remove_if(finished_.begin(), finished_.end(),
                                   [&](const FinishedRun& r) { return r.source == run.source && r.epochs == run.epochs; }),
                    finished_.end());
    finished_.push_back(std::move(run));
    if (finished_.size() > 6) finished_.erase(finished_.begin());
  }

  // One wrapped line per run: wide enough for any panel, projected or not.
  void draw_finished_runs() const {
    if (finished_.empty()) return;
    control_heading("Runs so far (test split)");
    ImGui::PushTextWrapPos(0.0f);
    for (const FinishedRun& r : finished_) {
      const std::string what = r.source == "synthetic" ? "synthetic"
                               : (r.source == "mlp" ? "MLP, " : "softmax, ") + std::to_string(r.epochs) + " epochs";
      ImGui::Text("%s: accuracy %s, ECE %s at T = 1, %s at the fitted T = %s", what.c_str(), r.accuracy.c_str(),
                  r.ece_before.c_str(), r.ece_after.c_str(), r.temperature.c_str());
    }
    ImGui::PopTextWrapPos();
  }

  json synthetic_logits_;  // the preset's `logits`, restored by the "synthetic" switch
  std::uint64_t remembered_ = 0;
  std::vector<FinishedRun> finished_;

 public:
  void draw_views() override {
    const experiments::Observables& obs = session().observables();
    const experiments::Plot* reliability = find_plot(obs, "reliability");
    if (reliability == nullptr) {
      draw_observables(obs);
      return;
    }
    // Six cards with labels short enough for a 1024-pixel window.
    // ECE, accuracy and confidence are probabilities, the NLL in nats.
    std::vector<Card> cards;
    const std::pair<const char*, const char*> shown[] = {{"ece_before", "ECE at T = 1"},
                                                         {"ece_after", "ECE, fitted T"},
                                                         {"ece_shown", "ECE, slider T"},
                                                         {"nll_shown", "NLL, slider T"},
                                                         {"accuracy_after", "accuracy"},
                                                         {"mean_confidence_shown", "confidence"}};
    for (const auto& [id, label] : shown)
      if (const experiments::Number* n = find_number(obs, id)) {
        cards.push_back({*n, std::string(id) == "nll_shown" ? plot::Unit::of("nats") : plot::Unit::probability()});
        cards.back().number.label = label;
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
    plot::line_plot(diagram, ImVec2(w, h), {plot::Unit::probability(), plot::Unit::probability()}, unit_box);
    ImGui::SameLine();
    if (const experiments::Plot* curve = find_plot(obs, "nll_of_t"))
      plot::line_plot(*curve, ImVec2(w, h), {plot::Unit::number(), plot::Unit::number()});
    else
      ImGui::Dummy(ImVec2(w, h));
    if (const experiments::Bars* histogram = find_bars(obs, "confidence_histogram"))
      plot::bar_chart(*histogram, ImVec2(w, rows[1]), plot::Unit::probability());  // a fraction of examples
    else
      ImGui::Dummy(ImVec2(w, rows[1]));
    ImGui::SameLine();
    if (const experiments::Bars* groups = find_bars(obs, "group_ece"))
      plot::bar_chart(*groups, ImVec2(w, rows[1]), plot::Unit::probability());
    else if (const experiments::Bars* gaps = find_bars(obs, "reliability_gap"))
      plot::bar_chart(*gaps, ImVec2(w, rows[1]), plot::Unit::probability());
  }
};

const RegisterLab registration{{"Calibration", 60, []() -> std::unique_ptr<Lab> {
                                  if (!kind_registered("ml.calibration")) return nullptr;
                                  return std::make_unique<CalibrationLab>();
                                }}};

}  // namespace
}  // namespace arbiter::gui
