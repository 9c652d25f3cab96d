// The Physics lab (kinds physics.ising, physics.potts, physics.levels). Live lattice mode: the Ising or
// Potts lattice as a texture updated every frame, a temperature slider with T_c marked (a live change through
// Experiment::apply_live, the lattice is kept; rebuilt only when the experiment declines), energy and
// magnetisation traces, and C(T) built point by point from the temperatures visited (by hand or by a scan)
// with Onsager's exact curve. Discrete levels: the populations as bars, C_v(T) with the Schottky curve, U(T)
// and S(T), the temperature on a slider. Everything shown comes from observables() (numbers by id, T_c and
// the model's words included); the lab only forwards the temperature.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>
#include <filesystem>
#include <set>
#include <imgui.h>
#include "experiments/registry.hpp"
#include "gui/app/scripted_input.hpp"
#include "gui/labs/lab.hpp"
#include "gui/labs/view_layout.hpp"
#include "gui/plot/bar_chart.hpp"
#include "gui/plot/line_plot.hpp"
#include "gui/widgets/class_controls.hpp"
#include "gui/widgets/flow_layout.hpp"

namespace arbiter::gui {
namespace {

using nlohmann::json;

// C(T) of a lattice: T in J / k_B, the heat capacity per spin in k_B.
plot::AxisUnits heat_capacity_units() { return {plot::Unit::of("J/k_B"), plot::Unit::of("k_B")}; }

double number_or(const json& cfg, const char* key, double fallback) {
  return cfg.is_object() && cfg.contains(key) && cfg[key].is_number() ? cfg[key].get<double>() : fallback;
}

class PhysicsLab final : public Lab {
 public:
  PhysicsLab() : Lab("Physics", {"physics.ising", "physics.potts", "physics.levels"}, "09_physics_ising.json") {}

  bool recompute_on_change() const override { return kind_name() == "physics.levels"; }

  int step_within(int max_steps, double budget_ms) override {
    if (kind_name() == "physics.levels") return Lab::step_within(std::max(max_steps, 1 << 20), std::max(budget_ms, 20.0));
    const int n = Lab::step_within(max_steps, budget_ms);
    if (scanning_) continue_scan();
    return n;
  }

  bool run_has_end() const override { return !live() || kind_name() == "physics.levels"; }

  std::string progress_label() const override { return run_has_end() ? std::string() : "live lattice (no end)"; }

  std::string state_text() const override {
    const experiments::Observables& obs = session().observables();
    const experiments::Number* t = find_number(obs, "temperature");
    const experiments::Number* m = find_number(obs, "m_per_spin");
    const double tc = critical_temperature();
    if (t == nullptr || m == nullptr || !std::isfinite(tc)) return {};
    char buf[200];
    const bool at = std::abs(t->value - tc) < 0.005;
    std::snprintf(buf, sizeof buf, "T = %.3f, %s T_c = %.3f: magnetisation %.2f, %s", t->value,
                  at ? "at" : t->value < tc ? "below" : "above", tc, m->value,
                  at ? "domains of every size" : t->value < tc ? "domains order" : "the spins disorder");
    return buf;
  }

  nlohmann::json config_to_save() const override {
    json cfg = session().config();
    if (live()) cfg["live"] = false;  // live mode never ends; `arbiter run` gets a finite run at this T
    return cfg;
  }

  std::string save_note() const override {
    if (!live()) return Lab::save_note();
    return "saved as a finite run at T = " + current_temperature_text() +
           " (live mode has no end): arbiter run measures it with the same lattice, seed and sweeps";
  }

