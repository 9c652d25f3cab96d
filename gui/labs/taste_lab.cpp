// The Taste lab (kind econ.estimate): taste heterogeneity a class can see. For a mixed logit, the estimated
// population density of a random coefficient with, over it, the histogram of the people's conditional means
// (narrower: shrinkage), and the same for the willingness to pay it implies; for a latent-class logit, the class
// shares and each class's coefficients; and the fit as it runs (the log-likelihood by iteration). Left: the model
// (mixed logit or latent classes), which coefficients are random and how they are distributed (or which are
// class-specific and how many classes), the draws. Every change refits; the fit runs one step per frame, so the
// views say "fitting" rather than freeze. Everything drawn comes from the experiment's observables.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>
#include <imgui.h>
#include "gui/labs/lab.hpp"
#include "gui/labs/view_layout.hpp"
#include "gui/plot/bar_chart.hpp"
#include "gui/plot/frame.hpp"
#include "gui/plot/layout_report.hpp"
#include "gui/plot/line_plot.hpp"
#include "gui/plot/palette.hpp"
#include "gui/plot/series_style.hpp"
#include "gui/widgets/flow_layout.hpp"

namespace arbiter::gui {
namespace {

using nlohmann::json;

const char* const kDistributions[] = {"normal", "lognormal", "neg_lognormal", "uniform", "triangular"};
const char* const kClassNames[] = {"a", "b", "c"};

bool is_mixed(const json& config) {
  return config.is_object() && config.contains("model") && config["model"].is_object() &&
         config["model"].contains("random") && config["model"]["random"].is_object() && !config["model"]["random"].empty();
}
bool is_latent(const json& config) {
  return config.is_object() && config.contains("model") && config["model"].is_object() &&
         config["model"].contains("classes");
}

class TasteLab final : public Lab {
 public:
  TasteLab() : Lab("Tastes", {"econ.estimate"}, "20_econ_taste_heterogeneity.json") {}

  // A mixed or latent-class logit; other econ.estimate configs open in the Experiment lab.
  bool shows_config(const json& config) const override {
    return Lab::shows_config(config) && (is_mixed(config) || is_latent(config));
  }

  // At most one step a frame (the shell's play and the views both ask): the frame before the long step of the fit
  // is drawn, saying "fitting".
  int step_within(int max_steps, double budget_ms) override {
    if (session().done() || max_steps < 1 || ImGui::GetFrameCount() == stepped_frame_) return 0;
    stepped_frame_ = ImGui::GetFrameCount();
    return Lab::step_within(1, budget_ms);
  }

  std::string progress_label() const override {
    if (session().done()) return {};
    return is_latent(session().config()) ? "fitting the latent-class logit" : "fitting the mixed logit";
  }

  std::string state_text() const override {
    const experiments::Observables& obs = session().observables();
    const std::string coef = selected_coefficient(obs);
    if (!coef.empty()) {
      std::string text = coef + ": population sd " + number_text(obs, "taste." + coef + ".sd") +
                         ", people's means sd " + number_text(obs, "taste." + coef + ".people_sd");
      for (const auto& n : obs.numbers)
        if (n.id.rfind("wtp.", 0) == 0 && n.id.size() > 16 && n.id.compare(n.id.size() - 16, 16, ".people_positive") == 0)
          text += "; " + n.label + ": " + n.text;
      return text;
    }
    if (const experiments::Bars* shares = find_bars(obs, "class_shares")) {
      std::string text = "class shares:";
      for (const auto& n : obs.numbers)
        if (n.id.rfind("class_share.", 0) == 0) text += " " + n.id.substr(12) + " " + n.text;
      (void)shares;
      return text;
    }
    return {};
  }

