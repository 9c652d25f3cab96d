// The Policy-gradient lab (kind rl.episodic): REINFORCE on the short corridor, a gridworld or CartPole.
// The short corridor and the gridworld are drawn as cells with the policy as arrows sized by probability
// (and the learned state values as colours); a click on a gridworld cell makes it a wall, open, a cliff or
// a goal while the agent learns (an edit of the config's map, a live key: the session hands it to the
// running experiment). CartPole is drawn as a cart and pole replaying run 0's latest episode. Everything
// drawn comes from observables().
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iterator>
#include <set>
#include <tuple>
#include <imgui.h>
#include "gui/labs/lab.hpp"
#include "gui/labs/view_layout.hpp"
#include "gui/plot/bar_chart.hpp"
#include "gui/plot/frame.hpp"
#include "gui/plot/layout_report.hpp"
#include "gui/plot/line_plot.hpp"
#include "gui/widgets/flow_layout.hpp"

namespace arbiter::gui {
namespace {

using nlohmann::json;

constexpr ImU32 kWall = IM_COL32(70, 70, 80, 255);
constexpr ImU32 kGoal = IM_COL32(60, 170, 90, 255);
constexpr ImU32 kCliff = IM_COL32(205, 70, 60, 255);
constexpr ImU32 kInk = IM_COL32(30, 30, 40, 255);

// An arrow from `from` along unit direction (dx, dy), `length` pixels: `fill` with an `outline` (for
// contrast on any cell colour); outline 0 draws none.
void arrow(ImDrawList* draw, ImVec2 from, float dx, float dy, float length, float width,
           ImU32 fill = IM_COL32(255, 255, 255, 255), ImU32 outline = IM_COL32(20, 20, 30, 230)) {
  if (length < 1.0f) return;
  const ImVec2 tip(from.x + dx * length, from.y + dy * length);
  const float head = std::min(length * 0.6f, width * 2.6f);
  const ImVec2 base(tip.x - dx * head, tip.y - dy * head);
  const ImVec2 l(base.x - dy * head * 0.7f, base.y + dx * head * 0.7f), r(base.x + dy * head * 0.7f, base.y - dx * head * 0.7f);
  if (outline != 0) {
    draw->AddLine(from, base, outline, width + 2.0f);
    draw->AddTriangleFilled(ImVec2(tip.x + dx * 1.5f, tip.y + dy * 1.5f), ImVec2(l.x - dx - dy, l.y - dy + dx),
                            ImVec2(r.x - dx + dy, r.y - dy - dx), outline);
  }
  draw->AddLine(from, base, fill, width);
  draw->AddTriangleFilled(tip, l, r, fill);
}

void centred_text(ImDrawList* draw, ImVec2 centre, ImU32 colour, const char* text, float size = 0.0f) {
  ImFont* font = ImGui::GetFont();
  const float s = size > 0.0f ? size : ImGui::GetFontSize();
  const ImVec2 ts = font->CalcTextSizeA(s, 1e9f, 0.0f, text);
  draw->AddText(font, s, ImVec2(centre.x - ts.x * 0.5f, centre.y - ts.y * 0.5f), colour, text);
}

class PolicyGradientLab final : public Lab {
 public:
  PolicyGradientLab() : Lab("Policy gradient", {"rl.episodic"}, "05_pg_gridworld.json") {}