  void draw_controls() override {
    draw_description();
    draw_error();
    if (kind_name() == "physics.levels") {
      draw_levels_controls();
      return;
    }
    if (!live()) {
      ImGui::PushTextWrapPos(0.0f);
      ImGui::TextDisabled("A temperature sweep: the curves fill in as the runs finish. Set \"live\" for the "
                          "interactive lattice.");
      ImGui::PopTextWrapPos();
      draw_schema_controls();
      return;
    }
    if (draw_model_buttons()) return;
    draw_temperature_controls();
    ControlEdit edit = ControlEdit::none;
    // Class mode draws the lattice's section only when the lesson lists one of its keys (class_controls.hpp).
    bool lattice = false;
    for (const char* path : {"/L", "/algorithm", "/J", "/h", "/thermalization_sweeps", "/measurement_sweeps"})
      lattice = lattice || class_shows(class_controls(), path);
    if (const auto* kind = session().kind(); kind && lattice) {
      ImGui::Spacing();
      ImGui::TextWrapped("%s", "Lattice (a change restarts it)");
      ImGui::Separator();
      int L = static_cast<int>(number_or(draft_, "L", 64));
      for (int size : {32, 64, 128, 256}) {
        char label[16];
        std::snprintf(label, sizeof label, "%d", size);
        if (size != 32) same_line_if_fits(radio_width(label));
        if (ImGui::RadioButton(label, &L, size)) {
          draft_["L"] = size;
          edit = ControlEdit::commit;
        }
      }
      same_line_if_fits(ImGui::CalcTextSize("L").x);
      ImGui::TextDisabled("L");
      ImGui::PushItemWidth(-ImGui::GetFontSize() * 9.0f);
      for (const char* path : {"/algorithm", "/J", "/h"})
        if (const core::Param* p = kind->schema.find(path)) {
          const ControlEdit e = param_control(*p, draft_);
          if (static_cast<int>(e) > static_cast<int>(edit)) edit = e;
        }
      if (ImGui::CollapsingHeader("More settings")) {
        const ControlEdit e = schema_controls(kind->schema, draft_,
                                              {"/L", "/algorithm", "/J", "/h", "/temperatures", "/live", "/sizes"});
        if (static_cast<int>(e) > static_cast<int>(edit)) edit = e;
      }
      ImGui::PopItemWidth();
    }
    if (edit == ControlEdit::commit) {
      scanning_ = false;
      draft_["temperatures"] = json::array({current_temperature()});
    }
    apply(edit == ControlEdit::commit ? edit : ControlEdit::none);
  }

  void draw_views() override {
    const experiments::Observables& obs = session().observables();
    if (kind_name() == "physics.levels") {
      draw_levels_views(obs);
      return;
    }
    const experiments::Grid* lattice = find_grid(obs, "lattice");
    if (!live() || lattice == nullptr) {
      draw_observables(obs);
      return;
    }
    // Energies in units of the coupling J, temperatures in J / k_B; the order parameter per spin is a pure
    // number, the sweeps a count.
    std::vector<Card> cards;
    const std::pair<const char*, plot::Unit> shown[] = {{"temperature", plot::Unit::of("J/k_B")},
                                                        {"e_per_spin", plot::Unit::of("J")},
                                                        {"m_per_spin", plot::Unit::number()},
                                                        {"sweeps", plot::Unit::count()},
                                                        {"measured_sweeps", plot::Unit::count()}};
    for (const auto& [id, unit] : shown)
      if (const experiments::Number* n = find_number(obs, id)) cards.push_back({*n, declared_unit(*n, unit)});
    draw_number_cards(cards);
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const ImVec2 spacing = ImGui::GetStyle().ItemSpacing;
    // Wide: the lattice (at most half the width) beside the energy and magnetisation traces and C(T). Narrow
    // (large fonts on a small projector): the lattice beside C(T) alone, its legend under it (the cards
    // carry e and m).
    const float font = ImGui::GetFontSize();
    const bool narrow = avail.x - std::min(avail.y, avail.x * 0.52f) < font * 24.0f;
    const float side = std::floor(narrow ? std::min(avail.y, avail.x * 0.45f) : std::min(avail.y, avail.x * 0.52f));
    plot::HeatmapOptions lattice_options;
    lattice_options.colour_bar = false;  // a spin's colour is its state, not a scale
    ImGui::BeginGroup();
    const std::string note = number_text(obs, "colour_note");
    const float note_h = ImGui::CalcTextSize(note.c_str(), nullptr, false, side).y + spacing.y;
    plot::heatmap(*lattice, ImVec2(side, avail.y - note_h), textures_, plot::Unit::number(), lattice_options);
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + side);
    ImGui::TextDisabled("%s", note.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    ImGui::SameLine();
    ImGui::BeginGroup();
    const float w = avail.x - side - spacing.x;
    // The traces a quarter of the height each, C(T) (the lesson's chart, with its legend) the rest.
    const float h = narrow ? 0.0f : std::floor((avail.y - 2.0f * spacing.y) * 0.27f);
    if (!narrow)
      for (const char* id : {"energy_trace", "magnetisation_trace"})
        if (const experiments::Plot* p = find_plot(obs, id)) {
          plot::LineOptions o;
          o.thickness = 1.0f;
          if (std::string(id) == "magnetisation_trace") {
            const experiments::Number* m_min = find_number(obs, "m_min");
            o.y_lo = m_min != nullptr ? m_min->value : -1.0;
            o.y_hi = 1.0;
          }
          const bool energy = std::string(id) == "energy_trace";
          plot::line_plot(*p, ImVec2(w, h), {plot::Unit::count(), energy ? plot::Unit::of("J") : plot::Unit::number()}, o);
        }
    if (const experiments::Plot* c = find_plot(obs, "c_of_T")) {
      plot::LineOptions o;
      o.y_lo = 0.0;
      if (narrow) {
        o.legend = false;
        const std::vector<plot::LegendEntry> entries = plot::line_legend_entries(*c);
        const float legend_h = plot::legend_strip_height(entries, w);
        plot::line_plot(*c, ImVec2(w, avail.y - legend_h - spacing.y), heat_capacity_units(), o);
        plot::legend_strip(entries, w);
      } else {
        plot::line_plot(*c, ImVec2(w, avail.y - 2.0f * (h + spacing.y)), heat_capacity_units(), o);
      }
    }
    ImGui::EndGroup();
  }