  void draw_controls() override {
    draw_description_short();
    draw_error();
    if (!is_mixed(draft_) && !is_latent(draft_)) {  // another econ.estimate model: the generic controls
      draw_schema_controls();
      return;
    }
    ControlEdit edit = ControlEdit::none;
    json& model = draft_["model"];
    const std::vector<std::string> generic = generic_variables();

    heading("Model");
    const bool latent = is_latent(draft_);
    if (ImGui::RadioButton("mixed logit", !latent) && latent) {
      to_mixed(generic);
      edit = ControlEdit::commit;
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("tastes vary continuously over people (random coefficients)");
    same_line_if_fits(radio_width("latent classes"));
    if (ImGui::RadioButton("latent classes", latent) && !latent) {
      to_latent(generic);
      edit = ControlEdit::commit;
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("a few types of people, each with its own coefficients");

    if (!is_latent(draft_)) {
      heading("Random coefficients");
      if (!model.contains("random") || !model["random"].is_object()) model["random"] = json::object();
      json& random = model["random"];
      for (const auto& v : generic) {
        bool on = random.contains(v);
        const bool last = on && random.size() == 1;  // a mixed logit keeps at least one
        if (last) ImGui::BeginDisabled();
        if (ImGui::Checkbox((v + "##random").c_str(), &on)) {
          if (on) random[v] = "normal";
          else random.erase(v);
          edit = ControlEdit::commit;
        }
        if (last) ImGui::EndDisabled();
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
          ImGui::SetTooltip("%s", last ? "a mixed logit needs one random coefficient" : "let this coefficient vary over people");
        if (!random.contains(v) || !random[v].is_string()) continue;
        ImGui::SameLine();
        const std::string current = random[v].get<std::string>();
        ImGui::SetNextItemWidth(-1.0f);
        if (ImGui::BeginCombo(("##dist" + v).c_str(), current.c_str())) {
          for (const char* d : kDistributions)
            if (ImGui::Selectable(d, current == d) && current != d) {
              random[v] = d;
              edit = ControlEdit::commit;
            }
          ImGui::EndCombo();
        }
        if (ImGui::IsItemHovered())
          ImGui::SetTooltip("normal: mean + sd z; lognormal: exp(mean + sd z) > 0; neg_lognormal: -exp(...) < 0");
      }
      if (const auto* kind = session().kind())
        if (const core::Param* draws = kind->schema.find("/simulation/draws"); draws && draft_.contains("simulation")) {
          ImGui::PushItemWidth(-ImGui::GetFontSize() * 8.0f);
          const ControlEdit e = param_control(*draws, draft_, "draws per person");
          ImGui::PopItemWidth();
          if (e != ControlEdit::none) edit = ControlEdit::commit == e ? e : ControlEdit::editing;
        }
    } else {
      heading("Latent classes");
      json& classes = model["classes"];
      const int n = classes.is_object() && classes.contains("names") && classes["names"].is_array()
                        ? static_cast<int>(classes["names"].size())
                        : 2;
      for (int k = 2; k <= 3; ++k) {
        const std::string label = std::to_string(k) + " classes";
        if (k > 2) same_line_if_fits(radio_width(label.c_str()));
        if (ImGui::RadioButton(label.c_str(), n == k) && n != k) {
          classes["names"] = json::array();
          for (int c = 0; c < k; ++c) classes["names"].push_back(kClassNames[c]);
          edit = ControlEdit::commit;
        }
      }
      ImGui::TextDisabled("class-specific coefficients:");
      if (!classes.contains("specific") || !classes["specific"].is_array()) classes["specific"] = json::array();
      json& specific = classes["specific"];
      for (const auto& v : generic) {
        const auto it = std::find(specific.begin(), specific.end(), json(v));
        bool on = it != specific.end();
        const bool last = on && specific.size() == 1;
        if (last) ImGui::BeginDisabled();
        if (ImGui::Checkbox((v + "##specific").c_str(), &on)) {
          if (on) specific.push_back(v);
          else specific.erase(it);
          edit = ControlEdit::commit;
        }
        if (last) ImGui::EndDisabled();
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
          ImGui::SetTooltip("%s", last ? "the classes need one coefficient of their own" : "one value of this coefficient per class");
      }
    }

    const std::vector<std::string> shown = random_coefficients(session().observables());
    if (shown.size() > 1) {
      heading("Show");
      const std::string current = selected_coefficient(session().observables());
      for (std::size_t i = 0; i < shown.size(); ++i) {
        if (i > 0) same_line_if_fits(radio_width(shown[i].c_str()));
        if (ImGui::RadioButton((shown[i] + "##show").c_str(), current == shown[i])) selected_ = shown[i];
      }
    }
    apply(edit);

    ImGui::Spacing();
    if (ImGui::CollapsingHeader("What to notice")) draw_description();
    if (ImGui::CollapsingHeader("More settings")) draw_schema_controls({"/model", "/simulation"});
  }

  void draw_views() override {
    step_within(1, 50.0);  // the fit goes on without Play: one step a frame
    const experiments::Observables& obs = session().observables();
    if (!session().done()) {
      draw_fitting(obs);
      return;
    }
    if (const std::string coef = selected_coefficient(obs); !coef.empty()) {
      draw_mixed(obs, coef);
    } else if (find_bars(obs, "class_shares") != nullptr) {
      draw_latent(obs);
    } else {
      draw_observables(obs);
    }
  }

 private:
  static void heading(const char* text) {
    ImGui::Spacing();
    ImGui::TextUnformatted(text);
    ImGui::Separator();
  }

  // The description's first sentence, wrapped (the whole text is under "What to notice").
  void draw_description_short() const {
    const json& cfg = session().config();
    if (!cfg.is_object() || !cfg.contains("description") || !cfg["description"].is_string()) return;
    std::string text = cfg["description"].get<std::string>();
    if (const auto stop = text.find(": "); stop != std::string::npos && stop < 60) text.resize(stop);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s", text.c_str());
    ImGui::PopTextWrapPos();
  }

  std::vector<std::string> generic_variables() const {
    std::vector<std::string> out;
    const json& model = draft_["model"];
    if (model.contains("generic") && model["generic"].is_array())
      for (const auto& v : model["generic"])
        if (v.is_string()) out.push_back(v.get<std::string>());
    return out;
  }

  // Latent classes from the mixed logit: its random coefficients become class-specific (two classes); the mixed
  // logit's keys are kept for the way back.
  void to_latent(const std::vector<std::string>& generic) {
    json& model = draft_["model"];
    json specific = json::array();
    if (model.contains("random") && model["random"].is_object())
      for (auto it = model["random"].begin(); it != model["random"].end(); ++it) specific.push_back(it.key());
    if (specific.empty() && !generic.empty()) specific.push_back(generic.front());
    stash_ = json::object();
    for (const char* key : {"random", "correlated"})
      if (model.contains(key)) {
        stash_[key] = model[key];
        model.erase(key);
      }
    if (draft_.contains("simulation")) {
      stash_["simulation"] = draft_["simulation"];
      draft_.erase("simulation");
    }
    model["classes"] = {{"names", {"a", "b"}}, {"specific", specific}};
  }
  void to_mixed(const std::vector<std::string>& generic) {
    json& model = draft_["model"];
    json random = json::object();
    if (stash_.contains("random")) random = stash_["random"];
    else if (model.contains("classes") && model["classes"].contains("specific"))
      for (const auto& v : model["classes"]["specific"]) random[v.get<std::string>()] = "normal";
    if (random.empty() && !generic.empty()) random[generic.front()] = "normal";
    model.erase("classes");
    model["random"] = random;
    if (stash_.contains("correlated")) model["correlated"] = stash_["correlated"];
    draft_["simulation"] = stash_.contains("simulation") ? stash_["simulation"] : json{{"draws", 100}};
  }

  // The random coefficients with a view ("taste.COEF" plots), in order.
  static std::vector<std::string> random_coefficients(const experiments::Observables& obs) {
    std::vector<std::string> out;
    for (const auto& p : obs.plots)
      if (p.id.rfind("taste.", 0) == 0) out.push_back(p.id.substr(6));
    return out;
  }
  std::string selected_coefficient(const experiments::Observables& obs) const {
    const auto all = random_coefficients(obs);
    if (all.empty()) return {};
    return std::find(all.begin(), all.end(), selected_) != all.end() ? selected_ : all.front();
  }

  // While the fit runs: what it is doing, and the log-likelihood so far.
  void draw_fitting(const experiments::Observables& obs) {
    const bool latent = is_latent(session().config());
    std::string text = latent ? "Fitting the latent-class logit" : "Fitting the mixed logit";
    if (!latent && session().config().contains("simulation"))
      text += " (" + std::to_string(session().config()["simulation"].value("draws", 0)) + " draws per person)";
    text += find_plot(obs, "fit") ? ": the conditional logit gives the start..." : "...";
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    if (const experiments::Plot* fit = find_plot(obs, "fit")) {
      const ImVec2 avail = ImGui::GetContentRegionAvail();
      draw_line(*fit, ImVec2(avail.x, std::max(min_chart_height(ImGui::GetTextLineHeight()), avail.y * 0.5f)));
    }
  }

  // The units of the lab's charts: a taste's density over its coefficient (utility per unit of the
  // attribute), a WTP's over money per unit, the fit's log-likelihood (a pure number) by iteration.
  static plot::AxisUnits units_of(const experiments::Plot& p) {
    const plot::Unit density = plot::Unit::of("per unit on the x axis");
    if (p.id.rfind("wtp.", 0) == 0) {
      // The estimate names its cost attribute: "WTP for one unit of time (units of price)".
      const auto at = p.x_label.find("(units of ");
      const auto end = at == std::string::npos ? at : p.x_label.find(')', at);
      if (end != std::string::npos) return {plot::Unit::of(p.x_label.substr(at + 1, end - at - 1)), density};
      return {plot::Unit::of("money per unit"), density};
    }
    if (p.id.rfind("taste.", 0) == 0) return {plot::Unit::of("utility per unit"), density};
    return {plot::Unit::count(), plot::Unit::number()};
  }
  // The estimates chart shows t values: pure numbers.
  static plot::Unit estimates_unit() { return plot::Unit::number(); }
  // Class shares are probabilities; coefficients utility per unit; WTPs money per unit.
  static plot::Unit bar_unit(const experiments::Bars& b) {
    if (b.id == "class_shares") return plot::Unit::probability();
    if (b.id == "class_wtp") return plot::Unit::of("money per unit");
    return plot::Unit::of("utility per unit");
  }

  // A line plot with its legend in a strip under it (never over the data), together in `size`.
  static void draw_line(const experiments::Plot& p, ImVec2 size) {
    plot::LineOptions options;
    options.legend = false;
    const auto entries = plot::line_legend_entries(p);
    const float legend_h = plot::legend_strip_height(entries, size.x);
    ImGui::BeginGroup();
    plot::line_plot(p, ImVec2(size.x, std::max(size.y - legend_h - ImGui::GetStyle().ItemSpacing.y,
                                               min_chart_height(ImGui::GetTextLineHeight()))),
                    units_of(p), options);
    plot::legend_strip(entries, size.x);
    ImGui::EndGroup();
  }


  // A taste view ("taste.COEF", "wtp.ATTR": the population density, then the people's histogram as a step
  // series) drawn as filled bars with the density curve over them, its legend in a strip under it, together in
  // `size`. Hovering reads out the bin under the mouse.
  static std::vector<plot::LegendEntry> histogram_legend(const experiments::Plot& p) {
    std::vector<plot::LegendEntry> entries;
    if (p.series.size() > 1) entries.push_back({p.series.front().name, plot::series_colour(0), 0});
    if (!p.series.empty()) entries.push_back({p.series.back().name, plot::series_colour(1, 150), -1});
    return entries;
  }
  static void draw_histogram(const experiments::Plot& p, ImVec2 size) {
    const auto entries = histogram_legend(p);
    const float legend_h = plot::legend_strip_height(entries, size.x);
    const float chart_h = std::max(size.y - legend_h - ImGui::GetStyle().ItemSpacing.y,
                                   min_chart_height(ImGui::GetTextLineHeight()));
    ImGui::BeginGroup();
    draw_histogram_chart(p, ImVec2(size.x, chart_h));
    plot::legend_strip(entries, size.x);
    ImGui::EndGroup();
  }
  static float histogram_height_with_legend(const experiments::Plot& p, float width, float chart_h) {
    return chart_h + plot::legend_strip_height(histogram_legend(p), width) + ImGui::GetStyle().ItemSpacing.y;
  }
  static void draw_histogram_chart(const experiments::Plot& p, ImVec2 size) {
    if (p.series.empty() || p.series.back().x.size() < 4) {
      plot::line_plot(p, size, units_of(p));
      return;
    }
    const experiments::Series& steps = p.series.back();
    const experiments::Series* density = p.series.size() > 1 ? &p.series.front() : nullptr;
    double y_max = 0.0;
    for (double y : steps.y) y_max = std::max(y_max, y);
    if (density)
      for (double y : density->y)
        if (std::isfinite(y)) y_max = std::max(y_max, y);
    const plot::AxisRange xr{steps.x.front(), steps.x.back(), false};
    const plot::AxisRange yr{0.0, y_max > 0.0 ? y_max * 1.08 : 1.0, false};
    int y_chars = 1;
    for (const auto& label : plot::tick_labels(plot::ticks(yr, 10), false))
      y_chars = std::max(y_chars, static_cast<int>(label.size()));
    const plot::AxisUnits units = units_of(p);
    plot::report_unit(p.id, "x axis " + p.x_label, units.x);
    plot::report_unit(p.id, "y axis " + p.y_label, units.y);
    plot::ChartFrame f = plot::begin_chart(p.id, p.title, size, y_chars + 1, true, units.x.title(p.x_label),
                                           units.y.title(p.y_label));
    plot::draw_y_axis(f, yr);
    plot::draw_x_axis(f, xr);
    f.draw->PushClipRect(f.area_min, f.area_max, true);
    // The bars: the step series holds (lo, 0), then each bin's two corners, then (hi, 0).
    const ImU32 fill = plot::series_colour(1, 150), edge = plot::series_colour(1);
    for (std::size_t i = 1; i + 2 < steps.x.size(); i += 2) {
      if (!(steps.y[i] > 0.0)) continue;
      const ImVec2 a = plot::to_screen(f, xr, yr, steps.x[i], steps.y[i]);
      const ImVec2 b = plot::to_screen(f, xr, yr, steps.x[i + 1], 0.0);
      f.draw->AddRectFilled(a, b, fill);
      f.draw->AddRect(a, b, edge, 0.0f, 0, 1.0f);
    }
    if (density) {
      std::vector<ImVec2> points;
      for (std::size_t i = 0; i < density->x.size(); ++i)
        if (std::isfinite(density->y[i])) points.push_back(plot::to_screen(f, xr, yr, density->x[i], density->y[i]));
      plot::draw_styled_polyline(f.draw, points.data(), static_cast<int>(points.size()), plot::series_colour(0),
                                 2.5f * plot::line_scale(), plot::series_dash(0));
    }
    f.draw->PopClipRect();
    if (!f.hovered) return;
    // The read-out: the bin under the mouse, its people and the density there.
    const double u = (ImGui::GetIO().MousePos.x - f.area_min.x) / std::max(1.0f, f.area_max.x - f.area_min.x);
    const double x = xr.lo + u * (xr.hi - xr.lo);
    for (std::size_t i = 1; i + 2 < steps.x.size(); i += 2)
      if (x >= steps.x[i] && x < steps.x[i + 1]) {
        ImGui::BeginTooltip();
        ImGui::Text("%s to %s: people's means at density %s", plot::format_value(steps.x[i]).c_str(),
                    plot::format_value(steps.x[i + 1]).c_str(), plot::format_value(steps.y[i]).c_str());
        if (density) {
          const std::size_t k = static_cast<std::size_t>(
              std::clamp(u, 0.0, 1.0) * static_cast<double>(density->x.size() - 1) + 0.5);
          ImGui::Text("population density at %s: %s", plot::format_value(density->x[k]).c_str(),
                      plot::format_value(density->y[k]).c_str());
        }
        ImGui::EndTooltip();
        break;
      }
  }

  // Cards, then the coefficient's and its WTP's views, then the fit and the estimates.
  void draw_mixed(const experiments::Observables& obs, const std::string& coef) {
    const std::string id = "taste." + coef;
    // A narrow panel (a projector's font) shows one view at a time under tabs, the cards among them.
    const bool narrow = ImGui::GetContentRegionAvail().x < ImGui::GetFontSize() * 36.0f;
    // The sds are in the coefficient's unit (utility per unit of its attribute), the shares probabilities.
    std::vector<Card> cards;
    const std::pair<const char*, const char*> shown[] = {{".sd", "population sd"},
                                                         {".people_sd", "sd of people's means"},
                                                         {".share_positive", "share above 0"}};
    for (const auto& [suffix, label] : shown)
      if (const experiments::Number* n = find_number(obs, id + suffix)) {
        const bool share = std::string(suffix) == ".share_positive";
        cards.push_back({*n, share ? plot::Unit::probability() : declared_unit(*n, plot::Unit::of("utility per unit"))});
        cards.back().number.label = label;
      }
    const experiments::Plot* wtp = nullptr;
    for (const auto& p : obs.plots)
      if (p.id.rfind("wtp.", 0) == 0) {
        wtp = &p;
        if (const experiments::Number* n = find_number(obs, p.id + ".people_positive")) {
          cards.push_back({*n, plot::Unit::probability()});
          cards.back().number.label = "people with WTP > 0";
        }
        break;
      }
    const auto header = [&] {
      ImGui::Text("%s coefficient (%s)", coef.c_str(),
                  coef.rfind("asc.", 0) == 0 ? "utility" : ("utility per unit of " + coef).c_str());
      draw_number_cards(cards);
    };
    if (!narrow) header();

    const experiments::Plot* taste = find_plot(obs, id);
    const experiments::Plot* fit = find_plot(obs, "fit");
    const experiments::Bars* estimates = find_bars(obs, "estimates");
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const ImVec2 sp = ImGui::GetStyle().ItemSpacing;
    const float min_h = min_chart_height(ImGui::GetTextLineHeight());
    if (narrow) {
      if (!ImGui::BeginTabBar("taste_views_narrow")) return;
      const auto tab = [&](const char* name, const auto& draw) {
        if (!ImGui::BeginTabItem(name)) return;
        draw(ImVec2(avail.x, std::max(min_h, ImGui::GetContentRegionAvail().y)));
        ImGui::EndTabItem();
      };
      const auto line = [&](const experiments::Plot& p, ImVec2 size) {
        draw_histogram(p, ImVec2(size.x, std::max(size.y, histogram_height_with_legend(p, size.x, min_h))));
      };
      if (taste) tab(coef.c_str(), [&](ImVec2 size) { line(relabelled(*taste, coef), size); });
      if (wtp) tab("WTP", [&](ImVec2 size) { line(*wtp, size); });
      if (ImGui::BeginTabItem("Numbers")) {
        header();
        ImGui::EndTabItem();
      }
      if (fit) tab("Fit", [&](ImVec2 size) { plot::line_plot(*fit, size, units_of(*fit)); });
      if (estimates) tab("Estimates", [&](ImVec2 size) { plot::bar_chart(*estimates, size, estimates_unit()); });
      ImGui::EndTabBar();
      return;
    }
    const float half = std::floor((avail.x - sp.x) * 0.5f);
    const float top_w = wtp ? half : avail.x;
    float legend_h = 0.0f;
    for (const experiments::Plot* p : {taste, wtp})
      if (p) legend_h = std::max(legend_h, histogram_height_with_legend(*p, top_w, 0.0f));
    const auto tastes = [&](float h) {
      if (taste) draw_histogram(relabelled(*taste, coef), ImVec2(top_w, h));
      if (wtp) {
        ImGui::SameLine();
        draw_histogram(*wtp, ImVec2(avail.x - half - sp.x, h));
      }
    };
    const auto the_fit = [&](float h) {
      if (fit) {
        plot::line_plot(*fit, ImVec2(estimates ? half : avail.x, h), units_of(*fit));
        if (estimates) ImGui::SameLine();
      }
      if (estimates) plot::bar_chart(*estimates, ImVec2(fit ? avail.x - half - sp.x : avail.x, h), estimates_unit());
    };
    if (avail.y >= 2.0f * min_h + legend_h + sp.y) {
      // Room for both rows: the tastes over the fit.
      const std::vector<float> rows = row_heights(avail.y - legend_h, sp.y, {3.0f, 2.0f}, min_h);
      tastes(rows[0] + legend_h);
      the_fit(rows[1]);
      return;
    }
    // Else one at a time, under two tabs (the tastes first).
    if (!ImGui::BeginTabBar("taste_views")) return;
    if (ImGui::BeginTabItem("Tastes")) {
      tastes(std::max(min_h + legend_h, ImGui::GetContentRegionAvail().y));
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("The fit")) {
      the_fit(std::max(min_h, ImGui::GetContentRegionAvail().y));
      ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
  }

  // The taste plot with a title a lecture reads.
  static experiments::Plot relabelled(const experiments::Plot& p, const std::string& coef) {
    experiments::Plot out = p;
    std::string dist;
    if (!p.series.empty() && p.series.size() > 1) {
      const std::string& name = p.series.front().name;
      if (const auto open = name.find('('); open != std::string::npos) dist = name.substr(open);
    }
    out.title = "Tastes for " + coef + ": population " + dist + " and people's conditional means";
    return out;
  }

  // Class shares and each class's coefficients; then the fit and each class's WTP.
  void draw_latent(const experiments::Observables& obs) {
    std::vector<Card> cards;
    for (const auto& n : obs.numbers)
      if (n.id.rfind("class_share.", 0) == 0) cards.push_back({n, plot::Unit::probability()});
    draw_number_cards(cards);
    const experiments::Bars* shares = find_bars(obs, "class_shares");
    const experiments::Bars* coefficients = find_bars(obs, "class_coefficients");
    const experiments::Bars* wtp = find_bars(obs, "class_wtp");
    const experiments::Plot* fit = find_plot(obs, "fit");
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const ImVec2 sp = ImGui::GetStyle().ItemSpacing;
    const float min_h = min_chart_height(ImGui::GetTextLineHeight());
    if (avail.x < ImGui::GetFontSize() * 36.0f) {
      // A narrow panel: one view at a time under tabs.
      if (!ImGui::BeginTabBar("class_views_narrow")) return;
      const auto tab = [&](const char* name, const experiments::Bars* bars) {
        if (bars == nullptr || !ImGui::BeginTabItem(name)) return;
        plot::bar_chart(*bars, ImVec2(avail.x, std::max(min_h, ImGui::GetContentRegionAvail().y)), bar_unit(*bars));
        ImGui::EndTabItem();
      };
      tab("Shares", shares);
      tab("Coefficients", coefficients);
      tab("WTP", wtp);
      if (fit && ImGui::BeginTabItem("Fit")) {
        plot::line_plot(*fit, ImVec2(avail.x, std::max(min_h, ImGui::GetContentRegionAvail().y)), units_of(*fit));
        ImGui::EndTabItem();
      }
      ImGui::EndTabBar();
      return;
    }
    const std::vector<float> rows = row_heights(avail.y, sp.y, {3.0f, 2.0f}, min_h);
    const float left = std::floor((avail.x - sp.x) * 0.35f);
    if (shares) plot::bar_chart(*shares, ImVec2(left, rows[0]), bar_unit(*shares));
    ImGui::SameLine();
    if (coefficients) plot::bar_chart(*coefficients, ImVec2(avail.x - left - sp.x, rows[0]), bar_unit(*coefficients));
    const float half = std::floor((avail.x - sp.x) * 0.5f);
    if (fit) {
      plot::line_plot(*fit, ImVec2(wtp ? half : avail.x, rows[1]), units_of(*fit));
      if (wtp) ImGui::SameLine();
    }
    if (wtp) plot::bar_chart(*wtp, ImVec2(fit ? avail.x - half - sp.x : avail.x, rows[1]), bar_unit(*wtp));
  }

  int stepped_frame_ = -1;
  std::string selected_;
  json stash_ = json::object();  // the mixed logit's keys while latent classes are shown
};

const RegisterLab registration{{"Tastes", 45, []() -> std::unique_ptr<Lab> {
                                  if (!kind_registered("econ.estimate")) return nullptr;
                                  return std::make_unique<TasteLab>();
                                }}};

}  // namespace
}  // namespace arbiter::gui
