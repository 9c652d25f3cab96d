// The Lab base: starting config, edits -> rebuilds, budgeted stepping, and the generic observable layout.
#include "gui/labs/lab.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <utility>
#include <imgui.h>
#include "experiments/registry.hpp"
#include "gui/plot/bar_chart.hpp"
#include "gui/plot/label_text.hpp"
#include "gui/plot/layout_report.hpp"
#include "gui/plot/line_plot.hpp"
#include "gui/plot/theme.hpp"

namespace arbiter::gui {

namespace fs = std::filesystem;
using nlohmann::json;

Lab::Lab(std::string title, std::vector<std::string> kinds, std::string preset)
    : title_(std::move(title)), kinds_(std::move(kinds)), preset_(std::move(preset)) {}

bool Lab::shows_kind(const std::string& kind) const {
  return kinds_.empty() || std::find(kinds_.begin(), kinds_.end(), kind) != kinds_.end();
}

bool Lab::shows_config(const nlohmann::json& config) const {
  return config.is_object() && config.contains("kind") && config["kind"].is_string() &&
         shows_kind(config["kind"].get<std::string>());
}

void Lab::start() {
  if (!preset_.empty()) {
    const std::string path = find_preset(preset_);
    if (!path.empty()) {
      try {
        if (load(experiments::read_json_file(path), path, fs::path(path).parent_path().string())) return;
      } catch (const std::exception& e) {
        (void)e;  // fall back to the defaults below; the session keeps the message
      }
    }
  }
  for (const auto& k : kinds_) {
    if (!kind_registered(k)) continue;
    load(json{{"kind", k}}, "(defaults of " + k + ")", ".");
    return;
  }
}

bool Lab::load(const json& config, const std::string& file, const std::string& dir) {
  const bool ok = session_.configure(config, file, dir);
  // Another file (a lesson, a config) starts without a ghost; the same one again (b, back to the preset)
  // keeps the run it replaced as one.
  if (ok && file != loaded_file_) session_.forget_ghost();
  draft_ = ok ? session_.config() : config;
  playing = false;
  history_.clear();
  in_edit_ = false;
  if (ok) {
    loaded_config_ = config;
    loaded_file_ = file;
    loaded_dir_ = dir;
  }
  return ok;
}

bool Lab::back_to_preset() {
  if (loaded_config_.is_null()) return false;
  const json config = loaded_config_;
  const std::string file = loaded_file_, dir = loaded_dir_;
  const bool ok = load(config, file, dir);
  if (ok && recompute_on_change()) session_.advance(1 << 20, 50.0);
  return ok;
}

bool Lab::undo() { return go_to(history_.undo(draft_)); }

bool Lab::redo() { return go_to(history_.redo(draft_)); }

bool Lab::go_to(const std::optional<json>& config) {
  if (!config) return false;
  draft_ = *config;
  in_edit_ = false;
  const ExperimentSession::Change change = session_.change(draft_);
  if (change != ExperimentSession::Change::failed && recompute_on_change()) session_.advance(1 << 20, 50.0);
  return change != ExperimentSession::Change::failed;
}

bool Lab::set_value(const std::string& pointer, const json& value) {
  draft_[json::json_pointer(pointer)] = value;
  apply(ControlEdit::commit);
  return session_.error().empty();
}

void Lab::set_seed(std::uint64_t seed) {
  if (!session_.ready()) return;
  json config = session_.config();
  config["seed"] = seed;
  session_.configure(config, session_.file(), session_.config_dir());
  draft_["seed"] = seed;
}

void Lab::reset() {
  session_.rebuild();
}

int Lab::step_within(int max_steps, double budget_ms) { return session_.advance(max_steps, budget_ms); }

std::optional<Lab::RunCount> Lab::run_count() const {
  const experiments::Observables& obs = session_.observables();
  // The counts of the kinds that stop exactly at a pause point (Experiment::stop_at). The lattice kinds'
  // sweeps are not among them: their slices cannot stop mid-way yet, and their toolbar has no room to spare.
  for (const auto& [id, unit] : {std::pair{"episodes", "episode"}, std::pair{"step", "step"}})
    if (const experiments::Number* n = find_number(obs, id); n != nullptr && std::isfinite(n->value))
      return RunCount{std::llround(n->value), unit};
  return std::nullopt;
}

void Lab::set_pause_at(long long at) {
  const std::optional<RunCount> count = run_count();
  pause_.set(at, count ? count->value : 0);
  pause_generation_ = session_.generation();
}

std::string Lab::pause_text() const {
  const std::optional<RunCount> count = run_count();
  if (playing || !pause_.reached() || !count || count->value != paused_count_ ||
      pause_generation_ != session_.generation())
    return {};
  return "paused at " + count->unit + " " + std::to_string(paused_count_) + ": Space to go on";
}

const experiments::Plot* Lab::ghost_plot(const std::string& id) const {
  return ghost_shown() ? session_.ghost().plot(id) : nullptr;
}

int Lab::play_frame(double budget_ms, double seconds) {
  if (pause_generation_ != session_.generation()) {
    pause_.new_run();
    pause_generation_ = session_.generation();
  }
  // The experiment stops its slices at the point (or, a kind that cannot, the first slice past it), and
  // the lab pauses when its count gets there: before stepping (a single step got there) or after.
  auto reached = [&] {
    const std::optional<RunCount> count = run_count();
    if (!count || !pause_.reached_now(count->value)) return false;
    playing = false;
    pending_steps_ = 0.0;
    paused_count_ = count->value;  // the point itself, or for a kind that cannot stop there the slice past it
    session_.stop_at(0);
    return true;
  };
  if (reached()) return 0;
  const std::optional<RunCount> count = run_count();
  session_.stop_at(count ? pause_.stop_for(count->value) : 0);
  const int done = frame_steps(budget_ms, seconds);
  reached();
  return done;
}

int Lab::frame_steps(double budget_ms, double seconds) {
  if (pace != Pace::per_frame) {
    const long long due = pace_clock_.due(pace, seconds, session_.steps(), session_.progress());
    return due < 1 ? 0 : step_within(static_cast<int>(std::min(due, 1LL << 20)), budget_ms);
  }
  pending_steps_ = std::min(pending_steps_ + static_cast<double>(speed), 1e6);
  const int due = static_cast<int>(pending_steps_);
  if (due < 1) return 0;
  pending_steps_ -= due;
  return step_within(due, budget_ms);
}

json Lab::config_to_save() const { return session_.config(); }

std::string Lab::save_note() const {
  if (session_.live_changed())
    return "it starts from the current settings; the changes made while it ran are not replayed";
  return "arbiter run reproduces this experiment exactly";
}

void Lab::apply(ControlEdit edit) {
  const bool now = edit == ControlEdit::commit || edit == ControlEdit::live ||
                   (edit == ControlEdit::editing && recompute_on_change());
  if (!now) return;
  // Live keys go to the running experiment; any other change rebuilds it (ExperimentSession::change). The
  // config before the first edit of a change is kept for undo; a commit ends the change.
  const json before = session_.config();
  const ExperimentSession::Change change = session_.change(draft_);
  if (change != ExperimentSession::Change::none && change != ExperimentSession::Change::failed && !in_edit_) {
    history_.changed(before);
    in_edit_ = true;
  }
  if (edit == ControlEdit::commit) in_edit_ = false;
  if (change != ExperimentSession::Change::failed && recompute_on_change()) session_.advance(1 << 20, 50.0);
}

void Lab::draw_schema_controls(const std::set<std::string>& skip) {
  const experiments::ExperimentKind* kind = session_.kind();
  if (kind == nullptr) return;
  ImGui::PushItemWidth(-ImGui::GetFontSize() * 8.0f);
  apply(schema_controls(kind->schema, draft_, skip));
  ImGui::PopItemWidth();
}

void Lab::draw_error() {
  if (session_.error().empty()) return;
  ImGui::PushStyleColor(ImGuiCol_Text, plot::chart_theme().error_text);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(session_.error().c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
}

void Lab::draw_controls() {
  if (const auto* kind = session_.kind()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s: %s", kind->name.c_str(), kind->description.c_str());
    ImGui::PopTextWrapPos();
  }
  draw_error();
  draw_schema_controls();
}

void Lab::draw_views() { draw_observables(session_.observables()); }

void Lab::draw_numbers(const experiments::Observables& obs, int columns) {
  if (obs.numbers.empty()) return;
  columns = std::max(1, columns);
  if (ImGui::BeginTable("numbers", columns * 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV)) {
    for (const auto& number : obs.numbers) {
      ImGui::TableNextColumn();
      ImGui::TextDisabled("%s", plot::words(number.label).c_str());
      plot::check_last_item(number.label.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(number.text.c_str());
      plot::check_last_item(number.text.c_str());
    }
    ImGui::EndTable();
  }
}

void Lab::draw_number_cards(const std::vector<Card>& cards) {
  if (cards.empty()) return;
  // Each number as the card shows it: the card's unit (which decides money to the cent), stated or reported.
  std::vector<experiments::Number> numbers;
  for (const Card& card : cards) {
    numbers.push_back(card.number);
    numbers.back().unit = card.unit.symbol();
    plot::report_unit("card", card.number.label, card.unit);
    // The unit follows the value: a label that ends in it loses it ("entropy H (nats)": "entropy H").
    const std::string suffix = " (" + card.unit.symbol() + ")";
    std::string& label = numbers.back().label;
    if (!card.unit.unitless() && label.size() > suffix.size() &&
        label.compare(label.size() - suffix.size(), suffix.size(), suffix) == 0)
      label.resize(label.size() - suffix.size());
  }
  const float avail = ImGui::GetContentRegionAvail().x;
  const int n = static_cast<int>(numbers.size());
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float big = ImGui::GetFontSize() * 1.45f;
  // One row of equal cards, or more rows when a label or value would not fit (large fonts, a narrow
  // window); what still does not fit in one card per row is clipped and reported (its tooltip has it whole).
  float needed = ImGui::GetFontSize() * 5.0f;
  // A value's unit follows it in the label's size and colour.
  auto unit_w = [](const experiments::Number& number) {
    return number.unit.empty() ? 0.0f : ImGui::CalcTextSize((" " + number.unit).c_str()).x;
  };
  for (const auto& number : numbers) {
    needed = std::max(needed, ImGui::GetFont()->CalcTextSizeA(big, FLT_MAX, 0.0f, display_text(number).c_str()).x +
                                  unit_w(number) + 12.0f);
    needed = std::max(needed, ImGui::CalcTextSize(plot::words(number.label).c_str()).x + 12.0f);
  }
  int per_row = n;
  auto card_w = [&](int k) { return (avail - spacing * static_cast<float>(k - 1)) / static_cast<float>(k); };
  while (per_row > 1 && card_w(per_row) < needed) --per_row;
  const float w = card_w(per_row);
  const float h = ImGui::GetTextLineHeight() * 2.9f;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  // On the high-contrast theme's dark background the card's text is the theme's light text.
  const plot::ChartTheme& theme = plot::chart_theme();
  const ImU32 value_colour = theme.dark ? theme.text : IM_COL32(30, 30, 40, 255);
  const ImU32 label_colour = theme.dark ? theme.muted_text : IM_COL32(110, 110, 120, 255);
  for (int i = 0; i < n; ++i) {
    if (i % per_row != 0) ImGui::SameLine();
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(w, h));
    draw->AddRect(p0, ImVec2(p0.x + w, p0.y + h), IM_COL32(205, 205, 218, 255));
    const std::string label = plot::words(numbers[static_cast<std::size_t>(i)].label);
    const std::string value = display_text(numbers[static_cast<std::size_t>(i)]);
    draw->PushClipRect(p0, ImVec2(p0.x + w, p0.y + h), true);
    draw->AddText(ImVec2(p0.x + 6.0f, p0.y + 3.0f), label_colour, label.c_str());
    const ImVec2 value_at(p0.x + 6.0f, p0.y + ImGui::GetTextLineHeight() + 5.0f);
    draw->AddText(ImGui::GetFont(), big, value_at, value_colour, value.c_str());
    const float value_w = ImGui::GetFont()->CalcTextSizeA(big, FLT_MAX, 0.0f, value.c_str()).x;
    const std::string& unit = numbers[static_cast<std::size_t>(i)].unit;
    if (!unit.empty())
      draw->AddText(ImVec2(value_at.x + value_w + ImGui::CalcTextSize(" ").x, value_at.y + big - ImGui::GetFontSize()),
                    label_colour, unit.c_str());
    draw->PopClipRect();
    plot::report_text_fit("card", label, ImGui::CalcTextSize(label.c_str()).x + 12.0f, w);
    plot::report_text_fit("card", value, value_w + unit_w(numbers[static_cast<std::size_t>(i)]) + 12.0f, w);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s: %s %s", label.c_str(), value.c_str(), unit.c_str());
  }
}

void Lab::draw_description() {
  const json& cfg = session_.config();
  if (!cfg.is_object() || !cfg.contains("description") || !cfg["description"].is_string()) return;
  const std::string text = cfg["description"].get<std::string>();
  if (text.empty()) return;
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextDisabled("%s", text.c_str());
  ImGui::PopTextWrapPos();
}

void Lab::draw_observables(const experiments::Observables& obs) {
  const float width = ImGui::GetContentRegionAvail().x;
  const float label_w = ImGui::GetFontSize() * 18.0f;
  draw_numbers(obs, std::clamp(static_cast<int>(width / label_w), 1, 4));
  const std::size_t n = obs.grids.size() + obs.bars.size() + obs.plots.size();
  if (n == 0) {
    ImGui::TextDisabled("No views yet: press Play (space) or Step (s).");
    return;
  }
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const int cols = (n >= 2 && avail.x > ImGui::GetFontSize() * 40.0f) ? 2 : 1;
  const int rows = static_cast<int>((n + static_cast<std::size_t>(cols) - 1) / static_cast<std::size_t>(cols));
  const float w = (avail.x - spacing * static_cast<float>(cols - 1)) / static_cast<float>(cols);
  const float h = std::max(ImGui::GetFontSize() * 16.0f,
                           (avail.y - spacing * static_cast<float>(rows - 1)) / static_cast<float>(rows));
  std::size_t i = 0;
  auto next_cell = [&] {
    if (i % static_cast<std::size_t>(cols) != 0) ImGui::SameLine();
    ++i;
  };
  for (const auto& g : obs.grids) {
    next_cell();
    plot::heatmap(g, ImVec2(w, h), textures_, plot::Unit::unstated());
  }
  for (const auto& b : obs.bars) {
    next_cell();
    plot::bar_chart(b, ImVec2(w, h), plot::Unit::unstated());
  }
  for (const auto& p : obs.plots) {
    next_cell();
    plot::line_plot(p, ImVec2(w, h), {plot::Unit::unstated(), plot::Unit::unstated()});
  }
}

const experiments::Plot* find_plot(const experiments::Observables& obs, const std::string& id) {
  for (const auto& p : obs.plots)
    if (p.id == id) return &p;
  return nullptr;
}

const experiments::Bars* find_bars(const experiments::Observables& obs, const std::string& id) {
  for (const auto& b : obs.bars)
    if (b.id == id) return &b;
  return nullptr;
}

const experiments::Grid* find_grid(const experiments::Observables& obs, const std::string& id) {
  for (const auto& g : obs.grids)
    if (g.id == id) return &g;
  return nullptr;
}

const experiments::Number* find_number(const experiments::Observables& obs, const std::string& id) {
  for (const auto& n : obs.numbers)
    if (n.id == id) return &n;
  return nullptr;
}

plot::Unit declared_unit(const experiments::Number& number, const plot::Unit& otherwise) {
  return number.unit.empty() ? otherwise : plot::Unit::of(number.unit);
}

std::string display_text(const experiments::Number& number) {
  if (number.unit.rfind("money", 0) != 0 || !std::isfinite(number.value)) return number.text;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", number.value);
  return buf;
}

std::string number_text(const experiments::Observables& obs, const std::string& id) {
  const experiments::Number* n = find_number(obs, id);
  return n ? n->text : std::string();
}

void control_heading(const char* text) {
  ImGui::Spacing();
  ImGui::TextUnformatted(text);
  ImGui::Separator();
}

bool fits_on_line(const char* label) {
  const float need = ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(label).x +
                     ImGui::GetStyle().ItemSpacing.x;
  return ImGui::GetItemRectMax().x + need <= ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
}

std::vector<LabType>& lab_types() {
  static std::vector<LabType> types;
  return types;
}

RegisterLab::RegisterLab(LabType type) {
  auto& types = lab_types();
  types.push_back(std::move(type));
  std::stable_sort(types.begin(), types.end(), [](const LabType& a, const LabType& b) { return a.order < b.order; });
}

bool kind_registered(const std::string& name) {
  for (const auto& k : experiments::registry().kinds())
    if (k.name == name) return true;
  return false;
}

}  // namespace arbiter::gui