  void draw_controls() override {
    draw_description();
    draw_error();
    ImGui::Spacing();
    ImGui::TextWrapped("%s", "Environment");
    ImGui::Separator();
    const std::string env = env_name();
    for (const auto& [name, title, preset] : {std::tuple{"short_corridor", "Short corridor", "04_pg_short_corridor.json"},
                                              std::tuple{"gridworld", "Gridworld", "05_pg_gridworld.json"},
                                              std::tuple{"cartpole", "CartPole", "06_pg_cartpole.json"}}) {
      if (std::string(name) != "short_corridor") same_line_if_fits(button_width(title));
      if (env == name) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
      if (ImGui::Button(title)) open_preset(preset);
      if (env == name) ImGui::PopStyleColor();
    }
    if (!message_.empty()) {
      ImGui::PushTextWrapPos(0.0f);
      ImGui::TextColored(ImVec4(0.7f, 0.2f, 0.1f, 1.0f), "%s", message_.c_str());
      ImGui::PopTextWrapPos();
    }
    if (env == "gridworld") {
      ImGui::Spacing();
      ImGui::TextWrapped("%s", "Click a cell to make it");
      ImGui::Separator();
      const char* tools[] = {"wall", "open", "cliff", "goal"};
      for (int t = 0; t < 4; ++t) {
        if (t > 0) same_line_if_fits(radio_width(tools[t]));
        ImGui::RadioButton(tools[t], &tool_, t);
      }
      ImGui::PushTextWrapPos(0.0f);
      ImGui::TextDisabled("The change applies at once, while the agent keeps learning; Reset starts over on the "
                          "edited map.");
      ImGui::PopTextWrapPos();
    }

    ControlEdit edit = ControlEdit::none;
    auto stronger = [&](ControlEdit e) {
      if (static_cast<int>(e) > static_cast<int>(edit)) edit = e;
    };
    const auto* kind = session().kind();
    if (kind != nullptr && draft_.is_object()) {
      ImGui::Spacing();
      ImGui::PushItemWidth(-ImGui::GetFontSize() * 8.0f);
      if (env != "cartpole")
        if (const core::Param* p = kind->schema.find("/env/step_reward")) stronger(param_control(*p, draft_, "step reward"));
      ImGui::PopItemWidth();
      ImGui::Spacing();
      ImGui::TextWrapped("%s", "Agent (alpha and T live; others restart)");
      ImGui::Separator();
      ImGui::PushItemWidth(-ImGui::GetFontSize() * 8.0f);
      static const char* key_paths[] = {"/agent/learning_rate", "/agent/temperature", "/agent/baseline",
                                        "/agent/entropy/beta", "/runs", "/episodes"};
      static const char* key_labels[] = {"step size alpha", "temperature T", "baseline", "entropy bonus",
                                         "runs", "episodes"};
      for (std::size_t k = 0; k < std::size(key_paths); ++k)
        if (const core::Param* p = kind->schema.find(key_paths[k])) stronger(param_control(*p, draft_, key_labels[k]));
      ImGui::PopItemWidth();
      if (ImGui::CollapsingHeader("More settings")) {
        ImGui::PushItemWidth(-ImGui::GetFontSize() * 8.0f);
        std::set<std::string> skip(std::begin(key_paths), std::end(key_paths));
        skip.insert("/env");  // a variant by name: the environment's own keys below, without its name and map
        if (const core::Param* variant = kind->schema.find("/env"))
          if (const core::Param* own = variant->child(env))
            for (const core::Param& key : own->children())
              if (key.key != "map" && key.key != "step_reward") stronger(param_control(key, draft_));
        stronger(schema_controls(kind->schema, draft_, skip));
        ImGui::PopItemWidth();
      }
    }
    apply(edit);
  }

  void draw_views() override {
    const experiments::Observables& obs = session().observables();
    const std::string env = env_name();
    if (env == "gridworld" && find_grid(obs, "cells") != nullptr) {
      draw_gridworld_views(obs);
    } else if (env == "short_corridor" && find_bars(obs, "policy") != nullptr) {
      draw_corridor_views(obs);
    } else if (env == "cartpole" && find_plot(obs, "cartpole_replay") != nullptr) {
      draw_cartpole_views(obs);
    } else {
      draw_observables(obs);
    }
  }

 private:
  std::string env_name() const {
    const json& cfg = session().config();
    if (!cfg.is_object() || !cfg.contains("env") || !cfg["env"].is_object()) return {};
    return cfg["env"].value("name", "");
  }