 private:
  std::string kind_name() const { return session().kind() ? session().kind()->name : std::string(); }
  bool live() const { return session().config().value("live", false); }

  double current_temperature() const {
    const json& t = session().config().value("temperatures", json());
    return t.is_array() && !t.empty() && t[0].is_number() ? t[0].get<double>() : 2.269;
  }
  std::string current_temperature_text() const {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g", current_temperature());
    return buf;
  }

  // T_c of the infinite lattice (as the experiment reports it), or NaN.
  double critical_temperature() const {
    const experiments::Number* t_c = find_number(session().observables(), "t_c");
    return t_c != nullptr ? t_c->value : std::nan("");
  }

  // Returns true when another model was loaded (the rest of this frame's controls is skipped).
  bool draw_model_buttons() {
    ImGui::Spacing();
    ImGui::TextWrapped("%s", "Model");
    ImGui::Separator();
    const std::string kind = kind_name();
    auto button = [&](const char* title, bool active) {
      if (active) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
      const bool pressed = ImGui::Button(title);
      if (active) ImGui::PopStyleColor();
      return pressed;
    };
    const bool levels = kind == "physics.levels";
    if (button("Ising", kind == "physics.ising"))
      return levels ? open_preset("09_physics_ising.json") : switch_model("physics.ising");
    same_line_if_fits(button_width("Potts q = 3"));
    if (button("Potts q = 3", kind == "physics.potts"))
      return levels ? open_preset("09_physics_ising.json") && switch_model("physics.potts") : switch_model("physics.potts");
    same_line_if_fits(button_width("Two levels"));
    if (button("Two levels", levels) && !levels) return open_preset("10_physics_schottky.json");
    return false;
  }

  bool open_preset(const std::string& name) {
    const std::string path = find_preset(name);
    if (path.empty()) return false;
    scanning_ = false;
    const bool was_playing = playing;
    try {
      load(experiments::read_json_file(path), path, std::filesystem::path(path).parent_path().string());
    } catch (const std::exception&) {
      return false;  // the session keeps its experiment and shows nothing new
    }
    playing = was_playing;
    return true;
  }

  // Loads the other lattice kind with its own defaults for the keys this one lacks (q = 3, a 2D lattice), at
  // the same T / T_c (both as the experiments report them).
  bool switch_model(const std::string& kind) {
    if (kind == kind_name()) return false;
    json cfg = session().config();
    cfg["kind"] = kind;
    const double tc_old = critical_temperature();
    const core::Schema& schema = experiments::registry().find(kind).schema;
    for (const char* key : {"q", "dimensions"})
      if (schema.find(std::string("/") + key) == nullptr) cfg.erase(key);
    const bool was_playing = playing;
    scanning_ = false;
    const double tc_new = load(cfg, session().file(), session().config_dir()) ? critical_temperature() : std::nan("");
    if (std::isfinite(tc_new)) {
      const double ratio = std::isfinite(tc_old) && tc_old > 0 ? current_temperature() / tc_old : 1.0;
      cfg = session().config();
      cfg["temperatures"] = json::array({std::round(ratio * tc_new * 1000.0) / 1000.0});
      if (cfg != session().config()) load(cfg, session().file(), session().config_dir());
    }
    playing = was_playing;
    return true;
  }

  // A live change of the running lattice's temperature; the session rebuilds only if the experiment declines.
  void set_temperature(double T) {
    if (!session().ready() || !live() || !(T > 0.0)) return;
    json cfg = session().config();
    cfg["temperatures"] = json::array({T});
    session().change(cfg);
    if (draft_.is_object()) draft_["temperatures"] = cfg["temperatures"];
  }