  void open_preset(const std::string& preset) {
    const std::string path = find_preset(preset);
    message_.clear();
    if (path.empty()) {
      message_ = "preset " + preset + " not found under configs/classroom/";
      return;
    }
    const bool was_playing = playing;
    try {
      load(experiments::read_json_file(path), path, std::filesystem::path(path).parent_path().string());
    } catch (const std::exception& e) {
      message_ = e.what();
    }
    playing = was_playing;
  }

  double episodes() const {
    const json& cfg = session().config();
    return cfg.contains("episodes") && cfg["episodes"].is_number() ? cfg["episodes"].get<double>() : 0.0;
  }

  void draw_return_plot(const experiments::Observables& obs, ImVec2 size) {
    const experiments::Plot* ret = find_plot(obs, "return");
    if (ret == nullptr) return;
    plot::LineOptions o;
    o.x_lo = 0.0;
    if (episodes() > 0.0) o.x_hi = episodes();
    o.thickness = 1.0f;
    o.robust_y = true;
    o.ghost = ghost_plot("return");
    for (std::size_t k = 0; k < ret->series.size(); ++k)
      if (ret->series[k].name == "run 0") o.faint_series = static_cast<int>(k);
    plot::line_plot(*ret, size, {plot::Unit::count(), plot::Unit::of("reward")}, o);
  }

  // ---- gridworld ----
  void draw_gridworld_views(const experiments::Observables& obs) {
    draw_number_cards(cards(obs, {{"episodes", "episodes (every run)", plot::Unit::count()},
                                  {"last_return", "run 0 last return", plot::Unit::of("reward")},
                                  {"entropy_beta", "entropy bonus now", plot::Unit::of("reward/nat")}}));
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const ImVec2 sp = ImGui::GetStyle().ItemSpacing;
    const float font = ImGui::GetFontSize();
    plot::LineOptions o;
    o.x_lo = 0.0;
    if (episodes() > 0.0) o.x_hi = episodes();
    o.y_lo = 0.0;
    o.ghost = ghost_plot("entropy");
    const experiments::Plot* ent = find_plot(obs, "entropy");
    experiments::Plot entropy;
    if (ent != nullptr) {
      entropy = *ent;
      entropy.title = "Policy entropy (nats)";
    }
    const float left_w = std::floor(avail.x * 0.6f);
    if (avail.x - left_w - sp.x >= font * 18.0f) {
      // The map on the left, the two curves stacked beside it (readable heights: the panel may scroll).
      draw_gridworld(obs, ImVec2(left_w, avail.y));
      ImGui::SameLine();
      ImGui::BeginGroup();
      const float right_w = avail.x - left_w - sp.x;
      const std::vector<float> h = row_heights(avail.y, sp.y, {1.0f, 1.0f}, min_chart_height(ImGui::GetTextLineHeight()));
      draw_return_plot(obs, ImVec2(right_w, h[0]));
      if (ent != nullptr) plot::line_plot(entropy, ImVec2(right_w, h[1]), entropy_units(), o);
      ImGui::EndGroup();
      return;
    }
    // A narrow panel (a projector's font): the map across the panel, the curves side by side under it.
    draw_gridworld(obs, ImVec2(avail.x, std::max(avail.y, font * 12.0f)));
    const float w = (avail.x - sp.x) * 0.5f;
    draw_return_plot(obs, ImVec2(w, min_chart_height(ImGui::GetTextLineHeight())));
    ImGui::SameLine();
    if (ent != nullptr)
      plot::line_plot(entropy, ImVec2(w, min_chart_height(ImGui::GetTextLineHeight())), entropy_units(), o);
  }

  void draw_gridworld(const experiments::Observables& obs, ImVec2 size) {
    const experiments::Grid& cells = *find_grid(obs, "cells");
    const experiments::Grid* values = find_grid(obs, "values");
    experiments::Grid shown;
    if (values != nullptr) {
      shown = *values;
      shown.title = "Policy (arrows) and learned state values (colour); click a cell to edit";
    } else {
      shown = cells;
      shown.id = "policy_cells";
      shown.title = "Policy of run 0 (arrows); click a cell to edit";
      std::fill(shown.values.begin(), shown.values.end(), 0.5f);
    }
    plot::HeatmapOptions options;
    options.colour_bar = values != nullptr;
    const plot::HeatmapView view = plot::heatmap(shown, size, textures_, plot::Unit::of("reward"), options);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float cell = view.cell_size();
    const experiments::Grid* p[4] = {find_grid(obs, "p_up"), find_grid(obs, "p_right"), find_grid(obs, "p_down"),
                                     find_grid(obs, "p_left")};
    const float dir[4][2] = {{0, -1}, {1, 0}, {0, 1}, {-1, 0}};
    for (int r = 0; r < cells.rows; ++r)
      for (int c = 0; c < cells.cols; ++c) {
        const std::size_t i = static_cast<std::size_t>(r * cells.cols + c);
        const int type = static_cast<int>(std::lround(cells.values[i]));
        const ImVec2 centre = view.cell_centre(r, c);
        const ImVec2 c0(centre.x - cell * 0.5f, centre.y - cell * 0.5f), c1(centre.x + cell * 0.5f, centre.y + cell * 0.5f);
        draw->AddRect(c0, c1, IM_COL32(255, 255, 255, 60));
        if (type == 1) {
          draw->AddRectFilled(c0, c1, kWall);
          continue;
        }
        if (type == 3) {
          draw->AddRectFilled(c0, c1, kGoal);
          centred_text(draw, centre, IM_COL32(255, 255, 255, 255), "G", cell * 0.5f);
          continue;
        }
        if (type == 4) {  // entering a cliff sends the agent back to the start: it never acts there
          draw->AddRectFilled(c0, c1, kCliff);
          centred_text(draw, centre, IM_COL32(255, 255, 255, 255), "cliff", std::min(ImGui::GetFontSize(), cell * 0.3f));
          continue;
        }
        for (int a = 0; a < 4; ++a) {
          if (p[a] == nullptr || i >= p[a]->values.size()) continue;
          const float prob = p[a]->values[i];
          arrow(draw, centre, dir[a][0], dir[a][1], prob * cell * 0.48f, std::max(2.0f, cell * 0.07f));
        }
        if (type == 2) {
          const float b = cell * 0.34f;
          draw->AddRectFilled(ImVec2(c0.x + 2.0f, c0.y + 2.0f), ImVec2(c0.x + 2.0f + b, c0.y + 2.0f + b),
                              IM_COL32(255, 255, 255, 235), 3.0f);
          centred_text(draw, ImVec2(c0.x + 2.0f + b * 0.5f, c0.y + 2.0f + b * 0.5f), kInk, "S", b * 0.9f);
        }
      }
    if (view.clicked && view.hover_row >= 0) edit_cell(view.hover_row, view.hover_col);
  }

  // A click paints the cell with the chosen tool: an edit of the config's map, which the session hands to
  // the running experiment (the map is a live key). A map it cannot use (no start, no reachable goal) is
  // refused with a message and the running map stays.
  void edit_cell(int row, int col) {
    static const char symbols[] = {'#', '.', 'C', 'G'};
    json cfg = session().config();
    if (!cfg.contains("env") || !cfg["env"].contains("map")) return;
    json& map = cfg["env"]["map"];
    std::string line = map.at(static_cast<std::size_t>(row)).get<std::string>();
    if (line.at(static_cast<std::size_t>(col)) == 'S') {
      message_ = "cannot change that cell: the start stays where it is";
      return;
    }
    line.at(static_cast<std::size_t>(col)) = symbols[tool_];
    map[static_cast<std::size_t>(row)] = line;
    if (session().change(cfg) == ExperimentSession::Change::failed) {
      message_ = "cannot change that cell: " + session().error();
      return;
    }
    message_.clear();
    if (draft_.is_object() && draft_.contains("env")) draft_["env"]["map"] = session().config()["env"]["map"];
  }