  void draw_temperature_controls() {
    ImGui::Spacing();
    ImGui::TextWrapped("%s", "Temperature T (k_B = 1)");
    ImGui::Separator();
    const double tc = critical_temperature();
    const double centre = std::isfinite(tc) ? tc : 2.269;
    const double lo = std::round(centre * 0.3 * 100.0) / 100.0, hi = std::round(centre * 2.2 * 100.0) / 100.0;
    if (!dragging_) slider_t_ = current_temperature();
    ImGui::SetNextItemWidth(-1.0f);
    ImGui::SliderScalar("##T", ImGuiDataType_Double, &slider_t_, &lo, &hi, "T = %.3f", ImGuiSliderFlags_AlwaysClamp);
    dragging_ = ImGui::IsItemActive();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("applied on release; the lattice is kept (Ctrl+click to type)");
    if (ImGui::IsItemDeactivatedAfterEdit()) {
      scanning_ = false;
      set_temperature(slider_t_);
    }
    if (std::isfinite(tc)) {
      // Mark T_c on the slider's track.
      const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
      const ImGuiStyle& style = ImGui::GetStyle();
      const float pad = 2.0f, grab = style.GrabMinSize;
      const float u = static_cast<float>((tc - lo) / (hi - lo));
      const float x = a.x + pad + grab * 0.5f + u * (b.x - a.x - 2.0f * pad - grab);
      ImDrawList* draw = ImGui::GetWindowDrawList();
      draw->AddLine(ImVec2(x, a.y - 3.0f), ImVec2(x, b.y + 3.0f), IM_COL32(200, 40, 40, 255), 2.0f);
      const char* label = "T_c";
      const ImVec2 ts = ImGui::CalcTextSize(label);
      ImGui::Dummy(ImVec2(0.0f, ts.y));
      draw->AddText(ImVec2(x - ts.x * 0.5f, b.y + 3.0f), IM_COL32(200, 40, 40, 255), label);
    }
    char label[32];
    bool first = true;
    if (std::isfinite(tc)) {
      std::snprintf(label, sizeof label, "T_c = %.3f", tc);
      first = false;
      const bool pressed = ImGui::Button(label);
      note_target("T_c");
      if (pressed) {
        scanning_ = false;
        set_temperature(std::round(tc * 1000.0) / 1000.0);
      }
    }
    for (double factor : {0.66, 1.5}) {
      std::snprintf(label, sizeof label, "%s %.2f", factor < 1 ? "cold" : "hot", centre * factor);
      if (!first) same_line_if_fits(button_width(label));
      first = false;
      const bool pressed = ImGui::Button(label);
      note_target(factor < 1 ? "cold" : "hot");
      if (pressed) {
        scanning_ = false;
        set_temperature(std::round(centre * factor * 100.0) / 100.0);
      }
    }

    ImGui::Spacing();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("C(T) gets a point for each temperature left after some measured sweeps. A scan visits "
                        "%d temperatures from %.2f to %.2f.", kScanPoints, centre * 0.66, centre * 1.5);
    ImGui::PopTextWrapPos();
    if (ImGui::Button(scanning_ ? "Stop scan" : "Scan T")) {
      scanning_ = !scanning_;
      if (scanning_) {
        scan_index_ = 0;
        scan_centre_ = centre;
        set_temperature(scan_temperature(0));
        playing = true;
      }
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 9.0f);
    ImGui::SliderInt("sweeps per point", &scan_sweeps_, 100, 5000, "%d", ImGuiSliderFlags_Logarithmic);
    if (scanning_) ImGui::Text("scan: point %d of %d", scan_index_ + 1, kScanPoints);
  }

  double scan_temperature(int i) const {
    const double a = scan_centre_ * 0.66, b = scan_centre_ * 1.5;
    return std::round((a + (b - a) * i / (kScanPoints - 1)) * 1000.0) / 1000.0;
  }

  void continue_scan() {
    const experiments::Number* measured = find_number(session().observables(), "measured_sweeps");
    if (measured == nullptr || !(measured->value >= scan_sweeps_)) return;
    if (++scan_index_ >= kScanPoints) {
      scanning_ = false;  // the last temperature stays as the running "now" point
      return;
    }
    set_temperature(scan_temperature(scan_index_));
  }

  // ---- discrete levels ----
  void draw_levels_controls() {
    const auto* kind = session().kind();
    if (kind == nullptr) return;
    if (draw_model_buttons()) return;
    ControlEdit edit = ControlEdit::none;
    ImGui::Spacing();
    ImGui::TextWrapped("%s", "Temperature T (k_B = 1)");
    ImGui::Separator();
    if (const core::Param* p = kind->schema.find("/temperature")) {
      ImGui::SetNextItemWidth(-1.0f);
      edit = param_control(*p, draft_, "##T");
    }
    // Only the chosen family's parameters (each family keeps its keys under its own group).
    const std::string family = draft_.value("family", std::string());
    std::set<std::string> groups{"levels", "two_level", "oscillator", "einstein", "paramagnet"};
    groups.erase(family == "harmonic_oscillator" ? "oscillator" : family == "einstein_solid" ? "einstein" : family);
    if (family == "einstein_solid") groups.erase("oscillator");
    std::set<std::string> skip{"/temperature"};
    for (const auto& p : kind->schema.params())
      for (const auto& g : groups)
        if (p.path.rfind("/" + g + "/", 0) == 0) skip.insert(p.path);
    ImGui::Spacing();
    ImGui::TextWrapped("%s", "System");
    ImGui::Separator();
    ImGui::PushItemWidth(-ImGui::GetFontSize() * 9.0f);
    const ControlEdit e = schema_controls(kind->schema, draft_, skip);
    ImGui::PopItemWidth();
    if (static_cast<int>(e) > static_cast<int>(edit)) edit = e;
    apply(edit);
  }

  void draw_levels_views(const experiments::Observables& obs) {
    const experiments::Bars* pops = find_bars(obs, "populations");
    const experiments::Plot* heat = find_plot(obs, "heat_capacity");
    if (pops == nullptr || heat == nullptr) {
      draw_observables(obs);
      return;
    }
    // Energies and temperatures in the levels' energy unit (k_B = 1), entropy and heat capacity in k_B.
    std::vector<Card> cards;
    const std::pair<const char*, plot::Unit> shown[] = {{"temperature", plot::Unit::of("energy units")},
                                                        {"z", plot::Unit::number()},
                                                        {"mean_energy", plot::Unit::of("energy units")},
                                                        {"entropy", plot::Unit::of("k_B")},
                                                        {"heat_capacity", plot::Unit::of("k_B")}};
    for (const auto& [id, unit] : shown)
      if (const experiments::Number* n = find_number(obs, id)) cards.push_back({*n, declared_unit(*n, unit)});
    draw_number_cards(cards);
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const ImVec2 spacing = ImGui::GetStyle().ItemSpacing;
    const std::vector<float> h = row_heights(avail.y, spacing.y, {1.0f, 1.0f}, min_chart_height(ImGui::GetTextLineHeight()));
    const float top_h = std::floor(h[0]);
    const float left_w = std::floor(avail.x * 0.4f);
    // Populations are probabilities (of finding the system in each level): the title says so.
    experiments::Bars populations = *pops;
    if (populations.title.rfind("Level populations", 0) == 0)
      populations.title = "Level probabilities" + populations.title.substr(17);
    plot::bar_chart(populations, ImVec2(left_w, top_h), plot::Unit::probability());
    ImGui::SameLine();
    plot::LineOptions o;
    o.y_lo = 0.0;
    plot::line_plot(*heat, ImVec2(avail.x - left_w - spacing.x, top_h),
                    {plot::Unit::of("energy units"), plot::Unit::of("k_B")}, o);
    const float bottom_h = h[1];
    std::vector<const experiments::Plot*> rest;
    for (const auto& p : obs.plots)
      if (p.id != "heat_capacity") rest.push_back(&p);
    const float w = rest.empty() ? avail.x : (avail.x - spacing.x * static_cast<float>(rest.size() - 1)) / static_cast<float>(rest.size());
    for (std::size_t i = 0; i < rest.size(); ++i) {
      if (i > 0) ImGui::SameLine();
      // U(T) and S(T) share an axis; M(T) is a pure number (M in units of the moment mu).
      const bool u_s = rest[i]->id == "energy_entropy";
      plot::line_plot(*rest[i], ImVec2(w, bottom_h),
                      {plot::Unit::of("energy units"), u_s ? plot::Unit::of("U: energy units, S: k_B") : plot::Unit::of("mu")});
    }
  }

  static constexpr int kScanPoints = 21;
  double slider_t_ = 2.269;
  bool dragging_ = false;
  bool scanning_ = false;
  int scan_index_ = 0;
  double scan_centre_ = 2.269;
  int scan_sweeps_ = 400;
};

const RegisterLab registration{{"Physics", 50, []() -> std::unique_ptr<Lab> {
                                  if (!kind_registered("physics.ising")) return nullptr;
                                  auto lab = std::make_unique<PhysicsLab>();
                                  lab->speed = 10.0f;
                                  return lab;
                                }}};

}  // namespace
}  // namespace arbiter::gui