  // ---- short corridor ----
  void draw_corridor_views(const experiments::Observables& obs) {
    const float line = ImGui::GetTextLineHeight();
    const float gap = ImGui::GetStyle().ItemSpacing.y;
    // Four cards (two rows in large type), the corridor (its cells hold a name, two arrows and two
    // probabilities) and a readable chart: when the panel is not that high (presentation or class mode at
    // 1024 x 768), the lesson's chart keeps its place on screen: two cards, a compact corridor and p(right)
    // per episode across the panel; the returns (and the J(p) card) give way.
    const float card_row = line * 2.9f + gap;
    const bool compact = ImGui::GetContentRegionAvail().y <
                         2.0f * card_row + ImGui::GetFontSize() * 11.0f + gap + min_chart_height(line);
    if (compact)
      draw_number_cards(cards(obs, {{"episodes", "episodes (every run)", plot::Unit::count()},
                                    {"p_right", "run 0 p(right)", plot::Unit::probability()}}));
    else
      draw_number_cards(cards(obs, {{"episodes", "episodes (every run)", plot::Unit::count()},
                                    {"p_right", "run 0 p(right)", plot::Unit::probability()},
                                    {"optimal_p_right", "best p(right) = 2 - sqrt 2", plot::Unit::probability()},
                                    {"start_value", "exact J(p) of run 0", plot::Unit::of("reward")}}));
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float top_h = compact ? std::floor(line * 8.0f) : std::max(ImGui::GetFontSize() * 11.0f, avail.y * 0.36f);
    draw_corridor(*find_bars(obs, "policy"), find_grid(obs, "corridor"), ImVec2(avail.x, top_h), compact);
    const float bottom_h = std::max(compact ? line * 9.0f : min_chart_height(line), avail.y - top_h - gap);
    const float w = compact ? avail.x : (avail.x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
    if (!compact) {
      draw_return_plot(obs, ImVec2(w, bottom_h));
      ImGui::SameLine();
    }
    // The lesson's chart: p(right) climbing towards 2 - sqrt 2 (the entropy chart where it is missing), on
    // screen as the lesson opens (the layout check reports it below the fold).
    if (const experiments::Plot* pr = find_plot(obs, "p_right")) {
      const ImVec2 at = ImGui::GetCursorScreenPos();
      plot::LineOptions o;
      o.x_lo = 0.0;
      if (episodes() > 0.0) o.x_hi = episodes();
      o.y_lo = 0.0;
      o.y_hi = 1.0;
      o.thickness = 1.0f;
      o.ghost = ghost_plot("p_right");
      for (std::size_t k = 0; k < pr->series.size(); ++k)
        if (pr->series[k].name == "run 0") o.faint_series = static_cast<int>(k);
      plot::line_plot(*pr, ImVec2(w, bottom_h), {plot::Unit::count(), plot::Unit::probability()}, o);
      plot::check_in_view("p(right) per episode", at, ImVec2(at.x + w, at.y + bottom_h));
    } else if (const experiments::Plot* ent = find_plot(obs, "entropy")) {
      plot::LineOptions o;
      o.x_lo = 0.0;
      if (episodes() > 0.0) o.x_hi = episodes();
      o.y_lo = 0.0;
      o.ghost = ghost_plot("entropy");
      plot::line_plot(*ent, ImVec2(w, bottom_h), entropy_units(), o);
    }
  }

  // The corridor's cells as its scene gives them (start, the reversed state, open, goal), each with the one
  // policy as arrows.
  // `compact`: a one-line title, for a panel with little height.
  void draw_corridor(const experiments::Bars& policy, const experiments::Grid* cells, ImVec2 size, bool compact) {
    const plot::ChartFrame f = plot::begin_chart("corridor",
                                                 compact ? "One policy for every state (it cannot tell them apart)"
                                                         : "Short corridor: one policy for every state (it cannot "
                                                           "tell them apart); arrows sized by probability",
                                                 size, 0, false, "", "");
    if (policy.groups.empty() || policy.groups[0].values.size() < 2) return;
    const double p_left = policy.groups[0].values[0], p_right = policy.groups[0].values[1];
    const float w = f.area_max.x - f.area_min.x, h = f.area_max.y - f.area_min.y;
    // Cell types as envs::CellType numbers them: 2 start, 3 goal, 5 actions reversed, 0 open.
    std::vector<int> types{2, 5, 0, 3};
    if (cells != nullptr && !cells->values.empty()) {
      types.clear();
      for (float v : cells->values) types.push_back(static_cast<int>(std::lround(v)));
    }
    const int n = static_cast<int>(types.size());
    const float cell = std::min(w / (static_cast<float>(n) + 0.6f), h * 0.75f);
    const float x0 = f.area_min.x + (w - cell * static_cast<float>(n)) * 0.5f, y0 = f.area_min.y + (h - cell) * 0.5f;
    int reversed = -1;
    for (int s = 0; s < n; ++s) {
      const int type = types[static_cast<std::size_t>(s)];
      const bool goal = type == 3;
      if (type == 5 && reversed < 0) reversed = s;
      const char* name = type == 2 ? "start" : type == 5 ? "reversed" : goal ? "goal" : "";
      const ImVec2 c0(x0 + cell * static_cast<float>(s), y0), c1(c0.x + cell, y0 + cell);
      f.draw->AddRectFilled(c0, c1, goal ? kGoal : (type == 5 ? IM_COL32(250, 226, 190, 255) : IM_COL32(235, 238, 245, 255)));
      f.draw->AddRect(c0, c1, IM_COL32(90, 90, 100, 255), 0.0f, 0, 2.0f);
      centred_text(f.draw, ImVec2(c0.x + cell * 0.5f, c0.y + cell * 0.16f), goal ? IM_COL32(255, 255, 255, 255) : kInk,
                   name);
      if (goal) {
        centred_text(f.draw, ImVec2(c0.x + cell * 0.5f, c0.y + cell * 0.55f), IM_COL32(255, 255, 255, 255), "G",
                     cell * 0.4f);
        continue;
      }
      const ImVec2 centre(c0.x + cell * 0.5f, c0.y + cell * 0.55f);
      const ImU32 ink = IM_COL32(40, 80, 160, 255);
      arrow(f.draw, centre, -1.0f, 0.0f, static_cast<float>(p_left) * cell * 0.48f, std::max(3.0f, cell * 0.08f), ink, 0);
      arrow(f.draw, centre, 1.0f, 0.0f, static_cast<float>(p_right) * cell * 0.48f, std::max(3.0f, cell * 0.08f), ink, 0);
      // "L 0.32   R 0.68" under the arrows, or (a large font in a small cell) L and R on a line each.
      char buf[48], left[24], right[24];
      std::snprintf(buf, sizeof buf, "L %.2f   R %.2f", p_left, p_right);
      std::snprintf(left, sizeof left, "L %.2f", p_left);
      std::snprintf(right, sizeof right, "R %.2f", p_right);
      const float line = ImGui::GetTextLineHeight();
      if (ImGui::CalcTextSize(buf).x <= cell - 6.0f) {
        centred_text(f.draw, ImVec2(c0.x + cell * 0.5f, c0.y + cell * 0.86f), kInk, buf);
      } else {
        centred_text(f.draw, ImVec2(c0.x + cell * 0.5f, c1.y - line * 1.55f), kInk, left);
        centred_text(f.draw, ImVec2(c0.x + cell * 0.5f, c1.y - line * 0.55f), kInk, right);
        plot::report_text_fit("corridor cell", left, ImGui::CalcTextSize(left).x + 4.0f, cell);
      }
      plot::report_text_fit("corridor cell", name, ImGui::CalcTextSize(name).x + 4.0f, cell);
    }
    const float below = y0 + cell + ImGui::GetTextLineHeight() * 0.3f;
    if (reversed >= 0 && below + ImGui::GetTextLineHeight() < f.outer_max.y)
      centred_text(f.draw, ImVec2(x0 + cell * (static_cast<float>(reversed) + 0.5f), below + ImGui::GetTextLineHeight() * 0.5f), IM_COL32(150, 90, 20, 255),
                   "here right moves left");
  }

  // ---- CartPole ----
  void draw_cartpole_views(const experiments::Observables& obs) {
    draw_number_cards(cards(obs, {{"episodes", "episodes (every run)", plot::Unit::count()},
                                  {"last_return", "run 0 last return", plot::Unit::of("reward")},
                                  {"entropy_beta", "entropy bonus now", plot::Unit::of("reward/nat")}}));
    const experiments::Plot& replay = *find_plot(obs, "cartpole_replay");
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const std::vector<float> h =
        row_heights(avail.y, ImGui::GetStyle().ItemSpacing.y, {0.55f, 0.45f}, min_chart_height(ImGui::GetTextLineHeight()));
    const float top_h = std::floor(h[0]);
    const float left_w = std::floor(avail.x * 0.5f);
    advance_replay(replay);
    draw_cart(find_plot(obs, "cartpole"), ImVec2(left_w, top_h));
    ImGui::SameLine();
    draw_return_plot(obs, ImVec2(avail.x - left_w - gap, top_h));
    // The episode being replayed (not the newest one), with the replay's time marked.
    experiments::Plot shown = replay;
    if (shown.series.size() >= 2 && !replay_x_.empty()) {
      shown.title = "The replayed episode: cart position and pole angle";
      std::vector<double> t(replay_x_.size());
      for (std::size_t i = 0; i < t.size(); ++i) t[i] = static_cast<double>(i);
      shown.series[0].x = t;
      shown.series[0].y = replay_x_;
      shown.series[1].x = t;
      shown.series[1].y = replay_theta_;
      shown.x_markers = {static_cast<double>(frame_)};
    }
    plot::line_plot(shown, ImVec2(avail.x, h[1]), {plot::Unit::count(), plot::Unit::of("rad")});
  }

  // Plays a copy of the latest episode one time step per frame; at its end, the newest episode starts.
  void advance_replay(const experiments::Plot& replay) {
    if (replay.series.size() < 2) return;
    if (frame_ + 1 >= replay_x_.size()) {
      replay_x_ = replay.series[0].y;
      replay_theta_ = replay.series[1].y;
      frame_ = 0;
    } else {
      ++frame_;
    }
  }

  // The cart and pole at the replay's time step, on the track and with the pole the scene describes.
  void draw_cart(const experiments::Plot* scene, ImVec2 size) {
    const plot::ChartFrame f = plot::begin_chart("cart", "CartPole: run 0's latest episode, replayed", size, 0, false, "", "");
    if (replay_x_.empty()) {
      centred_text(f.draw, ImVec2((f.area_min.x + f.area_max.x) * 0.5f, (f.area_min.y + f.area_max.y) * 0.5f), kInk,
                   "no episode yet: press Play (space)");
      return;
    }
    const double x = replay_x_[std::min(frame_, replay_x_.size() - 1)];
    const double theta = replay_theta_[std::min(frame_, replay_theta_.size() - 1)];
    double half_length = 0.5, track = 2.4;
    if (scene != nullptr && scene->series.size() >= 3 && scene->series[2].x.size() >= 2) {
      const experiments::Series& pole = scene->series[2];
      half_length = 0.5 * std::hypot(pole.x[1] - pole.x[0], pole.y[1] - pole.y[0]);
    }
    if (scene != nullptr && scene->x_markers.size() >= 2) track = scene->x_markers[1];
    const float w = f.area_max.x - f.area_min.x, h = f.area_max.y - f.area_min.y;
    const float scale = std::min(w / static_cast<float>(2.0 * track + 0.8),
                                 h / static_cast<float>(2.0 * half_length + 0.9));  // pixels per metre
    const float mid = (f.area_min.x + f.area_max.x) * 0.5f;
    const float track_y = f.area_max.y - h * 0.18f;
    const float edge_x = static_cast<float>(track);
    f.draw->AddLine(ImVec2(mid - edge_x * scale, track_y), ImVec2(mid + edge_x * scale, track_y), IM_COL32(90, 90, 100, 255), 2.0f);
    for (float edge : {-edge_x, edge_x})
      f.draw->AddLine(ImVec2(mid + edge * scale, track_y - 0.15f * scale), ImVec2(mid + edge * scale, track_y + 0.15f * scale),
                      kCliff, 3.0f);
    const float cx = mid + static_cast<float>(x) * scale;
    const float cw = 0.5f * scale, ch = 0.28f * scale;
    f.draw->AddRectFilled(ImVec2(cx - cw * 0.5f, track_y - ch), ImVec2(cx + cw * 0.5f, track_y), IM_COL32(50, 90, 160, 255), 4.0f);
    const ImVec2 pivot(cx, track_y - ch);
    const float len = static_cast<float>(2.0 * half_length) * scale;
    // The failure angle (12 degrees either side): beyond it the episode ends.
    const float limit = 12.0f * 3.14159265f / 180.0f;
    for (float side : {-1.0f, 1.0f})
      f.draw->AddLine(pivot, ImVec2(pivot.x + side * len * std::sin(limit), pivot.y - len * std::cos(limit)),
                      IM_COL32(205, 70, 60, 140), 1.5f);
    const ImVec2 top(pivot.x + len * static_cast<float>(std::sin(theta)), pivot.y - len * static_cast<float>(std::cos(theta)));
    f.draw->AddLine(pivot, top, IM_COL32(200, 130, 40, 255), std::max(4.0f, scale * 0.06f));
    f.draw->AddCircleFilled(pivot, std::max(3.0f, scale * 0.04f), kInk);
    // The read-out on one line when it fits the panel, else one quantity per line (never past its edge).
    char t_text[48], x_text[32], theta_text[40];
    std::snprintf(t_text, sizeof t_text, "t = %zu / %zu", frame_, replay_x_.size() - 1);
    std::snprintf(x_text, sizeof x_text, "x = %+.2f m", x);
    std::snprintf(theta_text, sizeof theta_text, "theta = %+.3f rad", theta);
    const std::string one_line = std::string(t_text) + "    " + x_text + "    " + theta_text;
    const float room = f.outer_max.x - f.area_min.x - 10.0f;
    if (ImGui::CalcTextSize(one_line.c_str()).x <= room) {
      f.draw->AddText(ImVec2(f.area_min.x + 6.0f, f.area_min.y + 4.0f), kInk, one_line.c_str());
    } else {
      float y = f.area_min.y + 4.0f;
      for (const char* text : {t_text, x_text, theta_text}) {
        f.draw->AddText(ImVec2(f.area_min.x + 6.0f, y), kInk, text);
        plot::report_text_fit("cart read-out", text, ImGui::CalcTextSize(text).x, room);
        y += ImGui::GetTextLineHeight();
      }
    }
  }

  // Cards for the numbers with these ids, under the given labels and in the given units.
  struct Shown {
    std::string id, label;
    plot::Unit unit;
  };
  static std::vector<Card> cards(const experiments::Observables& obs, const std::vector<Shown>& shown) {
    std::vector<Card> out;
    for (const auto& [id, label, unit] : shown) {
      const experiments::Number* n = find_number(obs, id);
      out.push_back({n != nullptr ? experiments::Number{id, label, n->value, n->text, n->unit}
                                  : experiments::Number{id, label, std::nan(""), "", ""},
                     unit});
    }
    return out;
  }
  // The policy's entropy over episodes, in nats.
  static plot::AxisUnits entropy_units() { return {plot::Unit::count(), plot::Unit::of("nats")}; }

  int tool_ = 0;
  std::string message_;
  std::vector<double> replay_x_, replay_theta_;
  std::size_t frame_ = 0;
};

const RegisterLab registration{{"Policy gradient", 30, []() -> std::unique_ptr<Lab> {
                                  if (!kind_registered("rl.episodic")) return nullptr;
                                  return std::make_unique<PolicyGradientLab>();
                                }}};

}  // namespace
}  // namespace arbiter::gui
